// Recognises a plan document by its shape: an eni-ips plan (`declarations`), Terraform's JSON plan
// (`format_version` with `resource_changes`, or Terraform state by mistake), or a Pulumi preview
// (`steps`, or the `diagnostics` of one that failed). `--input` overrides it.
import { isRecord } from "./errors";

export type PlanInput = "plan" | "terraform" | "pulumi";
export const PLAN_INPUTS: readonly PlanInput[] = ["plan", "terraform", "pulumi"];

export function detectPlanInput(doc: unknown): PlanInput | undefined {
  if (!isRecord(doc)) return undefined;
  if ("format_version" in doc && ("resource_changes" in doc || "planned_values" in doc || "prior_state" in doc || "values" in doc)) return "terraform";
  if ("steps" in doc || ("diagnostics" in doc && ("changeSummary" in doc || "duration" in doc || "config" in doc || !("declarations" in doc)))) return "pulumi";
  if ("declarations" in doc) return "plan";
  return undefined;
}
