// The contract between the cloud layer and its callers (provider, CLI). Only src/cloud imports an
// Alibaba SDK; everything above it sees these shapes.
import type { AccountFacts, EniFacts } from "../core/types";
import type { AgentStatus, GuestScriptRequest, GuestScriptResult } from "./cloud-assistant";

/** Where and as whom to call. Read from the environment at call time, never stored in state. */
export interface CloudSettings {
  readonly regionId: string;
  /** Full URL (scheme included) overriding the regional ECS endpoint, e.g. http://127.0.0.1:8080. */
  readonly ecsEndpoint?: string | undefined;
  readonly vpcEndpoint?: string | undefined;
}

/** Counters a caller (bench, tests) can read: every API call the layer made, by action. */
export interface CallStats {
  readonly reads: number;
  readonly mutations: number;
  readonly byAction: Readonly<Record<string, number>>;
  /** Calls answered with a throttling code (each one also counted above). */
  readonly throttled: number;
  /** Failed calls by the API's error code (or the transport's, e.g. ECONNRESET). */
  readonly byError: Readonly<Record<string, number>>;
}

export type AssignRequest =
  | { readonly privateIpAddresses: readonly string[] }
  | { readonly secondaryPrivateIpAddressCount: number };

/** IPv4 prefixes to assign: aligned /28s ("10.0.3.64/28"), or how many for the cloud to pick (1-10). */
export type AssignPrefixesRequest = { readonly ipv4Prefixes: readonly string[] } | { readonly ipv4PrefixCount: number };

/** Facts wanted by id beyond the ENIs' own (a plan that creates ENIs and instances refers to these):
 *  gathered in the same batched reads, so asking for what the ENIs already touch costs nothing more.
 *  An instance brings its primary ENI along. */
export interface MoreFacts {
  readonly vSwitchIds?: readonly string[] | undefined;
  readonly securityGroupIds?: readonly string[] | undefined;
  readonly instanceIds?: readonly string[] | undefined;
  readonly instanceTypeIds?: readonly string[] | undefined;
}

export interface GatherOptions extends MoreFacts {
  /** ENIs a caller is about to mutate, judged on fresh facts: their records and their vSwitches'
   *  counts are read again, and listings of vSwitches and groups older than the session's
   *  `freshListingMaxAgeMs` (default 5 s) are listed again. */
  readonly fresh?: readonly string[] | undefined;
}

/**
 * One cloud session: reads are batched and cached until a mutation of ours makes them stale.
 * Mutations retry transient failures with backoff and a stable ClientToken, are serialised per ENI
 * inside the process, and after an ambiguous failure decide from a fresh read of the ENI: this layer
 * is the one place that reads an ENI back. A mutation that throws changed nothing, unless it throws
 * CloudOutcomeUnknownError, which carries the ENI as the read-back last saw it.
 */
export interface CloudSession {
  /** The facts the core needs for these ENIs: the ENIs, their vSwitches (with all ENIs in them),
   *  instances, instance types and security groups (with usage over all member ENIs). Unknown ENI
   *  ids are simply absent from the result. */
  gatherFacts(networkInterfaceIds: readonly string[], options?: GatherOptions): Promise<AccountFacts>;
  /** The ids of every ENI of the session's region (primary and secondary), sorted. The records seen
   *  on the way are cached, so gatherFacts for these ids costs no further ENI reads. */
  listNetworkInterfaceIds(): Promise<string[]>;
  /** A fresh (uncached) read of one ENI, undefined when it does not exist; the cached reads that
   *  hold it are dropped, so the next gather sees its vSwitch and groups afresh too. */
  describeEni(networkInterfaceId: string): Promise<EniFacts | undefined>;
  /** Returns the addresses now assigned by this request (read back after ambiguous failures). The
   *  list is all-or-nothing: a definite refusal assigned none of it. */
  assignPrivateIpAddresses(networkInterfaceId: string, request: AssignRequest): Promise<string[]>;
  /** Releases addresses; addresses or ENIs already gone count as released (so releasing again after
   *  a failure is always safe). */
  unassignPrivateIpAddresses(networkInterfaceId: string, addresses: readonly string[]): Promise<void>;
  /** IPv4 prefixes, with the guarantees of the address calls (tokens, retries, read-back). Returns
   *  the prefixes this request assigned. */
  assignIpv4Prefixes(networkInterfaceId: string, request: AssignPrefixesRequest): Promise<string[]>;
  /** Releases IPv4 prefixes; prefixes or ENIs already gone count as released. */
  unassignIpv4Prefixes(networkInterfaceId: string, prefixes: readonly string[]): Promise<void>;
  /** Runs a script on an instance through Cloud Assistant and waits (bounded) for how it ended;
   *  throws only when RunCommand is refused or the results cannot be read. */
  runGuestScript(request: GuestScriptRequest): Promise<GuestScriptResult>;
  /** The Cloud Assistant agents of these instances (undefined: the API does not list the instance),
   *  cached for a minute unless `fresh`. */
  cloudAssistantStatus(instanceIds: readonly string[], options?: { readonly fresh?: boolean }): Promise<Map<string, AgentStatus | undefined>>;
  stats(): CallStats;
}
