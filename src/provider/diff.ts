// The provider's diff: old state against new inputs. A new ENI or region replaces the resource (and
// the old one lets go first when the same explicit addresses move); the addresses, the count and the
// knobs update in place; outputs read from the ENI (instanceId, guestConfig) are never a change, except
// that with applyGuestConfig a guest not holding what it should (a failed script, a failover to another
// instance) is an update that runs the script again.
import type * as pulumi from "@pulumi/pulumi";
import { UNKNOWN } from "../core/types";
import { guestInSync } from "./guest-record";
import { decodeInputs, decodeState, isUnknown, knownAddressList, type Props } from "./inputs";
import { ADDRESSES, type ResourceKind } from "./kind";
import { effectiveRegion } from "./sessions";

export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

export async function diff(_id: string, olds: Props, news: Props, kind: ResourceKind = ADDRESSES): Promise<pulumi.dynamic.DiffResult> {
  const state = decodeState(olds, kind);
  const inputs = decodeInputs(news, kind);
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
      changed.push(kind.listInput);
    }
  } else {
    const count = inputs.secondaryPrivateIpAddressCount;
    if (isUnknown(count) || count !== state.secondaryPrivateIpAddressCount || count !== state.privateIpAddresses.length) {
      changed.push(kind.countInput);
    }
  }
  const knob = (k: "adoptExisting" | "guestOs" | "interfaceName" | "limits" | "applyGuestConfig", now: unknown, before: unknown): void => {
    if (JSON.stringify(now ?? null) !== JSON.stringify(before ?? null) || isUnknown(now)) changed.push(k);
  };
  knob("adoptExisting", inputs.adoptExisting === true ? true : undefined, state.adoptExisting);
  knob("guestOs", inputs.guestOs, state.guestOs);
  knob("interfaceName", inputs.interfaceName, state.interfaceName);
  knob("limits", inputs.limits, state.limits);
  knob("applyGuestConfig", inputs.applyGuestConfig === true ? true : undefined, state.applyGuestConfig);
  if (inputs.applyGuestConfig === true && !changed.includes("applyGuestConfig") && !guestInSync(state, inputs.guestOs, inputs.interfaceName)) changed.push("applyGuestConfig");

  // The same explicit address cannot sit on two ENIs: the old resource must let go first.
  const newList = knownAddressList(list) ?? [];
  const deleteBeforeReplace = replaces.length > 0 && newList.some((a) => state.privateIpAddresses.includes(a));
  return { changes: replaces.length + changed.length > 0, replaces, deleteBeforeReplace };
}
