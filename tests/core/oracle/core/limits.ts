// Limit profiles as data, and their resolution into the limits in force: profile, then ambient
// environment knobs, then the plan's or stack's own overrides, then (in validate) a declaration's own.
// Every value keeps the text of where it came from, because messages print both. No I/O: the caller
// passes the environment in as a plain object.
import { showValue } from "./show-value";
import type { LimitOverrides, LimitValues, ProfileName, ResolvedLimits, SourcedValue } from "./types";

/**
 * `default` is the mission's profile (the older, stricter published numbers); `current` follows the
 * newest Alibaba pages.
 */
export const PROFILES: Readonly<Record<ProfileName, LimitValues>> = Object.freeze({
  default: Object.freeze({
    // Total on an unbound ENI, primary included (older AssignPrivateIpAddresses pages and user guide).
    availableEniMaxIps: 10,
    // "At most 20 private IPs per ENI" (older user guide), whatever the instance type says.
    eniMaxIps: 20,
    // Basic security group: 2,000 private IPs over all its ENIs (older Limits page).
    basicSecurityGroupMaxIps: 2000,
  }),
  current: Object.freeze({
    // The Sep-2024 page and the SDK 7.11.6 remark say "up to 49" secondary addresses on an Available
    // ENI, the Mar-2024 page says 50. We count totals with the primary, so 49 secondaries + the
    // primary = 50: both wordings are the same rule, counted without and with the primary.
    availableEniMaxIps: 50,
    // Newer pages drop the flat per-ENI cap: once bound, the instance type decides alone.
    eniMaxIps: null,
    // Current security-group page: 6,000 private IPs per basic group.
    basicSecurityGroupMaxIps: 6000,
  }),
});

export const PROFILE_NAMES: readonly ProfileName[] = ["default", "current"];

export function isProfileName(value: unknown): value is ProfileName {
  return (PROFILE_NAMES as readonly unknown[]).includes(value);
}

/** Limits one declaration may override (a resource's `limits`, and a plan's besides the profile and types). */
export const RESOURCE_LIMIT_KEYS = ["availableEniMaxIps", "eniMaxIps", "basicSecurityGroupMaxIps"] as const;
export type ResourceLimitKey = (typeof RESOURCE_LIMIT_KEYS)[number];

/** The keys of a plan's (or stack's) `limits`. */
export const PLAN_LIMIT_KEYS = ["profile", ...RESOURCE_LIMIT_KEYS, "instanceTypeEniIps"] as const;

/** A limit is a whole number of at least 1. */
export function isLimitCount(value: unknown): value is number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 1;
}

/** A valid setting for `key`: a limit count; `eniMaxIps` may also be null (no cap). */
export function isLimitValue(key: ResourceLimitKey, value: unknown): value is number | null {
  return isLimitCount(value) || (key === "eniMaxIps" && value === null);
}

/** Environment variables the core understands (read by the caller, passed in as a plain object). */
export const LIMIT_ENV = {
  profile: "ENI_IPS_PROFILE",
  availableEniMaxIps: "ENI_IPS_AVAILABLE_ENI_MAX_IPS",
  eniMaxIps: "ENI_IPS_ENI_MAX_IPS",
  basicSecurityGroupMaxIps: "ENI_IPS_BASIC_SG_MAX_IPS",
  instanceTypeEniIps: "ENI_IPS_INSTANCE_TYPE_ENI_IPS",
} as const;

export type LimitsErrorCode = "unknown_profile" | "invalid_limit";

/** ky-style: one class for bad limit settings, stable name and code, the offending setting named. */
export class LimitsError extends Error {
  override readonly name = "LimitsError";
  readonly code: LimitsErrorCode;
  /** The environment variable or override key at fault. */
  readonly variable: string;
  readonly value: unknown;

  constructor(code: LimitsErrorCode, variable: string, value: unknown, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.variable = variable;
    this.value = value;
  }
}

