// What the provider object does, loaded lazily inside the dynamic-provider host by package name
// (`require("eni-ips/provider/engine")`). check = static input rules + live validation through the
// core with the run's demand; create/update re-validate against fresh facts, then converge the ENI
// (release the removed, adopt, assign the added); read refreshes; delete releases what it owns.
// It never touches the primary address or addresses this resource does not own – nor adopts,
// assigns or releases an address another resource of this process owns.
//
// Concurrency: Pulumi runs independent resources' operations in parallel in this one process.
// Checks are atomic per region (serial-queue.ts), so two checks in flight see each other's demand;
// create/update/delete hold their ENI across re-validation and mutation, and re-validate against
// the run's other declarations (pending demand and realized ownership), so an ENI cannot be
// over-committed and an address cannot end up owned twice.
import { intToIpv4, ipv4ToInt, parseCidr, parseIpv4, pickFreeAddresses } from "../core/address";
import { resolveLimits } from "../core/limits";
import { messages } from "../core/messages";
import { RULES } from "../core/rules";
import { UNKNOWN, type AccountFacts, type Declaration, type EniFacts, type Violation, type ViolationCode } from "../core/types";
import { validate } from "../core/validate";
import type { AssignRequest, CloudSession } from "../cloud/types";
import { renderGuestConfig } from "../guest/render";
import { isGuestOsFamily } from "../guest/plan";
import { GUEST_OS_FAMILIES, GuestConfigError } from "../guest/types";
import * as registry from "./demand-registry";
import { describeError, inputFailure, providerError, violationFailure, type CheckFailure } from "./failures";
import {
  decodeInputs,
  decodeState,
  isUnknown,
  knownAddressList,
  RESOURCE_LIMIT_KEYS,
  toDeclaration,
  type DecodedInputs,
  type Props,
  type ResourceState,
} from "./inputs";
import { checkQueue, eniKey, eniQueue } from "./serial-queue";
import { effectiveRegion, sessionFor } from "./sessions";

export interface CheckResult {
  inputs: Props;
  failures: CheckFailure[];
}

const NO_FACTS: AccountFacts = { enis: [], vSwitches: [], instances: [], instanceTypes: [], securityGroups: [] };
/** The rules a declaration can break without any account facts. */
const OFFLINE_CODES = new Set(["invalid_ip", "duplicate_ip", "conflicting_args", "invalid_count"]);

// ---------------------------------------------------------------------------------------------
// check

/** Types of the resource's own knobs; the addresses, count and ENI are the core's to judge. */
function staticFailures(inputs: DecodedInputs): CheckFailure[] {
  const name = inputs.resourceName;
  const out: CheckFailure[] = [];
  const known = (v: unknown): boolean => v !== undefined && !isUnknown(v);
  if (known(inputs.regionId) && (typeof inputs.regionId !== "string" || inputs.regionId === "")) {
    out.push(inputFailure(name, "regionId", inputs.regionId, "is not a region id (e.g. cn-hangzhou)"));
  }
  if (inputs.regionId === undefined && effectiveRegion(undefined) === undefined) {
    out.push(inputFailure(name, "regionId", undefined, "is required when ALIBABA_CLOUD_REGION_ID is not set"));
  }
  if (known(inputs.adoptExisting) && typeof inputs.adoptExisting !== "boolean") {
    out.push(inputFailure(name, "adoptExisting", inputs.adoptExisting, "must be true or false"));
  }
  if (known(inputs.limits)) {
    const l = inputs.limits;
    if (typeof l !== "object" || l === null || Array.isArray(l)) {
      out.push(inputFailure(name, "limits", l, `must be an object with ${RESOURCE_LIMIT_KEYS.join(", ")}`));
    } else {
      for (const [k, v] of Object.entries(l as Props)) {
        if (!(RESOURCE_LIMIT_KEYS as readonly string[]).includes(k)) {
          out.push(inputFailure(name, `limits.${k}`, v, `is not a per-resource limit (use ${RESOURCE_LIMIT_KEYS.join(", ")})`));
        } else if (isUnknown(v) || v === undefined || (k === "eniMaxIps" && v === null)) {
          continue;
        } else if (typeof v !== "number" || !Number.isInteger(v) || v < 1) {
          out.push(inputFailure(name, `limits.${k}`, v, "must be a whole number of at least 1"));
        }
      }
    }
  }
  if (known(inputs.guestOs) && !isGuestOsFamily(inputs.guestOs)) {
    out.push(inputFailure(name, "guestOs", inputs.guestOs, `is not one of ${GUEST_OS_FAMILIES.join(", ")}`));
  }
  if (known(inputs.interfaceName) && (typeof inputs.interfaceName !== "string" || inputs.interfaceName === "")) {
    out.push(inputFailure(name, "interfaceName", inputs.interfaceName, "must be an interface name such as eth1"));
  }
  if (known(inputs.interfaceName) && inputs.guestOs === undefined) {
    out.push(inputFailure(name, "interfaceName", inputs.interfaceName, "only applies together with guestOs"));
  }
  return out;
}

