// The read budget that MUST hold: facts for 200 ENIs of one 2,000-address basic group and one
// vSwitch, gathered one ENI at a time, cost at most 40 read calls, counted on the emulator itself.
// Also paging and batching, and the region-wide ENI listing (`eni-ips snapshot` without a plan).
import { describe, expect, it } from "vitest";
import { createCloudSession, type Transport } from "../../src/cloud";
import { useEmulator } from "../helpers/emulator";
import { budgetSeed, pagingSeed } from "./seeds";

describe("read budget", () => {
  const emu = useEmulator({ seed: budgetSeed() });

  it("200 ENIs one at a time in one 2,000-address basic group and one vSwitch cost at most 40 reads", async () => {
    const seed = budgetSeed();
    const session = createCloudSession({ env: emu().env });
    const ids = seed.networkInterfaces.map((e) => e.networkInterfaceId);
    expect(ids).toHaveLength(200);
    for (const id of ids) {
      const facts = await session.gatherFacts([id]);
      expect(facts.enis.find((e) => e.networkInterfaceId === id)?.networkInterfaceId).toBe(id);
      expect(facts.securityGroups).toEqual([{ securityGroupId: "sg-bp1budget", securityGroupType: "normal", privateIpAddressCount: 2000 }]);
      expect(facts.instances).toHaveLength(1);
      expect(facts.instanceTypes).toEqual([{ instanceTypeId: "ecs.g7.4xlarge", eniPrivateIpAddressQuantity: 20 }]);
      expect(facts.vSwitches[0]).toMatchObject({ vSwitchId: "vsw-bp1budget", cidrBlock: "10.0.0.0/20", availableIpAddressCount: 4092 - 2000 });
      // The vSwitch's ENIs come along, so the core can check in-use addresses.
      expect(facts.enis).toHaveLength(200);
    }
    const counted = emu().emulator.callCounts();
    expect(counted.reads).toBe(session.stats().reads);
    expect(counted.reads).toBeLessThanOrEqual(40);
    console.log(`read budget: ${counted.reads} reads`, session.stats().byAction);
  });
});

describe("paging and batching", () => {
  const emu = useEmulator({ seed: pagingSeed() });

  it("follows NextToken over 1,200 ENIs of a vSwitch and batches 150 ids as 100 + 50", async () => {
    const session = createCloudSession({ env: emu().env });
    const ids = Array.from({ length: 150 }, (_, i) => `eni-bp1page${String(i + 1).padStart(4, "0")}`);
    const facts = await session.gatherFacts(ids);
    expect(facts.enis).toHaveLength(1200);
    expect(new Set(facts.enis.map((e) => e.networkInterfaceId)).size).toBe(1200);
    // 2 by-id batches + 3 vSwitch pages (500 + 500 + 200); the vSwitch's prefix reservations; advanced group: no usage listing.
    expect(session.stats().byAction).toEqual({ DescribeNetworkInterfaces: 5, DescribeVSwitchAttributes: 1, ListVSwitchCidrReservations: 1, DescribeSecurityGroups: 1 });
    expect(facts.securityGroups).toEqual([{ securityGroupId: "sg-bp1pageadv", securityGroupType: "enterprise" }]);
  });

  it("lists every ENI of the region in pages of 500 (1,320 ENIs: 3 reads), once, and gathers them without reading any by id", async () => {
    const session = createCloudSession({ env: emu().env });
    const ids = await session.listNetworkInterfaceIds();
    const all = emu().emulator.state().networkInterfaces.map((e) => e.networkInterfaceId).sort();
    expect(all).toHaveLength(1320);
    expect(ids).toEqual(all);
    expect(session.stats().byAction).toEqual({ DescribeNetworkInterfaces: 3 });
    // The listing is cached: asking again costs nothing.
    expect(await session.listNetworkInterfaceIds()).toEqual(all);
    expect(session.stats().reads).toBe(3);
    const facts = await session.gatherFacts(ids);
    expect(facts.enis.map((e) => e.networkInterfaceId).sort()).toEqual(all);
    // Only the vSwitch member listings follow (500 + 500 + 200, and 120): no by-id batch at all.
    expect(session.stats().byAction["DescribeNetworkInterfaces"]).toBe(3 + 4);
  });

  it("batches 120 instances as 100 + 20 and 12 instance types as 10 + 2", async () => {
    const session = createCloudSession({ env: emu().env });
    const ids = Array.from({ length: 120 }, (_, i) => `eni-bp1pagepri${String(i + 1).padStart(4, "0")}`);
    const facts = await session.gatherFacts(ids);
    expect(facts.instances).toHaveLength(120);
    expect(facts.instanceTypes).toHaveLength(12);
    expect(facts.instanceTypes.find((t) => t.instanceTypeId === "ecs.page11.large")?.eniPrivateIpAddressQuantity).toBe(17);
    expect(session.stats().byAction).toMatchObject({ DescribeInstances: 2, DescribeInstanceTypes: 2 });
  });
});

describe("region listing on the wire", () => {
  it("asks DescribeNetworkInterfaces by region only, MaxResults 500, following NextToken", async () => {
    const requests: Record<string, unknown>[] = [];
    const eni = (id: string) => ({ NetworkInterfaceId: id, Status: "Available", Type: "Secondary", VSwitchId: "vsw-x", PrivateIpAddress: "10.0.0.4", SecurityGroupIds: { SecurityGroupId: ["sg-x"] } });
    const transport: Transport = async (action, request) => {
      expect(action).toBe("DescribeNetworkInterfaces");
      requests.push({ ...request });
      return request["nextToken"] === undefined
        ? { NetworkInterfaceSets: { NetworkInterfaceSet: [eni("eni-b"), eni("eni-c")] }, NextToken: "page-2" }
        : { NetworkInterfaceSets: { NetworkInterfaceSet: [eni("eni-a")] } };
    };
    const session = createCloudSession({ env: {}, regionId: "cn-test", transport });
    expect(await session.listNetworkInterfaceIds()).toEqual(["eni-a", "eni-b", "eni-c"]);
    expect(requests).toEqual([
      { regionId: "cn-test", maxResults: 500 },
      { regionId: "cn-test", maxResults: 500, nextToken: "page-2" },
    ]);
  });
});
