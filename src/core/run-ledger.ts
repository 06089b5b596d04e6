// The run ledger: what a run (a `pulumi preview`, a CI plan) has committed so far, as aggregates a
// declaration is judged against in time proportional to itself and the facts of its own ENI, groups
// and vSwitch – never to the size of the run. It holds the facts known so far (growing as they are
// read), the new addresses each recorded declaration adds per ENI, security group and vSwitch, and
// which declaration claimed each address first. Recording, replacing and withdrawing a declaration
// cost O(size of that declaration).
//
// Two ways to drive it, one per caller:
// - a batch (validate(), the CLI): judge every declaration in order and record each, failed or not
//   (a failed one adds no demand, but its claims stick, so a later duplicate is still reported);
// - one check at a time (the provider): check() judges a declaration against everything recorded
//   under other keys, and records it only when it passes – a failed check adds nothing, a re-check
//   replaces the earlier record, and withdraw() drops it (a failed check, a create that turned the
//   demand into addresses the facts now show).
import { FactsIndex } from "./facts-index";
import { judgeDeclaration } from "./judge";
import type { Judgement, RunView } from "./judgement";
import type { AccountFacts, Declaration, ResolvedLimits, UsageReport } from "./types";
import { checkDeclaration, checkLimits } from "./validation-input";

interface LedgerRecord {
  readonly key: string;
  readonly judgement: Judgement;
  /** Whether its demand is counted (it passed). */
  readonly counted: boolean;
}

/** The records that claimed one address, first claimant first (an array only when there are several). */
type Claimants = LedgerRecord | LedgerRecord[];

export interface RunLedgerOptions {
  readonly limits: ResolvedLimits;
  /** The facts known at the start; more can be added with addFacts(). */
  readonly facts?: Partial<AccountFacts> | undefined;
}

export class RunLedger implements RunView {
  readonly facts: FactsIndex;
  readonly limits: ResolvedLimits;
  /** In run order: a record replaced goes last, as a re-checked resource does. */
  private readonly records = new Map<string, LedgerRecord>();
  private readonly eniTotals = new Map<string, number>();
  private readonly groupTotals = new Map<string, number>();
  private readonly vSwitchTotals = new Map<string, number>();
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
   * were judged with: re-check a declaration to judge it against the fresh facts.
   */
  addFacts(facts: Partial<AccountFacts>): void {
    this.facts.add(facts);
  }

  /** The ENI no longer exists (its facts are dropped; records on it stay until withdrawn). */
  forgetEni(networkInterfaceId: string): void {
    this.facts.forgetEni(networkInterfaceId);
  }

  /** Judges a declaration against the facts and every record; changes nothing. */
  judge(declaration: Declaration): Judgement {
    checkDeclaration(declaration, () => "declaration");
    return judgeDeclaration(this, declaration);
  }

  /**
   * Records a judgement under `key`, replacing (and moving last) any earlier record under it. Its
   * claims always count; its demand only when it passed.
   */
  record(key: string, judgement: Judgement): void {
    this.withdraw(key);
    const rec: LedgerRecord = { key, judgement, counted: judgement.passed };
    const demand = judgement.demand;
    if (rec.counted && demand !== undefined && demand.addresses > 0) {
      const n = demand.addresses;
      add(this.eniTotals, demand.networkInterfaceId, n);
      for (const g of demand.securityGroupIds) add(this.groupTotals, g, n);
      add(this.vSwitchTotals, demand.vSwitchId, n);
    }
    const claims = judgement.claims;
    if (claims !== undefined) {
      let byAddress = this.claims.get(claims.scope);
      if (byAddress === undefined) {
        byAddress = new Map();
        this.claims.set(claims.scope, byAddress);
      }
      for (const a of claims.addresses) {
        const c = byAddress.get(a);
        if (c === undefined) byAddress.set(a, rec);
        else if (Array.isArray(c)) c.push(rec);
        else byAddress.set(a, [c, rec]);
      }
    }
    this.records.set(key, rec);
  }

