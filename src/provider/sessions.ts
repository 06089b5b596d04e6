// One cloud session per region, shared by every resource the provider host serves in this process,
// so the reads of a whole `pulumi preview` are batched and cached once (docs/architecture.md). Sessions are
// created on first use from the environment as it is at call time; nothing here ends up in state.
import type { CloudSession } from "../cloud/types";

interface CloudModule {
  createCloudSession(options: { env?: NodeJS.ProcessEnv; regionId?: string }): CloudSession;
}

const sessions = new Map<string, CloudSession>();

/** The region a resource works in: its own input, else ALIBABA_CLOUD_REGION_ID now. */
export function effectiveRegion(regionInput: unknown): string | undefined {
  if (typeof regionInput === "string" && regionInput !== "") return regionInput;
  const fromEnv = process.env["ALIBABA_CLOUD_REGION_ID"];
  return fromEnv !== undefined && fromEnv !== "" ? fromEnv : undefined;
}

export function sessionFor(regionId: string): CloudSession {
  let s = sessions.get(regionId);
  if (s === undefined) {
    // Loaded here, not at the top: the cloud layer pulls in the Alibaba SDKs, which the resource
    // class (imported by every Pulumi program) must not pay for.
    const cloud = require("../cloud") as CloudModule;
    s = cloud.createCloudSession({ env: process.env, regionId });
    sessions.set(regionId, s);
  }
  return s;
}

/** Every session's API call counters, summed (bench, tests); `throttled` calls are among the others. */
export function sessionStats(): { reads: number; mutations: number; throttled: number } {
  let reads = 0;
  let mutations = 0;
  let throttled = 0;
  for (const s of sessions.values()) {
    const st = s.stats();
    reads += st.reads;
    mutations += st.mutations;
    throttled += st.throttled;
  }
  return { reads, mutations, throttled };
}

/** Drops every session (a new run, or a changed environment in tests and benches). */
export function resetSessions(): void {
  sessions.clear();
}
