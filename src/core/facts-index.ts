// The account facts a run knows, indexed so every lookup a declaration needs is a Map hit, and
// growing: facts can be added batch by batch (the provider adds the ENIs, vSwitches and groups each
// check reads) and one ENI's facts replaced by a fresh read, each in time proportional to what is
// added. Facts are checked on the way in (facts-check.ts). The per-vSwitch address maps are built
// only for vSwitches a run touches, then kept up to date, as are the per-group sums.
import { AddressOwners, type AddressOwnersView } from "./address-owners";
import { cidrContains, IPV4_PREFIX_SIZE, ipv4PrefixOf, usableAddressCount, type Cidr } from "./address";
import {
  addressStoreFor,
  checkEni,
  checkFactsObject,
  checkInstance,
  checkInstanceType,
  checkSecurityGroup,
  checkVSwitch,
  duplicateFact,
  factList,
  type EniEntry,
  type FactPath,
  type ReservationEntry,
  type VSwitchEntry,
} from "./facts-check";
import type { AccountFacts, EniFacts, InstanceFacts, InstanceTypeFacts, SecurityGroupFacts, VSwitchFacts } from "./types";

export interface VSwitchIndex {
  readonly facts: VSwitchFacts;
  readonly cidr: Cidr;
  /** "vsw:<id>": the scope addresses of the vSwitch are claimed in (made once, not per declaration). */
  readonly scope: string;
  /** Every address on a known ENI of the vSwitch (primaries included) -> the ENI holding it. */
  readonly used: AddressOwnersView;
  /** The first address of every IPv4 prefix on a known ENI of the vSwitch -> the ENI holding it. */
  readonly prefixes: ReadonlyMap<number, string>;
  /** The vSwitch's prefix reservations; undefined when the facts do not say. */
  readonly reservations: readonly ReservationEntry[] | undefined;
  /**
   * Free addresses before the run, for single addresses: the API's count when known (it leaves the
   * reserved blocks out), else usable minus known use minus the reserved blocks.
   */
  readonly freeBefore: number;
  /** Free /28s of the prefix reservations before the run; undefined when the reservations are not known. */
  readonly freePrefixesBefore: number | undefined;
  /** The reservation holding an address, if any. */
  reservationAt(address: number): ReservationEntry | undefined;
}

class VSwitchState implements VSwitchIndex {
  readonly used: AddressOwners;
  readonly prefixes = new Map<number, string>();
  readonly scope: string;
  readonly reservations: readonly ReservationEntry[] | undefined;
  /** `expected`: addresses its known ENIs hold (sizes the table once). */
  constructor(entry: VSwitchEntry, expected: number) {
    this.used = new AddressOwners(expected);
    this.facts = entry.facts;
    this.cidr = entry.cidr;
    this.reservations = entry.reservations;
    this.scope = `vsw:${entry.facts.vSwitchId}`;
  }
  readonly facts: VSwitchFacts;
  readonly cidr: Cidr;
  get freeBefore(): number {
    if (this.facts.availableIpAddressCount !== undefined) return this.facts.availableIpAddressCount;
    let reserved = 0;
    for (const r of this.reservations ?? []) reserved += r.cidr.size;
    return Math.max(0, usableAddressCount(this.cidr) - this.used.size - reserved);
  }
  get freePrefixesBefore(): number | undefined {
    if (this.reservations === undefined) return undefined;
    let free = 0;
    for (const r of this.reservations) {
      for (let start = Math.ceil(r.cidr.first / IPV4_PREFIX_SIZE) * IPV4_PREFIX_SIZE; start + IPV4_PREFIX_SIZE - 1 <= r.cidr.last; start += IPV4_PREFIX_SIZE) {
        if (!this.prefixes.has(start) && !this.anyUsed(start)) free++;
      }
    }
    return free;
  }
  reservationAt(address: number): ReservationEntry | undefined {
    const list = this.reservations;
    if (list === undefined || list.length === 0) return undefined;
    return list.find((r) => cidrContains(r.cidr, address));
  }
  /** A single address in use inside the /28 starting at `start` (the facts may show one). */
  private anyUsed(start: number): boolean {
    for (let a = start; a < start + IPV4_PREFIX_SIZE; a++) if (this.used.has(a)) return true;
    return false;
  }
  add(e: EniEntry): void {
    const id = e.facts.networkInterfaceId;
    this.used.setAll(e.store, e.start, e.end, id);
    if (e.primary !== undefined) this.used.set(e.primary, id);
    for (const p of e.prefixes ?? []) this.prefixes.set(p, id);
  }
  remove(e: EniEntry): void {
    const id = e.facts.networkInterfaceId;
    for (let i = e.start; i < e.end; i++) if (this.used.get(e.store[i]!) === id) this.used.delete(e.store[i]!);
    if (e.primary !== undefined && this.used.get(e.primary) === id) this.used.delete(e.primary);
    for (const p of e.prefixes ?? []) if (this.prefixes.get(p) === id) this.prefixes.delete(p);
  }
}

