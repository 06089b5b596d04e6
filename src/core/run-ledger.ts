// The run ledger: what a run (a `pulumi preview`, a CI plan) has committed so far, as aggregates a
// declaration is judged against in time proportional to itself and the facts of its own ENI, groups
// and vSwitch – never to the size of the run. It holds the facts known so far (growing as they are
// read), the new addresses (and IPv4 prefixes, each counting as one) each committed declaration adds
// per ENI and security group, the addresses and the /28s it takes per vSwitch, and
// which declaration claimed each address first. Recording, replacing and withdrawing a declaration
// cost O(size of that declaration).
//
// Two ways to drive it, one per caller:
// - one check at a time (the provider): check() judges a declaration against everything recorded
//   under other keys and records it under its key only when it passes – a failed check adds nothing,
//   a re-check replaces the earlier record (which moves last, as the resource does in the run), and
//   withdraw() drops it (a failed check, a create that turned the demand into addresses the facts
//   now show);
// - a batch (validate(), the CLI): judge() every declaration in order and commit() each, failed or
//   not, for good (a failed one adds no demand, but its claims stick, so a later duplicate is still
//   reported). A committed judgement is folded into the aggregates and not kept.
import { FactsIndex } from "./facts-index";
import { judgeDeclaration } from "./judge";
import { eniLimitRow, groupQuota } from "./judge-limits";
import type { Judgement, RunView, UsageTouch } from "./judgement";
import type { AccountFacts, Declaration, ResolvedLimits, UsageReport } from "./types";
import { checkDeclaration, checkLimits } from "./validation-input";

/** What a record is filed under: a resource name, say. */
export type RecordKey = string;

/**
 * Who claimed one address, first claimant first: a recorded judgement (it may be withdrawn), or the
 * name of a committed one (for good). An array only when there are several.
 */
type Claimant = Judgement | string;
type Claimants = Claimant | Claimant[];

function nameOf(c: Claimant): string {
  return typeof c === "string" ? c : c.declaration;
}

/**
 * The usage report's rows as declarations touch them, first touch fixing the order: per ENI and
 * group, the limits it was last judged under (an ENI's null: its state kept its limit from being
 * judged, kept only until some declaration judges it). Rows are derived from these in usage().
 */
class UsageSlots {
  readonly enis = new Map<string, ResolvedLimits | null>();
  readonly groups = new Map<string, ResolvedLimits>();
  readonly vSwitches = new Set<string>();

  touch(u: UsageTouch): void {
    if (u.vSwitchId !== undefined) this.vSwitches.add(u.vSwitchId);
    const limits = u.limits;
    if (u.eniId === undefined || limits === undefined) return;
    this.enis.set(u.eniId, lastJudged(this.enis.get(u.eniId), u, limits));
    for (const g of u.groupIds ?? []) this.groups.set(g, limits);
  }
}

export interface RunLedgerOptions {
  readonly limits: ResolvedLimits;
  /** The facts known at the start; more can be added with addFacts(). */
  readonly facts?: Partial<AccountFacts> | undefined;
}

export class RunLedger implements RunView {
  readonly facts: FactsIndex;
  readonly limits: ResolvedLimits;
  /** In run order: a record replaced goes last, as a re-checked resource does. */
  private readonly records = new Map<RecordKey, Judgement>();
  /**
   * Per ENI, group and vSwitch, in the order committed and recorded judgements first touched them:
   * the demand counted and the committed usage, one object per id (a commit looks each up once).
   */
  private readonly eniTallies = new Map<string, Tally>();
  private readonly groupTallies = new Map<string, Tally>();
  private readonly vSwitchTallies = new Map<string, VSwitchTally>();
  /** scope ("vsw:<id>" or "eni:<id>") -> address -> its claimants. */
  private readonly claims = new Map<string, Map<number, Claimants>>();

  constructor(options: RunLedgerOptions) {
    checkLimits(options.limits, "limits");
    this.limits = options.limits;
    this.facts = new FactsIndex(options.facts);
  }

  /**
   * Adds facts read for the run (an ENI with its vSwitch and groups, say); a fact already known is
   * replaced, which is how one ENI's facts are refreshed. Records already made keep the demand they
   * were judged with: check a declaration again to judge it against the fresh facts.
   */
  addFacts(facts: Partial<AccountFacts>): void {
    this.facts.add(facts);
  }

  /** The ENI no longer exists (its facts are dropped; records on it stay until withdrawn). */
  forgetEni(networkInterfaceId: string): void {
    this.facts.forgetEni(networkInterfaceId);
  }

  /** Judges a declaration against the facts and everything recorded and committed; changes nothing. */
  judge(declaration: Declaration): Judgement {
    checkDeclaration(declaration, "declaration");
    return judgeDeclaration(this, declaration);
  }

