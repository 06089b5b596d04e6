// The bundled demo account (region cn-hangzhou): small, realistic, and built so every rule of the
// product has something to trip over. The demo plan, README and tests refer to these ids.
//
// | id                          | what it is                                           | what it is for                                   |
// |-----------------------------|------------------------------------------------------|--------------------------------------------------|
// | vpc-bp1demovpc              | VPC 10.0.0.0/16                                      |                                                  |
// | vsw-bp1demoapp              | vSwitch 10.0.1.0/24, cn-hangzhou-h (252 usable)      | the roomy vSwitch of the happy path              |
// | vsw-bp1demosmall            | vSwitch 10.0.2.0/28, cn-hangzhou-h (12 usable, 10 used, .11 and .12 free) | vswitch_exhausted                 |
// | vsw-bp1demofleet            | vSwitch 10.0.16.0/20, cn-hangzhou-i                  | home of the fleet filling sg-bp1demofull         |
// | sg-bp1demobasic             | basic (normal) group, few members                    | happy path                                       |
// | sg-bp1demoadvanced          | advanced (enterprise) group: no IP quota             | quota does not apply                             |
// | sg-bp1demofull              | basic group, 1,990 of 2,000 private IPs used         | security_group_quota (11+ new addresses fail)    |
// | i-bp1demoweb01              | ecs.g7.xlarge (15 IPs/ENI), Running, sg basic        | happy path on a primary ENI                      |
// | eni-bp1demoweb01            | its primary ENI: 10.0.1.10 + 10.0.1.11, 10.0.1.12     | assign to a primary ENI; .11 is "in use"         |
// | eni-bp1demobound            | secondary ENI InUse on i-bp1demoweb01: 10.0.1.20 + .21, .22 | bound ENI, limit 15                        |
// | i-bp1demoweb02              | ecs.g6.large (6 IPs/ENI), Running                    |                                                  |
// | eni-bp1demoweb02            | its primary ENI: 10.0.1.30 + .31-.35 (6 of 6)        | eni_ip_limit (full)                              |
// | i-bp1demostopped            | ecs.c7.4xlarge (30 IPs/ENI), Stopped                 | assign allowed while Stopped                     |
// | eni-bp1demostopped          | its primary ENI: 10.0.1.40                           |                                                  |
// | i-bp1demostarting           | ecs.g6.large, Starting                               | instance_state                                   |
// | eni-bp1demostarting         | its primary ENI: 10.0.1.50                           | assign refused (InvalidOperation.InvalidEcsState)|
// | i-bp1demoburst              | ecs.t6-c1m2.large (2 IPs/ENI), Running, no Cloud Assistant agent | RunCommand: Aborted, ClientNotRunning |
// | eni-bp1demoburst            | its primary ENI: 10.0.1.60 + 10.0.1.61 (2 of 2)      | eni_ip_limit on a tiny type                      |
// | i-bp1demoadv                | ecs.g7.xlarge, Running, advanced group, Windows      | RunPowerShellScript (every other instance: Linux)|
// | eni-bp1demoadv              | its primary ENI: 10.0.1.70                           | advanced group, no IP quota                      |
// | eni-bp1demofree             | secondary ENI Available, sg basic: 10.0.1.100        | Available cap (10 in total)                      |
// | eni-bp1demodetach           | secondary ENI stuck in Detaching, sg basic: 10.0.1.110 | eni_state (InvalidOperation.InvalidEniState)   |
// | eni-bp1demosmalla           | Available ENI in vsw-bp1demosmall: 10.0.2.1 + .2-.6  | exhausted vSwitch                                |
// | eni-bp1demosmallb           | Available ENI in vsw-bp1demosmall: 10.0.2.7 + .8-.10 | exhausted vSwitch (asking for 3 fails)           |
// | i-bp1fleetspare             | ecs.c7.4xlarge, Running, sg full                     |                                                  |
// | eni-bp1fleetspare           | its primary ENI: 10.0.16.4                           |                                                  |
// | eni-bp1fleetsparesec        | secondary ENI InUse on i-bp1fleetspare: 10.0.16.5     | security_group_quota (limit 30, group has 10 left)|
// | i-bp1fleet0001…0199         | 199 × ecs.g7.xlarge in sg full, 1,988 addresses      | fill sg-bp1demofull to 1,990                     |
import type { EmulatorSeed, SeedInstance, SeedNetworkInterface } from "./types";

