// The one entry point: validate, plan, hand the plan to the OS family's renderer.
import { renderDebian } from "./debian";
import { renderNetplan } from "./netplan";
import { planGuestConfig, type GuestPlan } from "./plan";
import { renderRhel } from "./rhel";
import { renderSles } from "./sles";
import type { GuestConfig, GuestConfigInput, GuestOsFamily } from "./types";
import { renderWindows } from "./windows";

const RENDERERS: Readonly<Record<GuestOsFamily, (plan: GuestPlan) => GuestConfig>> = {
  rhel: renderRhel,
  debian: renderDebian,
  sles: renderSles,
  netplan: renderNetplan,
  windows: renderWindows,
};

/**
 * Guest OS configuration for secondary private addresses. Pure and deterministic: the same input (in
 * any address order) gives the same output. Throws GuestConfigError on bad input.
 */
export function renderGuestConfig(input: GuestConfigInput): GuestConfig {
  const plan = planGuestConfig(input);
  return RENDERERS[plan.os](plan);
}
