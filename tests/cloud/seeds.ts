// Seeds for the cloud layer's integration tests: built in code so sizes are exact.
import type { EmulatorSeed, SeedInstance, SeedNetworkInterface } from "../../src/emulator";

const REGION = "cn-hangzhou";
const ZONE = "cn-hangzhou-h";

/** Sequential addresses from 10.0.0.1 on (inside 10.0.0.0/20). */
function addressPool(): () => string {
  let n = 1;
  return () => {
    const a = `10.0.${Math.floor(n / 256)}.${n % 256}`;
    n++;
    return a;
  };
}

const pad = (n: number) => String(n).padStart(4, "0");

/**
 * The read-budget account: one /20 vSwitch, one basic group holding 100 instances (primary ENIs with
 * 10 addresses each) and 100 secondary ENIs bound to them (10 addresses each) = 200 ENIs, 2,000
 * addresses.
 */
export function budgetSeed(): EmulatorSeed {
  const next = addressPool();
  const instances: SeedInstance[] = [];
  const enis: SeedNetworkInterface[] = [];
  for (let i = 1; i <= 100; i++) {
    const instanceId = `i-bp1budget${pad(i)}`;
    const primary = `eni-bp1budgetp${pad(i)}`;
    instances.push({
      instanceId,
      instanceType: "ecs.g7.4xlarge",
      status: "Running",
      zoneId: ZONE,
      vpcId: "vpc-bp1budget",
      vSwitchId: "vsw-bp1budget",
      securityGroupIds: ["sg-bp1budget"],
      primaryNetworkInterfaceId: primary,
    });
    for (const [id, type] of [
      [primary, "Primary"],
      [`eni-bp1budgets${pad(i)}`, "Secondary"],
    ] as const) {
      enis.push({
        networkInterfaceId: id,
        type,
        status: "InUse",
        vpcId: "vpc-bp1budget",
        vSwitchId: "vsw-bp1budget",
        zoneId: ZONE,
        securityGroupIds: ["sg-bp1budget"],
        primaryIpAddress: next(),
        secondaryIpAddresses: Array.from({ length: 9 }, next),
        instanceId,
      });
    }
  }
  return {
    regionId: REGION,
    vpcs: [{ vpcId: "vpc-bp1budget", cidrBlock: "10.0.0.0/16" }],
    vSwitches: [{ vSwitchId: "vsw-bp1budget", vpcId: "vpc-bp1budget", zoneId: ZONE, cidrBlock: "10.0.0.0/20" }],
    securityGroups: [{ securityGroupId: "sg-bp1budget", vpcId: "vpc-bp1budget", type: "normal" }],
    instanceTypes: [{ instanceTypeId: "ecs.g7.4xlarge", cpuCoreCount: 16, memorySize: 64, eniQuantity: 8, eniPrivateIpAddressQuantity: 20 }],
    instances,
    networkInterfaces: enis,
  };
}

/**
 * The paging account: 1,200 Available ENIs (one address each) in one vSwitch and an advanced group,
 * plus 120 instances of 12 instance types whose primary ENIs sit in a second vSwitch.
 */
export function pagingSeed(): EmulatorSeed {
  const next = addressPool();
  const enis: SeedNetworkInterface[] = [];
  for (let i = 1; i <= 1200; i++) {
    enis.push({
      networkInterfaceId: `eni-bp1page${pad(i)}`,
      type: "Secondary",
      status: "Available",
      vpcId: "vpc-bp1page",
      vSwitchId: "vsw-bp1pagemany",
      zoneId: ZONE,
      securityGroupIds: ["sg-bp1pageadv"],
      primaryIpAddress: next(),
      secondaryIpAddresses: [],
    });
  }
  const instanceTypes = Array.from({ length: 12 }, (_, t) => ({
    instanceTypeId: `ecs.page${t}.large`,
    cpuCoreCount: 2,
    memorySize: 8,
    eniQuantity: 3,
    eniPrivateIpAddressQuantity: 6 + t,
  }));
  const instances: SeedInstance[] = [];
  let host = 1;
  for (let i = 1; i <= 120; i++) {
    const instanceId = `i-bp1page${pad(i)}`;
    const eniId = `eni-bp1pagepri${pad(i)}`;
    instances.push({
      instanceId,
      instanceType: `ecs.page${i % 12}.large`,
      status: "Running",
      zoneId: ZONE,
      vpcId: "vpc-bp1page",
      vSwitchId: "vsw-bp1pagehosts",
      securityGroupIds: ["sg-bp1pageadv"],
      primaryNetworkInterfaceId: eniId,
    });
    enis.push({
      networkInterfaceId: eniId,
      type: "Primary",
      status: "InUse",
      vpcId: "vpc-bp1page",
      vSwitchId: "vsw-bp1pagehosts",
      zoneId: ZONE,
      securityGroupIds: ["sg-bp1pageadv"],
      primaryIpAddress: `10.0.32.${host++}`,
      secondaryIpAddresses: [],
      instanceId,
    });
  }
  return {
    regionId: REGION,
    vpcs: [{ vpcId: "vpc-bp1page", cidrBlock: "10.0.0.0/16" }],
    vSwitches: [
      { vSwitchId: "vsw-bp1pagemany", vpcId: "vpc-bp1page", zoneId: ZONE, cidrBlock: "10.0.0.0/20" },
      { vSwitchId: "vsw-bp1pagehosts", vpcId: "vpc-bp1page", zoneId: ZONE, cidrBlock: "10.0.32.0/24" },
    ],
    securityGroups: [{ securityGroupId: "sg-bp1pageadv", vpcId: "vpc-bp1page", type: "enterprise" }],
    instanceTypes,
    instances,
    networkInterfaces: enis,
  };
}