export const DEMO_REGION_ID = "cn-hangzhou";

export const DEMO_IDS = {
  regionId: DEMO_REGION_ID,
  vpc: "vpc-bp1demovpc",
  vSwitchApp: "vsw-bp1demoapp",
  vSwitchSmall: "vsw-bp1demosmall",
  vSwitchFleet: "vsw-bp1demofleet",

  sgBasic: "sg-bp1demobasic",
  sgAdvanced: "sg-bp1demoadvanced",
  sgFull: "sg-bp1demofull",
  instanceWeb01: "i-bp1demoweb01",
  eniWeb01: "eni-bp1demoweb01",
  eniBound: "eni-bp1demobound",
  instanceWeb02: "i-bp1demoweb02",
  eniWeb02Full: "eni-bp1demoweb02",
  instanceStopped: "i-bp1demostopped",
  eniStopped: "eni-bp1demostopped",
  instanceStarting: "i-bp1demostarting",
  eniStarting: "eni-bp1demostarting",
  instanceBurst: "i-bp1demoburst",
  eniBurstFull: "eni-bp1demoburst",
  instanceAdvanced: "i-bp1demoadv",
  /** Cloud Assistant: the Windows instance (RunPowerShellScript), and the one whose agent is not running. */
  instanceWindows: "i-bp1demoadv",
  instanceNoAgent: "i-bp1demoburst",
  eniAdvanced: "eni-bp1demoadv",
  eniAvailable: "eni-bp1demofree",
  eniDetaching: "eni-bp1demodetach",
  eniSmallA: "eni-bp1demosmalla",
  eniSmallB: "eni-bp1demosmallb",
  instanceFleetSpare: "i-bp1fleetspare",
  eniFleetSpare: "eni-bp1fleetspare",
  eniFleetSpareSecondary: "eni-bp1fleetsparesec",
} as const;

/** Addresses in sg-bp1demofull at start (of its 2,000 quota). */
export const DEMO_FULL_GROUP_USED = 1990;
const FLEET_INSTANCES = 199;

const range = (prefix: string, from: number, to: number): string[] => {
  const out: string[] = [];
  for (let i = from; i <= to; i++) out.push(`${prefix}${i}`);
  return out;
};

