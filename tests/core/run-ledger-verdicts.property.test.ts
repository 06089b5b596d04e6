// The run ledger gives exactly the verdicts of the code it replaced (tests/core/oracle, frozen):
// validate() against the old validate() on the same batch, and the ledger's one-check-at-a-time path
// (facts added as each check reads them) against the old per-check path (each check judged by
// validate([...accepted others, declaration]) in registry order). Random runs, bounded, fixed seed:
// fast-check prints the seed and path of a failure; FC_SEED / FC_RUNS explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { RunLedger } from "../../src/core/run-ledger";
import type { Declaration, ValidationResult, ValidationWarning, Violation } from "../../src/core/types";
import { validate } from "../../src/core/validate";
import { oraclePerCheckRun, oracleValidate } from "./oracle/oracle";
import { factsForCheck, randomRun } from "./random-runs";

const SEED = Number(process.env["FC_SEED"] ?? 20_240_611);
const RUNS = Number(process.env["FC_RUNS"] ?? 400);

/** What the verdicts must agree on. */
function shapeViolation(v: Violation): unknown {
  return { code: v.code, rule: v.rule, declaration: v.declaration, networkInterfaceId: v.networkInterfaceId, property: v.property, value: v.value, message: v.message };
}

function shapeWarning(w: ValidationWarning): unknown {
  return { code: w.code, declaration: w.declaration, networkInterfaceId: w.networkInterfaceId, message: w.message };
}

type Outcome = { readonly ok: unknown } | { readonly threw: { readonly name: string; readonly message: string } };

function outcome<T>(f: () => T, shape: (t: T) => unknown): Outcome {
  try {
    return { ok: shape(f()) };
  } catch (error) {
    const e = error as Error;
    return { threw: { name: e.name, message: e.message } };
  }
}

const shapeResult = (r: Pick<ValidationResult, "violations" | "warnings" | "usage">): unknown => ({
  violations: r.violations.map(shapeViolation),
  warnings: r.warnings.map(shapeWarning),
  usage: r.usage,
});

describe("run ledger verdicts", () => {
  it("validate() reports exactly the old validate()'s violations, warnings and usage on random batches", () => {
    let violations = 0;
    fc.assert(
      fc.property(randomRun, ({ facts, limits, declarations }) => {
        const want = outcome(() => oracleValidate({ facts, limits, declarations } as never), (r) => shapeResult(r as ValidationResult));
        const got = outcome(() => validate({ facts, limits, declarations }), shapeResult);
        expect(got).toEqual(want);
        if ("ok" in got) violations += (got.ok as { violations: unknown[] }).violations.length;
      }),
      { seed: SEED, numRuns: RUNS },
    );
    // The runs are not vacuous: most declarations break some rule somewhere.
    expect(violations).toBeGreaterThan(RUNS);
  });

  it("checks one at a time exactly as the old per-check path did, with facts added check by check", () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(randomRun, fc.constantFrom("whole", "incremental", "refreshed"), ({ facts, limits, declarations }, feeding) => {
        const oracleCheck = oraclePerCheckRun(facts, limits);
        const ledger = new RunLedger({ limits });
        for (const d of declarations) {
          const want = outcome(() => oracleCheck(d as never), (r) => ("violations" in r ? (r.violations as Violation[]).map(shapeViolation) : r));
          const wantShaped = "ok" in want && typeof want.ok === "object" && want.ok !== null && "error" in want.ok ? { threw: errorShape(want.ok.error) } : want;
          const read = factsForCheck(facts, d.networkInterfaceId);
          const eni = read.enis?.find((e) => e.networkInterfaceId === d.networkInterfaceId);
          if (feeding === "incremental" && eni !== undefined) {
            // As a provider with a cache would: only what it has not read yet, the checked ENI
            // first; its vSwitch's address map and its groups' sums are built before the other new
            // ENIs arrive, and must be kept up to date as they do.
            if (ledger.facts.enis.get(eni.networkInterfaceId) === undefined) ledger.addFacts({ enis: [eni] });
            ledger.addFacts({ vSwitches: read.vSwitches ?? [], securityGroups: read.securityGroups ?? [] });
            ledger.facts.vSwitch(eni.vSwitchId);
            for (const g of read.securityGroups ?? []) ledger.facts.securityGroupCount({ securityGroupId: g.securityGroupId, securityGroupType: "normal" });
            const unread = (read.enis ?? []).filter((e) => ledger.facts.enis.get(e.networkInterfaceId) === undefined);
            ledger.addFacts({ enis: unread, instances: read.instances ?? [], instanceTypes: read.instanceTypes ?? [] });
          } else {
            ledger.addFacts(read);
          }
          // A refresh of one ENI with the same facts changes nothing.
          if (feeding === "refreshed" && facts.enis[0] !== undefined) ledger.addFacts({ enis: [facts.enis[0]] });
          const got = outcome(() => ledger.check(d as Declaration), (j) => j.violations.map(shapeViolation));
          expect(got).toEqual(wantShaped);
          if ("ok" in got) for (const v of got.ok as { code: string }[]) seen.add(v.code);
        }
      }),
      { seed: SEED + 1, numRuns: RUNS },
    );
    // Every rule the core judges came up in one-by-one checks too.
    expect([...seen].sort()).toEqual(
      [
        "conflicting_args",
        "duplicate_ip",
        "eni_ip_limit",
        "eni_not_found",
        "eni_state",
        "instance_state",
        "invalid_count",
        "invalid_ip",
        "ip_in_use",
        "outside_vswitch_cidr",
        "reserved_ip",
        "security_group_quota",
        "vswitch_exhausted",
      ].sort(),
    );
  });
});

function errorShape(error: unknown): { name: string; message: string } {
  const e = error as Error;
  return { name: e.name, message: e.message };
}
