// Rules 16 (invalid_prefix) and 17 (prefix_unavailable), and how IPv4 prefixes meet the address rules
// and the limits: a prefix counts as one address toward the ENI's limit and its groups' quota; an
// address never lies inside a prefix reservation or a prefix in use; the run's earlier demand counts.
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { RunLedger } from "../../src/core/run-ledger";
import type { AccountFacts, ViolationOf } from "../../src/core/types";
import { account, addresses, blame, codes, count, eni, list, prefixCount, prefixes, run, securityGroup, vSwitch, warningCodes } from "./fixtures";

/**
 * vsw-p 10.1.0.0/24 reserves 10.1.0.64/26 (vcr-p: four /28s .64 .80 .96 .112) for prefixes.
 *  - eni-p1: Available, primary 10.1.0.10, prefix 10.1.0.64/28
 *  - eni-p2: Available, primary 10.1.0.11
 */
function prefixAccount(extra: Partial<AccountFacts> = {}): AccountFacts {
  return account({
    enis: [
      eni("eni-p1", { primary: "10.1.0.10", vSwitchId: "vsw-p", prefixes: ["10.1.0.64/28"] }),
      eni("eni-p2", { primary: "10.1.0.11", vSwitchId: "vsw-p" }),
    ],
    vSwitches: [vSwitch("vsw-p", "10.1.0.0/24", { cidrReservations: [{ vSwitchCidrReservationId: "vcr-p", cidrBlock: "10.1.0.64/26" }] })],
    ...extra,
  });
}

function only<C extends "invalid_prefix" | "prefix_unavailable">(r: ReturnType<typeof run>, code: C): ViolationOf<C> {
  const found = r.violations.filter((v) => v.code === code);
  expect(found, JSON.stringify(r.violations)).toHaveLength(1);
  return found[0] as ViolationOf<C>;
}

describe("rule 16 invalid_prefix", () => {
  it("passes an aligned /28 inside a reservation", () => {
    const r = run([prefixes("ok", "eni-p2", ["10.1.0.80/28"])], prefixAccount());
    expect(r.violations).toEqual([]);
    expect(r.usage.enis).toEqual([expect.objectContaining({ networkInterfaceId: "eni-p2", used: 2 })]);
  });

  it.each([
    ["10.1.0.83/28", "not_aligned", "the /28 holding that address is 10.1.0.80/28"],
    ["10.1.0.64/27", "not_28", "is not a /28"],
    ["10.1.0.64", "not_a_prefix", "is not an IPv4 prefix"],
    ["10.1.0.064/28", "not_a_prefix", "is not an IPv4 prefix"],
    [28, "not_a_prefix", "is not an IPv4 prefix"],
  ])("refuses %j (%s)", (value, reason, words) => {
    const v = only(run([prefixes("bad", "eni-p2", [value])], prefixAccount()), "invalid_prefix");
    expect(v).toMatchObject({ rule: 16, property: "ipv4Prefixes", value, detail: { reason, index: 0 } });
    expect(v.message).toContain(words);
    expect(v.message).toContain("[rule 16 (invalid_prefix)]");
  });

  it("refuses a list that is not a list, and more than ten prefixes (one request's worth)", () => {
    expect(only(run([prefixes("x", "eni-p2", "10.1.0.64/28" as never)], prefixAccount()), "invalid_prefix").detail).toEqual({ reason: "not_a_list" });
    const many = Array.from({ length: 11 }, (_, i) => `10.1.${i + 2}.0/28`);
    const v = only(run([prefixes("many", "eni-p2", many)], prefixAccount()), "invalid_prefix");
    expect(v.detail).toEqual({ reason: "too_many", requested: 11, max: 10 });
    const c = only(run([prefixCount("many", "eni-p2", 11)], prefixAccount()), "invalid_prefix");
    expect(c).toMatchObject({ property: "ipv4PrefixCount", value: 11, detail: { reason: "too_many" } });
  });

  it("judges a prefix count as a count (rule 7)", () => {
    const r = run([prefixCount("zero", "eni-p2", 0)], prefixAccount());
    expect(codes(r)).toEqual(["invalid_count"]);
    expect(r.violations[0]!.message).toContain("ipv4PrefixCount 0 is not a whole number");
  });
});

