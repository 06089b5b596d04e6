// `eni-ips snapshot` against the emulator, the committed ci-preview snapshot against the demo seed,
// and the round trip snapshot -> preview --snapshot giving the live verdict.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseSnapshot } from "../../src/cli/snapshot-file";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { cleanEnv, cli, parseJsonReport, SNAPSHOT, withNoCredentials } from "./cli-harness";

const PLAN_REL = "examples/ci-preview/plan.yaml";
const tmp = mkdtempSync(join(tmpdir(), "eni-ips-snapshot-"));

describe("eni-ips snapshot", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("captures the plan's facts to a versioned file, read-only", async () => {
    fixture.emulator.reset();
    const out = join(tmp, "captured.json");
    const before = Date.now();
    const run = await cli(["snapshot", "--plan", PLAN_REL, "--out", out], { env: cleanEnv(fixture.env) });
    expect(run.stderr).toMatch(/^eni-ips snapshot: wrote .*captured\.json \(region cn-hangzhou, \d+ ENIs/);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("");
    expect(fixture.emulator.callCounts().mutations).toBe(0);
    const snap = parseSnapshot(readFileSync(out, "utf8"), out);
    expect(snap.regionId).toBe("cn-hangzhou");
    expect(Date.parse(snap.capturedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(snap.version).toBe(3);
    expect(snap.scope).toEqual({
      kind: "plan",
      networkInterfaceIds: expect.arrayContaining(["eni-bp1demoweb01", "eni-bp1doesnotexist", "eni-bp1fleetsparesec"]),
      vSwitchIds: [],
      securityGroupIds: [],
      instanceIds: [],
      instanceTypeIds: [],
    });
    expect(snap.facts.enis.find((e) => e.networkInterfaceId === "eni-bp1demoweb02")?.privateIpAddresses).toHaveLength(6);
    expect(snap.facts.enis.some((e) => e.networkInterfaceId === "eni-bp1doesnotexist")).toBe(false);
  });

  it("shows progress on stderr only when asked (--progress) or on a terminal outside CI", async () => {
    const quiet = await cli(["snapshot", "--plan", PLAN_REL], { env: cleanEnv({ ...fixture.env, CI: "true" }), stderrIsTTY: true });
    expect(quiet.stderr).toBe("");
    const asked = await cli(["snapshot", "--plan", PLAN_REL, "--progress"], { env: cleanEnv({ ...fixture.env, CI: "true" }) });
    expect(asked.code).toBe(0);
    expect(asked.stderr).toMatch(/^eni-ips: reading facts for 11 ENIs…\neni-ips: done \(\d+ API reads\) in [\d.]+s\n$/);
    // stdout still carries nothing but the snapshot.
    expect(parseSnapshot(asked.stdout, "stdout").format).toBe("eni-ips-snapshot");
    const terminal = await cli(["preview", PLAN_REL, "--format", "json"], { env: cleanEnv(fixture.env), stderrIsTTY: true });
    expect(terminal.stderr).toMatch(/reading facts for 11 ENIs/);
    expect(parseJsonReport(terminal).violations).toHaveLength(13);
  });

  it("writes to stdout without --out", async () => {
    const run = await cli(["snapshot", "--plan", PLAN_REL], { env: cleanEnv(fixture.env) });
    expect(run.code).toBe(0);
    expect(parseSnapshot(run.stdout, "stdout").format).toBe("eni-ips-snapshot");
  });

  it("round trip: preview against a fresh snapshot says what preview against the live account says", async () => {
    const out = join(tmp, "roundtrip.json");
    expect((await cli(["snapshot", "--plan", PLAN_REL, "--out", out], { env: cleanEnv(fixture.env) })).code).toBe(0);
    const offline = await cli(["preview", PLAN_REL, "--snapshot", out, "--format", "json"]);
    const live = await cli(["preview", PLAN_REL, "--format", "json"], { env: cleanEnv(fixture.env) });
    expect(offline.code).toBe(1);
    const a = parseJsonReport(offline);
    const b = parseJsonReport(live);
    expect(a.violations.length).toBeGreaterThan(0);
    expect(a.violations).toEqual(b.violations);
    expect(a.warnings).toEqual(b.warnings);
    expect(a.usage).toEqual(b.usage);
  });

  it("the committed examples/ci-preview/snapshot.json matches the emulator's demo seed (regenerate: node examples/ci-preview/regenerate.js)", async () => {
    fixture.emulator.reset();
    const run = await cli(["snapshot", "--plan", PLAN_REL], { env: cleanEnv(fixture.env) });
    expect(run.code).toBe(0);
    const fresh = parseSnapshot(run.stdout, "fresh");
    const committed = parseSnapshot(readFileSync(SNAPSHOT, "utf8"), SNAPSHOT);
    expect(committed.regionId).toBe(fresh.regionId);
    expect(committed.scope).toEqual(fresh.scope);
    expect(committed.facts).toEqual(fresh.facts);
  });

  it("exits 2 without a region, without credentials, or with a broken plan", async () => {
    const noRegion = cleanEnv({ ...fixture.env });
    delete noRegion["ALIBABA_CLOUD_REGION_ID"];
    const run = await cli(["snapshot"], { env: noRegion });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/no region/);
    const { result: noCredentials, hosts } = await withNoCredentials((home) => cli(["snapshot"], { env: cleanEnv({ ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", HOME: home }) }));
    expect(noCredentials.code).toBe(2);
    expect(noCredentials.stdout).toBe("");
    expect(noCredentials.stderr).toMatch(/^eni-ips snapshot: no Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET/);
    expect(hosts).toEqual([]);
    const badPlan = await cli(["snapshot", "--plan", "nope.yaml"], { env: cleanEnv(fixture.env) });
    expect(badPlan.code).toBe(2);
    expect((await cli(["snapshot", "extra"], { env: cleanEnv(fixture.env) })).code).toBe(2);
  });

  it("without --plan: every ENI of the region, each as the emulator holds it, read-only", async () => {
    fixture.emulator.reset();
    const run = await cli(["snapshot"], { env: cleanEnv(fixture.env) });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(fixture.emulator.callCounts().mutations).toBe(0);
    const snap = parseSnapshot(run.stdout, "stdout");
    expect(snap.scope).toEqual({ kind: "region" });
    const state = fixture.emulator.state();
    const truth = state.networkInterfaces
      .map((e) => ({ id: e.networkInterfaceId, status: e.status, vSwitchId: e.vSwitchId, addresses: [e.primaryIpAddress, ...(e.secondaryIpAddresses ?? [])] }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(truth.length).toBeGreaterThan(200); // the demo seed: 212 ENIs, fleet included
    const captured = snap.facts.enis
      .map((e) => ({ id: e.networkInterfaceId, status: e.status, vSwitchId: e.vSwitchId, addresses: e.privateIpAddresses }))
      .sort((a, b) => a.id.localeCompare(b.id));
    expect(captured).toEqual(truth);
    expect(snap.facts.vSwitches.map((v) => v.vSwitchId).sort()).toEqual(state.vSwitches.map((v) => v.vSwitchId).sort());
    expect(snap.facts.securityGroups.map((g) => g.securityGroupId).sort()).toEqual(state.securityGroups.map((g) => g.securityGroupId).sort());
    expect(snap.facts.instances.map((i) => i.instanceId).sort()).toEqual(state.instances.map((i) => i.instanceId).sort());
  });

  it("a region snapshot previews the ci-preview plan exactly as the live account does", async () => {
    fixture.emulator.reset();
    const out = join(tmp, "region.json");
    const captured = await cli(["snapshot", "--out", out], { env: cleanEnv(fixture.env) });
    expect(captured.code).toBe(0);
    expect(captured.stderr).toMatch(/\(region cn-hangzhou, 212 ENIs, 3 security groups, \d+ API reads\)/);
    const offline = await cli(["preview", PLAN_REL, "--snapshot", out, "--format", "json"]);
    const live = await cli(["preview", PLAN_REL, "--format", "json"], { env: cleanEnv(fixture.env) });
    expect(offline.code).toBe(1);
    expect(live.code).toBe(1);
    const a = parseJsonReport(offline);
    const b = parseJsonReport(live);
    expect(a.violations).toHaveLength(13);
    expect(a.violations).toEqual(b.violations);
    expect(a.warnings).toEqual(b.warnings);
    expect(a.usage).toEqual(b.usage);
  });
});
