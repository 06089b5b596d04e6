// What the provider object does, loaded lazily inside the dynamic-provider host by package name
// (`require("eni-ips/provider/engine")`). check = static input rules + live validation through the
// core with the run's demand; create/update re-validate against fresh facts, then converge the ENI
// (release the removed, adopt, assign the added); read refreshes; delete releases what it owns.
// It never touches the primary address or addresses this resource does not own.
import { intToIpv4, ipv4ToInt, parseCidr, pickFreeAddresses } from "../core/address";
import { resolveLimits } from "../core/limits";
import { UNKNOWN, type AccountFacts, type Declaration, type EniFacts, type Violation } from "../core/types";
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
    registry.forget(name);
    return { inputs: news, failures };
  }
  const region = isUnknown(inputs.regionId) ? undefined : effectiveRegion(inputs.regionId);
  const eniId = inputs.networkInterfaceId;
  if (region === undefined || typeof eniId !== "string" || eniId === "") {
    // Not judgeable against the account yet (unknown ENI or region) – or no ENI at all, which the
    // core reports as rule 8. Its demand cannot be placed, so it adds none.
    registry.forget(name);
    const offline = validate({ declarations: [toDeclaration(inputs)], facts: NO_FACTS, limits: limitsNow() });
    const mine = offline.violations.filter(
      (v) => v.declaration === name && (OFFLINE_CODES.has(v.code) || (v.code === "eni_not_found" && !isUnknown(eniId))),
    );
    return { inputs: news, failures: mine.map(violationFailure) };
  }

  const session = sessionFor(region);
  const others = registry.othersInRegion(name, region);
  const old = Object.keys(olds).length > 0 ? decodeInputs(olds) : undefined;
  const oldEni = old !== undefined && typeof old.networkInterfaceId === "string" ? old.networkInterfaceId : undefined;
  const sameResource = old !== undefined && oldEni === eniId && effectiveRegion(old.regionId) === region;
  const ids = new Set<string>([eniId]);
  for (const d of others) if (typeof d.networkInterfaceId === "string") ids.add(d.networkInterfaceId);
  if (oldEni !== undefined && !sameResource) ids.add(oldEni);
  let facts = await session.gatherFacts([...ids]);

  let owned: string[] | undefined;
  if (old !== undefined && sameResource) {
    owned = ownedFromOldInputs(old, inputs, eniOf(facts, eniId), others);
  } else if (old !== undefined && oldEni !== undefined) {
    // A replacement that moves the same explicit addresses to another ENI: diff asks for
    // deleteBeforeReplace, so judge the new ENI as if the old resource had released them.
    const oldList = knownAddressList(old.privateIpAddresses) ?? [];
    const newList = new Set(knownAddressList(inputs.privateIpAddresses) ?? []);
    const moving = oldList.filter((a) => newList.has(a));
    if (moving.length > 0) facts = withoutAddresses(facts, oldEni, moving);
  }

  const declaration = toDeclaration(inputs, owned);
  const result = validate({ declarations: [...others, declaration], facts, limits: limitsNow() });
  const mine: Violation[] = result.violations.filter((v) => v.declaration === name);
  const all = [...mine.map(violationFailure), ...guestFailures(inputs, facts, eniId)];
  if (all.length > 0) {
    registry.forget(name);
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

/** Fresh facts for the ENI and the core's verdict on this one declaration; throws on violations. */
async function revalidate(t: Target, ownedHere: readonly string[]): Promise<{ eni: EniFacts; cidrBlock: string }> {
  t.session.invalidate(t.eniId);
  const facts = await t.session.gatherFacts([t.eniId]);
  const result = validate({ declarations: [toDeclaration(t.inputs, ownedHere)], facts, limits: limitsNow() });
  const mine = result.violations.filter((v) => v.declaration === t.inputs.resourceName);
  if (mine.length > 0) {
    throw providerError(`the account changed since preview; nothing was changed:\n${mine.map((v) => violationFailure(v).reason).join("\n")}`);
  }
  const eni = eniOf(facts, t.eniId);
  if (eni === undefined) throw providerError(`${t.inputs.resourceName}: ENI ${t.eniId} not found`);
  const cidrBlock = facts.vSwitches.find((v) => v.vSwitchId === eni.vSwitchId)?.cidrBlock ?? "";
  return { eni, cidrBlock };
}

async function converge(t: Target, eni: EniFacts, cidrBlock: string, ownedHere: readonly string[]): Promise<ResourceState> {
  const name = t.inputs.resourceName;
  const declared = knownAddressList(t.inputs.privateIpAddresses);
  const onEni = new Set(eni.privateIpAddresses);
  const ownedSet = new Set(ownedHere);
  let release: string[] = [];
  let adopt: string[] = [];
  let assign: AssignRequest | undefined;
  let explicitWanted: string[] = [];
  if (declared !== undefined) {
    const want = new Set(declared);
    release = ownedHere.filter((a) => !want.has(a));
    // Only adoptExisting gets here with such addresses: without it the core refused them (rule 5).
    adopt = declared.filter((a) => !ownedSet.has(a) && onEni.has(a) && a !== eni.primaryIpAddress);
    explicitWanted = declared.filter((a) => !ownedSet.has(a) && !onEni.has(a));
    if (explicitWanted.length > 0) assign = { privateIpAddresses: explicitWanted };
  } else {
    const count = Number(t.inputs.secondaryPrivateIpAddressCount);
    // Shrinking releases the addresses assigned last (state keeps assignment order).
    if (ownedHere.length > count) release = ownedHere.slice(count);
    else if (ownedHere.length < count) assign = { secondaryPrivateIpAddressCount: count - ownedHere.length };
  }

  let owned = [...ownedHere];
  try {
    if (release.length > 0) {
      await t.session.unassignPrivateIpAddresses(t.eniId, release);
      const gone = new Set(release);
      owned = owned.filter((a) => !gone.has(a));
    }
    owned.push(...adopt);
    if (assign !== undefined) {
      const got = await t.session.assignPrivateIpAddresses(t.eniId, assign);
      for (const a of got) if (!owned.includes(a) && a !== eni.primaryIpAddress) owned.push(a);
    }
  } catch (error) {
    t.session.invalidate();
    const real = await settle(t, eni, [...ownedHere, ...adopt], explicitWanted, assign !== undefined && declared === undefined);
    const message = `${name}: changing addresses on ${t.eniId} failed: ${describeError(error)}`;
    const changedSomething = real === undefined || !sameSet(real, ownedHere) || adopt.length > 0;
    if (real !== undefined) registry.recordOwned(name, t.region, t.eniId, real);
    // What really happened is kept in state (Pulumi's init-failure), so nothing assigned is leaked
    // and the next `pulumi up` finishes the job.
    if (changedSomething || ownedHere.length > 0) {
      const props = stateOf(t, eni, cidrBlock, real ?? [...ownedHere, ...adopt, ...explicitWanted]);
      throw providerError(message, { id: t.id, properties: props as unknown as Props });
    }
    registry.forget(name);
    throw providerError(message);
  }
  t.session.invalidate();
  registry.recordOwned(name, t.region, t.eniId, owned);
  return stateOf(t, eni, cidrBlock, owned);
}

/**
 * After a failed mutation: which addresses are ours now? A fresh read decides. Explicit addresses
 * we asked for and see on the ENI are ours; for a count, new addresses on the ENI that no other
 * resource of this run owns are taken as ours (better reported than leaked). Undefined when even
 * the read fails.
 */
async function settle(t: Target, before: EniFacts, owned: readonly string[], explicit: readonly string[], countAssign: boolean): Promise<string[] | undefined> {
  let now: EniFacts | undefined;
  try {
    now = await t.session.describeEni(t.eniId);
  } catch {
    return undefined;
  }
  if (now === undefined) return [];
  const there = new Set(now.privateIpAddresses);
  const out = [...owned, ...explicit].filter((a) => there.has(a));
  if (countAssign) {
    const seen = new Set(before.privateIpAddresses);
    const others = new Set<string>();
    for (const d of registry.othersInRegion(t.inputs.resourceName, t.region)) for (const a of d.ownedAddresses ?? []) others.add(a);
    for (const a of now.privateIpAddresses) {
      if (!seen.has(a) && !others.has(a) && a !== now.primaryIpAddress && !out.includes(a)) out.push(a);
    }
  }
  return out;
}

export async function create(props: Props): Promise<{ id: string; outs: ResourceState }> {
  const inputs = decodeInputs(props);
  const t = targetOf("", inputs);
  try {
    const { eni, cidrBlock } = await revalidate(t, []);
    const outs = await converge(t, eni, cidrBlock, []);
    return { id: t.id, outs };
  } catch (error) {
    throw rethrow(error);
  }
}

export async function update(id: string, olds: Props, news: Props): Promise<{ outs: ResourceState }> {
  const state = decodeState(olds);
  const inputs = decodeInputs(news);
  const t = targetOf(id, inputs, state.regionId || undefined);
  try {
    const { eni, cidrBlock } = await revalidate(t, state.privateIpAddresses);
    // Addresses removed behind our back are no longer ours; the declaration gets them again.
    const onEni = new Set(eni.privateIpAddresses);
    const ownedHere = state.privateIpAddresses.filter((a) => onEni.has(a));
    const outs = await converge(t, eni, cidrBlock, ownedHere);
    return { outs };
  } catch (error) {
    throw rethrow(error);
  }
}

/** Our own errors pass through; anything else is wrapped (and scrubbed) once. */
function rethrow(error: unknown): Error {
  if (error instanceof Error && (error as { __eniIps?: boolean }).__eniIps) return error;
  const e = error instanceof Error && "id" in error ? error : providerError(describeError(error));
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
      registry.forget(state.resourceName);
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
    registry.recordOwned(state.resourceName, region, state.networkInterfaceId, owned);
    return { id, props: merged as unknown as Props };
  } catch (error) {
    throw rethrow(error);
  }
}

export async function remove(_id: string, props: Props): Promise<void> {
  const state = decodeState(props);
  registry.forget(state.resourceName);
  if (state.privateIpAddresses.length === 0 || state.networkInterfaceId === "") return;
  const region = state.regionId || effectiveRegion(undefined);
  if (region === undefined) throw providerError(`${state.resourceName}: no region to delete from`);
  const session = sessionFor(region);
  const owned = state.privateIpAddresses.filter((a) => a !== state.primaryIpAddress);
  try {
    // Addresses or ENIs already gone count as released (the cloud layer's contract).
    await session.unassignPrivateIpAddresses(state.networkInterfaceId, owned);
  } catch (error) {
    throw rethrow(error);
  } finally {
    session.invalidate();
  }
}
