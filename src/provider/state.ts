// The resource's outputs: what it owns on its ENI (in assignment order), where the ENI lives now,
// and the guest configuration for the owned addresses; and read, which refreshes them from a fresh
// read of the ENI (drift: addresses removed behind the stack's back are no longer owned).
import type * as pulumi from "@pulumi/pulumi";
import type { EniFacts } from "../core/types";
import * as registry from "./demand-registry";
import { asProviderError } from "./failures";
import { boundInstanceOf, guestSettingsOf, renderFor, type GuestApplied } from "./guest-record";
import { decodeInputs, decodeState, isUnknown, type Props, type ResourceState } from "./inputs";
import { ADDRESSES, fromSlots, type ResourceKind } from "./kind";
import { effectiveRegion, sessionFor } from "./sessions";
import type { Target } from "./target";

/** The guest configuration for the owned addresses, when asked for and renderable. */
function guestConfigOf(t: Target, eni: EniFacts, cidrBlock: string, owned: readonly string[]): unknown {
  const settings = guestSettingsOf(t.inputs.resourceName, t.inputs.guestOs, t.inputs.interfaceName);
  if (settings === undefined || owned.length === 0 || cidrBlock === "") return undefined;
  try {
    // The same render the Cloud Assistant apply runs (guest-apply.ts), keyed by the resource.
    return renderFor(settings, owned, cidrBlock, eni.primaryIpAddress);
  } catch {
    // check already judged os and interface; a render failure must not hide what we own.
    return undefined;
  }
}

/** The resource's outputs; `guestApplied` is the last guest script that succeeded (guest-apply.ts). */
export function stateOf(t: Target, eni: EniFacts, cidrBlock: string, owned: readonly string[], guestApplied?: GuestApplied): ResourceState {
  const i = t.inputs;
  const count = i.privateIpAddresses === undefined && typeof i.secondaryPrivateIpAddressCount === "number" ? i.secondaryPrivateIpAddressCount : undefined;
  const guestConfig = guestConfigOf(t, eni, cidrBlock, owned);
  const limits = i.limits !== undefined && !isUnknown(i.limits) && typeof i.limits === "object" && i.limits !== null ? i.limits : undefined;
  // Where the addresses live now; absent while the ENI is Available.
  const instanceId = boundInstanceOf(eni);
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
    ...(i.applyGuestConfig === true ? { applyGuestConfig: true } : {}),
    ...(guestApplied !== undefined ? { guestApplied } : {}),
  };
}

export async function read(id: string, props: Props, kind: ResourceKind = ADDRESSES): Promise<pulumi.dynamic.ReadResult<Props>> {
  const state = decodeState(props, kind);
  const key = kind.registryKey(state.resourceName);
  const region = state.regionId || effectiveRegion(undefined);
  if (region === undefined || state.networkInterfaceId === "") return { id, props };
  const session = sessionFor(region);
  try {
    const eni = await session.describeEni(state.networkInterfaceId);
    // The ENI is gone, and with it every address: so is this resource.
    if (eni === undefined) {
      registry.forgetOwned(key, region, state.networkInterfaceId);
      return { id: "", props: {} };
    }
    const there = new Set(kind.heldOn(eni));
    const owned = state.privateIpAddresses.filter((a) => there.has(a));
    const inputs = decodeInputs(props, kind);
    const t: Target = { id, inputs: { ...inputs, networkInterfaceId: state.networkInterfaceId }, region, eniId: state.networkInterfaceId, session };
    // What the guest holds is not read back: a failover changes instanceId only, and diff then sees
    // that the guest part is not done on the new instance (guest-record.ts guestInSync).
    const next = stateOf(t, eni, state.cidrBlock, owned, state.guestApplied);
    // Keep the declared count as it was: a smaller owned list is the drift diff will report.
    const merged: ResourceState = {
      ...next,
      ...(state.secondaryPrivateIpAddressCount !== undefined ? { secondaryPrivateIpAddressCount: state.secondaryPrivateIpAddressCount } : {}),
    };
    // A refresh says what the resource owns; a check of it in this run still stands.
    registry.refreshOwned(key, region, state.networkInterfaceId, owned, kind);
    return { id, props: fromSlots(kind, merged) as unknown as Props };
  } catch (error) {
    throw asProviderError(error);
  }
}