describe("rule 17 prefix_unavailable", () => {
  it("refuses a /28 outside the vSwitch's reservations, naming them", () => {
    const v = only(run([prefixes("out", "eni-p2", ["10.1.0.128/28"])], prefixAccount()), "prefix_unavailable");
    expect(v.detail).toMatchObject({ reason: "outside_reservations", prefix: "10.1.0.128/28", vSwitchId: "vsw-p" });
    expect(v.message).toContain("10.1.0.64/26 (vcr-p)");
    expect(v.rule).toBe(17);
  });

  it("refuses any prefix in a vSwitch without reservations", () => {
    const facts = prefixAccount({ vSwitches: [vSwitch("vsw-p", "10.1.0.0/24", { cidrReservations: [] })] });
    const v = only(run([prefixes("none", "eni-p2", ["10.1.0.80/28"])], facts), "prefix_unavailable");
    expect(v.message).toContain("has no CIDR block reserved for IPv4 prefixes");
  });

  it("refuses a prefix another ENI holds, and its own prefix unless owned or adopted", () => {
    const other = only(run([prefixes("theirs", "eni-p2", ["10.1.0.64/28"])], prefixAccount()), "prefix_unavailable");
    expect(other.detail).toEqual({ reason: "in_use", prefix: "10.1.0.64/28", overlaps: "10.1.0.64/28", holder: "eni-p1", holderAddress: "prefix", thisEni: false });
    const own = only(run([prefixes("mine", "eni-p1", ["10.1.0.64/28"])], prefixAccount()), "prefix_unavailable");
    expect(own.message).toContain("is already on eni-p1");
    expect(own.message).toContain("adoptExisting");
    const adopted = run([prefixes("mine", "eni-p1", ["10.1.0.64/28"], { adoptExisting: true })], prefixAccount());
    expect(adopted.violations).toEqual([]);
    // Taken over, not new: the ENI's count is unchanged (primary + one prefix).
    expect(adopted.usage.enis[0]!.used).toBe(2);
    expect(run([prefixes("mine", "eni-p1", ["10.1.0.64/28"], { ownedPrefixes: ["10.1.0.64/28"] })], prefixAccount()).violations).toEqual([]);
  });

  it("refuses a prefix over an address in use (facts can show one inside a reservation)", () => {
    const facts = prefixAccount({ enis: [eni("eni-p1", { primary: "10.1.0.10", vSwitchId: "vsw-p", secondaries: ["10.1.0.99"] }), eni("eni-p2", { primary: "10.1.0.11", vSwitchId: "vsw-p" })] });
    const v = only(run([prefixes("over", "eni-p2", ["10.1.0.96/28"])], facts), "prefix_unavailable");
    expect(v.detail).toMatchObject({ reason: "in_use", overlaps: "10.1.0.99", holder: "eni-p1", holderAddress: "secondary" });
  });

  it("refuses a prefix listed twice, or declared by an earlier declaration of the run", () => {
    const twice = only(run([prefixes("twice", "eni-p2", ["10.1.0.80/28", "10.1.0.80/28"])], prefixAccount()), "prefix_unavailable");
    expect(twice.detail).toEqual({ reason: "declared", prefix: "10.1.0.80/28" });
    const r = run([prefixes("first", "eni-p2", ["10.1.0.80/28"]), prefixes("second", "eni-p1", ["10.1.0.80/28"])], prefixAccount());
    expect(blame(r)).toEqual(["second:prefix_unavailable"]);
    expect(r.violations[0]!.detail).toEqual({ reason: "declared", prefix: "10.1.0.80/28", otherDeclaration: "first" });
  });

  it("fits a count in the free /28s after the run's earlier demand", () => {
    // Four /28s reserved, one on eni-p1: three free.
    expect(run([prefixCount("three", "eni-p2", 3)], prefixAccount()).violations).toEqual([]);
    const r = run([prefixes("one", "eni-p2", ["10.1.0.80/28"]), prefixCount("three", "eni-p2", 3)], prefixAccount());
    const v = only(r, "prefix_unavailable");
    expect(v.detail).toEqual({ reason: "none_free", vSwitchId: "vsw-p", cidrBlock: "10.1.0.0/24", needed: 3, free: 2, earlier: 1 });
    expect(v.message).toContain("after 1 taken by earlier declarations of this run");
  });

  it("judges a prefix without reservation facts against the vSwitch only, and says so", () => {
    const facts = prefixAccount({ vSwitches: [vSwitch("vsw-p", "10.1.0.0/24")] });
    const r = run([prefixes("old", "eni-p2", ["10.1.0.128/28"]), prefixCount("count", "eni-p2", 2)], facts);
    expect(r.violations).toEqual([]);
    expect(warningCodes(r)).toEqual(["unknown_reservations", "unknown_reservations"]);
    const v = only(run([prefixes("edge", "eni-p2", ["10.1.0.0/28"])], facts), "prefix_unavailable");
    expect(v.detail).toMatchObject({ reason: "outside_vswitch" });
  });
});