  /**
   * One check of the provider: the declaration is judged against everything but its own earlier
   * record, and recorded under `key` (the resource name) only when it passes; a failed check leaves
   * nothing behind. If judging throws (a LimitsError), the earlier record is gone too, as for a
   * failed check.
   */
  check(declaration: Declaration, key: RecordKey = declaration.name): Judgement {
    this.withdraw(key);
    const judgement = this.judge(declaration);
    if (judgement.passed) this.record(key, judgement);
    return judgement;
  }

  /**
   * Records a judgement under `key`, replacing (and moving last) any earlier record under it. Its
   * claims always count; its demand only when it passed.
   */
  record(key: RecordKey, judgement: Judgement): void {
    const old = this.records.get(key);
    if (old !== undefined) this.unrecord(key, old);
    this.count(judgement, 1);
    this.claim(judgement, judgement);
    this.records.set(key, judgement);
  }

  /** Drops the record under `key`: its demand and claims no longer count. False when there was none. */
  withdraw(key: RecordKey): boolean {
    const rec = this.records.get(key);
    if (rec === undefined) return false;
    this.unrecord(key, rec);
    return true;
  }

  /**
   * Commits a judgement for good, as a batch does with each declaration in turn: its claims always
   * count, its demand when it passed; it cannot be replaced or withdrawn, and is not kept.
   */
  commit(judgement: Judgement): void {
    this.claim(judgement, judgement.declaration);
    const u = judgement.usage;
    const d = judgement.demand;
    const n = counted(judgement);
    // A counted demand lies on the ENI, groups and vSwitch its usage names (both come from the
    // judged ENI): each is looked up once for both.
    const together = n !== 0 && u.eniId === d!.networkInterfaceId && u.groupIds === d!.securityGroupIds && u.vSwitchId === d!.vSwitchId;
    if (n !== 0 && !together) this.count(judgement, 1);
    const adds = together ? n : 0;
    if (u.vSwitchId !== undefined) {
      const v = tally(this.vSwitchTallies, u.vSwitchId, newVSwitchTally);
      v.touched = true;
      if (adds !== 0) addToVSwitch(v, adds, d!.prefixes);
    }
    const limits = u.limits;
    if (u.eniId === undefined || limits === undefined) return;
    const e = tally(this.eniTallies, u.eniId, newTally);
    e.demand += adds;
    e.usage = lastJudged(e.usage, u, limits);
    for (const g of u.groupIds ?? []) {
      const t = tally(this.groupTallies, g, newTally);
      t.demand += adds;
      t.usage = limits;
    }
  }

  /** The judgement recorded under `key`, if any. */
  recorded(key: RecordKey): Judgement | undefined {
    return this.records.get(key);
  }

  /** How many judgements are recorded (committed ones are not counted). */
  get size(): number {
    return this.records.size;
  }

  eniDemand(networkInterfaceId: string): number {
    return this.eniTallies.get(networkInterfaceId)?.demand ?? 0;
  }

  groupDemand(securityGroupId: string): number {
    return this.groupTallies.get(securityGroupId)?.demand ?? 0;
  }

  vSwitchDemand(vSwitchId: string): number {
    return this.vSwitchTallies.get(vSwitchId)?.demand ?? 0;
  }

  vSwitchPrefixDemand(vSwitchId: string): number {
    return this.vSwitchTallies.get(vSwitchId)?.prefixDemand ?? 0;
  }

  claimant(scope: string, address: number, name: string): string | undefined {
    const c = this.claims.get(scope)?.get(address);
    if (c === undefined) return undefined;
    const first = nameOf(Array.isArray(c) ? c[0]! : c);
    return first === name ? undefined : first;
  }

  /**
   * Per ENI, group and vSwitch the committed and recorded declarations touched, the usage after the
   * run's demand (in the order first touched; an ENI's limit as last judged). O(records): a report.
   */
  usage(): UsageReport {
    // Committed usage first, then what the records touch on top.
    const slots = new UsageSlots();
    for (const [id, t] of this.eniTallies) if (t.usage !== undefined) slots.enis.set(id, t.usage);
    for (const [id, t] of this.groupTallies) if (t.usage !== undefined && t.usage !== null) slots.groups.set(id, t.usage);
    for (const [id, t] of this.vSwitchTallies) if (t.touched) slots.vSwitches.add(id);
    for (const judgement of this.records.values()) slots.touch(judgement.usage);

    const enis: UsageReport["enis"][number][] = [];
    for (const [id, limits] of slots.enis) {
      const entry = this.facts.eniEntry(id);
      if (entry === undefined) continue;
      const row = eniLimitRow(this.facts, entry.facts, limits ?? this.limits, limits !== null);
      enis.push({ networkInterfaceId: id, used: entry.count + this.eniDemand(id), limit: row.limit, limitSource: row.limitSource });
    }
    const securityGroups: UsageReport["securityGroups"][number][] = [];
    for (const [id, limits] of slots.groups) {
      const sg = this.facts.securityGroups.get(id);
      if (sg === undefined) continue;
      const quota = groupQuota(sg, limits);
      securityGroups.push({
        securityGroupId: id,
        securityGroupType: sg.securityGroupType,
        used: this.facts.securityGroupCount(sg) + this.groupDemand(id),
        limit: quota.limit,
        limitSource: quota.limitSource,
      });
    }
    const vSwitches: UsageReport["vSwitches"][number][] = [];
    for (const id of slots.vSwitches) {
      const v = this.facts.vSwitch(id);
      if (v === undefined) continue;
      vSwitches.push({ vSwitchId: id, cidrBlock: v.facts.cidrBlock, free: Math.max(0, v.freeBefore - this.vSwitchDemand(id)) });
    }
    return { enis, securityGroups, vSwitches };
  }

