// What the provider's engine serves: secondary private IPv4 addresses or IPv4 prefixes (/28 blocks)
// on one ENI. The lifecycle is the same for both (check through the region's run ledger, in-place
// update, drift on refresh, ownership, retries, read-back; docs/architecture.md, "Two kinds"); a
// kind says only what differs: the resource's input and output names, what the ENI holds of it,
// which cloud calls change it, and how the core sees its declaration.
//
// Inside the engine a resource's items sit in the address resource's slots: the list in
// `privateIpAddresses`, the count in `secondaryPrivateIpAddressCount`, what it owns in the state's
// `privateIpAddresses`. A kind renames them at the edges only (decodeInputs, decodeState, stateOf),
// so the prefix resource's wire shape is its own and the address resource's state never changes.
import type { CloudSession } from "../cloud/types";
import { violation } from "../core/violation";
import type { Declaration, EniFacts, LimitOverrides, Unknowable, Violation } from "../core/types";

export type KindId = "addresses" | "prefixes";

export interface ResourceKind {
  readonly id: KindId;
  /** The resource class name (the last part of its type token). */
  readonly typeName: string;
  /** Input names of the list and the count (the engine's list and count slots). */
  readonly listInput: string;
  readonly countInput: string;
  /** The inputs a user gives the resource (rule 14 names the closest one for anything else). */
  readonly inputs: readonly string[];
  /** What the resource class itself sends besides them: its name, the serialized provider, outputs passed as undefined. */
  readonly classInputs: ReadonlySet<string>;
  /** What one item is called in messages. */
  readonly noun: string;
  /** The demand registry's key of a resource (an address and a prefix resource may share a name)… */
  registryKey(name: string): string;
  /** …and the resource's name again. */
  nameOfKey(key: string): string;
  /** What the ENI holds of this kind now. */
  heldOn(eni: EniFacts): readonly string[];
  /** Assigns explicit items or a count (the API picks prefixes for a count); returns what it assigned. */
  assign(session: CloudSession, eniId: string, request: { readonly list: readonly string[] } | { readonly count: number }): Promise<string[]>;
  /** Releases items; items or ENIs already gone count as released. */
  unassign(session: CloudSession, eniId: string, items: readonly string[]): Promise<void>;
  /** The core's declaration: the list, the count, and what the resource owns already. */
  declare(
    base: { readonly name: string; readonly networkInterfaceId: Unknowable<string>; readonly adoptExisting: boolean; readonly limits?: LimitOverrides },
    list: unknown,
    count: unknown,
    owned: readonly string[] | undefined,
  ): Declaration;
  /** A violation of the core as this resource's inputs name it. */
  shown(v: Violation): Violation;
  /** Wire name of each engine slot that the resource calls otherwise (inputs and state). */
  readonly wireNames: Readonly<Record<string, string>>;
  /** State properties the resource does not output. */
  readonly dropFromState: readonly string[];
}

const OUTPUTS_BESIDE = ["resourceName", "__provider", "vSwitchId", "cidrBlock", "instanceId"];

export const ADDRESSES: ResourceKind = {
  id: "addresses",
  typeName: "SecondaryPrivateIpAddresses",
  listInput: "privateIpAddresses",
  countInput: "secondaryPrivateIpAddressCount",
  inputs: ["networkInterfaceId", "privateIpAddresses", "secondaryPrivateIpAddressCount", "regionId", "adoptExisting", "limits", "guestOs", "interfaceName", "applyGuestConfig"],
  classInputs: new Set([...OUTPUTS_BESIDE, "primaryIpAddress", "guestConfig", "guestApplied"]),
  noun: "addresses",
  registryKey: (name) => name,
  nameOfKey: (key) => key,
  heldOn: (eni) => eni.privateIpAddresses,
  assign: (session, eniId, request) =>
    session.assignPrivateIpAddresses(eniId, "list" in request ? { privateIpAddresses: request.list } : { secondaryPrivateIpAddressCount: request.count }),
  unassign: (session, eniId, items) => session.unassignPrivateIpAddresses(eniId, items),
  declare: (base, list, count, owned) => ({
    ...base,
    privateIpAddresses: list as Declaration["privateIpAddresses"],
    secondaryPrivateIpAddressCount: count,
    ...(owned !== undefined && owned.length > 0 ? { ownedAddresses: owned } : {}),
  }),
  shown: (v) => v,
  wireNames: {},
  dropFromState: [],
};

const PREFIX_KEY = "#prefixes";

/** The core's property names for prefixes, as the Ipv4Prefixes resource calls its inputs. */
const PREFIX_PROPERTIES: Readonly<Record<string, string>> = { ipv4Prefixes: "prefixes", ipv4PrefixCount: "prefixCount" };

export const PREFIXES: ResourceKind = {
  id: "prefixes",
  typeName: "Ipv4Prefixes",
  listInput: "prefixes",
  countInput: "prefixCount",
  inputs: ["networkInterfaceId", "prefixes", "prefixCount", "regionId", "adoptExisting", "limits"],
  classInputs: new Set(OUTPUTS_BESIDE),
  noun: "prefixes",
  registryKey: (name) => `${name}${PREFIX_KEY}`,
  nameOfKey: (key) => (key.endsWith(PREFIX_KEY) ? key.slice(0, -PREFIX_KEY.length) : key),
  heldOn: (eni) => eni.ipv4Prefixes ?? [],
  assign: (session, eniId, request) => session.assignIpv4Prefixes(eniId, "list" in request ? { ipv4Prefixes: request.list } : { ipv4PrefixCount: request.count }),
  unassign: (session, eniId, items) => session.unassignIpv4Prefixes(eniId, items),
  declare: (base, list, count, owned) => ({
    ...base,
    ipv4Prefixes: list as Declaration["ipv4Prefixes"],
    ipv4PrefixCount: count,
    ...(owned !== undefined && owned.length > 0 ? { ownedPrefixes: owned } : {}),
  }),
  shown: (v) => {
    const property = PREFIX_PROPERTIES[v.property];
    if (property === undefined) return v;
    // Worded again by the core's one formatter, so the message names the resource's own input.
    const subject = { declaration: v.declaration, networkInterfaceId: v.networkInterfaceId };
    return violation(v.code, subject, property, v.value, v.detail as never) as Violation;
  },
  wireNames: { privateIpAddresses: "prefixes", secondaryPrivateIpAddressCount: "prefixCount" },
  dropFromState: ["primaryIpAddress"],
};

export function kindOf(id: unknown): ResourceKind {
  return id === "prefixes" ? PREFIXES : ADDRESSES;
}

/** Wire props to the engine's slots (inputs and state alike). */
export function toSlots(kind: ResourceKind, props: Record<string, unknown>): Record<string, unknown> {
  if (kind === ADDRESSES) return props;
  const out: Record<string, unknown> = {};
  const slotOf = new Map(Object.entries(kind.wireNames).map(([slot, wire]) => [wire, slot]));
  for (const [k, v] of Object.entries(props)) {
    // An address input given to the prefix resource never fills a slot (rule 14 reports it by its own name).
    if (Object.hasOwn(kind.wireNames, k)) continue;
    out[slotOf.get(k) ?? k] = v;
  }
  return out;
}

/** The engine's state in the resource's own wire names. */
export function fromSlots<T extends object>(kind: ResourceKind, state: T): T {
  if (kind === ADDRESSES) return state;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(state)) {
    if (kind.dropFromState.includes(k)) continue;
    out[kind.wireNames[k] ?? k] = v;
  }
  return out as T;
}
