// One-line renderings of violations and warnings for plain-text output (CLI table, logs). The
// message already names everything; this adds the severity so mixed output stays greppable.
import type { ValidationWarning, Violation } from "./types";

export function formatViolation(v: Violation): string {
  return `error ${v.code}: ${v.message}`;
}

export function formatWarning(w: ValidationWarning): string {
  return `warning ${w.code}: ${w.message}`;
}
