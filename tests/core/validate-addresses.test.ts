// Rules 1-5: syntax, duplicates, vSwitch membership, reserved addresses and addresses in use.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { account, blame, codes, eni, list, run } from "./fixtures";

const invalid = readFileSync(join(__dirname, "..", "data", "ipv4-invalid.txt"), "utf8").replace(/\n$/, "").split("\n");
const invalidValues = (
  JSON.parse(readFileSync(join(__dirname, "..", "data", "ipv4-invalid-values.json"), "utf8")) as { values: unknown[] }
).values;

describe("rule 1 invalid_ip", () => {
  it("refuses every entry of the invalid corpus, with the offending value and property", () => {
    for (const bad of [...invalid, ...invalidValues]) {
      const r = run([list("web", "eni-avail", [bad])]);
      expect(codes(r), JSON.stringify(bad)).toEqual(["invalid_ip"]);
      expect(r.violations[0]).toMatchObject({ rule: 1, declaration: "web", property: "privateIpAddresses", networkInterfaceId: "eni-avail" });
      expect(r.violations[0]!.value).toEqual(bad);
    }
  });

  it("refuses a list that is not a list", () => {
    expect(codes(run([list("web", "eni-avail", [])].map((d) => ({ ...d, privateIpAddresses: "10.0.0.5" as never }))))).toEqual([
      "invalid_ip",
    ]);
  });

  it("accepts a valid address and reports only the invalid one of a mixed list", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.100"])]))).toEqual([]);
    const r = run([list("web", "eni-avail", ["10.0.0.100", "10.0.0.1/32", "10.0.0.101"])]);
    expect(codes(r)).toEqual(["invalid_ip"]);
    expect(r.violations[0]!.value).toBe("10.0.0.1/32");
  });
});

describe("rule 2 duplicate_ip", () => {
  it("refuses an address listed twice in one declaration", () => {
    const r = run([list("web", "eni-avail", ["10.0.0.100", "10.0.0.101", "10.0.0.100"])]);
    expect(codes(r)).toEqual(["duplicate_ip"]);
    expect(r.violations[0]!.value).toBe("10.0.0.100");
  });

  it("reports an address declared by two declarations on the later one", () => {
    const r = run([list("first", "eni-avail", ["10.0.0.100"]), list("second", "eni-bound", ["10.0.0.100"])]);
    expect(blame(r)).toEqual(["second:duplicate_ip"]);
  });

  it("still claims the address for a declaration that fails for another reason", () => {
    const r = run([list("first", "eni-avail", ["10.0.0.100", "bad"]), list("second", "eni-avail", ["10.0.0.100"])]);
    expect(blame(r)).toEqual(["first:invalid_ip", "second:duplicate_ip"]);
  });

  it("accepts the same address in two different VPCs' vSwitches", () => {
    const facts = account({
      enis: [eni("eni-1", { primary: "10.0.0.10" }), eni("eni-2", { primary: "10.0.0.10", vSwitchId: "vsw-other-vpc" })],
      vSwitches: [
        { vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/24" },
        { vSwitchId: "vsw-other-vpc", cidrBlock: "10.0.0.0/24" },
      ],
    });
    expect(codes(run([list("a", "eni-1", ["10.0.0.100"]), list("b", "eni-2", ["10.0.0.100"])], facts))).toEqual([]);
  });

  it("accepts distinct addresses across declarations", () => {
    expect(codes(run([list("first", "eni-avail", ["10.0.0.100"]), list("second", "eni-bound", ["10.0.0.101"])]))).toEqual([]);
  });
});

describe("rule 3 outside_vswitch_cidr", () => {
  it("refuses an address just past either end of the block", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.1.0"])]))).toEqual(["outside_vswitch_cidr"]);
    expect(codes(run([list("web", "eni-avail", ["9.255.255.255"])]))).toEqual(["outside_vswitch_cidr"]);
    expect(run([list("web", "eni-avail", ["192.168.0.5"])]).violations[0]).toMatchObject({ rule: 3, value: "192.168.0.5" });
  });

  it("accepts the first and last assignable addresses of the block", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.1", "10.0.0.252"])]))).toEqual([]);
  });
});

describe("rule 4 reserved_ip", () => {
  it("refuses the first address and each of the last three", () => {
    for (const a of ["10.0.0.0", "10.0.0.253", "10.0.0.254", "10.0.0.255"]) {
      const r = run([list("web", "eni-avail", [a])]);
      expect(codes(r), a).toEqual(["reserved_ip"]);
      expect(r.violations[0]!.rule).toBe(4);
    }
  });

  it("accepts the addresses next to the reserved ones", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.1"])]))).toEqual([]);
    expect(codes(run([list("web", "eni-avail", ["10.0.0.252"])]))).toEqual([]);
  });
});

describe("rule 5 ip_in_use", () => {
  const facts = account({
    enis: [
      eni("eni-avail", { primary: "10.0.0.10", secondaries: ["10.0.0.11", "10.0.0.12"] }),
      eni("eni-other", { primary: "10.0.0.40", secondaries: ["10.0.0.41"] }),
    ],
  });

  it("refuses an address on another ENI of the vSwitch, primary or secondary", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.41"])], facts))).toEqual(["ip_in_use"]);
    expect(codes(run([list("web", "eni-avail", ["10.0.0.40"])], facts))).toEqual(["ip_in_use"]);
    expect(codes(run([list("web", "eni-avail", ["10.0.0.41"], { adoptExisting: true })], facts))).toEqual(["ip_in_use"]);
  });

  it("refuses this ENI's primary address, even with adoptExisting or ownership claimed", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.10"])], facts))).toEqual(["ip_in_use"]);
    expect(codes(run([list("web", "eni-avail", ["10.0.0.10"], { adoptExisting: true, ownedAddresses: ["10.0.0.10"] })], facts))).toEqual([
      "ip_in_use",
    ]);
  });

  it("refuses a secondary already on this ENI unless adopted or owned", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.11"])], facts))).toEqual(["ip_in_use"]);
    expect(codes(run([list("web", "eni-avail", ["10.0.0.11"], { adoptExisting: true })], facts))).toEqual([]);
    expect(codes(run([list("web", "eni-avail", ["10.0.0.11", "10.0.0.12"], { ownedAddresses: ["10.0.0.11", "10.0.0.12"] })], facts))).toEqual([]);
  });

  it("refuses an address owned by the declaration but now on another ENI", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.41"], { ownedAddresses: ["10.0.0.41"] })], facts))).toEqual(["ip_in_use"]);
  });

  it("accepts a free address of the vSwitch", () => {
    expect(codes(run([list("web", "eni-avail", ["10.0.0.42"])], facts))).toEqual([]);
  });
});
