// The read actions through the real SDKs: filters, paging, field names and the numbers the rules
// depend on (limits, availability, group usage).
import * as $Ecs from "@alicloud/ecs20140526";
import * as $Vpc from "@alicloud/vpc20160428";
import { describe, expect, it } from "vitest";
import { DEMO_FULL_GROUP_USED, DEMO_IDS } from "../../src/emulator";
import { sdkError, useEmulator } from "../helpers/emulator";

const R = "cn-hangzhou";

describe("DescribeNetworkInterfaces", () => {
  const emu = useEmulator();
  const describeEnis = (req: Partial<$Ecs.DescribeNetworkInterfacesRequest>) =>
    emu().ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: R, ...req }));
  const ids = (res: Awaited<ReturnType<typeof describeEnis>>) => (res.body?.networkInterfaceSets?.networkInterfaceSet ?? []).map((e) => e.networkInterfaceId);

  it("returns the real nesting and fields for an ENI", async () => {
    const res = await describeEnis({ networkInterfaceId: [DEMO_IDS.eniBound] });
    const eni = res.body?.networkInterfaceSets?.networkInterfaceSet?.[0];
    expect(eni).toMatchObject({
      networkInterfaceId: DEMO_IDS.eniBound,
      status: "InUse",
      type: "Secondary",
      instanceId: DEMO_IDS.instanceWeb01,
      vSwitchId: DEMO_IDS.vSwitchApp,
      vpcId: DEMO_IDS.vpc,
      zoneId: "cn-hangzhou-h",
      privateIpAddress: "10.0.1.20",
    });
    expect(eni?.macAddress).toMatch(/^00:16:3e(:[0-9a-f]{2}){3}$/);
    expect(eni?.securityGroupIds?.securityGroupId).toEqual([DEMO_IDS.sgBasic]);
    expect(eni?.privateIpSets?.privateIpSet?.map((s) => [s.privateIpAddress, s.primary])).toEqual([["10.0.1.20", true], ["10.0.1.21", false], ["10.0.1.22", false]]);
    expect(eni?.attachment?.instanceId).toBe(DEMO_IDS.instanceWeb01);
  });

  it("filters by id list, vSwitch, VPC, instance, type, status, addresses", async () => {
    expect(ids(await describeEnis({ networkInterfaceId: [DEMO_IDS.eniWeb01, DEMO_IDS.eniAvailable, "eni-nope"] })).sort()).toEqual([DEMO_IDS.eniWeb01, DEMO_IDS.eniAvailable].sort());
    expect(ids(await describeEnis({ vSwitchId: DEMO_IDS.vSwitchSmall }))).toEqual([DEMO_IDS.eniSmallA, DEMO_IDS.eniSmallB]);
    expect(ids(await describeEnis({ instanceId: DEMO_IDS.instanceWeb01 })).sort()).toEqual([DEMO_IDS.eniBound, DEMO_IDS.eniWeb01].sort());
    expect(ids(await describeEnis({ vSwitchId: DEMO_IDS.vSwitchApp, status: "Available" }))).toEqual([DEMO_IDS.eniAvailable]);
    expect(ids(await describeEnis({ vSwitchId: DEMO_IDS.vSwitchApp, status: "Detaching" }))).toEqual([DEMO_IDS.eniDetaching]);
    expect(ids(await describeEnis({ vSwitchId: DEMO_IDS.vSwitchApp, type: "Secondary" })).sort()).toEqual([DEMO_IDS.eniAvailable, DEMO_IDS.eniBound, DEMO_IDS.eniDetaching].sort());
    expect(ids(await describeEnis({ privateIpAddress: ["10.0.2.9", "10.0.1.34"] })).sort()).toEqual([DEMO_IDS.eniSmallB, DEMO_IDS.eniWeb02Full].sort());
    expect(ids(await describeEnis({ primaryIpAddress: "10.0.1.40" }))).toEqual([DEMO_IDS.eniStopped]);
    expect((await describeEnis({ vpcId: "vpc-other" })).body?.networkInterfaceSets?.networkInterfaceSet).toEqual([]);
  });

  it("matches only secondary ENIs on SecurityGroupId, as the real API does", async () => {
    const res = await describeEnis({ securityGroupId: DEMO_IDS.sgBasic, maxResults: 100 });
    const found = ids(res).sort();
    expect(found).toEqual([DEMO_IDS.eniAvailable, DEMO_IDS.eniBound, DEMO_IDS.eniDetaching, DEMO_IDS.eniSmallA, DEMO_IDS.eniSmallB].sort());
    expect(found).not.toContain(DEMO_IDS.eniWeb01);
  });

  it("pages with MaxResults/NextToken and covers every ENI exactly once", async () => {
    const total = emu().emulator.state().networkInterfaces.length;
    expect(total).toBeGreaterThan(200);
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await describeEnis({ maxResults: 50, ...(token ? { nextToken: token } : {}) });
      const page = ids(res);
      expect(page.length).toBeLessThanOrEqual(50);
      seen.push(...(page as string[]));
      token = res.body?.nextToken || undefined;
      pages++;
    } while (token);
    expect(pages).toBe(Math.ceil(total / 50));
    expect(new Set(seen).size).toBe(total);
  });

  it("reports TotalCount as the page's count under NextToken paging (it is no total there), the total under PageNumber", async () => {
    const total = emu().emulator.state().networkInterfaces.length;
    const first = await describeEnis({ maxResults: 50 });
    expect(first.body?.totalCount).toBe(50);
    const second = await describeEnis({ maxResults: 50, nextToken: first.body?.nextToken ?? "" });
    expect(second.body?.totalCount).toBe(50);
    expect((await describeEnis({ pageNumber: 2, pageSize: 50 })).body?.totalCount).toBe(total);
    expect((await describeEnis({})).body?.totalCount).toBe(total);
  });

  it("clamps MaxResults to 10-500", async () => {
    expect(ids(await describeEnis({ maxResults: 3 }))).toHaveLength(10);
    expect(ids(await describeEnis({ maxResults: 9999 }))).toHaveLength(emu().emulator.state().networkInterfaces.length > 500 ? 500 : emu().emulator.state().networkInterfaces.length);
  });

  it("supports legacy PageNumber/PageSize", async () => {
    const p1 = await describeEnis({ pageNumber: 1, pageSize: 5 });
    const p2 = await describeEnis({ pageNumber: 2, pageSize: 5 });
    expect(ids(p1)).toHaveLength(5);
    expect(p2.body?.pageNumber).toBe(2);
    expect(p2.body?.totalCount).toBe(emu().emulator.state().networkInterfaces.length);
    expect(ids(p1).some((id) => ids(p2).includes(id))).toBe(false);
  });

  it("refuses more than 100 ids and a forged NextToken", async () => {
    const many = Array.from({ length: 101 }, (_, i) => `eni-x${i}`);
    expect((await sdkError(describeEnis({ networkInterfaceId: many }))).code).toBe("InvalidParameter");
    expect((await sdkError(describeEnis({ nextToken: "garbage" }))).code).toBe("InvalidParameter");
  });

  it("returns an empty set for another region", async () => {
    const res = await emu().ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: "cn-shanghai" }));
    expect(res.body?.networkInterfaceSets?.networkInterfaceSet).toEqual([]);
  });
});

