// What `preview` and `snapshot` are given: a file (or `-` for standard input) holding an eni-ips plan,
// Terraform's JSON plan or a Pulumi preview, recognised by its shape unless `--input` says. Every way
// the file can be unusable (unreadable, too big, not UTF-8, empty, truncated JSON, nested too deeply,
// neither format, an unsupported version) is a PlanError: one clear line naming the file, exit 2.
import { resolve } from "node:path";
import type { PlannedObjects } from "../core/planned-types";
import { detectPlanInput, PlanFormatError, readPulumiPreview, readTerraformPlan, type PlanInput } from "../iac/index";
import { PlanError } from "./input-error";
import { UsageError, type CliIo } from "./io";
import { jsonNestingExcess, lineColOf, tooDeepMessage } from "./nesting-depth";
import { parsePlan, type Plan } from "./plan";
import { readInputFile, readInputStream, type ReadLimits } from "./read-input";

/** How standard input is named in messages and reports. */
export const STDIN_NAME = "(standard input)";

export type PreviewSource =
  | { readonly kind: "plan"; readonly file: string; readonly stdin: boolean; readonly plan: Plan }
  | { readonly kind: "terraform" | "pulumi"; readonly file: string; readonly stdin: boolean; readonly planned: PlannedObjects };

const FORMAT_NAMES: Readonly<Record<PlanInput, string>> = {
  plan: "eni-ips plan",
  terraform: "Terraform plan",
  pulumi: "Pulumi preview",
};

export function describeSource(source: PreviewSource): string {
  return FORMAT_NAMES[source.kind];
}

export async function readPreviewSource(io: CliIo, arg: string, input: PlanInput | undefined, limits: ReadLimits = {}): Promise<PreviewSource> {
  const stdin = arg === "-";
  const file = stdin ? STDIN_NAME : arg;
  const text = stdin ? await readInputStream(standardInput(io), file, "plan", limits) : await readInputFile(resolve(io.cwd, arg), file, "plan", limits);
  if (text.trim() === "") throw new PlanError(file, [{ path: "", message: "the file is empty" }]);
  const fail = (message: string, path = ""): never => {
    throw new PlanError(file, [{ path, message }]);
  };

  const looksJson = /^\s*[{[]/.test(text);
  if (input === "plan" || (!looksJson && input === undefined)) return { kind: "plan", file, stdin, plan: parsePlan(text, file) };
  if (!looksJson) fail(`expected the JSON output of ${input === "terraform" ? "`terraform show -json PLANFILE`" : "`pulumi preview --json`"}, got text that is not JSON`);
  const deep = jsonNestingExcess(text);
  if (deep >= 0) {
    const at = lineColOf(text, deep);
    throw new PlanError(file, [{ ...at, path: "", message: tooDeepMessage() }]);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    return fail(`not valid JSON (${(error as Error).message}); the file may be truncated: write it again with \`terraform show -json PLANFILE\` or \`pulumi preview --json\``);
  }
  const kind = input ?? detectPlanInput(doc);
  if (kind === undefined) {
    return fail(
      "neither an eni-ips plan (`declarations`), a Terraform JSON plan (`format_version` and `resource_changes`, from `terraform show -json PLANFILE`) nor a Pulumi preview (`steps`, from `pulumi preview --json`); use --input to say which it is",
    );
  }
  if (kind === "plan") return { kind, file, stdin, plan: parsePlan(text, file) };
  try {
    const planned = kind === "terraform" ? readTerraformPlan(doc) : readPulumiPreview(doc);
    return { kind, file, stdin, planned };
  } catch (error) {
    if (error instanceof PlanFormatError) return fail(`${error.reason} (read as a ${FORMAT_NAMES[kind]}${input === undefined ? ", by its shape" : ""})`, error.path);
    throw error;
  }
}

function standardInput(io: CliIo): NodeJS.ReadableStream {
  if (io.stdin === undefined) throw new UsageError("`-` reads the plan from standard input, but there is none");
  return io.stdin;
}
