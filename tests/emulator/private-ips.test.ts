// AssignPrivateIpAddresses / UnassignPrivateIpAddresses through the real SDK: the happy paths and
// every refusal of docs/alibaba-api.md, against the demo account (reset before each test).
import * as $Ecs from "@alicloud/ecs20140526";
import * as $Vpc from "@alicloud/vpc20160428";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, demoSeed } from "../../src/emulator";
import { sdkError, startEmulatorFixture, useEmulator } from "../helpers/emulator";

const R = "cn-hangzhou";

describe("AssignPrivateIpAddresses", () => {
  const emu = useEmulator();
  beforeEach(() => emu().emulator.reset());

  const assign = (networkInterfaceId: string, extra: Partial<$Ecs.AssignPrivateIpAddressesRequest>) =>
    emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId, ...extra }));
  const secondaries = async (id: string): Promise<string[]> => {
    const res = await emu().ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: id }));
    return (res.body?.privateIpSets?.privateIpSet ?? []).filter((s) => !s.primary).map((s) => s.privateIpAddress ?? "");
  };

  it("assigns explicit addresses and returns them", async () => {
    const res = await assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.200", "10.0.1.201"] });
    expect(res.body?.assignedPrivateIpAddressesSet?.networkInterfaceId).toBe(DEMO_IDS.eniWeb01);
    expect(res.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.200", "10.0.1.201"]);
    expect(await secondaries(DEMO_IDS.eniWeb01)).toEqual(["10.0.1.11", "10.0.1.12", "10.0.1.200", "10.0.1.201"]);
  });

  it("auto-assigns random free addresses of the vSwitch, replayable by seed", async () => {
    const picks = async (): Promise<string[]> =>
      (await assign(DEMO_IDS.eniAvailable, { secondaryPrivateIpAddressCount: 4 })).body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress ?? [];
    const before = emu().emulator.state().networkInterfaces.flatMap((e) => [e.primaryIpAddress, ...(e.secondaryIpAddresses ?? [])]);
    const first = await picks();
    expect(first).toHaveLength(4);
    expect(new Set(first).size).toBe(4);
    for (const ip of first) {
      const last = Number(ip.split(".")[3]);
      expect(ip.startsWith("10.0.1.") && last >= 1 && last <= 252).toBe(true); // in the vSwitch, not reserved
      expect(before).not.toContain(ip);
    }
    // Lowest-first would be .1-.4 (.0 is reserved; .1-.9 are free in 10.0.1.0/24).
    expect(first).not.toEqual(["10.0.1.1", "10.0.1.2", "10.0.1.3", "10.0.1.4"]);
    emu().emulator.reset();
    expect(await picks()).toEqual(first);
    const other = await startEmulatorFixture({ allocation: { seed: 99 } });
    try {
      const res = await other.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: 4 }));
      expect(res.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).not.toEqual(first);
    } finally {
      await other.close();
    }
  });

  it("auto-assigns the lowest free addresses in order when the allocation says lowest", async () => {
    const lowest = await startEmulatorFixture({ allocation: { order: "lowest" } });
    try {
      const req = (n: number) => lowest.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: n }));
      expect((await req(3)).body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.1", "10.0.1.2", "10.0.1.3"]);
      expect((await req(1)).body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.4"]);
    } finally {
      await lowest.close();
    }
  });

  it("allows assignment on the primary ENI of a Stopped instance", async () => {
    const res = await assign(DEMO_IDS.eniStopped, { privateIpAddress: ["10.0.1.41"] });
    expect(res.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.41"]);
  });

  it("refuses the primary ENI of a Starting instance: InvalidOperation.InvalidEcsState (400)", async () => {
    const err = await sdkError(assign(DEMO_IDS.eniStarting, { privateIpAddress: ["10.0.1.51"] }));
    expect([err.code, err.statusCode]).toEqual(["InvalidOperation.InvalidEcsState", 400]);
  });

  it("refuses an ENI that is not Available/InUse: InvalidOperation.InvalidEniState (400)", async () => {
    emu().emulator.reset();
    // Detach with a transition window leaves the ENI Detaching.
    const seed = demoSeed();
    seed.limits = { transitionMs: 60_000 };
    const slow = await startEmulatorFixture({ seed });
    try {
      await slow.ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound, instanceId: DEMO_IDS.instanceWeb01 }));
      const err = await sdkError(slow.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound, secondaryPrivateIpAddressCount: 1 })));
      expect([err.code, err.statusCode]).toEqual(["InvalidOperation.InvalidEniState", 400]);
    } finally {
      await slow.close();
    }
  });

  it("refuses the demo seed's Detaching ENI, by list and by count, and it stays Detaching", async () => {
    const id = DEMO_IDS.eniDetaching;
    const byList = await sdkError(assign(id, { privateIpAddress: ["10.0.1.111"] }));
    expect([byList.code, byList.statusCode]).toEqual(["InvalidOperation.InvalidEniState", 400]);
    const byCount = await sdkError(assign(id, { secondaryPrivateIpAddressCount: 1 }));
    expect([byCount.code, byCount.statusCode]).toEqual(["InvalidOperation.InvalidEniState", 400]);
    // No settlesTo in the seed: the state survives requests instead of settling into Available.
    const eni = emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id);
    expect(eni).toMatchObject({ status: "Detaching", primaryIpAddress: "10.0.1.110", secondaryIpAddresses: [] });
    expect(await secondaries(id)).toEqual([]);
  });

  it("refuses an unknown ENI: InvalidEniId.NotFound (404)", async () => {
    const err = await sdkError(assign("eni-doesnotexist", { secondaryPrivateIpAddressCount: 1 }));
    expect([err.code, err.statusCode]).toEqual(["InvalidEniId.NotFound", 404]);
  });

  it("refuses addresses outside the vSwitch or reserved: InvalidVSwitchId.IpInvalid (403)", async () => {
    for (const ip of ["10.0.2.5", "10.0.1.0", "10.0.1.253", "10.0.1.255"]) {
      const err = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: [ip] }));
      expect([ip, err.code, err.statusCode]).toEqual([ip, "InvalidVSwitchId.IpInvalid", 403]);
    }
    expect(await secondaries(DEMO_IDS.eniWeb01)).toEqual(["10.0.1.11", "10.0.1.12"]);
  });

  it("refuses an address already on this ENI (InvalidIp.IpAssigned 403) or on another (InvalidPrivateIpAddress.Duplicated 400)", async () => {
    const own = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.11"] }));
    expect([own.code, own.statusCode]).toEqual(["InvalidIp.IpAssigned", 403]);
    const other = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.21"] }));
    expect([other.code, other.statusCode]).toEqual(["InvalidPrivateIpAddress.Duplicated", 400]);
    const primaryOfOther = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.100"] }));
    expect(primaryOfOther.code).toBe("InvalidPrivateIpAddress.Duplicated");
  });

  it("refuses an address repeated in the request: InvalidIp.IpRepeated (403), assigning nothing", async () => {
    const err = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.150", "10.0.1.151", "10.0.1.150"] }));
    expect([err.code, err.statusCode]).toEqual(["InvalidIp.IpRepeated", 403]);
    expect(await secondaries(DEMO_IDS.eniWeb01)).toEqual(["10.0.1.11", "10.0.1.12"]);
  });

  it("refuses going over the instance type's limit: InvalidOperation.Ipv4CountExceeded (403)", async () => {
    const err = await sdkError(assign(DEMO_IDS.eniWeb02Full, { secondaryPrivateIpAddressCount: 1 }));
    expect([err.code, err.statusCode]).toEqual(["InvalidOperation.Ipv4CountExceeded", 403]);
    expect(err.message).toContain("6");
    // ecs.g7.xlarge: 15 in total; web01 holds 3, so 12 more fit and the 13th does not.
    await assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 12 });
    const over = await sdkError(assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 1 }));
    expect(over.code).toBe("InvalidOperation.Ipv4CountExceeded");
  });

  it("caps an Available ENI at 10 addresses in total, configurable in the seed", async () => {
    await assign(DEMO_IDS.eniAvailable, { secondaryPrivateIpAddressCount: 9 });
    const err = await sdkError(assign(DEMO_IDS.eniAvailable, { secondaryPrivateIpAddressCount: 1 }));
    expect(err.code).toBe("InvalidOperation.Ipv4CountExceeded");
    const seed = demoSeed();
    seed.limits = { availableEniIpLimit: 3 };
    const small = await startEmulatorFixture({ seed });
    try {
      const req = (n: number) => small.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: n }));
      expect((await sdkError(req(3))).code).toBe("InvalidOperation.Ipv4CountExceeded");
      await req(2);
    } finally {
      await small.close();
    }
  });

  it("refuses when the vSwitch runs out: InvalidVSwitchId.IpNotEnough (403)", async () => {
    const err = await sdkError(assign(DEMO_IDS.eniSmallB, { secondaryPrivateIpAddressCount: 3 }));
    expect([err.code, err.statusCode]).toEqual(["InvalidVSwitchId.IpNotEnough", 403]);
    const ok = await assign(DEMO_IDS.eniSmallB, { secondaryPrivateIpAddressCount: 2 });
    expect([...(ok.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress ?? [])].sort()).toEqual(["10.0.2.11", "10.0.2.12"]);
    const vsw = await emu().vpc.describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchSmall }));
    expect(vsw.body?.availableIpAddressCount).toBe(0);
  });

  it("refuses going over a basic group's quota: SecurityGroupInstanceLimitExceed (403)", async () => {
    const err = await sdkError(assign(DEMO_IDS.eniFleetSpareSecondary, { secondaryPrivateIpAddressCount: 11 }));
    expect([err.code, err.statusCode]).toEqual(["SecurityGroupInstanceLimitExceed", 403]);
    await assign(DEMO_IDS.eniFleetSpareSecondary, { secondaryPrivateIpAddressCount: 10 });
    const full = await sdkError(assign(DEMO_IDS.eniFleetSpare, { secondaryPrivateIpAddressCount: 1 }));
    expect(full.code).toBe("SecurityGroupInstanceLimitExceed");
  });

  it("applies no IP quota to advanced groups", async () => {
    const seedGroups = emu().emulator.state().securityGroups;
    expect(seedGroups.find((g) => g.securityGroupId === DEMO_IDS.sgAdvanced)?.type).toBe("enterprise");
    const res = await assign(DEMO_IDS.eniAdvanced, { secondaryPrivateIpAddressCount: 14 });
    expect(res.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toHaveLength(14);
  });

  it("refuses both a list and a count (InvalidParameter), and neither", async () => {
    const both = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.150"], secondaryPrivateIpAddressCount: 1 }));
    expect([both.code, both.statusCode]).toEqual(["InvalidParameter", 400]);
    const neither = await sdkError(assign(DEMO_IDS.eniWeb01, {}));
    expect(neither.code).toBe("InvalidParameter");
    const malformed = await sdkError(assign(DEMO_IDS.eniWeb01, { privateIpAddress: ["10.0.1.256"] }));
    expect(malformed.code).toBe("InvalidParameter");
  });

  it("requires RegionId and NetworkInterfaceId: MissingParameter", async () => {
    const err = await sdkError(emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, secondaryPrivateIpAddressCount: 1 })));
    expect([err.code, err.statusCode]).toEqual(["MissingParameter", 400]);
  });

  it("replays the first result for the same ClientToken without acting again", async () => {
    const first = await assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 2, clientToken: "tok-1" });
    const again = await assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 2, clientToken: "tok-1" });
    expect(again.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(first.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress);
    expect(await secondaries(DEMO_IDS.eniWeb01)).toHaveLength(4);
    const other = await assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 2, clientToken: "tok-2" });
    expect(other.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).not.toEqual(first.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress);
    expect(await secondaries(DEMO_IDS.eniWeb01)).toHaveLength(6);
  });

  it("refuses the same ClientToken with other parameters: IdempotentParameterMismatch (400)", async () => {
    await assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 1, clientToken: "tok-x" });
    const err = await sdkError(assign(DEMO_IDS.eniWeb01, { secondaryPrivateIpAddressCount: 2, clientToken: "tok-x" }));
    expect([err.code, err.statusCode]).toEqual(["IdempotentParameterMismatch", 400]);
  });
});

