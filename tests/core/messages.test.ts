// One formatter renders every message from a problem's code and detail: the message a violation
// carries is exactly what formatMessage makes of its data, values read as the user wrote them, and
// the new rule 14 reads like the others.
import { describe, expect, it } from "vitest";
import { closestName } from "../../src/core/closest-name";
import { formatMessage } from "../../src/core/messages";
import { showValue } from "../../src/core/show-value";
import { RULES } from "../../src/core/rules";
import { UNKNOWN } from "../../src/core/types";
import { guestAgentUnavailable, invalidInput } from "../../src/core/violation";
import { account, addresses, count, eni, list, run } from "./fixtures";

describe("formatMessage", () => {
  it("renders from the detail exactly the message the core attached", () => {
    const r = run(
      [
        list("a", "eni-avail", ["10.0.0.100", "10.0.0.100", "bad", "10.0.1.5", "10.0.0.255", "10.0.0.20", "10.0.0.10"]),
        list("b", "eni-bound", ["10.0.0.100"], { secondaryPrivateIpAddressCount: 1 }),
        count("c", "eni-avail", 12),
        count("d", "eni-missing", 0),
        { name: "e", networkInterfaceId: "eni-avail", privateIpAddresses: "10.0.0.5" as never },
        { name: "f", networkInterfaceId: UNKNOWN, privateIpAddresses: [UNKNOWN] },
      ],
      account(),
    );
    expect(r.violations.length).toBeGreaterThan(8);
    for (const v of r.violations) {
      expect(v.detail, v.code).toBeDefined();
      expect(formatMessage({ ...v, message: "stale" })).toBe(v.message);
    }
    for (const w of r.warnings) expect(formatMessage({ ...w, message: "stale" })).toBe(w.message);
  });

  it("keeps the message of a problem built without a detail", () => {
    expect(formatMessage({ code: "eni_not_found", rule: 8, declaration: "d", property: "networkInterfaceId", message: "custom" })).toBe("custom");
    expect(formatMessage({ code: "stale_snapshot", message: "snapshot is 3 days old" })).toBe("snapshot is 3 days old");
  });

  it("shows non-finite counts as themselves, not as null", () => {
    for (const [n, shown] of [
      [Number.POSITIVE_INFINITY, "Infinity"],
      [Number.NEGATIVE_INFINITY, "-Infinity"],
      [Number.NaN, "NaN"],
    ] as const) {
      const v = run([count("web", "eni-avail", n)]).violations[0]!;
      expect(v).toMatchObject({ code: "invalid_count", detail: { reason: "not_finite" } });
      expect(v.message).toContain(`secondaryPrivateIpAddressCount ${shown} is not a whole number of at least 1`);
    }
    expect(showValue(-0)).toBe("-0");
  });

  it("calls a count past 2^53 - 1 too large, not a fraction", () => {
    const v = run([count("web", "eni-avail", 2 ** 53 + 1)]).violations[0]!;
    expect(v).toMatchObject({ code: "invalid_count", detail: { reason: "too_large" } });
    expect(v.message).toContain("secondaryPrivateIpAddressCount 9007199254740992 is too large to be a count");
    expect(v.message).not.toContain("not a whole number");
  });

  it("tells apart the other ways a count is not a count", () => {
    const reasons = ["3", 1.5, 0, -4].map((n) => run([count("web", "eni-avail", n)]).violations[0]!.detail);
    expect(reasons).toEqual([{ reason: "not_a_number" }, { reason: "not_whole" }, { reason: "below_one" }, { reason: "below_one" }]);
  });
});

