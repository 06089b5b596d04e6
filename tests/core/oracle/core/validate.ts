// The rule engine: judges every declaration of a run, in order, against the account facts plus the
// demand of the run's earlier declarations, and reports violations (data), warnings and usage.
// Pure and synchronous; the Pulumi provider, the CLI and library callers all go through here.
// Throws only a LimitsError, when a declaration's own `limits` hold an invalid value.
import { cidrContains, intToIpv4, isReservedInCidr, parseIpv4, RESERVED_AT_END, RESERVED_AT_START } from "./address";
import { DemandLedger } from "./demand";
import { FactsIndex, type VSwitchIndex } from "./facts-index";
import { applyOverrides, LIMIT_ENV } from "./limits";
import { messages, warnings as warningText } from "./messages";
import { RULES } from "./rules";
import {
  UNKNOWN,
  type Declaration,
  type EniFacts,
  type ResolvedLimits,
  type UsageReport,
  type ValidationInput,
  type ValidationResult,
  type ValidationWarning,
  type Violation,
  type ViolationCode,
} from "./types";

const ASSIGNABLE_ENI_STATES = new Set(["Available", "InUse"]);
const ASSIGNABLE_INSTANCE_STATES = new Set(["Running", "Stopped"]);

interface EniLimit {
  readonly value: number;
  /** "ENI is Available; default profile", … printed in the message. */
  readonly context: string;
  /** The knob a user turns to change it. */
  readonly knob: string;
}

interface UsageSlot {
  limit: number | null;
  limitSource: string;
}

interface RunState {
  readonly idx: FactsIndex;
  readonly ledger: DemandLedger;
  readonly limits: ResolvedLimits;
  readonly violations: Violation[];
  readonly warnings: ValidationWarning[];
  readonly warned: Set<string>;
  readonly eniUsage: Map<string, UsageSlot>;
  readonly sgUsage: Map<string, UsageSlot & { type: string }>;
  readonly vSwitchesTouched: Set<string>;
}

export function validate(input: ValidationInput): ValidationResult {
  const run: RunState = {
    idx: new FactsIndex(input.facts),
    ledger: new DemandLedger(),
    limits: input.limits,
    violations: [],
    warnings: [],
    warned: new Set(),
    eniUsage: new Map(),
    sgUsage: new Map(),
    vSwitchesTouched: new Set(),
  };
  for (const d of input.declarations) checkDeclaration(run, d);
  return { violations: run.violations, warnings: run.warnings, usage: usageReport(run) };
}

function usableRange(v: VSwitchIndex): string {
  if (v.cidr === undefined) return v.facts.cidrBlock;
  return `${intToIpv4(v.cidr.first + RESERVED_AT_START)}-${intToIpv4(v.cidr.last - RESERVED_AT_END)}`;
}

function isValidCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

function warnOnce(run: RunState, key: string, w: ValidationWarning): void {
  if (run.warned.has(key)) return;
  run.warned.add(key);
  run.warnings.push(w);
}

/**
 * The per-ENI limit: the Available cap while unbound; once bound, the instance type's quantity
 * (a limits override beats DescribeInstanceTypes), capped by eniMaxIps when set. An unknown
 * instance type falls back to the cap (or the Available cap when there is none) with a warning.
 */
