// eni-ips as a CrossGuard policy pack (`eni-ips/policy`): the same checks as the provider and
// `eni-ips preview`, inside `pulumi preview --policy-pack DIR` of a stack written in any language,
// on @pulumi/alicloud's ENIs and instances as well as eni-ips's own resource. Usage, what is checked
// where, and how existing resources are told from new ones: docs/policy-pack.md.
//
//   import { PolicyPack } from "@pulumi/policy";
//   import { eniIpsPolicies } from "eni-ips/policy";
//   new PolicyPack("eni-ips", { policies: eniIpsPolicies() });
import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { resolveLimits } from "../core/limits";
import type { LimitOverrides, ProfileName } from "../core/types";
import { buildPolicies } from "./policies";
import { requirePolicySdk } from "./policy-sdk";
import { factsReader } from "./stack-facts";

export { POLICY_NAMES } from "./policies";
export { PolicySdkError, POLICY_SDK } from "./policy-sdk";
export { AccountFactsError } from "./stack-facts";

export interface EniIpsPolicyOptions {
  /** Limit profile (`default` or `current`); default ENI_IPS_PROFILE, else `default`. */
  readonly profile?: ProfileName | undefined;
  /** Limit overrides over the profile and the ENI_IPS_* variables (a resource's own `limits` still win). */
  readonly limits?: LimitOverrides | undefined;
  /** Offline: judge against this snapshot (`eni-ips snapshot --out FILE`) instead of the live
   *  account; relative to the policy pack's folder. */
  readonly snapshot?: string | undefined;
  /** The region to read; default the stack's `alicloud:region`, else ALIBABA_CLOUD_REGION_ID. */
  readonly region?: string | undefined;
  /** Of the resource and account policies (the skipped-checks list is advisory); default `mandatory`. */
  readonly enforcementLevel?: EnforcementLevel | undefined;
  /** Default process.env, read when the pack starts (limits) and at each analysis (credentials). */
  readonly env?: NodeJS.ProcessEnv | undefined;
}

export function eniIpsPolicies(options: EniIpsPolicyOptions = {}): Policies {
  requirePolicySdk();
  const env = options.env ?? process.env;
  const limits = resolveLimits({ profile: options.profile, overrides: options.limits, overridesSource: "eniIpsPolicies limits", env });
  const regionId = options.region ?? stackRegion(env);
  const cwd = process.cwd();
  return buildPolicies({
    limits,
    enforcementLevel: options.enforcementLevel ?? "mandatory",
    ...(regionId === undefined ? {} : { regionId }),
    facts: () => factsReader({ snapshot: options.snapshot, regionId, env, cwd }),
  });
}

/** The stack's `alicloud:region`: the engine passes the stack's configuration to a policy pack as
 *  JSON in PULUMI_CONFIG. */
function stackRegion(env: NodeJS.ProcessEnv): string | undefined {
  const raw = env["PULUMI_CONFIG"];
  if (raw === undefined || raw === "") return undefined;
  try {
    const config = JSON.parse(raw) as Record<string, unknown>;
    const region = config["alicloud:region"];
    return typeof region === "string" && region !== "" ? region : undefined;
  } catch {
    return undefined;
  }
}
