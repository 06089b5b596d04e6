// Rules 11-13: the ENI's limit and each basic security group's quota, counting what the account
// holds now, what earlier declarations of the run add and what this one adds (one helper judges
// both), and a count against the vSwitch's free addresses. Only for a declaration whose ENI and
// demand are known.
import type { FactsIndex } from "./facts-index";
import type { EniEntry } from "./facts-check";
import { append, NONE, type EniTarget, type Found, type RunView, type UsageTouch } from "./judgement";
import { LIMIT_ENV } from "./limits";
import type { EniFacts, QuotaDetail, ResolvedLimits, ValidationWarning, Violation } from "./types";
import { violation, warning } from "./violation";

interface EniLimit {
  readonly value: number;
  /** "ENI is Available; default profile", … printed in the message. */
  readonly context: string;
  /** The knob a user turns to change it. */
  readonly knob: string;
  /** Said when the instance type is not known and the limit is a fallback. */
  readonly warning: ValidationWarning | undefined;
}

/**
 * The per-ENI limit: the Available cap while unbound; once bound, the instance type's quantity (a
 * limits override beats DescribeInstanceTypes), capped by eniMaxIps when set. An unknown instance
 * type falls back to the cap (or the Available cap when there is none) with a warning.
 */
function eniLimitOf(facts: FactsIndex, name: string, eni: EniFacts, limits: ResolvedLimits): EniLimit {
  const cap = limits.eniMaxIps;
  let base: EniLimit;
  if (eni.status === "Available") {
    base = { value: limits.availableEniMaxIps.value, context: `ENI is Available; ${limits.availableEniMaxIps.source}`, knob: LIMIT_ENV.availableEniMaxIps, warning: undefined };
  } else {
    const instanceId = eni.instanceId ?? "(no instance)";
    const type = eni.instanceId === undefined ? undefined : facts.instances.get(eni.instanceId)?.instanceType;
    const override = type === undefined ? undefined : limits.instanceTypeEniIps[type];
    const fromFacts = type === undefined ? undefined : facts.instanceTypeEniIps.get(type);
    if (type !== undefined && override !== undefined) {
      base = { value: override.value, context: `ENI is bound to ${instanceId}, type ${type}; ${override.source}`, knob: LIMIT_ENV.instanceTypeEniIps, warning: undefined };
    } else if (type !== undefined && fromFacts !== undefined) {
      base = {
        value: fromFacts,
        context: `ENI is bound to ${instanceId}, type ${type}; DescribeInstanceTypes EniPrivateIpAddressQuantity`,
        knob: LIMIT_ENV.instanceTypeEniIps,
        warning: undefined,
      };
    } else {
      const fallback =
        cap.value !== null
          ? { value: cap.value, context: `per-ENI cap; ${cap.source}` }
          : { value: limits.availableEniMaxIps.value, context: `Available-ENI limit; ${limits.availableEniMaxIps.source}` };
      const w = warning("unknown_instance_type", name, eni.networkInterfaceId, {
        instanceId,
        ...(type === undefined ? {} : { instanceType: type }),
        limit: fallback.value,
        limitSource: fallback.context,
      });
      return {
        value: fallback.value,
        context: `instance type ${type ?? "unknown"} not known, fell back to the ${fallback.context}`,
        knob: LIMIT_ENV.instanceTypeEniIps,
        warning: w,
      };
    }
  }
  if (cap.value !== null && cap.value < base.value) {
    return {
      value: cap.value,
      context: `${base.context} says ${base.value}, capped at ${cap.value} for any ENI; ${cap.source}`,
      knob: LIMIT_ENV.eniMaxIps,
      warning: undefined,
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
): Found & Required<Pick<UsageTouch, "eni" | "groups">> {
  const eni = entry.facts;
  const vsw = target.vsw;
  const name = target.declaration;
  const id = eni.networkInterfaceId;
  let violations: Violation[] | undefined;
  let warnings: ValidationWarning[] | undefined;

  let eniUsage: NonNullable<UsageTouch["eni"]>;
  if (target.stateOk) {
    const limit = eniLimitOf(run.facts, name, eni, limits);
    if (limit.warning !== undefined) warnings = append(warnings, limit.warning);
    eniUsage = { id, checked: true, limit: limit.value, limitSource: limit.context };
    const over = overQuota(adds, entry.count, run.eniDemand(id), limit.value, limit.context);
    const onEni = (entry.prefixes?.length ?? 0) + prefixes;
    if (over !== undefined) violations = append(violations, violation("eni_ip_limit", target, property, value, { ...counted(over, onEni, 0), knob: limit.knob }));
  } else {
    eniUsage = { id, checked: false, limit: null, limitSource: `not checked: ENI is ${eni.status}` };
  }

  let groups: UsageTouch["groups"][number][] | undefined;
  for (const sgId of entry.groups) {
    const sg = run.facts.securityGroups.get(sgId);
    if (sg === undefined) {
      warnings = append(warnings, warning("unknown_security_group", name, id, { securityGroupId: sgId }));
      continue;
    }
    // Advanced (enterprise) groups count ENIs, not addresses: no address quota to break.
    if (sg.securityGroupType === "enterprise") {
      groups = append(groups, { id: sgId, type: sg.securityGroupType, limit: null, limitSource: "advanced security group: no address quota" });
      continue;
    }
    const limit = limits.basicSecurityGroupMaxIps;
    groups = append(groups, { id: sgId, type: sg.securityGroupType, limit: limit.value, limitSource: limit.source });
    // The current profile follows the current security-group page: IPv6 addresses and prefixes count too.
    const ipv6 = limits.profile === "current" ? run.facts.securityGroupIpv6Count(sg) : 0;
    const over = overQuota(adds, run.facts.securityGroupCount(sg) + ipv6, run.groupDemand(sgId), limit.value, limit.source);
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
  return { violations: violations ?? NONE, warnings: warnings ?? NONE, eni: eniUsage, groups: groups ?? NONE };
}
