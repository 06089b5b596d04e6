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

// Creates in a row on one group: each re-validation gathers fresh facts for its ENI, then assigns.
// What our own successful assign moves is the ENI's record and the vSwitch's count, not which ENIs
// belong to the vSwitch or group: those listings (200 ENIs each here, plus the group's instances)
// are kept, and only the changed ENI and the vSwitch's attributes are read again.
describe("read budget of creates in a row on one group", () => {
  const roomySeed = () => {
    const seed = budgetSeed();
    return { ...seed, securityGroups: seed.securityGroups!.map((g) => ({ ...g, ipQuota: 4000 })) };
  };
  const emu = useEmulator({ seed: roomySeed() });
  const secondary = (i: number) => `eni-bp1budgets${String(i).padStart(4, "0")}`;
  const group = (facts: Awaited<ReturnType<ReturnType<typeof createCloudSession>["gatherFacts"]>>) => facts.securityGroups[0]?.privateIpAddressCount;
  const available = (facts: Awaited<ReturnType<ReturnType<typeof createCloudSession>["gatherFacts"]>>) => facts.vSwitches[0]?.availableIpAddressCount;

  it("20 creates: no listing is read again, usage and free count follow each assign, and an old listing is read again", async () => {
    let clock = 1_000_000;
    const session = createCloudSession({ env: emu().env, now: () => clock });
    const first = await session.gatherFacts([secondary(1)], { fresh: [secondary(1)] });
    const usage0 = group(first)!;
    const free0 = available(first)!;
    const afterFirst = session.stats().byAction;
    for (let i = 1; i <= 20; i++) {
      const id = secondary(i);
      const facts = await session.gatherFacts([id], { fresh: [id] });
      // Every earlier assign of ours is counted once in the group and the vSwitch.
      expect(group(facts)).toBe(usage0 + i - 1);
      expect(available(facts)).toBe(free0 - (i - 1));
      expect(facts.enis).toHaveLength(200);
      expect(await session.assignPrivateIpAddresses(id, { privateIpAddresses: [`10.0.12.${i}`] })).toEqual([`10.0.12.${i}`]);
      clock += 100;
    }
    const reads = session.stats().byAction;
    // The group's instances (DescribeInstances by group) were listed once, by the first gather.
    expect(reads["DescribeInstances"]).toBe(afterFirst["DescribeInstances"]);
    // Per create: this ENI by id and the ENI changed last (by id), never the 200-ENI listings
    // again (re-listing the vSwitch and the group would be 2 more per create).
    expect(reads["DescribeNetworkInterfaces"]! - afterFirst["DescribeNetworkInterfaces"]!).toBeLessThanOrEqual(2 * 20);
    expect(session.stats().reads).toBe(emu().emulator.callCounts().reads);

    // Another actor assigns 3 addresses on another ENI of the group: a fresh gather within the
    // listings' age bound does not see it yet; once they are older than 5 s it does.
    const other = createCloudSession({ env: emu().env });
    await other.assignPrivateIpAddresses(secondary(100), { privateIpAddresses: ["10.0.13.1", "10.0.13.2", "10.0.13.3"] });
    expect(group(await session.gatherFacts([secondary(21)], { fresh: [secondary(21)] }))).toBe(usage0 + 20);
    clock += 5_001;
    const listedBefore = session.stats().byAction["DescribeInstances"];
    expect(group(await session.gatherFacts([secondary(21)], { fresh: [secondary(21)] }))).toBe(usage0 + 23);
    expect(session.stats().byAction["DescribeInstances"]).toBe(listedBefore! + 1);
  });

  it("a mutation that fails drops the listings: the next fresh gather lists the group again", async () => {
    const session = createCloudSession({ env: emu().env, pacing: false, retry: { maxAttempts: 1 } });
    await session.gatherFacts([secondary(30)], { fresh: [secondary(30)] });
    const listed = session.stats().byAction["DescribeInstances"];
    // An address of another ENI: a definite refusal, and a sign the account differs from the cache.
    await expect(session.assignPrivateIpAddresses(secondary(30), { privateIpAddresses: ["10.0.0.5"] })).rejects.toThrow();
    await session.gatherFacts([secondary(30)], { fresh: [secondary(30)] });
    expect(session.stats().byAction["DescribeInstances"]).toBe(listed! + 1);
  });
});
