// Rules 11-13: per-ENI limit, basic security-group quota and vSwitch free addresses, with the run's
// own demand: boundaries (at the limit passes, one over fails) and who gets the blame.
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import {
  account,
  addresses,
  blame,
  codes,
  count,
  eni,
  instance,
  instanceType,
  list,
  run,
  securityGroup,
  vSwitch,
  warningCodes,
} from "./fixtures";

/** An Available ENI holding `n` addresses in total (primary included). */
function availableWith(n: number) {
  return account({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", n - 1) })] });
}

/** An InUse ENI of an instance of `type` (quantity `q` in the facts) holding `n` addresses in total. */
function boundWith(n: number, type: string, q: number | undefined) {
  return account({
    enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", n - 1), instanceId: "i-1" })],
    instances: [instance("i-1", type)],
    instanceTypes: q === undefined ? [] : [instanceType(type, q)],
  });
}

describe("rule 11 eni_ip_limit", () => {
  it("lets an Available ENI reach exactly 10 addresses, primary included, and refuses 11", () => {
    expect(codes(run([count("web", "eni-x", 1)], availableWith(9)))).toEqual([]);
    const r = run([count("web", "eni-x", 2)], availableWith(9));
    expect(codes(r)).toEqual(["eni_ip_limit"]);
    expect(r.violations[0]).toMatchObject({ rule: 11, property: "secondaryPrivateIpAddressCount", value: 2, networkInterfaceId: "eni-x" });
    expect(r.usage.enis).toEqual([{ networkInterfaceId: "eni-x", used: 9, limit: 10, limitSource: expect.stringContaining("default profile") }]);
  });

  it("counts explicit new addresses the same way", () => {
    expect(codes(run([list("web", "eni-x", addresses("10.0.0.100", 9))], availableWith(1)))).toEqual([]);
    const r = run([list("web", "eni-x", addresses("10.0.0.100", 10))], availableWith(1));
    expect(codes(r)).toEqual(["eni_ip_limit"]);
    expect(r.violations[0]!.property).toBe("privateIpAddresses");
  });

  it("uses the instance type's quantity once the ENI is bound", () => {
    expect(codes(run([count("web", "eni-x", 2)], boundWith(4, "ecs.g6.large", 6)))).toEqual([]);
    expect(codes(run([count("web", "eni-x", 3)], boundWith(4, "ecs.g6.large", 6)))).toEqual(["eni_ip_limit"]);
    // Bound, an ENI may go past the Available cap of 10 when its type allows it.
    expect(codes(run([count("web", "eni-x", 14)], boundWith(1, "ecs.g7.xlarge", 15)))).toEqual([]);
    expect(codes(run([count("web", "eni-x", 15)], boundWith(1, "ecs.g7.xlarge", 15)))).toEqual(["eni_ip_limit"]);
  });

  it("caps an instance type saying 30 at 20 under the default profile", () => {
    expect(codes(run([count("web", "eni-x", 4)], boundWith(16, "ecs.c7.4xlarge", 30)))).toEqual([]);
    const r = run([count("web", "eni-x", 5)], boundWith(16, "ecs.c7.4xlarge", 30));
    expect(codes(r)).toEqual(["eni_ip_limit"]);
    expect(r.usage.enis[0]!.limit).toBe(20);
  });

  it("lets the instance type decide alone under the current profile (no cap)", () => {
    const current = resolveLimits({ profile: "current" });
    expect(codes(run([count("web", "eni-x", 14)], boundWith(16, "ecs.c7.4xlarge", 30), current))).toEqual([]);
    expect(codes(run([count("web", "eni-x", 15)], boundWith(16, "ecs.c7.4xlarge", 30), current))).toEqual(["eni_ip_limit"]);
    // And an Available ENI may hold 50 in total.
    expect(codes(run([count("web", "eni-x", 41)], availableWith(9), current))).toEqual([]);
    expect(codes(run([count("web", "eni-x", 42)], availableWith(9), current))).toEqual(["eni_ip_limit"]);
  });

  it("prefers an instanceTypeEniIps override over DescribeInstanceTypes", () => {
    const limits = resolveLimits({ env: { ENI_IPS_INSTANCE_TYPE_ENI_IPS: "ecs.g6.large=8" } });
    expect(codes(run([count("web", "eni-x", 4)], boundWith(4, "ecs.g6.large", 6), limits))).toEqual([]);
    const r = run([count("web", "eni-x", 5)], boundWith(4, "ecs.g6.large", 6), limits);
    expect(codes(r)).toEqual(["eni_ip_limit"]);
    expect(r.usage.enis[0]).toMatchObject({ limit: 8, limitSource: expect.stringContaining("ENI_IPS_INSTANCE_TYPE_ENI_IPS") });
  });

  it("falls back to the 20 cap with a warning for an unknown instance type", () => {
    const r = run([count("web", "eni-x", 16)], boundWith(4, "ecs.mystery.large", undefined));
    expect(codes(r)).toEqual([]);
    expect(warningCodes(r)).toEqual(["unknown_instance_type"]);
    expect(codes(run([count("web", "eni-x", 17)], boundWith(4, "ecs.mystery.large", undefined)))).toEqual(["eni_ip_limit"]);
  });

  it("falls back to the Available limit for an unknown type when there is no cap", () => {
    const limits = resolveLimits({ env: { ENI_IPS_ENI_MAX_IPS: "none" } });
    const facts = boundWith(4, "ecs.mystery.large", undefined);
    expect(codes(run([count("web", "eni-x", 6)], facts, limits))).toEqual([]);
    const r = run([count("web", "eni-x", 7)], facts, limits);
    expect(codes(r)).toEqual(["eni_ip_limit"]);
    expect(warningCodes(r)).toEqual(["unknown_instance_type"]);
  });

  it("falls back with a warning when the bound instance itself is missing", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", instanceId: "i-gone" })] });
    const r = run([count("web", "eni-x", 19)], facts);
    expect(codes(r)).toEqual([]);
    expect(warningCodes(r)).toEqual(["unknown_instance_type"]);
  });

  it("blames the declaration that tips the ENI over, in array order", () => {
    const r = run([count("a", "eni-x", 5), list("b", "eni-x", addresses("10.0.0.100", 4)), count("c", "eni-x", 1)], availableWith(1));
    expect(blame(r)).toEqual(["c:eni_ip_limit"]);
    expect(r.usage.enis[0]!.used).toBe(10);
  });

  it("adds no demand for a declaration that failed", () => {
    const r = run([count("a", "eni-x", 20), count("b", "eni-x", 9)], availableWith(1));
    expect(blame(r)).toEqual(["a:eni_ip_limit"]);
    // A failure for any other rule also withholds the demand.
    const r2 = run([list("a", "eni-x", ["10.0.0.100", "bad", "10.0.0.101"]), count("b", "eni-x", 9)], availableWith(1));
    expect(blame(r2)).toEqual(["a:invalid_ip"]);
  });

  it("does not count owned or adopted addresses as new demand", () => {
    const owned = addresses("10.0.0.11", 8);
    expect(codes(run([list("web", "eni-x", [...owned, "10.0.0.100"], { ownedAddresses: owned })], availableWith(9)))).toEqual([]);
    expect(codes(run([list("web", "eni-x", [...owned, "10.0.0.100"], { adoptExisting: true })], availableWith(9)))).toEqual([]);
    expect(codes(run([list("web", "eni-x", [...owned, "10.0.0.100", "10.0.0.101"], { ownedAddresses: owned })], availableWith(9)))).toEqual([
      "eni_ip_limit",
    ]);
  });

  it("lets an update swap addresses on a full ENI: what it stops listing is released first", () => {
    // eni-x holds 10 (the Available cap): the primary and 9 owned by "web".
    const owned = addresses("10.0.0.11", 9);
    const swapped = [...owned.slice(1), "10.0.0.100"];
    expect(codes(run([list("web", "eni-x", swapped, { ownedAddresses: owned })], availableWith(10)))).toEqual([]);
    // Growing by one more than it releases still breaks the cap.
    expect(codes(run([list("web", "eni-x", [...swapped, "10.0.0.101"], { ownedAddresses: owned })], availableWith(10)))).toEqual([
      "eni_ip_limit",
    ]);
  });

  it("does not credit what an update releases to other declarations (their changes may run first)", () => {
    const owned = addresses("10.0.0.11", 9);
    const shrunk = owned.slice(2);
    const r = run([list("web", "eni-x", shrunk, { ownedAddresses: owned }), count("other", "eni-x", 1)], availableWith(10));
    expect(blame(r)).toEqual(["other:eni_ip_limit"]);
  });

  it("counts only the part of a count a declaration does not already own", () => {
    const owned = addresses("10.0.0.11", 8);
    expect(codes(run([count("web", "eni-x", 9, { ownedAddresses: owned })], availableWith(9)))).toEqual([]);
    expect(codes(run([count("web", "eni-x", 10, { ownedAddresses: owned })], availableWith(9)))).toEqual(["eni_ip_limit"]);
  });

  it("applies a declaration's own limit overrides to that declaration only", () => {
    const r = run([count("big", "eni-x", 5, { limits: { availableEniMaxIps: 14 } }), count("small", "eni-y", 10)], {
      ...availableWith(9),
      enis: [...availableWith(9).enis, eni("eni-y", { primary: "10.0.0.200" })],
    });
    expect(blame(r)).toEqual(["small:eni_ip_limit"]);
  });
});

describe("rule 12 security_group_quota", () => {
  /**
   * sg-basic holds `n` addresses over 10-address ENIs, half of them primary ENIs of instances, plus
   * three empty Available ENIs (1 address each: their primary) to declare on: total n + 3.
   */
  function groupWith(n: number, groupCount?: number) {
    const enis = [];
    const instances = [];
    for (let i = 0; i < n / 10; i++) {
      const base = i * 16;
      const primary = `10.1.${Math.floor(base / 256)}.${(base % 256) + 1}`;
      const isPrimary = i % 2 === 0;
      enis.push(
        eni(`eni-${i}`, {
          primary,
          secondaries: addresses(`10.1.${Math.floor(base / 256)}.${(base % 256) + 2}`, 9),
          vSwitchId: "vsw-big",
          instanceId: `i-${i}`,
          ...(isPrimary ? { type: "Primary" } : {}),
        }),
      );
      instances.push(instance(`i-${i}`, "ecs.g6.large"));
    }
    for (const [k, id] of ["eni-p", "eni-q", "eni-r"].entries()) enis.push(eni(id, { primary: `10.1.200.${k + 1}`, vSwitchId: "vsw-big" }));
    return account({
      enis,
      instances,
      vSwitches: [vSwitch("vsw-big", "10.1.0.0/16")],
      securityGroups: [securityGroup("sg-basic", "normal", groupCount)],
    });
  }

  it("lets a basic group reach exactly 2000 with the demand of several declarations, and refuses 2001", () => {
    const facts = groupWith(1990); // + 3 primaries of the free ENIs = 1993
    const ok = run([count("a", "eni-p", 4), count("b", "eni-q", 3)], facts);
    expect(codes(ok)).toEqual([]);
    expect(ok.usage.securityGroups).toEqual([
      { securityGroupId: "sg-basic", securityGroupType: "normal", used: 2000, limit: 2000, limitSource: "default profile" },
    ]);
    const r = run([count("a", "eni-p", 4), count("b", "eni-q", 3), count("c", "eni-r", 1)], facts);
    expect(blame(r)).toEqual(["c:security_group_quota"]);
    expect(r.violations[0]).toMatchObject({ rule: 12, networkInterfaceId: "eni-r" });
  });

  it("prefers the group's own address count when the facts carry it", () => {
    expect(codes(run([count("a", "eni-p", 5)], groupWith(10, 1995)))).toEqual([]);
    expect(codes(run([count("a", "eni-p", 6)], groupWith(10, 1995)))).toEqual(["security_group_quota"]);
  });

  it("counts an ENI in two groups in each of them", () => {
    const facts = account({
      enis: [eni("eni-x", { primary: "10.0.0.10", securityGroupIds: ["sg-1", "sg-2"] })],
      securityGroups: [securityGroup("sg-1", "normal", 100), securityGroup("sg-2", "normal", 1995)],
    });
    const r = run([count("web", "eni-x", 6)], facts);
    expect(codes(r)).toEqual(["security_group_quota"]);
    expect(r.violations[0]!.message).toContain("sg-2");
    expect(codes(run([count("web", "eni-x", 5)], facts))).toEqual([]);
  });

  it("exempts advanced (enterprise) groups", () => {
    const facts = account({
      enis: [eni("eni-x", { primary: "10.0.0.10", securityGroupIds: ["sg-adv"] })],
      securityGroups: [securityGroup("sg-adv", "enterprise", 65000)],
    });
    const r = run([count("web", "eni-x", 5)], facts);
    expect(codes(r)).toEqual([]);
    expect(r.usage.securityGroups[0]).toMatchObject({ securityGroupId: "sg-adv", limit: null });
  });

  it("uses the current profile's 6000", () => {
    const current = resolveLimits({ profile: "current" });
    expect(codes(run([count("a", "eni-p", 5)], groupWith(10, 5995), current))).toEqual([]);
    expect(codes(run([count("a", "eni-p", 6)], groupWith(10, 5995), current))).toEqual(["security_group_quota"]);
  });
});

describe("rule 13 vswitch_exhausted", () => {
  // A /29 has 4 usable addresses (.1-.4); the ENI's primary takes one.
  const small = (extra: Partial<{ availableIpAddressCount: number }> = {}) =>
    account({
      enis: [eni("eni-x", { primary: "10.2.0.1", vSwitchId: "vsw-s" }), eni("eni-y", { primary: "10.2.0.2", vSwitchId: "vsw-s" })],
      vSwitches: [vSwitch("vsw-s", "10.2.0.0/29", extra)],
    });

  it("lets a count take exactly the free addresses derived from the CIDR, and refuses one more", () => {
    expect(codes(run([count("web", "eni-x", 2)], small()))).toEqual([]);
    const r = run([count("web", "eni-x", 3)], small());
    expect(codes(r)).toEqual(["vswitch_exhausted"]);
    expect(r.violations[0]).toMatchObject({ rule: 13, property: "secondaryPrivateIpAddressCount", value: 3 });
  });

  it("prefers the vSwitch's reported AvailableIpAddressCount", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10" })], vSwitches: [vSwitch("vsw-a", "10.0.0.0/24", { availableIpAddressCount: 3 })] });
    expect(codes(run([count("web", "eni-x", 3)], facts))).toEqual([]);
    expect(codes(run([count("web", "eni-x", 4)], facts))).toEqual(["vswitch_exhausted"]);
  });

  it("counts earlier declarations of the run, explicit addresses included", () => {
    const r = run([list("a", "eni-y", ["10.2.0.3"]), count("b", "eni-x", 2)], small());
    expect(blame(r)).toEqual(["b:vswitch_exhausted"]);
    expect(r.usage.vSwitches).toEqual([{ vSwitchId: "vsw-s", cidrBlock: "10.2.0.0/29", free: 1 }]);
    expect(codes(run([list("a", "eni-y", ["10.2.0.3"]), count("b", "eni-x", 1)], small()))).toEqual([]);
  });

  it("gives the earlier count's addresses back when that declaration failed", () => {
    const r = run([count("a", "eni-x", "2"), count("b", "eni-x", 2)], small());
    expect(blame(r)).toEqual(["a:invalid_count"]);
  });
});

describe("usage", () => {
  it("reports each touched ENI, group and vSwitch after the run's accepted demand", () => {
    const r = run([count("a", "eni-avail", 3), list("b", "eni-bound", ["10.0.0.100"])]);
    expect(r.usage.enis).toEqual([
      { networkInterfaceId: "eni-avail", used: 4, limit: 10, limitSource: "ENI is Available; default profile" },
      { networkInterfaceId: "eni-bound", used: 2, limit: 6, limitSource: expect.stringContaining("ecs.g6.large") },
    ]);
    // sg-basic holds the three ENIs' primaries (3) plus 4 new.
    expect(r.usage.securityGroups).toEqual([
      { securityGroupId: "sg-basic", securityGroupType: "normal", used: 7, limit: 2000, limitSource: "default profile" },
    ]);
    expect(r.usage.vSwitches).toEqual([{ vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/24", free: 252 - 3 - 4 }]);
  });
});
