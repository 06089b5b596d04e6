// How problems leave the provider: violations become Pulumi CheckFailures (reason names the resource,
// the property, the value and the rule with its number; property is the input property), and every
// error text is scrubbed of the credentials in the environment before the engine logs it.
import type { Violation } from "../core/types";

export interface CheckFailure {
  property: string;
  reason: string;
}

function show(value: unknown): string {
  if (typeof value === "symbol") return "(unknown)";
  if (value === undefined) return "(not set)";
  try {
    const s = JSON.stringify(value);
    return s === undefined ? String(value) : s.length > 120 ? `${s.slice(0, 117)}...` : s;
  } catch {
    return String(value);
  }
}

/** The core's message already names the resource, the property, the value and "[rule N (code)]". */
export function violationFailure(v: Violation): CheckFailure {
  return { property: v.property, reason: v.message };
}

/** A provider-level input problem (types of the resource's own knobs); not one of the core's rules. */
export function inputFailure(resource: string, property: string, value: unknown, problem: string): CheckFailure {
  return { property, reason: `${resource}: ${property} = ${show(value)} ${problem} (input_type)` };
}

const CREDENTIAL_VARS = [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALICLOUD_ACCESS_KEY",
  "ALICLOUD_SECRET_KEY",
  "ALICLOUD_SECURITY_TOKEN",
];

/** Replaces any credential value of the current environment in a text (defence in depth). */
export function scrub(text: string): string {
  let out = text;
  for (const name of CREDENTIAL_VARS) {
    const v = process.env[name];
    if (v !== undefined && v.length >= 4) out = out.split(v).join(`<${name}>`);
  }
  return out;
}

/** An Error safe to hand to the host; keeps Pulumi's init-failure fields (id, properties, reasons). */
export function providerError(message: string, partial?: { id: string; properties: Record<string, unknown> }): Error {
  const e = new Error(scrub(message)) as Error & { id?: string; properties?: Record<string, unknown>; reasons?: string[] };
  // No stack: the host prints it and it could quote our inputs needlessly.
  e.stack = e.message;
  if (partial !== undefined) {
    e.id = partial.id;
    e.properties = partial.properties;
    e.reasons = [e.message];
  }
  return e;
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
