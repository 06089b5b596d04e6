// The demand registry answers "is this address claimed", "who owns it on this ENI" and "what do the
// others own on this ENI" from indexes kept in step with its entries, instead of scanning the run.
// Random runs of checks, applies, refreshes, deletes and count picks drive it and the registry as it
// was before the indexes (kept unchanged in tests/core/oracle) side by side; after every step both
// must give the same answers.
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import * as registry from "../../src/provider/demand-registry";
import { regionRun } from "../../src/provider/region-runs";
import type { AccountFacts, Declaration } from "../../src/core/types";
import * as oracle from "../core/oracle/provider/demand-registry";

const REGIONS = ["cn-a", "cn-b"] as const;
const ENIS = ["eni-1", "eni-2", "eni-3"] as const;
const NAMES = ["web", "db", "cache", "queue"] as const;
const POOL = Array.from({ length: 8 }, (_, i) => `10.0.0.${20 + i}`);

/** Three ENIs on one /24, nothing assigned yet: checks pass unless they collide with the run. */
function facts(): AccountFacts {
  return {
    enis: ENIS.map((id, i) => ({
      networkInterfaceId: id,
      status: "Available",
      type: "Secondary",
      vSwitchId: "vsw-1",
      securityGroupIds: ["sg-1"],
      primaryIpAddress: `10.0.0.${2 + i}`,
      privateIpAddresses: [`10.0.0.${2 + i}`],
    })),
    vSwitches: [{ vSwitchId: "vsw-1", cidrBlock: "10.0.0.0/24" }],
    instances: [],
    instanceTypes: [],
    securityGroups: [{ securityGroupId: "sg-1", securityGroupType: "normal" }],
  };
}

const name = fc.constantFrom(...NAMES);
const region = fc.constantFrom(...REGIONS);
const eni = fc.constantFrom(...ENIS);
const addresses = fc.uniqueArray(fc.constantFrom(...POOL), { maxLength: 3 });
const op = fc.oneof(
  fc.record({ kind: fc.constant("check" as const), name, region, eni, addresses }),
  fc.record({ kind: fc.constant("forgetPending" as const), name }),
  fc.record({ kind: fc.constant("recordOwned" as const), name, region, eni, addresses }),
  fc.record({ kind: fc.constant("refreshOwned" as const), name, region, eni, addresses }),
  fc.record({ kind: fc.constant("assumeOwned" as const), name, region, eni, addresses }),
  fc.record({ kind: fc.constant("forgetOwned" as const), name, region, eni }),
  fc.record({ kind: fc.constant("reservePicks" as const), name, region, addresses }),
  fc.record({ kind: fc.constant("releasePicks" as const), name }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

function apply(o: Op): void {
  switch (o.kind) {
    case "check": {
      const d: Declaration = { name: o.name, networkInterfaceId: o.eni, privateIpAddresses: o.addresses };
      // The provider kept the old registry in step with the verdict the same way.
      // (The oracle's Declaration type is its own copy; the shape is the same.)
      if (registry.check(o.name, o.region, d).passed) oracle.recordChecked(o.name, o.region, d as Parameters<typeof oracle.recordChecked>[2]);
      else oracle.forgetPending(o.name);
      return;
    }
    case "forgetPending":
      registry.forgetPending(o.name);
      oracle.forgetPending(o.name);
      return;
    case "recordOwned":
    case "refreshOwned":
    case "assumeOwned":
      registry[o.kind](o.name, o.region, o.eni, o.addresses);
      oracle[o.kind](o.name, o.region, o.eni, o.addresses);
      return;
    case "forgetOwned":
      registry.forgetOwned(o.name, o.region, o.eni);
      oracle.forgetOwned(o.name, o.region, o.eni);
      return;
    case "reservePicks":
      registry.reservePicks(o.name, o.region, o.addresses);
      oracle.reservePicks(o.name, o.region, o.addresses);
      return;
    case "releasePicks":
      registry.releasePicks(o.name);
      oracle.releasePicks(o.name);
  }
}

function expectSameAnswers(): void {
  for (const r of REGIONS) {
    const claimed = oracle.claimedAddresses(r);
    for (const a of POOL) expect(registry.isClaimed(r, a), `${a} claimed in ${r}`).toBe(claimed.has(a));
    for (const e of ENIS) {
      for (const n of NAMES) expect(registry.ownedByOthers(n, r, e)).toEqual(oracle.ownedByOthers(n, r, e));
      for (const a of POOL) {
        // When two resources own one address (which the provider refuses), either may be named.
        const owners = NAMES.filter((n) => {
          const o = oracle.ownedBy(n);
          return o !== undefined && o.regionId === r && o.networkInterfaceId === e && o.owned.includes(a);
        });
        const got = registry.ownerOf(r, e, a);
        if (owners.length === 0) expect(got).toBeUndefined();
        else expect(owners).toContain(got);
      }
    }
  }
}

describe("demand registry indexes", () => {
  afterEach(() => {
    registry.clear();
    oracle.clear();
  });

  it("answer exactly as the registry scanning the run did, after every step of random runs", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 30 }), (ops) => {
        registry.clear();
        oracle.clear();
        for (const r of REGIONS) regionRun(r).learn(facts(), [...ENIS]);
        for (const o of ops) {
          apply(o);
          expectSameAnswers();
        }
      }),
      { numRuns: 150 },
    );
  });
});
