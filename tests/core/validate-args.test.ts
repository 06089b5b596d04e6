// Rules 6-10: list or count, the count's shape, the ENI's existence and state, the instance's state.
import { describe, expect, it } from "vitest";
import { account, codes, count, eni, instance, list, run } from "./fixtures";

describe("rule 6 conflicting_args", () => {
  it("refuses a list and a count together", () => {
    const r = run([list("web", "eni-avail", ["10.0.0.100"], { secondaryPrivateIpAddressCount: 1 })]);
    expect(codes(r)).toEqual(["conflicting_args"]);
    expect(r.violations[0]!.rule).toBe(6);
  });

  it("refuses neither a list nor a count", () => {
    expect(codes(run([{ name: "web", networkInterfaceId: "eni-avail" }]))).toEqual(["conflicting_args"]);
    expect(codes(run([{ name: "web", networkInterfaceId: "eni-avail", privateIpAddresses: null as never, secondaryPrivateIpAddressCount: null }]))).toEqual([
      "conflicting_args",
    ]);
  });

  it("accepts exactly one of them", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.100"])]))).toEqual([]);
    expect(codes(run([count("web", "eni-avail", 2)]))).toEqual([]);
  });
});

describe("rule 7 invalid_count", () => {
  it.each([[0], [-1], [1.5], ["3"], [Number.NaN], [Number.POSITIVE_INFINITY], [true], [[2]], [2 ** 53]])("refuses %j", (n) => {
    const r = run([count("web", "eni-avail", n)]);
    expect(codes(r)).toEqual(["invalid_count"]);
    expect(r.violations[0]).toMatchObject({ rule: 7, property: "secondaryPrivateIpAddressCount" });
    expect(r.violations[0]!.value).toEqual(n);
  });

  it("accepts 1, the smallest count", () => {
    expect(codes(run([count("web", "eni-avail", 1)]))).toEqual([]);
  });
});

describe("rule 8 eni_not_found", () => {
  it("refuses an ENI the account does not have, and skips the ENI rules for it", () => {
    const r = run([list("web", "eni-missing", ["10.9.9.9"])]);
    expect(codes(r)).toEqual(["eni_not_found"]);
    expect(r.violations[0]).toMatchObject({ rule: 8, property: "networkInterfaceId", value: "eni-missing", networkInterfaceId: "eni-missing" });
  });

  it("refuses an empty or non-string ENI id", () => {
    expect(codes(run([count("web", "", 1)]))).toEqual(["eni_not_found"]);
    expect(codes(run([count("web", 42 as never, 1)]))).toEqual(["eni_not_found"]);
  });

  it("still judges the address syntax of a declaration on a missing ENI", () => {
    expect(codes(run([list("web", "eni-missing", ["10.0.0.1/24"])]))).toEqual(["eni_not_found", "invalid_ip"]);
  });
});

describe("rule 9 eni_state", () => {
  it.each(["Attaching", "Detaching", "Deleting", "CreateFailed"])("refuses an ENI in state %s", (status) => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", status })] });
    const r = run([count("web", "eni-x", 1)], facts);
    expect(codes(r)).toEqual(["eni_state"]);
    expect(r.violations[0]).toMatchObject({ rule: 9, property: "networkInterfaceId", value: "eni-x" });
    expect(r.violations[0]!.message).toContain(status);
  });

  it.each(["Available", "InUse"])("accepts an ENI in state %s", (status) => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", status, ...(status === "InUse" ? { instanceId: "i-run" } : {}) })] });
    expect(codes(run([count("web", "eni-x", 1)], facts))).toEqual([]);
  });
});

describe("rule 10 instance_state", () => {
  const withInstance = (status: string) =>
    account({
      enis: [
        eni("eni-prim", { primary: "10.0.0.30", instanceId: "i-1", type: "Primary" }),
        eni("eni-sec", { primary: "10.0.0.31", instanceId: "i-1" }),
      ],
      instances: [instance("i-1", "ecs.g6.large", status)],
    });

  it.each(["Starting", "Stopping", "Pending"])("refuses a primary ENI whose instance is %s", (status) => {
    const r = run([count("web", "eni-prim", 1)], withInstance(status));
    expect(codes(r)).toEqual(["instance_state"]);
    expect(r.violations[0]).toMatchObject({ rule: 10, property: "networkInterfaceId", value: "eni-prim" });
    expect(r.violations[0]!.message).toContain(status);
  });

  it.each(["Running", "Stopped"])("accepts a primary ENI whose instance is %s", (status) => {
    expect(codes(run([count("web", "eni-prim", 1)], withInstance(status)))).toEqual([]);
  });

  it("does not judge the instance state for a secondary ENI", () => {
    expect(codes(run([count("web", "eni-sec", 1)], withInstance("Starting")))).toEqual([]);
  });

  it("warns, not fails, when the primary ENI's instance is missing from the facts", () => {
    const facts = account({ enis: [eni("eni-prim", { primary: "10.0.0.30", instanceId: "i-gone", type: "Primary" })] });
    const r = run([count("web", "eni-prim", 1)], facts);
    expect(codes(r)).toEqual([]);
    expect(r.warnings.map((w) => w.code)).toContain("unknown_instance");
  });
});
