// The resource's wire shapes: inputs as the dynamic-provider host hands them over (plain JSON, Pulumi's
// unknown sentinel for values not known yet) and the state (outputs) the provider returns. Decoding
// maps the sentinel to the core's UNKNOWN symbol so the core never depends on Pulumi. The types of
// the resource's own knobs are checked here too; the addresses, count and ENI are the core's to judge.
import { isLimitValue, RESOURCE_LIMIT_KEYS } from "../core/limits";
import { UNKNOWN, type Declaration, type LimitOverrides, type Unknowable } from "../core/types";
import { guestOsNames, resolveGuestOs } from "../guest/plan";
import { invalidInput } from "../core/violation";
import { inputFailure, violationFailure, type CheckFailure } from "./failures";
import { guestInputFailures } from "./guest-check";
import { decodeGuestApplied, type GuestApplied } from "./guest-record";
import { ADDRESSES, toSlots, type ResourceKind } from "./kind";
import { effectiveRegion } from "./sessions";

/** Pulumi's unknown sentinel (`pulumi.runtime.unknownValue`); duplicated so this module loads without Pulumi. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";


export type Props = Record<string, unknown>;

/**
 * Inputs after decoding: every value may be UNKNOWN during preview. The list and count are in the
 * address resource's slots whatever the kind (kind.ts).
 */
export interface DecodedInputs {
  readonly kind: ResourceKind;
  readonly resourceName: string;
  readonly networkInterfaceId: Unknowable<unknown>;
  readonly privateIpAddresses: Unknowable<readonly Unknowable<unknown>[]> | Unknowable<unknown> | undefined;
  readonly secondaryPrivateIpAddressCount: Unknowable<unknown> | undefined;
  readonly regionId: Unknowable<unknown> | undefined;
  readonly adoptExisting: Unknowable<unknown> | undefined;
  readonly limits: Unknowable<unknown> | undefined;
  readonly guestOs: Unknowable<unknown> | undefined;
  readonly interfaceName: Unknowable<unknown> | undefined;
  readonly applyGuestConfig: Unknowable<unknown> | undefined;
}

/** What the resource records in state; `privateIpAddresses` is what it owns, in assignment order. */
export interface ResourceState {
  readonly resourceName: string;
  readonly networkInterfaceId: string;
  readonly regionId: string;
  readonly privateIpAddresses: string[];
  readonly secondaryPrivateIpAddressCount?: number;
  readonly adoptExisting?: boolean;
  readonly limits?: LimitOverrides;
  readonly guestOs?: string;
  readonly interfaceName?: string;
  readonly vSwitchId: string;
  readonly primaryIpAddress: string;
  readonly cidrBlock: string;
  /**
   * The instance the ENI is bound to now (an output only: read from the ENI, never declared, so a
   * failover that moves the ENI shows up on refresh without a diff). Absent while it is Available.
   */
  readonly instanceId?: string;
  readonly guestConfig?: unknown;
  readonly applyGuestConfig?: boolean;
  /** The last guest script that succeeded through Cloud Assistant (guest-record.ts). */
  readonly guestApplied?: GuestApplied;
}

function decodeValue(v: unknown): unknown {
  if (v === UNKNOWN_SENTINEL) return UNKNOWN;
  if (Array.isArray(v)) return v.map(decodeValue);
  if (v !== null && typeof v === "object") {
    const out: Props = {};
    for (const [k, x] of Object.entries(v)) out[k] = decodeValue(x);
    return out;
  }
  return v;
}

export function isUnknown(v: unknown): v is typeof UNKNOWN {
  return v === UNKNOWN;
}

/** Top-level `undefined`/`null` both mean "not given". */
function given(v: unknown): unknown {
  return v === null ? undefined : v;
}

