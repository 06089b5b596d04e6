// The bench's one table: name, figure, target, met? – printed with padded columns (console.table
// quotes strings and adds an index column, which reads badly in a README).
"use strict";

function printTable(rows) {
  const cols = ["name", "figure", "target", "met"];
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c] ?? "").length)));
  const line = (cells) => cells.map((c, i) => String(c).padEnd(width[i])).join(" | ");
  console.log(line(cols));
  console.log(width.map((w) => "-".repeat(w)).join("-|-"));
  for (const r of rows) console.log(line(cols.map((c) => r[c] ?? "")));
}

/** The same rows as a Markdown table (for bench/README.md and the package README). */
function markdownTable(rows) {
  const out = ["| bench | figure | target | met? |", "|---|---|---|---|"];
  for (const r of rows) out.push(`| ${r.name} | ${r.figure} | ${r.target} | ${r.met} |`);
  return out.join("\n");
}

module.exports = { printTable, markdownTable };
