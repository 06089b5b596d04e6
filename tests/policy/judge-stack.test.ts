// The stack policy's judgement in-process (the served pack over gRPC is in served-pack.test.ts):
// which resources exist, which checks need an account, unknown values, and failures to read it.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { DEMO_IDS as D } from "../../src/emulator";
import { createSnapshot, serializeSnapshot } from "../../src/cli/snapshot-file";
import { createCloudSession } from "../../src/cloud";
import { accountFreeViolations } from "../../src/policy/account-free";
import { judgeStack, type StackVerdict } from "../../src/policy/judge-stack";
import { plainProps, type PlainResource } from "../../src/policy/plain-props";
import { PolicySdkError, requirePolicySdk } from "../../src/policy/policy-sdk";
import { factsReader } from "../../src/policy/stack-facts";
import { useEmulator } from "../helpers/emulator";
import { UNKNOWN, urn } from "./analyzer-host";
import { BROKEN, brokenStack, fittingStack, TYPES, type PackResource } from "./stacks";

const emu = useEmulator();
const limits = resolveLimits({});

const plain = (stack: readonly PackResource[]): PlainResource[] =>
  stack.map((r) => ({ urn: r.urn, type: r.type, props: plainProps(JSON.parse(JSON.stringify(r.props))), propertyDependencies: r.propertyDependencies ?? {} }));

function judge(stack: readonly PackResource[], env: Record<string, string> = emu().env, snapshot?: string): Promise<StackVerdict> {
  return judgeStack(plain(stack), { facts: factsReader({ env, cwd: process.cwd(), regionId: "cn-hangzhou", snapshot }), limits, regionId: "cn-hangzhou" });
}

const codesOn = (verdict: StackVerdict): Record<string, string> => Object.fromEntries(verdict.violations.map((v) => [v.code, v.declaration]));