function eniOf(facts: AccountFacts, id: string): EniFacts | undefined {
  return facts.enis.find((e) => e.networkInterfaceId === id);
}

/**
 * On update, the addresses this resource already owns are not new demand (DESIGN §3). check gets the
 * old *inputs* only: an explicit old list names them; for an old count, that many of the ENI's
 * secondary addresses stand in for them (the limits only need how many).
 */
function ownedFromOldInputs(olds: DecodedInputs, news: DecodedInputs, eni: EniFacts | undefined, others: readonly Declaration[]): string[] {
  const oldList = knownAddressList(olds.privateIpAddresses);
  if (oldList !== undefined) return oldList;
  const oldCount = olds.secondaryPrivateIpAddressCount;
  // A switch from count to list cannot say which listed addresses were ours: judge them as new.
  if (typeof oldCount !== "number" || news.privateIpAddresses !== undefined || eni === undefined) return [];
  const claimed = new Set<string>();
  for (const d of others) if (Array.isArray(d.privateIpAddresses)) for (const a of d.privateIpAddresses) if (typeof a === "string") claimed.add(a);
  return eni.privateIpAddresses.filter((a) => a !== eni.primaryIpAddress && !claimed.has(a)).slice(0, oldCount);
}

/** The account as it will be once a deleteBeforeReplace has released `addresses` from `eniId`. */
function withoutAddresses(facts: AccountFacts, eniId: string, addresses: readonly string[]): AccountFacts {
  const eni = eniOf(facts, eniId);
  if (eni === undefined) return facts;
  const drop = new Set(addresses.filter((a) => a !== eni.primaryIpAddress && eni.privateIpAddresses.includes(a)));
  if (drop.size === 0) return facts;
  const n = drop.size;
  return {
    ...facts,
    enis: facts.enis.map((e) => (e === eni ? { ...e, privateIpAddresses: e.privateIpAddresses.filter((a) => !drop.has(a)) } : e)),
    securityGroups: facts.securityGroups.map((g) =>
      eni.securityGroupIds.includes(g.securityGroupId) && g.privateIpAddressCount !== undefined
        ? { ...g, privateIpAddressCount: Math.max(0, g.privateIpAddressCount - n) }
        : g,
    ),
    vSwitches: facts.vSwitches.map((v) =>
      v.vSwitchId === eni.vSwitchId && v.availableIpAddressCount !== undefined ? { ...v, availableIpAddressCount: v.availableIpAddressCount + n } : v,
    ),
  };
}

/** Renders once with a stand-in address so a bad interface name fails in preview, not after assigning. */
function guestFailures(inputs: DecodedInputs, facts: AccountFacts, eniId: string): CheckFailure[] {
  if (!isGuestOsFamily(inputs.guestOs) || isUnknown(inputs.interfaceName)) return [];
  const eni = eniOf(facts, eniId);
  const cidrBlock = facts.vSwitches.find((v) => v.vSwitchId === eni?.vSwitchId)?.cidrBlock;
  const cidr = cidrBlock === undefined ? undefined : parseCidr(cidrBlock);
  if (eni === undefined || cidr === undefined || cidrBlock === undefined) return [];
  const sample = pickFreeAddresses(cidr, new Set([ipv4ToInt(eni.primaryIpAddress)]), 1)[0];
  if (sample === undefined) return [];
  try {
    renderGuestConfig({
      os: inputs.guestOs,
      addresses: [intToIpv4(sample)],
      cidrBlock,
      primaryIpAddress: eni.primaryIpAddress,
      ...(typeof inputs.interfaceName === "string" ? { interfaceName: inputs.interfaceName } : {}),
    });
  } catch (error) {
    if (error instanceof GuestConfigError && (error.code === "invalid_interface" || error.code === "label_too_long")) {
      return [inputFailure(inputs.resourceName, "interfaceName", inputs.interfaceName, `cannot be used for guestOs ${inputs.guestOs}: ${error.message}`)];
    }
  }
  return [];
}

function limitsNow(): ReturnType<typeof resolveLimits> {
  return resolveLimits({ env: process.env });
}