/** The IPv4 prefix of an ENI that holds an address (its first address), if any. */
export function eniPrefixHolding(e: EniEntry, address: number): number | undefined {
  const p = ipv4PrefixOf(address);
  return e.prefixes !== undefined && e.prefixes.includes(p) ? p : undefined;
}

export class FactsIndex {
  private readonly eniEntries = new Map<string, EniEntry>();
  private readonly instanceMap = new Map<string, InstanceFacts>();
  private readonly instanceTypeMap = new Map<string, number>();
  private readonly groupMap = new Map<string, SecurityGroupFacts>();
  /** ENI id -> its facts. */
  readonly enis: Pick<ReadonlyMap<string, EniFacts>, "get" | "has"> = {
    get: (id) => this.eniEntries.get(id)?.facts,
    has: (id) => this.eniEntries.has(id),
  };
  readonly instances: ReadonlyMap<string, InstanceFacts> = this.instanceMap;
  /** Instance type -> DescribeInstanceTypes' per-ENI quantity. */
  readonly instanceTypeEniIps: ReadonlyMap<string, number> = this.instanceTypeMap;
  readonly securityGroups: ReadonlyMap<string, SecurityGroupFacts> = this.groupMap;
  private readonly vSwitchEntries = new Map<string, VSwitchEntry>();
  /** vSwitch id -> the known ENIs in it, in the order they became known. */
  private readonly members = new Map<string, EniEntry[]>();
  /** ENIs replaced or forgotten so far: until there is one, no member list holds a stale entry. */
  private staleMembers = 0;
  /** Address maps of the vSwitches a run has touched. */
  private readonly vSwitchStates = new Map<string, VSwitchState>();
  /**
   * Group id -> addresses over the known ENIs in it, for groups whose facts lack their own count;
   * summed over all ENIs the first time one is needed, then kept up to date.
   */
  private groupSums: Map<string, number> | undefined;
  /** Group id -> IPv6 addresses and prefixes over the known ENIs in it, kept with groupSums. */
  private readonly groupIpv6Sums = new Map<string, number>();

  constructor(facts?: Partial<AccountFacts>) {
    if (facts !== undefined) this.add(facts);
  }

