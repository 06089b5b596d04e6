// IPv4 prefixes in the plans users already have: `ipv4_prefixes` / `ipv4_prefix_count` of the official
// ENI resource in a Terraform plan, `ipv4Prefixes` / `ipv4PrefixCount` in a Pulumi preview, and
// `prefixes` / `prefixCount` of eni-ips's own Ipv4Prefixes resource in a Pulumi preview. Rules 16
// and 17 fail and pass, in the tool's own attribute names, live against the emulator's prefix account
// and offline from a snapshot captured for the plan, with the same verdicts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eniState, pulumiPreview, terraformPlan } from "../../examples/ci-preview/plan-builder";
import { DEMO_IDS, DEMO_PREFIX_IDS, demoSeedWithPrefixes } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { cleanEnv, cli, parseJsonReport, type JsonReport } from "./cli-harness";

const tmp = mkdtempSync(join(tmpdir(), "eni-ips-iac-prefixes-"));
const P = DEMO_PREFIX_IDS;
const ENI = "alicloud_ecs_network_interface";

function writeTmp(name: string, doc: unknown): string {
  const path = join(tmp, name);
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

/** eni-bp1demoprefix holds 10.0.3.64/28; its vSwitch reserves 10.0.3.64/26. */
const prior = eniState({ id: P.eni, vswitchId: P.vSwitch, securityGroupIds: [DEMO_IDS.sgAdvanced], primary: "10.0.3.10", prefixes: ["10.0.3.64/28"], status: "Available" });

function terraform(fits: boolean): unknown {
  const tf = terraformPlan();
  // Keeps its prefix and adds one (fits), or adds a misaligned one (rule 16).
  tf.resource({ type: ENI, name: "pool", action: "update", before: prior, config: { vswitch_id: P.vSwitch, security_group_ids: [DEMO_IDS.sgAdvanced], ipv4_prefixes: ["10.0.3.64/28", fits ? "10.0.3.80/28" : "10.0.3.85/28"] } });
  // A new ENI in the vSwitch asking for more /28s than are left (rule 17), or one.
  tf.resource({ type: ENI, name: "extra", config: { vswitch_id: P.vSwitch, security_group_ids: [DEMO_IDS.sgAdvanced], ipv4_prefix_count: fits ? 1 : 4 } });
  return tf.build();
}

function pulumi(fits: boolean): unknown {
  const pu = pulumiPreview();
  const type = "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface";
  const oldInputs = { vswitchId: P.vSwitch, securityGroupIds: [DEMO_IDS.sgAdvanced], ipv4Prefixes: ["10.0.3.64/28"] };
  pu.resource({ type, name: "pool", op: "update", id: P.eni, oldInputs, oldOutputs: { ...oldInputs, primaryIpAddress: "10.0.3.10" }, inputs: { ...oldInputs, ipv4Prefixes: ["10.0.3.64/28", fits ? "10.0.3.80/28" : "10.0.3.85/28"] } });
  pu.resource({ type, name: "extra", inputs: { vswitchId: P.vSwitch, securityGroupIds: [DEMO_IDS.sgAdvanced], ipv4PrefixCount: fits ? 1 : 4 } });
  return pu.build();
}

/** eni-ips's own resources: an Ipv4Prefixes list (a misaligned /28) and count on the prefix ENI. */
function eniIpsPulumi(fits: boolean): unknown {
  const pu = pulumiPreview();
  const type = "pulumi-nodejs:dynamic/eni-ips:Ipv4Prefixes";
  pu.resource({ type, name: "pods", inputs: { networkInterfaceId: P.eni, prefixes: ["10.0.3.80/28", fits ? "10.0.3.96/28" : "10.0.3.85/28"] } });
  pu.resource({ type, name: "pool", inputs: { networkInterfaceId: P.eni, prefixCount: fits ? 1 : 4 } });
  return pu.build();
}

const codes = (r: JsonReport): string[] => r.violations.map((v) => `${v.code} ${v.property}`);

describe.each([
  { tool: "terraform", plan: terraform, list: "ipv4_prefixes", count: "ipv4_prefix_count" },
  { tool: "pulumi", plan: pulumi, list: "ipv4Prefixes", count: "ipv4PrefixCount" },
  { tool: "pulumi-eni-ips", plan: eniIpsPulumi, list: "prefixes", count: "prefixCount" },
])("$tool plan with IPv4 prefixes", ({ tool, plan, list, count }) => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startEmulatorFixture({ seed: demoSeedWithPrefixes() });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("fails rules 16 and 17 in the tool's attribute names, live and offline alike; the fitting plan passes", async () => {
    const failing = writeTmp(`${tool}-failing.json`, plan(false));
    const live = await cli(["preview", failing, "--format", "json"], { env: cleanEnv(fixture.env) });
    expect(live.stderr).toBe("");
    expect(live.code).toBe(1);
    const report = parseJsonReport(live);
    expect(codes(report)).toEqual([`invalid_prefix ${list}`, `prefix_unavailable ${count}`]);
    expect(report.violations[0]!.message).toContain(`${list}[1] "10.0.3.85/28" is not aligned`);
    // Four /28s reserved, one held: three left for four (the failing update takes none).
    expect(report.violations[1]!.message).toMatch(new RegExp(`${count} 4 needs 4 free /28 blocks .* have 3 free`));
    const snap = join(tmp, `${tool}-snapshot.json`);
    expect((await cli(["snapshot", "--plan", failing, "--out", snap], { env: cleanEnv(fixture.env) })).code).toBe(0);
    const offline = await cli(["preview", failing, "--snapshot", snap, "--format", "json"]);
    expect(parseJsonReport(offline).violations).toEqual(report.violations);
    const fitting = writeTmp(`${tool}-fits.json`, plan(true));
    expect((await cli(["preview", fitting], { env: cleanEnv(fixture.env) })).code).toBe(0);
    expect((await cli(["preview", fitting, "--snapshot", snap])).code).toBe(0);
    expect(fixture.emulator.callCounts().mutations).toBe(0);
  });
});
