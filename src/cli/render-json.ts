// `preview --format json`: the README's machine shape, `{"violations":[{code, declaration,
// networkInterfaceId, property, value, message}], "warnings":[…]}`, keys in that order so diffs and
// eyeballs agree, plus `rule`, the code's numbers (`detail`) and a `usage`/`facts` block for tools that
// want the headroom. For a Terraform or Pulumi plan `declaration` is the resource address or URN,
// `property` the attribute as that tool spells it (`names`: how its message words the others),
// `networkInterfaceId` null for an ENI the plan creates (`eniLabel` names it). A row is all
// formatMessage needs to word its message again.
import { formatMessage } from "../core/messages";
import type { PreviewOutcome } from "./evaluate";

export function renderJson(outcome: PreviewOutcome): string {
  const { result, origin, limits } = outcome;
  const report = {
    violations: result.violations.map((v) => ({
      code: v.code,
      declaration: v.declaration,
      ...(v.networkInterfaceId !== undefined ? { networkInterfaceId: v.networkInterfaceId } : {}),
      property: v.property,
      ...(v.value !== undefined ? { value: jsonSafe(v.value) } : {}),
      message: formatMessage(v),
      rule: v.rule,
      detail: v.detail,
      ...(v.eniLabel !== undefined ? { eniLabel: v.eniLabel } : {}),
      ...(v.names !== undefined ? { names: v.names } : {}),
    })),
    warnings: result.warnings.map((w) => ({
      code: w.code,
      ...(w.declaration !== undefined ? { declaration: w.declaration } : {}),
      ...(w.networkInterfaceId !== undefined ? { networkInterfaceId: w.networkInterfaceId } : {}),
      message: formatMessage(w),
      ...(w.detail !== undefined ? { detail: w.detail } : {}),
    })),
    usage: result.usage,
    facts:
      origin.kind === "live"
        ? { source: "live", regionId: origin.regionId, apiReads: origin.stats.reads, apiMutations: origin.stats.mutations }
        : { source: "snapshot", file: origin.file, regionId: origin.regionId, capturedAt: origin.capturedAt },
    limits: { profile: limits.profile },
    input: { kind: outcome.source.kind, file: outcome.source.file },
    ...(outcome.notes.length > 0 ? { notes: outcome.notes } : {}),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Values come straight from the plan; anything JSON cannot carry (the unknown symbol) becomes text. */
function jsonSafe(value: unknown): unknown {
  if (typeof value === "symbol" || typeof value === "function" || typeof value === "bigint") return String(value);
  // JSON.stringify would write Infinity and NaN (YAML's .inf, .nan) as null.
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  return value;
}