describe("UnassignPrivateIpAddresses", () => {
  const emu = useEmulator();
  beforeEach(() => emu().emulator.reset());
  const unassign = (networkInterfaceId: string, privateIpAddress: string[]) =>
    emu().ecs.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId, privateIpAddress }));

  it("removes secondary addresses and frees them in the vSwitch", async () => {
    const res = await unassign(DEMO_IDS.eniWeb01, ["10.0.1.11"]);
    expect(res.body?.requestId).toBeTruthy();
    const eni = emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniWeb01);
    expect(eni?.secondaryIpAddresses).toEqual(["10.0.1.12"]);
    const reuse = await emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.11"] }));
    expect(reuse.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.11"]);
  });

  it("refuses an address not on the ENI: InvalidIp.IpUnassigned (403), removing nothing", async () => {
    const err = await sdkError(unassign(DEMO_IDS.eniWeb01, ["10.0.1.12", "10.0.1.21"]));
    expect([err.code, err.statusCode]).toEqual(["InvalidIp.IpUnassigned", 403]);
    const eni = emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniWeb01);
    expect(eni?.secondaryIpAddresses).toEqual(["10.0.1.11", "10.0.1.12"]);
  });

  it("refuses the primary address: InvalidIp.IpUnassigned (403), removing nothing", async () => {
    const err = await sdkError(unassign(DEMO_IDS.eniWeb01, ["10.0.1.11", "10.0.1.10"]));
    expect([err.code, err.statusCode]).toEqual(["InvalidIp.IpUnassigned", 403]);
    expect(err.message).toContain("primary");
    expect(emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniWeb01)?.secondaryIpAddresses).toEqual(["10.0.1.11", "10.0.1.12"]);
  });

  it("refuses the primary ENI of a Starting instance and unknown ENIs", async () => {
    const seedState = await sdkError(unassign(DEMO_IDS.eniStarting, ["10.0.1.50"]));
    expect(seedState.code).toBe("InvalidOperation.InvalidEcsState");
    const missing = await sdkError(unassign("eni-missing", ["10.0.1.50"]));
    expect([missing.code, missing.statusCode]).toEqual(["InvalidEniId.NotFound", 404]);
  });
});
