// A cloud session: settings and credentials read at call time, every API call counted, reads batched
// and cached for the session, mutations paced under throttling (one budget per session, i.e. per
// region in a provider process) and serialised per ENI with retries and read-back. Sessions are
// cheap; one per preview/CLI run (or per provider call) is the intended use. The returned object
// holds no data of its own (everything lives in this closure), so serialising it shows nothing.
// The cache is this module's alone: a mutation of ours drops what it made stale (after a success only
// the ENI's record and its vSwitch's count; otherwise its listings too), a caller that needs fresh
// facts says so (`fresh`), and no caller invalidates by hand.
import type { AccountFacts, EniFacts } from "../core/types";
import { createSdkClients, type ClientOptions, type SdkClients } from "./clients";
import { AgentStatusCache, describeAgents, runGuestScript, type CloudAssistantDeps, type PollOptions } from "./cloud-assistant";
import { createCallTimeCredential } from "./credentials";
import { describeEnisById, listRegionEnis, type ReadCall } from "./describe";
import { CloudApiError, CloudTransportError, isThrottling } from "./errors";
import { FactsGather } from "./gather";
import { assignIpv4Prefixes, assignPrivateIpAddresses, unassignIpv4Prefixes, unassignPrivateIpAddresses, type MutationDeps } from "./mutations";
import { MutationPacer, pacedCall, type PacerOptions } from "./pacer";
import { DEFAULT_FRESH_LISTING_MAX_AGE_MS, ReadCache } from "./read-cache";
import { realRuntime, withRetries, type RetryOptions, type RetryRuntime } from "./retry";
import { SerialQueue } from "./serial-queue";
import { readCloudSettings } from "./settings";
import { createSdkTransport, MUTATION_ACTIONS, type Transport } from "./transport";
import type { CallStats, CloudSession, CloudSettings, GatherOptions } from "./types";

export interface CloudSessionOptions {
  /** Default: process.env, read at call time. */
  readonly env?: NodeJS.ProcessEnv | undefined;
  /** Wins over ALIBABA_CLOUD_REGION_ID. */
  readonly regionId?: string | undefined;
  readonly retry?: RetryOptions | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly random?: (() => number) | undefined;
  /** Default Date.now; the retry loop's total-time bound and the stale-read window read it. */
  readonly now?: (() => number) | undefined;
  /** How long what the API told us about our own assign/unassign corrects lagging reads of the ENI,
   *  at most (a read that agrees ends it sooner). Default 120 000 ms; 0 turns the correction off. */
  readonly staleReadWindowMs?: number | undefined;
  /** How old a vSwitch's or group's listing may be for a gather asking for `fresh` facts (older
   *  ones are listed again). Default 5 000 ms; 0 lists them for every such gather. */
  readonly freshListingMaxAgeMs?: number | undefined;
  /** Replaces the SDK (unit tests); gets one request per call, wire-shaped. */
  readonly transport?: Transport | undefined;
  readonly timeouts?: ClientOptions | undefined;
  /** Reads before concluding "absent" after an ambiguous mutation failure. Default 3. */
  readonly readBackAttempts?: number | undefined;
  /** First wait between those reads (doubling). Default 250 ms. */
  readonly readBackDelayMs?: number | undefined;
  /** How mutations are paced under throttling (pacer.ts); false sends them unpaced. */
  readonly pacing?: PacerOptions | false | undefined;
  /** How a Cloud Assistant script's outcome is polled (cloud-assistant.ts DEFAULT_POLL). */
  readonly guestPoll?: PollOptions | undefined;
}

/**
 * The session's API calls. Settings and clients are made on first use, so a missing region fails the
 * first call with a CloudConfigError rather than the constructor of an object a provider may build
 * eagerly; every call is counted.
 */
function countedCalls(options: CloudSessionOptions, env: NodeJS.ProcessEnv): { call: Transport; regionId: () => string; stats: () => CallStats } {
  const counts = new Map<string, number>();
  const failures = new Map<string, number>();
  let reads = 0;
  let mutations = 0;
  let throttled = 0;
  let settings: CloudSettings | undefined;
  let clients: SdkClients | undefined;
  const currentSettings = (): CloudSettings => (settings ??= readCloudSettings({ env, regionId: options.regionId }));
  const transport: Transport =
    options.transport ?? createSdkTransport(() => (clients ??= createSdkClients(currentSettings(), createCallTimeCredential(env), options.timeouts)));
  return {
    call: (action, request) => {
      counts.set(action, (counts.get(action) ?? 0) + 1);
      if (MUTATION_ACTIONS.has(action)) mutations++;
      else reads++;
      return transport(action, request).catch((error: unknown) => {
        const code = error instanceof CloudApiError || error instanceof CloudTransportError ? error.code : "other";
        failures.set(code, (failures.get(code) ?? 0) + 1);
        if (isThrottling(error)) throttled++;
        throw error;
      });
    },
    regionId: () => currentSettings().regionId,
    stats: () => ({ reads, mutations, byAction: Object.fromEntries(counts), throttled, byError: Object.fromEntries(failures) }),
  };
}

/** The session's clock, sleep and randomness: the real ones unless a test passes its own. */
function runtimeOf(options: CloudSessionOptions): RetryRuntime {
  return { sleep: options.sleep ?? realRuntime.sleep, random: options.random ?? realRuntime.random, now: options.now ?? realRuntime.now };
}

