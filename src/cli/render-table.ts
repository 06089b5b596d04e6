// `preview --format table`: the human report. Declarations are grouped under their ENI with the ENI's
// headroom, because "can this ENI take it" is the first question; security groups and vSwitches
// follow, since their quotas are shared by many ENIs and are where surprises come from.
import { formatMessage } from "../core/messages";
import { showValue } from "../core/show-value";
import type { EniFacts } from "../core/types";
import type { OutcomeViolation, PreviewEntry, PreviewOutcome } from "./evaluate";
import { describeSource } from "./plan-source";
import { escapeTerminal } from "./terminal-text";
import { plural } from "./wording";

export function renderTable(outcome: PreviewOutcome): string {
  const { source, origin, facts, limits, result, entries } = outcome;
  const noun = source.kind === "plan" ? "declaration" : "resource";
  const out: string[] = [];
  out.push(
    source.kind === "plan"
      ? `eni-ips preview: ${source.file}, ${plural(entries.length, noun)}`
      : `eni-ips preview: ${source.file} (${describeSource(source)}), ${plural(entries.length, noun)} asking for addresses`,
  );
  out.push(
    origin.kind === "live"
      ? `facts:  live account, region ${origin.regionId} (${plural(origin.stats.reads, "API read")}, no changes made)`
      : `facts:  snapshot ${origin.file} (region ${origin.regionId}, captured ${origin.capturedAt})`,
  );
  out.push(`limits: ${limits.profile} profile`);

  const violationsByDeclaration = new Map<string, OutcomeViolation[]>();
  for (const v of result.violations) {
    const list = violationsByDeclaration.get(v.declaration) ?? [];
    list.push(v);
    violationsByDeclaration.set(v.declaration, list);
  }

  // Group by ENI in plan order.
  const groups = new Map<string, PreviewEntry[]>();
  for (const entry of entries) {
    const list = groups.get(entry.eniLabel) ?? [];
    list.push(entry);
    groups.set(entry.eniLabel, list);
  }
  const enis = new Map(facts.enis.map((e) => [e.networkInterfaceId, e]));
  const usage = new Map(result.usage.enis.map((u) => [u.networkInterfaceId, u]));

  out.push("", "ENIs");
  if (groups.size === 0) out.push(source.kind === "plan" ? "  (the plan declares nothing)" : "  (the plan asks no ENI for addresses)");
  for (const [id, group] of groups) {
    const eni = enis.get(id);
    out.push(`  ${id}  ${eni ? describeEni(eni, outcome) : id.startsWith("(") ? "" : "(not found in the account)"}`.trimEnd());
    const u = usage.get(id);
    if (u) {
      out.push(
        u.limit === null
          ? `    private IPs after plan: ${u.used} (no per-ENI limit applies; ${u.limitSource})`
          : `    private IPs after plan: ${u.used}/${u.limit}, headroom ${u.limit - u.used} (limit: ${u.limitSource})`,
      );
    }
    for (const entry of group) {
      const violations = violationsByDeclaration.get(entry.name) ?? [];
      const status = violations.length === 0 ? "PASS" : "FAIL";
      out.push(`    ${status}  ${escapeTerminal(entry.displayName).padEnd(24)} ${entry.request}`);
      for (const v of violations) {
        const value = v.value === undefined ? "" : ` = ${showValue(v.value)}`;
        out.push(`            ${v.code} (rule ${v.rule}) ${v.property}${value}`);
        out.push(`              ${formatMessage(v)}`);
      }
    }
  }

  if (result.usage.securityGroups.length > 0) {
    out.push("", "Security groups (private IPs over all member ENIs, after plan)");
    const rows = [["SECURITY GROUP", "TYPE", "USED/LIMIT", "HEADROOM", "LIMIT SOURCE"]];
    for (const g of result.usage.securityGroups) {
      rows.push([
        g.securityGroupId,
        g.securityGroupType,
        g.limit === null ? `${g.used}/-` : `${g.used}/${g.limit}`,
        g.limit === null ? "-" : String(g.limit - g.used),
        g.limitSource,
      ]);
    }
    out.push(...columns(rows, "  "));
  }

  if (result.usage.vSwitches.length > 0) {
    out.push("", "vSwitches (free addresses after plan)");
    const rows = [["VSWITCH", "CIDR", "FREE"]];
    for (const v of result.usage.vSwitches) rows.push([v.vSwitchId, v.cidrBlock, String(v.free)]);
    out.push(...columns(rows, "  "));
  }

  if (result.warnings.length > 0) {
    out.push("", "Warnings");
    for (const w of result.warnings) out.push(`  ${w.code}${w.declaration ? ` (${w.declaration})` : ""}: ${formatMessage(w)}`);
  }
  if (outcome.notes.length > 0) {
    out.push("", "Notes");
    for (const n of outcome.notes) out.push(`  ${n}`);
  }

  const failing = new Set(result.violations.map((v) => v.declaration)).size;
  const passing = entries.length - new Set(entries.filter((e) => violationsByDeclaration.has(e.name)).map((e) => e.name)).size;
  out.push(
    "",
    result.violations.length === 0
      ? `Result: no violations; ${passing} of ${plural(entries.length, noun)} pass.${warningsTail(result.warnings.length)}`
      : `Result: ${plural(result.violations.length, "violation")} in ${plural(failing, noun)}; ${passing} of ${plural(entries.length, noun)} pass.${warningsTail(result.warnings.length)}`,
  );
  // Names, ids, values and messages are the user's text: a newline or an ESC sequence in one must not
  // print a line of its own (a fake "Result: no violations") or hide what follows.
  return `${out.map(escapeTerminal).join("\n")}\n`;
}

function describeEni(eni: EniFacts, outcome: PreviewOutcome): string {
  const parts = [eni.status, eni.type];
  if (eni.instanceId) {
    const instance = outcome.facts.instances.find((i) => i.instanceId === eni.instanceId);
    parts.push(instance ? `on ${instance.instanceId} (${instance.instanceType}, ${instance.status})` : `on ${eni.instanceId}`);
  }
  parts.push(eni.vSwitchId, ...eni.securityGroupIds);
  // What the plan creates is described as the plan says it will be.
  return `${eni.networkInterfaceId.startsWith("(new) ") ? "planned: " : ""}${parts.join(", ")}`;
}

function warningsTail(n: number): string {
  return n === 0 ? "" : ` ${plural(n, "warning")}.`;
}

/** Left-aligned columns, numbers and all: the report is read, not summed. */
export function columns(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  const safe = rows.map((row) => row.map(escapeTerminal));
  for (const row of safe) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return safe.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd());
}
