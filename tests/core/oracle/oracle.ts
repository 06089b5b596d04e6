// The oracle: the validation core and the provider's per-check path as they were before the run
// ledger, kept frozen so the ledger can be proven to give the same verdicts. `core/` and `provider/`
// are byte-for-byte copies of src/core (address, demand, facts-index, limits, messages, rules,
// show-value, types, validate) and src/provider/demand-registry.ts as main had them just before the
// ledger (after the provider split); never edit them.
//
// The per-check path is the part of the provider's checkLive that judges and records: each check is
// judged by validate([...the other resources' accepted declarations in registry order, this one]);
// a check with violations (or one that throws) drops the resource's pending demand, a passing check
// records it, moving it last (recordChecked).
import type { AccountFacts, Declaration, ResolvedLimits, ValidationResult, Violation } from "./core/types";
import { validate } from "./core/validate";
import * as registry from "./provider/demand-registry";

export { validate as oracleValidate };

export type OracleCheck = { readonly violations: readonly Violation[] } | { readonly error: unknown };

const REGION = "cn-oracle";

/** A fresh run of the per-check path (the registry is module state, as in the provider host). */
export function oraclePerCheckRun(facts: AccountFacts, limits: ResolvedLimits): (declaration: Declaration) => OracleCheck {
  registry.clear();
  return (declaration) => {
    const name = declaration.name;
    const others = registry.othersInRegion(name, REGION);
    let result: ValidationResult;
    try {
      result = validate({ declarations: [...others, declaration], facts, limits });
    } catch (error) {
      registry.forgetPending(name);
      return { error };
    }
    const mine = result.violations.filter((v) => v.declaration === name);
    if (mine.length > 0) registry.forgetPending(name);
    else registry.recordChecked(name, REGION, declaration);
    return { violations: mine };
  };
}
