// preview = check only: every violation code of the core reaches Pulumi as a CheckFailure through the
// real host, naming the resource, the property, the value and the rule, with zero mutating calls.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { RULES, type ViolationCode } from "../../src/core";
import { UNKNOWN_SENTINEL } from "../helpers/provider-host";
import { startProviderFixture, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;

const CASES: { code: ViolationCode; eni: string; args: Record<string, unknown>; property: string }[] = [
  { code: "invalid_ip", eni: D.eniWeb01, args: { privateIpAddresses: ["10.0.1.300"] }, property: "privateIpAddresses" },
  { code: "duplicate_ip", eni: D.eniWeb01, args: { privateIpAddresses: ["10.0.1.200", "10.0.1.200"] }, property: "privateIpAddresses" },
  { code: "outside_vswitch_cidr", eni: D.eniWeb01, args: { privateIpAddresses: ["10.0.9.5"] }, property: "privateIpAddresses" },
  { code: "reserved_ip", eni: D.eniWeb01, args: { privateIpAddresses: ["10.0.1.255"] }, property: "privateIpAddresses" },
  { code: "ip_in_use", eni: D.eniWeb01, args: { privateIpAddresses: ["10.0.1.11"] }, property: "privateIpAddresses" },
  { code: "conflicting_args", eni: D.eniWeb01, args: { privateIpAddresses: ["10.0.1.200"], secondaryPrivateIpAddressCount: 1 }, property: "secondaryPrivateIpAddressCount" },
  { code: "invalid_count", eni: D.eniWeb01, args: { secondaryPrivateIpAddressCount: 0 }, property: "secondaryPrivateIpAddressCount" },
  { code: "eni_not_found", eni: "eni-bp1doesnotexist", args: { secondaryPrivateIpAddressCount: 1 }, property: "networkInterfaceId" },
  { code: "eni_state", eni: D.eniDetaching, args: { secondaryPrivateIpAddressCount: 1 }, property: "networkInterfaceId" },
  { code: "instance_state", eni: D.eniStarting, args: { secondaryPrivateIpAddressCount: 1 }, property: "networkInterfaceId" },
  { code: "eni_ip_limit", eni: D.eniWeb02Full, args: { secondaryPrivateIpAddressCount: 1 }, property: "secondaryPrivateIpAddressCount" },
  { code: "security_group_quota", eni: D.eniFleetSpareSecondary, args: { secondaryPrivateIpAddressCount: 11 }, property: "secondaryPrivateIpAddressCount" },
  { code: "vswitch_exhausted", eni: D.eniSmallB, args: { secondaryPrivateIpAddressCount: 3 }, property: "secondaryPrivateIpAddressCount" },
];

describe("preview: every violation is a check failure, before any API call", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture(); // the demo seed: it has an ENI for every rule
  });
  afterAll(async () => f?.close());
  // One run for all cases: failing checks add no demand, so no case affects another.

  it("covers every violation code of the core's declaration rules, all 13, each on the plain demo seed", () => {
    // Rule 14 (invalid_input) judges the resource's own inputs, rule 15 its instance's agent
    // (guest-apply.test.ts), not a declaration. Rules 16 and 17 judge IPv4 prefixes, which the address
    // resource does not take.
    const declarationCodes = Object.keys(RULES).filter((code) => !["invalid_input", "guest_agent_unavailable", "invalid_prefix", "prefix_unavailable"].includes(code));
    expect(declarationCodes).toHaveLength(13);
    expect(CASES).toHaveLength(13);
    expect(new Set(CASES.map((c) => c.code))).toEqual(new Set(declarationCodes));
  });

  for (const c of CASES) {
    it(`reports ${c.code} as rule ${RULES[c.code].number} on ${c.property}`, async () => {
      const name = `web-${c.code}`;
      const res = await f.host.check(f.urn(name), {}, f.inputs(name, { networkInterfaceId: c.eni, ...c.args }));
      const failure = res.failures.find((x) => x.reason.includes(`rule ${RULES[c.code].number} (${c.code})`));
      expect(failure, JSON.stringify(res.failures)).toBeDefined();
      expect(failure!.property).toBe(c.property);
      expect(failure!.reason).toContain(name);
      expect(failure!.reason).toContain(c.property);
      expect(f.em.emulator.callCounts().mutations).toBe(0);
    });
  }

  it("passes a valid declaration and names the value in failures", async () => {
    const ok = await f.host.check(f.urn("ok"), {}, f.inputs("ok", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.200"] }));
    expect(ok.failures).toEqual([]);
    const bad = await f.host.check(f.urn("bad"), {}, f.inputs("bad", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.11"] }));
    expect(bad.failures[0]!.reason).toContain("10.0.1.11");
    expect(f.em.emulator.callCounts().mutations).toBe(0);
  });

  it("tolerates unknown inputs and never treats the sentinel as an address", async () => {
    const unknownEni = await f.host.check(f.urn("u1"), {}, f.inputs("u1", { networkInterfaceId: UNKNOWN_SENTINEL, privateIpAddresses: ["10.0.1.200"] }));
    expect(unknownEni.failures).toEqual([]);
    const unknownElement = await f.host.check(f.urn("u2"), {}, f.inputs("u2", { networkInterfaceId: D.eniWeb01, privateIpAddresses: [UNKNOWN_SENTINEL, "10.0.1.201"] }));
    expect(unknownElement.failures).toEqual([]);
    const unknownCount = await f.host.check(f.urn("u3"), {}, f.inputs("u3", { networkInterfaceId: D.eniWeb01, secondaryPrivateIpAddressCount: UNKNOWN_SENTINEL }));
    expect(unknownCount.failures).toEqual([]);
    // Known parts are still judged while the ENI is unknown.
    const stillBad = await f.host.check(f.urn("u4"), {}, f.inputs("u4", { networkInterfaceId: UNKNOWN_SENTINEL, privateIpAddresses: ["10.0.1.300"] }));
    expect(stillBad.failures.map((x) => x.property)).toEqual(["privateIpAddresses"]);
    // Unknown elements still count as demand: 13 unknown + 3 on a 15-IP ENI breaks rule 11.
    const many = Array.from({ length: 13 }, () => UNKNOWN_SENTINEL);
    const tooMany = await f.host.check(f.urn("u5"), {}, f.inputs("u5", { networkInterfaceId: D.eniWeb01, privateIpAddresses: many }));
    expect(tooMany.failures.map((x) => x.reason).join()).toContain("rule 11 (eni_ip_limit)");
    expect(f.em.emulator.callCounts().mutations).toBe(0);
  });

  it("rejects bad knobs of the resource itself", async () => {
    const res = await f.host.check(
      f.urn("knobs"),
      {},
      f.inputs("knobs", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.200"], guestOs: "beos", limits: { eniMaxIps: -1, bogus: 3 }, adoptExisting: "yes" }),
    );
    expect(res.failures.map((x) => x.property).sort()).toEqual(["adoptExisting", "guestOs", "limits.bogus", "limits.eniMaxIps"]);
    for (const x of res.failures) expect(x.reason).toMatch(/^knobs: .*\[rule 14 \(invalid_input\)\]/);
    const reason = (p: string) => res.failures.find((x) => x.property === p)!.reason;
    expect(reason("adoptExisting")).toContain('adoptExisting "yes" is not valid: expected true or false');
    expect(reason("limits.eniMaxIps")).toContain("limits.eniMaxIps -1 is not valid");
    expect(reason("limits.bogus")).toContain("limits.bogus is not an input of this resource");
    expect(f.em.emulator.callCounts().mutations).toBe(0);
  });

  it("refuses an input the resource does not have, naming the closest known one", async () => {
    const res = await f.host.check(f.urn("typo"), {}, f.inputs("typo", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.220"], adoptExisitng: true }));
    expect(res.failures).toHaveLength(1);
    expect(res.failures[0]!.property).toBe("adoptExisitng");
    expect(res.failures[0]!.reason).toMatch(/^typo: adoptExisitng is not an input of this resource \[rule 14 \(invalid_input\)\]\. Did you mean adoptExisting\?/);
    // A failed check adds no demand: the address is still free for another resource of the run.
    const other = await f.host.check(f.urn("typo2"), {}, f.inputs("typo2", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.220"] }));
    expect(other.failures).toEqual([]);
  });

  it("applies per-resource limit overrides", async () => {
    // eni-bp1demofree is Available with 1 address: 3 more fit the default 10, not an override of 3.
    const args = { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 3 };
    expect((await f.host.check(f.urn("lim1"), {}, f.inputs("lim1", args))).failures).toEqual([]);
    await f.restartHost();
    const res = await f.host.check(f.urn("lim2"), {}, f.inputs("lim2", { ...args, limits: { availableEniMaxIps: 3 } }));
    expect(res.failures.map((x) => x.reason).join()).toContain("rule 11 (eni_ip_limit)");
  });
});
