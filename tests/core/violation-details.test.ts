// Violations carry their numbers (zod-style issue fields): a tool reads the limit, the total, what
// the ENI or group holds, what this and earlier declarations add, the other declaration of a
// duplicate, the holder of an address in use, without parsing a message.
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { account, addresses, count, eni, instance, list, run, securityGroup, vSwitch } from "./fixtures";

describe("violation details", () => {
  it("gives a limit violation its total, limit, source and the three parts of the sum", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 6) })] });
    const r = run([count("a", "eni-x", 2), list("b", "eni-x", ["10.0.0.100", "10.0.0.101"])], facts);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]).toMatchObject({
      code: "eni_ip_limit",
      declaration: "b",
      property: "privateIpAddresses",
      detail: { total: 11, limit: 10, limitSource: "ENI is Available; default profile", current: 7, earlier: 2, adds: 2, knob: "ENI_IPS_AVAILABLE_ENI_MAX_IPS" },
    });
  });

  it("gives a group quota violation its group and numbers", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", securityGroupIds: ["sg-full"] })], securityGroups: [securityGroup("sg-full", "normal", 1999)] });
    const r = run([count("a", "eni-x", 2)], facts, resolveLimits({ env: { ENI_IPS_BASIC_SG_MAX_IPS: "2000" } }));
    expect(r.violations[0]).toMatchObject({
      code: "security_group_quota",
      detail: { securityGroupId: "sg-full", total: 2001, limit: 2000, limitSource: "env ENI_IPS_BASIC_SG_MAX_IPS", current: 1999, earlier: 0, adds: 2 },
    });
  });

  it("gives an exhausted vSwitch what was needed, what is free and what the run took", () => {
    const facts = account({ enis: [eni("eni-a", { primary: "10.3.0.1", vSwitchId: "vsw-tiny" }), eni("eni-b", { primary: "10.3.0.2", vSwitchId: "vsw-tiny" })], vSwitches: [vSwitch("vsw-tiny", "10.3.0.0/29")] });
    const r = run([count("a", "eni-a", 1), count("b", "eni-b", 2)], facts);
    expect(r.violations[0]).toMatchObject({ code: "vswitch_exhausted", declaration: "b", detail: { vSwitchId: "vsw-tiny", cidrBlock: "10.3.0.0/29", needed: 2, free: 1, earlier: 1 } });
  });

  it("names the other declaration of a duplicate, and none for one listed twice", () => {
    const r = run([list("a", "eni-avail", ["10.0.0.100"]), list("b", "eni-bound", ["10.0.0.100", "10.0.0.101", "10.0.0.101"])]);
    expect(r.violations.map((v) => v.detail)).toEqual([{ address: "10.0.0.100", otherDeclaration: "a" }, { address: "10.0.0.101" }]);
  });

  it("names where an address is, and where the vSwitch's usable range is", () => {
    const facts = account({ enis: [eni("eni-avail", { primary: "10.0.0.10", secondaries: ["10.0.0.11"] }), eni("eni-other", { primary: "10.0.0.40" })] });
    const r = run([list("a", "eni-avail", ["10.0.0.40", "10.0.0.11", "10.0.0.10", "10.0.1.1", "10.0.0.254", "1.2.3"])], facts);
    expect(r.violations.map((v) => [v.code, v.detail])).toEqual([
      ["ip_in_use", { address: "10.0.0.40", holder: "eni-other", holderAddress: "primary", thisEni: false }],
      ["ip_in_use", { address: "10.0.0.11", holder: "eni-avail", holderAddress: "secondary", thisEni: true }],
      ["ip_in_use", { address: "10.0.0.10", holder: "eni-avail", holderAddress: "primary", thisEni: true }],
      ["outside_vswitch_cidr", { address: "10.0.1.1", vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/24", usableRange: "10.0.0.1-10.0.0.252" }],
      ["reserved_ip", { address: "10.0.0.254", vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/24", usableRange: "10.0.0.1-10.0.0.252" }],
      ["invalid_ip", { index: 5 }],
    ]);
  });

  it("gives states and arguments their own detail", () => {
    const facts = account({
      enis: [eni("eni-att", { primary: "10.0.0.40", status: "Attaching" }), eni("eni-prim", { primary: "10.0.0.50", instanceId: "i-s", type: "Primary" })],
      instances: [instance("i-s", "ecs.g6.large", "Starting")],
    });
    const r = run([count("a", "eni-att", 1), count("b", "eni-prim", 1), { name: "c", networkInterfaceId: "eni-prim" }, list("d", "eni-prim", [], { secondaryPrivateIpAddressCount: 1 })], facts);
    expect(r.violations.map((v) => [v.declaration, v.code, v.detail])).toEqual([
      ["a", "eni_state", { status: "Attaching" }],
      ["b", "instance_state", { instanceId: "i-s", status: "Starting" }],
      ["c", "instance_state", { instanceId: "i-s", status: "Starting" }],
      ["c", "conflicting_args", { given: "neither" }],
      ["d", "instance_state", { instanceId: "i-s", status: "Starting" }],
      ["d", "conflicting_args", { given: "both" }],
    ]);
  });

  it("gives the core's warnings their detail too", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", instanceId: "i-x", securityGroupIds: ["sg-gone"] })], instances: [instance("i-x", "ecs.nope")] });
    const r = run([count("a", "eni-x", 1)], facts);
    expect(r.warnings.map((w) => [w.code, w.detail])).toEqual([
      ["unknown_instance_type", { instanceId: "i-x", instanceType: "ecs.nope", limit: 20, limitSource: "per-ENI cap; default profile" }],
      ["unknown_security_group", { securityGroupId: "sg-gone" }],
    ]);
  });
});
