// Seed builders for the emulator: synthetic fleets sized for the benches. Deterministic (no
// randomness): the same options always give the same account, so figures compare across runs.
"use strict";

const { intToIpv4, ipv4ToInt } = require("../../dist/core");

const REGION = "cn-hangzhou";
const VPC = "vpc-bp1bench";
const ZONE = "cn-hangzhou-h";
/** Addresses reserved per secondary ENI in its vSwitch: its own (primary + secondaries) and room to grow (at least). */
const SLOT = 8;

function pad(n) {
  return String(n).padStart(5, "0");
}

/**
 * A fleet of secondary ENIs spread evenly over `groups` basic security groups, one /20 vSwitch per
 * group. Every `boundEvery`-th ENI is InUse on an instance (4 secondary ENIs per instance, whose
 * primary ENI sits in the same group); the rest are Available. Each secondary ENI holds its primary
 * plus `secondaries` addresses and owns a SLOT-address range of its vSwitch, so `freeAddress(i, k)`
 * is a known free address for declarations.
 */
function fleetSeed({ enis, groups, secondaries = 1, boundEvery = 2, groupQuota } = {}) {
  const perGroup = Math.ceil(enis / groups);
  const slot = Math.max(SLOT, secondaries + 4);
  if (perGroup * slot > 2048) throw new Error(`fleetSeed: ${perGroup} ENIs do not fit a /20 vSwitch`);
  const vSwitches = [];
  const securityGroups = [];
  // Consecutive /20 blocks of 10.0.0.0/8 (4,096 addresses each), one per group.
  const base = (g) => ipv4ToInt("10.0.0.0") + g * 4096;
  for (let g = 0; g < groups; g++) {
    vSwitches.push({ vSwitchId: `vsw-bp1bench${pad(g)}`, vpcId: VPC, zoneId: ZONE, cidrBlock: `${intToIpv4(base(g))}/20` });
    securityGroups.push({ securityGroupId: `sg-bp1bench${pad(g)}`, vpcId: VPC, type: "normal", ...(groupQuota ? { ipQuota: groupQuota } : {}) });
  }
  const networkInterfaces = [];
  const instances = [];
  const instanceOf = new Map(); // instance index -> id
  const instanceCount = new Array(groups).fill(0);
  for (let i = 0; i < enis; i++) {
    const g = i % groups;
    const j = Math.floor(i / groups);
    const first = base(g) + 1 + j * slot;
    const bound = boundEvery > 0 && j % boundEvery === 0;
    const eni = {
      networkInterfaceId: `eni-bp1bench${pad(i)}`,
      vSwitchId: vSwitches[g].vSwitchId,
      securityGroupIds: [securityGroups[g].securityGroupId],
      primaryIpAddress: intToIpv4(first),
      secondaryIpAddresses: Array.from({ length: secondaries }, (_, k) => intToIpv4(first + 1 + k)),
    };
    if (bound) {
      // Four secondary ENIs per instance; the instance and its primary ENI live in the same group.
      const key = `${g}/${Math.floor(j / (4 * boundEvery))}`;
      let instanceId = instanceOf.get(key);
      if (instanceId === undefined) {
        const n = instanceCount[g]++;
        instanceId = `i-bp1bench${pad(g)}x${pad(n)}`;
        instanceOf.set(key, instanceId);
        instances.push({
          instanceId,
          instanceType: "ecs.g7.2xlarge",
          status: "Running",
          vSwitchId: vSwitches[g].vSwitchId,
          securityGroupIds: [securityGroups[g].securityGroupId],
          primaryNetworkInterfaceId: `eni-bp1benchp${pad(g)}x${pad(n)}`,
          // Instance primaries live in the upper half of the /20, away from the ENI slots.
          primaryIpAddress: intToIpv4(base(g) + 2048 + n),
        });
      }
      eni.instanceId = instanceId;
    }
    networkInterfaces.push(eni);
  }
  return {
    regionId: REGION,
    vpcs: [{ vpcId: VPC, cidrBlock: "10.0.0.0/8" }],
    vSwitches,
    securityGroups,
    instanceTypes: [{ instanceTypeId: "ecs.g7.2xlarge", cpuCoreCount: 8, memorySize: 32, eniQuantity: 8, eniPrivateIpAddressQuantity: 15 }],
    instances,
    networkInterfaces,
  };
}

/** The k-th free address (k from 0) of secondary ENI `eni` in a fleetSeed with `secondaries`. */
function freeAddress(seed, eniIndex, k, secondaries = 1) {
  const eni = seed.networkInterfaces[eniIndex];
  return intToIpv4(ipv4ToInt(eni.primaryIpAddress) + 1 + secondaries + k);
}

module.exports = { fleetSeed, freeAddress, REGION };
