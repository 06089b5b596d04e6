// `preview --format github`: GitHub Actions workflow commands, one `::error` per violation and one
// `::warning` per warning, anchored on the plan line at fault so they show inline on the pull
// request's diff. Escaping follows the runner's rules (toolkit's command.ts): data escapes %, CR, LF;
// property values also escape ":" and ",".
import type { PreviewOutcome } from "./evaluate";
import { locateViolation } from "./plan";

export function renderGithub(outcome: PreviewOutcome, file: string): string {
  const { plan, result } = outcome;
  const lines: string[] = [];
  for (const v of result.violations) {
    const pos = locateViolation(plan, v.declaration, v.property, v.value);
    const props = [`file=${escapeProperty(file)}`];
    if (pos) props.push(`line=${pos.line}`, `col=${pos.col}`);
    props.push(`title=${escapeProperty(`eni-ips ${v.code}`)}`);
    // The core's message already names the declaration, the value and the rule.
    lines.push(`::error ${props.join(",")}::${escapeData(v.message)}`);
  }
  for (const w of result.warnings) {
    const pos = w.declaration === undefined ? undefined : locateViolation(plan, w.declaration, "networkInterfaceId", undefined);
    const props = [`file=${escapeProperty(file)}`];
    if (pos) props.push(`line=${pos.line}`, `col=${pos.col}`);
    props.push(`title=${escapeProperty(`eni-ips ${w.code}`)}`);
    lines.push(`::warning ${props.join(",")}::${escapeData(w.message)}`);
  }
  // A plain last line for the log; annotations already carry the details.
  lines.push(
    result.violations.length === 0
      ? `eni-ips: ${plan.file}: no violations (${result.warnings.length} warnings)`
      : `eni-ips: ${plan.file}: ${result.violations.length} violations (${result.warnings.length} warnings)`,
  );
  return `${lines.join("\n")}\n`;
}

export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
