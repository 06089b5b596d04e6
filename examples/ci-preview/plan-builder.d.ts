// Types of plan-builder.js, for the TypeScript tests and benches that use it.
export declare const UNKNOWN: unique symbol;
export declare const PULUMI_UNKNOWN: string;
export declare const TF_PROVIDER: string;

export interface TerraformResourceSpec {
  module?: string;
  moduleIndex?: number | string;
  type: string;
  name: string;
  index?: number | string;
  count?: number;
  action?: "create" | "update" | "no-op" | "delete" | "replace";
  config?: Record<string, unknown>;
  refs?: Record<string, string[]>;
  before?: Record<string, unknown>;
  sensitive?: string[];
  actionReason?: string;
}
export interface TerraformPlanBuilder {
  resource(spec: TerraformResourceSpec): string;
  moduleCall(name: string, spec: { source: string; count?: number; expressions?: Record<string, unknown>; variables?: Record<string, unknown> }): void;
  build(): Record<string, unknown>;
}
export function terraformPlan(options?: { region?: string; terraformVersion?: string; timestamp?: string; variables?: Record<string, unknown> }): TerraformPlanBuilder;

export interface PulumiResourceSpec {
  type: string;
  name: string;
  op?: "create" | "update" | "same" | "delete" | "create-replacement" | "replace" | "delete-replaced" | "read";
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  oldInputs?: Record<string, unknown>;
  oldOutputs?: Record<string, unknown>;
  id?: string;
  deps?: Record<string, string[]>;
}
export interface PulumiPreviewBuilder {
  resource(spec: PulumiResourceSpec): string;
  build(extra?: { diagnostics?: unknown[] }): Record<string, unknown>;
  urnOf(type: string, name: string): string;
}
export function pulumiPreview(options?: { project?: string; stack?: string; region?: string; config?: Record<string, string> }): PulumiPreviewBuilder;

export function eniState(o: { id: string; vswitchId: string; securityGroupIds: string[]; primary: string; secondaries?: string[]; prefixes?: string[]; status?: string; name?: string }): Record<string, unknown>;
export function instanceState(o: { id: string; instanceType: string; vswitchId: string; securityGroups: string[]; privateIp: string; secondaries?: string[]; status?: string; zone?: string; name?: string }): Record<string, unknown>;