function eniLimitOf(run: RunState, d: Declaration, eni: EniFacts, limits: ResolvedLimits): EniLimit {
  const cap = limits.eniMaxIps;
  let base: EniLimit;
  if (eni.status === "Available") {
    base = {
      value: limits.availableEniMaxIps.value,
      context: `ENI is Available; ${limits.availableEniMaxIps.source}`,
      knob: LIMIT_ENV.availableEniMaxIps,
    };
  } else {
    const instanceId = eni.instanceId ?? "(no instance)";
    const type = eni.instanceId === undefined ? undefined : run.idx.instances.get(eni.instanceId)?.instanceType;
    const override = type === undefined ? undefined : limits.instanceTypeEniIps[type];
    const fromFacts = type === undefined ? undefined : run.idx.instanceTypeEniIps.get(type);
    if (type !== undefined && override !== undefined) {
      base = {
        value: override.value,
        context: `ENI is bound to ${instanceId}, type ${type}; ${override.source}`,
        knob: LIMIT_ENV.instanceTypeEniIps,
      };
    } else if (type !== undefined && fromFacts !== undefined) {
      base = {
        value: fromFacts,
        context: `ENI is bound to ${instanceId}, type ${type}; DescribeInstanceTypes EniPrivateIpAddressQuantity`,
        knob: LIMIT_ENV.instanceTypeEniIps,
      };
    } else {
      const fallback =
        cap.value !== null
          ? { value: cap.value, context: `per-ENI cap; ${cap.source}`, knob: LIMIT_ENV.eniMaxIps }
          : {
              value: limits.availableEniMaxIps.value,
              context: `Available-ENI limit; ${limits.availableEniMaxIps.source}`,
              knob: LIMIT_ENV.availableEniMaxIps,
            };
      warnOnce(run, `unknown_instance_type|${eni.networkInterfaceId}`, {
        code: "unknown_instance_type",
        declaration: d.name,
        networkInterfaceId: eni.networkInterfaceId,
        message: warningText.unknownInstanceType(d.name, eni.networkInterfaceId, instanceId, type, fallback.value, fallback.context),
      });
      return {
        value: fallback.value,
        context: `instance type ${type ?? "unknown"} not known, fell back to the ${fallback.context}`,
        knob: LIMIT_ENV.instanceTypeEniIps,
      };
    }
  }
  if (cap.value !== null && cap.value < base.value) {
    return {
      value: cap.value,
      context: `${base.context} says ${base.value}, capped at ${cap.value} for any ENI; ${cap.source}`,
      knob: LIMIT_ENV.eniMaxIps,
    };
  }
  return base;
}

