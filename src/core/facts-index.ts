// The account facts a run knows, indexed so every lookup a declaration needs is a Map hit, and
// growing: facts can be added batch by batch (the provider adds the ENIs, vSwitches and groups each
// check reads) and one ENI's facts replaced by a fresh read, each in time proportional to what is
// added (plus, for a replaced ENI, the members of its vSwitch). Facts are checked on the way in
// (facts-check.ts). The per-vSwitch address maps are built only for vSwitches a run touches, then
// kept up to date; per-group sums are kept up to date as ENIs come and go.
import { usableAddressCount, type Cidr } from "./address";
import {
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
  type VSwitchEntry,
} from "./facts-check";
import type { AccountFacts, EniFacts, InstanceFacts, SecurityGroupFacts, VSwitchFacts } from "./types";

export interface VSwitchIndex {
  readonly facts: VSwitchFacts;
  readonly cidr: Cidr;
  /** Every address on a known ENI of the vSwitch (primaries included) -> the ENI holding it. */
  readonly used: ReadonlyMap<number, string>;
  /** Free addresses before the run: the API's count when known, else usable minus known use. */
  readonly freeBefore: number;
}

class VSwitchState implements VSwitchIndex {
  readonly used = new Map<number, string>();
  constructor(
    readonly facts: VSwitchFacts,
    readonly cidr: Cidr,
  ) {}
  get freeBefore(): number {
    return this.facts.availableIpAddressCount ?? Math.max(0, usableAddressCount(this.cidr) - this.used.size);
  }
  add(e: EniEntry): void {
    const id = e.facts.networkInterfaceId;
    for (const n of e.addresses) this.used.set(n, id);
    this.used.set(e.primary, id);
  }
}

export class FactsIndex {
  private readonly eniEntries = new Map<string, EniEntry>();
  private readonly instanceMap = new Map<string, InstanceFacts>();
  private readonly instanceTypeMap = new Map<string, number>();
  private readonly groupMap = new Map<string, SecurityGroupFacts>();
  private readonly vSwitchEntries = new Map<string, VSwitchEntry>();
  /** vSwitch id -> ids of the known ENIs in it, in the order they became known. */
  private readonly members = new Map<string, Set<string>>();
  /** Address maps of the vSwitches a run has touched. */
  private readonly vSwitchStates = new Map<string, VSwitchState>();
  /** Group id -> addresses over the known ENIs in it (used when the group's own count is absent). */
  private readonly groupSums = new Map<string, number>();

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
    const enis = checked(factList(o, "enis", path), `${path}.enis`, "ENI", checkEni, (e) => e.facts.networkInterfaceId);
    const vSwitches = checked(factList(o, "vSwitches", path), `${path}.vSwitches`, "vSwitch", checkVSwitch, (v) => v.facts.vSwitchId);
    const instances = checked(factList(o, "instances", path), `${path}.instances`, "instance", checkInstance, (i) => i.instanceId);
    const types = checked(factList(o, "instanceTypes", path), `${path}.instanceTypes`, "instance type", checkInstanceType, (t) => t.instanceTypeId);
    const groups = checked(factList(o, "securityGroups", path), `${path}.securityGroups`, "security group", checkSecurityGroup, (g) => g.securityGroupId);

    for (const v of vSwitches) {
      this.vSwitchEntries.set(v.facts.vSwitchId, v);
      // A new CIDR changes which addresses count: rebuild the map when next needed.
      this.vSwitchStates.delete(v.facts.vSwitchId);
    }
    for (const e of enis) this.putEni(e);
    for (const i of instances) this.instanceMap.set(i.instanceId, i);
    for (const t of types) this.instanceTypeMap.set(t.instanceTypeId, t.eniPrivateIpAddressQuantity);
    for (const g of groups) this.groupMap.set(g.securityGroupId, g);
  }

  /** The ENI is gone from the account (deleted, or not found on a fresh read). */
  forgetEni(networkInterfaceId: string): void {
    const old = this.eniEntries.get(networkInterfaceId);
    if (old === undefined) return;
    this.detach(old);
    this.eniEntries.delete(networkInterfaceId);
  }

  eni(networkInterfaceId: string): EniFacts | undefined {
    return this.eniEntries.get(networkInterfaceId)?.facts;
  }

  instance(instanceId: string): InstanceFacts | undefined {
    return this.instanceMap.get(instanceId);
  }

  /** DescribeInstanceTypes' per-ENI quantity of the type, when the facts have it. */
  instanceTypeEniIps(instanceTypeId: string): number | undefined {
    return this.instanceTypeMap.get(instanceTypeId);
  }

  securityGroup(securityGroupId: string): SecurityGroupFacts | undefined {
    return this.groupMap.get(securityGroupId);
  }

  /** The vSwitch with its address map, or undefined when the facts do not have it. */
  vSwitch(vSwitchId: string): VSwitchIndex | undefined {
    const built = this.vSwitchStates.get(vSwitchId);
    if (built !== undefined) return built;
    const entry = this.vSwitchEntries.get(vSwitchId);
    if (entry === undefined) return undefined;
    const state = new VSwitchState(entry.facts, entry.cidr);
    for (const id of this.members.get(vSwitchId) ?? []) {
      const e = this.eniEntries.get(id);
      if (e !== undefined) state.add(e);
    }
    this.vSwitchStates.set(vSwitchId, state);
    return state;
  }

  /** Private IPv4 addresses on the ENI now, primary included (even if the list forgot it). */
  eniAddressCount(eni: EniFacts): number {
    return this.eniEntries.get(eni.networkInterfaceId)?.count ?? 0;
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
    return sg.privateIpAddressCount ?? this.groupSums.get(sg.securityGroupId) ?? 0;
  }

  private putEni(e: EniEntry): void {
    const id = e.facts.networkInterfaceId;
    const old = this.eniEntries.get(id);
    if (old !== undefined) this.detach(old);
    this.eniEntries.set(id, e);
    const vsw = e.facts.vSwitchId;
    let members = this.members.get(vsw);
    if (members === undefined) {
      members = new Set();
      this.members.set(vsw, members);
    }
    members.add(id);
    this.vSwitchStates.get(vsw)?.add(e);
    for (const g of e.groups) this.groupSums.set(g, (this.groupSums.get(g) ?? 0) + e.count);
  }

  private detach(e: EniEntry): void {
    const vsw = e.facts.vSwitchId;
    this.members.get(vsw)?.delete(e.facts.networkInterfaceId);
    // Another known ENI may list one of these addresses too: rebuild the map when next needed.
    this.vSwitchStates.delete(vsw);
    for (const g of e.groups) this.groupSums.set(g, (this.groupSums.get(g) ?? 0) - e.count);
  }
}

/** Checks every item of a batch and refuses an id repeated within it. */
function checked<T>(items: readonly unknown[], path: string, kind: string, check: (raw: unknown, at: FactPath) => T, idOf: (t: T) => string): T[] {
  const out = new Array<T>(items.length);
  const seen = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const t = check(items[i], () => `${path}[${i}]`);
    const key = idOf(t);
    const first = seen.get(key);
    if (first !== undefined) throw duplicateFact(`${path}[${i}]`, kind, key, `${path}[${first}]`);
    seen.set(key, i);
    out[i] = t;
  }
  return out;
}
