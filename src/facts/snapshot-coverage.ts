// Whether a snapshot holds the facts a set of planned objects needs: shared by `eni-ips preview` and
// the policy pack, so an offline run of either refuses the same snapshots. A snapshot of another
// region, or one captured for other objects, would turn "not captured" into a false `eni_not_found`
// (or a silently skipped check), so the callers refuse it instead, each in its own way.
import type { FactsRequest } from "../core/planned-types";
import type { AccountFacts } from "../core/types";

/** What a snapshot says it captured: every ENI of the region, or these objects by id. */
export type CapturedScope = { readonly kind: "region" } | ({ readonly kind: "plan" } & FactsRequest);

export interface SnapshotGaps {
  /** The region the snapshot is of, when the plan targets another one. */
  readonly otherRegion?: string | undefined;
  /** Ids the plan needs that the snapshot does not cover, in request order. */
  readonly missing: readonly string[];
}

/**
 * ENIs and instances are covered when the scope lists them: an ENI seen only as a vSwitch's
 * neighbour lacks its instance's facts. A region capture read every ENI, and with them every
 * instance bound to one, so there an absent ENI or instance does not exist. A vSwitch, group or
 * instance type is also covered when the facts hold it, since its record is then complete.
 */
export function snapshotGaps(
  snapshot: { readonly regionId: string; readonly scope: CapturedScope; readonly facts: AccountFacts },
  need: FactsRequest,
  regionId: string | undefined,
): SnapshotGaps {
  const otherRegion = regionId !== undefined && regionId !== snapshot.regionId ? snapshot.regionId : undefined;
  const f = snapshot.facts;
  const scope = snapshot.scope;
  const scoped = new Map<keyof FactsRequest, Set<string>>();
  const inScope = (key: keyof FactsRequest, id: string): boolean => {
    if (scope.kind !== "plan") return key === "networkInterfaceIds" || key === "instanceIds";
    let ids = scoped.get(key);
    if (ids === undefined) scoped.set(key, (ids = new Set(scope[key])));
    return ids.has(id);
  };
  const present: Record<keyof FactsRequest, Set<string>> = {
    networkInterfaceIds: new Set(f.enis.map((e) => e.networkInterfaceId)),
    vSwitchIds: new Set(f.vSwitches.map((v) => v.vSwitchId)),
    securityGroupIds: new Set(f.securityGroups.map((g) => g.securityGroupId)),
    instanceIds: new Set(f.instances.map((i) => i.instanceId)),
    instanceTypeIds: new Set(f.instanceTypes.map((t) => t.instanceTypeId)),
  };
  const missing: string[] = [];
  for (const key of Object.keys(present) as (keyof FactsRequest)[]) {
    const scopeOnly = key === "networkInterfaceIds" || key === "instanceIds";
    for (const id of need[key]) if (!inScope(key, id) && (scopeOnly || !present[key].has(id))) missing.push(id);
  }
  return { ...(otherRegion === undefined ? {} : { otherRegion }), missing };
}
