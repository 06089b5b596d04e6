// `preview --format table`: the human report. Declarations are grouped under their ENI with the ENI's
// headroom, because "can this ENI take it" is the first question; security groups and vSwitches
// follow, since their quotas are shared by many ENIs and are where surprises come from.
import type { EniFacts, Violation } from "../core/types";
import type { PreviewOutcome } from "./evaluate";
import type { PlanDeclaration } from "./plan";

export function renderTable(outcome: PreviewOutcome): string {
  const { plan, origin, facts, limits, result } = outcome;
  const out: string[] = [];
  out.push(`eni-ips preview: ${plan.file}, ${plural(plan.declarations.length, "declaration")}`);
  out.push(
    origin.kind === "live"
      ? `facts:  live account, region ${origin.regionId} (${plural(origin.stats.reads, "API read")}, no changes made)`
      : `facts:  snapshot ${origin.file} (region ${origin.regionId}, captured ${origin.capturedAt})`,
  );
  out.push(`limits: ${limits.profile} profile`);

  const violationsByDeclaration = new Map<string, Violation[]>();
  for (const v of result.violations) {
    const list = violationsByDeclaration.get(v.declaration) ?? [];
    list.push(v);
    violationsByDeclaration.set(v.declaration, list);
  }

  // Group by ENI in plan order.
  const groups = new Map<string, PlanDeclaration[]>();
  for (const entry of plan.declarations) {
    const id = typeof entry.declaration.networkInterfaceId === "string" ? entry.declaration.networkInterfaceId : "(unknown ENI)";
    const list = groups.get(id) ?? [];
    list.push(entry);
    groups.set(id, list);
  }
  const enis = new Map(facts.enis.map((e) => [e.networkInterfaceId, e]));
  const usage = new Map(result.usage.enis.map((u) => [u.networkInterfaceId, u]));

  out.push("", "ENIs");
  if (groups.size === 0) out.push("  (the plan declares nothing)");
  for (const [id, entries] of groups) {
    const eni = enis.get(id);
    out.push(`  ${id}  ${eni ? describeEni(eni, outcome) : "(not found in the account)"}`);
    const u = usage.get(id);
    if (u) {
      out.push(
        u.limit === null
          ? `    private IPs after plan: ${u.used} (no per-ENI limit applies; ${u.limitSource})`
          : `    private IPs after plan: ${u.used}/${u.limit}, headroom ${u.limit - u.used} (limit: ${u.limitSource})`,
      );
    }
    for (const entry of entries) {
      const name = entry.declaration.name;
      const violations = violationsByDeclaration.get(name) ?? [];
      const status = violations.length === 0 ? "PASS" : "FAIL";
      out.push(`    ${status}  ${name.padEnd(24)} ${describeRequest(entry)}`);
      for (const v of violations) {
        const value = v.value === undefined ? "" : ` = ${formatValue(v.value)}`;
        out.push(`            ${v.code} (rule ${v.rule}) ${v.property}${value}`);
        out.push(`              ${v.message}`);
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
    for (const w of result.warnings) out.push(`  ${w.code}${w.declaration ? ` (${w.declaration})` : ""}: ${w.message}`);
  }

  const failing = new Set(result.violations.map((v) => v.declaration)).size;
  const passing = plan.declarations.length - failing;
  out.push(
    "",
    result.violations.length === 0
      ? `Result: no violations; ${passing} of ${plural(plan.declarations.length, "declaration")} pass.${warningsTail(result.warnings.length)}`
      : `Result: ${plural(result.violations.length, "violation")} in ${plural(failing, "declaration")}; ${passing} of ${plural(plan.declarations.length, "declaration")} pass.${warningsTail(result.warnings.length)}`,
  );
  return `${out.join("\n")}\n`;
}

function describeEni(eni: EniFacts, outcome: PreviewOutcome): string {
  const parts = [eni.status, eni.type];
  if (eni.instanceId) {
    const instance = outcome.facts.instances.find((i) => i.instanceId === eni.instanceId);
    parts.push(instance ? `on ${instance.instanceId} (${instance.instanceType}, ${instance.status})` : `on ${eni.instanceId}`);
  }
  parts.push(eni.vSwitchId, ...eni.securityGroupIds);
  return parts.join(", ");
}

function describeRequest(entry: PlanDeclaration): string {
  const d = entry.declaration;
  const parts: string[] = [];
  if (Array.isArray(d.privateIpAddresses)) parts.push(`addresses ${d.privateIpAddresses.map((a) => (typeof a === "string" ? a : formatValue(a))).join(", ") || "(none)"}`);
  if (d.secondaryPrivateIpAddressCount !== undefined) parts.push(`count ${formatValue(d.secondaryPrivateIpAddressCount)}`);
  if (d.adoptExisting) parts.push("adopting existing");
  return parts.join("; ");
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "symbol") return "(unknown)";
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function warningsTail(n: number): string {
  return n === 0 ? "" : ` ${plural(n, "warning")}.`;
}

/** Left-aligned columns, numbers and all: the report is read, not summed. */
export function columns(rows: readonly (readonly string[])[], indent: string): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => `${indent}${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join("  ")}`.trimEnd());
}
