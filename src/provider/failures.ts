// How problems leave the provider: violations become Pulumi CheckFailures (reason names the resource,
// the property, the value and the rule with its number; property is the input property), errors
// become ProviderErrors, and every error text is scrubbed of the credentials in the environment
// before the engine logs it. Every failure is one of the core's violations, worded by its one
// formatter: an input of the wrong type or one the resource does not have is rule 14.
import type * as pulumi from "@pulumi/pulumi";
import { invalidInput } from "../core/violation";
import type { Violation } from "../core/types";

export type CheckFailure = pulumi.dynamic.CheckFailure;

/** The core's message already names the resource, the property, the value and "[rule N (code)]". */
export function violationFailure(v: Violation): CheckFailure {
  return { property: v.property, reason: v.message };
}

/** Rule 14 for one of the resource's inputs: `expected` says what fits. */
export function inputFailure(resource: string, property: string, value: unknown, expected: string): CheckFailure {
  return violationFailure(invalidInput(resource, property, value, { reason: "wrong_type", expected }));
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
function scrub(text: string): string {
  let out = text;
  for (const name of CREDENTIAL_VARS) {
    const v = process.env[name];
    if (v !== undefined && v.length >= 4) out = out.split(v).join(`<${name}>`);
  }
  return out;
}

/**
 * - `refused`: a rule refuses the change (after check: the account moved); nothing was changed.
 * - `unresolved`: the resource cannot be placed (no region, ENI not known).
 * - `cloud`: the account could not be read or changed; `cause` holds the cloud layer's error.
 */
export type ProviderErrorCode = "refused" | "unresolved" | "cloud";

/** What the resource owns after a failed change: Pulumi keeps it in state (an init failure). */
export interface PartialState {
  readonly id: string;
  readonly properties: Record<string, unknown>;
}

/**
 * Every error the provider throws (ky-style: stable name and code, `cause` kept). Carries Pulumi's
 * init-failure fields (id, properties, reasons) when the change went part of the way, so the host
 * records what really happened and the next `pulumi up` finishes the job.
 */
export class ProviderError extends Error {
  override readonly name = "ProviderError";
  readonly code: ProviderErrorCode;
  readonly id?: string;
  readonly properties?: Record<string, unknown>;
  readonly reasons?: string[];

  constructor(code: ProviderErrorCode, message: string, options: { cause?: unknown; partial?: PartialState | undefined } = {}) {
    super(scrub(message), options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    // No stack: the host prints it and it could quote our inputs needlessly.
    this.stack = this.message;
    if (options.partial !== undefined) {
      this.id = options.partial.id;
      this.properties = options.partial.properties;
      this.reasons = [this.message];
    }
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

/** Our own errors pass through; anything else is wrapped (and scrubbed) once, named after its class. */
export function asProviderError(error: unknown, context?: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const text = describeError(error);
  return new ProviderError("cloud", context === undefined ? text : `${context}: ${text}`, { cause: error });
}

/** A violation of the core as the lines a user reads. */
export function violationLines(violations: readonly Violation[]): string {
  return violations.map((v) => violationFailure(v).reason).join("\n");
}

/** A refusal after check, in the shape of a check failure (rule number and code). */
export function ruleError(v: Violation, prefix: string): ProviderError {
  return new ProviderError("refused", `${prefix}:\n${violationLines([v])}`);
}
