// Seeds: YAML and JSON files with derived fields, validation with useful messages, and the demo
// account's promised numbers.
import * as $Ecs from "@alicloud/ecs20140526";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DEMO_FULL_GROUP_USED, DEMO_IDS, demoSeed, startEmulator } from "../../src/emulator";
import { AccountState } from "../../src/emulator/state";
import { startEmulatorFixture } from "../helpers/emulator";

const dir = mkdtempSync(join(tmpdir(), "eni-ips-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const YAML_SEED = `
regionId: cn-beijing
vpcs: [{ vpcId: vpc-a, cidrBlock: 172.16.0.0/16 }]
vSwitches:
  - { vSwitchId: vsw-a, vpcId: vpc-a, zoneId: cn-beijing-a, cidrBlock: 172.16.0.0/29 }
securityGroups:
  - { securityGroupId: sg-a, vpcId: vpc-a, type: normal, ipQuota: 3 }
instanceTypes:
  - { instanceTypeId: ecs.g6.large, cpuCoreCount: 2, memorySize: 8, eniQuantity: 2, eniPrivateIpAddressQuantity: 6 }
instances:
  - { instanceId: i-a, instanceType: ecs.g6.large, status: Running, vSwitchId: vsw-a, securityGroupIds: [sg-a], primaryNetworkInterfaceId: eni-a, primaryIpAddress: 172.16.0.1 }
networkInterfaces:
  - { networkInterfaceId: eni-b, vSwitchId: vsw-a, securityGroupIds: [sg-a], primaryIpAddress: 172.16.0.2 }
faults:
  actions: { DescribeInstances: { throttling: { times: 1 } } }
`;

describe("seeds", () => {
  it("loads a YAML seed, derives types, statuses and zones, and applies its quota and faults", async () => {
    const path = join(dir, "seed.yaml");
    writeFileSync(path, YAML_SEED);
    const fx = await startEmulatorFixture({ seed: path });
    try {
      const snap = fx.emulator.state();
      expect(snap.networkInterfaces.map((e) => [e.networkInterfaceId, e.type, e.status, e.zoneId])).toEqual([
        ["eni-b", "Secondary", "Available", "cn-beijing-a"],
        ["eni-a", "Primary", "InUse", "cn-beijing-a"],
      ]);
      const ecs = fx.ecsClient();
      const assign = (n: number) => ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: "cn-beijing", networkInterfaceId: "eni-b", secondaryPrivateIpAddressCount: n }));
      // Group quota 3 with 2 used: one more fits, two do not.
      await expect(assign(2)).rejects.toMatchObject({ code: "SecurityGroupInstanceLimitExceed" });
      await assign(1);
      await expect(ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: "cn-beijing" }))).rejects.toMatchObject({ code: "Throttling" });
    } finally {
      await fx.close();
    }
  });

  it("loads a JSON seed file", async () => {
    const path = join(dir, "seed.json");
    writeFileSync(path, JSON.stringify(demoSeed()));
    const emu = await startEmulator({ seed: path });
    try {
      expect(emu.state().regionId).toBe("cn-hangzhou");
    } finally {
      await emu.close();
    }
  });

  it("refuses inconsistent seeds with the offending id in the message", () => {
    const bad = demoSeed();
    bad.networkInterfaces.push({ networkInterfaceId: "eni-dup", vSwitchId: DEMO_IDS.vSwitchApp, securityGroupIds: [DEMO_IDS.sgBasic], primaryIpAddress: "10.0.1.10" });
    expect(() => AccountState.fromSeed(bad)).toThrow(/10\.0\.1\.10 is already used by eni-dup/);
    const outside = demoSeed();
    outside.networkInterfaces.push({ networkInterfaceId: "eni-out", vSwitchId: DEMO_IDS.vSwitchSmall, securityGroupIds: [DEMO_IDS.sgBasic], primaryIpAddress: "10.0.2.15" });
    expect(() => AccountState.fromSeed(outside)).toThrow(/reserved/);
    const noVsw = demoSeed();
    noVsw.networkInterfaces.push({ networkInterfaceId: "eni-x", vSwitchId: "vsw-none", securityGroupIds: [], primaryIpAddress: "10.0.1.9" });
    expect(() => AccountState.fromSeed(noVsw)).toThrow(/unknown vSwitch vsw-none/);
  });

  it("builds the demo account it documents", () => {
    const s = AccountState.fromSeed(demoSeed());
    const full = s.securityGroups.get(DEMO_IDS.sgFull);
    expect(full && s.securityGroupUsage(full)).toBe(DEMO_FULL_GROUP_USED);
    const small = s.vSwitches.get(DEMO_IDS.vSwitchSmall);
    expect(small && s.availableCount(small)).toBe(2);
    expect(s.instances.get(DEMO_IDS.instanceStarting)?.status).toBe("Starting");
    expect(s.instances.get(DEMO_IDS.instanceStopped)?.status).toBe("Stopped");
    expect(s.enis.get(DEMO_IDS.eniWeb02Full)?.secondaryIpAddresses).toHaveLength(5);
  });
});
