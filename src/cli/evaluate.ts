// The library call behind `preview` (and the demo): a plan (eni-ips's own, or a Terraform or Pulumi
// plan read into planned objects) + facts (live or from a snapshot) + limits -> the core's verdict.
// Kept apart from argument parsing and printing so the demo and tests run the very same path the
// command does.
import { resolve } from "node:path";
import { resolveLimits, validate } from "../core";
import type { Wording } from "../core/messages";
import { judgePlannedObjects, plannedFactsRequest } from "../core/planned";
import type { FactsRequest } from "../core/planned-types";
import type { AccountFacts, Declaration, ResolvedLimits, UsageReport, ValidationWarning, Violation } from "../core/types";
import { showValue } from "../core/show-value";
import type { CallStats } from "../cloud/types";
import { snapshotGaps } from "../facts/snapshot-coverage";
import { SnapshotFileError } from "./input-error";
import type { CliIo } from "./io";
import { gatherLiveFacts, openCloudSession } from "./live-facts";
import type { Plan, PlanDeclaration } from "./plan";
import type { PreviewSource } from "./plan-source";
import type { Progress } from "./progress";
import { readSnapshotFile, staleSnapshotWarning, type SnapshotFile } from "./snapshot-file";
import { plural } from "./wording";

export type FactsOrigin =
  | { readonly kind: "live"; readonly regionId: string; readonly stats: CallStats }
  | { readonly kind: "snapshot"; readonly file: string; readonly regionId: string; readonly capturedAt: string };

/** A violation as reported: for a Terraform or Pulumi plan, in the tool's terms (PlannedViolation:
 *  `networkInterfaceId` null for an ENI the plan creates, `eniLabel` naming it, `names` the tool's). */
export interface OutcomeViolation extends Omit<Violation, "networkInterfaceId">, Wording {
  readonly networkInterfaceId?: string | null | undefined;
}

export interface PreviewResult {
  readonly violations: readonly OutcomeViolation[];
  readonly warnings: readonly ValidationWarning[];
  readonly usage: UsageReport;
}

/** One judged declaration or resource, as the report lists it under its ENI. */
export interface PreviewEntry {
  /** The declaration's name, Terraform address or Pulumi URN (violations name it). */
  readonly name: string;
  /** Shorter, for the table: the plan name, the address, or the URN's name. */
  readonly displayName: string;
  /** The ENI it puts addresses on: its id, "(new) NAME" for one the plan creates, or a placeholder. */
  readonly eniLabel: string;
  readonly request: string;
}

export interface PreviewOutcome {
  readonly source: PreviewSource;
  readonly origin: FactsOrigin;
  /** The account facts, plus (for Terraform and Pulumi plans) what the plan creates, as "(new) NAME". */
  readonly facts: AccountFacts;
  readonly limits: ResolvedLimits;
  readonly result: PreviewResult;
  readonly entries: readonly PreviewEntry[];
  /** Informational lines (resources of types eni-ips does not judge). */
  readonly notes: readonly string[];
}

export interface EvaluateOptions {
  readonly io: CliIo;
  readonly source: PreviewSource;
  /** Offline: validate against this snapshot file (path relative to io.cwd) instead of the account. */
  readonly snapshotPath?: string | undefined;
  readonly snapshotDisplayName?: string | undefined;
  /** `--profile`; wins over the plan's `limits.profile` and ENI_IPS_PROFILE. */
  readonly profile?: string | undefined;
  /** Snapshot age past which `stale_snapshot` is warned; null: never. */
  readonly maxAgeMs: number | null;
  readonly progress: Progress;
  readonly now?: Date | undefined;
}

/** An eni-ips plan, judged as the demo does. */
export async function evaluatePlan(options: Omit<EvaluateOptions, "source"> & { readonly plan: Plan }): Promise<PreviewOutcome> {
  const { plan, ...rest } = options;
  return evaluatePreview({ ...rest, source: { kind: "plan", file: plan.file, stdin: false, plan } });
}

export async function evaluatePreview(options: EvaluateOptions): Promise<PreviewOutcome> {
  const { io, source } = options;
  const plan = source.kind === "plan" ? source.plan : undefined;
  // Limits first: a bad ENI_IPS_* variable is a usage error and should not cost an API call.
  const limits = resolveLimits({
    profile: options.profile ?? plan?.limits?.profile,
    overrides: plan?.limits?.overrides,
    overridesSource: `plan limits (${source.file})`,
    env: io.env,
  });
  const need = factsRequestOf(source);
  const regionId = source.kind === "plan" ? source.plan.regionId : source.planned.regionId;
  const run = runRegion(io, regionId, source);
  const warnings: ValidationWarning[] = [];
  let facts: AccountFacts;
  let origin: FactsOrigin;

  if (options.snapshotPath !== undefined) {
    const display = options.snapshotDisplayName ?? options.snapshotPath;
    const snapshot = await readSnapshotFile(resolvePath(io, options.snapshotPath), display, { now: options.now });
    checkSnapshotFits(snapshot, display, source, run, need);
    const stale = staleSnapshotWarning(snapshot, display, options.maxAgeMs, options.now);
    if (stale) warnings.push(stale);
    facts = snapshot.facts;
    origin = { kind: "snapshot", file: display, regionId: snapshot.regionId, capturedAt: snapshot.capturedAt };
  } else {
    const session = await openCloudSession(io, regionId);
    facts = await gatherLiveFacts(session, need, options.progress);
    origin = { kind: "live", regionId: regionId ?? io.env["ALIBABA_CLOUD_REGION_ID"] ?? "", stats: session.stats() };
  }

  if (source.kind === "plan") {
    const result = validate({ declarations: source.plan.declarations.map((d) => d.declaration), facts, limits });
    return {
      source,
      origin,
      facts,
      limits,
      result: { ...result, warnings: [...warnings, ...result.warnings] },
      entries: source.plan.declarations.map(planEntry),
      notes: [],
    };
  }
  const judged = judgePlannedObjects({ planned: source.planned, facts, limits });
  return {
    source,
    origin,
    facts: judged.facts,
    limits,
    result: { violations: judged.violations, warnings: [...warnings, ...judged.warnings], usage: judged.usage },
    entries: judged.resources.map((r) => ({ name: r.key, displayName: r.name, eniLabel: r.eniLabel, request: r.request })),
    notes: ignoredNote(source.planned.ignored),
  };
}

