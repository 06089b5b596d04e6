// Facts for a set of ENIs, read as few times as the cache allows, in four steps (after the instances
// asked for by id, whose primary ENIs join the ENIs): the ENIs; their vSwitches with every ENI in
// them (in-use addresses); their security groups with usage over primary and secondary member ENIs;
// the instances of bound ENIs and their types. Each step also takes the ids asked for beyond the
// ENIs' own (MoreFacts: what a plan that creates ENIs and instances refers to). Everything the
// answer relies on is collected into a view local to one gather, and the answer is assembled from
// that view only: a mutation of ours may invalidate the shared cache while a gather awaits a read,
// and assembling from the cache would then silently drop a vSwitch (its CIDR rules skipped) or
// undercount a group's usage (found by the chaos soak).
import type { AccountFacts, CidrReservationFacts, EniFacts, InstanceFacts, SecurityGroupFacts, VSwitchFacts } from "../core/types";
import {
  describeEnisById,
  describeInstancesById,
  describeInstanceTypes,
  describeSecurityGroups,
  describeVSwitch,
  listEnis,
  listInstancesBySecurityGroup,
  vSwitchReservations,
  type ReadCall,
} from "./describe";
import type { MappedInstance } from "./mapping";
import type { FactKind, FactKinds, ListingKind, ReadCache } from "./read-cache";
import type { MoreFacts } from "./types";

/** Stores what DescribeInstances showed: the instances and their primary ENIs (derived records). */
function putInstances(cache: ReadCache, found: readonly MappedInstance[]): void {
  for (const m of found) {
    cache.putFact("instance", m.instance.instanceId, m.instance);
    if (m.primaryEni !== undefined) cache.putDerivedEni(m.primaryEni);
  }
}

function unique<T>(items: Iterable<T>): T[] {
  return [...new Set(items)];
}

export class FactsGather {
  /** Every ENI record this gather relies on, by id. */
  private readonly view = new Map<string, EniFacts>();

  /**
   * @param listingMaxAgeMs how old a cached listing may be to be used (Infinity: any age; a gather
   *   for fresh facts passes the session's bound).
   */
  constructor(
    private readonly cache: ReadCache,
    private readonly read: ReadCall,
    private readonly regionId: string,
    private readonly listingMaxAgeMs = Infinity,
  ) {}

  async run(eniIds: readonly string[], more: MoreFacts = {}): Promise<AccountFacts> {
    const asked = unique(more.instanceIds ?? []);
    const ids = unique([...eniIds, ...(await this.primaryEnisOf(asked))]);
    const enis = await this.readEnis(ids);
    const { vSwitches, members } = await this.readVSwitches(enis, more.vSwitchIds ?? []);
    const securityGroups = await this.readGroups(enis, more.securityGroupIds ?? []);
    const { instances, instanceTypes } = await this.readInstances(enis, asked, more.instanceTypeIds ?? []);
    // The requested ENIs, then every ENI of their vSwitches.
    const out = new Map<string, EniFacts>();
    for (const e of enis) out.set(e.networkInterfaceId, this.view.get(e.networkInterfaceId) ?? e);
    for (const id of members) {
      const e = this.view.get(id);
      if (e !== undefined && !out.has(id)) out.set(id, e);
    }
    return { enis: [...out.values()], vSwitches, instances, instanceTypes, securityGroups };
  }

  private remember(e: EniFacts): EniFacts {
    this.view.set(e.networkInterfaceId, e);
    return e;
  }

  /** Step 0: instances asked for by id, read when not cached; their primary ENIs join the ENIs. */
  private async primaryEnisOf(instanceIds: readonly string[]): Promise<string[]> {
    if (instanceIds.length === 0) return [];
    await this.lookup("instance", instanceIds, (missing) => this.describeInstances(missing));
    return this.cache.primaryEniIds(new Set(instanceIds));
  }

  /** DescribeInstances by id; what it shows of their primary ENIs is cached too. */
  private async describeInstances(ids: string[]): Promise<Array<[string, InstanceFacts]>> {
    const listed = await describeInstancesById(this.read, this.regionId, ids);
    putInstances(this.cache, listed);
    return listed.map((m) => [m.instance.instanceId, m.instance]);
  }

