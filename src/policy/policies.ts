// The policies eniIpsPolicies() returns, for `new PolicyPack(name, { policies })`:
// - eni-ips-addresses (resource): what needs no account, on each ENI, instance and eni-ips resource
//   as the engine analyses its inputs;
// - eni-ips-account (stack): the whole stack judged against the account or a snapshot, each
//   violation on the URN of the resource it belongs to; a failure to read the account is one
//   violation of this policy, naming what failed;
// - eni-ips-skipped-checks (stack, advisory): the checks skipped for values not known until the
//   update runs (or facts missing), so a quiet preview is not mistaken for a fully checked one.
// Both stack policies run in the same AnalyzeStack call; the judgement is made once and shared.
import type { EnforcementLevel, Policies, PolicyResource, ReportViolation, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PlannedViolation } from "../core/planned";
import type { ResolvedLimits, ValidationWarning } from "../core/types";
import { PULUMI_TYPES } from "../iac/alicloud-schema";
import { accountFreeViolations } from "./account-free";
import { judgeStack, type StackVerdict } from "./judge-stack";
import { plainProps, type PlainResource } from "./plain-props";
import type { FactsReader } from "./stack-facts";

export const POLICY_NAMES = {
  addresses: "eni-ips-addresses",
  account: "eni-ips-account",
  skipped: "eni-ips-skipped-checks",
} as const;

/** Resource kinds whose inputs ask for addresses. */
const ADDRESS_KINDS = new Set(["eni", "instance", "eniIps"]);

export interface PolicyContext {
  readonly limits: ResolvedLimits;
  readonly enforcementLevel: EnforcementLevel;
  /** A fresh reader per stack analysis (a live session's cache must not outlive one preview). */
  readonly facts: () => FactsReader;
  readonly regionId?: string | undefined;
}

export function buildPolicies(ctx: PolicyContext): Policies {
  const shared = sharedJudgement(ctx);
  const addresses: ResourceValidationPolicy = {
    name: POLICY_NAMES.addresses,
    description: "Secondary private IPv4 addresses of ENIs, instances and eni-ips resources: one dotted-quad IPv4 address each, none twice, a list or a count (not both) and a count of at least 1.",
    enforcementLevel: ctx.enforcementLevel,
    validateResource: (args, report) => {
      if (!ADDRESS_KINDS.has(PULUMI_TYPES[args.type] ?? "")) return;
      try {
        for (const v of accountFreeViolations({ urn: args.urn, type: args.type, inputs: plainProps(args.props) }, ctx.limits)) report(violationText(v), args.urn);
      } catch (error) {
        report(`eni-ips could not check ${args.urn}: ${(error as Error).message}`, args.urn);
      }
    },
  };
  const account: StackValidationPolicy = {
    name: POLICY_NAMES.account,
    description: "ENI, instance, security group and vSwitch limits and addresses in use, for the whole stack against the account (eni-ips rules 3-5 and 8-13, and duplicates across resources).",
    enforcementLevel: ctx.enforcementLevel,
    validateStack: async (args, report) => {
      const inStack = new Set(args.resources.map((r) => r.urn));
      const verdict = await shared(args.resources);
      if (verdict.failure !== undefined) report(verdict.failure);
      for (const v of verdict.violations) reportOn(report, violationText(v), v.declaration, inStack);
    },
  };
  const skipped: StackValidationPolicy = {
    name: POLICY_NAMES.skipped,
    description: "Checks eni-ips skipped because a value is not known until the update runs or a fact is missing; they run again, against fresh facts, when eni-ips's own resources are created.",
    enforcementLevel: ctx.enforcementLevel === "disabled" ? "disabled" : "advisory",
    validateStack: async (args, report) => {
      const inStack = new Set(args.resources.map((r) => r.urn));
      const verdict = await shared(args.resources);
      for (const w of verdict.skipped) reportOn(report, warningText(w), w.declaration, inStack);
    },
  };
  return [addresses, account, skipped];
}

function reportOn(report: ReportViolation, message: string, urn: string | undefined, inStack: ReadonlySet<string>): void {
  if (urn !== undefined && inStack.has(urn)) report(message, urn);
  else report(message);
}

/** The engine prints the policy's name beside the message; the message carries eni-ips's rule. */
function violationText(v: PlannedViolation): string {
  return v.message.includes(`(${v.code})`) ? v.message : `[${v.code}] ${v.message}`;
}

function warningText(w: ValidationWarning): string {
  return `[${w.code}] ${w.message}`;
}

/** How long a judgement serves the other stack policy of the same AnalyzeStack call. */
const SHARED_FOR_MS = 60_000;

/** One judgement per AnalyzeStack call, whichever stack policy asks first: the server hands each
 *  policy its own copies of the resources, so they are matched by content (and briefly: another
 *  analysis of the same stack later must see the account afresh). */
function sharedJudgement(ctx: PolicyContext): (resources: readonly PolicyResource[]) => Promise<StackVerdict> {
  let last: { key: string; at: number; verdict: Promise<StackVerdict> } | undefined;
  return (resources) => {
    const plain: PlainResource[] = resources.map((r) => ({
      urn: r.urn,
      type: r.type,
      props: plainProps(r.props),
      propertyDependencies: Object.fromEntries(Object.entries(r.propertyDependencies ?? {}).map(([k, deps]) => [k, deps.map((d) => d.urn)])),
    }));
    const key = JSON.stringify(plain);
    if (last === undefined || last.key !== key || Date.now() - last.at > SHARED_FOR_MS) {
      const verdict = judgeStack(plain, { facts: ctx.facts(), limits: ctx.limits, ...(ctx.regionId === undefined ? {} : { regionId: ctx.regionId }) }).catch(
        (error: unknown): StackVerdict => ({ violations: [], skipped: [], failure: `eni-ips could not judge the stack: ${(error as Error).message}` }),
      );
      last = { key, at: Date.now(), verdict };
    }
    return last.verdict;
  };
}
