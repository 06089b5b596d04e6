// The offline snapshot file: the account facts `preview` needs, captured once by `eni-ips snapshot`
// and committed or cached by CI. Versioned so a newer eni-ips can refuse (or migrate) a file it does
// not understand instead of misreading it; checked on load because a hand-edited or truncated file
// must fail loudly (exit 2), not validate a plan against half an account. Format: docs/snapshot-format.md.
import { readFileSync } from "node:fs";
import type { AccountFacts, ValidationWarning } from "../core/types";
import { describeValue, SnapshotFileError, type InputIssue } from "./input-error";

export const SNAPSHOT_FORMAT = "eni-ips-snapshot";
/** Written by this eni-ips. 2: the scope of a plan capture lists the vSwitches, security groups,
 *  instances and instance types captured by id (for plans that create ENIs and instances), beside
 *  the ENIs; version 1 listed ENIs only (`{"kind":"enis"}`). */
export const SNAPSHOT_VERSION = 2;
/** Versions this eni-ips reads: older files stay usable until recaptured. */
export const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, 2];
/** Past this age preview warns (`stale_snapshot`); `--max-age` changes it. */
export const DEFAULT_MAX_AGE_MS = 24 * 3_600_000;

/** What was captured: every ENI of the region (and what they touch), or what a plan needs, by id.
 *  An id listed here and absent from the facts does not exist in the account. */
export type SnapshotScope = { readonly kind: "region" } | PlanScope;

export interface PlanScope {
  readonly kind: "plan";
  readonly networkInterfaceIds: readonly string[];
  readonly vSwitchIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly instanceIds: readonly string[];
  readonly instanceTypeIds: readonly string[];
}

const PLAN_SCOPE_LISTS = ["networkInterfaceIds", "vSwitchIds", "securityGroupIds", "instanceIds", "instanceTypeIds"] as const;

export interface SnapshotFile {
  readonly format: typeof SNAPSHOT_FORMAT;
  /** The version the file was written in (a version-1 file is read into the version-2 shape). */
  readonly version: number;
  /** ISO 8601, UTC. */
  readonly capturedAt: string;
  readonly regionId: string;
  readonly scope: SnapshotScope;
  readonly facts: AccountFacts;
}

export function createSnapshot(regionId: string, scope: SnapshotScope, facts: AccountFacts, now: Date = new Date()): SnapshotFile {
  return { format: SNAPSHOT_FORMAT, version: SNAPSHOT_VERSION, capturedAt: now.toISOString(), regionId, scope, facts: normalizeFacts(facts) };
}

/** Stable order (by id) so a re-capture of an unchanged account is an empty diff. Address lists keep
 *  their order: the primary address comes first on purpose. */
export function normalizeFacts(facts: AccountFacts): AccountFacts {
  const by = <T>(key: (t: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
  return {
    enis: [...facts.enis].sort(by((e) => e.networkInterfaceId)),
    vSwitches: [...facts.vSwitches].sort(by((v) => v.vSwitchId)),
    instances: [...facts.instances].sort(by((i) => i.instanceId)),
    instanceTypes: [...facts.instanceTypes].sort(by((t) => t.instanceTypeId)),
    securityGroups: [...facts.securityGroups].sort(by((g) => g.securityGroupId)),
  };
}

/** Pretty JSON with one line per fact, so a re-capture's diff shows one changed line per changed ENI
 *  (the file is meant to be committed and reviewed). Still plain JSON: any JSON reader takes it. */
export function serializeSnapshot(snapshot: SnapshotFile): string {
  const { facts, ...head } = snapshot;
  const lines = Object.entries(head).map(([key, value]) => `  ${JSON.stringify(key)}: ${JSON.stringify(value)},`);
  const sections = (Object.keys(facts) as (keyof AccountFacts)[]).map((key) => {
    const items = facts[key] as readonly unknown[];
    if (items.length === 0) return `    ${JSON.stringify(key)}: []`;
    return `    ${JSON.stringify(key)}: [\n${items.map((item) => `      ${JSON.stringify(item)}`).join(",\n")}\n    ]`;
  });
  return `{\n${lines.join("\n")}\n  "facts": {\n${sections.join(",\n")}\n  }\n}\n`;
}

export function readSnapshotFile(path: string, displayName: string = path): SnapshotFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (error as Error).message;
    throw new SnapshotFileError(displayName, [{ path: "", message: `cannot read the snapshot: ${reason}` }], { cause: error });
  }
  return parseSnapshot(text, displayName);
}