describe("DescribeNetworkInterfaceAttribute", () => {
  const emu = useEmulator();
  it("returns the ENI flat, not wrapped in a set", async () => {
    const res = await emu().ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniWeb01 }));
    expect(res.body?.networkInterfaceId).toBe(DEMO_IDS.eniWeb01);
    expect(res.body?.type).toBe("Primary");
    expect(res.body?.instanceId).toBe(DEMO_IDS.instanceWeb01);
    expect(res.body?.privateIpSets?.privateIpSet?.map((s) => s.privateIpAddress)).toEqual(["10.0.1.10", "10.0.1.11", "10.0.1.12"]);
  });
  it("answers InvalidEniId.NotFound (404) for an unknown ENI and MissingParameter without an id", async () => {
    const err = await sdkError(emu().ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: "eni-gone" })));
    expect([err.code, err.statusCode]).toEqual(["InvalidEniId.NotFound", 404]);
    const missing = await sdkError(emu().ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R })));
    expect(missing.code).toBe("MissingParameter");
  });
});

describe("DescribeInstances / DescribeInstanceAttribute / DescribeInstanceTypes", () => {
  const emu = useEmulator();
  it("finds instances by id list (JSON array) with their primary ENI's addresses", async () => {
    const res = await emu().ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R, instanceIds: JSON.stringify([DEMO_IDS.instanceWeb02, DEMO_IDS.instanceStarting]) }));
    const list = res.body?.instances?.instance ?? [];
    expect(list.map((i) => [i.instanceId, i.status, i.instanceType])).toEqual([
      [DEMO_IDS.instanceWeb02, "Running", "ecs.g6.large"],
      [DEMO_IDS.instanceStarting, "Starting", "ecs.g6.large"],
    ]);
    const nic = list[0]?.networkInterfaces?.networkInterface?.[0];
    expect(nic?.type).toBe("Primary");
    expect(nic?.networkInterfaceId).toBe(DEMO_IDS.eniWeb02Full);
    expect(nic?.privateIpSets?.privateIpSet).toHaveLength(6);
    expect(list[0]?.vpcAttributes?.privateIpAddress?.ipAddress).toEqual(["10.0.1.30"]);
    expect(list[0]?.securityGroupIds?.securityGroupId).toEqual([DEMO_IDS.sgBasic]);
  });

  it("filters by security group and status, and pages with NextToken", async () => {
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const res = await emu().ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R, securityGroupId: DEMO_IDS.sgFull, maxResults: 100, ...(token ? { nextToken: token } : {}) }));
      for (const i of res.body?.instances?.instance ?? []) seen.add(i.instanceId ?? "");
      token = res.body?.nextToken || undefined;
    } while (token);
    expect(seen.size).toBe(200); // 199 fleet instances + the spare
    const stopped = await emu().ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R, status: "Stopped" }));
    expect(stopped.body?.instances?.instance?.map((i) => i.instanceId)).toEqual([DEMO_IDS.instanceStopped]);
    const bad = await sdkError(emu().ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R, instanceIds: "i-notjson" })));
    expect(bad.code).toBe("InvalidParameter");
  });

  it("describes one instance, and answers InvalidInstanceId.NotFound for an unknown one", async () => {
    const res = await emu().ecs.describeInstanceAttribute(new $Ecs.DescribeInstanceAttributeRequest({ instanceId: DEMO_IDS.instanceBurst }));
    expect([res.body?.instanceType, res.body?.status, res.body?.vpcAttributes?.vSwitchId]).toEqual(["ecs.t6-c1m2.large", "Running", DEMO_IDS.vSwitchApp]);
    const err = await sdkError(emu().ecs.describeInstanceAttribute(new $Ecs.DescribeInstanceAttributeRequest({ instanceId: "i-nope" })));
    expect([err.code, err.statusCode]).toEqual(["InvalidInstanceId.NotFound", 404]);
  });

  it("reports the instance types' ENI limits from the published tables", async () => {
    const res = await emu().ecs.describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ instanceTypes: ["ecs.g6.large", "ecs.g7.xlarge", "ecs.c7.4xlarge", "ecs.t6-c1m2.large"] }));
    const limits = Object.fromEntries((res.body?.instanceTypes?.instanceType ?? []).map((t) => [t.instanceTypeId, [t.eniQuantity, t.eniPrivateIpAddressQuantity]]));
    expect(limits).toEqual({ "ecs.g6.large": [2, 6], "ecs.g7.xlarge": [4, 15], "ecs.c7.4xlarge": [8, 30], "ecs.t6-c1m2.large": [2, 2] });
    const paged = await emu().ecs.describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ maxResults: 3 }));
    expect(paged.body?.instanceTypes?.instanceType).toHaveLength(3);
    expect(paged.body?.nextToken).toBeTruthy();
    const rest = await emu().ecs.describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ maxResults: 3, nextToken: paged.body?.nextToken ?? "" }));
    expect(rest.body?.instanceTypes?.instanceType).toHaveLength(1);
    expect(rest.body?.nextToken).toBe("");
    const tooMany = await sdkError(emu().ecs.describeInstanceTypes(new $Ecs.DescribeInstanceTypesRequest({ instanceTypes: Array.from({ length: 11 }, (_, i) => `ecs.x${i}`) })));
    expect(tooMany.code).toBe("InvalidParameter");
  });
});