  /** Step 1: the ENIs themselves; only ids no listing has shown us yet are read. */
  private async readEnis(ids: readonly string[]): Promise<EniFacts[]> {
    const unknown: string[] = [];
    for (const id of ids) {
      const cached = this.cache.eni(id);
      if (cached !== undefined && cached !== null) this.remember(cached);
      else if (cached === undefined) unknown.push(id);
    }
    if (unknown.length > 0) {
      for (const e of await describeEnisById(this.read, this.regionId, unknown)) this.remember(this.cache.putEni(e));
      for (const id of unknown) if (!this.view.has(id)) this.cache.markEniMissing(id);
    }
    return ids.map((id) => this.view.get(id)).filter((e): e is EniFacts => e !== undefined);
  }

  /** Step 2: CIDR and available count of each vSwitch, and the ids of every ENI in it. */
  private async readVSwitches(enis: readonly EniFacts[], more: readonly string[]): Promise<{ vSwitches: VSwitchFacts[]; members: Set<string> }> {
    const ids = unique([...enis.map((e) => e.vSwitchId), ...more].filter((v) => v !== ""));
    const [facts, listed] = await Promise.all([
      this.vSwitchFacts(ids),
      Promise.all(ids.map((v) => this.members("vSwitch", v, () => listEnis(this.read, this.regionId, { vSwitchId: v })))),
    ]);
    const vSwitches = ids.map((v) => facts.get(v)).filter((v): v is VSwitchFacts => v !== undefined);
    return { vSwitches, members: new Set(listed.flatMap((m) => [...m])) };
  }

  /** Attributes, then the prefix reservations of those that exist (cached apart: our address changes
   *  move the available count, never the reservations; a gather for fresh facts takes them as young
   *  as its listings). */
  private async vSwitchFacts(ids: readonly string[]): Promise<Map<string, VSwitchFacts>> {
    const attributes = await this.lookup("vSwitch", ids, async (missing) => {
      const found = await Promise.all(missing.map((v) => describeVSwitch(this.read, this.regionId, v)));
      return found.filter((v): v is VSwitchFacts => v !== undefined).map((v) => [v.vSwitchId, v]);
    });
    const existing = ids.filter((v) => attributes.has(v));
    const reservations = await this.lookup(
      "vSwitchReservations",
      existing,
      async (missing) => Promise.all(missing.map(async (v): Promise<[string, CidrReservationFacts[]]> => [v, await vSwitchReservations(this.read, this.regionId, v)])),
      this.listingMaxAgeMs,
    );
    return new Map(existing.map((v) => [v, { ...attributes.get(v)!, cidrReservations: reservations.get(v) ?? [] }]));
  }

  /** Step 3: each group's type and, for basic groups, usage over its secondary and primary ENIs. */
  private async readGroups(enis: readonly EniFacts[], more: readonly string[]): Promise<SecurityGroupFacts[]> {
    const ids = unique([...enis.flatMap((e) => e.securityGroupIds), ...more]);
    const types = await this.lookup("groupType", ids, async (missing) =>
      (await describeSecurityGroups(this.read, this.regionId, missing)).map((g) => [g.securityGroupId, g.securityGroupType]),
    );
    const groups = await Promise.all(
      ids.map(async (sg): Promise<SecurityGroupFacts | undefined> => {
        const type = types.get(sg);
        if (type === undefined) return undefined;
        // Advanced groups count ENIs, not addresses: no IP usage to compute.
        if (type !== "normal") return { securityGroupId: sg, securityGroupType: type };
        // DescribeNetworkInterfaces by group shows its secondary ENIs only, DescribeInstances its
        // primary ENIs; an ENI seen both ways counts once.
        const [secondary, primary] = await Promise.all([
          this.members("groupSecondary", sg, () => listEnis(this.read, this.regionId, { securityGroupId: sg })),
          this.members("groupPrimary", sg, async () => {
            const found = await listInstancesBySecurityGroup(this.read, this.regionId, sg);
            putInstances(this.cache, found);
            return found.flatMap((m) => (m.primaryEni === undefined ? [] : [this.cache.eni(m.primaryEni.networkInterfaceId) ?? m.primaryEni]));
          }),
        ]);
        // Each IPv4 prefix counts as one address; IPv6 addresses and prefixes are kept apart (the
        // current profile counts them, the default one does not).
        let usage = 0;
        let ipv6 = 0;
        let ipv6Prefixes = 0;
        for (const id of new Set([...secondary, ...primary])) {
          const e = this.view.get(id);
          if (e === undefined) continue;
          usage += e.privateIpAddresses.length + (e.ipv4Prefixes?.length ?? 0);
          ipv6 += e.ipv6AddressCount ?? 0;
          ipv6Prefixes += e.ipv6PrefixCount ?? 0;
        }
        return {
          securityGroupId: sg,
          securityGroupType: type,
          privateIpAddressCount: usage,
          ...(ipv6 === 0 ? {} : { ipv6AddressCount: ipv6 }),
          ...(ipv6Prefixes === 0 ? {} : { ipv6PrefixCount: ipv6Prefixes }),
        };
      }),
    );
    return groups.filter((g): g is SecurityGroupFacts => g !== undefined);
  }