  /**
   * Adds a batch of facts; an id already known is replaced by the new record (a refresh). The batch
   * is checked whole before anything changes: a malformed fact or an id repeated within the batch
   * throws a FactsError and leaves the index as it was.
   */
  add(facts: Partial<AccountFacts>, path = "facts"): void {
    const o = checkFactsObject(facts, path);
    const at = {
      enis: `${path}.enis`,
      vSwitches: `${path}.vSwitches`,
      instances: `${path}.instances`,
      instanceTypes: `${path}.instanceTypes`,
      securityGroups: `${path}.securityGroups`,
    };
    // Into an empty index, a repeated id shows as an id already present while applying (then the
    // index is emptied again before the error); otherwise the batch is searched for one first.
    const fresh =
      this.eniEntries.size + this.vSwitchEntries.size + this.instanceMap.size + this.instanceTypeMap.size + this.groupMap.size + this.vSwitchStates.size === 0 &&
      this.groupSums === undefined;
    const eniList = factList(o, "enis", path);
    const store = addressStoreFor(eniList);
    // ENIs are most of an account: checked in a loop of their own (one call target, inlined).
    const enis = new Array<EniEntry>(eniList.length);
    const eniAt = { list: at.enis, index: 0 };
    for (let i = 0; i < eniList.length; i++) {
      eniAt.index = i;
      enis[i] = checkEni(eniList[i], eniAt, store);
    }
    if (!fresh) refuseRepeats(enis, at.enis, "ENI", eniIdOf);
    const vSwitches = checked(factList(o, "vSwitches", path), at.vSwitches, "vSwitch", checkVSwitch, vSwitchIdOf, !fresh);
    const instances = checked(factList(o, "instances", path), at.instances, "instance", checkInstance, instanceIdOf, !fresh);
    const types = checked(factList(o, "instanceTypes", path), at.instanceTypes, "instance type", checkInstanceType, typeIdOf, !fresh);
    const groups = checked(factList(o, "securityGroups", path), at.securityGroups, "security group", checkSecurityGroup, groupIdOf, !fresh);

    // Called on an id already present while applying into an empty index: repeated in the batch.
    const repeated = <T>(items: readonly T[], idOf: (t: T) => string, index: number, list: string, kind: string): never => {
      this.clear();
      const id = idOf(items[index]!);
      throw duplicateFact(`${list}[${index}]`, kind, id, `${list}[${items.findIndex((t) => idOf(t) === id)}]`);
    };
    for (let i = 0; i < vSwitches.length; i++) {
      const v = vSwitches[i]!;
      const id = v.facts.vSwitchId;
      if (fresh && this.vSwitchEntries.has(id)) repeated(vSwitches, vSwitchIdOf, i, at.vSwitches, "vSwitch");
      this.vSwitchEntries.set(id, v);
      // A new CIDR changes which addresses count: rebuild the map when next needed.
      this.vSwitchStates.delete(id);
    }
    for (let i = 0; i < enis.length; i++) {
      if (this.putEni(enis[i]!, fresh) && fresh) repeated(enis, eniIdOf, i, at.enis, "ENI");
    }
    for (let i = 0; i < instances.length; i++) {
      const x = instances[i]!;
      if (fresh && this.instanceMap.has(x.instanceId)) repeated(instances, instanceIdOf, i, at.instances, "instance");
      this.instanceMap.set(x.instanceId, x);
    }
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (fresh && this.instanceTypeMap.has(t.instanceTypeId)) repeated(types, typeIdOf, i, at.instanceTypes, "instance type");
      this.instanceTypeMap.set(t.instanceTypeId, t.eniPrivateIpAddressQuantity);
    }
    for (let i = 0; i < groups.length; i++) {
      const g = groups[i]!;
      if (fresh && this.groupMap.has(g.securityGroupId)) repeated(groups, groupIdOf, i, at.securityGroups, "security group");
      this.groupMap.set(g.securityGroupId, g);
    }
  }

  /** The ENI is gone from the account (deleted, or not found on a fresh read). */
  forgetEni(networkInterfaceId: string): void {
    const old = this.eniEntries.get(networkInterfaceId);
    if (old === undefined) return;
    this.detach(old);
    this.eniEntries.delete(networkInterfaceId);
  }

  /** The ENI with what the index derived from it (address count, groups once each). */
  eniEntry(networkInterfaceId: string): EniEntry | undefined {
    return this.eniEntries.get(networkInterfaceId);
  }

  /** The vSwitch with its address map, or undefined when the facts do not have it. */
  vSwitch(vSwitchId: string): VSwitchIndex | undefined {
    const built = this.vSwitchStates.get(vSwitchId);
    if (built !== undefined) return built;
    const entry = this.vSwitchEntries.get(vSwitchId);
    if (entry === undefined) return undefined;
    const members = this.liveMembers(vSwitchId);
    let expected = 0;
    for (const e of members) expected += e.end - e.start + 1;
    const state = new VSwitchState(entry, expected);
    for (const e of members) state.add(e);
    this.vSwitchStates.set(vSwitchId, state);
    return state;
  }

  /** Private IPv4 addresses on the ENI now, primary included (even if the list forgot it). */
  eniAddressCount(eni: EniFacts): number {
    return this.eniEntries.get(eni.networkInterfaceId)?.count ?? 0;
  }

  /** The ENI's security groups, each once. */
  eniGroups(eni: EniFacts): readonly string[] {
    return this.eniEntries.get(eni.networkInterfaceId)?.groups ?? [];
  }

  /** True when the address is on this ENI (primary or secondary). */
  eniHas(eni: EniFacts, address: string): boolean {
    return eni.primaryIpAddress === address || eni.privateIpAddresses.includes(address);
  }

  /**
   * Addresses in the group now: the facts' own count when given (it covers ENIs we did not read),
   * else the sum over the ENIs we know in the group.
   */
  securityGroupCount(sg: SecurityGroupFacts): number {
    if (sg.privateIpAddressCount !== undefined) return sg.privateIpAddressCount;
    return this.sums().get(sg.securityGroupId) ?? 0;
  }

  /**
   * IPv6 addresses and IPv6 prefixes in the group now (the `current` profile counts them): the
   * facts' own counts when the group has a count of its own, else the sum over the known ENIs.
   */
  securityGroupIpv6Count(sg: SecurityGroupFacts): number {
    if (sg.privateIpAddressCount !== undefined) return (sg.ipv6AddressCount ?? 0) + (sg.ipv6PrefixCount ?? 0);
    this.sums();
    return this.groupIpv6Sums.get(sg.securityGroupId) ?? 0;
  }

  private sums(): Map<string, number> {
    if (this.groupSums === undefined) {
      this.groupSums = new Map();
      this.groupIpv6Sums.clear();
      for (const e of this.eniEntries.values()) for (const g of e.groups) this.addToGroup(g, e.count, e.ipv6);
    }
    return this.groupSums;
  }

  private addToGroup(g: string, count: number, ipv6: number): void {
    this.groupSums!.set(g, (this.groupSums!.get(g) ?? 0) + count);
    if (ipv6 !== 0) this.groupIpv6Sums.set(g, (this.groupIpv6Sums.get(g) ?? 0) + ipv6);
  }

  /**
   * True when the ENI was known (and is now replaced). `fresh`: the index held nothing when the
   * batch began, so nothing is replaced and no map or sum is built yet; only a repeat within the
   * batch can find its id known (and the caller throws).
   */
  private putEni(e: EniEntry, fresh: boolean): boolean {
    const id = e.facts.networkInterfaceId;
    const vsw = e.facts.vSwitchId;
    if (fresh) {
      const before = this.eniEntries.size;
      this.eniEntries.set(id, e);
      if (this.eniEntries.size === before) return true;
      // Nothing to compact in a fresh index: every member is current.
      const members = this.members.get(vsw);
      if (members === undefined) this.members.set(vsw, [e]);
      else members.push(e);
      return false;
    }
    const old = this.eniEntries.get(id);
    if (old !== undefined) this.detach(old);
    this.eniEntries.set(id, e);
    this.addMember(vsw, e);
    this.vSwitchStates.get(vsw)?.add(e);
    if (this.groupSums !== undefined) for (const g of e.groups) this.addToGroup(g, e.count, e.ipv6);
    return old !== undefined;
  }

  /**
   * Takes a replaced or forgotten ENI out of its vSwitch's address map and its groups' sums, in
   * O(its addresses). (If the facts put one address on two ENIs, the map names the one read last;
   * taking that one out leaves the address unnamed until the map is rebuilt.)
   */
  private detach(e: EniEntry): void {
    this.staleMembers++;
    this.vSwitchStates.get(e.facts.vSwitchId)?.remove(e);
    if (this.groupSums !== undefined) for (const g of e.groups) this.addToGroup(g, -e.count, -e.ipv6);
  }

  /**
   * Member lists only grow; an entry replaced or forgotten stays in its list until the list is next
   * read or doubles in size, when the entries no longer current are dropped (amortised O(1) each).
   */
  private addMember(vSwitchId: string, e: EniEntry): void {
    const members = this.members.get(vSwitchId);
    if (members === undefined) {
      this.members.set(vSwitchId, [e]);
      return;
    }
    members.push(e);
    const n = members.length;
    if (n >= 64 && (n & (n - 1)) === 0) this.liveMembers(vSwitchId);
  }

  private liveMembers(vSwitchId: string): readonly EniEntry[] {
    const members = this.members.get(vSwitchId);
    if (members === undefined) return [];
    // No ENI ever replaced or forgotten (a batch's facts, read once): every member is current.
    if (this.staleMembers === 0) return members;
    const live = members.filter((e) => this.eniEntries.get(e.facts.networkInterfaceId) === e);
    if (live.length !== members.length) this.members.set(vSwitchId, live);
    return live;
  }

  private clear(): void {
    this.eniEntries.clear();
    this.instanceMap.clear();
    this.instanceTypeMap.clear();
    this.groupMap.clear();
    this.vSwitchEntries.clear();
    this.members.clear();
    this.vSwitchStates.clear();
    this.groupSums = undefined;
    this.groupIpv6Sums.clear();
    this.staleMembers = 0;
  }
}

