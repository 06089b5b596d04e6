// The run's demand as the provider host sees it: every resource checked so far in this process, by
// resource name, in check order. Pulumi checks one resource at a time in one long-lived host, so a
// later check must count what earlier ones will add (DESIGN §3) – but only once: a failed check adds
// nothing, a re-check replaces, and after create/update the entry declares exactly what it now owns
// (already on the ENI, so the core counts it as owned, not as new demand).
import type { Declaration } from "../core/types";

interface Entry {
  readonly regionId: string;
  readonly declaration: Declaration;
}

const entries = new Map<string, Entry>();

/** Records (or replaces, moving it last) the demand of a resource whose check passed. */
export function recordChecked(name: string, regionId: string, declaration: Declaration): void {
  entries.delete(name);
  entries.set(name, { regionId, declaration });
}

/** The resource's addresses are now real: it declares exactly them and owns them all. */
export function recordOwned(name: string, regionId: string, networkInterfaceId: string, owned: readonly string[]): void {
  const previous = entries.get(name);
  const declaration: Declaration = {
    name,
    networkInterfaceId,
    privateIpAddresses: [...owned],
    ownedAddresses: [...owned],
    ...(previous?.declaration.limits !== undefined ? { limits: previous.declaration.limits } : {}),
  };
  entries.delete(name);
  entries.set(name, { regionId, declaration });
}

export function forget(name: string): void {
  entries.delete(name);
}

/** Earlier declarations of the run in the same region, this resource excluded, in check order. */
export function othersInRegion(name: string, regionId: string): Declaration[] {
  const out: Declaration[] = [];
  for (const [n, e] of entries) if (n !== name && e.regionId === regionId) out.push(e.declaration);
  return out;
}

export function size(): number {
  return entries.size;
}

/** Starts a new run (tests, benches): no earlier demand. */
export function clear(): void {
  entries.clear();
}
