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
import type { AssignRequest, CallStats, CloudSession, CloudSettings, MoreFacts } from "./types";

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

  /**
   * Facts for these ENIs. Everything the answer relies on is collected into a view local to this
   * call (records, vSwitches, memberships) and the answer is assembled from that view only: a
   * mutation of ours may invalidate the shared cache while this call awaits a read, and assembling
   * from the cache would then silently drop a vSwitch (its CIDR rules skipped) or undercount a
   * group's usage (found by the chaos soak).
   */
  async function gather(eniIds: readonly string[], more: MoreFacts = {}): Promise<AccountFacts> {
    const region = regionId();
    const ids = [...new Set(eniIds)];
    const view = new Map<string, EniFacts>();
    // 0. Instances asked for by id (a plan's attachments and instance updates): their primary ENIs
    //    join the ENIs below.
    const askedInstances = [...new Set(more.instanceIds ?? [])];
    const unseenAsked = askedInstances.filter((id) => !cache.instances.has(id) && !cache.missingInstances.has(id));
    if (unseenAsked.length > 0) {
      const found = await describeInstancesById(read, region, unseenAsked);
      putInstances(found);
      for (const id of unseenAsked) if (!cache.instances.has(id)) cache.missingInstances.add(id);
    }
    if (askedInstances.length > 0) {
      const asked = new Set(askedInstances);
      const known = new Set(ids);
      for (const e of cache.enis.values()) {
        if (e.type === "Primary" && e.instanceId !== undefined && asked.has(e.instanceId) && !known.has(e.networkInterfaceId)) ids.push(e.networkInterfaceId);
      }
    }
    const remember = (e: EniFacts): EniFacts => {
      view.set(e.networkInterfaceId, e);
      return e;
    };
    /** A cached listing is usable only while every member's record is still cached. */
    const cachedMembers = (members: ReadonlySet<string> | undefined): ReadonlySet<string> | undefined => {
      if (members === undefined) return undefined;
      const records = [...members].map((id) => cache.enis.get(id));
      if (records.some((r) => r === undefined)) return undefined;
      for (const r of records) remember(r!);
      return members;
    };

    // 1. The ENIs themselves: only ids no listing has shown us yet.
    const unknown: string[] = [];
    for (const id of ids) {
      const cached = cache.enis.get(id);
      if (cached !== undefined) remember(cached);
      else if (!cache.missingEnis.has(id)) unknown.push(id);
    }
    if (unknown.length > 0) {
      const found = await describeEnisById(read, region, unknown);
      for (const e of found) remember(cache.putEni(e));
      for (const id of unknown) if (!view.has(id)) cache.missingEnis.add(id);
    }
    const enis = ids.map((id) => view.get(id)).filter((e): e is EniFacts => e !== undefined);

    // 2. vSwitches: CIDR and available count, and every ENI in them (in-use addresses).
    const vSwitchIds = [...new Set([...enis.map((e) => e.vSwitchId), ...(more.vSwitchIds ?? [])].filter((v) => v !== ""))];
    const vSwitchFacts = new Map<string, VSwitchFacts | null>();
    const vSwitchMembers = new Map<string, ReadonlySet<string>>();
    await Promise.all(
      vSwitchIds.map(async (vsw) => {
        let facts = cache.vSwitches.get(vsw);
        if (facts === undefined) {
          facts = (await describeVSwitch(read, region, vsw)) ?? null;
          cache.vSwitches.set(vsw, facts);
        }
        vSwitchFacts.set(vsw, facts);
        let members = cachedMembers(cache.vSwitchMembers.get(vsw));
        if (members === undefined) {
          const listed = await listEnis(read, region, { vSwitchId: vsw });
          for (const e of listed) remember(cache.putEni(e));
          const fresh = new Set(listed.map((e) => e.networkInterfaceId));
          cache.vSwitchMembers.set(vsw, fresh);
          members = fresh;
        }
        vSwitchMembers.set(vsw, members);
      }),
    );

    // 3. Security groups: type, and usage over secondary ENIs (DescribeNetworkInterfaces by group)
    //    plus primary ENIs (DescribeInstances by group); an ENI seen both ways counts once.
    const groupIds = [...new Set([...enis.flatMap((e) => e.securityGroupIds), ...(more.securityGroupIds ?? [])])];
    const untyped = groupIds.filter((sg) => !cache.groupTypes.has(sg));
    const groupTypes = new Map<string, string | null>();
    for (const sg of groupIds) if (cache.groupTypes.has(sg)) groupTypes.set(sg, cache.groupTypes.get(sg) ?? null);
    if (untyped.length > 0) {
      const found = await describeSecurityGroups(read, region, untyped);
      for (const g of found) {
        cache.groupTypes.set(g.securityGroupId, g.securityGroupType);
        groupTypes.set(g.securityGroupId, g.securityGroupType);
      }
      for (const sg of untyped) {
        if (!groupTypes.has(sg)) {
          cache.groupTypes.set(sg, null);
          groupTypes.set(sg, null);
        }
      }
    }
    const groupMembers = new Map<string, ReadonlySet<string>>();
    await Promise.all(
      groupIds.map(async (sg) => {
        // Advanced groups count ENIs, not addresses: no IP usage to compute.
        if (groupTypes.get(sg) !== "normal") return;
        let secondary = cachedMembers(cache.groupSecondaryMembers.get(sg));
        if (secondary === undefined) {
          const listed = await listEnis(read, region, { securityGroupId: sg });
          for (const e of listed) remember(cache.putEni(e));
          const fresh = new Set(listed.map((e) => e.networkInterfaceId));
          cache.groupSecondaryMembers.set(sg, fresh);
          secondary = fresh;
        }
        let primary = cachedMembers(cache.groupPrimaryMembers.get(sg));
        if (primary === undefined) {
          const found = await listInstancesBySecurityGroup(read, region, sg);
          putInstances(found);
          for (const m of found) if (m.primaryEni !== undefined) remember(cache.enis.get(m.primaryEni.networkInterfaceId) ?? m.primaryEni);
          const fresh = new Set(found.flatMap((m) => (m.primaryEni === undefined ? [] : [m.primaryEni.networkInterfaceId])));
          cache.groupPrimaryMembers.set(sg, fresh);
          primary = fresh;
        }
        groupMembers.set(sg, new Set([...secondary, ...primary]));
      }),
    );

    // 4. Instances of bound ENIs (often already seen in a group listing), then their types.
    const instanceIds = [...new Set([...enis.flatMap((e) => (e.instanceId === undefined ? [] : [e.instanceId])), ...askedInstances])];
    const instanceView = new Map<string, InstanceFacts>();
    const unseenInstances: string[] = [];
    for (const id of instanceIds) {
      const cached = cache.instances.get(id);
      if (cached !== undefined) instanceView.set(id, cached);
      else if (!cache.missingInstances.has(id)) unseenInstances.push(id);
    }
    if (unseenInstances.length > 0) {
      const found = await describeInstancesById(read, region, unseenInstances);
      putInstances(found);
      for (const m of found) instanceView.set(m.instance.instanceId, m.instance);
      for (const id of unseenInstances) if (!instanceView.has(id)) cache.missingInstances.add(id);
    }
    const instances = instanceIds.map((id) => instanceView.get(id)).filter((i): i is InstanceFacts => i !== undefined);
    const typeIds = [...new Set([...instances.map((i) => i.instanceType), ...(more.instanceTypeIds ?? [])].filter((t) => t !== ""))];
    const typeView = new Map<string, InstanceTypeFacts | null>();
    for (const t of typeIds) if (cache.instanceTypes.has(t)) typeView.set(t, cache.instanceTypes.get(t) ?? null);
    const untypedInstances = typeIds.filter((t) => !typeView.has(t));
    if (untypedInstances.length > 0) {
      const found = await describeInstanceTypes(read, region, untypedInstances);
      for (const t of found) {
        cache.instanceTypes.set(t.instanceTypeId, t);
        typeView.set(t.instanceTypeId, t);
      }
      for (const t of untypedInstances) {
        if (!typeView.has(t)) {
          cache.instanceTypes.set(t, null);
          typeView.set(t, null);
        }
      }
    }

    // 5. Assemble from the view: the requested ENIs plus every ENI of their vSwitches.
    const outEnis = new Map<string, EniFacts>();
    for (const e of enis) outEnis.set(e.networkInterfaceId, view.get(e.networkInterfaceId) ?? e);
    for (const vsw of vSwitchIds) {
      for (const id of vSwitchMembers.get(vsw) ?? []) {
        const e = view.get(id);
        if (e !== undefined && !outEnis.has(id)) outEnis.set(id, e);
      }
    }
    const vSwitches = vSwitchIds.map((v) => vSwitchFacts.get(v)).filter((v): v is VSwitchFacts => v !== undefined && v !== null);
    const instanceTypes = typeIds.map((t) => typeView.get(t)).filter((t): t is InstanceTypeFacts => t !== undefined && t !== null);
    const securityGroups: SecurityGroupFacts[] = [];
    for (const sg of groupIds) {
      const type = groupTypes.get(sg);
      if (type === undefined || type === null) continue;
      const members = groupMembers.get(sg);
      let usage: number | undefined;
      if (members !== undefined) {
        usage = 0;
        for (const id of members) usage += view.get(id)?.privateIpAddresses.length ?? 0;
      }
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
    gatherFacts: (networkInterfaceIds, more) => serialised(() => gather(networkInterfaceIds, more)),
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