export async function check(olds: Props, news: Props): Promise<CheckResult> {
  const inputs = decodeInputs(news);
  const name = inputs.resourceName;
  const failures = staticFailures(inputs);
  if (failures.length > 0) {
    // Only the new demand goes: what the resource owns now, it still owns (a failed check of an
    // update changes nothing in the account).
    registry.forgetPending(name);
    return { inputs: news, failures };
  }
  const region = isUnknown(inputs.regionId) ? undefined : effectiveRegion(inputs.regionId);
  const eniId = inputs.networkInterfaceId;
  if (region === undefined || typeof eniId !== "string" || eniId === "") {
    // Not judgeable against the account yet (unknown ENI or region) – or no ENI at all, which the
    // core reports as rule 8. Its demand cannot be placed, so it adds none.
    registry.forgetPending(name);
    const offline = validate({ declarations: [toDeclaration(inputs)], facts: NO_FACTS, limits: limitsNow() });
    const mine = offline.violations.filter(
      (v) => v.declaration === name && (OFFLINE_CODES.has(v.code) || (v.code === "eni_not_found" && !isUnknown(eniId))),
    );
    return { inputs: news, failures: mine.map(violationFailure) };
  }
  // Read the run's demand, gather, validate, record: one check at a time per region, or two checks
  // in flight would each judge themselves without the other (and both pass).
  try {
    return await checkQueue.run(region, () => checkLive(olds, news, inputs, region, eniId));
  } catch (error) {
    registry.forgetPending(name);
    throw rethrow(error, `${name}: check could not read the account (nothing was changed)`);
  }
}

/**
 * Facts for `eniId` and every ENI the run's other declarations name (the core needs their ENIs to
 * place their demand and claims). The others are read again after each gather: a create/update that
 * finished meanwhile may have turned pending demand into ownership; a new ENI among them is gathered
 * too (cached reads, so this costs little).
 */
async function gatherWithOthers(
  session: CloudSession,
  name: string,
  region: string,
  eniIds: readonly string[],
): Promise<{ facts: AccountFacts; others: Declaration[] }> {
  const ids = new Set<string>(eniIds);
  let others = registry.othersInRegion(name, region);
  for (let round = 0; ; round++) {
    for (const d of others) if (typeof d.networkInterfaceId === "string") ids.add(d.networkInterfaceId);
    const facts = await session.gatherFacts([...ids]);
    others = registry.othersInRegion(name, region);
    const missing = others.some((d) => typeof d.networkInterfaceId === "string" && !ids.has(d.networkInterfaceId));
    if (!missing || round >= 2) return { facts, others };
  }
}

async function checkLive(olds: Props, news: Props, inputs: DecodedInputs, region: string, eniId: string): Promise<CheckResult> {
  const name = inputs.resourceName;
  const session = sessionFor(region);
  const old = Object.keys(olds).length > 0 ? decodeInputs(olds) : undefined;
  const oldEni = old !== undefined && typeof old.networkInterfaceId === "string" ? old.networkInterfaceId : undefined;
  const oldRegion = old !== undefined ? effectiveRegion(old.regionId) : undefined;
  const sameResource = old !== undefined && oldEni === eniId && oldRegion === region;
  // A resource this process has not seen outputs of yet (a fresh host of a new `pulumi up`): its
  // old explicit list is what it owns, and no other declaration may take those addresses.
  const oldList = old !== undefined ? knownAddressList(old.privateIpAddresses) : undefined;
  if (oldList !== undefined && oldEni !== undefined && oldRegion !== undefined) registry.assumeOwned(name, oldRegion, oldEni, oldList);

  const ids = [eniId, ...(oldEni !== undefined && !sameResource ? [oldEni] : [])];
  let { facts, others } = await gatherWithOthers(session, name, region, ids);

  let owned: string[] | undefined;
  if (old !== undefined && sameResource) {
    // What the resource owns, as its outputs said, beats a guess from the old inputs.
    const known = registry.ownedBy(name);
    owned =
      known !== undefined && known.regionId === region && known.networkInterfaceId === eniId
        ? [...known.owned]
        : ownedFromOldInputs(old, inputs, eniOf(facts, eniId), others);
  } else if (old !== undefined && oldEni !== undefined) {
    // A replacement that moves the same explicit addresses to another ENI: diff asks for
    // deleteBeforeReplace, so judge the new ENI as if the old resource had released them.
    const newList = new Set(knownAddressList(inputs.privateIpAddresses) ?? []);
    const moving = (oldList ?? []).filter((a) => newList.has(a));
    if (moving.length > 0) facts = withoutAddresses(facts, oldEni, moving);
  }

  const declaration = toDeclaration(inputs, owned);
  const result = validate({ declarations: [...others, declaration], facts, limits: limitsNow() });
  const mine: Violation[] = result.violations.filter((v) => v.declaration === name);
  const all = [...mine.map(violationFailure), ...guestFailures(inputs, facts, eniId)];
  if (all.length > 0) {
    registry.forgetPending(name);
    return { inputs: news, failures: all };
  }
  registry.recordChecked(name, region, declaration);
  return { inputs: news, failures: [] };
}