function checkDeclaration(run: RunState, d: Declaration): void {
  const name = d.name;
  const found: Violation[] = [];
  const unknownInputs: string[] = [];
  let eniId: string | undefined;
  let eni: EniFacts | undefined;

  const report = (code: ViolationCode, property: string, value: unknown, message: string): void => {
    const v: Violation = {
      code,
      rule: RULES[code].number,
      declaration: name,
      networkInterfaceId: eniId,
      property,
      message,
      ...(value === undefined ? {} : { value }),
    };
    found.push(v);
  };

  // --- the ENI and its state (rules 8-10) ---
  const rawEni = d.networkInterfaceId;
  if (rawEni === UNKNOWN) {
    unknownInputs.push("networkInterfaceId");
  } else if (typeof rawEni !== "string" || rawEni === "") {
    report("eni_not_found", "networkInterfaceId", rawEni, messages.eniNotFound(name, String(rawEni)));
  } else {
    eniId = rawEni;
    eni = run.idx.enis.get(rawEni);
    if (eni === undefined) report("eni_not_found", "networkInterfaceId", rawEni, messages.eniNotFound(name, rawEni));
  }

  // The value of a state violation is the property's own value (the ENI id); the state that breaks
  // the rule is in the message.
  let eniStateOk = false;
  let vsw: VSwitchIndex | undefined;
  if (eni !== undefined) {
    eniStateOk = ASSIGNABLE_ENI_STATES.has(eni.status);
    if (!eniStateOk) report("eni_state", "networkInterfaceId", eni.networkInterfaceId, messages.eniState(name, eni.networkInterfaceId, eni.status));
    if (eni.type === "Primary" && eni.instanceId !== undefined) {
      const instance = run.idx.instances.get(eni.instanceId);
      if (instance === undefined) {
        run.warnings.push({
          code: "unknown_instance",
          declaration: name,
          networkInterfaceId: eni.networkInterfaceId,
          message: warningText.unknownInstance(name, eni.networkInterfaceId, eni.instanceId),
        });
      } else if (!ASSIGNABLE_INSTANCE_STATES.has(instance.status)) {
        report(
          "instance_state",
          "networkInterfaceId",
          eni.networkInterfaceId,
          messages.instanceState(name, eni.networkInterfaceId, instance.instanceId, instance.status),
        );
      }
    }
    vsw = run.idx.vSwitch(eni.vSwitchId);
    run.vSwitchesTouched.add(eni.vSwitchId);
    if (vsw === undefined) {
      run.warnings.push({
        code: "unknown_vswitch",
        declaration: name,
        networkInterfaceId: eni.networkInterfaceId,
        message: warningText.unknownVSwitch(name, eni.networkInterfaceId, eni.vSwitchId),
      });
    }
  }

  // --- list or count (rules 6-7) ---
  const list = d.privateIpAddresses;
  const count = d.secondaryPrivateIpAddressCount;
  const hasList = list !== undefined && list !== null;
  const hasCount = count !== undefined && count !== null;
  if (hasList && hasCount) {
    report("conflicting_args", "secondaryPrivateIpAddressCount", count, messages.conflictingBoth(name));
  } else if (!hasList && !hasCount) {
    report("conflicting_args", "privateIpAddresses", undefined, messages.conflictingNeither(name));
  }

  const owned = new Set<number>();
  for (const a of d.ownedAddresses ?? []) {
    const n = parseIpv4(a);
    if (n !== undefined) owned.add(n);
  }

  // New addresses this declaration adds; undefined when it cannot be known (unknown list or count).
  let demand: number | undefined;
  let property = "privateIpAddresses";
  let value: unknown;

  // --- explicit addresses (rules 1-5) ---
  if (hasList) {
    value = list;
    if (list === UNKNOWN) {
      unknownInputs.push("privateIpAddresses");
    } else if (!Array.isArray(list)) {
      report("invalid_ip", "privateIpAddresses", list, messages.invalidList(name, list));
    } else {
      demand = 0;
      let unknownElements = 0;
      const seen = new Set<number>();
      // Duplicates across declarations are judged per vSwitch (addresses are unique in a VPC, and a
      // vSwitch CIDR lies in one VPC; two VPCs may reuse the same range). Without vSwitch facts, per ENI.
      const scope = vsw !== undefined ? `vsw:${vsw.facts.vSwitchId}` : eniId !== undefined ? `eni:${eniId}` : undefined;
      for (let i = 0; i < list.length; i++) {
        const el: unknown = list[i];
        if (el === UNKNOWN) {
          // Not known yet, so no address rule can judge it; but it will be one more address on the
          // ENI, in the group and the vSwitch, so it counts as demand of 1 for the limits.
          unknownElements++;
          continue;
        }
        const n = parseIpv4(el);
        if (n === undefined || typeof el !== "string") {
          report("invalid_ip", "privateIpAddresses", el, messages.invalidIp(name, i, el));
          continue;
        }
        if (seen.has(n)) {
          report("duplicate_ip", "privateIpAddresses", el, messages.duplicateWithin(name, el));
          continue;
        }
        seen.add(n);
        if (scope !== undefined) {
          const other = run.ledger.claim(scope, n, name);
          if (other !== undefined) {
            report("duplicate_ip", "privateIpAddresses", el, messages.duplicateAcross(name, el, other));
            continue;
          }
        }
        if (eni === undefined) {
          demand++;
          continue;
        }
        if (vsw?.cidr !== undefined) {
          if (!cidrContains(vsw.cidr, n)) {
            report(
              "outside_vswitch_cidr",
              "privateIpAddresses",
              el,
              messages.outsideCidr(name, el, eni.networkInterfaceId, vsw.facts.vSwitchId, vsw.facts.cidrBlock, usableRange(vsw)),
            );
            continue;
          }
          if (isReservedInCidr(vsw.cidr, n)) {
            report("reserved_ip", "privateIpAddresses", el, messages.reserved(name, el, vsw.facts.vSwitchId, vsw.facts.cidrBlock, usableRange(vsw)));
            continue;
          }
        }
        // Without vSwitch facts we still know this ENI's own addresses.
        const holder = vsw !== undefined ? vsw.used.get(n) : run.idx.eniHas(eni, el) ? eni.networkInterfaceId : undefined;
        if (holder === undefined) {
          demand++;
        } else if (holder === eni.networkInterfaceId) {
          if (el === eni.primaryIpAddress) {
            report("ip_in_use", "privateIpAddresses", el, messages.inUsePrimaryHere(name, el, holder));
          } else if (!owned.has(n) && d.adoptExisting !== true) {
            report("ip_in_use", "privateIpAddresses", el, messages.inUseHere(name, el, holder));
          }
          // Owned or adopted: already on the ENI, so not new demand.
        } else {
          const holderPrimary = run.idx.enis.get(holder)?.primaryIpAddress === el;
          report("ip_in_use", "privateIpAddresses", el, messages.inUseElsewhere(name, el, holder, holderPrimary));
        }
      }
      if (unknownElements > 0) {
        unknownInputs.push(`${unknownElements} element${unknownElements === 1 ? "" : "s"} of privateIpAddresses`);
        demand += unknownElements;
      } else if (eni !== undefined && owned.size > 0) {
        // An update releases the owned addresses it no longer lists before it assigns the new ones
        // (the provider converges in that order), so only the net growth is demand: swapping an
        // address on a full ENI is fine. Never below zero: what this update frees is not credited to
        // other declarations, whose mutations may run before ours.
        let released = 0;
        for (const a of d.ownedAddresses ?? []) if (!seen.has(parseIpv4(a) ?? -1) && run.idx.eniHas(eni, a) && a !== eni.primaryIpAddress) released++;
        demand = Math.max(0, demand - released);
      }
    }
  }

  if (hasCount) {
    if (!hasList) {
      property = "secondaryPrivateIpAddressCount";
      value = count;
    }
    if (count === UNKNOWN) {
      unknownInputs.push("secondaryPrivateIpAddressCount");
    } else if (!isValidCount(count)) {
      report("invalid_count", "secondaryPrivateIpAddressCount", count, messages.invalidCount(name, count));
    } else if (!hasList) {
      // On update the declaration already owns some addresses; only the rest is new. Owned addresses
      // no longer on the ENI (drift) must be assigned again, so only those still on it are subtracted.
      let ownedHere = owned.size;
      if (eni !== undefined) {
        ownedHere = 0;
        for (const a of d.ownedAddresses ?? []) if (run.idx.eniHas(eni, a)) ownedHere++;
      }
      demand = Math.max(0, count - ownedHere);
    }
  }
  // Both given: which one would apply is ambiguous, so no limit is judged (rule 6 already fails it).
  if (hasList && hasCount) demand = undefined;

  // --- limits (rules 11-13) ---
  if (eni !== undefined && demand !== undefined) {
    const limits = d.limits === undefined ? run.limits : applyOverrides(run.limits, d.limits, `limits of ${name}`);
    const id = eni.networkInterfaceId;

    if (eniStateOk) {
      const limit = eniLimitOf(run, d, eni, limits);
      run.eniUsage.set(id, { limit: limit.value, limitSource: limit.context });
      const current = run.idx.eniAddressCount(eni);
      const earlier = run.ledger.onEni(id);
      const total = current + earlier + demand;
      if (demand > 0 && total > limit.value) {
        report(
          "eni_ip_limit",
          property,
          value,
          messages.eniLimit({
            decl: name,
            property,
            eni: id,
            total,
            limit: limit.value,
            context: limit.context,
            current,
            earlier,
            own: demand,
            knob: limit.knob,
          }),
        );
      }
    } else if (!run.eniUsage.has(id)) {
      run.eniUsage.set(id, { limit: null, limitSource: `not checked: ENI is ${eni.status}` });
    }

    for (const sgId of new Set(eni.securityGroupIds)) {
      const sg = run.idx.securityGroups.get(sgId);
      if (sg === undefined) {
        warnOnce(run, `unknown_security_group|${sgId}|${name}`, {
          code: "unknown_security_group",
          declaration: name,
          networkInterfaceId: id,
          message: warningText.unknownSecurityGroup(name, id, sgId),
        });
        continue;
      }
      // Advanced (enterprise) groups count ENIs, not addresses: no address quota to break.
      if (sg.securityGroupType === "enterprise") {
        run.sgUsage.set(sgId, { limit: null, limitSource: "advanced security group: no address quota", type: sg.securityGroupType });
        continue;
      }
      const limit = limits.basicSecurityGroupMaxIps;
      run.sgUsage.set(sgId, { limit: limit.value, limitSource: limit.source, type: sg.securityGroupType });
      const current = run.idx.securityGroupCount(sg);
      const earlier = run.ledger.onSecurityGroup(sgId);
      const total = current + earlier + demand;
      if (demand > 0 && total > limit.value) {
        report(
          "security_group_quota",
          property,
          value,
          messages.securityGroupQuota({
            decl: name,
            property,
            securityGroupId: sgId,
            total,
            limit: limit.value,
            source: limit.source,
            current,
            earlier,
            own: demand,
            eni: id,
          }),
        );
      }
    }

    if (property === "secondaryPrivateIpAddressCount" && vsw?.freeBefore !== undefined && demand > 0) {
      const earlier = run.ledger.onVSwitch(vsw.facts.vSwitchId);
      const free = Math.max(0, vsw.freeBefore - earlier);
      if (demand > free) {
        report(
          "vswitch_exhausted",
          property,
          value,
          messages.vSwitchExhausted({
            decl: name,
            count: demand,
            vSwitchId: vsw.facts.vSwitchId,
            cidr: vsw.facts.cidrBlock,
            free,
            earlier,
            eni: id,
          }),
        );
      }
    }

    // A declaration that fails adds no demand: it will not be applied as is.
    if (found.length === 0) run.ledger.add(id, new Set(eni.securityGroupIds), eni.vSwitchId, demand);
  }

  if (unknownInputs.length > 0) {
    run.warnings.push({
      code: "unknown_input",
      declaration: name,
      ...(eniId === undefined ? {} : { networkInterfaceId: eniId }),
      message: warningText.unknownInput(name, unknownInputs),
    });
  }
  for (const v of found) run.violations.push(v);
}

