// Running a resource's converging guest script on its ENI's instance through Cloud Assistant
// (applyGuestConfig): one step renders the script for the addresses the guest should hold now, runs it
// (unless the record says that very script already succeeded there) and returns the new record. A
// script that fails or does not finish in time is a GuestScriptError with its exit code and the last
// lines of its output. The order of steps around assign and unassign is apply.ts's.
import type { CloudSession } from "../cloud/types";
import { describeOutcome, GUEST_SCRIPT_TIMEOUT_SECONDS, outputTail, type GuestScriptResult } from "../cloud/cloud-assistant";
import type { EniFacts } from "../core/types";
import { alreadyApplied, boundInstanceOf, guestSettingsOf, renderFor, scriptDigest, type GuestApplied, type GuestSettings } from "./guest-record";

/** Lines of the script's output quoted in an error: its last words say what went wrong. */
const OUTPUT_TAIL_LINES = 15;

/** Where one resource's guest steps run and what they are rendered from. */
export interface GuestTarget {
  readonly resourceName: string;
  readonly session: CloudSession;
  readonly settings: GuestSettings;
  readonly instanceId: string;
  readonly cidrBlock: string;
  readonly primaryIpAddress: string;
}

/**
 * The guest target of a resource that applies its guest configuration, on the instance its ENI is
 * bound to now; undefined without applyGuestConfig, a known guestOs or an instance (check refused
 * those that needed one: rule 15).
 */
export function guestTargetOf(
  r: { readonly resourceName: string; readonly applyGuestConfig?: unknown; readonly guestOs?: unknown; readonly interfaceName?: unknown },
  session: CloudSession,
  eni: EniFacts,
  cidrBlock: string,
): GuestTarget | undefined {
  if (r.applyGuestConfig !== true || cidrBlock === "") return undefined;
  const settings = guestSettingsOf(r.resourceName, r.guestOs, r.interfaceName);
  const instanceId = boundInstanceOf(eni);
  if (settings === undefined || instanceId === undefined) return undefined;
  return { resourceName: r.resourceName, session, settings, instanceId, cidrBlock, primaryIpAddress: eni.primaryIpAddress };
}

/** A guest script that did not succeed; `result` is how Cloud Assistant reported it. */
export class GuestScriptError extends Error {
  override readonly name = "GuestScriptError";
  constructor(
    message: string,
    readonly result: GuestScriptResult,
  ) {
    super(message);
  }
}

/**
 * Makes the guest hold exactly `addresses` for this resource (an empty list: none), and returns the
 * record of it. Nothing runs when `record` says this script already succeeded on this instance.
 */
export async function guestStep(g: GuestTarget, addresses: readonly string[], record: GuestApplied | undefined): Promise<GuestApplied> {
  const config = renderFor(g.settings, addresses, g.cidrBlock, g.primaryIpAddress);
  if (record !== undefined && alreadyApplied(record, g.instanceId, config)) return record;
  const result = await g.session.runGuestScript({
    instanceId: g.instanceId,
    type: config.scriptType,
    content: config.script,
    timeoutSeconds: GUEST_SCRIPT_TIMEOUT_SECONDS,
    name: `eni-ips ${g.settings.resourceKey}`,
  });
  if (!result.succeeded) throw new GuestScriptError(failureText(g, addresses, result), result);
  return {
    instanceId: g.instanceId,
    os: g.settings.os,
    interfaceName: g.settings.interfaceName,
    addresses: [...addresses],
    scriptDigest: scriptDigest(config.script),
    invokeId: result.invokeId,
  };
}

/**
 * After guestOs or interfaceName changed: the configuration the record says was applied under the old
 * family or interface is removed first (the same resource key, no addresses), so an address never
 * ends up on two interfaces. Returns the record that still holds: none after the removal.
 */
export async function guestDropsOldSettings(g: GuestTarget, record: GuestApplied | undefined): Promise<GuestApplied | undefined> {
  if (record === undefined || record.instanceId !== g.instanceId) return record;
  if (record.os === g.settings.os && record.interfaceName === g.settings.interfaceName) return record;
  const old: GuestTarget = { ...g, settings: { ...g.settings, os: record.os, interfaceName: record.interfaceName } };
  await guestStep(old, [], undefined);
  return undefined;
}

function failureText(g: GuestTarget, addresses: readonly string[], r: GuestScriptResult): string {
  const what = addresses.length === 0 ? "removing its addresses" : `for ${addresses.join(", ")}`;
  const tail = outputTail(r.output, OUTPUT_TAIL_LINES);
  return [
    `${g.resourceName}: the guest script (${g.settings.os}, ${g.settings.interfaceName}) ${what} on ${g.instanceId} ${describeOutcome(r, GUEST_SCRIPT_TIMEOUT_SECONDS)}; Cloud Assistant invocation ${r.invokeId}.`,
    tail === "" ? "It printed nothing." : `Its last lines:\n${tail}`,
  ].join("\n");
}
