// Demand of the same run (docs/architecture.md, "Run demand and ownership"): in one provider host, earlier checks count against later ones,
// a failed check adds nothing, a re-check replaces, and a created resource is not counted twice.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { addressesOn, startProviderFixture, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;

describe("demand of earlier checks in the same run", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture();
  });
  afterAll(async () => f?.close());

  const check = (name: string, eni: string, count: number) =>
    f.host.check(f.urn(name), {}, f.inputs(name, { networkInterfaceId: eni, secondaryPrivateIpAddressCount: count }));
  const reasons = (r: { failures: { reason: string }[] }) => r.failures.map((x) => x.reason).join("\n");

  it("two resources exceeding an ENI limit together: the second check fails", async () => {
    await f.restartHost();
    // eni-bp1demofree: Available, cap 10, 1 address on it.
    expect((await check("a", D.eniAvailable, 5)).failures).toEqual([]);
    const b = await check("b", D.eniAvailable, 5);
    expect(reasons(b)).toContain("rule 11 (eni_ip_limit)");
    expect(b.failures[0]!.reason).toContain("b:");
    // The failed check added nothing: 1 + 5 + 4 = 10 still fits.
    expect((await check("c", D.eniAvailable, 4)).failures).toEqual([]);
    // Re-checking a replaces its demand: a shrinks to 2, so d's 3 fits (1 + 2 + 4 + 3 = 10).
    expect((await check("a", D.eniAvailable, 2)).failures).toEqual([]);
    expect((await check("d", D.eniAvailable, 3)).failures).toEqual([]);
    expect(reasons(await check("e", D.eniAvailable, 1))).toContain("rule 11 (eni_ip_limit)");
    expect(f.em.emulator.callCounts().mutations).toBe(0);
  });

  it("two resources on different ENIs exceeding a security group quota together", async () => {
    await f.restartHost();
    // sg-bp1demofull has 10 addresses left, shared by eni-bp1fleetspare and its secondary ENI.
    expect((await check("sg-a", D.eniFleetSpare, 6)).failures).toEqual([]);
    expect(reasons(await check("sg-b", D.eniFleetSpareSecondary, 5))).toContain("rule 12 (security_group_quota)");
    expect((await check("sg-c", D.eniFleetSpareSecondary, 4)).failures).toEqual([]);
  });

  it("a created resource stops counting as extra demand", async () => {
    await f.restartHost();
    const a = await check("made", D.eniAvailable, 5);
    expect(a.failures).toEqual([]);
    const created = await f.host.create(f.urn("made"), a.inputs);
    expect(addressesOn(f, D.eniAvailable)).toHaveLength(6);
    // 6 on the ENI now; counting "made" again as demand would make 4 fail.
    expect((await check("next", D.eniAvailable, 4)).failures).toEqual([]);
    expect(reasons(await check("over", D.eniAvailable, 1))).toContain("rule 11 (eni_ip_limit)");
    await f.host.delete(f.urn("made"), created.id, created.properties);
    expect(addressesOn(f, D.eniAvailable)).toHaveLength(1);
  });

  it("explicit addresses declared by two resources of the run are duplicates", async () => {
    await f.restartHost();
    const one = await f.host.check(f.urn("x1"), {}, f.inputs("x1", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.150"] }));
    expect(one.failures).toEqual([]);
    const two = await f.host.check(f.urn("x2"), {}, f.inputs("x2", { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.150"] }));
    expect(reasons(two)).toContain("rule 2 (duplicate_ip)");
  });
});

describe("ownership after a change, judged against what the ENI holds now", () => {
  // One basic group (quota 10 through the environment) over two ENIs in different vSwitches: a
  // check on one ENI re-lists only its own vSwitch, so it sees the other ENI's new addresses only
  // if the run reads that ENI again after the create.
  const seed = {
    regionId: "cn-hangzhou",
    vpcs: [{ vpcId: "vpc-bp1two", cidrBlock: "10.0.0.0/8" }],
    vSwitches: [
      { vSwitchId: "vsw-bp1twoa", vpcId: "vpc-bp1two", zoneId: "cn-hangzhou-h", cidrBlock: "10.1.0.0/24" },
      { vSwitchId: "vsw-bp1twob", vpcId: "vpc-bp1two", zoneId: "cn-hangzhou-h", cidrBlock: "10.2.0.0/24" },
    ],
    securityGroups: [{ securityGroupId: "sg-bp1two", vpcId: "vpc-bp1two", type: "normal" as const }],
    instanceTypes: [],
    instances: [],
    networkInterfaces: [
      { networkInterfaceId: "eni-bp1twoa", vSwitchId: "vsw-bp1twoa", securityGroupIds: ["sg-bp1two"], primaryIpAddress: "10.1.0.10" },
      { networkInterfaceId: "eni-bp1twob", vSwitchId: "vsw-bp1twob", securityGroupIds: ["sg-bp1two"], primaryIpAddress: "10.2.0.10" },
    ],
  };
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture({ emulator: { seed }, hostEnv: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ENI_IPS_BASIC_SG_MAX_IPS: "10" } });
  });
  afterAll(async () => f?.close());

  const check = (name: string, eni: string, count: number) =>
    f.host.check(f.urn(name), {}, f.inputs(name, { networkInterfaceId: eni, secondaryPrivateIpAddressCount: count }));
  const reasons = (r: { failures: { reason: string }[] }) => r.failures.map((x) => x.reason).join("\n");

  it("a create on one vSwitch is not counted twice by a check of the same group on another", async () => {
    const a = await check("on-a", "eni-bp1twoa", 4);
    expect(a.failures).toEqual([]);
    await f.host.create(f.urn("on-a"), a.inputs);
    expect(addressesOn(f, "eni-bp1twoa")).toHaveLength(5);
    // The group holds 2 + 4 = 6 now: 4 more fill it to exactly 10 (counting on-a's 4 again would make 14).
    expect((await check("on-b", "eni-bp1twob", 4)).failures).toEqual([]);
    expect(reasons(await check("over", "eni-bp1twob", 1))).toContain("rule 12 (security_group_quota)");
  });
});
