// examples/policy-pack served as the Pulumi engine serves a Node.js policy pack (run-policy-pack in
// the pack's folder, the port read from stdout) and driven over gRPC with the engine's Analyzer
// client, against the emulator through the real SDK: the stack that breaks every rule gets exactly
// one violation per rule on the URN of the resource that breaks it, the fitting stack none, and the
// pack never makes a mutating call. Then the same pack offline (a snapshot, no account at all) and
// with credentials the account refuses.
import * as fs from "node:fs";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSnapshot, serializeSnapshot } from "../../src/cli/snapshot-file";
import { createCloudSession } from "../../src/cloud";
import { DEMO_IDS as D } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { makeLinkedProject, REPO_ROOT } from "../helpers/pulumi-program";
import { servePolicyPack, UNKNOWN, urn, type Diagnostic, type ServedPack } from "./analyzer-host";
import { ensurePackageBuilt } from "./build";
import { BROKEN, brokenStack, fittingStack, TYPES, type PackResource } from "./stacks";

const EXAMPLE = path.join(REPO_ROOT, "examples", "policy-pack");
const STACK = { project: "network", stack: "dev", dryRun: true, config: { "alicloud:region": "cn-hangzhou" } };

/** A pack folder as `npm install` leaves it: the example's files, eni-ips and its peers linked. */
function examplePack(): { dir: string; cleanup(): void } {
  const project = makeLinkedProject();
  for (const f of ["index.ts", "PulumiPolicy.yaml", "tsconfig.json", "package.json"]) fs.copyFileSync(path.join(EXAMPLE, f), path.join(project.dir, f));
  // ts-node type-checks index.ts as the engine runs it: it needs Node's types and TypeScript.
  for (const dep of ["@types", "typescript"]) fs.symlinkSync(path.join(REPO_ROOT, "node_modules", dep), path.join(project.dir, "node_modules", dep), "dir");
  return project;
}

async function analyzeEach(pack: ServedPack, stack: readonly PackResource[]): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  for (const r of stack) out.push(...(await pack.analyze({ urn: r.urn, type: r.type, props: r.inputs })));
  return out;
}

/** Code -> URN, from the "[rule N (code)]" every message carries. */
function byCode(diagnostics: readonly Diagnostic[]): Record<string, string> {
  return Object.fromEntries(diagnostics.map((d) => [/\[rule \d+ \((\w+)\)\]/.exec(d.message)?.[1] ?? `(no code) ${d.message}`, d.urn]));
}

describe("the example policy pack, served as the engine serves it", () => {
  let em: EmulatorFixture;
  let project: { dir: string; cleanup(): void };
  let pack: ServedPack;
  beforeAll(async () => {
    ensurePackageBuilt();
    em = await startEmulatorFixture();
    project = examplePack();
    pack = await servePolicyPack({ packDir: project.dir, env: em.env, stack: STACK });
  }, 180_000);
  afterAll(async () => {
    await pack?.close();
    project?.cleanup();
    await em?.close();
  });

  it("describes its three policies (GetAnalyzerInfo)", async () => {
    const info = await pack.getAnalyzerInfo();
    expect(info.name).toBe("eni-ips");
    expect(info.version).toBe("0.1.0");
    expect(info.policies.map((p) => [p.name, p.type, p.enforcementLevel])).toEqual([
      ["eni-ips-addresses", "resource", "mandatory"],
      ["eni-ips-account", "stack", "mandatory"],
      ["eni-ips-skipped-checks", "stack", "advisory"],
    ]);
  });

  it("reports the account-free rules on each resource as the engine analyses its inputs (Analyze)", async () => {
    const diagnostics = await analyzeEach(pack, brokenStack());
    expect(diagnostics).toHaveLength(Object.keys(BROKEN.resourcePolicy).length);
    expect(byCode(diagnostics)).toEqual(BROKEN.resourcePolicy);
    for (const d of diagnostics) expect([d.policyName, d.enforcementLevel]).toEqual(["eni-ips-addresses", "mandatory"]);
  });

  it("reports every account rule the stack breaks once, on the resource's URN (AnalyzeStack), with no mutating call", async () => {
    const before = em.emulator.callCounts();
    const diagnostics = await pack.analyzeStack(brokenStack());
    expect(diagnostics).toHaveLength(Object.keys(BROKEN.stackPolicy).length);
    expect(byCode(diagnostics)).toEqual(BROKEN.stackPolicy);
    for (const d of diagnostics) expect([d.policyName, d.enforcementLevel]).toEqual(["eni-ips-account", "mandatory"]);
    const quota = diagnostics.find((d) => d.urn === BROKEN.stackPolicy.security_group_quota);
    expect(quota?.message).toMatch(/sg-bp1demofull .* to 2001 private IPv4 addresses, over the limit of 2000/);
    const after = em.emulator.callCounts();
    expect(after.reads).toBeGreaterThan(before.reads);
    expect(after.mutations).toBe(0);
  });

  it("finds nothing in the fitting stack, resource by resource or as a whole", async () => {
    expect(await analyzeEach(pack, fittingStack())).toEqual([]);
    expect(await pack.analyzeStack(fittingStack())).toEqual([]);
  });

  it("lists the checks an unknown value skips under the advisory policy, never as a violation", async () => {
    const pending: PackResource = {
      urn: urn(TYPES.eni, "pending"),
      type: TYPES.eni,
      inputs: { vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: [UNKNOWN, "10.0.1.11"] },
      props: { id: UNKNOWN, primaryIpAddress: UNKNOWN, secondaryPrivateIpAddressCount: UNKNOWN, vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: [UNKNOWN, "10.0.1.12"] },
    };
    const anywhere: PackResource = { urn: urn(TYPES.eniIps, "anywhere"), type: TYPES.eniIps, inputs: {}, props: { resourceName: "anywhere", networkInterfaceId: UNKNOWN, privateIpAddresses: ["10.0.1.180"] } };
    expect(await pack.analyze({ urn: pending.urn, type: pending.type, props: pending.inputs })).toEqual([]);
    const diagnostics = await pack.analyzeStack([pending, anywhere]);
    // 10.0.1.12 is taken whatever the unknown element turns out to be: that one is still reported.
    expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn])).toEqual([
      ["eni-ips-account", "mandatory", pending.urn],
      ["eni-ips-skipped-checks", "advisory", anywhere.urn],
      ["eni-ips-skipped-checks", "advisory", pending.urn],
    ]);
    // The engine shows the policy's description, then the message.
    expect(diagnostics[0]?.message).toMatch(/\n.*10\.0\.1\.12 is already in use .*\[rule 5 \(ip_in_use\)\]/);
    expect(diagnostics[1]?.message).toMatch(/\n\[unknown_input\] .*anywhere: networkInterfaceId is not known until apply/);
    expect(diagnostics[2]?.message).toMatch(/\n\[unknown_input\] .*pending: 1 element of privateIpAddresses not known yet/);
    expect(em.emulator.callCounts().mutations).toBe(0);
  });
});

