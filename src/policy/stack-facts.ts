// The account facts the stack policy judges against: read live through the cloud layer (one session
// per policy run, so its batched and cached reads serve both phases of telling existing resources
// from new ones; read-only calls only), or taken from a snapshot file, which must cover what the
// stack needs by the same rule as `eni-ips preview --snapshot` (src/facts/snapshot-coverage.ts).
// Every way this can fail is an AccountFactsError whose message names what failed; it never
// carries credentials (the cloud layer's messages do not).
import { resolve } from "node:path";
import type { FactsRequest } from "../core/planned-types";
import type { AccountFacts, ValidationWarning } from "../core/types";
import type { CloudSession } from "../cloud/types";
import { DEFAULT_MAX_AGE_MS, readSnapshotFile, staleSnapshotWarning, type SnapshotFile } from "../cli/snapshot-file";
import { snapshotGaps } from "../facts/snapshot-coverage";

export class AccountFactsError extends Error {
  override readonly name = "AccountFactsError";
  readonly code = "account_facts";
}

export interface FactsReader {
  /** Facts for these objects; throws AccountFactsError. */
  read(need: FactsRequest): Promise<AccountFacts>;
  /** Warnings about the facts themselves (an old snapshot). */
  warnings(): ValidationWarning[];
}

export interface FactsSourceOptions {
  /** Offline: a snapshot file (`eni-ips snapshot`); relative to `cwd`. */
  readonly snapshot?: string | undefined;
  /** The region the stack targets, when it says (options or `alicloud:region`). */
  readonly regionId?: string | undefined;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly now?: Date | undefined;
}

export function factsReader(options: FactsSourceOptions): FactsReader {
  return options.snapshot === undefined ? liveReader(options) : snapshotReader(options, options.snapshot);
}

function snapshotReader(options: FactsSourceOptions, file: string): FactsReader {
  let snapshot: SnapshotFile | undefined;
  const load = async (): Promise<SnapshotFile> => {
    if (snapshot !== undefined) return snapshot;
    try {
      // Bounded and checked as strictly as `eni-ips preview --snapshot` reads it.
      snapshot = await readSnapshotFile(resolve(options.cwd, file), file, { now: options.now });
    } catch (error) {
      throw new AccountFactsError(`eni-ips could not use the snapshot ${file}: ${(error as Error).message}`, { cause: error });
    }
    return snapshot;
  };
  return {
    async read(need) {
      const s = await load();
      const gaps = snapshotGaps(s, need, options.regionId);
      if (gaps.otherRegion !== undefined) {
        throw new AccountFactsError(`eni-ips could not use the snapshot ${file}: it is of region ${gaps.otherRegion} but the stack targets ${options.regionId}`);
      }
      if (gaps.missing.length > 0) {
        throw new AccountFactsError(
          `eni-ips could not use the snapshot ${file}: it was captured for other objects and does not cover ${gaps.missing.join(", ")}; capture the whole region with \`eni-ips snapshot --out ${file}\``,
        );
      }
      return s.facts;
    },
    warnings() {
      if (snapshot === undefined) return [];
      const stale = staleSnapshotWarning(snapshot, file, DEFAULT_MAX_AGE_MS, options.now);
      return stale === undefined ? [] : [stale];
    },
  };
}

function liveReader(options: FactsSourceOptions): FactsReader {
  let session: CloudSession | undefined;
  const where = (): string => {
    const region = options.regionId ?? options.env["ALIBABA_CLOUD_REGION_ID"];
    return region === undefined || region === "" ? "the account" : `the account (region ${region})`;
  };
  return {
    async read(need) {
      try {
        if (session === undefined) {
          // Loaded on first use: an offline pack never loads the Alibaba SDKs.
          const cloud = (await import("../cloud/index.js")) as typeof import("../cloud/index");
          session = cloud.createCloudSession({ env: options.env, regionId: options.regionId });
        }
        return await session.gatherFacts(need.networkInterfaceIds, {
          vSwitchIds: need.vSwitchIds,
          securityGroupIds: need.securityGroupIds,
          instanceIds: need.instanceIds,
          instanceTypeIds: need.instanceTypeIds,
        });
      } catch (error) {
        const e = error as { name?: unknown; message?: unknown };
        const message = typeof e?.message === "string" ? e.message : String(error);
        const offline = e?.name === "CloudConfigError" ? "; or judge offline with a snapshot (eniIpsPolicies({ snapshot }))" : "";
        throw new AccountFactsError(`eni-ips could not read ${where()}: ${message}${offline}`, { cause: error });
      }
    },
    warnings: () => [],
  };
}
