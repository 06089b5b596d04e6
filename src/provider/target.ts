// Where a create, update, read or delete works: the resource's decoded inputs, its region, its ENI
// and the region's cloud session, resolved once per operation.
import type { CloudSession } from "../cloud/types";
import { ProviderError } from "./failures";
import { isUnknown, type DecodedInputs } from "./inputs";
import { effectiveRegion, sessionFor } from "./sessions";

export interface Target {
  readonly id: string;
  readonly inputs: DecodedInputs;
  readonly region: string;
  readonly eniId: string;
  readonly session: CloudSession;
}

/** The resource's id: its ENI and its name (stable across updates, unique per ENI). */
function resourceId(eniId: string, name: string): string {
  return `${eniId}/${name}`;
}

export function targetOf(id: string, inputs: DecodedInputs, regionHint?: string): Target {
  const region = (isUnknown(inputs.regionId) ? undefined : effectiveRegion(inputs.regionId)) ?? regionHint;
  if (region === undefined) throw new ProviderError("unresolved", `${inputs.resourceName}: no region: set regionId or ALIBABA_CLOUD_REGION_ID`);
  const eniId = inputs.networkInterfaceId;
  if (typeof eniId !== "string" || eniId === "") throw new ProviderError("unresolved", `${inputs.resourceName}: networkInterfaceId is not known`);
  return { id: id || resourceId(eniId, inputs.resourceName), inputs, region, eniId, session: sessionFor(region) };
}