describe("the example policy pack without the account", () => {
  let em: EmulatorFixture;
  let project: { dir: string; cleanup(): void };
  beforeAll(async () => {
    ensurePackageBuilt();
    em = await startEmulatorFixture();
    project = examplePack();
  }, 120_000);
  afterAll(async () => {
    project?.cleanup();
    await em?.close();
  });

  it("judges offline against a snapshot (ENI_IPS_SNAPSHOT), with no credentials and no call to the account", async () => {
    const session = createCloudSession({ env: em.env });
    const facts = await session.gatherFacts(await session.listNetworkInterfaceIds());
    const snapshot = path.join(project.dir, "snapshot.json");
    fs.writeFileSync(snapshot, serializeSnapshot(createSnapshot("cn-hangzhou", { kind: "region" }, facts)));
    const before = em.emulator.callCounts();
    const pack = await servePolicyPack({ packDir: project.dir, env: { ENI_IPS_SNAPSHOT: snapshot }, stack: STACK });
    try {
      const diagnostics = await pack.analyzeStack(brokenStack());
      expect(byCode(diagnostics)).toEqual(BROKEN.stackPolicy);
      expect(diagnostics).toHaveLength(Object.keys(BROKEN.stackPolicy).length);
      expect(await pack.analyzeStack(fittingStack())).toEqual([]);
    } finally {
      await pack.close();
    }
    expect(em.emulator.callCounts()).toEqual(before);
  });

  it("turns credentials the account refuses into one mandatory violation naming what failed, not a crash, and never shows the secret", async () => {
    const secret = "wrong-secret-5b1c0e7d";
    const pack = await servePolicyPack({ packDir: project.dir, env: { ...em.env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret }, stack: STACK });
    try {
      const diagnostics = await pack.analyzeStack(brokenStack());
      expect(diagnostics.map((d) => [d.policyName, d.enforcementLevel, d.urn])).toEqual([["eni-ips-account", "mandatory", ""]]);
      expect(diagnostics[0]?.message).toMatch(/\neni-ips could not read the account \(region cn-hangzhou\): Describe\w+ failed: SignatureDoesNotMatch/);
      // The account-free checks do not need the account.
      expect(byCode(await analyzeEach(pack, brokenStack()))).toEqual(BROKEN.resourcePolicy);
      const everything = JSON.stringify(diagnostics) + pack.output() + JSON.stringify(pack.engine.logs);
      expect(everything).not.toContain(secret);
    } finally {
      await pack.close();
    }
    expect(em.emulator.callCounts().mutations).toBe(0);
  });
});
