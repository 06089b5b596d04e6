// Judges one declaration against the facts and what the run has committed so far, rule group by
// rule group (ENI state, arguments, addresses, count, limits), in time proportional to the
// declaration and the facts of its own ENI, groups and vSwitch. Pure: the ledger decides what to
// record. Throws a LimitsError when the declaration's own `limits` hold an invalid value.
import { parseIpv4 } from "./address";
import { judgeAddresses } from "./judge-addresses";
import { judgeArguments } from "./judge-arguments";
import { judgeCount } from "./judge-count";
import { judgeEni } from "./judge-eni";
import { judgeLimits } from "./judge-limits";
import type { Claims, Demand, Found, Judgement, RunView, UsageTouch } from "./judgement";
import { applyOverrides } from "./limits";
import type { Declaration, ValidationWarning, Violation } from "./types";
import { warning } from "./violation";

export function judgeDeclaration(run: RunView, d: Declaration): Judgement {
  const name = d.name;
  const violations: Violation[] = [];
  const warnings: ValidationWarning[] = [];
  const unknown: string[] = [];
  const take = (found: Found): void => {
    for (const v of found.violations) violations.push(v);
    if (found.warnings !== undefined) for (const w of found.warnings) warnings.push(w);
    if (found.unknown !== undefined) unknown.push(found.unknown);
  };

  const eniFound = judgeEni(run, d);
  take(eniFound);
  const target = eniFound.target;
  const args = judgeArguments(d, target.subject);
  take(args);

  const owned = new Set<number>();
  for (const a of d.ownedAddresses ?? []) {
    const n = parseIpv4(a);
    if (n !== undefined) owned.add(n);
  }

  // New addresses this declaration adds; undefined when it cannot be known.
  let demand: number | undefined;
  let claims: Claims | undefined;
  let property = "privateIpAddresses";
  let value: unknown;
  if (args.hasList) {
    value = d.privateIpAddresses;
    const asked = judgeAddresses(run, d, target, owned);
    take(asked);
    demand = asked.demand;
    claims = asked.claims;
  }
  if (args.hasCount) {
    if (!args.hasList) {
      property = "secondaryPrivateIpAddressCount";
      value = d.secondaryPrivateIpAddressCount;
    }
    const asked = judgeCount(run, d, target, owned, args.hasList);
    take(asked);
    // Both given: which one would apply is ambiguous, so no limit is judged (rule 6 fails it).
    demand = args.hasList ? undefined : asked.demand;
  }

  const eni = target.eni;
  let usage: UsageTouch = eni === undefined ? { groups: [] } : { vSwitchId: eni.vSwitchId, groups: [] };
  let placed: Demand | undefined;
  if (eni !== undefined && demand !== undefined) {
    const limits = d.limits === undefined ? run.limits : applyOverrides(run.limits, d.limits, `limits of ${name}`);
    const judged = judgeLimits(run, limits, { ...target, eni }, { subject: target.subject, property, value, adds: demand });
    take(judged);
    usage = { ...usage, ...judged.usage };
    const groups = eni.securityGroupIds.length < 2 ? eni.securityGroupIds : [...new Set(eni.securityGroupIds)];
    placed = { networkInterfaceId: eni.networkInterfaceId, securityGroupIds: groups, vSwitchId: eni.vSwitchId, addresses: demand };
  }

  if (unknown.length > 0) warnings.push(warning("unknown_input", name, target.eniId, { inputs: unknown }));
  return { declaration: name, violations, warnings, passed: violations.length === 0, demand: placed, claims, usage };
}