/**
 * Prefix outcomes do not correct lagging reads (the overlay is about addresses): a prefix mutation
 * only drops the cached reads it made stale, and its own read-back settles ambiguity.
 */
function forPrefixes(deps: MutationDeps): MutationDeps {
  return { ...deps, onAssigned: () => undefined, onAssignStart: undefined, onUnassigned: () => undefined };
}

/** How the read cache follows our mutations: their outcomes correct lagging reads, and what they moved is dropped. */
function cacheFollows(cache: ReadCache): Pick<MutationDeps, "onAssigned" | "onAssignStart" | "onUnassigned" | "onSettled"> {
  return {
    onAssigned: (eniId, addresses) => cache.recordAssigned(eniId, addresses),
    onAssignStart: (eniId, addresses) => cache.forget(eniId, addresses),
    onUnassigned: (eniId, addresses) => cache.recordUnassigned(eniId, addresses),
    // Succeeded: only the ENI's record and its vSwitch's count moved (membership of vSwitches and
    // groups does not move with addresses). Failed or undecided: the account may differ from what
    // the cache shows in ways we cannot tell (an address taken, a quota hit), so the ENI, its vSwitch
    // and its groups are read afresh.
    onSettled: (eniId, succeeded) => (succeeded ? cache.dropAddressesOf(eniId) : cache.invalidate(eniId)),
  };
}

export function createCloudSession(options: CloudSessionOptions = {}): CloudSession {
  const env = options.env ?? process.env;
  const runtime = runtimeOf(options);
  const cache = new ReadCache({ now: runtime.now, staleReadWindowMs: options.staleReadWindowMs });
  const freshListingMaxAgeMs = Math.max(0, options.freshListingMaxAgeMs ?? DEFAULT_FRESH_LISTING_MAX_AGE_MS);
  const { call: counted, regionId, stats } = countedCalls(options, env);
  const read: ReadCall = (action, request) => withRetries(() => counted(action, request), { retry: options.retry, runtime });

  const freshEni = async (eniId: string): Promise<EniFacts | undefined> => {
    const [record] = await describeEnisById(read, regionId(), [eniId]);
    if (record === undefined) {
      cache.markEniMissing(eniId);
      return undefined;
    }
    return cache.putEni(record);
  };

  // One budget for every mutation of the session, i.e. of the region in a provider process.
  const mutate = options.pacing === false ? counted : pacedCall(new MutationPacer(runtime, options.pacing), counted);
  const mutationDeps = (): MutationDeps => ({
    regionId: regionId(),
    call: (action, request) => mutate(action, request),
    readEni: freshEni,
    retry: options.retry,
    runtime,
    readBackAttempts: options.readBackAttempts,
    readBackDelayMs: options.readBackDelayMs,
    ...cacheFollows(cache),
  });

  async function listRegion(): Promise<string[]> {
    let members = cache.regionListing();
    if (members === undefined) {
      const found = await listRegionEnis(read, regionId());
      for (const e of found) cache.putEni(e);
      members = new Set(found.map((e) => e.networkInterfaceId));
      cache.putRegionListing(members);
    }
    return [...members].sort();
  }

  async function gather(networkInterfaceIds: readonly string[], options: GatherOptions | undefined): Promise<AccountFacts> {
    const fresh = options?.fresh ?? [];
    for (const id of fresh) cache.dropAddressesOf(id);
    return new FactsGather(cache, read, regionId(), fresh.length > 0 ? freshListingMaxAgeMs : Infinity).run(networkInterfaceIds, options);
  }

  const agents = new AgentStatusCache(runtime.now);
  const assistant = (): CloudAssistantDeps => ({
    regionId: regionId(),
    runCommand: (request) => counted("RunCommand", request),
    read,
    retry: options.retry,
    runtime,
    poll: options.guestPoll,
  });

  // Gathering and listing are serialised within the session so concurrent callers share one set of
  // listings (and a region listing's records) instead of each reading them.
  const readQueue = new SerialQueue();
  const session: CloudSession = {
    gatherFacts: (networkInterfaceIds, options) => readQueue.run("", () => gather(networkInterfaceIds, options)),
    listNetworkInterfaceIds: () => readQueue.run("", listRegion),
    describeEni: (networkInterfaceId) => {
      cache.invalidate(networkInterfaceId);
      return freshEni(networkInterfaceId);
    },
    assignPrivateIpAddresses: (networkInterfaceId, request) => assignPrivateIpAddresses(mutationDeps(), networkInterfaceId, request),
    unassignPrivateIpAddresses: (networkInterfaceId, addresses) => unassignPrivateIpAddresses(mutationDeps(), networkInterfaceId, addresses),
    assignIpv4Prefixes: (networkInterfaceId, request) => assignIpv4Prefixes(forPrefixes(mutationDeps()), networkInterfaceId, request),
    unassignIpv4Prefixes: (networkInterfaceId, prefixes) => unassignIpv4Prefixes(forPrefixes(mutationDeps()), networkInterfaceId, prefixes),
    runGuestScript: (request) => runGuestScript(assistant(), request),
    cloudAssistantStatus: (instanceIds, opts) => agents.read((ids) => describeAgents(read, regionId(), ids), instanceIds, opts?.fresh === true),
    stats,
  };
  return session;
}

export type { CallStats };
