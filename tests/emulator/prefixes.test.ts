// IPv4 prefixes and vSwitch CIDR reservations through the official SDKs: prefixes are aligned /28s
// from prefix reservations only, never overlap addresses or other prefixes, count as one address
// each; reservations are kept out of single-address picks and out of AvailableIpAddressCount.
import * as $Ecs from "@alicloud/ecs20140526";
import * as $Vpc from "@alicloud/vpc20160428";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, DEMO_PREFIX_IDS, demoSeed, demoSeedWithPrefixes, startEmulator, type EmulatorSeed } from "../../src/emulator";
import { AccountState } from "../../src/emulator/state";
import { sdkError, startEmulatorFixture, useEmulator } from "../helpers/emulator";

const R = "cn-hangzhou";
const P = DEMO_PREFIX_IDS;
const PREFIX_ENI = P.eni;
const inReservation = (prefixOrIp: string) => {
  const last = Number(prefixOrIp.split("/")[0]?.split(".")[3]);
  return prefixOrIp.startsWith("10.0.3.") && last >= 64 && last <= 127;
};

describe("IPv4 prefixes", () => {
  const emu = useEmulator({ seed: demoSeedWithPrefixes() });
  beforeEach(() => emu().emulator.reset());
  const assign = (extra: Partial<$Ecs.AssignPrivateIpAddressesRequest>, id: string = PREFIX_ENI) =>
    emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, ...extra }));
  const prefixesOf = async (id: string = PREFIX_ENI) =>
    ((await emu().ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: id }))).body?.ipv4PrefixSets?.ipv4PrefixSet ?? []).map((s) => s.ipv4Prefix);
  const available = async () => (await emu().vpc.describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: P.vSwitch }))).body?.availableIpAddressCount;
  const unchangedBy = async (call: Promise<unknown>, code: string, status: number) => {
    const before = emu().emulator.state();
    const err = await sdkError(call);
    expect([err.code, err.statusCode]).toEqual([code, status]);
    expect(emu().emulator.state()).toEqual(before);
    return err;
  };

  it("describes the seeded prefix and reservation with the real field names; reserved addresses are not available", async () => {
    expect(await prefixesOf()).toEqual(["10.0.3.64/28"]);
    const listed = await emu().ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: R, networkInterfaceId: [PREFIX_ENI] }));
    expect(listed.body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.ipv4PrefixSets?.ipv4PrefixSet).toEqual([{ ipv4Prefix: "10.0.3.64/28" }]);
    // 252 usable, less the primary, less the whole /26 kept for prefixes.
    expect(await available()).toBe(252 - 1 - 64);
    const res = await emu().vpc.listVSwitchCidrReservations(new $Vpc.ListVSwitchCidrReservationsRequest({ regionId: R, vSwitchId: P.vSwitch }));
    expect(res.body?.vSwitchCidrReservations).toEqual([expect.objectContaining({
      vSwitchCidrReservationId: P.reservation, vSwitchCidrReservationCidr: "10.0.3.64/26", type: "prefix", ipVersion: "IPv4", status: "Assigned",
      vSwitchId: P.vSwitch, vpcId: DEMO_IDS.vpc, assignedCidrCount: 1, availableCidrCount: 3,
    })]);
  });

  it("assigns an explicit prefix, and unassigns it", async () => {
    const res = await assign({ ipv4Prefix: ["10.0.3.96/28"] });
    expect(res.body?.assignedPrivateIpAddressesSet?.ipv4PrefixSet?.ipv4Prefixes).toEqual(["10.0.3.96/28"]);
    expect(await prefixesOf()).toEqual(["10.0.3.64/28", "10.0.3.96/28"]);
    expect(await available()).toBe(187); // the prefix was inside the reservation already
    await emu().ecs.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: PREFIX_ENI, ipv4Prefix: ["10.0.3.96/28"] }));
    expect(await prefixesOf()).toEqual(["10.0.3.64/28"]);
    await unchangedBy(emu().ecs.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: PREFIX_ENI, ipv4Prefix: ["10.0.3.96/28"] })), "InvalidIp.IpUnassigned", 403);
  });

  it("picks counted prefixes at random among the free /28s of the reservation, until none is left", async () => {
    const two = (await assign({ ipv4PrefixCount: 2 })).body?.assignedPrivateIpAddressesSet?.ipv4PrefixSet?.ipv4Prefixes ?? [];
    expect(two).toHaveLength(2);
    for (const p of two) {
      expect(["10.0.3.80/28", "10.0.3.96/28", "10.0.3.112/28"]).toContain(p);
    }
    await unchangedBy(assign({ ipv4PrefixCount: 2 }), "InvalidVSwitchId.IpNotEnough", 403);
    const last = (await assign({ ipv4PrefixCount: 1 })).body?.assignedPrivateIpAddressesSet?.ipv4PrefixSet?.ipv4Prefixes ?? [];
    expect(new Set([...two, ...last, "10.0.3.64/28"]).size).toBe(4);
    await unchangedBy(assign({ ipv4PrefixCount: 1 }), "InvalidVSwitchId.IpNotEnough", 403);
    const list = await emu().vpc.listVSwitchCidrReservations(new $Vpc.ListVSwitchCidrReservationsRequest({ regionId: R }));
    expect(list.body?.vSwitchCidrReservations?.map((r) => [r.assignedCidrCount, r.availableCidrCount])).toEqual([[4, 0]]);
  });

  it("refuses bad prefixes with the closest documented codes, changing nothing", async () => {
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.81/28"] }), "InvalidParameter", 400); // not aligned
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.80/27"] }), "InvalidParameter", 400); // not a /28
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.16/28"] }), "InvalidVSwitchId.IpInvalid", 403); // outside the reservation
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.64/28"] }), "InvalidIp.IpAssigned", 403); // already on this ENI
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.80/28", "10.0.3.80/28"] }), "InvalidIp.IpRepeated", 403);
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.80/28"], privateIpAddress: ["10.0.3.20"] }), "InvalidParameter", 400);
    await unchangedBy(assign({ ipv4PrefixCount: 1, secondaryPrivateIpAddressCount: 1 }), "InvalidParameter", 400);
    await unchangedBy(assign({ ipv4Prefix: ["10.0.3.80/28"], ipv4PrefixCount: 1 }), "InvalidParameter", 400);
    await unchangedBy(assign({ ipv4PrefixCount: 11 }), "InvalidParameter", 400);
    // In use by another ENI: the same code (the API documents none for prefixes).
    const other = await emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: P.vSwitch, securityGroupId: DEMO_IDS.sgAdvanced }));
    const err = await unchangedBy(assign({ ipv4Prefix: ["10.0.3.64/28"] }, other.body?.networkInterfaceId ?? ""), "InvalidIp.IpAssigned", 403);
    expect(err.message).toContain(PREFIX_ENI);
  });

  it("keeps reserved addresses out of single-address assigns and picks", async () => {
    const err = await unchangedBy(assign({ privateIpAddress: ["10.0.3.100"] }), "InvalidVSwitchId.IpInvalid", 403);
    expect(err.message).toContain(P.reservation);
    // Inside a prefix in use: that prefix's owner holds it.
    await unchangedBy(assign({ privateIpAddress: ["10.0.3.70"] }), "InvalidIp.IpAssigned", 403);
    const picked = (await assign({ secondaryPrivateIpAddressCount: 8 })).body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress ?? [];
    expect(picked).toHaveLength(8);
    expect(picked.filter(inReservation)).toEqual([]);
    expect(await available()).toBe(187 - 8);
  });

  it("counts each prefix as one address toward the per-ENI limit", async () => {
    // Available cap 10: the primary and one prefix hold 2; eight addresses fill it.
    await assign({ secondaryPrivateIpAddressCount: 8 });
    const err = await unchangedBy(assign({ ipv4PrefixCount: 1 }), "InvalidOperation.Ipv4CountExceeded", 403);
    expect(err.message).toContain("11");
    await emu().ecs.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: PREFIX_ENI, ipv4Prefix: ["10.0.3.64/28"] }));
    expect((await assign({ ipv4PrefixCount: 1 })).body?.assignedPrivateIpAddressesSet?.ipv4PrefixSet?.ipv4Prefixes).toHaveLength(1);
  });

  it("creates an ENI with prefixes, never together with secondary addresses", async () => {
    const created = await emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: P.vSwitch, securityGroupId: DEMO_IDS.sgAdvanced, ipv4Prefix: ["10.0.3.112/28"] }));
    expect(created.body?.ipv4PrefixSets?.ipv4PrefixSet).toEqual([{ ipv4Prefix: "10.0.3.112/28" }]);
    expect(inReservation(created.body?.privateIpAddress ?? "")).toBe(false);
    const counted = await emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: P.vSwitch, securityGroupId: DEMO_IDS.sgAdvanced, ipv4PrefixCount: 2 }));
    expect(counted.body?.ipv4PrefixSets?.ipv4PrefixSet?.map((s) => s.ipv4Prefix).sort()).toEqual(["10.0.3.80/28", "10.0.3.96/28"]);
    await unchangedBy(emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: P.vSwitch, securityGroupId: DEMO_IDS.sgAdvanced, ipv4PrefixCount: 1 })), "InvalidVSwitchId.IpNotEnough", 403);
    await unchangedBy(emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: P.vSwitch, securityGroupId: DEMO_IDS.sgAdvanced, ipv4PrefixCount: 1, secondaryPrivateIpAddressCount: 1 })), "InvalidParameter", 400);
  });

  it("frees a deleted ENI's prefixes", async () => {
    const created = await emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: P.vSwitch, securityGroupId: DEMO_IDS.sgAdvanced, ipv4Prefix: ["10.0.3.80/28"] }));
    await emu().ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: created.body?.networkInterfaceId ?? "" }));
    expect((await assign({ ipv4Prefix: ["10.0.3.80/28"] })).body?.assignedPrivateIpAddressesSet?.ipv4PrefixSet?.ipv4Prefixes).toEqual(["10.0.3.80/28"]);
  });
});

