// Readers of the plans other tools write (Terraform's JSON plan, Pulumi's preview and resources) into
// the core's planned objects. Pure: the caller reads the file and judges the result with
// judgePlannedObjects (src/core/planned.ts).
export { readTerraformPlan, TERRAFORM_FORMAT_MAJOR } from "./terraform-plan";
export { readPulumiPreview } from "./pulumi-preview";
export {
  readPulumiResources,
  urnName,
  PULUMI_UNKNOWN,
  PULUMI_SECRET,
  type PulumiResource,
  type PulumiResourceContext,
  type PulumiReadOptions,
} from "./pulumi-resources";
export { detectPlanInput, PLAN_INPUTS, type PlanInput } from "./detect";
export { PlanFormatError } from "./errors";
export { ENI_IPS_TYPE, PULUMI_TYPES, TERRAFORM_TYPES } from "./alicloud-schema";
