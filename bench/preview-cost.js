// Read cost of a preview: facts for 200 ENIs of one 2,000-address basic security group and one
// vSwitch, gathered one ENI at a time (as Pulumi's check does), against the local emulator.
// Prints the read calls in total and per action. Requires a build (../dist).
"use strict";
const { createCloudSession } = require("../dist/cloud");
const { startEmulator, DEMO_CREDENTIALS } = require("../dist/emulator");

function budgetSeed() {
  const pad = (n) => String(n).padStart(4, "0");
  let n = 1;
  const next = () => `10.0.${Math.floor(n / 256)}.${n++ % 256}`;
  const base = { vpcId: "vpc-bp1budget", vSwitchId: "vsw-bp1budget", zoneId: "cn-hangzhou-h", securityGroupIds: ["sg-bp1budget"] };
  const instances = [];
  const networkInterfaces = [];
  for (let i = 1; i <= 100; i++) {
    const instanceId = `i-bp1budget${pad(i)}`;
    const primary = `eni-bp1budgetp${pad(i)}`;
    instances.push({ ...base, instanceId, instanceType: "ecs.g7.4xlarge", status: "Running", primaryNetworkInterfaceId: primary });
    for (const [id, type] of [[primary, "Primary"], [`eni-bp1budgets${pad(i)}`, "Secondary"]]) {
      // 10 addresses per ENI, 200 ENIs: 2,000 addresses in the group.
      networkInterfaces.push({ ...base, networkInterfaceId: id, type, status: "InUse", instanceId, primaryIpAddress: next(), secondaryIpAddresses: Array.from({ length: 9 }, next) });
    }
  }
  return {
    regionId: "cn-hangzhou",
    vpcs: [{ vpcId: "vpc-bp1budget", cidrBlock: "10.0.0.0/16" }],
    vSwitches: [{ vSwitchId: "vsw-bp1budget", vpcId: "vpc-bp1budget", zoneId: "cn-hangzhou-h", cidrBlock: "10.0.0.0/20" }],
    securityGroups: [{ securityGroupId: "sg-bp1budget", vpcId: "vpc-bp1budget", type: "normal" }],
    instanceTypes: [{ instanceTypeId: "ecs.g7.4xlarge", cpuCoreCount: 16, memorySize: 64, eniQuantity: 8, eniPrivateIpAddressQuantity: 20 }],
    instances,
    networkInterfaces,
  };
}

async function benchReadBudget() {
  const seed = budgetSeed();
  const emulator = await startEmulator({ port: 0, seed });
  try {
    const session = createCloudSession({
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret,
        ALIBABA_CLOUD_REGION_ID: seed.regionId,
        ALIBABA_CLOUD_ECS_ENDPOINT: emulator.url,
        ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url,
      },
    });
    const started = process.hrtime.bigint();
    for (const eni of seed.networkInterfaces) await session.gatherFacts([eni.networkInterfaceId]);
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const stats = session.stats();
    console.log(`preview read cost: ${seed.networkInterfaces.length} ENIs one at a time, 2,000-address basic group, one vSwitch`);
    console.log(`  read calls: ${stats.reads} (budget 40), ${ms.toFixed(0)} ms`);
    for (const [action, count] of Object.entries(stats.byAction).sort()) console.log(`    ${action}: ${count}`);
    return { reads: stats.reads, byAction: stats.byAction, ms };
  } finally {
    await emulator.close();
  }
}

module.exports = { benchReadBudget };

if (require.main === module) {
  benchReadBudget().catch((error) => {
    console.error(error);
    process.exitCode = 1;
  });
}
