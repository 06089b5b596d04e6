// The checks that need no account, on one resource's properties: address syntax (rule 1), an address
// twice in the resource (rule 2), list and count together or neither (rule 6), the count's value
// (rule 7), an IPv4 prefix that is not an aligned /28 or more than ten of them (rule 16). The resource policy reports them on each resource as the engine analyses it; the stack
// policy leaves them out, so each violation appears once. Both run the one rule engine, on the
// planned object the resource reader makes of the resource, with no account facts at all.
import { judgePlannedObjects, type PlannedViolation } from "../core/planned";
import type { AccountFacts, ResolvedLimits, ViolationCode } from "../core/types";
import { readPulumiResources, type PulumiResource } from "../iac/pulumi-resources";

export const ACCOUNT_FREE_CODES: ReadonlySet<ViolationCode> = new Set<ViolationCode>(["invalid_ip", "duplicate_ip", "conflicting_args", "invalid_count", "invalid_prefix"]);

const NO_FACTS: AccountFacts = { enis: [], vSwitches: [], instances: [], instanceTypes: [], securityGroups: [] };

/** The resource's account-free violations, judged as if it were created: nothing of the account is
 *  consulted, so whether it exists does not matter. */
export function accountFreeViolations(resource: Pick<PulumiResource, "urn" | "type" | "inputs">, limits: ResolvedLimits): PlannedViolation[] {
  const planned = readPulumiResources([{ urn: resource.urn, type: resource.type, action: "create", inputs: resource.inputs }]);
  if (planned.objects.length === 0) return [];
  const judged = judgePlannedObjects({ planned, facts: NO_FACTS, limits });
  // Without facts the engine sees no vSwitch, so a duplicate here is one inside the resource.
  return judged.violations.filter((v) => ACCOUNT_FREE_CODES.has(v.code) && v.declaration === resource.urn);
}

/** Identifies a violation across the two policies: same rule, resource, property and value. */
export function violationKey(v: Pick<PlannedViolation, "code" | "declaration" | "property" | "value">): string {
  return `${v.code}|${v.declaration}|${v.property}|${JSON.stringify(v.value ?? null)}`;
}
