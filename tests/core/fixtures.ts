// Builders for account facts and declarations in core tests: a small default account, and helpers to
// fill ENIs and groups to an exact number of addresses so boundary tests read as arithmetic.
import { intToIpv4, ipv4ToInt } from "../../src/core/address";
import { resolveLimits } from "../../src/core/limits";
import type {
  AccountFacts,
  Declaration,
  EniFacts,
  InstanceFacts,
  InstanceTypeFacts,
  ResolvedLimits,
  SecurityGroupFacts,
  ValidationResult,
  VSwitchFacts,
} from "../../src/core/types";
import { validate } from "../../src/core/validate";

/** `n` consecutive addresses starting at `from` ("10.0.0.100", 3 -> .100 .101 .102). */
export function addresses(from: string, n: number): string[] {
  const start = ipv4ToInt(from);
  return Array.from({ length: n }, (_, i) => intToIpv4(start + i));
}

export function vSwitch(vSwitchId: string, cidrBlock: string, extra: Partial<VSwitchFacts> = {}): VSwitchFacts {
  return { vSwitchId, cidrBlock, ...extra };
}

export interface EniSpec {
  status?: string;
  type?: string;
  vSwitchId?: string;
  instanceId?: string;
  securityGroupIds?: string[];
  primary: string;
  /** Secondary addresses (the primary is added to privateIpAddresses automatically). */
  secondaries?: string[];
  /** IPv4 prefixes on the ENI ("10.0.3.64/28"). */
  prefixes?: string[];
  ipv6AddressCount?: number;
  ipv6PrefixCount?: number;
}

export function eni(networkInterfaceId: string, spec: EniSpec): EniFacts {
  return {
    networkInterfaceId,
    status: spec.status ?? (spec.instanceId === undefined ? "Available" : "InUse"),
    type: spec.type ?? "Secondary",
    vSwitchId: spec.vSwitchId ?? "vsw-a",
    ...(spec.instanceId === undefined ? {} : { instanceId: spec.instanceId }),
    securityGroupIds: spec.securityGroupIds ?? ["sg-basic"],
    primaryIpAddress: spec.primary,
    privateIpAddresses: [spec.primary, ...(spec.secondaries ?? [])],
    ...(spec.prefixes === undefined ? {} : { ipv4Prefixes: spec.prefixes }),
    ...(spec.ipv6AddressCount === undefined ? {} : { ipv6AddressCount: spec.ipv6AddressCount }),
    ...(spec.ipv6PrefixCount === undefined ? {} : { ipv6PrefixCount: spec.ipv6PrefixCount }),
  };
}

export function instance(instanceId: string, instanceType: string, status = "Running"): InstanceFacts {
  return { instanceId, instanceType, status };
}

export function instanceType(instanceTypeId: string, eniPrivateIpAddressQuantity: number): InstanceTypeFacts {
  return { instanceTypeId, eniPrivateIpAddressQuantity };
}

export function securityGroup(
  securityGroupId: string,
  securityGroupType: string,
  privateIpAddressCount?: number,
): SecurityGroupFacts {
  return { securityGroupId, securityGroupType, ...(privateIpAddressCount === undefined ? {} : { privateIpAddressCount }) };
}

/**
 * The default account: vsw-a 10.0.0.0/24 (usable .1-.252), a basic group sg-basic (count summed from
 * ENIs) and an advanced group sg-adv; i-run (ecs.g6.large, 6 per ENI) Running.
 *  - eni-avail: Available, primary 10.0.0.10
 *  - eni-bound: InUse on i-run, Secondary, primary 10.0.0.20
 *  - eni-prim:  InUse on i-run, Primary, primary 10.0.0.30
 */
export function account(extra: Partial<{ [K in keyof AccountFacts]: AccountFacts[K] }> = {}): AccountFacts {
  return {
    enis: extra.enis ?? [
      eni("eni-avail", { primary: "10.0.0.10" }),
      eni("eni-bound", { primary: "10.0.0.20", instanceId: "i-run" }),
      eni("eni-prim", { primary: "10.0.0.30", instanceId: "i-run", type: "Primary" }),
    ],
    vSwitches: extra.vSwitches ?? [vSwitch("vsw-a", "10.0.0.0/24")],
    instances: extra.instances ?? [instance("i-run", "ecs.g6.large")],
    instanceTypes: extra.instanceTypes ?? [instanceType("ecs.g6.large", 6)],
    securityGroups: extra.securityGroups ?? [securityGroup("sg-basic", "normal"), securityGroup("sg-adv", "enterprise")],
  };
}

export function list(name: string, networkInterfaceId: Declaration["networkInterfaceId"], privateIpAddresses: unknown[], extra: Partial<Declaration> = {}): Declaration {
  return { name, networkInterfaceId, privateIpAddresses, ...extra };
}

export function count(name: string, networkInterfaceId: Declaration["networkInterfaceId"], n: unknown, extra: Partial<Declaration> = {}): Declaration {
  return { name, networkInterfaceId, secondaryPrivateIpAddressCount: n, ...extra };
}

export function prefixes(name: string, networkInterfaceId: Declaration["networkInterfaceId"], ipv4Prefixes: unknown[], extra: Partial<Declaration> = {}): Declaration {
  return { name, networkInterfaceId, ipv4Prefixes, ...extra };
}

export function prefixCount(name: string, networkInterfaceId: Declaration["networkInterfaceId"], n: unknown, extra: Partial<Declaration> = {}): Declaration {
  return { name, networkInterfaceId, ipv4PrefixCount: n, ...extra };
}

export function run(declarations: Declaration[], facts: AccountFacts = account(), limits: ResolvedLimits = resolveLimits()): ValidationResult {
  return validate({ declarations, facts, limits });
}

/** Codes of the violations, in order (what tests compare; never the wording). */
export function codes(result: ValidationResult): string[] {
  return result.violations.map((v) => v.code);
}

/** `declaration:code` pairs: who got which violation. */
export function blame(result: ValidationResult): string[] {
  return result.violations.map((v) => `${v.declaration}:${v.code}`);
}

export function warningCodes(result: ValidationResult): string[] {
  return result.warnings.map((w) => w.code);
}