export interface ResolveLimitsOptions {
  /** Explicit profile (e.g. a CLI flag); wins over ENI_IPS_PROFILE. */
  readonly profile?: ProfileName | string | undefined;
  /** The plan's or stack's limits: more specific than the ambient environment, so they win over it. */
  readonly overrides?: LimitOverrides | undefined;
  /** How messages name the overrides ("plan limits", "stack config eni-ips:limits", …). */
  readonly overridesSource?: string | undefined;
  /** Environment variables, e.g. `process.env`; only ENI_IPS_* keys are read. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

function checkProfile(name: unknown, variable: string): ProfileName {
  if (isProfileName(name)) return name;
  throw new LimitsError(
    "unknown_profile",
    variable,
    name,
    `${variable}=${showValue(name)} is not a limits profile; use one of: ${PROFILE_NAMES.join(", ")}`,
  );
}

const WHOLE = /^\d+$/;

/** Env text -> whole number >= 1; the only form accepted (no "1e3", "0x10", "12.0", " 12"). */
function parseCountText(text: string, variable: string): number {
  const n = WHOLE.test(text) ? Number(text) : undefined;
  // A bad text is reported as the text it was.
  return checkCount(isLimitCount(n) ? n : text, variable);
}

function checkCount(value: unknown, variable: string): number {
  if (!isLimitCount(value)) {
    throw new LimitsError(
      "invalid_limit",
      variable,
      value,
      `${variable}=${showValue(value)} is not a valid limit; expected a whole number of at least 1`,
    );
  }
  return value;
}

/** `ecs.g6.large=6,ecs.c7.large=8` (spaces around items tolerated) -> map. */
export function parseInstanceTypeEniIps(text: string, variable: string = LIMIT_ENV.instanceTypeEniIps): Record<string, number> {
  const out: Record<string, number> = {};
  for (const raw of text.split(",")) {
    const item = raw.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    const type = eq < 0 ? "" : item.slice(0, eq).trim();
    const num = eq < 0 ? "" : item.slice(eq + 1).trim();
    if (type === "" || !WHOLE.test(num) || Number(num) < 1 || !Number.isSafeInteger(Number(num))) {
      throw new LimitsError(
        "invalid_limit",
        variable,
        text,
        `${variable}=${showValue(text)} has an invalid item ${showValue(item)}; expected instanceType=count items separated by commas, e.g. ecs.g6.large=6,ecs.c7.large=8`,
      );
    }
    out[type] = Number(num);
  }
  return out;
}

function profileSource(profile: ProfileName): string {
  return `${profile} profile`;
}

/**
 * Applies overrides over resolved limits, each overridden value taking `source` as its origin. Values
 * are checked (whole numbers >= 1; `eniMaxIps` may be null) and a bad one throws a LimitsError naming
 * `source` and the key. Used for plan/stack overrides and for a declaration's own limits.
 */
export function applyOverrides(resolved: ResolvedLimits, overrides: LimitOverrides | undefined, source: string): ResolvedLimits {
  if (overrides === undefined) return resolved;
  let { availableEniMaxIps, eniMaxIps, basicSecurityGroupMaxIps } = resolved;
  let instanceTypeEniIps = resolved.instanceTypeEniIps;
  if (overrides.availableEniMaxIps !== undefined) {
    availableEniMaxIps = { value: checkCount(overrides.availableEniMaxIps, `${source}: availableEniMaxIps`), source };
  }
  if (overrides.eniMaxIps !== undefined) {
    const v = overrides.eniMaxIps === null ? null : checkCount(overrides.eniMaxIps, `${source}: eniMaxIps`);
    eniMaxIps = { value: v, source };
  }
  if (overrides.basicSecurityGroupMaxIps !== undefined) {
    basicSecurityGroupMaxIps = {
      value: checkCount(overrides.basicSecurityGroupMaxIps, `${source}: basicSecurityGroupMaxIps`),
      source,
    };
  }
  if (overrides.instanceTypeEniIps !== undefined) {
    if (overrides.instanceTypeEniIps === null || typeof overrides.instanceTypeEniIps !== "object") {
      throw new LimitsError(
        "invalid_limit",
        `${source}: instanceTypeEniIps`,
        overrides.instanceTypeEniIps,
        `${source}: instanceTypeEniIps=${showValue(overrides.instanceTypeEniIps)} is not valid; expected an object such as {"ecs.g6.large": 6}`,
      );
    }
    const merged: Record<string, SourcedValue<number>> = { ...instanceTypeEniIps };
    for (const [type, n] of Object.entries(overrides.instanceTypeEniIps)) {
      merged[type] = { value: checkCount(n, `${source}: instanceTypeEniIps.${type}`), source };
    }
    instanceTypeEniIps = merged;
  }
  return { profile: resolved.profile, availableEniMaxIps, eniMaxIps, basicSecurityGroupMaxIps, instanceTypeEniIps };
}

/** Reads one env knob; empty text counts as unset (CI templates often export empty variables). */
function envText(env: ResolveLimitsOptions["env"], name: string): string | undefined {
  const v = env?.[name];
  if (v === undefined) return undefined;
  const t = v.trim();
  return t === "" ? undefined : t;
}

/** One per-resource limit: the environment's setting when there is one, else the profile's. */
function envLimit<K extends ResourceLimitKey>(env: ResolveLimitsOptions["env"], key: K, base: LimitValues, profileSource: string): SourcedValue<LimitValues[K]> {
  const variable = LIMIT_ENV[key];
  const text = envText(env, variable);
  if (text === undefined) return { value: base[key], source: profileSource };
  // ENI_IPS_ENI_MAX_IPS=none: no cap over the instance type's limit.
  const value = key === "eniMaxIps" && text.toLowerCase() === "none" ? null : parseCountText(text, variable);
  return { value: value as LimitValues[K], source: `env ${variable}` };
}

/**
 * The limits in force. Precedence, lowest first: the profile (explicit `profile`, else
 * ENI_IPS_PROFILE, else `default`); the environment knobs; `overrides` (the plan or stack: specific
 * beats ambient). Invalid values throw a LimitsError.
 */
export function resolveLimits(options: ResolveLimitsOptions = {}): ResolvedLimits {
  const env = options.env;
  const envProfile = envText(env, LIMIT_ENV.profile);
  const profile =
    options.profile !== undefined
      ? checkProfile(options.profile, "profile")
      : envProfile !== undefined
        ? checkProfile(envProfile, LIMIT_ENV.profile)
        : "default";
  const base = PROFILES[profile];
  const src = profileSource(profile);

  const availableEniMaxIps = envLimit(env, "availableEniMaxIps", base, src);
  const eniMaxIps = envLimit(env, "eniMaxIps", base, src);
  const basicSecurityGroupMaxIps = envLimit(env, "basicSecurityGroupMaxIps", base, src);
  const instanceTypeEniIps: Record<string, SourcedValue<number>> = {};
  const types = envText(env, LIMIT_ENV.instanceTypeEniIps);
  if (types !== undefined) {
    for (const [type, n] of Object.entries(parseInstanceTypeEniIps(types))) {
      instanceTypeEniIps[type] = { value: n, source: `env ${LIMIT_ENV.instanceTypeEniIps}` };
    }
  }

  const resolved: ResolvedLimits = { profile, availableEniMaxIps, eniMaxIps, basicSecurityGroupMaxIps, instanceTypeEniIps };
  return applyOverrides(resolved, options.overrides, options.overridesSource ?? "limit overrides");
}
