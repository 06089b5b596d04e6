// Types of stacks.js, for the TypeScript tests that use it.
export interface ExampleStack {
  /** The document the tool prints: `terraform show -json PLANFILE` or `pulumi preview --json`. */
  readonly doc: Record<string, unknown>;
  /** Resource address or URN -> the violation code it is meant to show, or null when it passes. */
  readonly expect: Readonly<Record<string, string | null>>;
}
export function terraformExample(options?: { fits?: boolean }): ExampleStack;
export function pulumiExample(options?: { fits?: boolean }): ExampleStack;