describe("addresses and prefixes never overlap", () => {
  it("refuses a single address inside a prefix reservation as reserved_ip, naming the reservation", () => {
    const r = run([list("in-res", "eni-p2", ["10.1.0.100"])], prefixAccount());
    expect(codes(r)).toEqual(["reserved_ip"]);
    expect(r.violations[0]!.message).toContain("10.1.0.64/26 (vcr-p)");
    expect(r.violations[0]!.message).toContain("reserves for IPv4 prefixes");
  });

  it("refuses an address inside a prefix in use as ip_in_use (a prefix outside the reservation the facts still show)", () => {
    const facts = prefixAccount({ vSwitches: [vSwitch("vsw-p", "10.1.0.0/24", { cidrReservations: [] })] });
    const r = run([list("in-prefix", "eni-p2", ["10.1.0.70"])], facts);
    expect(r.violations[0]).toMatchObject({ code: "ip_in_use", detail: { holder: "eni-p1", holderAddress: "prefix", prefix: "10.1.0.64/28" } });
  });

  it("refuses an address that another declaration's prefix covers, and a prefix over a declared address", () => {
    const facts = prefixAccount({ vSwitches: [vSwitch("vsw-p", "10.1.0.0/24")] });
    const r = run([prefixes("p", "eni-p2", ["10.1.0.128/28"]), list("a", "eni-p1", ["10.1.0.130"])], facts);
    expect(r.violations.map((v) => `${v.declaration}:${v.code}`)).toEqual(["a:duplicate_ip"]);
    const back = run([list("a", "eni-p1", ["10.1.0.130"]), prefixes("p", "eni-p2", ["10.1.0.128/28"])], facts);
    expect(back.violations[0]!.detail).toEqual({ reason: "declared", prefix: "10.1.0.128/28", otherDeclaration: "a" });
  });

  it("count picks of addresses do not reach into the reservation: the free count leaves it out", () => {
    // 252 usable - 2 primaries - 64 reserved = 186 free.
    const r = run([count("big", "eni-p2", 187)], prefixAccount(), resolveLimits({ env: { ENI_IPS_AVAILABLE_ENI_MAX_IPS: "500" } }));
    expect(r.violations.find((v) => v.code === "vswitch_exhausted")?.detail).toMatchObject({ free: 186 });
  });

  it("refuses addresses and prefixes in one declaration (rule 6)", () => {
    const r = run([list("both", "eni-p2", ["10.1.0.20"], { ipv4PrefixCount: 1 })], prefixAccount());
    expect(codes(r)).toEqual(["conflicting_args"]);
    expect(r.violations[0]!.message).toContain("privateIpAddresses and ipv4PrefixCount are both set");
  });
});

