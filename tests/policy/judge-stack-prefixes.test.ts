// The policy pack with IPv4 prefixes on official ENIs (`ipv4Prefixes` / `ipv4PrefixCount`), on the
// emulator's prefix account: the resource policy reports rule 16 from the inputs alone, the stack
// policy rule 17 against the account; an existing ENI asks only for the prefixes it does not hold,
// and the provider's computed address properties never make a prefix request look like both kinds.
// eni-ips's own Ipv4Prefixes resources are judged the same way, in their own input names.
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { DEMO_IDS as D, DEMO_PREFIX_IDS as P, demoSeedWithPrefixes } from "../../src/emulator";
import { accountFreeViolations } from "../../src/policy/account-free";
import { judgeStack, type StackVerdict } from "../../src/policy/judge-stack";
import { plainProps, type PlainResource } from "../../src/policy/plain-props";
import { factsReader } from "../../src/policy/stack-facts";
import { useEmulator } from "../helpers/emulator";
import { UNKNOWN, urn } from "./analyzer-host";
import { TYPES, type PackResource } from "./stacks";

const emu = useEmulator({ seed: demoSeedWithPrefixes() });
const limits = resolveLimits({});

function judge(stack: readonly PackResource[]): Promise<StackVerdict> {
  const plain: PlainResource[] = stack.map((r) => ({ urn: r.urn, type: r.type, props: plainProps(JSON.parse(JSON.stringify(r.props))), propertyDependencies: {} }));
  return judgeStack(plain, { facts: factsReader({ env: emu().env, cwd: process.cwd(), regionId: "cn-hangzhou" }), limits, regionId: "cn-hangzhou" });
}

/** The existing prefix ENI as the provider's outputs show it, asking for `prefixes`. */
function existing(prefixes: string[]): PackResource {
  const inputs = { vswitchId: P.vSwitch, securityGroupIds: [D.sgAdvanced], ipv4Prefixes: prefixes };
  const props = { ...inputs, id: P.eni, primaryIpAddress: "10.0.3.10", privateIpAddresses: [], secondaryPrivateIpAddressCount: 0, ipv4PrefixCount: prefixes.length };
  return { urn: urn(TYPES.eni, "pool"), type: TYPES.eni, inputs, props };
}

/** A new ENI in the prefix vSwitch: its inputs, the computed attributes unknown. */
function fresh(name: string, inputs: Record<string, unknown>): PackResource {
  const all = { vswitchId: P.vSwitch, securityGroupIds: [D.sgAdvanced], ...inputs };
  const props = { primaryIpAddress: UNKNOWN, privateIpAddresses: UNKNOWN, secondaryPrivateIpAddressCount: UNKNOWN, ipv4Prefixes: UNKNOWN, ipv4PrefixCount: UNKNOWN, id: UNKNOWN, ...all };
  return { urn: urn(TYPES.eni, name), type: TYPES.eni, inputs: all, props };
}

const codes = (v: StackVerdict): string[] => v.violations.map((x) => `${x.code} ${x.property}`);

describe("the policy pack with IPv4 prefixes", () => {
  it("passes an existing ENI keeping its prefix and adding one, and a new ENI asking for a free /28", async () => {
    const verdict = await judge([existing(["10.0.3.64/28", "10.0.3.80/28"]), fresh("extra", { ipv4PrefixCount: 2 })]);
    expect(verdict).toEqual({ violations: [], skipped: [] });
    expect(accountFreeViolations({ urn: "u", type: TYPES.eni, inputs: plainProps(fresh("extra", { ipv4PrefixCount: 2 }).inputs as never) }, limits)).toEqual([]);
  });

  it("stack policy: rule 17 for a prefix outside the reservations and a count with no /28 left", async () => {
    const verdict = await judge([existing(["10.0.3.64/28", "10.0.3.80/28"]), fresh("outside", { ipv4Prefixes: ["10.0.3.128/28"] }), fresh("greedy", { ipv4PrefixCount: 3 })]);
    expect(codes(verdict)).toEqual(["prefix_unavailable ipv4Prefixes", "prefix_unavailable ipv4PrefixCount"]);
    expect(verdict.violations[1]!.message).toContain("have 2 free after 1 taken by earlier declarations of this run");
  });

  it("resource policy: rule 16 from the inputs alone, left out of the stack policy", async () => {
    const bad = fresh("bad", { ipv4Prefixes: ["10.0.3.72/28"] });
    const free = accountFreeViolations({ urn: bad.urn, type: bad.type, inputs: plainProps(bad.inputs as never) }, limits);
    expect(free.map((v) => `${v.code} ${v.property} ${String(v.value)}`)).toEqual(["invalid_prefix ipv4Prefixes 10.0.3.72/28"]);
    expect(codes(await judge([bad]))).toEqual([]);
  });

  it("eni-ips's Ipv4Prefixes resources: rule 16 in the resource policy, rule 17 in the stack policy, in their own input names", async () => {
    const type = "pulumi-nodejs:dynamic/eni-ips:Ipv4Prefixes";
    const prefixes = (name: string, inputs: Record<string, unknown>): PackResource => {
      const all = { resourceName: name, networkInterfaceId: P.eni, ...inputs };
      return { urn: urn(type, name), type, inputs: all, props: all };
    };
    const bad = prefixes("bad", { prefixes: ["10.0.3.72/28"] });
    const free = accountFreeViolations({ urn: bad.urn, type: bad.type, inputs: plainProps(bad.inputs as never) }, limits);
    expect(free.map((v) => `${v.code} ${v.property} ${String(v.value)}`)).toEqual(["invalid_prefix prefixes 10.0.3.72/28"]);
    // Three /28s are free: a list of two and a count of two do not both fit; an official ENI's count counts too.
    const verdict = await judge([prefixes("pods", { prefixes: ["10.0.3.80/28", "10.0.3.96/28"] }), prefixes("pool", { prefixCount: 2 })]);
    expect(codes(verdict)).toEqual(["prefix_unavailable prefixCount"]);
    expect(verdict.violations[0]!.message).toContain("prefixCount 2 needs 2 free /28 blocks");
    expect(await judge([prefixes("pods", { prefixes: ["10.0.3.80/28"] }), prefixes("pool", { prefixCount: 2 })])).toEqual({ violations: [], skipped: [] });
  });
});