function fleet(): { instances: SeedInstance[] } {
  // 198 instances with 10 addresses and one with 8, from 10.0.17.0 up (clear of the spare's 10.0.16.x).
  const instances: SeedInstance[] = [];
  let target = DEMO_FULL_GROUP_USED - 2; // the spare instance's two ENIs hold the other 2
  let next = (10 << 24) + (0 << 16) + (17 << 8); // 10.0.17.0 as an integer
  const ip = (n: number): string => `${(n >>> 24) & 255}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
  for (let i = 1; i <= FLEET_INSTANCES; i++) {
    const count = Math.min(10, target);
    target -= count;
    const addresses: string[] = [];
    for (let k = 0; k < count; k++) addresses.push(ip(next++));
    const id = `fleet${String(i).padStart(4, "0")}`;
    instances.push({
      instanceId: `i-bp1${id}`,
      name: `fleet-${String(i).padStart(4, "0")}`,
      instanceType: "ecs.g7.xlarge",
      status: "Running",
      vSwitchId: DEMO_IDS.vSwitchFleet,
      securityGroupIds: [DEMO_IDS.sgFull],
      primaryNetworkInterfaceId: `eni-bp1${id}`,
      primaryIpAddress: addresses[0] as string,
      secondaryIpAddresses: addresses.slice(1),
    });
  }
  return { instances };
}

const instance = (
  instanceId: string,
  name: string,
  instanceType: string,
  status: SeedInstance["status"],
  sg: string,
  primaryNetworkInterfaceId: string,
  primaryIpAddress: string,
  secondaryIpAddresses: string[] = [],
  vSwitchId: string = DEMO_IDS.vSwitchApp,
): SeedInstance => ({ instanceId, name, instanceType, status, vSwitchId, securityGroupIds: [sg], primaryNetworkInterfaceId, primaryIpAddress, secondaryIpAddresses });

const eni = (
  networkInterfaceId: string,
  name: string,
  vSwitchId: string,
  sg: string,
  primaryIpAddress: string,
  secondaryIpAddresses: string[],
  instanceId?: string,
): SeedNetworkInterface => ({
  networkInterfaceId,
  name,
  vSwitchId,
  securityGroupIds: [sg],
  primaryIpAddress,
  secondaryIpAddresses,
  ...(instanceId !== undefined ? { instanceId } : {}),
});

/** A fresh copy of the demo account (callers may mutate it). */
export function demoSeed(): EmulatorSeed {
  const D = DEMO_IDS;
  return {
    regionId: DEMO_REGION_ID,
    ownerId: "1234567890123456",
    vpcs: [{ vpcId: D.vpc, cidrBlock: "10.0.0.0/16", name: "demo-vpc" }],
    vSwitches: [
      { vSwitchId: D.vSwitchApp, vpcId: D.vpc, zoneId: "cn-hangzhou-h", cidrBlock: "10.0.1.0/24", name: "demo-app" },
      { vSwitchId: D.vSwitchSmall, vpcId: D.vpc, zoneId: "cn-hangzhou-h", cidrBlock: "10.0.2.0/28", name: "demo-small" },
      { vSwitchId: D.vSwitchFleet, vpcId: D.vpc, zoneId: "cn-hangzhou-i", cidrBlock: "10.0.16.0/20", name: "demo-fleet" },

    ],
    securityGroups: [
      { securityGroupId: D.sgBasic, vpcId: D.vpc, type: "normal", name: "demo-basic" },
      { securityGroupId: D.sgAdvanced, vpcId: D.vpc, type: "enterprise", name: "demo-advanced" },
      { securityGroupId: D.sgFull, vpcId: D.vpc, type: "normal", name: "demo-fleet-nearly-full" },
    ],
    // ENI limits from docs/alibaba-api.md (the published instance-family tables).
    instanceTypes: [
      { instanceTypeId: "ecs.g6.large", cpuCoreCount: 2, memorySize: 8, eniQuantity: 2, eniPrivateIpAddressQuantity: 6, eniIpv6AddressQuantity: 1 },
      { instanceTypeId: "ecs.g7.xlarge", cpuCoreCount: 4, memorySize: 16, eniQuantity: 4, eniPrivateIpAddressQuantity: 15, eniIpv6AddressQuantity: 15 },
      { instanceTypeId: "ecs.c7.4xlarge", cpuCoreCount: 16, memorySize: 32, eniQuantity: 8, eniPrivateIpAddressQuantity: 30, eniIpv6AddressQuantity: 30 },
      { instanceTypeId: "ecs.t6-c1m2.large", cpuCoreCount: 2, memorySize: 4, eniQuantity: 2, eniPrivateIpAddressQuantity: 2, eniIpv6AddressQuantity: 0 },
    ],
    instances: [
      instance(D.instanceWeb01, "web-01", "ecs.g7.xlarge", "Running", D.sgBasic, D.eniWeb01, "10.0.1.10", ["10.0.1.11", "10.0.1.12"]),
      instance(D.instanceWeb02, "web-02", "ecs.g6.large", "Running", D.sgBasic, D.eniWeb02Full, "10.0.1.30", range("10.0.1.", 31, 35)),
      instance(D.instanceStopped, "batch-stopped", "ecs.c7.4xlarge", "Stopped", D.sgBasic, D.eniStopped, "10.0.1.40"),
      instance(D.instanceStarting, "web-starting", "ecs.g6.large", "Starting", D.sgBasic, D.eniStarting, "10.0.1.50"),
      { ...instance(D.instanceBurst, "burst-01", "ecs.t6-c1m2.large", "Running", D.sgBasic, D.eniBurstFull, "10.0.1.60", ["10.0.1.61"]), cloudAssistant: false },
      { ...instance(D.instanceAdvanced, "adv-01", "ecs.g7.xlarge", "Running", D.sgAdvanced, D.eniAdvanced, "10.0.1.70"), osType: "Windows" },
      instance(D.instanceFleetSpare, "fleet-spare", "ecs.c7.4xlarge", "Running", D.sgFull, D.eniFleetSpare, "10.0.16.4", [], D.vSwitchFleet),
      ...fleet().instances,
    ],
    networkInterfaces: [
      eni(D.eniBound, "web-01-data", D.vSwitchApp, D.sgBasic, "10.0.1.20", ["10.0.1.21", "10.0.1.22"], D.instanceWeb01),
      eni(D.eniAvailable, "spare-free", D.vSwitchApp, D.sgBasic, "10.0.1.100", []),
      // Caught mid-detach with no settlesTo, so it never settles: the one ENI whose state refuses
      // addresses. Unbound (its instance already let go) so no instance's ENI list changes.
      { ...eni(D.eniDetaching, "spare-detaching", D.vSwitchApp, D.sgBasic, "10.0.1.110", []), status: "Detaching" },
      eni(D.eniSmallA, "small-a", D.vSwitchSmall, D.sgBasic, "10.0.2.1", range("10.0.2.", 2, 6)),
      eni(D.eniSmallB, "small-b", D.vSwitchSmall, D.sgBasic, "10.0.2.7", range("10.0.2.", 8, 10)),
      eni(D.eniFleetSpareSecondary, "fleet-spare-data", D.vSwitchFleet, D.sgFull, "10.0.16.5", [], D.instanceFleetSpare),
    ],
  };
}

/** The ids demoSeedWithPrefixes() adds to the demo account. */
export const DEMO_PREFIX_IDS = {
  vSwitch: "vsw-bp1demoprefix",
  reservation: "vcr-bp1demoprefix",
  eni: "eni-bp1demoprefix",
} as const;

/**
 * The demo account plus IPv4 prefixes: vSwitch vsw-bp1demoprefix (10.0.3.0/24, cn-hangzhou-h) with the
 * prefix reservation vcr-bp1demoprefix (10.0.3.64/26, four /28s), and the Available ENI
 * eni-bp1demoprefix there (advanced group, 10.0.3.10) holding 10.0.3.64/28. Kept apart from demoSeed()
 * so the default account, which other tests and the committed examples describe, stays as it is.
 */
export function demoSeedWithPrefixes(): EmulatorSeed {
  const seed = demoSeed();
  const P = DEMO_PREFIX_IDS;
  seed.vSwitches.push({
    vSwitchId: P.vSwitch, vpcId: DEMO_IDS.vpc, zoneId: "cn-hangzhou-h", cidrBlock: "10.0.3.0/24", name: "demo-prefix",
    cidrReservations: [{ vSwitchCidrReservationId: P.reservation, cidr: "10.0.3.64/26", type: "prefix", name: "demo-prefixes" }],
  });
  seed.networkInterfaces.push({ ...eni(P.eni, "prefix-pool", P.vSwitch, DEMO_IDS.sgAdvanced, "10.0.3.10", []), ipv4Prefixes: ["10.0.3.64/28"] });
  return seed;
}
