// Rules 16 and 17 and the demand of a declaration's IPv4 prefixes (ipv4Prefixes or ipv4PrefixCount):
// each prefix is an aligned /28, at most ten per declaration (one request's worth); it lies in a prefix
// reservation of the ENI's vSwitch and none of its 16 addresses is in use (an address or a prefix of
// any ENI) or declared by another declaration of the run, unless it is this ENI's own prefix the
// declaration owns or adopts. A count fits in the reservations' free /28s after the run's earlier
// demand. Each new prefix counts as one address toward the ENI's limit and its groups' quota.
import { cidrContains, intToIpv4, IPV4_PREFIX_SIZE, ipv4PrefixOf, ipv4PrefixText, isReservedInCidr, MAX_IPV4_PREFIXES_PER_CALL, parseIpv4, parseIpv4Prefix } from "./address";
import { eniPrefixHolding } from "./facts-index";
import { invalidCountReason } from "./judge-count";
import { append, NONE, type Asked, type Claims, type EniTarget, type RunView } from "./judgement";
import { UNKNOWN, type Declaration, type PrefixUnavailableDetail, type ValidationWarning, type Violation } from "./types";
import { violation, warning } from "./violation";

/** The declaration's owned prefixes still on its ENI, as first addresses. */
function ownedOnEni(d: Declaration, target: EniTarget): Set<number> {
  const owned = new Set<number>();
  const entry = target.entry;
  for (const text of d.ownedPrefixes ?? []) {
    const first = parseIpv4Prefix(text);
    if (typeof first === "number" && (entry === undefined || entry.prefixes?.includes(first) === true)) owned.add(first);
  }
  return owned;
}

/** Warned when the vSwitch is known but its reservations are not (an older snapshot). */
function reservationsWarning(d: Declaration, target: EniTarget): ValidationWarning | undefined {
  const vsw = target.vsw;
  if (vsw === undefined || vsw.reservations !== undefined) return undefined;
  return warning("unknown_reservations", d.name, target.networkInterfaceId, { vSwitchId: vsw.facts.vSwitchId });
}

/** Why the /28 at `first` cannot go on the target's ENI, or undefined (`mine`: it is already there and owned or adopted). */
function unavailable(run: RunView, d: Declaration, target: EniTarget, first: number, owned: ReadonlySet<number>): PrefixUnavailableDetail | "mine" | undefined {
  const { vsw, entry } = target;
  const prefix = ipv4PrefixText(first);
  const id = entry?.facts.networkInterfaceId;
  if (vsw !== undefined) {
    const where = { prefix, vSwitchId: vsw.facts.vSwitchId, cidrBlock: vsw.facts.cidrBlock };
    const last = first + IPV4_PREFIX_SIZE - 1;
    if (vsw.reservations !== undefined) {
      const r = vsw.reservationAt(first);
      if (r === undefined || !cidrContains(r.cidr, last)) return { reason: "outside_reservations", ...where, reservations: vsw.reservations.map((x) => x.facts) };
    } else if (!cidrContains(vsw.cidr, first) || !cidrContains(vsw.cidr, last) || isReservedInCidr(vsw.cidr, first) || isReservedInCidr(vsw.cidr, last)) {
      return { reason: "outside_vswitch", ...where };
    }
    const holder = vsw.prefixes.get(first);
    if (holder !== undefined) {
      if (holder === id && (owned.has(first) || d.adoptExisting === true)) return "mine";
      return { reason: "in_use", prefix, overlaps: prefix, holder, holderAddress: "prefix", thisEni: holder === id };
    }
    for (let a = first; a <= last; a++) {
      const on = vsw.used.get(a);
      if (on === undefined) continue;
      const holderAddress = run.facts.enis.get(on)?.primaryIpAddress === intToIpv4(a) ? "primary" : "secondary";
      return { reason: "in_use", prefix, overlaps: intToIpv4(a), holder: on, holderAddress, thisEni: on === id };
    }
    return undefined;
  }
  if (entry === undefined) return undefined;
  // Without vSwitch facts we still know this ENI's own addresses and prefixes.
  if (eniPrefixHolding(entry, first) !== undefined) {
    if (owned.has(first) || d.adoptExisting === true) return "mine";
    return { reason: "in_use", prefix, overlaps: prefix, holder: entry.facts.networkInterfaceId, holderAddress: "prefix", thisEni: true };
  }
  for (const text of entry.facts.privateIpAddresses) {
    const n = parseIpv4(text);
    if (n !== undefined && ipv4PrefixOf(n) === first) {
      const holderAddress = text === entry.facts.primaryIpAddress ? "primary" : "secondary";
      return { reason: "in_use", prefix, overlaps: text, holder: entry.facts.networkInterfaceId, holderAddress, thisEni: true };
    }
  }
  return undefined;
}

export interface AskedPrefixes extends Asked {
  readonly claims: Claims | undefined;
  /** New prefixes (each one address toward the limits); undefined when not known. */
  readonly prefixes: number | undefined;
}

