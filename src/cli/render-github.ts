// `preview --format github`: GitHub Actions workflow commands, one `::error` per violation and one
// `::warning` per warning. For an eni-ips plan they are anchored on the plan line at fault, so they
// show inline on the pull request's diff; a Terraform or Pulumi plan has no lines, so they go on the
// file (or, read from standard input, on no file). Escaping follows the runner's rules (toolkit's
// command.ts): data escapes %, CR, LF; property values also escape ":" and ",".
// The same text, as Markdown, is what `githubSummary` writes to the job summary.
import type { PreviewOutcome } from "./evaluate";
import { locateViolation, type SourcePosition } from "./plan";
import { describeSource } from "./plan-source";

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
    lines.push(`::error ${props(`eni-ips ${v.code}`, pos)}::${escapeData(v.message)}`);
  }
  for (const w of result.warnings) {
    const pos = plan === undefined || w.declaration === undefined ? undefined : locateViolation(plan, w.declaration, "networkInterfaceId", undefined);
    lines.push(`::warning ${props(`eni-ips ${w.code}`, pos)}::${escapeData(w.message)}`);
  }
  for (const n of outcome.notes) lines.push(`eni-ips: note: ${n}`);
  // A plain last line for the log; annotations already carry the details.
  lines.push(`eni-ips: ${source.file}: ${resultLine(outcome)}`);
  return `${lines.join("\n")}\n`;
}

/** The job summary: the verdict and every violation and warning, in Markdown. */
export function githubSummary(outcome: PreviewOutcome): string {
  const { source, result } = outcome;
  const out: string[] = [`### eni-ips preview: \`${source.file}\``, "", `${describeSource(source)}; ${resultLine(outcome)}`, ""];
  if (result.violations.length > 0) {
    out.push("| rule | resource | property | message |", "|---|---|---|---|");
    for (const v of result.violations) out.push(`| ${v.rule} \`${v.code}\` | \`${cell(v.declaration)}\` | \`${cell(v.property)}\` | ${cell(v.message)} |`);
    out.push("");
  }
  if (result.warnings.length > 0) {
    out.push("Warnings:", "");
    for (const w of result.warnings) out.push(`- \`${w.code}\`: ${w.message.replace(/\n/g, " ")}`);
    out.push("");
  }
  for (const n of outcome.notes) out.push(`Note: ${n}`, "");
  return `${out.join("\n")}\n`;
}

function resultLine(outcome: PreviewOutcome): string {
  const { result } = outcome;
  return result.violations.length === 0
    ? `no violations (${result.warnings.length} warnings)`
    : `${result.violations.length} violations (${result.warnings.length} warnings)`;
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
