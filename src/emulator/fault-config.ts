// Validation of a fault configuration, wherever it comes from (start options, --faults, the seed,
// setFaults(), POST /_emulator/faults). Every value is checked against documented bounds and every
// unknown key is named with its path, because a typo here silently turns a fault test into a
// no-fault test (and a huge latency used to wrap around to 1 ms in setTimeout).
import { ACTIONS } from "./actions";
import type { FaultConfig } from "./types";

export class FaultConfigError extends Error {
  override readonly name = "FaultConfigError";
  readonly code = "invalid_faults";
}

/** Upper bounds, documented in the emulator README. */
export const FAULT_BOUNDS = {
  times: 1_000_000_000,
  latencyMs: 600_000,
  retryAfterMs: 3_600_000,
  busyMs: 3_600_000,
  describes: 1_000,
  perSecond: 1_000_000,
  seed: 0xffffffff,
} as const;

export const THROTTLING_CODES = ["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling"] as const;
const THROTTLING_CODE_CHOICES: readonly string[] = [...THROTTLING_CODES, "rotate"];
const SERVER_ERROR_CODES: readonly string[] = ["InternalError", "ServiceUnavailable"];

type Obj = Record<string, unknown>;

const fail = (path: string, why: string): never => {
  throw new FaultConfigError(`${path}: ${why}`);
};

function object(value: unknown, path: string, known: readonly string[]): Obj {
  if (typeof value !== "object" || value === null || Array.isArray(value)) fail(path, "expected an object");
  const o = value as Obj;
  for (const k of Object.keys(o)) if (!known.includes(k)) fail(`${path}.${k}`, `unknown key (known: ${known.join(", ")})`);
  return o;
}

function integer(o: Obj, key: string, path: string, min: number, max: number): void {
  const v = o[key];
  if (v === undefined) return;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) fail(`${path}.${key}`, `expected a whole number from ${min} to ${max}, got ${JSON.stringify(v)}`);
}

function required(o: Obj, key: string, path: string): void {
  if (o[key] === undefined) fail(`${path}.${key}`, "is required");
}

function oneOf(o: Obj, key: string, path: string, choices: readonly string[]): void {
  const v = o[key];
  if (v !== undefined && (typeof v !== "string" || !choices.includes(v))) fail(`${path}.${key}`, `expected one of ${choices.join(", ")}, got ${JSON.stringify(v)}`);
}

function probability(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0 || v > 1)) fail(`${path}.${key}`, `expected a number from 0 to 1, got ${JSON.stringify(v)}`);
}

/** A rule that fires with `probability` at most `times` times, plus its own keys. */
function rule(value: unknown, path: string, extra: readonly string[]): Obj {
  const o = object(value, path, ["probability", "times", ...extra]);
  probability(o, "probability", path);
  integer(o, "times", path, 0, FAULT_BOUNDS.times);
  return o;
}

function actionFaults(value: unknown, path: string): void {
  const o = object(value, path, ["throttling", "serverError", "latencyMs", "responseLost"]);
  if (o["throttling"] !== undefined) {
    const t = rule(o["throttling"], `${path}.throttling`, ["retryAfterMs", "code"]);
    integer(t, "retryAfterMs", `${path}.throttling`, 0, FAULT_BOUNDS.retryAfterMs);
    oneOf(t, "code", `${path}.throttling`, THROTTLING_CODE_CHOICES);
  }
  if (o["serverError"] !== undefined) oneOf(rule(o["serverError"], `${path}.serverError`, ["code"]), "code", `${path}.serverError`, SERVER_ERROR_CODES);
  integer(o, "latencyMs", path, 0, FAULT_BOUNDS.latencyMs);
  if (o["responseLost"] !== undefined) rule(o["responseLost"], `${path}.responseLost`, []);
}

/** A deep copy of a valid configuration; throws FaultConfigError naming the first problem. */
export function validateFaults(input: unknown): FaultConfig {
  if (input === undefined || input === null) return {};
  const root = "faults";
  const f = object(input, root, ["seed", "throttlingCode", "actions", "conflict", "staleReads", "mutationRateLimit", "commands"]);
  integer(f, "seed", root, 0, FAULT_BOUNDS.seed);
  oneOf(f, "throttlingCode", root, THROTTLING_CODE_CHOICES);
  if (f["actions"] !== undefined) {
    const actions = object(f["actions"], `${root}.actions`, Object.keys(f["actions"] as Obj));
    for (const [name, value] of Object.entries(actions)) {
      if (name !== "*" && !ACTIONS.has(name)) fail(`${root}.actions.${name}`, `unknown action (use "*" for every action, or one the emulator serves: ${[...ACTIONS.keys()].join(", ")})`);
      actionFaults(value, `${root}.actions.${name}`);
    }
  }
  if (f["conflict"] !== undefined) {
    const c = object(f["conflict"], `${root}.conflict`, ["busyMs", "probability", "times"]);
    integer(c, "busyMs", `${root}.conflict`, 0, FAULT_BOUNDS.busyMs);
    probability(c, "probability", `${root}.conflict`);
    integer(c, "times", `${root}.conflict`, 0, FAULT_BOUNDS.times);
  }
  if (f["staleReads"] !== undefined) {
    const s = object(f["staleReads"], `${root}.staleReads`, ["describes"]);
    required(s, "describes", `${root}.staleReads`);
    integer(s, "describes", `${root}.staleReads`, 0, FAULT_BOUNDS.describes);
  }
  if (f["mutationRateLimit"] !== undefined) {
    const m = object(f["mutationRateLimit"], `${root}.mutationRateLimit`, ["perSecond", "code"]);
    required(m, "perSecond", `${root}.mutationRateLimit`);
    integer(m, "perSecond", `${root}.mutationRateLimit`, 1, FAULT_BOUNDS.perSecond);
    oneOf(m, "code", `${root}.mutationRateLimit`, THROTTLING_CODE_CHOICES);
  }
  if (f["commands"] !== undefined) {
    const c = object(f["commands"], `${root}.commands`, ["outcomes"]);
    if (c["outcomes"] !== undefined) {
      if (!Array.isArray(c["outcomes"])) fail(`${root}.commands.outcomes`, "expected a list");
      for (const [i, item] of (c["outcomes"] as unknown[]).entries()) {
        const path = `${root}.commands.outcomes[${i}]`;
        const o = rule(item, path, ["instanceId", "contains", "status", "exitCode", "output"]);
        for (const key of ["instanceId", "contains", "output"]) if (o[key] !== undefined && typeof o[key] !== "string") fail(`${path}.${key}`, "expected a string");
        oneOf(o, "status", path, ["Success", "Failed", "Timeout"]);
        integer(o, "exitCode", path, 0, 255);
      }
    }
  }
  return structuredClone(input) as FaultConfig;
}