/** The facts a source needs, by id. */
export function factsRequestOf(source: PreviewSource): FactsRequest {
  if (source.kind !== "plan") return plannedFactsRequest(source.planned.objects);
  return {
    networkInterfaceIds: uniqueEniIds(source.plan.declarations.map((d) => d.declaration)),
    vSwitchIds: [],
    securityGroupIds: [],
    instanceIds: [],
    instanceTypeIds: [],
  };
}

function planEntry(entry: PlanDeclaration): PreviewEntry {
  const d = entry.declaration;
  const parts: string[] = [];
  if (Array.isArray(d.privateIpAddresses)) parts.push(`addresses ${d.privateIpAddresses.map((a) => (typeof a === "string" ? a : showValue(a))).join(", ") || "(none)"}`);
  if (d.secondaryPrivateIpAddressCount !== undefined) parts.push(`count ${showValue(d.secondaryPrivateIpAddressCount)}`);
  if (d.adoptExisting) parts.push("adopting existing");
  return { name: d.name, displayName: d.name, eniLabel: typeof d.networkInterfaceId === "string" ? d.networkInterfaceId : "(unknown ENI)", request: parts.join("; ") };
}

function ignoredNote(ignored: Readonly<Record<string, number>>): string[] {
  const entries = Object.entries(ignored).sort(([a], [b]) => (a < b ? -1 : 1));
  const total = entries.reduce((n, [, c]) => n + c, 0);
  if (total === 0) return [];
  return [`${plural(total, "resource")} of types eni-ips does not judge ignored: ${entries.map(([t, c]) => `${t} ×${c}`).join(", ")}`];
}

function uniqueEniIds(declarations: readonly Declaration[]): string[] {
  const ids = new Set<string>();
  for (const d of declarations) if (typeof d.networkInterfaceId === "string" && d.networkInterfaceId !== "") ids.add(d.networkInterfaceId);
  return [...ids];
}

/** The region a run is about, and who said so: the plan's region (an eni-ips plan's `regionId`, a
 *  Terraform provider's `region`, Pulumi's `alicloud:region`), else ALIBABA_CLOUD_REGION_ID – the
 *  region a live preview of the same plan would read. Undefined when neither names one: then the
 *  snapshot's own region is the run's. */
interface RunRegion {
  readonly regionId: string;
  readonly from: string;
}

function runRegion(io: CliIo, planRegion: string | undefined, source: PreviewSource): RunRegion | undefined {
  if (planRegion !== undefined) return { regionId: planRegion, from: `${source.file} targets` };
  const env = io.env["ALIBABA_CLOUD_REGION_ID"]?.trim();
  return env ? { regionId: env, from: "ALIBABA_CLOUD_REGION_ID is" } : undefined;
}

/** A snapshot of another region, or one captured for other objects, is refused (exit 2): the rule of
 *  what a snapshot covers is shared with the policy pack (src/facts/snapshot-coverage.ts). */
function checkSnapshotFits(snapshot: SnapshotFile, file: string, source: PreviewSource, run: RunRegion | undefined, need: FactsRequest): void {
  const gaps = snapshotGaps(snapshot, need, run?.regionId);
  if (gaps.otherRegion !== undefined && run !== undefined) {
    throw new SnapshotFileError(file, [{ path: "regionId", message: `the snapshot is of region ${gaps.otherRegion} but ${run.from} ${run.regionId}; capture a snapshot of ${run.regionId}, or run against the right one` }]);
  }
  if (gaps.missing.length > 0) {
    const recapture = source.stdin ? "`eni-ips snapshot --plan FILE`" : `\`eni-ips snapshot --plan ${source.file}\``;
    throw new SnapshotFileError(file, [
      {
        path: "scope",
        message: `the snapshot was captured for other objects and does not cover ${gaps.missing.join(", ")}; recapture it with ${recapture}${source.kind === "plan" ? " (or without --plan for the whole region)" : ""}`,
      },
    ]);
  }
}

export function resolvePath(io: CliIo, path: string): string {
  return resolve(io.cwd, path);
}