const eniIdOf = (e: EniEntry): string => e.facts.networkInterfaceId;
const vSwitchIdOf = (v: VSwitchEntry): string => v.facts.vSwitchId;
const instanceIdOf = (i: InstanceFacts): string => i.instanceId;
const typeIdOf = (t: InstanceTypeFacts): string => t.instanceTypeId;
const groupIdOf = (g: SecurityGroupFacts): string => g.securityGroupId;

/** Checks every item of a batch; with `dedupe`, refuses an id repeated within it. */
function checked<T>(items: readonly unknown[], list: string, kind: string, check: (raw: unknown, at: FactPath) => T, idOf: (t: T) => string, dedupe: boolean): T[] {
  const out = new Array<T>(items.length);
  const at = { list, index: 0 };
  for (let i = 0; i < items.length; i++) {
    at.index = i;
    out[i] = check(items[i], at);
  }
  if (dedupe) refuseRepeats(out, list, kind, idOf);
  return out;
}

function refuseRepeats<T>(items: readonly T[], list: string, kind: string, idOf: (t: T) => string): void {
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const key = idOf(items[i]!);
    if (seen.has(key)) throw duplicateFact(`${list}[${i}]`, kind, key, `${list}[${items.findIndex((t) => idOf(t) === key)}]`);
    seen.add(key);
  }
}