describe("CreateVSwitchCidrReservation", () => {
  const emu = useEmulator({ seed: demoSeedWithPrefixes() });
  beforeEach(() => emu().emulator.reset());
  const create = (extra: Partial<$Vpc.CreateVSwitchCidrReservationRequest>, vSwitchId: string = DEMO_IDS.vSwitchApp) =>
    emu().vpc.createVSwitchCidrReservation(new $Vpc.CreateVSwitchCidrReservationRequest({ regionId: R, vSwitchId, ...extra }));
  const appAvailable = async () => (await emu().vpc.describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp }))).body?.availableIpAddressCount ?? 0;

  it("reserves a given block or the lowest free block of a mask; prefixes then come from it", async () => {
    const before = await appAvailable();
    const byCidr = await create({ vSwitchCidrReservationCidr: "10.0.1.192/27", vSwitchCidrReservationName: "pods" });
    expect(byCidr.body?.vSwitchCidrReservationId).toMatch(/^vcr-/);
    // 10.0.1.0/28 holds the system-reserved .0; .16, .32, .48 and .64 hold addresses: .80/28 is the first clean one.
    const byMask = await create({ vSwitchCidrReservationMask: "28" });
    const list = await emu().vpc.listVSwitchCidrReservations(new $Vpc.ListVSwitchCidrReservationsRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp }));
    expect(list.body?.vSwitchCidrReservations?.map((r) => [r.vSwitchCidrReservationId, r.vSwitchCidrReservationCidr, r.vSwitchCidrReservationName, r.availableCidrCount])).toEqual([
      [byCidr.body?.vSwitchCidrReservationId, "10.0.1.192/27", "pods", 2],
      [byMask.body?.vSwitchCidrReservationId, "10.0.1.80/28", "", 1],
    ]);
    expect(list.body?.totalCount).toBe(2);
    expect(await appAvailable()).toBe(before - 32 - 16);
    const res = await emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniWeb01, ipv4Prefix: ["10.0.1.208/28"] }));
    expect(res.body?.assignedPrivateIpAddressesSet?.ipv4PrefixSet?.ipv4Prefixes).toEqual(["10.0.1.208/28"]);
    const byId = await emu().vpc.listVSwitchCidrReservations(new $Vpc.ListVSwitchCidrReservationsRequest({ regionId: R, vSwitchCidrReservationIds: [byMask.body?.vSwitchCidrReservationId ?? ""] }));
    expect(byId.body?.vSwitchCidrReservations?.map((r) => r.vSwitchCidrReservationCidr)).toEqual(["10.0.1.80/28"]);
  });

  it("refuses blocks that are not proper subsets, too small, on system-reserved or used addresses, or overlapping; and a dry run changes nothing", async () => {
    const before = emu().emulator.state();
    const refusals: [Partial<$Vpc.CreateVSwitchCidrReservationRequest>, string, string][] = [
      [{ vSwitchCidrReservationCidr: "10.0.1.0/24" }, "InvalidParameter", "proper subset"],
      [{ vSwitchCidrReservationCidr: "10.0.2.0/28" }, "InvalidParameter", "proper subset"],
      [{ vSwitchCidrReservationCidr: "10.0.1.192/29" }, "InvalidParameter", "/28 or larger"],
      [{ vSwitchCidrReservationCidr: "10.0.1.240/28" }, "InvalidParameter", "system-reserved"],
      [{ vSwitchCidrReservationCidr: "10.0.1.16/28" }, "InvalidParameter", "in use"],
      [{ vSwitchCidrReservationCidr: "10.0.1.193/27" }, "InvalidParameter", "host bits"],
      [{ vSwitchCidrReservationCidr: "10.0.1.192/27", vSwitchCidrReservationMask: "27" }, "InvalidParameter", "exactly one"],
      [{ vSwitchCidrReservationMask: "25" }, "InvalidParameter", "from 26"],
      [{ vSwitchCidrReservationCidr: "10.0.1.192/27", dryRun: true }, "DryRunOperation", "DryRun"],
      [{ vSwitchCidrReservationCidr: "10.0.1.192/27", vSwitchCidrReservationType: "explicit" }, "InvalidParameter", "prefix"],
    ];
    for (const [extra, code, words] of refusals) {
      const err = await sdkError(create(extra));
      expect([JSON.stringify(extra), err.code, err.statusCode]).toEqual([JSON.stringify(extra), code, 400]);
      expect(err.message).toContain(words);
    }
    const overlap = await sdkError(create({ vSwitchCidrReservationCidr: "10.0.3.96/27" }, P.vSwitch));
    expect(overlap.message).toContain(P.reservation);
    const missing = await sdkError(create({ vSwitchCidrReservationCidr: "10.9.0.0/28" }, "vsw-nope"));
    expect([missing.code, missing.statusCode]).toEqual(["InvalidVswitchID.NotFound", 404]);
    expect(emu().emulator.state()).toEqual(before);
  });
});

