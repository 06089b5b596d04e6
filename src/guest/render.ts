// The one entry point: validate, plan, hand the plan to the OS family's renderer, then add what every
// family shares (the Cloud Assistant script type and the cloud-init user-data around the script).
import { renderCloudInit } from "./cloud-init";
import { renderDebian } from "./debian";
import type { FamilyRendering } from "./family";
import { renderNetplan } from "./netplan";
import { renderNetworkManager } from "./networkmanager";
import { planGuestConfig, type GuestPlan } from "./plan";
import { renderRhel } from "./rhel";
import { renderSles } from "./sles";
import type { GuestConfig, GuestConfigInput, GuestOsFamily } from "./types";
import { renderWindows } from "./windows";

const RENDERERS: Readonly<Record<GuestOsFamily, (plan: GuestPlan) => FamilyRendering>> = {
  rhel: renderRhel,
  networkmanager: renderNetworkManager,
  debian: renderDebian,
  sles: renderSles,
  netplan: renderNetplan,
  windows: renderWindows,
};

/**
 * Guest OS configuration for the secondary private addresses one resource owns on one interface. Pure
 * and deterministic: the same input (in any address order) gives the same output. Throws
 * GuestConfigError on bad input.
 */
export function renderGuestConfig(input: GuestConfigInput): GuestConfig {
  const plan = planGuestConfig(input);
  const family = RENDERERS[plan.os](plan);
  const windows = plan.os === "windows";
  return {
    os: plan.os,
    resourceKey: plan.resourceKey,
    files: family.files,
    commands: family.commands,
    notes: family.notes,
    script: family.script,
    scriptType: windows ? "RunPowerShellScript" : "RunShellScript",
    ...(windows ? {} : { cloudInit: renderCloudInit(plan, family.script) }),
    ...(family.keyfile !== undefined ? { keyfile: family.keyfile } : {}),
  };
}
