// In-process control of a provider "run" (benches, tests): the dynamic-provider host is one run per
// process; in-process callers start a new one explicitly. Loads the same module instances the
// provider object loads (by package name), so it resets the state the provider really uses.
type Registry = typeof import("./demand-registry");
type Sessions = typeof import("./sessions");

/** Forget the run's demand and its cloud sessions (cached reads, counters). */
export function resetProviderRun(): void {
  (require("eni-ips/provider/demand-registry") as Registry).clear();
  (require("eni-ips/provider/sessions") as Sessions).resetSessions();
}

/** API calls made by the provider's cloud sessions since the last reset. */
export function providerRunStats(): { reads: number; mutations: number; declarations: number } {
  const stats = (require("eni-ips/provider/sessions") as Sessions).sessionStats();
  return { ...stats, declarations: (require("eni-ips/provider/demand-registry") as Registry).size() };
}