describe("the stack policy's judgement", () => {
  it("reports each account rule the stack breaks once, on the URN of the resource that breaks it, and leaves the account-free ones to the resource policy", async () => {
    const before = emu().emulator.callCounts();
    const verdict = await judge(brokenStack());
    expect(verdict.failure).toBeUndefined();
    expect(verdict.violations).toHaveLength(Object.keys(BROKEN.stackPolicy).length);
    expect(codesOn(verdict)).toEqual(BROKEN.stackPolicy);
    expect(verdict.skipped).toEqual([]);
    const free = brokenStack().flatMap((r) => accountFreeViolations({ urn: r.urn, type: r.type, inputs: r.inputs }, limits));
    expect(Object.fromEntries(free.map((v) => [v.code, v.declaration]))).toEqual(BROKEN.resourcePolicy);
    expect(free).toHaveLength(4);
    const after = emu().emulator.callCounts();
    expect(after.mutations).toBe(before.mutations);
    expect(after.reads).toBeGreaterThan(before.reads);
  });

  it("finds nothing in a stack within every rule", async () => {
    const verdict = await judge(fittingStack());
    expect(verdict).toEqual({ violations: [], skipped: [] });
    expect(fittingStack().flatMap((r) => accountFreeViolations({ urn: r.urn, type: r.type, inputs: r.inputs }, limits))).toEqual([]);
  });

  it("tells an existing ENI by its primary address in its vSwitch: it asks only what its list adds", async () => {
    const bound = (list: string[], primary: unknown = "10.0.1.20"): PackResource => ({
      urn: urn(TYPES.eni, "web01-data"),
      type: TYPES.eni,
      inputs: {},
      props: { id: D.eniBound, vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], primaryIpAddress: primary, privateIpAddresses: list, secondaryPrivateIpAddressCount: 2 },
    });
    // Its own addresses are not "in use"; one more fits the bound ENI's limit (15).
    expect((await judge([bound(["10.0.1.21", "10.0.1.22", "10.0.1.23"])])).violations).toEqual([]);
    // The same list on an ENI whose primary address is unknown is a new ENI asking for taken addresses.
    const asNew = await judge([bound(["10.0.1.21", "10.0.1.22"], UNKNOWN)]);
    expect(asNew.violations.map((v) => [v.code, v.value])).toEqual([
      ["ip_in_use", "10.0.1.21"],
      ["ip_in_use", "10.0.1.22"],
    ]);
  });

  it("takes addresses already on the ENI of an eni-ips resource without outputs as possibly its own (an update looks the same)", async () => {
    const changed: PackResource = { urn: urn(TYPES.eniIps, "grown"), type: TYPES.eniIps, inputs: {}, props: { resourceName: "grown", networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.21", "10.0.1.22", "10.0.1.23"] } };
    expect((await judge([changed])).violations).toEqual([]);
    // Addresses on another ENI are still in use.
    const elsewhere = { ...changed, props: { ...changed.props, privateIpAddresses: ["10.0.1.21", "10.0.1.12"] } };
    expect((await judge([elsewhere])).violations.map((v) => [v.code, v.value])).toEqual([["ip_in_use", "10.0.1.12"]]);
  });

  it("skips the checks an unknown value needs and lists them, never a violation", async () => {
    const source: PackResource = { urn: urn(TYPES.eni, "source"), type: TYPES.eni, inputs: {}, props: { id: UNKNOWN, vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: ["10.0.1.190"] } };
    const fed: PackResource = {
      urn: urn(TYPES.eniIps, "fed"),
      type: TYPES.eniIps,
      inputs: {},
      props: { resourceName: "fed", networkInterfaceId: D.eniAvailable, privateIpAddresses: [UNKNOWN, "10.0.1.191"] },
      propertyDependencies: { privateIpAddresses: [source.urn] },
    };
    const where: PackResource = { urn: urn(TYPES.eniIps, "where"), type: TYPES.eniIps, inputs: {}, props: { resourceName: "where", networkInterfaceId: UNKNOWN, privateIpAddresses: ["10.0.1.11"] } };
    const verdict = await judge([source, fed, where]);
    expect(verdict.violations).toEqual([]);
    expect(verdict.skipped.map((w) => [w.code, w.declaration])).toEqual([
      ["unknown_input", where.urn],
      ["unknown_input", fed.urn],
    ]);
    expect(verdict.skipped[0]?.message).toMatch(/where: networkInterfaceId is not known until apply .*; the checks that need the ENI were skipped/);
    expect(verdict.skipped[1]?.message).toMatch(/fed: 1 element of privateIpAddresses not known yet/);
  });

  it("turns a failure to read the account into one message naming what failed, without the credentials", async () => {
    const env = { ...emu().env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: "not-the-secret-9f8e7d" };
    const before = emu().emulator.callCounts();
    const verdict = await judge(brokenStack(), env);
    expect(verdict.violations).toEqual([]);
    expect(verdict.failure).toMatch(/^eni-ips could not read the account \(region cn-hangzhou\): .*(Signature|InvalidAccessKey)/);
    expect(verdict.failure).not.toContain("not-the-secret-9f8e7d");
    expect(emu().emulator.callCounts().mutations).toBe(before.mutations);
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...noCredentials } = emu().env;
    expect((await judge(brokenStack(), { ...noCredentials, ALIBABA_CLOUD_CREDENTIALS_FILE: "/nonexistent" })).failure).toMatch(/could not read the account.*credentials/);
  });

  it("judges offline against a region snapshot, with no call to the account, and refuses one that does not cover the stack", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eni-ips-policy-"));
    try {
      const session = createCloudSession({ env: emu().env });
      const facts = await session.gatherFacts(await session.listNetworkInterfaceIds());
      const file = path.join(dir, "snapshot.json");
      fs.writeFileSync(file, serializeSnapshot(createSnapshot("cn-hangzhou", { kind: "region" }, facts)));
      const before = emu().emulator.callCounts();
      const verdict = await judge(brokenStack(), {}, file);
      expect(codesOn(verdict)).toEqual(BROKEN.stackPolicy);
      expect(emu().emulator.callCounts()).toEqual(before);

      const partial = path.join(dir, "partial.json");
      const scope = { kind: "plan" as const, networkInterfaceIds: [D.eniAvailable], vSwitchIds: [], securityGroupIds: [], instanceIds: [], instanceTypeIds: [] };
      fs.writeFileSync(partial, serializeSnapshot(createSnapshot("cn-hangzhou", scope, facts)));
      expect((await judge(brokenStack(), {}, partial)).failure).toMatch(/^eni-ips could not use the snapshot .*partial\.json: it was captured for other objects and does not cover eni-bp1demobound, .*eni-bp1doesnotexist/);
      expect((await judge(brokenStack(), {}, path.join(dir, "missing.json"))).failure).toMatch(/could not use the snapshot .*missing\.json: .*no such file/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("reading what @pulumi/policy hands a policy", () => {
  it("reads every property once, keeping an unknown (a read that throws, or any of the engine's sentinels) as unknown", () => {
    const target = { a: "x", list: ["10.0.1.5", "pending"], n: 3, nested: { t: "3eeb2bf0-c639-47a8-9e75-3b44932eb421" } };
    const throwing = (o: object): object =>
      new Proxy(o, {
        get(obj, key) {
          const v = (obj as Record<string | symbol, unknown>)[key];
          if (v === "pending") throw new Error("string value at .list.1 can't be known during preview");
          return v !== null && typeof v === "object" ? throwing(v) : v;
        },
      });
    expect(plainProps(throwing(target))).toEqual({ a: "x", list: ["10.0.1.5", UNKNOWN], n: 3, nested: { t: UNKNOWN } });
  });

  it("names @pulumi/policy when it is missing or too old", () => {
    expect(() => requirePolicySdk(() => { throw new Error("Cannot find module"); })).toThrow(PolicySdkError);
    expect(() => requirePolicySdk(() => { throw new Error("Cannot find module"); })).toThrow(/needs @pulumi\/policy >= 1\.21, which is not installed: run `npm install @pulumi\/policy`/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eni-ips-sdk-"));
    try {
      fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "@pulumi/policy", version: "v1.20.3" }));
      expect(() => requirePolicySdk(() => path.join(dir, "package.json"))).toThrow(/needs @pulumi\/policy >= 1\.21, found v1\.20\.3/);
      expect(() => requirePolicySdk()).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
