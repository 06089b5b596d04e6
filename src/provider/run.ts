// In-process control of a provider "run" (the CLI demo, benches, tests): the dynamic-provider host is
// one run per process; in-process callers start a new one explicitly. It acts on the module
// instances the provider object really uses: those beside `eni-ips/provider/engine` as the package
// resolves it (the built modules), found by file path since only the engine is a public entry.
import * as path from "node:path";

type Registry = typeof import("./demand-registry");
type Sessions = typeof import("./sessions");

/** A module of the provider, the same instance the provider object's `require("eni-ips/provider/engine")` uses. */
function providerModule<T>(name: string): T {
  return require(path.join(path.dirname(require.resolve("eni-ips/provider/engine")), name)) as T;
}

/** Forget the run's demand and its cloud sessions (cached reads, counters). */
export function resetProviderRun(): void {
  providerModule<Registry>("demand-registry").clear();
  providerModule<Sessions>("sessions").resetSessions();
}

/** API calls made by the provider's cloud sessions since the last reset (throttled ones among them). */
export function providerRunStats(): { reads: number; mutations: number; throttled: number; declarations: number } {
  const stats = providerModule<Sessions>("sessions").sessionStats();
  return { ...stats, declarations: providerModule<Registry>("demand-registry").size() };
}
