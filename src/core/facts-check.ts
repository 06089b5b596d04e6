// Account facts are checked as they enter the core: a malformed fact (a CIDR that does not parse, an
// ENI address that is not an IPv4 address, a count that is not a whole number, an id that is not a
// string, the same id twice in one batch) throws a FactsError naming it, so no rule is ever skipped
// silently because its fact could not be read. Each check also returns the parsed form the index keeps.
import { parseAlignedCidr, parseCidr, parseIpv4, parseIpv4Prefix, type Cidr } from "./address";
import type { CidrReservationFacts, EniFacts, InstanceFacts, InstanceTypeFacts, SecurityGroupFacts, VSwitchFacts } from "./types";

export type FactsErrorCode = "invalid_facts" | "invalid_fact" | "duplicate_fact";

/** ky-style: one class for bad facts; `path` is where in the facts ("enis[3].privateIpAddresses[1]"). */
export class FactsError extends Error {
  override readonly name = "FactsError";
  readonly code: FactsErrorCode;
  readonly path: string;
  readonly value: unknown;

  constructor(code: FactsErrorCode, path: string, value: unknown, message: string) {
    super(message);
    this.code = code;
    this.path = path;
    this.value = value;
  }
}

/**
 * The parsed addresses of a batch of ENIs, end to end in one typed array: parsed once, and no array
 * per ENI for the garbage collector to copy (200,000 addresses in a large account).
 */
export interface AddressStore {
  readonly data: Uint32Array;
  length: number;
}

/** A store for the ENIs of a batch: room for every address their lists hold. */
export function addressStoreFor(enis: readonly unknown[]): AddressStore {
  let size = 0;
  for (const e of enis) {
    const list = typeof e === "object" && e !== null ? (e as { privateIpAddresses?: unknown }).privateIpAddresses : undefined;
    if (Array.isArray(list)) size += list.length;
  }
  return { data: new Uint32Array(size), length: 0 };
}

/** An ENI with what its checked facts give the rules and aggregates. */
export interface EniEntry {
  readonly facts: EniFacts;
  /** Undefined while the primary address is not known yet. */
  readonly primary: number | undefined;
  /** privateIpAddresses, parsed: store.data[start..end). */
  readonly store: Uint32Array;
  readonly start: number;
  readonly end: number;
  /** Private IPv4 addresses on the ENI now, the primary included even if the list forgot it, each
   *  IPv4 prefix counting as one. */
  readonly count: number;
  /** securityGroupIds without repeats. */
  readonly groups: readonly string[];
  /** The first addresses of the ENI's IPv4 prefixes; undefined when it has none. */
  readonly prefixes: readonly number[] | undefined;
  /** IPv6 addresses and IPv6 prefixes on the ENI. */
  readonly ipv6: number;
}

/** A prefix reservation of a vSwitch, parsed. */
export interface ReservationEntry {
  readonly facts: CidrReservationFacts;
  readonly cidr: Cidr;
}

