// The one way a user's value is printed in a message: compact and unambiguous ("3" vs 3, "" vs
// nothing), an unknown value (Pulumi preview) and a missing one said in words, long values cut.

/** Longest rendering kept whole; longer ones end in "...". */
const MAX_LENGTH = 120;

export function showValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  // YAML's .inf and .nan (and 1e999) are numbers JSON has no words for: it would print them as null.
  if (typeof value === "number") return String(value);
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "symbol") return "(unknown)";
  if (value === undefined) return "(not set)";
  try {
    const s = JSON.stringify(value);
    if (s === undefined) return String(value);
    return s.length > MAX_LENGTH ? `${s.slice(0, MAX_LENGTH - 3)}...` : s;
  } catch {
    return String(value);
  }
}
