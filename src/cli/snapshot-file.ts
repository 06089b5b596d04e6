// The offline snapshot file: the account facts `preview` needs, captured once by `eni-ips snapshot`
// and committed or cached by CI. Versioned so a newer eni-ips can refuse (or migrate) a file it does
// not understand instead of misreading it; checked on load because a hand-edited or truncated file
// must fail loudly (exit 2), not validate a plan against half an account. Format: docs/snapshot-format.md.
import type { AccountFacts, ValidationWarning } from "../core/types";
import { describeValue, SnapshotFileError, type InputIssue } from "./input-error";
import { jsonNestingExcess, lineColOf, tooDeepMessage } from "./nesting-depth";
import { readInputFile, type ReadLimits } from "./read-input";
import { checkSnapshotBody, isRecord } from "./snapshot-check";

export const SNAPSHOT_FORMAT = "eni-ips-snapshot";
/** Written by this eni-ips. 3: ENIs carry their IPv4 prefixes and IPv6 counts, vSwitches their
 *  prefix reservations, basic groups their IPv6 counts. 2: the scope of a plan capture lists the
 *  vSwitches, security groups, instances and instance types captured by id (for plans that create
 *  ENIs and instances), beside the ENIs; version 1 listed ENIs only (`{"kind":"enis"}`). */
export const SNAPSHOT_VERSION = 3;
/** Versions this eni-ips reads: older files stay usable until recaptured (without prefix facts: the
 *  prefix rules then warn that a vSwitch's reservations are not known). */
export const READABLE_SNAPSHOT_VERSIONS: readonly number[] = [1, 2, 3];
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

/** Reads (bounded, see read-input.ts) and checks a snapshot file. */
export async function readSnapshotFile(path: string, displayName: string = path, options: SnapshotReadOptions = {}): Promise<SnapshotFile> {
  const text = await readInputFile(path, displayName, "snapshot", options);
  return parseSnapshot(text, displayName, options);
}

export interface SnapshotReadOptions extends ReadLimits {
  /** The clock `capturedAt` must not be ahead of; default now. */
  readonly now?: Date | undefined;
}

/** Parses and checks a snapshot; throws SnapshotFileError listing every problem. */
export function parseSnapshot(text: string, file: string, options: SnapshotReadOptions = {}): SnapshotFile {
  const deep = jsonNestingExcess(text);
  if (deep >= 0) throw new SnapshotFileError(file, [{ ...lineColOf(text, deep), path: "", message: tooDeepMessage() }]);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new SnapshotFileError(file, [{ path: "", message: `not valid JSON (${(error as Error).message}); recapture it with \`eni-ips snapshot\`` }], { cause: error });
  }
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
        message: `unsupported snapshot version ${describeValue(version)}; this eni-ips reads versions ${READABLE_SNAPSHOT_VERSIONS.slice(0, -1).join(", ")} and ${READABLE_SNAPSHOT_VERSIONS[READABLE_SNAPSHOT_VERSIONS.length - 1]!}. Recapture with this eni-ips (\`eni-ips snapshot\`) or upgrade it.`,
      },
    ]);
  }
  const issues: InputIssue[] = [];
  checkSnapshotBody(data, version, options.now ?? new Date(), issues);
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