/** Parses and checks a snapshot; throws SnapshotFileError listing every problem. */
export function parseSnapshot(text: string, file: string): SnapshotFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotFileError(file, [{ path: "", message: `not valid JSON (${(error as Error).message}); recapture it with \`eni-ips snapshot\`` }], { cause: error });
  }
  const issues: InputIssue[] = [];
  const check = new Checker(issues);
  if (!isRecord(data)) {
    throw new SnapshotFileError(file, [{ path: "", message: `expected a JSON object, got ${describeValue(data)}` }]);
  }
  // Identity first: a file of another kind or version gets one clear message, not a cascade.
  if (data["format"] !== SNAPSHOT_FORMAT) {
    throw new SnapshotFileError(file, [{ path: "format", message: `expected "${SNAPSHOT_FORMAT}", got ${describeValue(data["format"])}: this is not an eni-ips snapshot` }]);
  }
  const version = data["version"];
  if (typeof version !== "number" || !READABLE_SNAPSHOT_VERSIONS.includes(version)) {
    throw new SnapshotFileError(file, [
      {
        path: "version",
        message: `unsupported snapshot version ${describeValue(version)}; this eni-ips reads versions ${READABLE_SNAPSHOT_VERSIONS.join(" and ")}. Recapture with this eni-ips (\`eni-ips snapshot\`) or upgrade it.`,
      },
    ]);
  }
  const capturedAt = check.string(data, "capturedAt", "");
  if (capturedAt !== undefined && Number.isNaN(Date.parse(capturedAt))) {
    issues.push({ path: "capturedAt", message: `expected an ISO 8601 date, got ${describeValue(capturedAt)}` });
  }
  check.string(data, "regionId", "");
  check.scope(data["scope"], version);
  check.facts(data["facts"]);
  if (issues.length > 0) throw new SnapshotFileError(file, issues);
  return { ...(data as unknown as SnapshotFile), scope: upgradeScope(data["scope"] as Record<string, unknown>) };
}

/** Version 1's `{"kind":"enis"}` is a plan scope of ENIs only. */
function upgradeScope(scope: Record<string, unknown>): SnapshotScope {
  if (scope["kind"] === "region") return { kind: "region" };
  const list = (key: string): string[] => (Array.isArray(scope[key]) ? (scope[key] as string[]) : []);
  return {
    kind: "plan",
    networkInterfaceIds: list("networkInterfaceIds"),
    vSwitchIds: list("vSwitchIds"),
    securityGroupIds: list("securityGroupIds"),
    instanceIds: list("instanceIds"),
    instanceTypeIds: list("instanceTypeIds"),
  };
}

/** A plan scope with every list sorted (stable files, empty diffs on recapture). */
export function planScope(lists: Partial<Omit<PlanScope, "kind">>): PlanScope {
  const sorted = (l: readonly string[] | undefined): string[] => [...new Set(l ?? [])].sort();
  return {
    kind: "plan",
    networkInterfaceIds: sorted(lists.networkInterfaceIds),
    vSwitchIds: sorted(lists.vSwitchIds),
    securityGroupIds: sorted(lists.securityGroupIds),
    instanceIds: sorted(lists.instanceIds),
    instanceTypeIds: sorted(lists.instanceTypeIds),
  };
}

/** The `stale_snapshot` warning when the snapshot is older than `maxAgeMs` (null: never). */
export function staleSnapshotWarning(snapshot: SnapshotFile, file: string, maxAgeMs: number | null, now: Date = new Date()): ValidationWarning | undefined {
  if (maxAgeMs === null) return undefined;
  const age = now.getTime() - Date.parse(snapshot.capturedAt);
  if (age <= maxAgeMs) return undefined;
  return {
    code: "stale_snapshot",
    message: `snapshot ${file} was captured ${formatAge(age)} ago (${snapshot.capturedAt}), more than the allowed ${formatAge(maxAgeMs)}: the account may have moved since; refresh it with \`eni-ips snapshot\` (or set --max-age)`,
  };
}

