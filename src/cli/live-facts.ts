// Live account facts for the CLI, through the same cloud layer (session, batching, read cache, read
// budget) as the Pulumi provider, so a preview in CI sees the account exactly as `pulumi preview`
// would. The cloud layer (and with it the Alibaba SDKs) is loaded only here, on demand: offline
// previews never pay for it.
import type { FactsRequest } from "../core/planned-types";
import type { AccountFacts } from "../core/types";
import type { CloudSession } from "../cloud/types";
import type { CliIo } from "./io";
import { withReadCounter, type Progress } from "./progress";
import { plural } from "./wording";

type CloudModule = typeof import("../cloud");

/** Problems with reaching the account (no credentials, no region, API refused): exit 2, with advice. */
export class LiveFactsError extends Error {
  override readonly name = "LiveFactsError";
  readonly code = "live_facts";
}

export async function openCloudSession(io: CliIo, regionId: string | undefined): Promise<CloudSession> {
  // Dynamic import with the file's own name: resolves to the .js file in the package and to the .ts
  // source under vitest, as the dispatcher's command loading does.
  const cloud: CloudModule = await import("../cloud/index.js");
  // No credential probe here: the cloud layer fails the first call at once with a
  // CloudConfigError(MissingCredentials) that names what to set, and translate() adds the offline way.
  try {
    return cloud.createCloudSession({ env: io.env, regionId });
  } catch (error) {
    throw translate(error);
  }
}

/** The facts a plan needs (its ENIs, and the vSwitches, groups, instances and instance types its new
 *  objects refer to), or (`"region"`) those of every ENI of the session's region. */
export async function gatherLiveFacts(session: CloudSession, scope: FactsRequest | "region", progress: Progress): Promise<AccountFacts> {
  try {
    let ids: readonly string[];
    if (scope === "region") {
      progress.phase("listing the ENIs of the region");
      ids = await withReadCounter(progress, () => session.stats().reads, session.listNetworkInterfaceIds());
    } else {
      ids = scope.networkInterfaceIds;
    }
    const more = scope === "region" ? {} : { vSwitchIds: scope.vSwitchIds, securityGroupIds: scope.securityGroupIds, instanceIds: scope.instanceIds, instanceTypeIds: scope.instanceTypeIds };
    const others = scope === "region" ? 0 : scope.vSwitchIds.length + scope.securityGroupIds.length + scope.instanceIds.length + scope.instanceTypeIds.length;
    progress.phase(`reading facts for ${plural(ids.length, "ENI")}${others === 0 ? "" : ` and ${plural(others, "other object")}`}`);
    return await withReadCounter(progress, () => session.stats().reads, session.gatherFacts(ids, more));
  } catch (error) {
    throw translate(error);
  } finally {
    progress.done();
  }
}

/** Turns the cloud layer's typed errors into one actionable line; anything unexpected passes through. */
function translate(error: unknown): unknown {
  if (error instanceof LiveFactsError) return error;
  const e = error as { name?: unknown; code?: unknown; message?: unknown } | undefined;
  const message = typeof e?.message === "string" ? e.message : String(error);
  if (e?.name === "CloudConfigError") {
    if (e.code === "MissingCredentials") return new LiveFactsError(`${message}; or validate offline with --snapshot FILE`, { cause: error });
    if (e.code === "MissingRegion") return new LiveFactsError(`${message} (or give regionId in the plan)`, { cause: error });
    return new LiveFactsError(message, { cause: error });
  }
  if (e?.name === "CloudApiError" || e?.name === "CloudTransportError") {
    return new LiveFactsError(`cannot read the account: ${message}`, { cause: error });
  }
  return error;
}
