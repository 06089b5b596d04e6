// Comparing a planned value with the prior one, the same way for both tools: address lists are sets
// (the providers declare them TypeSet), and a value not known yet counts as a change.
import { UNKNOWN } from "../core/types";

export function valueChanged(value: unknown, before: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) {
    if (value.includes(UNKNOWN) || !Array.isArray(before)) return true;
    const a = new Set(value.map(String));
    const b = new Set(before.map(String));
    return a.size !== b.size || [...a].some((x) => !b.has(x));
  }
  return before !== value;
}

/** The strings of a list (a prior state's addresses); anything else is no address. */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
}
