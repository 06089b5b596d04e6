// Tells the resources of a stack that exist from those the update will create. The engine gives a
// policy pack no step kind and no prior state, only each resource's properties (during a preview: a
// new resource's inputs, with what its provider computes still unknown; an unchanged one's outputs),
// so eni-ips decides from those and from the account (docs/policy-pack.md, "Existing or new"):
// - an official ENI whose primary address is known and is the primary address of an ENI of the
//   account in the ENI's vSwitch is that ENI: what it asks is what its list adds to the addresses the
//   account has on it. One whose primary address is unknown (the cloud assigns it) is new;
// - an instance likewise, by its known private address and the primary ENI holding it;
// - eni-ips's own resource exists when its outputs are there (vSwitchId, primaryIpAddress,
//   cidrBlock): the addresses it owns are already on its ENI and it asks for nothing more.
//   Without them it is new or being updated, which the properties cannot tell apart: the addresses
//   already on its ENI are taken as possibly its own (its provider checks them exactly in the same
//   preview), so a changed resource is never refused for what it already holds;
// - a vSwitch, security group or attachment is new unless its id is known.
// The result is what the resource reader takes: changed resources (create or update) and context.
import { PULUMI_TYPES, ENI_ATTRIBUTES, INSTANCE_ATTRIBUTES } from "../iac/alicloud-schema";
import { PULUMI_UNKNOWN, type PulumiResource, type PulumiResourceContext } from "../iac/pulumi-resources";
import type { AccountFacts, EniFacts } from "../core/types";
import { knownString, type PlainProps, type PlainResource, type PlainValue } from "./plain-props";

export interface StackResources {
  readonly changed: PulumiResource[];
  readonly others: PulumiResourceContext[];
}

const ENI = ENI_ATTRIBUTES.pulumi;
const INSTANCE = INSTANCE_ATTRIBUTES.pulumi;

export function existingOrNew(resources: readonly PlainResource[], facts: AccountFacts): StackResources {
  const changed: PulumiResource[] = [];
  const others: PulumiResourceContext[] = [];
  const byPrimary = new Map<string, EniFacts>();
  for (const e of facts.enis) byPrimary.set(`${e.vSwitchId}|${e.primaryIpAddress}`, e);
  const enisById = new Map(facts.enis.map((e) => [e.networkInterfaceId, e]));

  for (const r of resources) {
    const base = { urn: r.urn, type: r.type, propertyDependencies: r.propertyDependencies };
    const kind = PULUMI_TYPES[r.type];
    switch (kind) {
      case "eni": {
        const match = byPrimary.get(`${knownString(first(r.props, ENI.vSwitchId))}|${knownString(first(r.props, ENI.primaryIpAddress))}`);
        changed.push(officialEni(r, match));
        break;
      }
      case "instance": {
        const match = byPrimary.get(`${knownString(first(r.props, INSTANCE.vSwitchId))}|${knownString(first(r.props, INSTANCE.primaryIpAddress))}`);
        const bound = match?.type === "Primary" && match.instanceId !== undefined ? match : undefined;
        changed.push(official(r, INSTANCE, bound === undefined ? undefined : { id: bound.instanceId as string, eni: bound, before: { networkInterfaceId: bound.networkInterfaceId } }));
        break;
      }
      case "eniIps":
        changed.push(eniIpsResource(r, enisById));
        break;
      case "vSwitch":
      case "securityGroup":
      case "attachment": {
        const id = knownString(r.props["id"]);
        if (id === undefined) changed.push({ ...base, action: "create", inputs: r.props });
        else others.push({ urn: r.urn, type: r.type, id });
        break;
      }
      default: {
        const id = knownString(r.props["id"]);
        others.push({ urn: r.urn, type: r.type, ...(id === undefined ? {} : { id }) });
      }
    }
  }
  return { changed, others };
}

type AddressNames = { readonly primaryIpAddress: readonly string[]; readonly privateIpAddresses: readonly string[]; readonly secondaryPrivateIpAddressCount: readonly string[] };

/**
 * An official ENI: as official() for its addresses, and its IPv4 prefixes the same way. The prefix
 * list and count are Optional and Computed too, and exclusive with the addresses: the kind asked for
 * is the one that is known and not merely what the account already has (an existing ENI) or the
 * provider's empty default (a new one); the other kind's properties are then only the provider's
 * computed values and are dropped, so the declaration asks for one kind.
 */
function officialEni(r: PlainResource, match: EniFacts | undefined): PulumiResource {
  const heldPrefixes = match?.ipv4Prefixes ?? [];
  const asked = prefixesAsked(r.props, match === undefined ? undefined : heldPrefixes);
  let props: PlainProps = { ...r.props };
  for (const n of [...ENI.ipv4Prefixes, ...ENI.ipv4PrefixCount]) if (!asked.includes(n)) delete props[n];
  if (asked.length > 0) {
    // The addresses are then the provider's computed values: unknown on a new ENI, the account's on an existing one.
    const held = match === undefined ? undefined : secondaries(match);
    for (const n of [...ENI.privateIpAddresses, ...ENI.secondaryPrivateIpAddressCount]) {
      const v = props[n];
      const computed = v === PULUMI_UNKNOWN || (held !== undefined && (Array.isArray(v) ? sameAddresses(v, held) : v === held.length));
      if (computed) delete props[n];
    }
  }
  const resource = official({ ...r, props }, ENI, match === undefined ? undefined : { id: match.networkInterfaceId, eni: match, before: spread(ENI.securityGroupIds, [...match.securityGroupIds]) });
  if (resource.action !== "update") return resource;
  return { ...resource, oldOutputs: { ...resource.oldOutputs, ...spread(ENI.ipv4Prefixes, [...heldPrefixes]), ...spread(ENI.ipv4PrefixCount, heldPrefixes.length) } };
}