export function formatAge(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 120) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} days`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Checks the known fields of each fact (unknown extra fields are tolerated: a newer writer may add
 *  informative ones without bumping the version). */
class Checker {
  constructor(private readonly issues: InputIssue[]) {}

  scope(value: unknown, version: number): void {
    const planKind = version === 1 ? "enis" : "plan";
    if (!isRecord(value)) {
      this.issues.push({ path: "scope", message: `expected { "kind": "region" } or { "kind": "${planKind}", "networkInterfaceIds": [...]${version === 1 ? "" : ", …"} }, got ${describeValue(value)}` });
      return;
    }
    if (value["kind"] === "region") return;
    if (value["kind"] === planKind) {
      for (const key of version === 1 ? (["networkInterfaceIds"] as const) : PLAN_SCOPE_LISTS) this.stringList(value, key, "scope");
      return;
    }
    this.issues.push({ path: "scope.kind", message: `expected "region" or "${planKind}" (snapshot version ${version}), got ${describeValue(value["kind"])}` });
  }

  facts(value: unknown): void {
    if (!isRecord(value)) {
      this.issues.push({ path: "facts", message: `expected an object with enis, vSwitches, instances, instanceTypes, securityGroups, got ${describeValue(value)}` });
      return;
    }
    this.list(value, "enis", (o, p) => {
      for (const k of ["networkInterfaceId", "status", "type", "vSwitchId", "primaryIpAddress"] as const) this.string(o, k, p);
      this.optionalString(o, "instanceId", p);
      this.stringList(o, "securityGroupIds", p);
      this.stringList(o, "privateIpAddresses", p);
    });
    this.list(value, "vSwitches", (o, p) => {
      this.string(o, "vSwitchId", p);
      this.string(o, "cidrBlock", p);
      this.optionalCount(o, "availableIpAddressCount", p);
    });
    this.list(value, "instances", (o, p) => {
      for (const k of ["instanceId", "status", "instanceType"] as const) this.string(o, k, p);
    });
    this.list(value, "instanceTypes", (o, p) => {
      this.string(o, "instanceTypeId", p);
      this.count(o, "eniPrivateIpAddressQuantity", p);
    });
    this.list(value, "securityGroups", (o, p) => {
      this.string(o, "securityGroupId", p);
      this.string(o, "securityGroupType", p);
      this.optionalCount(o, "privateIpAddressCount", p);
    });
  }

  private list(parent: Record<string, unknown>, key: string, each: (o: Record<string, unknown>, path: string) => void): void {
    const value = parent[key];
    if (!Array.isArray(value)) {
      this.issues.push({ path: `facts.${key}`, message: `expected a list, got ${describeValue(value)}` });
      return;
    }
    value.forEach((item, i) => {
      const path = `facts.${key}[${i}]`;
      if (isRecord(item)) each(item, path);
      else this.issues.push({ path, message: `expected an object, got ${describeValue(item)}` });
    });
  }

  string(o: Record<string, unknown>, key: string, path: string): string | undefined {
    const value = o[key];
    if (typeof value === "string" && value !== "") return value;
    this.issues.push({ path: join(path, key), message: `expected a non-empty string, got ${describeValue(value)}` });
    return undefined;
  }

  private optionalString(o: Record<string, unknown>, key: string, path: string): void {
    if (o[key] !== undefined && o[key] !== null) this.string(o, key, path);
  }

  private stringList(o: Record<string, unknown>, key: string, path: string): void {
    const value = o[key];
    if (!Array.isArray(value) || !value.every((v) => typeof v === "string")) {
      this.issues.push({ path: join(path, key), message: `expected a list of strings, got ${describeValue(value)}` });
    }
  }

  private count(o: Record<string, unknown>, key: string, path: string): void {
    const value = o[key];
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
      this.issues.push({ path: join(path, key), message: `expected a non-negative integer, got ${describeValue(value)}` });
    }
  }

  private optionalCount(o: Record<string, unknown>, key: string, path: string): void {
    if (o[key] !== undefined && o[key] !== null) this.count(o, key, path);
  }
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
