// `preview --format github`: GitHub Actions workflow commands, one `::error` per violation and one
// `::warning` per warning. For an eni-ips plan they are anchored on the plan line at fault, so they
// show inline on the pull request's diff; a Terraform or Pulumi plan has no lines, so they go on the
// file (or, read from standard input, on no file). Escaping follows the runner's rules (toolkit's
// command.ts): data escapes %, CR, LF; property values also escape ":" and ",". Before that, control,
// bidi and invisible characters of the user's text are shown as escapes (as in the table), so no name can
// start a line of its own – a workflow command of its own – or hide part of a message in the log.
// The same text, as Markdown, is what `githubSummary` writes to the job summary.
import { formatMessage } from "../core/messages";
import type { PreviewOutcome } from "./evaluate";
import { locateViolation, type SourcePosition } from "./plan";
import { describeSource } from "./plan-source";
import { escapeTerminal } from "./terminal-text";
import { plural } from "./wording";

/** `file`: the path annotations name (relative to the repository), undefined for standard input. */
export function renderGithub(outcome: PreviewOutcome, file: string | undefined): string {
  const { source, result } = outcome;
  const plan = source.kind === "plan" ? source.plan : undefined;
  const lines: string[] = [];
  const props = (title: string, pos: SourcePosition | undefined): string => {
    const p: string[] = [];
    if (file !== undefined) p.push(`file=${escapeProperty(file)}`);
    if (file !== undefined && pos) p.push(`line=${pos.line}`, `col=${pos.col}`);
    p.push(`title=${escapeProperty(title)}`);
    return p.join(",");
  };
  for (const v of result.violations) {
    const pos = plan === undefined ? undefined : locateViolation(plan, v.declaration, v.property, v.value);
    // The core's message already names the declaration (or resource), the value and the rule.
    lines.push(`::error ${props(`eni-ips ${v.code}`, pos)}::${escapeData(formatMessage(v))}`);
  }
  for (const w of result.warnings) {
    const pos = plan === undefined || w.declaration === undefined ? undefined : locateViolation(plan, w.declaration, "networkInterfaceId", undefined);
    lines.push(`::warning ${props(`eni-ips ${w.code}`, pos)}::${escapeData(formatMessage(w))}`);
  }
  for (const n of outcome.notes) lines.push(`eni-ips: note: ${escapeTerminal(n)}`);
  // A plain last line for the log; annotations already carry the details.
  lines.push(`eni-ips: ${escapeTerminal(source.file)}: ${resultLine(outcome)}`);
  return `${lines.join("\n")}\n`;
}

/** The job summary: the verdict and every violation and warning, in Markdown. */
export function githubSummary(outcome: PreviewOutcome): string {
  const { source, result } = outcome;
  const out: string[] = [`### eni-ips preview: ${code(source.file)}`, "", `${describeSource(source)}; ${resultLine(outcome)}`, ""];
  if (result.violations.length > 0) {
    out.push("| rule | resource | property | message |", "|---|---|---|---|");
    for (const v of result.violations) out.push(`| ${v.rule} \`${v.code}\` | ${cell(code(v.declaration))} | ${cell(code(v.property))} | ${cell(escapeTerminal(formatMessage(v)))} |`);
    out.push("");
  }
  if (result.warnings.length > 0) {
    out.push("Warnings:", "");
    for (const w of result.warnings) out.push(`- \`${w.code}\`: ${escapeTerminal(formatMessage(w))}`);
    out.push("");
  }
  for (const n of outcome.notes) out.push(`Note: ${escapeTerminal(n)}`, "");
  return `${out.join("\n")}\n`;
}

function resultLine(outcome: PreviewOutcome): string {
  const { result } = outcome;
  const warnings = plural(result.warnings.length, "warning");
  return result.violations.length === 0 ? `no violations (${warnings})` : `${plural(result.violations.length, "violation")} (${warnings})`;
}

/** A Markdown table cell: a "|" would end it. */
function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}

/** A Markdown code span around the user's text, fenced with more backticks than the text holds. */
function code(text: string): string {
  const safe = escapeTerminal(text);
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${safe}${pad}${fence}`;
}

/** Annotation text: the user's characters made visible, then the runner's escapes. */
export function escapeData(text: string): string {
  return escapeTerminal(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
