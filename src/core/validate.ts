// The batch API: judges every declaration of a run, in order, against the account facts plus the
// demand of the run's earlier declarations, on a run ledger, and reports violations (data), warnings
// and usage. Pure and synchronous; the CLI and library callers go through here.
// Throws a ValidationInputError for a malformed argument, a FactsError for a malformed fact, and a
// LimitsError when a declaration's own `limits` hold an invalid value.
import { judgeDeclaration } from "./judge";
import { RunLedger } from "./run-ledger";
import type { ValidationInput, ValidationResult, ValidationWarning, Violation } from "./types";
import { checkDeclaration, checkLimits, checkValidationInput } from "./validation-input";

/**
 * Warnings said once per run although several declarations meet them: an instance type is unknown
 * once per ENI; a missing group once per group and declaration name.
 */
function onceKey(w: ValidationWarning): string | undefined {
  const detail = w.detail as { securityGroupId?: string } | undefined;
  if (w.code === "unknown_instance_type") return `unknown_instance_type|${w.networkInterfaceId ?? ""}`;
  if (w.code === "unknown_security_group") return `unknown_security_group|${detail?.securityGroupId ?? ""}|${w.declaration ?? ""}`;
  return undefined;
}

export function validate(input: ValidationInput): ValidationResult {
  checkValidationInput(input);
  checkLimits(input.limits, "validate(input): input.limits");
  const ledger = new RunLedger({ limits: input.limits, facts: input.facts });
  const violations: Violation[] = [];
  const warnings: ValidationWarning[] = [];
  const warned = new Set<string>();
  const declarations = input.declarations;
  for (let i = 0; i < declarations.length; i++) {
    const d = declarations[i];
    checkDeclaration(d, "validate(input): input.declarations", i);
    const judgement = judgeDeclaration(ledger, d);
    // Committed failed or not: a failed declaration adds no demand, but its claims stick.
    ledger.commit(judgement);
    for (const w of judgement.warnings) {
      const key = onceKey(w);
      if (key !== undefined) {
        if (warned.has(key)) continue;
        warned.add(key);
      }
      warnings.push(w);
    }
    for (const v of judgement.violations) violations.push(v);
  }
  return { violations, warnings, usage: ledger.usage() };
}
