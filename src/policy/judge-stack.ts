// The stack policy's judgement: the stack's resources read by the same reader and judged by the same
// planned-object rules as `eni-ips preview` of a Pulumi preview, against the live account or a
// snapshot. Two phases, because telling an existing ENI from a new one needs the ENIs of its
// vSwitch: first the facts every resource would need if it were new, then (from the same session or
// snapshot) what the existing ones need besides. The account-free violations are left to the
// resource policy, so each violation is reported once.
import { judgePlannedObjects, plannedFactsRequest, type PlannedViolation } from "../core/planned";
import type { FactsRequest } from "../core/planned-types";
import type { AccountFacts, ResolvedLimits, ValidationWarning } from "../core/types";
import { readPulumiResources } from "../iac/pulumi-resources";
import { accountFreeViolations, violationKey } from "./account-free";
import { existingOrNew } from "./existing-or-new";
import type { PlainResource } from "./plain-props";
import { AccountFactsError, type FactsReader } from "./stack-facts";

export interface StackVerdict {
  /** What the stack policy reports, each on its resource's URN. */
  readonly violations: readonly PlannedViolation[];
  /** Checks skipped (values not known until apply, facts missing): what the advisory policy lists. */
  readonly skipped: readonly ValidationWarning[];
  /** The account (or snapshot) could not be read: the one violation to report instead. */
  readonly failure?: string | undefined;
}

export interface JudgeStackContext {
  readonly facts: FactsReader;
  readonly limits: ResolvedLimits;
  readonly regionId?: string | undefined;
}

const NO_FACTS: AccountFacts = { enis: [], vSwitches: [], instances: [], instanceTypes: [], securityGroups: [] };

export async function judgeStack(resources: readonly PlainResource[], ctx: JudgeStackContext): Promise<StackVerdict> {
  const read = (facts: AccountFacts) => {
    const stack = existingOrNew(resources, facts);
    return { stack, planned: readPulumiResources(stack.changed, { others: stack.others, ...(ctx.regionId === undefined ? {} : { regionId: ctx.regionId }) }) };
  };
  const asNew = read(NO_FACTS);
  if (asNew.planned.objects.length === 0) return { violations: [], skipped: [] };
  let facts: AccountFacts;
  let judged: ReturnType<typeof read>;
  try {
    const first = plannedFactsRequest(asNew.planned.objects);
    judged = read(await ctx.facts.read(first));
    facts = await ctx.facts.read(union(first, plannedFactsRequest(judged.planned.objects)));
  } catch (error) {
    if (error instanceof AccountFactsError) return { violations: [], skipped: [], failure: error.message };
    throw error;
  }
  const verdict = judgePlannedObjects({ planned: judged.planned, facts, limits: ctx.limits });
  const ownedByResourcePolicy = new Set<string>();
  for (const r of judged.stack.changed) for (const v of accountFreeViolations(r, ctx.limits)) ownedByResourcePolicy.add(violationKey(v));
  return {
    violations: verdict.violations.filter((v) => !ownedByResourcePolicy.has(violationKey(v))),
    skipped: oncePerResource([...ctx.facts.warnings(), ...verdict.warnings]),
  };
}

/** The reader's warning about a resource comes first and says why; the engine's about the same
 *  resource and code only repeats it in its own words. */
function oncePerResource(warnings: readonly ValidationWarning[]): ValidationWarning[] {
  const seen = new Set<string>();
  return warnings.filter((w) => {
    if (w.declaration === undefined) return true;
    const key = `${w.code}|${w.declaration}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function union(a: FactsRequest, b: FactsRequest): FactsRequest {
  const merge = (x: readonly string[], y: readonly string[]): string[] => [...new Set([...x, ...y])].sort();
  return {
    networkInterfaceIds: merge(a.networkInterfaceIds, b.networkInterfaceIds),
    vSwitchIds: merge(a.vSwitchIds, b.vSwitchIds),
    securityGroupIds: merge(a.securityGroupIds, b.securityGroupIds),
    instanceIds: merge(a.instanceIds, b.instanceIds),
    instanceTypeIds: merge(a.instanceTypeIds, b.instanceTypeIds),
  };
}