export function decodeInputs(wire: Props, kind: ResourceKind = ADDRESSES): DecodedInputs {
  const props = toSlots(kind, wire);
  const d = (k: string): unknown => given(decodeValue(props[k]));
  const name = props["resourceName"];
  return {
    kind,
    // The fallback when a resource was built without its name (should not happen).
    resourceName: typeof name === "string" && name !== "" ? name : kind.typeName,
    networkInterfaceId: d("networkInterfaceId"),
    privateIpAddresses: d("privateIpAddresses") as DecodedInputs["privateIpAddresses"],
    secondaryPrivateIpAddressCount: d("secondaryPrivateIpAddressCount"),
    regionId: d("regionId"),
    adoptExisting: d("adoptExisting"),
    limits: d("limits"),
    guestOs: d("guestOs"),
    interfaceName: d("interfaceName"),
    applyGuestConfig: d("applyGuestConfig"),
  };
}

/** Known per-resource limit overrides (unknown or invalid ones are reported by the static checks). */
function limitOverridesOf(inputs: DecodedInputs): LimitOverrides | undefined {
  const l = inputs.limits;
  if (l === undefined || isUnknown(l) || typeof l !== "object" || l === null) return undefined;
  const out: { -readonly [K in keyof LimitOverrides]: LimitOverrides[K] } = {};
  const src = l as Props;
  for (const key of RESOURCE_LIMIT_KEYS) {
    const v = src[key];
    if (isLimitValue(key, v)) (out as Record<string, number | null>)[key] = v;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The core's view of this resource's inputs; `owned`: what it owns already (addresses or prefixes). */
export function toDeclaration(inputs: DecodedInputs, owned?: readonly string[]): Declaration {
  const limits = limitOverridesOf(inputs);
  const base = {
    name: inputs.resourceName,
    // Raw: the core judges a missing or non-string id itself (rule 8).
    networkInterfaceId: inputs.networkInterfaceId as Unknowable<string>,
    adoptExisting: inputs.adoptExisting === true,
    ...(limits !== undefined ? { limits } : {}),
  };
  return inputs.kind.declare(base, inputs.privateIpAddresses, inputs.secondaryPrivateIpAddressCount, owned);
}

/** The explicit addresses, when the inputs give a fully known list of strings. */
export function knownAddressList(v: unknown): string[] | undefined {
  if (!Array.isArray(v)) return undefined;
  if (!v.every((x) => typeof x === "string" && x !== UNKNOWN_SENTINEL)) return undefined;
  return v as string[];
}

/** Reads a state object defensively (older states, hand-edited states), into the engine's slots. */
export function decodeState(wire: Props, kind: ResourceKind = ADDRESSES): ResourceState {
  const props = toSlots(kind, wire);
  const str = (k: string): string => (typeof props[k] === "string" ? (props[k] as string) : "");
  const owned = knownAddressList(props["privateIpAddresses"]) ?? [];
  const count = props["secondaryPrivateIpAddressCount"];
  const state: ResourceState = {
    resourceName: str("resourceName") || kind.typeName,
    networkInterfaceId: str("networkInterfaceId"),
    regionId: str("regionId"),
    privateIpAddresses: owned,
    vSwitchId: str("vSwitchId"),
    primaryIpAddress: str("primaryIpAddress"),
    cidrBlock: str("cidrBlock"),
    ...(typeof count === "number" ? { secondaryPrivateIpAddressCount: count } : {}),
    ...(props["adoptExisting"] === true ? { adoptExisting: true } : {}),
    ...(typeof props["guestOs"] === "string" ? { guestOs: props["guestOs"] } : {}),
    ...(typeof props["interfaceName"] === "string" ? { interfaceName: props["interfaceName"] } : {}),
    ...(props["limits"] !== null && typeof props["limits"] === "object" ? { limits: props["limits"] as LimitOverrides } : {}),
    ...(typeof props["instanceId"] === "string" && props["instanceId"] !== "" ? { instanceId: props["instanceId"] } : {}),
    ...(props["guestConfig"] !== undefined ? { guestConfig: props["guestConfig"] } : {}),
    ...(props["applyGuestConfig"] === true ? { applyGuestConfig: true } : {}),
    ...guestAppliedOf(props["guestApplied"]),
  };
  return state;
}

function guestAppliedOf(v: unknown): { guestApplied?: GuestApplied } {
  const record = decodeGuestApplied(v);
  return record === undefined ? {} : { guestApplied: record };
}

const known = (v: unknown): boolean => v !== undefined && !isUnknown(v);

/** The inputs a user gives the address resource (SecondaryPrivateIpAddressesArgs); each kind has its list. */
export const RESOURCE_INPUTS: readonly string[] = ADDRESSES.inputs;

/**
 * Rule 14 for the resource's own knobs (region, adoptExisting, limits, guest settings) and for
 * inputs it does not have (a misspelt `adoptExisitng` would otherwise be ignored silently).
 */
export function inputTypeFailures(inputs: DecodedInputs, props: Props): CheckFailure[] {
  const name = inputs.resourceName;
  const { kind } = inputs;
  const out: CheckFailure[] = [];
  // `props` are the wire inputs: unknown names are judged by the resource's own names.
  for (const key of Object.keys(props)) {
    if (kind.inputs.includes(key) || kind.classInputs.has(key)) continue;
    out.push(violationFailure(invalidInput(name, key, decodeValue(props[key]), { reason: "unknown_input", known: kind.inputs })));
  }
  if (known(inputs.regionId) && (typeof inputs.regionId !== "string" || inputs.regionId === "")) {
    out.push(inputFailure(name, "regionId", inputs.regionId, "a region id such as cn-hangzhou"));
  }
  if (inputs.regionId === undefined && effectiveRegion(undefined) === undefined) {
    out.push(violationFailure(invalidInput(name, "regionId", undefined, { reason: "missing", expected: "a region id such as cn-hangzhou, as ALIBABA_CLOUD_REGION_ID is not set" })));
  }
  if (known(inputs.adoptExisting) && typeof inputs.adoptExisting !== "boolean") {
    out.push(inputFailure(name, "adoptExisting", inputs.adoptExisting, "true or false"));
  }
  if (known(inputs.limits)) out.push(...limitFailures(name, inputs.limits));
  if (known(inputs.guestOs) && resolveGuestOs(inputs.guestOs) === undefined) {
    out.push(inputFailure(name, "guestOs", inputs.guestOs, `one of ${guestOsNames().join(", ")}`));
  }
  if (known(inputs.interfaceName) && (typeof inputs.interfaceName !== "string" || inputs.interfaceName === "")) {
    out.push(inputFailure(name, "interfaceName", inputs.interfaceName, "an interface name such as eth1"));
  }
  if (known(inputs.interfaceName) && inputs.guestOs === undefined) {
    out.push(violationFailure(invalidInput(name, "guestOs", undefined, { reason: "missing", expected: "a guest OS family, as interfaceName is set (it only applies together with guestOs)" })));
  }
  out.push(...guestInputFailures(inputs));
  return out;
}

/** The per-resource limit keys as properties: limits.availableEniMaxIps, … */
const LIMIT_PROPERTIES: readonly string[] = RESOURCE_LIMIT_KEYS.map((k) => `limits.${k}`);

function limitFailures(name: string, limits: unknown): CheckFailure[] {
  if (typeof limits !== "object" || limits === null || Array.isArray(limits)) {
    return [inputFailure(name, "limits", limits, `an object with ${RESOURCE_LIMIT_KEYS.join(", ")}`)];
  }
  const out: CheckFailure[] = [];
  for (const [k, v] of Object.entries(limits as Props)) {
    if (!(RESOURCE_LIMIT_KEYS as readonly string[]).includes(k)) {
      out.push(violationFailure(invalidInput(name, `limits.${k}`, v, { reason: "unknown_input", known: LIMIT_PROPERTIES })));
    } else if (known(v) && !isLimitValue(k as (typeof RESOURCE_LIMIT_KEYS)[number], v)) {
      out.push(inputFailure(name, `limits.${k}`, v, k === "eniMaxIps" ? "a whole number of at least 1, or null for no cap" : "a whole number of at least 1"));
    }
  }
  return out;
}
