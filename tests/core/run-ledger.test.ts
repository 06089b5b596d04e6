// The run ledger as the provider drives it: a check that passes is recorded, a failed check leaves
// nothing, a re-check replaces the earlier record, a withdrawal frees the demand and the addresses,
// and facts arrive as checks read them.
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { RunLedger } from "../../src/core/run-ledger";
import type { AccountFacts } from "../../src/core/types";
import { account, addresses, count, eni, list } from "./fixtures";

/** eni-x: Available, 8 of its 10 addresses used; eni-y: Available, empty; both in vsw-a and sg-basic. */
function facts(): AccountFacts {
  return account({
    enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 7) }), eni("eni-y", { primary: "10.0.0.40" })],
  });
}

const ledger = (f: Partial<AccountFacts> = facts()): RunLedger => new RunLedger({ limits: resolveLimits(), facts: f });
const codes = (j: { violations: readonly { code: string }[] }): string[] => j.violations.map((v) => v.code);

describe("RunLedger", () => {
  it("counts a passing check's demand for later checks, and not a failed one's", () => {
    const l = ledger();
    expect(l.check(count("a", "eni-x", 2)).passed).toBe(true);
    expect(l.eniDemand("eni-x")).toBe(2);
    expect(l.groupDemand("sg-basic")).toBe(2);
    expect(l.vSwitchDemand("vsw-a")).toBe(2);
    const b = l.check(count("b", "eni-x", 1));
    expect(codes(b)).toEqual(["eni_ip_limit"]);
    expect(b.violations[0]!.detail).toMatchObject({ current: 8, earlier: 2, adds: 1, total: 11, limit: 10 });
    expect(l.recorded("b")).toBeUndefined();
    expect(l.eniDemand("eni-x")).toBe(2);
    expect(l.size).toBe(1);
  });

  it("replaces a resource's earlier record when it is checked again", () => {
    const l = ledger();
    l.check(count("a", "eni-x", 2));
    expect(l.check(count("a", "eni-x", 1)).passed).toBe(true);
    expect(l.eniDemand("eni-x")).toBe(1);
    expect(l.check(count("b", "eni-x", 1)).passed).toBe(true);
  });

  it("drops a resource's record when its new check fails", () => {
    const l = ledger();
    l.check(list("a", "eni-x", ["10.0.0.100"]));
    expect(codes(l.check(list("a", "eni-x", ["10.0.0.100", "bad"])))).toEqual(["invalid_ip"]);
    expect(l.recorded("a")).toBeUndefined();
    expect(l.eniDemand("eni-x")).toBe(0);
    expect(l.check(list("b", "eni-y", ["10.0.0.100"])).passed).toBe(true);
  });

  it("names the first declaration to claim an address, and hands it to the next when that one is withdrawn", () => {
    const l = ledger();
    l.check(list("a", "eni-x", ["10.0.0.100"]));
    // Recorded although it fails (as a batch does), so its claim stands behind a's.
    l.record("b", l.judge(list("b", "eni-y", ["10.0.0.100"])));
    const c = l.judge(list("c", "eni-y", ["10.0.0.100"]));
    expect(c.violations[0]).toMatchObject({ code: "duplicate_ip", detail: { address: "10.0.0.100", otherDeclaration: "a" } });
    expect(l.withdraw("a")).toBe(true);
    expect(l.judge(list("c", "eni-y", ["10.0.0.100"])).violations[0]!.detail).toMatchObject({ otherDeclaration: "b" });
    expect(l.withdraw("b")).toBe(true);
    expect(l.judge(list("c", "eni-y", ["10.0.0.100"])).passed).toBe(true);
    expect(l.withdraw("b")).toBe(false);
  });

  it("lets a resource name the addresses its own other declaration claimed", () => {
    const l = ledger();
    l.record("a (owned)", l.judge(list("a", "eni-x", ["10.0.0.100"])));
    expect(l.check(list("a", "eni-x", ["10.0.0.100"])).passed).toBe(true);
  });

  it("judges a check against facts added as the check reads them, and an ENI read again", () => {
    const l = ledger({});
    expect(codes(l.check(count("a", "eni-x", 1)))).toEqual(["eni_not_found"]);
    l.addFacts({ ...facts(), enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 8) })] });
    expect(codes(l.check(count("a", "eni-x", 2)))).toEqual(["eni_ip_limit"]);
    // Read again after an address was released behind the run's back.
    l.addFacts({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 7) })] });
    expect(l.check(count("a", "eni-x", 2)).passed).toBe(true);
    l.forgetEni("eni-x");
    expect(codes(l.check(count("b", "eni-x", 1)))).toEqual(["eni_not_found"]);
  });

  it("commits a batch's judgements for good: claims stick even for a failed one, demand only for a passed one", () => {
    const l = ledger();
    l.commit(l.judge(list("a", "eni-x", ["10.0.0.100", "10.0.0.101", "10.0.0.102"])));
    expect(l.eniDemand("eni-x")).toBe(0);
    expect(l.judge(list("b", "eni-y", ["10.0.0.101"])).violations[0]!.detail).toMatchObject({ otherDeclaration: "a" });
    l.commit(l.judge(count("c", "eni-y", 3)));
    expect(l.eniDemand("eni-y")).toBe(3);
    expect(l.size).toBe(0);
    expect(l.usage().enis.map((u) => [u.networkInterfaceId, u.used])).toEqual([
      ["eni-x", 8],
      ["eni-y", 4],
    ]);
  });

  it("reports usage for what is recorded now", () => {
    const l = ledger();
    l.check(count("a", "eni-x", 2));
    l.check(count("b", "eni-y", 1));
    l.withdraw("a");
    expect(l.usage()).toMatchObject({
      enis: [{ networkInterfaceId: "eni-y", used: 2, limit: 10 }],
      securityGroups: [{ securityGroupId: "sg-basic", used: 10, limit: 2000 }],
      // 252 usable addresses in the /24, 9 on the two ENIs, 1 more for b.
      vSwitches: [{ vSwitchId: "vsw-a", free: 252 - 9 - 1 }],
    });
  });

  it("refuses limits that were not resolved", () => {
    expect(() => new RunLedger({ limits: { profile: "default" } as never })).toThrow(/limits\.availableEniMaxIps/);
  });
});
