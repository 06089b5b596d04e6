// @pulumi/policy is an optional peer dependency: only a policy pack needs it, and the pack installs
// it beside eni-ips. eniIpsPolicies() checks for it first, so a pack that forgot it fails with one
// line naming the package and the command, not with a stack trace from deep inside the engine.
import { readFileSync } from "node:fs";

export const POLICY_SDK = "@pulumi/policy";
/** The release eni-ips is tested with, beside the @pulumi/pulumi it depends on. */
export const MIN_POLICY_SDK = [1, 21] as const;

export class PolicySdkError extends Error {
  override readonly name = "PolicySdkError";
  readonly code = "policy_sdk";
}

/** Throws PolicySdkError unless @pulumi/policy >= 1.21 is resolvable from here (the pack's tree). */
export function requirePolicySdk(resolvePackage: (id: string) => string = require.resolve): void {
  let manifest: string;
  try {
    manifest = resolvePackage(`${POLICY_SDK}/package.json`);
  } catch {
    throw new PolicySdkError(
      `eni-ips/policy needs ${POLICY_SDK} >= ${MIN_POLICY_SDK.join(".")}, which is not installed: run \`npm install ${POLICY_SDK}\` in the policy pack's folder (it is an optional peer dependency of eni-ips)`,
    );
  }
  let version = "";
  try {
    version = String((JSON.parse(readFileSync(manifest, "utf8")) as { version?: unknown }).version ?? "");
  } catch {
    return; // unreadable manifest: let the SDK itself speak when it loads
  }
  const [major, minor] = version.replace(/^v/, "").split(".").map(Number);
  if (major === undefined || minor === undefined || Number.isNaN(major) || Number.isNaN(minor)) return;
  if (major < MIN_POLICY_SDK[0] || (major === MIN_POLICY_SDK[0] && minor < MIN_POLICY_SDK[1])) {
    throw new PolicySdkError(`eni-ips/policy needs ${POLICY_SDK} >= ${MIN_POLICY_SDK.join(".")}, found ${version}: run \`npm install ${POLICY_SDK}@latest\` in the policy pack's folder`);
  }
}