// ---------------------------------------------------------------------------------------------
// diff

export interface DiffResult {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export async function diff(_id: string, olds: Props, news: Props): Promise<DiffResult> {
  const state = decodeState(olds);
  const inputs = decodeInputs(news);
  const replaces: string[] = [];
  const changed: string[] = [];
  if (isUnknown(inputs.networkInterfaceId) || inputs.networkInterfaceId !== state.networkInterfaceId) replaces.push("networkInterfaceId");
  const region = isUnknown(inputs.regionId) ? UNKNOWN : effectiveRegion(inputs.regionId);
  if (region === UNKNOWN || (state.regionId !== "" && region !== state.regionId)) replaces.push("regionId");

  const list = inputs.privateIpAddresses;
  if (list !== undefined) {
    const known = knownAddressList(list);
    // Also a change when state lost addresses (drift found by read) or came from a count.
    if (known === undefined || !sameSet(known, state.privateIpAddresses) || state.secondaryPrivateIpAddressCount !== undefined) {
      changed.push("privateIpAddresses");
    }
  } else {
    const count = inputs.secondaryPrivateIpAddressCount;
    if (isUnknown(count) || count !== state.secondaryPrivateIpAddressCount || count !== state.privateIpAddresses.length) {
      changed.push("secondaryPrivateIpAddressCount");
    }
  }
  const knob = (k: "adoptExisting" | "guestOs" | "interfaceName" | "limits", now: unknown, before: unknown): void => {
    if (JSON.stringify(now ?? null) !== JSON.stringify(before ?? null) || isUnknown(now)) changed.push(k);
  };
  knob("adoptExisting", inputs.adoptExisting === true ? true : undefined, state.adoptExisting);
  knob("guestOs", inputs.guestOs, state.guestOs);
  knob("interfaceName", inputs.interfaceName, state.interfaceName);
  knob("limits", inputs.limits, state.limits);

  // The same explicit address cannot sit on two ENIs: the old resource must let go first.
  const newList = knownAddressList(list) ?? [];
  const deleteBeforeReplace = replaces.length > 0 && newList.some((a) => state.privateIpAddresses.includes(a));
  return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace };
}

// ---------------------------------------------------------------------------------------------
// create / update: re-validate, then converge

interface Target {
  readonly id: string;
  readonly inputs: DecodedInputs;
  readonly region: string;
  readonly eniId: string;
  readonly session: CloudSession;
}

function resourceId(eniId: string, name: string): string {
  return `${eniId}/${name}`;
}

function stateOf(t: Target, eni: EniFacts, cidrBlock: string, owned: readonly string[]): ResourceState {
  const i = t.inputs;
  const count = i.privateIpAddresses === undefined && typeof i.secondaryPrivateIpAddressCount === "number" ? i.secondaryPrivateIpAddressCount : undefined;
  let guestConfig: unknown;
  if (isGuestOsFamily(i.guestOs) && owned.length > 0 && cidrBlock !== "") {
    try {
      guestConfig = renderGuestConfig({
        os: i.guestOs,
        addresses: owned,
        cidrBlock,
        primaryIpAddress: eni.primaryIpAddress,
        ...(typeof i.interfaceName === "string" ? { interfaceName: i.interfaceName } : {}),
      });
    } catch {
      // check already judged os and interface; a render failure must not hide what we own.
      guestConfig = undefined;
    }
  }
  const limits = i.limits !== undefined && !isUnknown(i.limits) && typeof i.limits === "object" && i.limits !== null ? i.limits : undefined;
  // Where the addresses live now. An Available ENI may still name its last instance in some API
  // records; it is bound to none, so the output is absent then.
  const instanceId = eni.status !== "Available" && eni.instanceId !== undefined && eni.instanceId !== "" ? eni.instanceId : undefined;
  return {
    resourceName: i.resourceName,
    networkInterfaceId: t.eniId,
    regionId: t.region,
    privateIpAddresses: [...owned],
    ...(count !== undefined ? { secondaryPrivateIpAddressCount: count } : {}),
    ...(i.adoptExisting === true ? { adoptExisting: true } : {}),
    ...(limits !== undefined ? { limits: limits as ResourceState["limits"] & object } : {}),
    ...(typeof i.guestOs === "string" ? { guestOs: i.guestOs } : {}),
    ...(typeof i.interfaceName === "string" ? { interfaceName: i.interfaceName } : {}),
    vSwitchId: eni.vSwitchId,
    primaryIpAddress: eni.primaryIpAddress,
    cidrBlock,
    ...(instanceId !== undefined ? { instanceId } : {}),
    ...(guestConfig !== undefined ? { guestConfig } : {}),
  };
}