describe("prefixes in the limits", () => {
  it("counts each prefix as one address toward the ENI's limit", () => {
    // Available ENI, default profile: 10 with the primary. eni-p1 has 9 (primary, 7 secondaries, a prefix).
    const facts = prefixAccount({ enis: [eni("eni-p1", { primary: "10.1.0.10", vSwitchId: "vsw-p", prefixes: ["10.1.0.64/28"], secondaries: addresses("10.1.0.20", 7) })] });
    expect(run([prefixCount("one", "eni-p1", 1)], facts).violations).toEqual([]);
    const r = run([prefixes("two", "eni-p1", ["10.1.0.80/28", "10.1.0.96/28"])], facts);
    expect(codes(r)).toEqual(["eni_ip_limit"]);
    expect(r.violations[0]!.message).toContain("to 11 private IPv4 addresses (3 of them IPv4 prefixes, each counting as one), over the limit of 10");
  });

  it("counts prefixes toward the group, and IPv6 of member ENIs under the current profile only", () => {
    const facts = prefixAccount({
      enis: [eni("eni-p1", { primary: "10.1.0.10", vSwitchId: "vsw-p", prefixes: ["10.1.0.64/28"], ipv6AddressCount: 5990, securityGroupIds: ["sg-b"] })],
      securityGroups: [securityGroup("sg-b", "normal")],
    });
    const current = resolveLimits({ profile: "current" });
    // 2 IPv4 (primary + prefix) + 5990 IPv6 = 5992; 9 more is 6001 > 6000.
    const r = run([prefixCount("p", "eni-p1", 2), count("c", "eni-p1", 7)], facts, current);
    expect(blame(r)).toEqual(["c:security_group_quota"]);
    expect(r.violations[0]!.detail).toMatchObject({ total: 6001, current: 5992, earlier: 2, adds: 7, ipv6: 5990 });
    expect(r.violations[0]!.message).toContain("5990 IPv6 addresses and prefixes");
    expect(run([prefixCount("p", "eni-p1", 2), count("c", "eni-p1", 7)], facts, resolveLimits({ env: { ENI_IPS_AVAILABLE_ENI_MAX_IPS: "50" } })).violations).toEqual([]);
  });

  it("the ledger adds a prefix's demand on check and drops it on withdraw", () => {
    const ledger = new RunLedger({ limits: resolveLimits(), facts: prefixAccount() });
    expect(ledger.check(prefixCount("a", "eni-p2", 3)).passed).toBe(true);
    expect(ledger.eniDemand("eni-p2")).toBe(3);
    expect(ledger.vSwitchPrefixDemand("vsw-p")).toBe(3);
    expect(ledger.vSwitchDemand("vsw-p")).toBe(0);
    expect(ledger.check(prefixCount("b", "eni-p1", 1)).violations.map((v) => v.code)).toEqual(["prefix_unavailable"]);
    ledger.withdraw("a");
    expect(ledger.check(prefixCount("b", "eni-p1", 1)).passed).toBe(true);
    expect(ledger.eniDemand("eni-p2")).toBe(0);
  });

  it("an update that keeps its owned prefixes adds only the new ones", () => {
    const facts = prefixAccount();
    const r = run([prefixes("upd", "eni-p1", ["10.1.0.64/28", "10.1.0.80/28"], { ownedPrefixes: ["10.1.0.64/28"] })], facts);
    expect(r.violations).toEqual([]);
    expect(r.usage.enis[0]!.used).toBe(3);
    // Swapping one owned prefix for another is no growth.
    const swap = run([prefixes("upd", "eni-p1", ["10.1.0.80/28"], { ownedPrefixes: ["10.1.0.64/28"] })], facts);
    expect(swap.usage.enis[0]!.used).toBe(2);
  });
});