  private unrecord(key: RecordKey, rec: Judgement): void {
    this.records.delete(key);
    this.count(rec, -1);
    const claims = rec.claims;
    const byAddress = claims === undefined ? undefined : this.claims.get(claims.scope);
    if (claims === undefined || byAddress === undefined) return;
    for (const a of claims.addresses) {
      const c = byAddress.get(a);
      if (c === rec) {
        byAddress.delete(a);
      } else if (Array.isArray(c)) {
        const i = c.indexOf(rec);
        if (i >= 0) c.splice(i, 1);
        if (c.length === 1) byAddress.set(a, c[0]!);
      }
    }
    if (byAddress.size === 0) this.claims.delete(claims.scope);
  }

  /** Adds (sign 1) or removes (-1) a passed judgement's demand from the tallies. */
  private count(judgement: Judgement, sign: 1 | -1): void {
    const n = counted(judgement);
    if (n === 0) return;
    const demand = judgement.demand!;
    tally(this.eniTallies, demand.networkInterfaceId, newTally).demand += sign * n;
    for (const g of demand.securityGroupIds) tally(this.groupTallies, g, newTally).demand += sign * n;
    addToVSwitch(tally(this.vSwitchTallies, demand.vSwitchId, newVSwitchTally), sign * n, sign * demand.prefixes);
  }

  /** Appends the claimant to every address the judgement claims. */
  private claim(judgement: Judgement, claimant: Claimant): void {
    const claims = judgement.claims;
    if (claims === undefined) return;
    let byAddress = this.claims.get(claims.scope);
    if (byAddress === undefined) {
      byAddress = new Map();
      this.claims.set(claims.scope, byAddress);
    }
    for (const a of claims.addresses) {
      const c = byAddress.get(a);
      if (c === undefined) byAddress.set(a, claimant);
      else if (Array.isArray(c)) c.push(claimant);
      else byAddress.set(a, [c, claimant]);
    }
  }
}

/** What the run adds on one ENI or group, and the limits its committed usage was last judged under. */
interface Tally {
  /** New addresses (IPv4 prefixes one each) of the counted judgements. */
  demand: number;
  /** null (an ENI): its state kept its limit from being judged; undefined: no committed judgement touched it. */
  usage: ResolvedLimits | null | undefined;
}

interface VSwitchTally {
  /** Single addresses taken from the vSwitch's free count. */
  demand: number;
  /** /28s taken from its prefix reservations. */
  prefixDemand: number;
  /** A committed judgement touched it. */
  touched: boolean;
}

const newTally = (): Tally => ({ demand: 0, usage: undefined });
const newVSwitchTally = (): VSwitchTally => ({ demand: 0, prefixDemand: 0, touched: false });

function tally<T>(tallies: Map<string, T>, id: string, make: () => T): T {
  let t = tallies.get(id);
  if (t === undefined) {
    t = make();
    tallies.set(id, t);
  }
  return t;
}

/**
 * An ENI's usage after a touch: the limits it was judged under; "not checked" (null) only until
 * some declaration judged its limit.
 */
function lastJudged(before: ResolvedLimits | null | undefined, u: UsageTouch, limits: ResolvedLimits): ResolvedLimits | null {
  return u.eniChecked === true ? limits : (before ?? null);
}

/** The new addresses a judgement's demand counts for: 0 unless it passed with some. */
function counted(judgement: Judgement): number {
  const demand = judgement.demand;
  return judgement.passed && demand !== undefined && demand.addresses > 0 ? demand.addresses : 0;
}

/** `n` new addresses on the vSwitch, `prefixes` of them /28s (out of its reservations, which its free count already leaves out). */
function addToVSwitch(v: VSwitchTally, n: number, prefixes: number): void {
  v.demand += n - prefixes;
  v.prefixDemand += prefixes;
}