function targetOf(id: string, inputs: DecodedInputs, regionHint?: string): Target {
  const region = (isUnknown(inputs.regionId) ? undefined : effectiveRegion(inputs.regionId)) ?? regionHint;
  if (region === undefined) throw providerError(`${inputs.resourceName}: no region: set regionId or ALIBABA_CLOUD_REGION_ID`);
  const eniId = inputs.networkInterfaceId;
  if (typeof eniId !== "string" || eniId === "") throw providerError(`${inputs.resourceName}: networkInterfaceId is not known`);
  return { id: id || resourceId(eniId, inputs.resourceName), inputs, region, eniId, session: sessionFor(region) };
}

/** An error in the shape of a check failure (rule number and code), for refusals after check. */
function ruleError(name: string, code: ViolationCode, property: string, value: unknown, message: string, prefix: string): Error {
  const v: Violation = { code, rule: RULES[code].number, declaration: name, property, value, message };
  return providerError(`${prefix}:\n${violationFailure(v).reason}`);
}

/** A violation of the core as the line a user reads. */
function violationLines(violations: readonly Violation[]): string {
  return violations.map((v) => violationFailure(v).reason).join("\n");
}

interface Fresh {
  readonly eni: EniFacts;
  readonly cidrBlock: string;
  readonly facts: AccountFacts;
}

/**
 * Fresh facts for the ENI and the core's verdict on this declaration after the run's other
 * declarations (their pending demand and their realized ownership): throws on violations. Called
 * with the ENI held (eniQueue), so nothing of this process moves it until the mutation is done.
 */
async function revalidate(t: Target, ownedHere: readonly string[]): Promise<Fresh> {
  const name = t.inputs.resourceName;
  t.session.invalidate(t.eniId);
  const { facts, others } = await gatherWithOthers(t.session, name, t.region, [t.eniId]);
  const result = validate({ declarations: [...others, toDeclaration(t.inputs, ownedHere)], facts, limits: limitsNow() });
  const mine = result.violations.filter((v) => v.declaration === name);
  if (mine.length > 0) {
    throw providerError(`the account changed since preview; nothing was changed:\n${violationLines(mine)}`);
  }
  const eni = eniOf(facts, t.eniId);
  if (eni === undefined) {
    // The core reports a missing ENI itself (rule 8); this is only a guard.
    throw ruleError(name, "eni_not_found", "networkInterfaceId", t.eniId, `${name}: ENI ${t.eniId} was not found in region ${t.region}`, "nothing was changed");
  }
  const cidrBlock = facts.vSwitches.find((v) => v.vSwitchId === eni.vSwitchId)?.cidrBlock ?? "";
  return { eni, cidrBlock, facts };
}

/** API answers meaning "that address is taken" to an explicit assign: pick again. */
const ADDRESS_TAKEN = new Set(["InvalidIp.IpAssigned", "InvalidPrivateIpAddress.Duplicated"]);
/** Picks tried before giving up when other actors keep taking the picked addresses. */
const PICK_ATTEMPTS = 4;

function isAddressTaken(error: unknown): boolean {
  const e = error as { name?: unknown; code?: unknown } | null;
  return typeof e === "object" && e !== null && e.name === "CloudApiError" && typeof e.code === "string" && ADDRESS_TAKEN.has(e.code);
}

/**
 * The addresses a count gets. eni-ips picks the lowest free addresses of the vSwitch that no other
 * declaration of the run claims, so a count never steals an address a later resource names (the
 * API, asked for a count, picks by itself – possibly an address a later declaration of the run
 * names explicitly, which then fails to apply with InvalidIp.IpAssigned). Free means, in fresh
 * facts: inside the vSwitch CIDR, not reserved, on no ENI of the vSwitch, claimed by no declaration
 * of this process (pending or realized), and not in `avoid` (picks the API refused already).
 * Undefined when the vSwitch is not known (the caller lets the API pick then).
 */
