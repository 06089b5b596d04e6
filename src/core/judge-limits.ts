// Rules 11-13: the ENI's limit and each basic security group's quota, counting what the account
// holds now, what earlier declarations of the run add and what this one adds (one helper judges
// both), and a count against the vSwitch's free addresses. Only for a declaration whose ENI and
// demand are known.
import type { FactsIndex } from "./facts-index";
import type { EniEntry } from "./facts-check";
import { append, NONE, type EniTarget, type Found, type RunView } from "./judgement";
import { LIMIT_ENV } from "./limits";
import type { EniFacts, QuotaDetail, ResolvedLimits, SecurityGroupFacts, ValidationWarning, Violation } from "./types";
import { violation, warning } from "./violation";

interface EniLimit {
  readonly value: number;
  /** "ENI is Available; default profile", … printed in the message. */
  readonly context: string;
  /** The knob a user turns to change it. */
  readonly knob: string;
  /** When the instance type is not known and the limit is a fallback: what the warning says. */
  readonly unknownType: UnknownTypeDetail | undefined;
}

interface UnknownTypeDetail {
  readonly instanceId: string;
  readonly instanceType?: string;
  readonly limit: number;
  readonly limitSource: string;
}

/**
 * The per-ENI limit: the Available cap while unbound; once bound, the instance type's quantity (a
 * limits override beats DescribeInstanceTypes), capped by eniMaxIps when set. An unknown instance
 * type falls back to the cap (or the Available cap when there is none) with a warning.
 */
function eniLimitOf(facts: FactsIndex, eni: EniFacts, limits: ResolvedLimits): EniLimit {
  const cap = limits.eniMaxIps;
  let base: EniLimit;
  if (eni.status === "Available") {
    base = { value: limits.availableEniMaxIps.value, context: `ENI is Available; ${limits.availableEniMaxIps.source}`, knob: LIMIT_ENV.availableEniMaxIps, unknownType: undefined };
  } else {
    const instanceId = eni.instanceId ?? "(no instance)";
    const type = eni.instanceId === undefined ? undefined : facts.instances.get(eni.instanceId)?.instanceType;
    const override = type === undefined ? undefined : limits.instanceTypeEniIps[type];
    const fromFacts = type === undefined ? undefined : facts.instanceTypeEniIps.get(type);
    if (type !== undefined && override !== undefined) {
      base = { value: override.value, context: `ENI is bound to ${instanceId}, type ${type}; ${override.source}`, knob: LIMIT_ENV.instanceTypeEniIps, unknownType: undefined };
    } else if (type !== undefined && fromFacts !== undefined) {
      base = {
        value: fromFacts,
        context: `ENI is bound to ${instanceId}, type ${type}; DescribeInstanceTypes EniPrivateIpAddressQuantity`,
        knob: LIMIT_ENV.instanceTypeEniIps,
        unknownType: undefined,
      };
    } else {
      const fallback =
        cap.value !== null
          ? { value: cap.value, context: `per-ENI cap; ${cap.source}` }
          : { value: limits.availableEniMaxIps.value, context: `Available-ENI limit; ${limits.availableEniMaxIps.source}` };
      return {
        value: fallback.value,
        context: `instance type ${type ?? "unknown"} not known, fell back to the ${fallback.context}`,
        knob: LIMIT_ENV.instanceTypeEniIps,
        unknownType: { instanceId, ...(type === undefined ? {} : { instanceType: type }), limit: fallback.value, limitSource: fallback.context },
      };
    }
  }
  if (cap.value !== null && cap.value < base.value) {
    return {
      value: cap.value,
      context: `${base.context} says ${base.value}, capped at ${cap.value} for any ENI; ${cap.source}`,
      knob: LIMIT_ENV.eniMaxIps,
      unknownType: undefined,
    };
  }
  return base;
}

/**
 * The one quota rule, for an ENI and for a group alike: what is there now, plus what earlier
 * declarations add, plus what this one adds, must stay within the limit. Adding nothing never fails
 * (an ENI already over its limit is not this declaration's doing). Returns the numbers when over.
 */
function overQuota(adds: number, current: number, earlier: number, limit: number, limitSource: string): QuotaDetail | undefined {
  const total = current + earlier + adds;
  if (adds <= 0 || total <= limit) return undefined;
  return { total, limit, limitSource, current, earlier, adds };
}