  /** Step 4: instances of bound ENIs (often already seen in a group listing), then their types. */
  private async readInstances(enis: readonly EniFacts[], asked: readonly string[], moreTypes: readonly string[]): Promise<Pick<AccountFacts, "instances" | "instanceTypes">> {
    const ids = unique([...enis.flatMap((e) => (e.instanceId === undefined ? [] : [e.instanceId])), ...asked]);
    const found = await this.lookup("instance", ids, (missing) => this.describeInstances(missing));
    const instances = ids.map((id) => found.get(id)).filter((i): i is InstanceFacts => i !== undefined);
    const typeIds = unique([...instances.map((i) => i.instanceType), ...moreTypes].filter((t) => t !== ""));
    const types = await this.lookup("instanceType", typeIds, async (missing) =>
      (await describeInstanceTypes(this.read, this.regionId, missing)).map((t) => [t.instanceTypeId, t]),
    );
    return { instances, instanceTypes: typeIds.flatMap((t) => types.get(t) ?? []) };
  }

  /**
   * The facts of `kind` for `ids`: cached ones as they are, the rest read by `fetch`, stored, and
   * those it did not return remembered as absent (no second read for them in this session).
   */
  private async lookup<K extends FactKind>(
    kind: K,
    ids: readonly string[],
    fetch: (missing: string[]) => Promise<Array<[string, FactKinds[K]]>>,
    maxAgeMs = Infinity,
  ): Promise<Map<string, FactKinds[K]>> {
    const out = new Map<string, FactKinds[K]>();
    const missing: string[] = [];
    for (const id of ids) {
      const cached = this.cache.fact(kind, id, maxAgeMs);
      if (cached === undefined) missing.push(id);
      else if (cached !== null) out.set(id, cached);
    }
    if (missing.length === 0) return out;
    for (const [id, value] of await fetch(missing)) {
      this.cache.putFact(kind, id, value);
      out.set(id, value);
    }
    for (const id of missing) if (!out.has(id)) this.cache.putFact(kind, id, null);
    return out;
  }

  /**
   * A complete listing of ENI ids, every member's record kept in the view. A cached listing (young
   * enough) is used while its members exist: records dropped since (an address change of ours, see
   * ReadCache.dropAddressesOf) are read again by id; a member known to be gone, or one the read by
   * id does not return, means the membership moved, and `list` reads it again.
   */
  private async members(kind: ListingKind, key: string, list: () => Promise<readonly EniFacts[]>): Promise<ReadonlySet<string>> {
    const cached = this.cache.listing(kind, key, this.listingMaxAgeMs);
    if (cached !== undefined && (await this.membersStillThere(cached))) return cached;
    const listed = await list();
    for (const e of listed) this.remember(kind === "groupPrimary" ? e : this.cache.putEni(e));
    const ids = new Set(listed.map((e) => e.networkInterfaceId));
    this.cache.putListing(kind, key, ids);
    return ids;
  }

  /** Every member's record in the view, those not cached read by id; false when one is gone. */
  private async membersStillThere(ids: ReadonlySet<string>): Promise<boolean> {
    const unknown: string[] = [];
    for (const id of ids) {
      const r = this.cache.eni(id);
      if (r === null) return false;
      if (r === undefined) unknown.push(id);
      else this.remember(r);
    }
    if (unknown.length === 0) return true;
    const found = await describeEnisById(this.read, this.regionId, unknown);
    for (const e of found) this.remember(this.cache.putEni(e));
    const got = new Set(found.map((e) => e.networkInterfaceId));
    for (const id of unknown) if (!got.has(id)) this.cache.markEniMissing(id);
    return got.size === unknown.length;
  }
}
