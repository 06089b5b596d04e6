// `eni-ips preview FILE [--input plan|terraform|pulumi] [--snapshot FILE] [--format table|json|github]
// [--profile default|current] [--max-age DURATION] [--progress]`: judge an eni-ips plan, a Terraform
// plan (`terraform show -json`) or a Pulumi preview (`pulumi preview --json`) against the live account
// (read-only) or an offline snapshot. `-` reads standard input. Exit 0: no violation; 1: violations;
// 2: bad usage or input (README).
import { appendFileSync } from "node:fs";
import { relative, resolve, sep } from "node:path";
import { PLAN_INPUTS } from "../../iac/detect";
import { choiceOption, parseCommandArgs, parseDuration, stringOption } from "../args";
import { evaluatePreview, type PreviewOutcome } from "../evaluate";
import { runGuarded } from "../guard";
import { EXIT_OK, EXIT_VIOLATIONS, UsageError, type CliIo, type Command } from "../io";
import { readPreviewSource } from "../plan-source";
import { createProgress } from "../progress";
import { githubSummary, renderGithub } from "../render-github";
import { renderJson } from "../render-json";
import { renderTable } from "../render-table";
import { DEFAULT_MAX_AGE_MS } from "../snapshot-file";
import { quoted } from "../terminal-text";

export const FORMATS = ["table", "json", "github"] as const;
export type Format = (typeof FORMATS)[number];

const HELP = `usage: eni-ips preview FILE [options]

Judge FILE against the live account, read-only, or offline against a snapshot taken with
\`eni-ips snapshot\`. Nothing is ever changed. FILE is one of, recognised by its shape:
  an eni-ips plan (YAML or JSON, \`declarations\`)
  a Terraform plan:  terraform plan -out tfplan && terraform show -json tfplan > plan.json
  a Pulumi preview:  pulumi preview --json > preview.json
"-" reads FILE from standard input (pulumi preview --json | eni-ips preview -).

options:
  --input KIND           plan, terraform or pulumi: read FILE as this, whatever its shape
  --snapshot FILE        validate offline against this snapshot instead of the live account
  --format FORMAT        table (default), json, or github (workflow annotations; with
                         GITHUB_STEP_SUMMARY set, the same text goes to the job summary)
  --profile NAME         limits profile: default (the older, stricter numbers) or current
  --max-age DURATION     warn (stale_snapshot) when the snapshot is older than this (default 24h; "off")
  --progress             show progress on stderr even when it is not a terminal or CI is set
  -h, --help             this help

live mode reads ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET (or the credential chain),
ALIBABA_CLOUD_REGION_ID (or the plan's region), ALIBABA_CLOUD_ECS_ENDPOINT / ALIBABA_CLOUD_VPC_ENDPOINT.
exit status: 0 no violation, 1 violations found, 2 bad usage or input.
`;

export const preview: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, {
    input: { type: "string" },
    snapshot: { type: "string" },
    format: { type: "string" },
    profile: { type: "string" },
    "max-age": { type: "string" },
    progress: { type: "boolean" },
  });
  if (args.values["help"]) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.positionals.length !== 1) {
    throw new UsageError(`expected exactly one FILE (or - for standard input), got ${args.positionals.length === 0 ? "none" : args.positionals.map(quoted).join(" ")}\n\n${HELP}`);
  }
  const planArg = args.positionals[0] as string;
  const input = stringOption(args, "input") === undefined ? undefined : choiceOption(args, "input", PLAN_INPUTS, "plan");
  const format = choiceOption(args, "format", FORMATS, "table");
  const profile = stringOption(args, "profile") === undefined ? undefined : choiceOption(args, "profile", ["default", "current"] as const, "default");
  const maxAgeText = stringOption(args, "max-age");
  const maxAgeMs = maxAgeText === undefined ? DEFAULT_MAX_AGE_MS : parseDuration(maxAgeText, "--max-age");
  const snapshotPath = stringOption(args, "snapshot");

  return runGuarded(io, "preview", async () => {
    const source = await readPreviewSource(io, planArg, input);
    const outcome = await evaluatePreview({
      io,
      source,
      snapshotPath,
      profile,
      maxAgeMs,
      progress: createProgress(io, { force: args.values["progress"] === true }),
    });
    io.stdout.write(render(outcome, format, source.stdin ? undefined : annotationPath(io, planArg)));
    if (format === "github") writeJobSummary(io, outcome);
    return outcome.result.violations.length > 0 ? EXIT_VIOLATIONS : EXIT_OK;
  });
};

export function render(outcome: PreviewOutcome, format: Format, annotationFile: string | undefined): string {
  switch (format) {
    case "json":
      return renderJson(outcome);
    case "github":
      return renderGithub(outcome, annotationFile);
    default:
      return renderTable(outcome);
  }
}

/** GitHub resolves annotation paths against the repository root: make the plan path relative to it
 *  (GITHUB_WORKSPACE when set, else the working directory), with forward slashes. */
function annotationPath(io: CliIo, planArg: string): string {
  const root = io.env["GITHUB_WORKSPACE"] || io.cwd;
  const rel = relative(root, resolve(io.cwd, planArg));
  return (rel.startsWith("..") ? planArg : rel).split(sep).join("/");
}

/** Appends the verdict to the job summary when the runner provides one (GITHUB_STEP_SUMMARY). */
function writeJobSummary(io: CliIo, outcome: PreviewOutcome): void {
  const path = io.env["GITHUB_STEP_SUMMARY"];
  if (path === undefined || path === "") return;
  try {
    appendFileSync(resolve(io.cwd, path), githubSummary(outcome));
  } catch (error) {
    io.stderr.write(`eni-ips preview: cannot write the job summary to ${path}: ${(error as Error).message}\n`);
  }
}
