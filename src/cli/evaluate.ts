// The library call behind `preview` (and the demo): a parsed plan + facts (live or from a snapshot)
// + limits → the core's verdict. Kept apart from argument parsing and printing so the demo and tests
// run the very same path the command does.
import { resolve } from "node:path";
import { resolveLimits, validate } from "../core";
import type { AccountFacts, Declaration, ResolvedLimits, ValidationResult, ValidationWarning } from "../core/types";
import type { CallStats } from "../cloud/types";
import { SnapshotFileError } from "./input-error";
import type { CliIo } from "./io";
import { gatherLiveFacts, openCloudSession } from "./live-facts";
import type { Plan } from "./plan";
import type { Progress } from "./progress";
import { readSnapshotFile, staleSnapshotWarning, type SnapshotFile } from "./snapshot-file";

export type FactsOrigin =
  | { readonly kind: "live"; readonly regionId: string; readonly stats: CallStats }
  | { readonly kind: "snapshot"; readonly file: string; readonly regionId: string; readonly capturedAt: string };

export interface PreviewOutcome {
  readonly plan: Plan;
  readonly origin: FactsOrigin;
  readonly facts: AccountFacts;
  readonly limits: ResolvedLimits;
  readonly result: ValidationResult;
}

export interface EvaluateOptions {
  readonly io: CliIo;
  readonly plan: Plan;
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

export async function evaluatePlan(options: EvaluateOptions): Promise<PreviewOutcome> {
  const { io, plan } = options;
  // Limits first: a bad ENI_IPS_* variable is a usage error and should not cost an API call.
  const limits = resolveLimits({
    profile: options.profile ?? plan.limits?.profile,
    overrides: plan.limits?.overrides,
    overridesSource: `plan limits (${plan.file})`,
    env: io.env,
  });
  const eniIds = uniqueEniIds(plan.declarations.map((d) => d.declaration));
  const warnings: ValidationWarning[] = [];
  let facts: AccountFacts;
  let origin: FactsOrigin;

  if (options.snapshotPath !== undefined) {
    const display = options.snapshotDisplayName ?? options.snapshotPath;
    const snapshot = readSnapshotFile(resolvePath(io, options.snapshotPath), display);
    checkSnapshotFits(snapshot, display, plan, eniIds);
    const stale = staleSnapshotWarning(snapshot, display, options.maxAgeMs, options.now);
    if (stale) warnings.push(stale);
    facts = snapshot.facts;
    origin = { kind: "snapshot", file: display, regionId: snapshot.regionId, capturedAt: snapshot.capturedAt };
  } else {
    const session = await openCloudSession(io, plan.regionId);
    facts = await gatherLiveFacts(session, eniIds, options.progress);
    origin = { kind: "live", regionId: plan.regionId ?? io.env["ALIBABA_CLOUD_REGION_ID"] ?? "", stats: session.stats() };
  }

  const result = validate({ declarations: plan.declarations.map((d) => d.declaration), facts, limits });
  return { plan, origin, facts, limits, result: { ...result, warnings: [...warnings, ...result.warnings] } };
}

function uniqueEniIds(declarations: readonly Declaration[]): string[] {
  const ids = new Set<string>();
  for (const d of declarations) if (typeof d.networkInterfaceId === "string" && d.networkInterfaceId !== "") ids.add(d.networkInterfaceId);
  return [...ids];
}

/** A snapshot of another region, or one captured for other ENIs, would turn "not captured" into a
 *  false `eni_not_found`: refuse it (exit 2) instead. */
function checkSnapshotFits(snapshot: SnapshotFile, file: string, plan: Plan, eniIds: readonly string[]): void {
  if (plan.regionId !== undefined && plan.regionId !== snapshot.regionId) {
    throw new SnapshotFileError(file, [{ path: "regionId", message: `the snapshot is of region ${snapshot.regionId} but the plan targets ${plan.regionId}` }]);
  }
  if (snapshot.scope.kind === "enis") {
    const captured = new Set(snapshot.scope.networkInterfaceIds);
    const missing = eniIds.filter((id) => !captured.has(id));
    if (missing.length > 0) {
      throw new SnapshotFileError(file, [
        {
          path: "scope",
          message: `the snapshot was captured for other ENIs and does not cover ${missing.join(", ")}; recapture it with \`eni-ips snapshot --plan ${plan.file}\` (or without --plan for the whole region)`,
        },
      ]);
    }
  }
}

export function resolvePath(io: CliIo, path: string): string {
  return resolve(io.cwd, path);
}
