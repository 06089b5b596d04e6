// `eni-ips preview` on a big Terraform plan: 5,000 resources over 20 basic security groups, half of
// them updates of existing ENIs (each adds an address), half new (2,250 ENIs and 250 instances with
// secondary addresses), judged live against the emulator with no latency by the real CLI in a fresh
// process. The read cost is compared with an eni-ips plan.yaml naming the same existing ENIs: the new
// objects refer to the same vSwitches, groups and instance types, so they must cost no extra read.
// Requires a build (../dist).
"use strict";

const { mkdtempSync, rmSync, writeFileSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { spawn } = require("node:child_process");
const { terraformPlan, eniState } = require("../examples/ci-preview/plan-builder");
const { startBenchEmulator } = require("./lib/env");
const { fleetSeed, freeAddress } = require("./lib/seeds");

const GROUPS = 20;
const UPDATES = 2500;
const NEW_ENIS = 2250;
const NEW_INSTANCES = 250;
const TARGET_MS = 5000;
const CLI = join(__dirname, "..", "dist", "cli", "main.js");

/** The Terraform plan (and the matching plan.yaml) for a fleetSeed of UPDATES ENIs. */
function buildPlans(seed) {
  const tf = terraformPlan();
  const yaml = ["regionId: cn-hangzhou", "declarations:"];
  seed.networkInterfaces.slice(0, UPDATES).forEach((e, i) => {
    const added = freeAddress(seed, i, 0);
    tf.resource({
      type: "alicloud_ecs_network_interface",
      name: "existing",
      index: i,
      count: UPDATES,
      action: "update",
      before: eniState({ id: e.networkInterfaceId, vswitchId: e.vSwitchId, securityGroupIds: e.securityGroupIds, primary: e.primaryIpAddress, secondaries: e.secondaryIpAddresses }),
      config: { vswitch_id: e.vSwitchId, security_group_ids: e.securityGroupIds, private_ip_addresses: [...e.secondaryIpAddresses, added] },
    });
    yaml.push(`  - name: existing-${i}`, `    networkInterfaceId: ${e.networkInterfaceId}`, `    privateIpAddresses: [${added}]`);
  });
  const group = (i) => ({ vSwitchId: seed.vSwitches[i % GROUPS].vSwitchId, securityGroupId: seed.securityGroups[i % GROUPS].securityGroupId });
  for (let i = 0; i < NEW_ENIS; i++) {
    const g = group(i);
    tf.resource({ type: "alicloud_ecs_network_interface", name: "new", index: i, count: NEW_ENIS, config: { vswitch_id: g.vSwitchId, security_group_ids: [g.securityGroupId], secondary_private_ip_address_count: 2 } });
  }
  for (let i = 0; i < NEW_INSTANCES; i++) {
    const g = group(i);
    tf.resource({
      type: "alicloud_instance",
      name: "new",
      index: i,
      count: NEW_INSTANCES,
      config: { image_id: "aliyun_3_x64_20G_alibase_20240819.vhd", instance_type: seed.instanceTypes[0].instanceTypeId, vswitch_id: g.vSwitchId, security_groups: [g.securityGroupId], secondary_private_ip_address_count: 3 },
    });
  }
  return { plan: tf.build(), yaml: `${yaml.join("\n")}\n` };
}

/** `eni-ips preview FILE --format json` as a user runs it: a fresh process (Node start, SDK load,
 *  reading and judging the file, the live reads), timed from spawn to exit. */
function preview(file, env) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, "preview", file, "--format", "json"], { env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out = [];
    const err = [];
    child.stdout.on("data", (c) => out.push(c));
    child.stderr.on("data", (c) => err.push(c));
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      try {
        resolve({ code, ms, report: JSON.parse(Buffer.concat(out).toString("utf8")) });
      } catch (error) {
        reject(new Error(`preview ${file} exited ${code}: ${Buffer.concat(err).toString("utf8")}`, { cause: error }));
      }
    });
  });
}

async function benchIacPreview() {
  const seed = fleetSeed({ enis: UPDATES, groups: GROUPS, secondaries: 1, boundEvery: 1 });
  const { plan, yaml } = buildPlans(seed);
  const dir = mkdtempSync(join(tmpdir(), "eni-ips-bench-iac-"));
  const planFile = join(dir, "plan.json");
  const yamlFile = join(dir, "plan.yaml");
  writeFileSync(planFile, JSON.stringify(plan));
  writeFileSync(yamlFile, yaml);
  const { emulator, env } = await startBenchEmulator(seed);
  try {
    // The Terraform plan first, so no cache of the machine favours it.
    const tf = await preview(planFile, env);
    const reads = emulator.callCounts().reads;
    emulator.reset();
    const baseline = await preview(yamlFile, env);
    const baselineReads = emulator.callCounts().reads;
    const result = {
      resources: plan.resource_changes.length,
      groups: GROUPS,
      planBytes: JSON.stringify(plan).length,
      ms: Math.round(tf.ms),
      reads,
      code: tf.code,
      violations: tf.report.violations.length,
      warnings: tf.report.warnings.length,
      mutations: emulator.callCounts().mutations,
      planYaml: { declarations: UPDATES, ms: Math.round(baseline.ms), reads: baselineReads, code: baseline.code },
      targetMs: TARGET_MS,
    };
    console.log(`iac preview: ${result.resources} resources (${UPDATES} ENI updates, ${NEW_ENIS} new ENIs, ${NEW_INSTANCES} new instances), ${GROUPS} groups, ${(result.planBytes / 1e6).toFixed(1)} MB plan`);
    console.log(`  terraform plan: ${result.ms} ms, ${reads} reads, exit ${tf.code}, ${result.violations} violations, ${result.mutations} mutations`);
    console.log(`  plan.yaml of the same ${UPDATES} ENIs: ${result.planYaml.ms} ms, ${baselineReads} reads, exit ${baseline.code}`);
    return result;
  } finally {
    await emulator.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = { benchIacPreview };

if (require.main === module) {
  benchIacPreview().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
