// What counts as an error a user can act on (issue #7): a check failure naming a rule and its code,
// a typed cloud error carrying the API's code and request id, or an outcome-unknown error naming
// the ENI to look at. Anything else (a raw "socket hang up", "undefined", a stack) is a finding.
"use strict";

// The core tags every violation message "[rule N (code)]".
const RULE = /\brule \d+ \(([a-z_]+)\)/;
const INPUT = /\(input_type\)$/;
const API = /CloudApiError: \w+ failed: ([A-Za-z][\w.]*)(?: \(HTTP \d+\))?: .+ \[request id [0-9A-Fa-f-]{8,}\]/;
const CONFIG = /CloudConfigError: /;
const UNKNOWN_OUTCOME = /CloudOutcomeUnknownError: \w+ on (eni-[\w-]+): /;

/** A check failure ({property, reason}); returns the rule code or undefined. */
function checkFailureCode(failure) {
  if (failure === null || typeof failure !== "object" || typeof failure.reason !== "string") return undefined;
  const m = RULE.exec(failure.reason);
  if (m) return m[1];
  return INPUT.test(failure.reason) ? "input_type" : undefined;
}

/**
 * Classifies an error thrown by create/update/delete/check: { kind, code } when actionable, else
 * { kind: "unactionable", text }.
 */
function classifyError(error) {
  const text = error instanceof Error ? error.message : String(error);
  if (!(error instanceof Error) || text === "" || /^undefined\b/.test(text)) return { kind: "unactionable", text };
  // Revalidation refusals carry the rule lines of the check failure they would have been.
  const rule = RULE.exec(text);
  if (rule) return { kind: "rule", code: rule[1] };
  const api = API.exec(text);
  if (api) return { kind: "api", code: api[1] };
  const unknown = UNKNOWN_OUTCOME.exec(text);
  if (unknown) return { kind: "outcome-unknown", code: unknown[1] };
  if (CONFIG.test(text)) return { kind: "config", code: "config" };
  return { kind: "unactionable", text };
}

module.exports = { classifyError, checkFailureCode };