describe("prefixes in seeds and saved state", () => {
  const dir = mkdtempSync(join(tmpdir(), "eni-ips-prefix-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const seed = (): EmulatorSeed => ({
    regionId: "cn-beijing",
    vpcs: [{ vpcId: "vpc-a", cidrBlock: "172.16.0.0/16" }],
    vSwitches: [{ vSwitchId: "vsw-a", vpcId: "vpc-a", zoneId: "cn-beijing-a", cidrBlock: "172.16.0.0/24", cidrReservations: [{ cidr: "172.16.0.128/26" }] }],
    securityGroups: [{ securityGroupId: "sg-a", vpcId: "vpc-a", type: "normal", ipQuota: 4 }],
    instanceTypes: [],
    instances: [],
    networkInterfaces: [{ networkInterfaceId: "eni-a", vSwitchId: "vsw-a", securityGroupIds: ["sg-a"], primaryIpAddress: "172.16.0.10", ipv4Prefixes: ["172.16.0.128/28"] }],
  });

  it("derives reservation ids, counts a prefix as one address toward a basic group's quota", async () => {
    const fx = await startEmulatorFixture({ seed: seed() });
    try {
      expect(fx.emulator.state().vSwitches[0]?.cidrReservations).toEqual([expect.objectContaining({ vSwitchCidrReservationId: "vcr-a1", cidr: "172.16.0.128/26", type: "prefix" })]);
      const assign = (extra: Partial<$Ecs.AssignPrivateIpAddressesRequest>) =>
        fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: "cn-beijing", networkInterfaceId: "eni-a", ...extra }));
      // Group quota 4: the primary and the prefix hold 2 (not 17).
      await assign({ ipv4PrefixCount: 2 });
      expect((await sdkError(assign({ ipv4PrefixCount: 1 }))).code).toBe("SecurityGroupInstanceLimitExceed");
    } finally {
      await fx.close();
    }
  });

  it("refuses seeds whose prefixes or reservations break the rules, naming them", () => {
    const cases: [(s: EmulatorSeed) => void, RegExp][] = [
      [(s) => { s.networkInterfaces[0]!.ipv4Prefixes = ["172.16.0.0/28"]; }, /eni-a: IPv4 prefix 172\.16\.0\.0\/28 is not inside a prefix reservation of vsw-a/],
      [(s) => { s.networkInterfaces[0]!.ipv4Prefixes = ["172.16.0.136/28"]; }, /is not an aligned IPv4 \/28/],
      [(s) => { s.networkInterfaces.push({ networkInterfaceId: "eni-b", vSwitchId: "vsw-a", securityGroupIds: ["sg-a"], primaryIpAddress: "172.16.0.11", ipv4Prefixes: ["172.16.0.128/28"] }); }, /eni-b: IPv4 prefix 172\.16\.0\.128\/28 overlaps addresses of eni-a/],
      [(s) => { s.networkInterfaces[0]!.secondaryIpAddresses = ["172.16.0.150"]; }, /inside the reserved CIDR block 172\.16\.0\.128\/26/],
      [(s) => { s.vSwitches[0]!.cidrReservations = [{ cidr: "172.16.0.0/28" }]; }, /system-reserved/],
      [(s) => { s.vSwitches[0]!.cidrReservations = [{ cidr: "172.16.0.128/26" }, { cidr: "172.16.0.160/27" }]; }, /overlaps the reserved CIDR block/],
    ];
    for (const [breakIt, message] of cases) {
      const s = seed();
      breakIt(s);
      expect(() => AccountState.fromSeed(s)).toThrow(message);
    }
  });

  it("saves prefixes and reservations (state version 2) and still reads a version 1 state file", async () => {
    const statePath = join(dir, "v2.json");
    const first = await startEmulator({ statePath, seed: demoSeedWithPrefixes() });
    await first.close();
    const saved = await startEmulator({ statePath, seed: { ...demoSeed(), networkInterfaces: [] } });
    try {
      const snap = saved.state();
      expect(snap.version).toBe(2);
      expect(snap.networkInterfaces.find((e) => e.networkInterfaceId === PREFIX_ENI)?.ipv4Prefixes).toEqual(["10.0.3.64/28"]);
      expect(snap.vSwitches.find((v) => v.vSwitchId === P.vSwitch)?.cidrReservations?.[0]?.vSwitchCidrReservationId).toBe(P.reservation);
    } finally {
      await saved.close();
    }
    const v1Path = join(dir, "v1.json");
    const old = demoSeed();
    writeFileSync(v1Path, JSON.stringify({ ...old, version: 1, nextId: 5 }));
    const fromV1 = await startEmulator({ statePath: v1Path });
    try {
      expect(fromV1.state().networkInterfaces.every((e) => e.ipv4Prefixes === undefined)).toBe(true);
      expect(fromV1.state().nextId).toBe(5);
    } finally {
      await fromV1.close();
    }
  });
});