function pickForCount(t: Target, fresh: Fresh, need: number, avoid: ReadonlySet<string>): string[] | undefined {
  const cidr = fresh.cidrBlock === "" ? undefined : parseCidr(fresh.cidrBlock);
  if (cidr === undefined) return undefined;
  const used = new Set<number>();
  const add = (a: string): void => {
    const n = parseIpv4(a);
    if (n !== undefined) used.add(n);
  };
  // Every ENI the facts know (all members of the vSwitch among them); addresses outside the CIDR
  // never matter to the pick.
  for (const e of fresh.facts.enis) for (const a of e.privateIpAddresses) add(a);
  for (const a of registry.claimedAddresses(t.region)) add(a);
  for (const a of avoid) add(a);
  const picked = pickFreeAddresses(cidr, used, need).map(intToIpv4);
  // Claimed at once (no await since the read of the claims): a parallel create picks around them.
  if (picked.length >= need) registry.reservePicks(t.inputs.resourceName, t.region, picked);
  if (picked.length < need) {
    const name = t.inputs.resourceName;
    throw ruleError(
      name,
      "vswitch_exhausted",
      "secondaryPrivateIpAddressCount",
      t.inputs.secondaryPrivateIpAddressCount,
      messages.vSwitchExhausted({ decl: name, count: need, vSwitchId: fresh.eni.vSwitchId, cidr: fresh.cidrBlock, free: picked.length, earlier: 0, eni: t.eniId }),
      "the vSwitch has no free address left that no other declaration of this run claims",
    );
  }
  return picked;
}

async function converge(t: Target, first: Fresh, ownedHere: readonly string[]): Promise<ResourceState> {
  const name = t.inputs.resourceName;
  const { eni, cidrBlock } = first;
  const declared = knownAddressList(t.inputs.privateIpAddresses);
  const onEni = new Set(eni.privateIpAddresses);
  // Addresses another resource of this process owns on this ENI: never ours to adopt, assign or
  // release (re-validation refuses declaring them; this guard holds whatever state says).
  const othersOwn = registry.ownedByOthers(name, t.region, t.eniId);
  const mineAlone = ownedHere.filter((a) => !othersOwn.has(a));
  const ownedSet = new Set(mineAlone);
  let release: string[] = [];
  let adopt: string[] = [];
  let explicitWanted: string[] = [];
  let countNeed = 0;
  if (declared !== undefined) {
    const want = new Set(declared);
    release = mineAlone.filter((a) => !want.has(a));
    // Only adoptExisting gets here with such addresses: without it the core refused them (rule 5).
    adopt = declared.filter((a) => !ownedSet.has(a) && onEni.has(a) && a !== eni.primaryIpAddress);
    explicitWanted = declared.filter((a) => !ownedSet.has(a) && !onEni.has(a));
    const taken = [...adopt, ...explicitWanted].find((a) => othersOwn.has(a));
    if (taken !== undefined) {
      const other = registry.ownerOf(t.region, t.eniId, taken, name) ?? "another resource";
      throw ruleError(name, "duplicate_ip", "privateIpAddresses", taken, messages.duplicateAcross(name, taken, other), "nothing was changed");
    }
  } else {
    const count = Number(t.inputs.secondaryPrivateIpAddressCount);
    // Shrinking releases the addresses assigned last (state keeps assignment order).
    if (mineAlone.length > count) release = mineAlone.slice(count);
    else countNeed = count - mineAlone.length;
  }
  // Picked before anything changes, so an exhausted vSwitch refuses cleanly.
  const picks = countNeed > 0 ? pickForCount(t, first, countNeed, new Set()) : undefined;
  try {
    return await mutate(t, first, { mineAlone, release, adopt, explicitWanted, countNeed, picks });
  } finally {
    // After the registry recorded what is owned now (or that nothing was assigned).
    registry.releasePicks(name);
  }
}

interface Plan {
  readonly mineAlone: readonly string[];
  readonly release: readonly string[];
  readonly adopt: readonly string[];
  readonly explicitWanted: readonly string[];
  readonly countNeed: number;
  readonly picks: string[] | undefined;
}

