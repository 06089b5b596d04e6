// A cloud session: settings and credentials read at call time, every API call counted, reads batched
// and cached for the session, mutations serialised per ENI with retries and read-back. Sessions are
// cheap; one per preview/CLI run (or per provider call) is the intended use. The returned object
// holds no data of its own (everything lives in this closure), so serialising it shows nothing.
import type { AccountFacts, EniFacts, InstanceFacts, InstanceTypeFacts, SecurityGroupFacts, VSwitchFacts } from "../core/types";
import { createSdkClients, type ClientOptions, type SdkClients } from "./clients";
import { createCallTimeCredential } from "./credentials";
import {
  describeEnisById,
  describeInstancesById,
  describeInstanceTypes,
  describeSecurityGroups,
  describeVSwitch,
  listEnis,
  listInstancesBySecurityGroup,
  listRegionEnis,
  type ReadCall,
} from "./describe";
import type { MappedInstance } from "./mapping";
import { assignPrivateIpAddresses, unassignPrivateIpAddresses, type MutationDeps } from "./mutations";
import { ReadCache } from "./read-cache";
import { realRuntime, withRetries, type RetryOptions, type RetryRuntime } from "./retry";
import { readCloudSettings } from "./settings";
import { createSdkTransport, MUTATION_ACTIONS, type Transport } from "./transport";
import type { AssignRequest, CallStats, CloudSession, CloudSettings } from "./types";

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
  /** Replaces the SDK (unit tests); gets one request per call, wire-shaped. */
  readonly transport?: Transport | undefined;
  readonly timeouts?: ClientOptions | undefined;
  /** Reads before concluding "absent" after an ambiguous mutation failure. Default 3. */
  readonly readBackAttempts?: number | undefined;
  /** First wait between those reads (doubling). Default 250 ms. */
  readonly readBackDelayMs?: number | undefined;
}