/** An explicit ipv4Prefixes list. `conflict`: another input is given too (rule 6 fails it), so nothing is asked for. */
export function judgePrefixList(run: RunView, d: Declaration, target: EniTarget, scope: string | undefined, conflict: boolean): AskedPrefixes {
  const list = d.ipv4Prefixes;
  const nothing = { demand: undefined, prefixes: undefined, claims: undefined };
  if (list === UNKNOWN) return { violations: NONE, unknown: "ipv4Prefixes", ...nothing };
  if (!Array.isArray(list)) return { violations: [violation("invalid_prefix", target, "ipv4Prefixes", list, { reason: "not_a_list" })], ...nothing };

  let violations: Violation[] | undefined;
  let warnings: ValidationWarning[] | undefined;
  if (list.length > MAX_IPV4_PREFIXES_PER_CALL) {
    violations = append(violations, violation("invalid_prefix", target, "ipv4Prefixes", list, { reason: "too_many", requested: list.length, max: MAX_IPV4_PREFIXES_PER_CALL }));
  }
  const w = reservationsWarning(d, target);
  if (w !== undefined) warnings = append(warnings, w);
  const owned = ownedOnEni(d, target);
  const seen = new Set<number>();
  const claimed = new Set<number>();
  let fresh = 0;
  let unknownElements = 0;
  for (let i = 0; i < list.length; i++) {
    const el: unknown = list[i];
    if (el === UNKNOWN) {
      unknownElements++;
      continue;
    }
    const first = parseIpv4Prefix(el);
    if (typeof first !== "number") {
      const base = typeof el === "string" ? parseIpv4(el.slice(0, el.indexOf("/"))) : undefined;
      const detail = first === "not_aligned" && base !== undefined ? { reason: first, index: i, aligned: ipv4PrefixText(ipv4PrefixOf(base)) } : { reason: first === "not_aligned" ? ("not_a_prefix" as const) : first, index: i };
      violations = append(violations, violation("invalid_prefix", target, "ipv4Prefixes", el, detail));
      continue;
    }
    const prefix = el as string;
    if (seen.has(first)) {
      violations = append(violations, violation("prefix_unavailable", target, "ipv4Prefixes", el, { reason: "declared", prefix }));
      continue;
    }
    seen.add(first);
    if (scope !== undefined) {
      // Every address of the block is claimed, as a list's addresses are, whether or not this passes.
      let other: string | undefined;
      for (let a = first; a < first + IPV4_PREFIX_SIZE; a++) {
        claimed.add(a);
        other ??= run.claimant(scope, a, d.name);
      }
      if (other !== undefined) {
        violations = append(violations, violation("prefix_unavailable", target, "ipv4Prefixes", el, { reason: "declared", prefix, otherDeclaration: other }));
        continue;
      }
    }
    const why = unavailable(run, d, target, first, owned);
    if (why === "mine") continue;
    if (why !== undefined) {
      violations = append(violations, violation("prefix_unavailable", target, "ipv4Prefixes", el, why));
      continue;
    }
    fresh++;
  }
  const claims = scope === undefined || claimed.size === 0 ? undefined : { scope, addresses: claimed };
  const found = { violations: violations ?? NONE, warnings: warnings ?? NONE, claims };
  if (conflict) return { ...found, demand: undefined, prefixes: undefined };
  if (unknownElements > 0) {
    const unknown = `${unknownElements} element${unknownElements === 1 ? "" : "s"} of ipv4Prefixes`;
    return { ...found, unknown, demand: fresh + unknownElements, prefixes: fresh + unknownElements };
  }
  // An update releases the owned prefixes it no longer lists before it assigns the new ones.
  let released = 0;
  for (const p of owned) if (!seen.has(p)) released++;
  const net = Math.max(0, fresh - released);
  return { ...found, demand: net, prefixes: net };
}

/** An ipv4PrefixCount: 1 to 10 free /28s of the reservations, fewer what the declaration owns already. */
export function judgePrefixCount(run: RunView, d: Declaration, target: EniTarget, conflict: boolean): AskedPrefixes {
  const count = d.ipv4PrefixCount;
  const nothing = { demand: undefined, prefixes: undefined, claims: undefined };
  if (count === UNKNOWN) return { violations: NONE, unknown: "ipv4PrefixCount", ...nothing };
  const reason = invalidCountReason(count);
  if (reason !== undefined) return { violations: [violation("invalid_count", target, "ipv4PrefixCount", count, { reason })], ...nothing };
  const n = count as number;
  if (n > MAX_IPV4_PREFIXES_PER_CALL) {
    return { violations: [violation("invalid_prefix", target, "ipv4PrefixCount", count, { reason: "too_many", requested: n, max: MAX_IPV4_PREFIXES_PER_CALL })], ...nothing };
  }
  if (conflict) return { violations: NONE, ...nothing };
  const demand = Math.max(0, n - ownedOnEni(d, target).size);
  const vsw = target.vsw;
  const w = reservationsWarning(d, target);
  if (w !== undefined) return { violations: NONE, warnings: [w], demand, prefixes: demand, claims: undefined };
  if (vsw === undefined || demand === 0 || target.entry === undefined) return { violations: NONE, demand, prefixes: demand, claims: undefined };
  const earlier = run.vSwitchPrefixDemand(vsw.facts.vSwitchId);
  const free = Math.max(0, (vsw.freePrefixesBefore ?? 0) - earlier);
  if (demand <= free) return { violations: NONE, demand, prefixes: demand, claims: undefined };
  const detail = { reason: "none_free" as const, vSwitchId: vsw.facts.vSwitchId, cidrBlock: vsw.facts.cidrBlock, needed: demand, free, earlier };
  return { violations: [violation("prefix_unavailable", target, "ipv4PrefixCount", count, detail)], demand, prefixes: demand, claims: undefined };
}
