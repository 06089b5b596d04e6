// One run ledger (src/core/run-ledger.ts) per region and provider process: the facts the run's checks
// have read so far, the pending demand of checks that passed (recorded under the resource name) and
// each resource's realized ownership (under `name#owned`). A check adds only the facts it read,
// and only those that changed since they were last added, then is judged against the ledger in time
// proportional to its own ENI, groups and vSwitch – never to the run (docs/architecture.md, "One
// check"). The demand registry (demand-registry.ts) keeps the ledger's records in step with its own.
//
// Ownership is judged against the facts of its ENI: when those facts change (a refresh after a
// mutation), the ownership on that ENI is judged again, so an address a resource owns is counted
// once – as demand while the facts do not show it yet, as an address on the ENI once they do.
// Pending demand keeps the judgement it passed with (see docs/architecture.md for what that means).
import { parseIpv4 } from "../core/address";
import { resolveLimits } from "../core/limits";
import type { Judgement } from "../core/judgement";
import { RunLedger } from "../core/run-ledger";
import type { AccountFacts, Declaration, EniFacts, InstanceFacts, InstanceTypeFacts, SecurityGroupFacts, VSwitchFacts } from "../core/types";

/** The record key of a resource's realized ownership (its pending demand is under its name). */
function ownKey(name: string): string {
  return `${name}#owned`;
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A cached read hands out the same record; a read again may hand out an equal one. */
function sameEni(a: EniFacts, b: EniFacts): boolean {
  return (
    a.status === b.status &&
    a.type === b.type &&
    a.vSwitchId === b.vSwitchId &&
    a.instanceId === b.instanceId &&
    a.primaryIpAddress === b.primaryIpAddress &&
    sameList(a.securityGroupIds, b.securityGroupIds) &&
    sameList(a.privateIpAddresses, b.privateIpAddresses) &&
    sameList(a.ipv4Prefixes ?? [], b.ipv4Prefixes ?? []) &&
    a.ipv6AddressCount === b.ipv6AddressCount &&
    a.ipv6PrefixCount === b.ipv6PrefixCount
  );
}

const SAME = {
  vSwitch: (a: VSwitchFacts, b: VSwitchFacts) =>
    a.cidrBlock === b.cidrBlock &&
    a.availableIpAddressCount === b.availableIpAddressCount &&
    JSON.stringify(a.cidrReservations ?? null) === JSON.stringify(b.cidrReservations ?? null),
  group: (a: SecurityGroupFacts, b: SecurityGroupFacts) =>
    a.securityGroupType === b.securityGroupType && a.privateIpAddressCount === b.privateIpAddressCount && a.ipv6AddressCount === b.ipv6AddressCount && a.ipv6PrefixCount === b.ipv6PrefixCount,
  instance: (a: InstanceFacts, b: InstanceFacts) => a.status === b.status && a.instanceType === b.instanceType,
  instanceType: (a: InstanceTypeFacts, b: InstanceTypeFacts) => a.eniPrivateIpAddressQuantity === b.eniPrivateIpAddressQuantity,
};

/** The records of `items` that differ from what `known` holds (which is updated). */
function changed<T>(items: readonly T[], known: Map<string, T>, idOf: (t: T) => string, same: (a: T, b: T) => boolean): T[] {
  const out: T[] = [];
  for (const item of items) {
    const id = idOf(item);
    const had = known.get(id);
    if (had === item) continue;
    known.set(id, item);
    if (had === undefined || !same(had, item)) out.push(item);
  }
  return out;
}

export class RegionRun {
  readonly ledger: RunLedger;
  /** What was last added to the ledger, by id (to add only what changed). */
  private readonly enis = new Map<string, EniFacts>();
  private readonly vSwitches = new Map<string, VSwitchFacts>();
  private readonly groups = new Map<string, SecurityGroupFacts>();
  private readonly instances = new Map<string, InstanceFacts>();
  private readonly instanceTypes = new Map<string, InstanceTypeFacts>();
  /** vSwitch id -> the ENIs the last complete listing of it showed. */
  private readonly members = new Map<string, Set<string>>();
  /** Resource name -> the declaration standing for what it owns. */
  private readonly owners = new Map<string, Declaration>();
  /** ENI id -> the resources owning addresses on it. */
  private readonly ownersOn = new Map<string, Set<string>>();
  /** Ownership whose ENI's facts the ledger does not have yet: judged once a check reads them. */
  private readonly unjudged = new Set<string>();
  /**
   * ENIs a change of ownership (a create, update, delete or refresh) may have moved since the
   * ledger read them: the next gather reads them again (the session's cache drops what its own
   * mutations made stale), so the ownership on them is judged against what they hold now.
   */
  private readonly stale = new Set<string>();

  constructor() {
    // The limits of the host's environment, as every check of the run is judged with.
    this.ledger = new RunLedger({ limits: resolveLimits({ env: process.env }) });
  }

  /**
   * Adds what a gather read for `asked` and the ledger does not hold yet (or holds otherwise): new
   * and changed records only. An ENI asked for and not found, or gone from its vSwitch's listing,
   * is forgotten. Ownership on an ENI whose facts changed is judged again.
   */
  learn(facts: AccountFacts, asked: readonly string[]): void {
    const enis = changed(facts.enis, this.enis, (e) => e.networkInterfaceId, sameEni);
    const vSwitches = changed(facts.vSwitches, this.vSwitches, (v) => v.vSwitchId, SAME.vSwitch);
    const securityGroups = changed(facts.securityGroups, this.groups, (g) => g.securityGroupId, SAME.group);
    const instances = changed(facts.instances, this.instances, (i) => i.instanceId, SAME.instance);
    const instanceTypes = changed(facts.instanceTypes, this.instanceTypes, (t) => t.instanceTypeId, SAME.instanceType);
    if (enis.length + vSwitches.length + securityGroups.length + instances.length + instanceTypes.length > 0) {
      this.ledger.addFacts({ enis, vSwitches, securityGroups, instances, instanceTypes });
    }
    const touched = new Set(enis.map((e) => e.networkInterfaceId));
    for (const id of this.vanished(facts, asked)) {
      this.enis.delete(id);
      this.ledger.forgetEni(id);
      touched.add(id);
    }
    const again = new Set<string>(this.unjudged);
    for (const id of touched) for (const name of this.ownersOn.get(id) ?? []) again.add(name);
    for (const name of again) this.judgeOwnership(name);
  }

  /** ENIs the ledger knows that this read says are gone: asked for and absent, or no longer listed in their vSwitch. */
  private vanished(facts: AccountFacts, asked: readonly string[]): string[] {
    const listed = new Map<string, Set<string>>();
    const found = new Set<string>();
    for (const e of facts.enis) {
      found.add(e.networkInterfaceId);
      let m = listed.get(e.vSwitchId);
      if (m === undefined) listed.set(e.vSwitchId, (m = new Set()));
      m.add(e.networkInterfaceId);
    }
    const out: string[] = [];
    for (const id of asked) if (!found.has(id) && this.enis.has(id)) out.push(id);
    // A gather returns every ENI of each vSwitch it read (a complete listing).
    for (const [vsw, now] of listed) {
      for (const id of this.members.get(vsw) ?? []) if (!now.has(id) && this.enis.has(id)) out.push(id);
      this.members.set(vsw, now);
    }
    return out;
  }

  /**
   * ENIs to read with the next gather: those the ledger needs to judge ownership, and the stale
   * ones, which are taken (a change of ownership while the gather awaits marks them again; a
   * gather that fails gives them back with staleAgain).
   */
  takeEnisToRead(): string[] {
    const out = new Set<string>(this.stale);
    this.stale.clear();
    for (const name of this.unjudged) {
      const id = this.owners.get(name)?.networkInterfaceId;
      if (typeof id === "string") out.add(id);
    }
    return [...out];
  }

  /** Stale ENIs a failed gather did not read after all. */
  staleAgain(ids: readonly string[]): void {
    for (const id of ids) if (this.enis.has(id)) this.stale.add(id);
  }

  /**
   * The resource's check (or re-validation before a change): judged against everything recorded
   * but its own entries (its pending demand and its ownership), recorded when it passes, gone when
   * it fails; its ownership is judged again after it, before the new pending demand.
   */
  check(name: string, declaration: Declaration): Judgement {
    this.ledger.withdraw(ownKey(name));
    try {
      return this.ledger.check(declaration, name);
    } finally {
      if (this.owners.has(name)) this.judgeOwnership(name);
    }
  }

  /** The resource's pending demand is gone (a failed check, a change applied or abandoned). */
  withdraw(name: string): void {
    this.ledger.withdraw(name);
  }

  /** What the resource owns now (undefined: nothing, or not in this region). */
  setOwnership(name: string, ownership: Declaration | undefined): void {
    const before = this.owners.get(name);
    if (before !== undefined) this.ownersOn.get(before.networkInterfaceId as string)?.delete(name);
    this.ledger.withdraw(ownKey(name));
    this.unjudged.delete(name);
    if (before !== undefined) this.stale.add(before.networkInterfaceId as string);
    if (ownership !== undefined) this.stale.add(ownership.networkInterfaceId as string);
    if (ownership === undefined) {
      this.owners.delete(name);
      return;
    }
    const eniId = ownership.networkInterfaceId as string;
    this.owners.set(name, ownership);
    let on = this.ownersOn.get(eniId);
    if (on === undefined) this.ownersOn.set(eniId, (on = new Set()));
    on.add(name);
    this.judgeOwnership(name);
  }

  /**
   * Ownership counts as the old per-check path counted it: judged against everything recorded but
   * the resource's own pending demand, which follows it. Recorded whatever the verdict (its claims
   * stick; its demand, the owned addresses its ENI does not show, counts when it passes). Left
   * unjudged while the ledger lacks the ENI's facts.
   */
  private judgeOwnership(name: string): void {
    const ownership = this.owners.get(name);
    const key = ownKey(name);
    this.ledger.withdraw(key);
    if (ownership === undefined) return;
    if (!this.ledger.facts.enis.has(ownership.networkInterfaceId as string)) {
      this.unjudged.add(name);
      return;
    }
    this.unjudged.delete(name);
    const pending = this.ledger.recorded(name);
    if (pending !== undefined) this.ledger.withdraw(name);
    this.ledger.record(key, this.ledger.judge(ownership));
    if (pending !== undefined) this.ledger.record(name, pending);
  }

  /** True when a declaration other than `name` claims `address` in the ENI's vSwitch (or on the ENI). */
  claimedByOther(name: string, eni: EniFacts, address: string): boolean {
    const n = parseIpv4(address);
    if (n === undefined) return false;
    const scope = this.ledger.facts.vSwitch(eni.vSwitchId)?.scope ?? `eni:${eni.networkInterfaceId}`;
    return this.ledger.claimant(scope, n, name) !== undefined;
  }

  /**
   * Runs `judge` on the account as it will be once `items` (addresses or IPv4 prefixes) are released
   * from `eniId` (a replacement that deletes first), then puts the real facts back.
   */
  withReleased<T>(eniId: string, items: readonly string[], judge: () => T): T {
    const facts = this.ledger.facts;
    const eni = facts.enis.get(eniId);
    if (eni === undefined) return judge();
    const prefixes = eni.ipv4Prefixes ?? [];
    const drop = new Set(items.filter((a) => a !== eni.primaryIpAddress && (eni.privateIpAddresses.includes(a) || prefixes.includes(a))));
    if (drop.size === 0) return judge();
    // Each prefix counts one toward the ENI and its groups; only addresses come back to the vSwitch's
    // free count (prefixes come out of its reservations, which that count leaves out).
    const n = drop.size;
    const freed = eni.privateIpAddresses.filter((a) => drop.has(a)).length;
    const groups = eni.securityGroupIds.map((g) => facts.securityGroups.get(g)).filter((g): g is SecurityGroupFacts => g !== undefined);
    const vSwitch = facts.vSwitch(eni.vSwitchId)?.facts;
    const real: Partial<AccountFacts> = { enis: [eni], securityGroups: groups, vSwitches: vSwitch === undefined ? [] : [vSwitch] };
    this.ledger.addFacts({
      enis: [{ ...eni, privateIpAddresses: eni.privateIpAddresses.filter((a) => !drop.has(a)), ...(eni.ipv4Prefixes !== undefined ? { ipv4Prefixes: prefixes.filter((p) => !drop.has(p)) } : {}) }],
      securityGroups: groups.map((g) => (g.privateIpAddressCount === undefined ? g : { ...g, privateIpAddressCount: Math.max(0, g.privateIpAddressCount - n) })),
      vSwitches: vSwitch === undefined || vSwitch.availableIpAddressCount === undefined || freed === 0 ? [] : [{ ...vSwitch, availableIpAddressCount: vSwitch.availableIpAddressCount + freed }],
    });
    try {
      return judge();
    } finally {
      this.ledger.addFacts(real);
      // Ownership judged meanwhile (the resource's own, after its check) saw the released facts.
      for (const name of this.ownersOn.get(eniId) ?? []) this.judgeOwnership(name);
    }
  }
}

const runs = new Map<string, RegionRun>();

/** The region's run in this process, made on first use. */
export function regionRun(regionId: string): RegionRun {
  let run = runs.get(regionId);
  if (run === undefined) {
    run = new RegionRun();
    runs.set(regionId, run);
  }
  return run;
}

/** The region's run if one was made. */
export function existingRegionRun(regionId: string): RegionRun | undefined {
  return runs.get(regionId);
}

/** Starts a new run (tests, benches): no facts, no records. */
export function clearRegionRuns(): void {
  runs.clear();
}