export function createCloudSession(options: CloudSessionOptions = {}): CloudSession {
  const env = options.env ?? process.env;
  const runtime: RetryRuntime = {
    sleep: options.sleep ?? realRuntime.sleep,
    random: options.random ?? realRuntime.random,
    now: options.now ?? realRuntime.now,
  };
  const counts = new Map<string, number>();
  let reads = 0;
  let mutations = 0;
  const cache = new ReadCache({ now: runtime.now, staleReadWindowMs: options.staleReadWindowMs });

  // Settings and clients are made on first use, so a missing region fails the first call with a
  // CloudConfigError rather than the constructor of an object a provider may build eagerly.
  let settings: CloudSettings | undefined;
  let clients: SdkClients | undefined;
  const currentSettings = (): CloudSettings => (settings ??= readCloudSettings({ env, regionId: options.regionId }));
  const regionId = (): string => currentSettings().regionId;
  const sdkTransport = createSdkTransport(() => (clients ??= createSdkClients(currentSettings(), createCallTimeCredential(env), options.timeouts)));
  const transport: Transport = options.transport ?? sdkTransport;

  const counted: Transport = (action, request) => {
    counts.set(action, (counts.get(action) ?? 0) + 1);
    if (MUTATION_ACTIONS.has(action)) mutations++;
    else reads++;
    return transport(action, request);
  };
  const read: ReadCall = (action, request) => withRetries(() => counted(action, request), { retry: options.retry, runtime });

  const freshEni = async (eniId: string): Promise<EniFacts | undefined> => {
    const [record] = await describeEnisById(read, regionId(), [eniId]);
    if (record === undefined) {
      cache.missingEnis.add(eniId);
      return undefined;
    }
    return cache.putEni(record);
  };

  const mutationDeps = (): MutationDeps => ({
    regionId: regionId(),
    call: (action, request) => counted(action, request),
    readEni: freshEni,
    retry: options.retry,
    runtime,
    readBackAttempts: options.readBackAttempts,
    readBackDelayMs: options.readBackDelayMs,
    onAssigned: (eniId, addresses) => {
      cache.recordAssigned(eniId, addresses);
      cache.invalidate(eniId);
    },
    onAssignStart: (eniId, addresses) => cache.forget(eniId, addresses),
    onUnassigned: (eniId, addresses) => {
      cache.recordUnassigned(eniId, addresses);
      cache.invalidate(eniId);
    },
  });

  const putInstances = (found: readonly MappedInstance[]): void => {
    for (const m of found) {
      cache.instances.set(m.instance.instanceId, m.instance);
      cache.missingInstances.delete(m.instance.instanceId);
      if (m.primaryEni !== undefined) cache.putDerivedEni(m.primaryEni);
    }
  };

  async function gather(eniIds: readonly string[]): Promise<AccountFacts> {
    const region = regionId();
    const ids = [...new Set(eniIds)];

    // 1. The ENIs themselves: only ids no listing has shown us yet.
    const unknown = ids.filter((id) => !cache.enis.has(id) && !cache.missingEnis.has(id));
    if (unknown.length > 0) {
      const found = await describeEnisById(read, region, unknown);
      for (const e of found) cache.putEni(e);
      for (const id of unknown) if (!cache.enis.has(id)) cache.missingEnis.add(id);
    }
    const enis = ids.map((id) => cache.enis.get(id)).filter((e): e is EniFacts => e !== undefined);

    // 2. vSwitches: CIDR and available count, and every ENI in them (in-use addresses).
    const vSwitchIds = [...new Set(enis.map((e) => e.vSwitchId).filter((v) => v !== ""))];
    await Promise.all(
      vSwitchIds.map(async (vsw) => {
        if (!cache.vSwitches.has(vsw)) cache.vSwitches.set(vsw, (await describeVSwitch(read, region, vsw)) ?? null);
        if (!cache.vSwitchMembers.has(vsw)) {
          const members = await listEnis(read, region, { vSwitchId: vsw });
          for (const e of members) cache.putEni(e);
          cache.vSwitchMembers.set(vsw, new Set(members.map((e) => e.networkInterfaceId)));
        }
      }),
    );

    // 3. Security groups: type, and usage over secondary ENIs (DescribeNetworkInterfaces by group)
    //    plus primary ENIs (DescribeInstances by group); an ENI seen both ways counts once.
    const groupIds = [...new Set(enis.flatMap((e) => e.securityGroupIds))];
    const untyped = groupIds.filter((sg) => !cache.groupTypes.has(sg));
    if (untyped.length > 0) {
      const found = await describeSecurityGroups(read, region, untyped);
      for (const g of found) cache.groupTypes.set(g.securityGroupId, g.securityGroupType);
      for (const sg of untyped) if (!cache.groupTypes.has(sg)) cache.groupTypes.set(sg, null);
    }
    await Promise.all(
      groupIds.map(async (sg) => {
        // Advanced groups count ENIs, not addresses: no IP usage to compute.
        if (cache.groupTypes.get(sg) !== "normal") return;
        if (!cache.groupSecondaryMembers.has(sg)) {
          const members = await listEnis(read, region, { securityGroupId: sg });
          for (const e of members) cache.putEni(e);
          cache.groupSecondaryMembers.set(sg, new Set(members.map((e) => e.networkInterfaceId)));
        }
        if (!cache.groupPrimaryMembers.has(sg)) {
          const found = await listInstancesBySecurityGroup(read, region, sg);
          putInstances(found);
          cache.groupPrimaryMembers.set(sg, new Set(found.flatMap((m) => (m.primaryEni === undefined ? [] : [m.primaryEni.networkInterfaceId]))));
        }
      }),
    );

    // 4. Instances of bound ENIs (often already seen in a group listing), then their types.
    const instanceIds = [...new Set(enis.flatMap((e) => (e.instanceId === undefined ? [] : [e.instanceId])))];
    const unseenInstances = instanceIds.filter((id) => !cache.instances.has(id) && !cache.missingInstances.has(id));
    if (unseenInstances.length > 0) {
      putInstances(await describeInstancesById(read, region, unseenInstances));
      for (const id of unseenInstances) if (!cache.instances.has(id)) cache.missingInstances.add(id);
    }
    const instances = instanceIds.map((id) => cache.instances.get(id)).filter((i): i is InstanceFacts => i !== undefined);
    const typeIds = [...new Set(instances.map((i) => i.instanceType).filter((t) => t !== ""))];
    const untypedInstances = typeIds.filter((t) => !cache.instanceTypes.has(t));
    if (untypedInstances.length > 0) {
      const found = await describeInstanceTypes(read, region, untypedInstances);
      for (const t of found) cache.instanceTypes.set(t.instanceTypeId, t);
      for (const t of untypedInstances) if (!cache.instanceTypes.has(t)) cache.instanceTypes.set(t, null);
    }

    // 5. Assemble: the requested ENIs plus every ENI of their vSwitches.
    const outEnis = new Map<string, EniFacts>();
    for (const e of enis) outEnis.set(e.networkInterfaceId, cache.enis.get(e.networkInterfaceId) ?? e);
    for (const vsw of vSwitchIds) {
      for (const id of cache.vSwitchMembers.get(vsw) ?? []) {
        const e = cache.enis.get(id);
        if (e !== undefined && !outEnis.has(id)) outEnis.set(id, e);
      }
    }
    const vSwitches = vSwitchIds.map((v) => cache.vSwitches.get(v)).filter((v): v is VSwitchFacts => v !== undefined && v !== null);
    const instanceTypes = typeIds.map((t) => cache.instanceTypes.get(t)).filter((t): t is InstanceTypeFacts => t !== undefined && t !== null);
    const securityGroups: SecurityGroupFacts[] = [];
    for (const sg of groupIds) {
      const type = cache.groupTypes.get(sg);
      if (type === undefined || type === null) continue;
      const usage = cache.groupUsage(sg);
      securityGroups.push({ securityGroupId: sg, securityGroupType: type, ...(usage === undefined ? {} : { privateIpAddressCount: usage }) });
    }
    return { enis: [...outEnis.values()], vSwitches, instances, instanceTypes, securityGroups };
  }

  async function listRegion(): Promise<string[]> {
    if (cache.regionMembers === undefined) {
      const found = await listRegionEnis(read, regionId());
      for (const e of found) cache.putEni(e);
      cache.regionMembers = new Set(found.map((e) => e.networkInterfaceId));
    }
    return [...cache.regionMembers].sort();
  }

  // Gathering and listing are serialised within the session so concurrent callers share one set of
  // listings (and a region listing's records) instead of each reading them.
  let gatherTail: Promise<unknown> = Promise.resolve();
  const serialised = <T>(work: () => Promise<T>): Promise<T> => {
    const run = gatherTail.then(work, work);
    gatherTail = run.catch(() => undefined);
    return run;
  };
  const session: CloudSession = {
    gatherFacts: (networkInterfaceIds) => serialised(() => gather(networkInterfaceIds)),
    listNetworkInterfaceIds: () => serialised(listRegion),
    describeEni: (networkInterfaceId) => freshEni(networkInterfaceId),
    assignPrivateIpAddresses: (networkInterfaceId: string, request: AssignRequest) => assignPrivateIpAddresses(mutationDeps(), networkInterfaceId, request),
    unassignPrivateIpAddresses: (networkInterfaceId: string, addresses: readonly string[]) => unassignPrivateIpAddresses(mutationDeps(), networkInterfaceId, addresses),
    invalidate: (networkInterfaceId?: string) => cache.invalidate(networkInterfaceId),
    stats: () => ({ reads, mutations, byAction: Object.fromEntries(counts) }),
  };
  return session;
}

export type { CallStats };