export interface VSwitchEntry {
  readonly facts: VSwitchFacts;
  readonly cidr: Cidr;
  /** Undefined when the facts do not say (not known); empty when the vSwitch has none. */
  readonly reservations: readonly ReservationEntry[] | undefined;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Where a fact is: its list and index; the path text is built only for an error message. */
export interface FactPath {
  readonly list: string;
  readonly index: number;
}

function pathText(at: FactPath): string {
  return `${at.list}[${at.index}]`;
}

function invalid(path: string, value: unknown, expected: string): FactsError {
  return new FactsError("invalid_fact", path, value, `account facts: ${path} = ${describe(value)} is not ${expected}; fix or capture the facts again`);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function record(value: unknown, at: FactPath): Readonly<Record<string, unknown>> {
  if (!isRecord(value)) throw invalid(pathText(at), value, "an object");
  return value;
}

/** "enis[3] (eni-x).status": the id helps find the fact, the path says where it is. */
function field(at: FactPath, factId: string | undefined, key: string): string {
  return `${pathText(at)}${factId === undefined ? "" : ` (${factId})`}.${key}`;
}

// The helpers take the value, not the key: loading o[key] with a varying key would make every
// field read a slow megamorphic lookup, and these run once per fact of a 20,000-ENI account.
function id(v: unknown, at: FactPath, key: string): string {
  if (typeof v !== "string" || v === "") throw invalid(field(at, undefined, key), v, "an id (a non-empty string)");
  return v;
}

function text(v: unknown, at: FactPath, factId: string, key: string): void {
  if (typeof v !== "string") throw invalid(field(at, factId, key), v, "a string");
}

function wholeNumber(v: unknown, at: FactPath, factId: string, key: string, min: number, required: boolean): void {
  if (v === undefined && !required) return;
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min) throw invalid(field(at, factId, key), v, `a whole number of at least ${min}`);
}

export function checkEni(raw: unknown, at: FactPath, store: AddressStore): EniEntry {
  const o = record(raw, at);
  const eniId = id(o["networkInterfaceId"], at, "networkInterfaceId");
  text(o["status"], at, eniId, "status");
  text(o["type"], at, eniId, "type");
  text(o["vSwitchId"], at, eniId, "vSwitchId");
  const instanceId = o["instanceId"];
  if (instanceId !== undefined && (typeof instanceId !== "string" || instanceId === "")) {
    throw invalid(field(at, eniId, "instanceId"), instanceId, "an instance id (a non-empty string)");
  }
  const sgs = o["securityGroupIds"];
  if (!Array.isArray(sgs)) throw invalid(field(at, eniId, "securityGroupIds"), sgs, "a list of security group ids");
  for (let i = 0; i < sgs.length; i++) {
    if (typeof sgs[i] !== "string" || sgs[i] === "") throw invalid(field(at, eniId, `securityGroupIds[${i}]`), sgs[i], "a security group id");
  }
  // Empty: not known yet (an ENI a plan creates, whose primary the cloud will assign); it still
  // counts in the ENI's total.
  const primaryText = o["primaryIpAddress"];
  const primary = primaryText === "" ? undefined : parseIpv4(primaryText);
  if (primary === undefined && primaryText !== "") throw invalid(field(at, eniId, "primaryIpAddress"), primaryText, "an IPv4 address (or empty while not known yet)");
  const list = o["privateIpAddresses"];
  if (!Array.isArray(list)) throw invalid(field(at, eniId, "privateIpAddresses"), list, "a list of IPv4 addresses");
  const data = store.data;
  const start = store.length;
  let hasPrimary = false;
  for (let i = 0; i < list.length; i++) {
    const n = parseIpv4(list[i]);
    if (n === undefined) throw invalid(field(at, eniId, `privateIpAddresses[${i}]`), list[i], "an IPv4 address");
    if (n === primary) hasPrimary = true;
    data[start + i] = n;
  }
  store.length = start + list.length;
  const groups = sgs.length < 2 ? (sgs as string[]) : [...new Set(sgs as string[])];
  const prefixes = o["ipv4Prefixes"] === undefined ? undefined : checkPrefixes(o["ipv4Prefixes"], at, eniId);
  const v6 = o["ipv6AddressCount"];
  const v6Prefixes = o["ipv6PrefixCount"];
  let ipv6 = 0;
  if (v6 !== undefined || v6Prefixes !== undefined) {
    wholeNumber(v6, at, eniId, "ipv6AddressCount", 0, false);
    wholeNumber(v6Prefixes, at, eniId, "ipv6PrefixCount", 0, false);
    ipv6 = ((v6 as number | undefined) ?? 0) + ((v6Prefixes as number | undefined) ?? 0);
  }
  const count = list.length + (hasPrimary ? 0 : 1) + (prefixes?.length ?? 0);
  return { facts: raw as EniFacts, primary, store: data, start, end: store.length, count, groups, prefixes, ipv6 };
}

/** An ENI's IPv4 prefixes: aligned /28s, each once; undefined when the list is empty. */
function checkPrefixes(list: unknown, at: FactPath, eniId: string): number[] | undefined {
  if (!Array.isArray(list)) throw invalid(field(at, eniId, "ipv4Prefixes"), list, "a list of IPv4 prefixes (aligned /28 blocks)");
  if (list.length === 0) return undefined;
  const out: number[] = [];
  for (let i = 0; i < list.length; i++) {
    const first = parseIpv4Prefix(list[i]);
    if (typeof first !== "number") throw invalid(field(at, eniId, `ipv4Prefixes[${i}]`), list[i], "an IPv4 prefix (an aligned /28 such as 10.0.3.64/28)");
    if (out.includes(first)) throw invalid(field(at, eniId, `ipv4Prefixes[${i}]`), list[i], "a prefix listed once (it is listed twice)");
    out.push(first);
  }
  return out;
}

export function checkVSwitch(raw: unknown, at: FactPath): VSwitchEntry {
  const o = record(raw, at);
  const vSwitchId = id(o["vSwitchId"], at, "vSwitchId");
  text(o["cidrBlock"], at, vSwitchId, "cidrBlock");
  const cidr = parseCidr(o["cidrBlock"] as string);
  if (cidr === undefined) {
    throw invalid(field(at, vSwitchId, "cidrBlock"), o["cidrBlock"], "a CIDR block such as 10.0.1.0/24 (a.b.c.d/n, n from 0 to 32)");
  }
  wholeNumber(o["availableIpAddressCount"], at, vSwitchId, "availableIpAddressCount", 0, false);
  const list = o["cidrReservations"];
  if (list === undefined) return { facts: raw as VSwitchFacts, cidr, reservations: undefined };
  if (!Array.isArray(list)) throw invalid(field(at, vSwitchId, "cidrReservations"), list, "a list of reserved CIDR blocks");
  const reservations: ReservationEntry[] = [];
  for (let i = 0; i < list.length; i++) {
    const r = list[i];
    const key = `cidrReservations[${i}]`;
    if (!isRecord(r)) throw invalid(field(at, vSwitchId, key), r, "an object { vSwitchCidrReservationId, cidrBlock }");
    const rid = r["vSwitchCidrReservationId"];
    if (typeof rid !== "string" || rid === "") throw invalid(field(at, vSwitchId, `${key}.vSwitchCidrReservationId`), rid, "an id (a non-empty string)");
    const block = typeof r["cidrBlock"] === "string" ? parseAlignedCidr(r["cidrBlock"]) : undefined;
    if (block === undefined) throw invalid(field(at, vSwitchId, `${key}.cidrBlock`), r["cidrBlock"], "a CIDR block with its host bits clear, such as 10.0.3.64/26");
    reservations.push({ facts: r as unknown as CidrReservationFacts, cidr: block });
  }
  return { facts: raw as VSwitchFacts, cidr, reservations };
}

export function checkInstance(raw: unknown, at: FactPath): InstanceFacts {
  const o = record(raw, at);
  const instanceId = id(o["instanceId"], at, "instanceId");
  text(o["status"], at, instanceId, "status");
  text(o["instanceType"], at, instanceId, "instanceType");
  return raw as InstanceFacts;
}

export function checkInstanceType(raw: unknown, at: FactPath): InstanceTypeFacts {
  const o = record(raw, at);
  wholeNumber(o["eniPrivateIpAddressQuantity"], at, id(o["instanceTypeId"], at, "instanceTypeId"), "eniPrivateIpAddressQuantity", 1, true);
  return raw as InstanceTypeFacts;
}

export function checkSecurityGroup(raw: unknown, at: FactPath): SecurityGroupFacts {
  const o = record(raw, at);
  const securityGroupId = id(o["securityGroupId"], at, "securityGroupId");
  text(o["securityGroupType"], at, securityGroupId, "securityGroupType");
  wholeNumber(o["privateIpAddressCount"], at, securityGroupId, "privateIpAddressCount", 0, false);
  wholeNumber(o["ipv6AddressCount"], at, securityGroupId, "ipv6AddressCount", 0, false);
  wholeNumber(o["ipv6PrefixCount"], at, securityGroupId, "ipv6PrefixCount", 0, false);
  return raw as SecurityGroupFacts;
}

/** The list under `key`, or an empty one when absent; anything else is malformed facts. */
export function factList(facts: Readonly<Record<string, unknown>>, key: string, path: string): readonly unknown[] {
  const v = facts[key];
  if (v === undefined) return [];
  if (!Array.isArray(v)) throw invalid(`${path}.${key}`, v, "a list");
  return v;
}

/** The facts object itself. */
export function checkFactsObject(facts: unknown, path: string): Readonly<Record<string, unknown>> {
  if (!isRecord(facts)) {
    throw new FactsError("invalid_facts", path, facts, `account facts: ${path} = ${describe(facts)} is not an object with enis, vSwitches, instances, instanceTypes and securityGroups`);
  }
  return facts;
}

/** Throws when one batch of facts names the same id twice (which one is true cannot be known). */
export function duplicateFact(path: string, kind: string, factId: string, firstPath: string): FactsError {
  return new FactsError(
    "duplicate_fact",
    path,
    factId,
    `account facts: ${path} repeats ${kind} ${factId} (already at ${firstPath}); each id may appear once, fix or capture the facts again`,
  );
}