async function mutate(t: Target, first: Fresh, plan: Plan): Promise<ResourceState> {
  const name = t.inputs.resourceName;
  const { eni, cidrBlock } = first;
  const { mineAlone, release, adopt, explicitWanted, countNeed, picks } = plan;
  let owned = [...mineAlone];
  // What the last assign asked for: after a failure, those present on the ENI are ours.
  let asked: readonly string[] = explicitWanted;
  try {
    if (release.length > 0) {
      await t.session.unassignPrivateIpAddresses(t.eniId, release);
      const gone = new Set(release);
      owned = owned.filter((a) => !gone.has(a));
    }
    owned.push(...adopt);
    if (explicitWanted.length > 0) {
      const got = await t.session.assignPrivateIpAddresses(t.eniId, { privateIpAddresses: explicitWanted });
      for (const a of got) if (!owned.includes(a) && a !== eni.primaryIpAddress) owned.push(a);
    } else if (countNeed > 0) {
      owned.push(...(await assignCount(t, first, countNeed, picks, (p) => (asked = p ?? []))));
    }
  } catch (error) {
    t.session.invalidate();
    const real = await settle(t, eni, [...mineAlone, ...adopt], asked, countNeed > 0 && picks === undefined);
    const message = `${name}: changing addresses on ${t.eniId} failed: ${describeError(error)}`;
    const changedSomething = real === undefined || !sameSet(real, mineAlone) || adopt.length > 0;
    // What really happened is kept in state (Pulumi's init-failure), so nothing assigned is leaked
    // and the next `pulumi up` finishes the job; the run's registry says the same as that state.
    if (changedSomething || mineAlone.length > 0) {
      const now = real ?? [...mineAlone, ...adopt, ...asked];
      registry.recordOwned(name, t.region, t.eniId, now);
      const props = stateOf(t, eni, cidrBlock, now);
      throw providerError(message, { id: t.id, properties: props as unknown as Props });
    }
    registry.forgetPending(name);
    throw providerError(message);
  }
  // Our mutation moved this ENI only: its record, its vSwitch's and groups' listings go; the rest
  // of the run's cached reads stay valid (re-validating every other resource's ENI is then cheap).
  t.session.invalidate(t.eniId);
  registry.recordOwned(name, t.region, t.eniId, owned);
  return stateOf(t, eni, cidrBlock, owned);
}

/**
 * Assigns `need` picked addresses explicitly; when the API says one was taken meanwhile (by an
 * actor outside this process, or a read that lagged), refreshes the facts and picks again, a
 * bounded number of times. Reports each attempt's picks through `asking` (for settle on failure).
 */
async function assignCount(t: Target, first: Fresh, need: number, firstPicks: string[] | undefined, asking: (p: string[] | undefined) => void): Promise<string[]> {
  const avoid = new Set<string>();
  let fresh = first;
  let picks = firstPicks;
  for (let attempt = 1; ; attempt++) {
    if (picks === undefined) {
      // No CIDR known for the vSwitch: the API picks (the core warned unknown_vswitch in check).
      asking(undefined);
      return t.session.assignPrivateIpAddresses(t.eniId, { secondaryPrivateIpAddressCount: need });
    }
    asking(picks);
    try {
      return await t.session.assignPrivateIpAddresses(t.eniId, { privateIpAddresses: picks });
    } catch (error) {
      if (!isAddressTaken(error) || attempt >= PICK_ATTEMPTS) throw error;
      // A definite refusal: nothing of this request was assigned.
      for (const a of picks) avoid.add(a);
      asking([]);
      t.session.invalidate(t.eniId);
      const { facts } = await gatherWithOthers(t.session, t.inputs.resourceName, t.region, [t.eniId]);
      const eni = eniOf(facts, t.eniId);
      if (eni === undefined) throw error;
      fresh = { eni, facts, cidrBlock: facts.vSwitches.find((v) => v.vSwitchId === eni.vSwitchId)?.cidrBlock ?? "" };
      picks = pickForCount(t, fresh, need, avoid);
    }
  }
}

/**
 * After a failed mutation: which addresses are ours now? A fresh read decides. Addresses we held or
 * asked for and see on the ENI are ours; when the API picked (a count without a known vSwitch), new
 * addresses on the ENI that no other resource of this process owns are taken as ours (better
 * reported than leaked). Undefined when even the read fails.
 */
async function settle(t: Target, before: EniFacts, owned: readonly string[], explicit: readonly string[], apiPicked: boolean): Promise<string[] | undefined> {
  let now: EniFacts | undefined;
  try {
    now = await t.session.describeEni(t.eniId);
  } catch {
    return undefined;
  }
  if (now === undefined) return [];
  const there = new Set(now.privateIpAddresses);
  const othersOwn = registry.ownedByOthers(t.inputs.resourceName, t.region, t.eniId);
  const out = [...new Set([...owned, ...explicit])].filter((a) => there.has(a) && !othersOwn.has(a));
  if (apiPicked) {
    const seen = new Set(before.privateIpAddresses);
    for (const a of now.privateIpAddresses) {
      if (!seen.has(a) && !othersOwn.has(a) && a !== now.primaryIpAddress && !out.includes(a)) out.push(a);
    }
  }
  return out;
}

