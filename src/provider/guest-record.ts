// The guest side of a resource's state: the settings its scripts are rendered with (family, interface,
// resource key), the one render every step uses, and the record of the last script that succeeded on
// the instance (`guestApplied`), which diff compares with what the resource should have applied now.
// Pure: no SDK, so diff and the state decoder can use it.
import { createHash } from "node:crypto";
import { defaultInterfaceName, guestResourceKey, resolveGuestOs } from "../guest/plan";
import { renderGuestConfig } from "../guest/render";
import type { GuestConfig, GuestOsFamily } from "../guest/types";

/** How one resource's guest configuration is rendered: the same in every render of the resource. */
export interface GuestSettings {
  readonly os: GuestOsFamily;
  readonly interfaceName: string;
  /** `guestResourceKey(resourceName)`: names the resource's files and records on the guest. */
  readonly resourceKey: string;
}

/**
 * The last guest script that succeeded (state field `guestApplied`). The guest holds `addresses` for
 * this resource under `os`/`interfaceName`, configured on `instanceId` by invocation `invokeId`.
 */
export interface GuestApplied {
  readonly instanceId: string;
  readonly os: GuestOsFamily;
  readonly interfaceName: string;
  readonly addresses: readonly string[];
  /** SHA-256 (hex) of the script that ran: what was applied, whatever the family. */
  readonly scriptDigest: string;
  readonly invokeId: string;
}

/** The guest settings of known inputs; undefined without a (known, valid) guestOs. */
export function guestSettingsOf(resourceName: string, guestOs: unknown, interfaceName: unknown): GuestSettings | undefined {
  const os = resolveGuestOs(guestOs);
  if (os === undefined) return undefined;
  return {
    os,
    interfaceName: typeof interfaceName === "string" && interfaceName !== "" ? interfaceName : defaultInterfaceName(os),
    resourceKey: guestResourceKey(resourceName),
  };
}

/** The one render of a resource's addresses (throws GuestConfigError on what check let through). */
export function renderFor(settings: GuestSettings, addresses: readonly string[], cidrBlock: string, primaryIpAddress: string): GuestConfig {
  return renderGuestConfig({
    os: settings.os,
    interfaceName: settings.interfaceName,
    addresses,
    cidrBlock,
    resourceKey: settings.resourceKey,
    ...(primaryIpAddress !== "" ? { primaryIpAddress } : {}),
  });
}

export function scriptDigest(script: string): string {
  return createHash("sha256").update(script, "utf8").digest("hex");
}

/** True when the record says `config` already ran successfully on `instanceId`. */
export function alreadyApplied(record: GuestApplied | undefined, instanceId: string, config: GuestConfig): boolean {
  return record !== undefined && record.instanceId === instanceId && record.scriptDigest === scriptDigest(config.script);
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** Reads `guestApplied` from a state defensively (hand-edited or older states: undefined). */
export function decodeGuestApplied(value: unknown): GuestApplied | undefined {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  const os = resolveGuestOs(v["os"]);
  const instanceId = str(v["instanceId"]);
  const interfaceName = str(v["interfaceName"]);
  const digest = str(v["scriptDigest"]);
  const addresses = v["addresses"];
  if (os === undefined || instanceId === undefined || interfaceName === undefined || digest === undefined) return undefined;
  if (!Array.isArray(addresses) || !addresses.every((a) => typeof a === "string")) return undefined;
  return { instanceId, os, interfaceName, addresses: [...(addresses as string[])], scriptDigest: digest, invokeId: str(v["invokeId"]) ?? "" };
}

/** What a state says about the resource, as far as its guest goes. */
export interface GuestStateView {
  readonly resourceName: string;
  readonly privateIpAddresses: readonly string[];
  readonly cidrBlock: string;
  readonly primaryIpAddress: string;
  readonly instanceId?: string | undefined;
  readonly guestApplied?: GuestApplied | undefined;
}

/**
 * Whether the guest holds what the resource (as in state, with the new guest inputs) should have
 * applied: the script for its owned addresses, successfully, on the instance its ENI is bound to now.
 * False after a failed or timed-out script, and after a failover moved the ENI to another instance.
 */
export function guestInSync(state: GuestStateView, guestOs: unknown, interfaceName: unknown): boolean {
  const settings = guestSettingsOf(state.resourceName, guestOs, interfaceName);
  if (settings === undefined || state.instanceId === undefined || state.cidrBlock === "") return false;
  try {
    return alreadyApplied(state.guestApplied, state.instanceId, renderFor(settings, state.privateIpAddresses, state.cidrBlock, state.primaryIpAddress));
  } catch {
    return false;
  }
}

/** The instance an ENI is bound to now; an Available ENI may still name its last one in some records. */
export function boundInstanceOf(eni: { readonly status: string; readonly instanceId?: string | undefined }): string | undefined {
  return eni.status !== "Available" && eni.instanceId !== undefined && eni.instanceId !== "" ? eni.instanceId : undefined;
}