function usageReport(run: RunState): UsageReport {
  const enis: UsageReport["enis"][number][] = [];
  for (const [id, slot] of run.eniUsage) {
    const eni = run.idx.enis.get(id);
    if (eni === undefined) continue;
    enis.push({
      networkInterfaceId: id,
      used: run.idx.eniAddressCount(eni) + run.ledger.onEni(id),
      limit: slot.limit,
      limitSource: slot.limitSource,
    });
  }
  const securityGroups: UsageReport["securityGroups"][number][] = [];
  for (const [id, slot] of run.sgUsage) {
    const sg = run.idx.securityGroups.get(id);
    if (sg === undefined) continue;
    securityGroups.push({
      securityGroupId: id,
      securityGroupType: slot.type,
      used: run.idx.securityGroupCount(sg) + run.ledger.onSecurityGroup(id),
      limit: slot.limit,
      limitSource: slot.limitSource,
    });
  }
  const vSwitches: UsageReport["vSwitches"][number][] = [];
  for (const id of run.vSwitchesTouched) {
    const v = run.idx.vSwitch(id);
    if (v === undefined || v.freeBefore === undefined) continue;
    vSwitches.push({ vSwitchId: id, cidrBlock: v.facts.cidrBlock, free: Math.max(0, v.freeBefore - run.ledger.onVSwitch(id)) });
  }
  return { enis, securityGroups, vSwitches };
}