export async function create(props: Props): Promise<{ id: string; outs: ResourceState }> {
  const inputs = decodeInputs(props);
  const t = targetOf("", inputs);
  try {
    return await eniQueue.run(eniKey(t.region, t.eniId), async () => {
      let fresh: Fresh;
      try {
        fresh = await revalidate(t, []);
      } catch (error) {
        // Not applied: its checked demand no longer stands.
        registry.forgetPending(inputs.resourceName);
        throw error;
      }
      const outs = await converge(t, fresh, []);
      return { id: t.id, outs };
    });
  } catch (error) {
    throw rethrow(error);
  }
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: ResourceState }> {
  const state = decodeState(olds);
  const inputs = decodeInputs(news);
  const t = targetOf(id, inputs, state.regionId || undefined);
  try {
    return await eniQueue.run(eniKey(t.region, t.eniId), async () => {
      // The state is what the resource owns (also when this process has not seen it yet).
      registry.assumeOwned(inputs.resourceName, t.region, t.eniId, state.privateIpAddresses);
      let fresh: Fresh;
      try {
        fresh = await revalidate(t, state.privateIpAddresses);
      } catch (error) {
        registry.forgetPending(inputs.resourceName);
        throw error;
      }
      // Addresses removed behind our back are no longer ours; the declaration gets them again.
      const onEni = new Set(fresh.eni.privateIpAddresses);
      const ownedHere = state.privateIpAddresses.filter((a) => onEni.has(a));
      const outs = await converge(t, fresh, ownedHere);
      return { outs };
    });
  } catch (error) {
    throw rethrow(error);
  }
}

/** Our own errors pass through; anything else is wrapped (and scrubbed) once, named after its class. */
function rethrow(error: unknown, context?: string): Error {
  if (error instanceof Error && (error as { __eniIps?: boolean }).__eniIps) return error;
  const e =
    error instanceof Error && "id" in error ? error : providerError(context === undefined ? describeError(error) : `${context}: ${describeError(error)}`);
  (e as { __eniIps?: boolean }).__eniIps = true;
  return e;
}

// ---------------------------------------------------------------------------------------------
// read / delete

export async function read(id: string, props: Props): Promise<{ id: string; props: Props }> {
  const state = decodeState(props);
  const region = state.regionId || effectiveRegion(undefined);
  if (region === undefined || state.networkInterfaceId === "") return { id, props };
  const session = sessionFor(region);
  try {
    session.invalidate(state.networkInterfaceId);
    const eni = await session.describeEni(state.networkInterfaceId);
    // The ENI is gone, and with it every address: so is this resource.
    if (eni === undefined) {
      registry.forgetOwned(state.resourceName, region, state.networkInterfaceId);
      return { id: "", props: {} };
    }
    const there = new Set(eni.privateIpAddresses);
    const owned = state.privateIpAddresses.filter((a) => there.has(a));
    const inputs = decodeInputs(props as Props);
    const t: Target = { id, inputs: { ...inputs, networkInterfaceId: state.networkInterfaceId }, region, eniId: state.networkInterfaceId, session };
    const next = stateOf(t, eni, state.cidrBlock, owned);
    // Keep the declared count as it was: a smaller owned list is the drift diff will report.
    const merged: ResourceState = {
      ...next,
      ...(state.secondaryPrivateIpAddressCount !== undefined ? { secondaryPrivateIpAddressCount: state.secondaryPrivateIpAddressCount } : {}),
    };
    // A refresh says what the resource owns; a check of it in this run still stands.
    registry.refreshOwned(state.resourceName, region, state.networkInterfaceId, owned);
    return { id, props: merged as unknown as Props };
  } catch (error) {
    throw rethrow(error);
  }
}

export async function remove(_id: string, props: Props): Promise<void> {
  const state = decodeState(props);
  const name = state.resourceName;
  const region = state.regionId || effectiveRegion(undefined);
  if (state.privateIpAddresses.length === 0 || state.networkInterfaceId === "") {
    if (region !== undefined) registry.forgetOwned(name, region, state.networkInterfaceId);
    return;
  }
  if (region === undefined) throw providerError(`${name}: no region to delete from: set regionId or ALIBABA_CLOUD_REGION_ID`);
  const eniId = state.networkInterfaceId;
  const session = sessionFor(region);
  try {
    await eniQueue.run(eniKey(region, eniId), async () => {
      // Never release what another resource of this process owns (even if this state claims it too).
      const othersOwn = registry.ownedByOthers(name, region, eniId);
      const owned = state.privateIpAddresses.filter((a) => a !== state.primaryIpAddress && !othersOwn.has(a));
      try {
        // Addresses or ENIs already gone count as released (the cloud layer's contract).
        await session.unassignPrivateIpAddresses(eniId, owned);
      } finally {
        session.invalidate(eniId);
      }
      // Only now: while the release is in flight (or after it failed, the resource staying in state)
      // the addresses are still this resource's.
      registry.forgetOwned(name, region, eniId);
    });
  } catch (error) {
    throw rethrow(error);
  }
}
