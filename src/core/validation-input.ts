// The shape of what callers hand the core (validate()'s argument, a declaration, resolved limits),
// checked before any rule runs: a wrong shape is the caller's bug, reported as a ValidationInputError
// naming where, never as a raw TypeError from deep inside a rule. Values a user typed (addresses,
// counts, ENI ids) are not checked here: the rules judge those and report violations.
import type { Declaration, ResolvedLimits, ValidationInput } from "./types";

/** ky-style: one class for a malformed call; `path` says where ("input.declarations[3].name"). */
export class ValidationInputError extends Error {
  override readonly name = "ValidationInputError";
  readonly code = "invalid_validation_input";
  readonly path: string;
  readonly value: unknown;

  constructor(path: string, value: unknown, expected: string) {
    super(`${path} = ${describe(value)} is not ${expected}`);
    this.path = path;
    this.value = value;
  }
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}...` : value);
  if (typeof value === "symbol") return value.toString();
  return String(value);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** validate()'s argument: an object with a list of declarations (facts and limits are checked as they are used). */
export function checkValidationInput(input: unknown): asserts input is ValidationInput {
  if (!isRecord(input)) throw new ValidationInputError("validate(input): input", input, "an object { declarations, facts, limits }");
  if (!Array.isArray(input["declarations"])) throw new ValidationInputError("validate(input): input.declarations", input["declarations"], "a list of declarations");
}

function pathOf(list: string, index: number | undefined): string {
  return index === undefined ? list : `${list}[${index}]`;
}

/** A declaration (at `list[index]`, or at `list` alone): an object with a string name; `ownedAddresses` and `ownedPrefixes`, when given, lists. */
export function checkDeclaration(d: unknown, list: string, index?: number): asserts d is Declaration {
  if (!isRecord(d)) throw new ValidationInputError(pathOf(list, index), d, "a declaration object { name, networkInterfaceId, … }");
  if (typeof d["name"] !== "string") throw new ValidationInputError(`${pathOf(list, index)}.name`, d["name"], "a name (a string)");
  const owned = d["ownedAddresses"];
  if (owned !== undefined && !Array.isArray(owned)) throw new ValidationInputError(`${pathOf(list, index)}.ownedAddresses`, owned, "a list of addresses");
  const ownedPrefixes = d["ownedPrefixes"];
  if (ownedPrefixes !== undefined && !Array.isArray(ownedPrefixes)) throw new ValidationInputError(`${pathOf(list, index)}.ownedPrefixes`, ownedPrefixes, "a list of IPv4 prefixes");
}

function sourced(limits: Readonly<Record<string, unknown>>, key: string, nullable: boolean, path: string): void {
  const v = limits[key];
  const value = isRecord(v) ? v["value"] : undefined;
  const ok = isRecord(v) && typeof v["source"] === "string" && ((typeof value === "number" && Number.isSafeInteger(value) && value >= 1) || (nullable && value === null));
  if (!ok) throw new ValidationInputError(`${path}.${key}`, v, `a resolved limit { value, source } (use resolveLimits())`);
}

/** Resolved limits, as resolveLimits() makes them. */
export function checkLimits(limits: unknown, path: string): asserts limits is ResolvedLimits {
  if (!isRecord(limits)) throw new ValidationInputError(path, limits, "resolved limits (use resolveLimits())");
  sourced(limits, "availableEniMaxIps", false, path);
  sourced(limits, "eniMaxIps", true, path);
  sourced(limits, "basicSecurityGroupMaxIps", false, path);
  if (!isRecord(limits["instanceTypeEniIps"])) throw new ValidationInputError(`${path}.instanceTypeEniIps`, limits["instanceTypeEniIps"], "an object of instance type -> { value, source }");
}
