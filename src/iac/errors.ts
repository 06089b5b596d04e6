// The one error of the plan readers: a document that is not the format it claims (or is of a version
// eni-ips does not read). It names where in the document, so the CLI can print `file: path: message`
// and exit 2; the policy pack reports it as is.
export class PlanFormatError extends Error {
  override readonly name = "PlanFormatError";
  readonly code = "invalid_plan_format";
  constructor(
    /** Where in the document, e.g. `resource_changes[3].change.actions`; empty for the whole. */
    readonly path: string,
    /** What is wrong there. */
    readonly reason: string,
  ) {
    super(path === "" ? reason : `${path}: ${reason}`);
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
