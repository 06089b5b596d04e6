// Malformed facts never make a rule skip silently: validate() and the ledger throw a FactsError that
// names the fact (its path and id) and its value, before any rule runs.
import { describe, expect, it } from "vitest";
import { FactsError } from "../../src/core/facts-check";
import { FactsIndex } from "../../src/core/facts-index";
import type { AccountFacts } from "../../src/core/types";
import { account, count, eni, list, run, vSwitch } from "./fixtures";

function thrown(f: () => unknown): FactsError {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(FactsError);
    return error as FactsError;
  }
  throw new Error("expected a FactsError");
}

describe("malformed facts", () => {
  it.each(["garbage", "10.0.1.0/40", "10.0.1.0", "10.0.1.0/", "300.0.0.0/24", ""])("refuses a vSwitch cidrBlock %j, naming the vSwitch", (cidrBlock) => {
    const e = thrown(() => run([list("web", "eni-avail", ["192.168.77.7", "10.0.0.255", "10.0.0.0"])], account({ vSwitches: [vSwitch("vsw-a", cidrBlock)] })));
    expect(e).toMatchObject({ name: "FactsError", code: "invalid_fact", path: "facts.vSwitches[0] (vsw-a).cidrBlock", value: cidrBlock });
    expect(e.message).toContain("vsw-a");
    expect(e.message).toContain(JSON.stringify(cidrBlock));
  });

  it("refuses an ENI prefix that is not an aligned /28 or is listed twice, and a reservation that is not a CIDR block", () => {
    const withPrefixes = (ipv4Prefixes: unknown) => account({ enis: [{ ...eni("eni-x", { primary: "10.0.0.10" }), ipv4Prefixes } as never] });
    expect(thrown(() => run([count("c", "eni-x", 1)], withPrefixes(["10.0.0.72/28"]))).path).toBe("facts.enis[0] (eni-x).ipv4Prefixes[0]");
    expect(thrown(() => run([count("c", "eni-x", 1)], withPrefixes(["10.0.0.64/28", "10.0.0.64/28"]))).message).toContain("listed twice");
    expect(thrown(() => run([count("c", "eni-x", 1)], withPrefixes("10.0.0.64/28"))).path).toBe("facts.enis[0] (eni-x).ipv4Prefixes");
    const reservations = (cidrReservations: unknown) => account({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24", { cidrReservations } as never)] });
    expect(thrown(() => run([count("c", "eni-avail", 1)], reservations([{ vSwitchCidrReservationId: "vcr-1", cidrBlock: "10.0.0.65/26" }]))).path).toBe(
      "facts.vSwitches[0] (vsw-a).cidrReservations[0].cidrBlock",
    );
    expect(thrown(() => run([count("c", "eni-avail", 1)], reservations([{ cidrBlock: "10.0.0.64/26" }]))).path).toBe("facts.vSwitches[0] (vsw-a).cidrReservations[0].vSwitchCidrReservationId");
    const ipv6 = account({ enis: [{ ...eni("eni-x", { primary: "10.0.0.10" }), ipv6AddressCount: -2 }] });
    expect(thrown(() => run([count("c", "eni-x", 1)], ipv6)).path).toBe("facts.enis[0] (eni-x).ipv6AddressCount");
  });

  it("refuses an ENI address that is not an IPv4 address, naming the ENI and the index", () => {
    const bad = { ...eni("eni-x", { primary: "10.0.0.10" }), privateIpAddresses: ["10.0.0.10", "10.0.0.300"] };
    const e = thrown(() => run([list("web", "eni-x", ["10.0.0.5"])], account({ enis: [bad] })));
    expect(e).toMatchObject({ code: "invalid_fact", path: "facts.enis[0] (eni-x).privateIpAddresses[1]", value: "10.0.0.300" });
  });

  it("refuses a primary address that is not an IPv4 address, and counts one not known yet", () => {
    const e = thrown(() => run([list("web", "eni-x", ["10.0.0.5"])], account({ enis: [{ ...eni("eni-x", { primary: "10.0.0.10" }), primaryIpAddress: "10.0.0" }] })));
    expect(e.path).toBe("facts.enis[0] (eni-x).primaryIpAddress");
    // An ENI a plan creates: the cloud assigns its primary, which is counted all the same.
    const planned = { ...eni("eni-new", { primary: "10.0.0.10" }), primaryIpAddress: "", privateIpAddresses: [] };
    expect(run([count("web", "eni-new", 2)], account({ enis: [planned] })).usage.enis[0]!.used).toBe(3);
  });

  it("refuses counts that are not whole numbers, and ids that are not strings", () => {
    expect(thrown(() => run([], account({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24", { availableIpAddressCount: -1 })] }))).path).toBe(
      "facts.vSwitches[0] (vsw-a).availableIpAddressCount",
    );
    expect(thrown(() => run([], account({ securityGroups: [{ securityGroupId: "sg-x", securityGroupType: "normal", privateIpAddressCount: 1.5 }] }))).path).toBe(
      "facts.securityGroups[0] (sg-x).privateIpAddressCount",
    );
    expect(thrown(() => run([], account({ instanceTypes: [{ instanceTypeId: "t", eniPrivateIpAddressQuantity: Number.NaN }] }))).path).toBe(
      "facts.instanceTypes[0] (t).eniPrivateIpAddressQuantity",
    );
    expect(thrown(() => run([], account({ enis: [{ ...eni("eni-x", { primary: "10.0.0.10" }), networkInterfaceId: 7 as never }] }))).path).toBe(
      "facts.enis[0].networkInterfaceId",
    );
    expect(thrown(() => run([], account({ enis: [{ ...eni("eni-x", { primary: "10.0.0.10" }), securityGroupIds: ["sg-1", ""] }] }))).path).toBe(
      "facts.enis[0] (eni-x).securityGroupIds[1]",
    );
  });

  it("refuses a list of facts that is not a list, and facts that are not an object", () => {
    expect(thrown(() => run([], { ...account(), enis: "eni-x" as never })).path).toBe("facts.enis");
    expect(thrown(() => run([], null as never))).toMatchObject({ code: "invalid_facts", path: "facts" });
  });

  it("refuses the same id twice in one batch (which one is true cannot be known)", () => {
    const twice = account({ enis: [eni("eni-x", { primary: "10.0.0.10" }), eni("eni-x", { primary: "10.0.0.11" })] });
    expect(thrown(() => run([], twice))).toMatchObject({ code: "duplicate_fact", path: "facts.enis[1]", value: "eni-x" });
  });

  it("leaves a growing index as it was when a batch is refused", () => {
    const index = new FactsIndex(account());
    const before = index.enis.get("eni-avail");
    const batch: Partial<AccountFacts> = { enis: [eni("eni-avail", { primary: "10.0.0.99" }), eni("eni-new", { primary: "10.0.0.98" }), eni("eni-new", { primary: "10.0.0.97" })] };
    expect(thrown(() => index.add(batch)).code).toBe("duplicate_fact");
    expect(index.enis.get("eni-avail")).toBe(before);
    expect(index.enis.get("eni-new")).toBeUndefined();
    expect(thrown(() => index.add({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24"), vSwitch("vsw-b", "garbage")] })).path).toBe("facts.vSwitches[1] (vsw-b).cidrBlock");
    expect(index.vSwitch("vsw-b")).toBeUndefined();
  });

  it("still accepts an ENI whose list forgot its primary (the primary is counted anyway)", () => {
    const forgot = { ...eni("eni-x", { primary: "10.0.0.10", secondaries: ["10.0.0.11"] }), privateIpAddresses: ["10.0.0.11"] };
    expect(run([list("web", "eni-x", ["10.0.0.12"])], account({ enis: [forgot] })).usage.enis[0]!.used).toBe(3);
  });
});