describe("DescribeSecurityGroups / DescribeVSwitchAttributes / DescribeVSwitches", () => {
  const emu = useEmulator();
  it("reports group type and, with IsQueryEcsCount, the deprecated counts of instances, not of addresses", async () => {
    const res = await emu().ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, securityGroupIds: JSON.stringify([DEMO_IDS.sgFull, DEMO_IDS.sgAdvanced]), isQueryEcsCount: true }));
    const groups = Object.fromEntries((res.body?.securityGroups?.securityGroup ?? []).map((g) => [g.securityGroupId, [g.securityGroupType, g.ecsCount, g.availableInstanceAmount]]));
    // 199 fleet instances + the spare hold 1,990 addresses: EcsCount says 200, which is no IP usage.
    expect(groups[DEMO_IDS.sgFull]).toEqual(["normal", 200, 2000 - 200]);
    expect(groups[DEMO_IDS.sgFull]?.[1]).not.toBe(DEMO_FULL_GROUP_USED);
    expect(groups[DEMO_IDS.sgAdvanced]?.[0]).toBe("enterprise");
    const withoutCounts = await emu().ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, securityGroupId: DEMO_IDS.sgBasic }));
    expect(withoutCounts.body?.securityGroups?.securityGroup?.[0]?.ecsCount).toBeUndefined();
    const advancedOnly = await emu().ecs.describeSecurityGroups(new $Ecs.DescribeSecurityGroupsRequest({ regionId: R, securityGroupType: "enterprise" }));
    expect(advancedOnly.body?.securityGroups?.securityGroup?.map((g) => g.securityGroupId)).toEqual([DEMO_IDS.sgAdvanced]);
  });

  it("reports a vSwitch with AvailableIpAddressCount = usable - in use", async () => {
    const small = await emu().vpc.describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchSmall }));
    expect([small.body?.cidrBlock, small.body?.availableIpAddressCount, small.body?.vpcId]).toEqual(["10.0.2.0/28", 2, DEMO_IDS.vpc]);
    const app = await emu().vpc.describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp }));
    const usedInApp = emu().emulator.state().networkInterfaces.filter((e) => e.vSwitchId === DEMO_IDS.vSwitchApp).reduce((n, e) => n + 1 + (e.secondaryIpAddresses?.length ?? 0), 0);
    expect(app.body?.availableIpAddressCount).toBe(252 - usedInApp);
    const err = await sdkError(emu().vpc.describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: "vsw-nope" })));
    expect([err.code, err.statusCode]).toEqual(["InvalidVswitchID.NotFound", 404]);
  });

  it("lists vSwitches of a VPC", async () => {
    const res = await emu().vpc.describeVSwitches(new $Vpc.DescribeVSwitchesRequest({ regionId: R, vpcId: DEMO_IDS.vpc, pageSize: 50 }));
    expect(res.body?.vSwitches?.vSwitch?.map((v) => v.vSwitchId)).toEqual([DEMO_IDS.vSwitchApp, DEMO_IDS.vSwitchSmall, DEMO_IDS.vSwitchFleet]);
    expect(res.body?.totalCount).toBe(3);
  });
});
