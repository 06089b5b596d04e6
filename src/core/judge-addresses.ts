// Rules 1-5 and an explicit list's demand: each address is one IPv4 address, appears once in the
// declaration and in one declaration of the run, lies in the vSwitch CIDR, is not reserved, and is
// not on an ENI already unless the declaration owns or adopts it. An address that passes and is not
// on the ENI yet is new demand. Addresses and IPv4 prefixes never overlap: an address inside a
// vSwitch's prefix reservation is refused as reserved, one inside a prefix in use as in use.
import { cidrContains, intToIpv4, ipv4PrefixOf, ipv4PrefixText, isReservedInCidr, parseIpv4, RESERVED_AT_END, RESERVED_AT_START } from "./address";
import { eniPrefixHolding, type VSwitchIndex } from "./facts-index";
import { append, NONE, type Asked, type Claims, type EniTarget, type RunView } from "./judgement";
import { UNKNOWN, type Declaration, type Violation } from "./types";
import { violation } from "./violation";

function usableRange(v: VSwitchIndex): string {
  return `${intToIpv4(v.cidr.first + RESERVED_AT_START)}-${intToIpv4(v.cidr.last - RESERVED_AT_END)}`;
}

/** The scope addresses are unique in: the vSwitch when known, else the ENI, else none. */
export function claimScope(target: EniTarget): string | undefined {
  if (target.vsw !== undefined) return target.vsw.scope;
  return target.networkInterfaceId === undefined ? undefined : `eni:${target.networkInterfaceId}`;
}

export function judgeAddresses(run: RunView, d: Declaration, target: EniTarget, owned: ReadonlySet<number>): Asked & { readonly claims: Claims | undefined } {
  const list = d.privateIpAddresses;
  const { eni, vsw } = target;
  const subject = target;
  const name = d.name;
  if (list === UNKNOWN) return { violations: NONE, demand: undefined, unknown: "privateIpAddresses", claims: undefined };
  if (!Array.isArray(list)) {
    return { violations: [violation("invalid_ip", subject, "privateIpAddresses", list, {})], demand: undefined, claims: undefined };
  }

  let violations: Violation[] | undefined;
  const scope = claimScope(target);
  const seen = new Set<number>();
  let demand = 0;
  let unknownElements = 0;
  for (let i = 0; i < list.length; i++) {
    const el: unknown = list[i];
    if (el === UNKNOWN) {
      // Not known yet, so no address rule can judge it; but it will be one more address on the ENI,
      // in the group and the vSwitch, so it counts as demand of 1 for the limits.
      unknownElements++;
      continue;
    }
    const n = parseIpv4(el);
    if (n === undefined || typeof el !== "string") {
      violations = append(violations, violation("invalid_ip", subject, "privateIpAddresses", el, { index: i }));
      continue;
    }
    if (seen.has(n)) {
      violations = append(violations, violation("duplicate_ip", subject, "privateIpAddresses", el, { address: el }));
      continue;
    }
    seen.add(n);
    if (scope !== undefined) {
      // Every address seen is claimed (when there is a scope), whether or not this declaration
      // passes: a duplicate is reported on the later one whatever else is wrong with either.
      const other = run.claimant(scope, n, name);
      if (other !== undefined) {
        violations = append(violations, violation("duplicate_ip", subject, "privateIpAddresses", el, { address: el, otherDeclaration: other }));
        continue;
      }
    }
    if (eni === undefined) {
      demand++;
      continue;
    }
    if (vsw !== undefined) {
      if (!cidrContains(vsw.cidr, n)) {
        const placement = { address: el, vSwitchId: vsw.facts.vSwitchId, cidrBlock: vsw.facts.cidrBlock, usableRange: usableRange(vsw) };
        violations = append(violations, violation("outside_vswitch_cidr", subject, "privateIpAddresses", el, placement));
        continue;
      }
      if (isReservedInCidr(vsw.cidr, n)) {
        const placement = { address: el, vSwitchId: vsw.facts.vSwitchId, cidrBlock: vsw.facts.cidrBlock, usableRange: usableRange(vsw) };
        violations = append(violations, violation("reserved_ip", subject, "privateIpAddresses", el, placement));
        continue;
      }
      const reservation = vsw.reservationAt(n);
      if (reservation !== undefined) {
        const placement = { address: el, vSwitchId: vsw.facts.vSwitchId, cidrBlock: vsw.facts.cidrBlock, usableRange: usableRange(vsw), reservation: reservation.facts };
        violations = append(violations, violation("reserved_ip", subject, "privateIpAddresses", el, placement));
        continue;
      }
    }
    const inPrefix = vsw !== undefined ? vsw.prefixes.get(ipv4PrefixOf(n)) : target.entry !== undefined && eniPrefixHolding(target.entry, n) !== undefined ? eni.networkInterfaceId : undefined;
    if (inPrefix !== undefined) {
      const detail = { address: el, holder: inPrefix, holderAddress: "prefix" as const, thisEni: inPrefix === eni.networkInterfaceId, prefix: ipv4PrefixText(ipv4PrefixOf(n)) };
      violations = append(violations, violation("ip_in_use", subject, "privateIpAddresses", el, detail));
      continue;
    }
    // Without vSwitch facts we still know this ENI's own addresses.
    const holder = vsw !== undefined ? vsw.used.get(n) : run.facts.eniHas(eni, el) ? eni.networkInterfaceId : undefined;
    if (holder === undefined) {
      demand++;
    } else if (holder === eni.networkInterfaceId) {
      if (el === eni.primaryIpAddress) {
        violations = append(violations, violation("ip_in_use", subject, "privateIpAddresses", el, { address: el, holder, holderAddress: "primary", thisEni: true }));
      } else if (!owned.has(n) && d.adoptExisting !== true) {
        violations = append(violations, violation("ip_in_use", subject, "privateIpAddresses", el, { address: el, holder, holderAddress: "secondary", thisEni: true }));
      }
      // Owned or adopted: already on the ENI, so not new demand.
    } else {
      const holderAddress = run.facts.enis.get(holder)?.primaryIpAddress === el ? "primary" : "secondary";
      violations = append(violations, violation("ip_in_use", subject, "privateIpAddresses", el, { address: el, holder, holderAddress, thisEni: false }));
    }
  }
  const claims = scope === undefined || seen.size === 0 ? undefined : { scope, addresses: seen };
  if (unknownElements > 0) {
    const unknown = `${unknownElements} element${unknownElements === 1 ? "" : "s"} of privateIpAddresses`;
    return { violations: violations ?? NONE, demand: demand + unknownElements, unknown, claims };
  }
  if (eni !== undefined && owned.size > 0) {
    // An update releases the owned addresses it no longer lists before it assigns the new ones (the
    // provider converges in that order), so only the net growth is demand: swapping an address on a
    // full ENI is fine. Never below zero: what this update frees is not credited to other
    // declarations, whose mutations may run before ours.
    let released = 0;
    for (const a of d.ownedAddresses ?? []) if (!seen.has(parseIpv4(a) ?? -1) && run.facts.eniHas(eni, a) && a !== eni.primaryIpAddress) released++;
    demand = Math.max(0, demand - released);
  }
  return { violations: violations ?? NONE, demand, claims };
}