/** The IPv4 prefixes and IPv6 entries a quota total holds, for the message (absent when none). */
function counted(detail: QuotaDetail, prefixes: number, ipv6: number): QuotaDetail {
  if (prefixes === 0 && ipv6 === 0) return detail;
  return { ...detail, ...(prefixes === 0 ? {} : { prefixes }), ...(ipv6 === 0 ? {} : { ipv6 }) };
}

/**
 * `limits`: the run's, with the declaration's own overrides applied. The declaration adds `adds` new
 * addresses, `prefixes` of them IPv4 prefixes (each counting as one); `property`/`value` (the list,
 * or the count when only a count is given) are what a limit violation names.
 */
export function judgeLimits(
  run: RunView,
  limits: ResolvedLimits,
  target: EniTarget,
  entry: EniEntry,
  property: string,
  value: unknown,
  adds: number,
  prefixes = 0,
): Found {
  const eni = entry.facts;
  const vsw = target.vsw;
  const name = target.declaration;
  const id = eni.networkInterfaceId;
  let violations: Violation[] | undefined;
  let warnings: ValidationWarning[] | undefined;

  if (target.stateOk) {
    const limit = eniLimitOf(run.facts, eni, limits);
    if (limit.unknownType !== undefined) warnings = append(warnings, warning("unknown_instance_type", name, id, limit.unknownType));
    const over = overQuota(adds, entry.count, run.eniDemand(id), limit.value, limit.context);
    const onEni = (entry.prefixes?.length ?? 0) + prefixes;
    if (over !== undefined) violations = append(violations, violation("eni_ip_limit", target, property, value, { ...counted(over, onEni, 0), knob: limit.knob }));
  }

  for (const sgId of entry.groups) {
    const sg = run.facts.securityGroups.get(sgId);
    if (sg === undefined) {
      warnings = append(warnings, warning("unknown_security_group", name, id, { securityGroupId: sgId }));
      continue;
    }
    const quota = groupQuota(sg, limits);
    if (quota.limit === null) continue;
    // The current profile follows the current security-group page: IPv6 addresses and prefixes count too.
    const ipv6 = limits.profile === "current" ? run.facts.securityGroupIpv6Count(sg) : 0;
    const over = overQuota(adds, run.facts.securityGroupCount(sg) + ipv6, run.groupDemand(sgId), quota.limit, quota.limitSource);
    if (over !== undefined) {
      violations = append(violations, violation("security_group_quota", target, property, value, { ...counted(over, prefixes, ipv6), securityGroupId: sgId }));
    }
  }

  if (property === "secondaryPrivateIpAddressCount" && vsw !== undefined && adds > 0) {
    const earlier = run.vSwitchDemand(vsw.facts.vSwitchId);
    const free = Math.max(0, vsw.freeBefore - earlier);
    if (adds > free) {
      const detail = { vSwitchId: vsw.facts.vSwitchId, cidrBlock: vsw.facts.cidrBlock, needed: adds, free, earlier };
      violations = append(violations, violation("vswitch_exhausted", target, property, value, detail));
    }
  }
  return { violations: violations ?? NONE, warnings: warnings ?? NONE };
}

/** A usage row's limit: the value (null: none applies) and where it comes from. */
export interface LimitRow {
  readonly limit: number | null;
  readonly limitSource: string;
}

/**
 * The ENI's limit as judgeLimits judges it, for the usage report; `checked` false when the ENI's
 * state kept its limit from being judged.
 */
export function eniLimitRow(facts: FactsIndex, eni: EniFacts, limits: ResolvedLimits, checked: boolean): LimitRow {
  if (!checked) return { limit: null, limitSource: `not checked: ENI is ${eni.status}` };
  const limit = eniLimitOf(facts, eni, limits);
  return { limit: limit.value, limitSource: limit.context };
}

const ADVANCED_GROUP: LimitRow = { limit: null, limitSource: "advanced security group: no address quota" };

/** A group's address quota: none for an advanced (enterprise) group, which counts ENIs, not addresses. */
export function groupQuota(sg: SecurityGroupFacts, limits: ResolvedLimits): LimitRow {
  if (sg.securityGroupType === "enterprise") return ADVANCED_GROUP;
  return { limit: limits.basicSecurityGroupMaxIps.value, limitSource: limits.basicSecurityGroupMaxIps.source };
}