describe("rule 14 invalid_input", () => {
  it("names a value of the wrong type and what fits", () => {
    const v = invalidInput("web", "adoptExisting", "yes", { reason: "wrong_type", expected: "true or false" });
    expect(v).toMatchObject({ code: "invalid_input", rule: 14, declaration: "web", property: "adoptExisting", value: "yes" });
    expect(v.message).toBe(`web: adoptExisting "yes" is not valid: expected true or false [rule 14 (invalid_input)]. Change adoptExisting to true or false.`);
  });

  it("names a missing input", () => {
    const v = invalidInput("web", "regionId", undefined, { reason: "missing", expected: "a region id such as cn-hangzhou, or ALIBABA_CLOUD_REGION_ID" });
    expect(v.message).toContain("web: regionId is not set: expected a region id such as cn-hangzhou");
    expect(v.message).toContain(`[rule ${RULES.invalid_input.number} (invalid_input)]`);
  });

  it("names an unknown input with the closest known one", () => {
    const known = ["networkInterfaceId", "privateIpAddresses", "secondaryPrivateIpAddressCount", "adoptExisting", "limits"];
    const v = invalidInput("web", "adoptExisitng", true, { reason: "unknown_input", known });
    expect(v.detail).toEqual({ reason: "unknown_input", known, closest: "adoptExisting" });
    expect(v.message).toContain("web: adoptExisitng is not an input of this resource [rule 14 (invalid_input)]. Did you mean adoptExisting?");
    expect(invalidInput("web", "colour", 1, { reason: "unknown_input", known }).message).not.toContain("Did you mean");
  });
});

describe("rule 15 guest_agent_unavailable", () => {
  it("puts an agent problem on applyGuestConfig, with the instance and the way out", () => {
    const v = guestAgentUnavailable("web", "eni-x", { reason: "agent_not_running", instanceId: "i-x" });
    expect(v).toMatchObject({ code: "guest_agent_unavailable", rule: 15, declaration: "web", networkInterfaceId: "eni-x", property: "applyGuestConfig", value: true });
    expect(v.detail).toEqual({ reason: "agent_not_running", instanceId: "i-x" });
    expect(v.message).toContain("web: applyGuestConfig needs the Cloud Assistant agent of i-x (the instance of eni-x), which is not running");
    expect(v.message).toContain("[rule 15 (guest_agent_unavailable)]");
    expect(v.message).toContain("applyGuestConfig: false");
  });

  it("says when the ENI is bound to no instance, or the agent is not reported", () => {
    const none = guestAgentUnavailable("web", "eni-x", { reason: "no_instance", eniStatus: "Available" });
    expect(none.message).toContain("eni-x is Available and bound to no instance [rule 15 (guest_agent_unavailable)]. Attach the ENI");
    const unknown = guestAgentUnavailable("web", "eni-x", { reason: "agent_unknown", instanceId: "i-y" });
    expect(unknown.message).toContain("i-y (the instance of eni-x), which DescribeCloudAssistantStatus does not report");
  });

  it("puts an OS mismatch on guestOs, naming the value and the OS reported", () => {
    const v = guestAgentUnavailable("web", "eni-x", { reason: "os_mismatch", instanceId: "i-w", osType: "Windows", guestOs: "debian" });
    expect(v).toMatchObject({ property: "guestOs", value: "debian" });
    expect(v.message).toContain("guestOs debian renders a shell script, but Cloud Assistant reports i-w (the instance of eni-x) as Windows [rule 15 (guest_agent_unavailable)]");
  });
});

describe("closestName", () => {
  it("finds a swap, a missing letter or a wrong case, and nothing for a different word", () => {
    const known = ["adoptExisting", "limits", "regionId", "guestOs"];
    expect(closestName("adoptExisitng", known)).toBe("adoptExisting");
    expect(closestName("limit", known)).toBe("limits");
    expect(closestName("regionID", known)).toBe("regionId");
    expect(closestName("guestOS", known)).toBe("guestOs");
    expect(closestName("zone", known)).toBeUndefined();
  });
});

describe("messages read as before", () => {
  it("words a limit exactly as the release before the ledger did", () => {
    const facts = account({ enis: [eni("eni-x", { primary: "10.0.0.10", secondaries: addresses("10.0.0.11", 8) })] });
    expect(run([count("a", "eni-x", 1), count("b", "eni-x", 1)], facts).violations[0]!.message).toBe(
      "b: secondaryPrivateIpAddressCount would bring eni-x to 11 private IPv4 addresses, over the limit of 10 (ENI is Available; default profile) [rule 11 (eni_ip_limit)]. The ENI has 9 (primary included), earlier declarations of this run add 1 and this declaration adds 1: the ENI has no room left, so remove addresses from it, use another ENI, or raise ENI_IPS_AVAILABLE_ENI_MAX_IPS if your account allows more.",
    );
  });
});