  /** Drops the record under `key`: its demand and claims no longer count. False when there was none. */
  withdraw(key: string): boolean {
    const rec = this.records.get(key);
    if (rec === undefined) return false;
    this.records.delete(key);
    const demand = rec.judgement.demand;
    if (rec.counted && demand !== undefined && demand.addresses > 0) {
      const n = demand.addresses;
      add(this.eniTotals, demand.networkInterfaceId, -n);
      for (const g of demand.securityGroupIds) add(this.groupTotals, g, -n);
      add(this.vSwitchTotals, demand.vSwitchId, -n);
    }
    const claims = rec.judgement.claims;
    const byAddress = claims === undefined ? undefined : this.claims.get(claims.scope);
    if (claims !== undefined && byAddress !== undefined) {
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
    return true;
  }

  /**
   * One check of the provider: the declaration is judged against every other record, and recorded
   * under `key` (the resource name) only when it passes; a failed check leaves nothing behind. If
   * judging throws (a LimitsError), the earlier record is gone too, as for a failed check.
   */
  check(declaration: Declaration, key: string = declaration.name): Judgement {
    this.withdraw(key);
    const judgement = this.judge(declaration);
    if (judgement.passed) this.record(key, judgement);
    return judgement;
  }

  /** The judgement recorded under `key`, if any. */
  recorded(key: string): Judgement | undefined {
    return this.records.get(key)?.judgement;
  }

  get size(): number {
    return this.records.size;
  }

  eniDemand(networkInterfaceId: string): number {
    return this.eniTotals.get(networkInterfaceId) ?? 0;
  }

  groupDemand(securityGroupId: string): number {
    return this.groupTotals.get(securityGroupId) ?? 0;
  }

  vSwitchDemand(vSwitchId: string): number {
    return this.vSwitchTotals.get(vSwitchId) ?? 0;
  }

  claimant(scope: string, address: number, name: string): string | undefined {
    const c = this.claims.get(scope)?.get(address);
    const first = Array.isArray(c) ? c[0] : c;
    if (first === undefined || first.judgement.declaration === name) return undefined;
    return first.judgement.declaration;
  }

  /**
   * Per ENI, group and vSwitch the recorded declarations touched, the usage after the run's demand
   * (in the order they were first touched; an ENI's limit as last judged). O(records): for reports.
   */
  usage(): UsageReport {
    const eniSlots = new Map<string, { limit: number | null; limitSource: string }>();
    const groupSlots = new Map<string, { limit: number | null; limitSource: string; type: string }>();
    const touched = new Set<string>();
    for (const { judgement } of this.records.values()) {
      const u = judgement.usage;
      if (u.vSwitchId !== undefined) touched.add(u.vSwitchId);
      if (u.eni !== undefined && (u.eni.checked || !eniSlots.has(u.eni.id))) eniSlots.set(u.eni.id, { limit: u.eni.limit, limitSource: u.eni.limitSource });
      for (const g of u.groups) groupSlots.set(g.id, { limit: g.limit, limitSource: g.limitSource, type: g.type });
    }
    const enis: UsageReport["enis"][number][] = [];
    for (const [id, slot] of eniSlots) {
      const eni = this.facts.eni(id);
      if (eni === undefined) continue;
      enis.push({ networkInterfaceId: id, used: this.facts.eniAddressCount(eni) + this.eniDemand(id), limit: slot.limit, limitSource: slot.limitSource });
    }
    const securityGroups: UsageReport["securityGroups"][number][] = [];
    for (const [id, slot] of groupSlots) {
      const sg = this.facts.securityGroup(id);
      if (sg === undefined) continue;
      securityGroups.push({
        securityGroupId: id,
        securityGroupType: slot.type,
        used: this.facts.securityGroupCount(sg) + this.groupDemand(id),
        limit: slot.limit,
        limitSource: slot.limitSource,
      });
    }
    const vSwitches: UsageReport["vSwitches"][number][] = [];
    for (const id of touched) {
      const v = this.facts.vSwitch(id);
      if (v === undefined) continue;
      vSwitches.push({ vSwitchId: id, cidrBlock: v.facts.cidrBlock, free: Math.max(0, v.freeBefore - this.vSwitchDemand(id)) });
    }
    return { enis, securityGroups, vSwitches };
  }
}

function add(totals: Map<string, number>, id: string, n: number): void {
  const next = (totals.get(id) ?? 0) + n;
  if (next === 0) totals.delete(id);
  else totals.set(id, next);
}
