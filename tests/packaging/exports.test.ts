// The public API is the export map of package.json, entry by entry, and nothing else: each entry's
// runtime names are pinned here (a new export is a decision, not an accident), no entry is a
// wildcard, and an internal module cannot be reached by package name. Loads the build by package
// name (self-reference), exactly as a user's project does; run after a build (npm test does).
import { createRequire } from "node:module";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..", "..");
const requireHere = createRequire(path.join(ROOT, "package.json"));
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as { exports: Record<string, unknown> };

const ENTRIES: Record<string, string[]> = {
  ".": [
    "CloudApiError",
    "CloudConfigError",
    "CloudOutcomeUnknownError",
    "CloudTransportError",
    "FactsError",
    "GuestConfigError",
    "Ipv4Prefixes",
    "LimitsError",
    "ProviderError",
    "SecondaryPrivateIpAddresses",
    "ValidationInputError",
    "renderGuestConfig",
    "resolveLimits",
    "validate",
  ],
  "./core": [
    "FactsError",
    "LIMIT_ENV",
    "LimitsError",
    "PLAN_LIMIT_KEYS",
    "PROFILES",
    "PROFILE_NAMES",
    "RESERVED_AT_END",
    "RESERVED_AT_START",
    "RESOURCE_LIMIT_KEYS",
    "IPV4_PREFIX_LENGTH",
    "IPV4_PREFIX_SIZE",
    "MAX_IPV4_PREFIXES_PER_CALL",
    "RULES",
    "RULE_LIST",
    "RunLedger",
    "UNKNOWN",
    "VSWITCH_MAX_PREFIX",
    "VSWITCH_MIN_PREFIX",
    "ValidationInputError",
    "applyOverrides",
    "cidrContains",
    "formatMessage",
    "gatewayOf",
    "intToIpv4",
    "ipv4ToInt",
    "isIpv4",
    "isLimitCount",
    "isLimitValue",
    "isProfileName",
    "ipv4PrefixOf",
    "ipv4PrefixText",
    "isReservedInCidr",
    "judgePlannedObjects",
    "netmaskOf",
    "parseAlignedCidr",
    "parseCidr",
    "parseInstanceTypeEniIps",
    "parseIpv4",
    "parseIpv4Prefix",
    "pickFreeAddresses",
    "plannedFactsRequest",
    "resolveLimits",
    "showValue",
    "usableAddressCount",
    "validate",
  ],
  "./cloud": [
    "CloudApiError",
    "CloudConfigError",
    "CloudOutcomeUnknownError",
    "CloudTransportError",
    "DEFAULT_POLL",
    "DEFAULT_RETRY",
    "DEFAULT_STALE_READ_WINDOW_MS",
    "createCallTimeCredential",
    "createCloudSession",
    "isAmbiguous",
    "isApiError",
    "isRetryable",
    "isThrottling",
    "parseEndpointUrl",
    "readCloudSettings",
  ],
  "./provider": ["Ipv4Prefixes", "ProviderError", "SecondaryPrivateIpAddresses", "prefixProvider", "provider", "providerRunStats", "resetProviderRun"],
  "./guest": [
    "DEFAULT_RESOURCE_KEY",
    "GUEST_OS_ALIASES",
    "GUEST_OS_FAMILIES",
    "GUEST_SCRIPT_EXIT",
    "GuestConfigError",
    "defaultInterfaceName",
    "guestOsNames",
    "guestResourceKey",
    "isGuestOsFamily",
    "renderGuestConfig",
    "resolveGuestOs",
  ],
  "./emulator": [
    "DEMO_CREDENTIALS",
    "DEMO_FULL_GROUP_USED",
    "DEMO_IDS",
    "DEMO_PREFIX_IDS",
    "DEMO_READONLY_CREDENTIALS",
    "DEMO_REGION_ID",
    "FaultConfigError",
    "SeedError",
    "StateFileError",
    "demoSeed",
    "demoSeedWithPrefixes",
    "startEmulator",
  ],
  "./iac": [
    "ENI_IPS_TYPE",
    "PLAN_INPUTS",
    "PULUMI_SECRET",
    "PULUMI_TYPES",
    "PULUMI_UNKNOWN",
    "PlanFormatError",
    "TERRAFORM_FORMAT_MAJOR",
    "TERRAFORM_TYPES",
    "detectPlanInput",
    "readPulumiPreview",
    "readPulumiResources",
    "readTerraformPlan",
    "urnName",
  ],
  "./policy": ["AccountFactsError", "POLICY_NAMES", "POLICY_SDK", "PolicySdkError", "eniIpsPolicies"],
  // Stacks already deployed hold a serialized provider that requires this path and calls these names.
  "./provider/engine": ["check", "create", "diff", "ipv4Prefixes", "read", "remove", "update"],
};

const specifier = (entry: string): string => (entry === "." ? "eni-ips" : `eni-ips/${entry.slice(2)}`);

describe("the export map", () => {
  it("lists exactly the public entries, with no wildcard", () => {
    expect(Object.keys(pkg.exports).sort()).toEqual([...Object.keys(ENTRIES), "./package.json"].sort());
    for (const key of Object.keys(pkg.exports)) expect(key).not.toContain("*");
  });

  it.each(Object.entries(ENTRIES))("%s exports exactly its pinned names", (entry, names) => {
    const loaded = requireHere(specifier(entry)) as Record<string, unknown>;
    expect(Object.keys(loaded).sort()).toEqual([...names].sort());
  });

  it("keeps test hooks out of every entry", () => {
    for (const entry of Object.keys(ENTRIES)) {
      const loaded = requireHere(specifier(entry)) as Record<string, unknown>;
      for (const hook of ["backoffDelay", "newClientToken", "CONNECT_TIMEOUT_MS", "READ_TIMEOUT_MS", "busyKeys", "runExclusive", "UNKNOWN_SENTINEL"]) {
        expect(loaded[hook], `${entry} exports ${hook}`).toBeUndefined();
      }
    }
  });

  it.each(["eni-ips/cloud/retry", "eni-ips/provider/demand-registry", "eni-ips/core/validate", "eni-ips/dist/index.js"])("does not let %s be imported", (internal) => {
    expect(() => requireHere(internal)).toThrow(expect.objectContaining({ code: "ERR_PACKAGE_PATH_NOT_EXPORTED" }));
  });

  it("the in-process run control reaches the provider's own module instances", () => {
    const provider = requireHere("eni-ips/provider") as { resetProviderRun(): void; providerRunStats(): { reads: number; mutations: number; throttled: number; declarations: number } };
    provider.resetProviderRun();
    expect(provider.providerRunStats()).toEqual({ reads: 0, mutations: 0, throttled: 0, declarations: 0 });
  });
});
