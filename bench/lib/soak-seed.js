// The soak's account: a handful of ENIs on two small vSwitches, one basic group with a small quota
// (so quota, per-ENI and vSwitch limits are all reachable), an advanced group, a bound ENI and an
// instance's primary ENI, and a few "foreign" addresses that belong to no resource and must never
// be touched. vsw-bp1soaka keeps three /28s for IPv4 prefixes (two free, a foreign one held by
// eni-bp1soak02; a reservation may not hold the vSwitch's reserved last addresses), so prefix
// resources contend for them beside the address resources on the same ENIs; vsw-bp1soakb has no
// prefix reservation.
"use strict";

const SOAK_GROUP_QUOTA = 40;
/** vsw-bp1soaka's blocks reserved for IPv4 prefixes: 10.9.0.64 to 10.9.0.111. */
const SOAK_PREFIX_BLOCKS = ["10.9.0.64/27", "10.9.0.96/28"];

function soakSeed() {
  const vpcId = "vpc-bp1soak";
  const zoneId = "cn-hangzhou-h";
  return {
    regionId: "cn-hangzhou",
    vpcs: [{ vpcId, cidrBlock: "10.9.0.0/16" }],
    vSwitches: [
      // /25 with 48 addresses kept for prefixes: 76 usable addresses; /27: 28 usable, small enough
      // for counts to exhaust it.
      {
        vSwitchId: "vsw-bp1soaka", vpcId, zoneId, cidrBlock: "10.9.0.0/25",
        cidrReservations: SOAK_PREFIX_BLOCKS.map((cidr, i) => ({ vSwitchCidrReservationId: `vcr-bp1soaka${i}`, cidr, type: "prefix" })),
      },
      { vSwitchId: "vsw-bp1soakb", vpcId, zoneId, cidrBlock: "10.9.1.0/27" },
    ],
    securityGroups: [
      { securityGroupId: "sg-bp1soakbasic", vpcId, type: "normal", ipQuota: SOAK_GROUP_QUOTA },
      { securityGroupId: "sg-bp1soakadv", vpcId, type: "enterprise" },
    ],
    instanceTypes: [{ instanceTypeId: "ecs.soak.small", cpuCoreCount: 2, memorySize: 4, eniQuantity: 3, eniPrivateIpAddressQuantity: 8 }],
    instances: [
      {
        instanceId: "i-bp1soak01",
        instanceType: "ecs.soak.small",
        status: "Running",
        vSwitchId: "vsw-bp1soaka",
        securityGroupIds: ["sg-bp1soakbasic"],
        primaryNetworkInterfaceId: "eni-bp1soakp01",
        primaryIpAddress: "10.9.0.4",
      },
    ],
    networkInterfaces: [
      { networkInterfaceId: "eni-bp1soak01", vSwitchId: "vsw-bp1soaka", securityGroupIds: ["sg-bp1soakbasic"], primaryIpAddress: "10.9.0.10" },
      { networkInterfaceId: "eni-bp1soak02", vSwitchId: "vsw-bp1soaka", securityGroupIds: ["sg-bp1soakbasic"], primaryIpAddress: "10.9.0.11", secondaryIpAddresses: ["10.9.0.12"], ipv4Prefixes: ["10.9.0.64/28"] },
      { networkInterfaceId: "eni-bp1soak03", vSwitchId: "vsw-bp1soaka", securityGroupIds: ["sg-bp1soakbasic"], primaryIpAddress: "10.9.0.13", instanceId: "i-bp1soak01" },
      { networkInterfaceId: "eni-bp1soak04", vSwitchId: "vsw-bp1soakb", securityGroupIds: ["sg-bp1soakadv"], primaryIpAddress: "10.9.1.5", secondaryIpAddresses: ["10.9.1.6", "10.9.1.7"] },
      { networkInterfaceId: "eni-bp1soak05", vSwitchId: "vsw-bp1soakb", securityGroupIds: ["sg-bp1soakadv"], primaryIpAddress: "10.9.1.8" },
    ],
  };
}

/** ENIs resources may target (the instance's primary ENI included). */
const SOAK_ENIS = ["eni-bp1soak01", "eni-bp1soak02", "eni-bp1soak03", "eni-bp1soak04", "eni-bp1soak05", "eni-bp1soakp01"];

module.exports = { soakSeed, SOAK_ENIS, SOAK_GROUP_QUOTA, SOAK_PREFIX_BLOCKS };