/** The prefix properties a resource asks with: a known list or count that is not the account's own
 *  (`held`, an existing ENI) or the provider's empty default (a new one, `held` undefined). */
function prefixesAsked(props: PlainProps, held: readonly string[] | undefined): string[] {
  const out: string[] = [];
  for (const n of ENI.ipv4Prefixes) {
    const v = props[n];
    if (Array.isArray(v) && v.length > 0 && (held === undefined || !sameAddresses(v, held))) out.push(n);
  }
  const list = out.length > 0 ? props[out[0]!] : undefined;
  for (const n of ENI.ipv4PrefixCount) {
    const v = props[n];
    // Beside a list asked for, a count of its length is the provider's computed one.
    if (typeof v === "number" && v > 0 && (held === undefined || v !== held.length) && !(Array.isArray(list) && v === list.length)) out.push(n);
  }
  return out;
}

/** An official ENI or instance: new, or the existing one (its ENI) asking what its list adds. */
function official(r: PlainResource, names: AddressNames, existing: { readonly id: string; readonly eni: EniFacts; readonly before: PlainProps } | undefined): PulumiResource {
  const base = { urn: r.urn, type: r.type, propertyDependencies: r.propertyDependencies };
  if (existing === undefined) return { ...base, action: "create", inputs: requested(withoutUnknown(r.props, names.primaryIpAddress), names, undefined) };
  const held = secondaries(existing.eni);
  return {
    ...base,
    action: "update",
    id: existing.id,
    inputs: requested(r.props, names, held),
    oldOutputs: { ...existing.before, ...spread(names.privateIpAddresses, held), ...spread(names.secondaryPrivateIpAddressCount, held.length) },
  };
}

function eniIpsResource(r: PlainResource, enis: ReadonlyMap<string, EniFacts>): PulumiResource {
  const base = { urn: r.urn, type: r.type, propertyDependencies: r.propertyDependencies };
  const props = r.props;
  const list = props["privateIpAddresses"];
  if (["vSwitchId", "primaryIpAddress", "cidrBlock"].some((k) => knownString(props[k]) !== undefined)) {
    // Its outputs: privateIpAddresses is what it owns (a count's picks included), all on its ENI.
    const { secondaryPrivateIpAddressCount: _count, ...owned } = props;
    return { ...base, action: "update", inputs: owned, oldOutputs: { privateIpAddresses: list ?? [] } };
  }
  const eni = enis.get(knownString(props["networkInterfaceId"]) ?? "");
  const held = eni === undefined ? [] : secondaries(eni);
  let mine: string[] = [];
  const count = props["secondaryPrivateIpAddressCount"];
  if (Array.isArray(list)) mine = held.filter((a) => list.includes(a));
  else if (typeof count === "number" && Number.isSafeInteger(count) && count > 0) mine = held.slice(0, count);
  if (mine.length === 0) return { ...base, action: "create", inputs: props };
  return { ...base, action: "update", inputs: props, oldOutputs: { privateIpAddresses: mine } };
}

/** The addresses an ENI holds besides its primary one. */
function secondaries(eni: EniFacts): string[] {
  return eni.privateIpAddresses.filter((a) => a !== eni.primaryIpAddress);
}

function first(props: PlainProps, names: readonly string[]): PlainValue | undefined {
  for (const n of names) if (props[n] !== undefined && props[n] !== null) return props[n];
  return undefined;
}

function spread(names: readonly string[], value: PlainValue): PlainProps {
  return Object.fromEntries(names.map((n) => [n, value]));
}

/** A primary address the cloud will assign is shown unknown: for eni-ips that is "not given". */
function withoutUnknown(props: PlainProps, names: readonly string[]): PlainProps {
  const out = { ...props };
  for (const n of names) if (out[n] === PULUMI_UNKNOWN) delete out[n];
  return out;
}

/**
 * The list and the count are both Optional and Computed in the providers (and exclusive when set),
 * so a resource's properties show the one the user set beside the other as the provider computes it:
 * unknown on a new resource, the current value on an existing one. Keep the one that is asked for.
 */
function requested(props: PlainProps, names: AddressNames, held: readonly string[] | undefined): PlainProps {
  const listName = names.privateIpAddresses.find((n) => props[n] !== undefined && props[n] !== null);
  const countName = names.secondaryPrivateIpAddressCount.find((n) => props[n] !== undefined && props[n] !== null);
  if (listName === undefined || countName === undefined) return props;
  const list = props[listName];
  const count = props[countName];
  const out = { ...props };
  const dropList = (): PlainProps => {
    delete out[listName];
    return out;
  };
  const dropCount = (): PlainProps => {
    delete out[countName];
    return out;
  };
  if (count === PULUMI_UNKNOWN) return dropCount();
  if (list === PULUMI_UNKNOWN) return dropList();
  if (!Array.isArray(list)) return out;
  // Both known. On an existing resource the list the account already has means the count is the
  // request (a count changed); otherwise the list is. On a new one both were given only when they
  // agree (the provider computed the count from the list) or the user set both (rule 6).
  if (held !== undefined) return sameAddresses(list, held) && count !== list.length ? dropList() : dropCount();
  return count === list.length ? dropCount() : out;
}

function sameAddresses(list: readonly PlainValue[], held: readonly string[]): boolean {
  const a = new Set(list.map(String));
  return a.size === held.length && held.every((x) => a.has(x));
}
