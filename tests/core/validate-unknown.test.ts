// Unknown inputs (Pulumi preview): rules needing them are skipped, never guessed, and a warning says so.
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../src/core/types";
import { account, addresses, blame, codes, count, eni, list, run, warningCodes } from "./fixtures";

const nine = () => account({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 8) })] });

describe("unknown inputs", () => {
  it("skips every ENI rule for an unknown ENI id but still judges syntax and the arguments", () => {
    const r = run([list("web", UNKNOWN, ["10.0.0.1/24", ...addresses("10.9.0.1", 30)])]);
    expect(codes(r)).toEqual(["invalid_ip"]);
    expect(r.violations[0]!.networkInterfaceId).toBeUndefined();
    expect(warningCodes(r)).toEqual(["unknown_input"]);
    expect(codes(run([{ name: "web", networkInterfaceId: UNKNOWN }]))).toEqual(["conflicting_args"]);
  });

  it("skips the address rules for an unknown list, and takes no demand from it", () => {
    const r = run([{ name: "web", networkInterfaceId: "eni-x", privateIpAddresses: UNKNOWN }, count("next", "eni-x", 1)], nine());
    expect(codes(r)).toEqual([]);
    expect(warningCodes(r)).toEqual(["unknown_input"]);
  });

  it("still refuses an unknown list given together with a count", () => {
    expect(codes(run([{ name: "web", networkInterfaceId: "eni-x", privateIpAddresses: UNKNOWN, secondaryPrivateIpAddressCount: 1 }], nine()))).toEqual([
      "conflicting_args",
    ]);
  });

  it("skips the count rules for an unknown count", () => {
    const r = run([count("web", "eni-x", UNKNOWN)], nine());
    expect(codes(r)).toEqual([]);
    expect(warningCodes(r)).toEqual(["unknown_input"]);
  });

  it("never treats an unknown element as an address, but counts it as one more address for the limits", () => {
    const ok = run([list("web", "eni-x", ["10.0.0.100", UNKNOWN])], account({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 7) })] }));
    expect(codes(ok)).toEqual([]);
    expect(warningCodes(ok)).toEqual(["unknown_input"]);
    expect(ok.usage.enis[0]!.used).toBe(10);
    const r = run([list("web", "eni-x", ["10.0.0.100", UNKNOWN])], nine());
    expect(codes(r)).toEqual(["eni_ip_limit"]);
  });

  it("lets later declarations see the demand of unknown elements", () => {
    const r = run([list("a", "eni-x", [UNKNOWN]), count("b", "eni-x", 1)], nine());
    expect(blame(r)).toEqual(["b:eni_ip_limit"]);
  });
});

describe("incomplete facts", () => {
  it("warns and skips the vSwitch rules when the vSwitch is missing, but still knows the ENI's own addresses", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: ["10.0.0.11"] })], vSwitches: [] });
    const r = run([list("web", "eni-x", ["172.16.0.5", "10.0.0.11"])], facts);
    expect(codes(r)).toEqual(["ip_in_use"]);
    expect(warningCodes(r)).toEqual(["unknown_vswitch"]);
  });

  it("warns and skips the quota of a security group missing from the facts", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", securityGroupIds: ["sg-gone"] })] });
    const r = run([count("web", "eni-x", 3)], facts);
    expect(codes(r)).toEqual([]);
    expect(warningCodes(r)).toEqual(["unknown_security_group"]);
  });
});
