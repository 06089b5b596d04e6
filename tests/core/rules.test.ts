// The rule table and the wording contract: stable numbers 1-15 in the README's code order, and every
// violation message carries its declaration, value and "[rule N (code)]" tag.
import { describe, expect, it } from "vitest";
import { RULE_LIST, RULES } from "../../src/core/rules";
import type { ViolationCode } from "../../src/core/types";
import { UNKNOWN } from "../../src/core/types";
import { account, addresses, count, eni, instance, list, prefixCount, prefixes, run, securityGroup, vSwitch } from "./fixtures";

const README_ORDER: ViolationCode[] = [
  "invalid_ip",
  "duplicate_ip",
  "outside_vswitch_cidr",
  "reserved_ip",
  "ip_in_use",
  "conflicting_args",
  "invalid_count",
  "eni_not_found",
  "eni_state",
  "instance_state",
  "eni_ip_limit",
  "security_group_quota",
  "vswitch_exhausted",
  "invalid_input",
  "guest_agent_unavailable",
  "invalid_prefix",
  "prefix_unavailable",
];
/** Rules 14 and 15 judge a resource's own inputs and its instance's agent (the provider's); validate() judges the others. */
const DECLARATION_RULES = README_ORDER.filter((c) => c !== "invalid_input" && c !== "guest_agent_unavailable");

describe("RULES", () => {
  it("numbers the seventeen codes 1..17 in the README's order", () => {
    expect(Object.keys(RULES).sort()).toEqual([...README_ORDER].sort());
    README_ORDER.forEach((code, i) => {
      expect(RULES[code]).toMatchObject({ number: i + 1, code });
      expect(RULES[code].title.length).toBeGreaterThan(3);
      expect(RULES[code].description.length).toBeGreaterThan(10);
    });
    expect(RULE_LIST.map((r) => r.code)).toEqual(README_ORDER);
  });
});

describe("messages", () => {
  // One run that triggers every rule once.
  const facts = account({
    enis: [
      eni("eni-avail", { primary: "10.0.0.10", secondaries: ["10.0.0.11"] }),
      eni("eni-full", { primary: "10.0.0.20", secondaries: addresses("10.0.0.21", 9) }),
      eni("eni-att", { primary: "10.0.0.40", status: "Attaching" }),
      eni("eni-prim", { primary: "10.0.0.50", instanceId: "i-starting", type: "Primary" }),
      eni("eni-sg", { primary: "10.0.0.60", securityGroupIds: ["sg-full"] }),
      eni("eni-tiny", { primary: "10.3.0.1", vSwitchId: "vsw-tiny" }),
      eni("eni-res", { primary: "10.4.0.5", vSwitchId: "vsw-res", prefixes: ["10.4.0.64/28"] }),
    ],
    vSwitches: [
      vSwitch("vsw-a", "10.0.0.0/24"),
      vSwitch("vsw-tiny", "10.3.0.0/29"),
      vSwitch("vsw-res", "10.4.0.0/24", { cidrReservations: [{ vSwitchCidrReservationId: "vcr-1", cidrBlock: "10.4.0.64/27" }] }),
    ],
    instances: [instance("i-starting", "ecs.g6.large", "Starting")],
    securityGroups: [securityGroup("sg-basic", "normal"), securityGroup("sg-full", "normal", 2000)],
  });
  const r = run(
    [
      list("d-invalid", "eni-avail", ["10.0.0.1/24"]),
      list("d-dup", "eni-avail", ["10.0.0.100", "10.0.0.100"]),
      list("d-outside", "eni-avail", ["10.9.0.1"]),
      list("d-reserved", "eni-avail", ["10.0.0.255"]),
      list("d-inuse", "eni-avail", ["10.0.0.11"]),
      list("d-both", "eni-avail", ["10.0.0.101"], { secondaryPrivateIpAddressCount: 1 }),
      count("d-count", "eni-avail", 0),
      count("d-missing", "eni-nope", 1),
      count("d-state", "eni-att", 1),
      count("d-instance", "eni-prim", 1),
      count("d-limit", "eni-full", 3),
      count("d-sg", "eni-sg", 1),
      count("d-vsw", "eni-tiny", 4),
      list("d-unknown", UNKNOWN, ["10.0.0.102"]),
      prefixes("d-prefix", "eni-avail", ["10.0.0.71/28"]),
      prefixCount("d-prefix-free", "eni-res", 2),
    ],
    facts,
  );

  it("covers every rule in the fixture run", () => {
    expect(new Set(r.violations.map((v) => v.code))).toEqual(new Set(DECLARATION_RULES));
  });

  it("names the declaration and tags each message with its rule number and code", () => {
    for (const v of r.violations) {
      expect(v.message.startsWith(`${v.declaration}: `), v.message).toBe(true);
      expect(v.message, v.message).toContain(`[rule ${RULES[v.code].number} (${v.code})]`);
      expect(v.rule).toBe(RULES[v.code].number);
      // Something to do follows the tag.
      expect(v.message.split("]").pop()!.trim().length, v.message).toBeGreaterThan(10);
    }
  });

  it("prints the total, the limit and its source for limit rules", () => {
    const limit = r.violations.find((v) => v.code === "eni_ip_limit")!;
    expect(limit.message).toContain("eni-full to 13 ");
    expect(limit.message).toContain("limit of 10 (ENI is Available; default profile)");
    const sg = r.violations.find((v) => v.code === "security_group_quota")!;
    expect(sg.message).toContain("2001");
    expect(sg.message).toContain("default profile");
  });

  it("prints the offending value", () => {
    for (const v of r.violations) {
      if (typeof v.value === "string") expect(v.message, v.message).toContain(v.value);
    }
  });
});
