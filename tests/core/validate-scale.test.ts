// validate() at the mission's scale: 10,000 declarations against 20,000 ENIs and 200,000 addresses
// must give exactly the violations the workload plants. Speed is measured in bench/core.js
// (`npm run bench`), never asserted here: timings on a shared CI machine are noise.
import { describe, expect, it } from "vitest";
import { intToIpv4, ipv4ToInt } from "../../src/core/address";
import { resolveLimits } from "../../src/core/limits";
import type { AccountFacts, Declaration, EniFacts } from "../../src/core/types";
import { validate } from "../../src/core/validate";

function workload(): { facts: AccountFacts; declarations: Declaration[] } {
  const enis: EniFacts[] = [];
  const vSwitches = [];
  const base = ipv4ToInt("10.0.0.0");
  for (let k = 0; k < 100; k++) vSwitches.push({ vSwitchId: `vsw-${k}`, cidrBlock: `${intToIpv4(base + k * 4096)}/20` });
  for (let e = 0; e < 20_000; e++) {
    const k = Math.floor(e / 200);
    const start = base + k * 4096 + 1 + (e % 200) * 20;
    const addrs = Array.from({ length: 10 }, (_, i) => intToIpv4(start + i));
    enis.push({
      networkInterfaceId: `eni-${e}`,
      status: "InUse",
      type: "Secondary",
      vSwitchId: `vsw-${k}`,
      instanceId: `i-${e}`,
      securityGroupIds: [`sg-${Math.floor(e / 100)}`],
      primaryIpAddress: addrs[0]!,
      privateIpAddresses: addrs,
    });
  }
  const declarations: Declaration[] = [];
  for (let d = 0; d < 10_000; d++) {
    const e = d * 2;
    const start = ipv4ToInt(enis[e]!.primaryIpAddress) + 10;
    declarations.push(
      d % 2 === 0
        ? { name: `d-${d}`, networkInterfaceId: `eni-${e}`, privateIpAddresses: [intToIpv4(start), d % 100 === 0 ? "bad" : intToIpv4(start + 1)] }
        : { name: `d-${d}`, networkInterfaceId: `eni-${e}`, secondaryPrivateIpAddressCount: d % 100 === 1 ? 11 : 2 },
    );
  }
  return {
    facts: {
      enis,
      vSwitches,
      instances: enis.map((x) => ({ instanceId: x.instanceId!, status: "Running", instanceType: "ecs.c7.4xlarge" })),
      instanceTypes: [{ instanceTypeId: "ecs.c7.4xlarge", eniPrivateIpAddressQuantity: 30 }],
      securityGroups: Array.from({ length: 200 }, (_, i) => ({ securityGroupId: `sg-${i}`, securityGroupType: "normal" })),
    },
    declarations,
  };
}

describe("validate at scale", () => {
  it("judges 10,000 declarations against 20,000 ENIs and 200,000 addresses and finds exactly the planted violations", () => {
    const { facts, declarations } = workload();
    const limits = resolveLimits();
    const r = validate({ facts, declarations, limits });
    // 100 invalid lists; 100 counts of 11 on 10-address ENIs (21 > the 20 cap).
    const byCode = new Map<string, number>();
    for (const v of r.violations) byCode.set(v.code, (byCode.get(v.code) ?? 0) + 1);
    expect(Object.fromEntries(byCode)).toEqual({ invalid_ip: 100, eni_ip_limit: 100 });
    expect(r.usage.enis).toHaveLength(10_000);
  });
});
