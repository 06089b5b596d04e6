// Judges one declaration against the facts and what the run has committed so far, rule group by
// rule group (ENI state, arguments, addresses, count, limits), in time proportional to the
// declaration and the facts of its own ENI, groups and vSwitch. Pure: the ledger decides what to
// record. Throws a LimitsError when the declaration's own `limits` hold an invalid value.
import { parseIpv4 } from "./address";
import { claimScope, judgeAddresses } from "./judge-addresses";
import { judgeArguments } from "./judge-arguments";
import { judgeCount } from "./judge-count";
import { judgeEni } from "./judge-eni";
import { judgeLimits } from "./judge-limits";
import { judgePrefixCount, judgePrefixList } from "./judge-prefixes";
import { append, NONE, type Claims, type Demand, type Found, type Judgement, type RunView, type UsageTouch } from "./judgement";
import { applyOverrides } from "./limits";
import type { Declaration, ValidationWarning, Violation } from "./types";
import { warning } from "./violation";

const NOTHING_OWNED: ReadonlySet<number> = new Set();

export function judgeDeclaration(run: RunView, d: Declaration): Judgement {
  const name = d.name;
  const found = new Findings();
  const target = judgeEni(run, d);
  found.take(target);
  const args = judgeArguments(d, target);
  found.take(args);

  let owned = NOTHING_OWNED;
  if (d.ownedAddresses !== undefined && d.ownedAddresses.length > 0) {
    const parsed = new Set<number>();
    for (const a of d.ownedAddresses) {
      const n = parseIpv4(a);
      if (n !== undefined) parsed.add(n);
    }
    owned = parsed;
  }

  // New addresses this declaration adds (IPv4 prefixes counting one each); undefined when it cannot be known.
  let demand: number | undefined;
  let prefixes = 0;
  let claims: Claims | undefined;
  let property = "privateIpAddresses";
  let value: unknown;
  if (args.hasList) {
    value = d.privateIpAddresses;
    const asked = judgeAddresses(run, d, target, owned);
    found.take(asked);
    demand = asked.demand;
    claims = asked.claims;
  }
  if (args.hasCount) {
    if (!args.hasList) {
      property = "secondaryPrivateIpAddressCount";
      value = d.secondaryPrivateIpAddressCount;
    }
    const asked = judgeCount(run, d, target, owned, args.hasList);
    found.take(asked);
    // Both given: which one would apply is ambiguous, so no limit is judged (rule 6 fails it).
    demand = args.hasList ? undefined : asked.demand;
  }
  if (args.hasPrefixes || args.hasPrefixCount) {
    const asked = args.hasPrefixes ? judgePrefixList(run, d, target, claimScope(target), args.conflict) : judgePrefixCount(run, d, target, args.conflict);
    found.take(asked);
    if (args.hasPrefixes && args.hasPrefixCount) found.take(judgePrefixCount(run, d, target, true));
    if (args.hasPrefixes) claims ??= asked.claims;
    property = args.hasPrefixes ? "ipv4Prefixes" : "ipv4PrefixCount";
    value = args.hasPrefixes ? d.ipv4Prefixes : d.ipv4PrefixCount;
    demand = args.conflict ? undefined : asked.demand;
    prefixes = asked.prefixes ?? 0;
  }

  const entry = target.entry;
  let usage: UsageTouch = entry === undefined ? NO_USAGE : { vSwitchId: entry.facts.vSwitchId };
  let placed: Demand | undefined;
  if (entry !== undefined && demand !== undefined) {
    const eni = entry.facts;
    const limits = d.limits === undefined ? run.limits : applyOverrides(run.limits, d.limits, `limits of ${name}`);
    const judged = judgeLimits(run, limits, target, entry, property, value, demand, prefixes);
    found.take(judged);
    usage = { vSwitchId: eni.vSwitchId, eniId: eni.networkInterfaceId, eniChecked: target.stateOk, limits, groupIds: entry.groups };
    placed = { networkInterfaceId: eni.networkInterfaceId, securityGroupIds: entry.groups, vSwitchId: eni.vSwitchId, addresses: demand, prefixes };
  }

  const { violations, unknown } = found;
  let warnings = found.warnings;
  if (unknown !== undefined) warnings = append(warnings, warning("unknown_input", name, target.networkInterfaceId, { inputs: unknown }));
  return { declaration: name, violations: violations ?? NONE, warnings: warnings ?? NONE, passed: violations === undefined, demand: placed, claims, usage };
}

/** What the rule groups find, in rule-group order (the order violations are reported in). */
class Findings {
  violations: Violation[] | undefined;
  warnings: ValidationWarning[] | undefined;
  unknown: string[] | undefined;

  take(found: Found): void {
    this.violations = concat(this.violations, found.violations);
    this.warnings = concat(this.warnings, found.warnings);
    if (found.unknown !== undefined) this.unknown = append(this.unknown, found.unknown);
  }
}

const NO_USAGE: UsageTouch = {};

/** `into` with `more` appended; no list made while both are empty. */
function concat<T>(into: T[] | undefined, more: readonly T[] | undefined): T[] | undefined {
  if (more === undefined || more.length === 0) return into;
  if (into === undefined) return [...more];
  for (const x of more) into.push(x);
  return into;
}
