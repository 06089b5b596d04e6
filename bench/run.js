// `npm run bench`: every bench of issue #7, one table (name, figure, target, met?) on stdout and the
// raw results with the machine they were measured on in bench/results/latest.json. Pieces owned by
// others are called when present and reported "missing" otherwise. BENCH_QUICK=1 shrinks the slow
// pieces (apply throughput, the naive preview sample, the core's 10× scale) for a routine check.
"use strict";

const { execFileSync } = require("node:child_process");
const { mkdirSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const { machineInfo } = require("./lib/machine");
const { optional } = require("./lib/optional");
const { printTable, markdownTable } = require("./lib/table");
const { benchPreviewProvider } = require("./preview-provider");
const { benchPreviewScale, SIZES: SCALE_SIZES } = require("./preview-scale");
const { benchApply } = require("./apply");
const { benchIacPreview } = require("./iac-preview");

const QUICK = process.env.BENCH_QUICK === "1";
const rows = [];
const results = { machine: machineInfo(), quick: QUICK, startedAt: new Date().toISOString() };

function row(name, figure, target, met) {
  rows.push({ name, figure, target, met: met === undefined ? "—" : met === "missing" ? "missing" : met ? "yes" : "NO" });
}

/** One scale of the core bench in a child process: its peak RSS is that scale's alone. */
function coreAt(scale) {
  const out = execFileSync(process.execPath, ["--max-old-space-size=8192", join(__dirname, "lib", "core-child.js"), String(scale), scale >= 5 ? "1" : "7", scale >= 5 ? "1" : "2"], {
    encoding: "utf8",
    timeout: 300_000,
  });
  return JSON.parse(out.trim().split("\n").pop());
}

async function core() {
  const scales = QUICK ? [1, 2] : [1, 2, 5, 10];
  const byScale = scales.map(coreAt);
  results.core = byScale;
  const one = byScale[0];
  const per1k = (r) => Math.round((r.ms / (r.declarations / 1000)) * 10) / 10;
  row("core: 10k declarations, 20k ENIs, 200k addresses", `${one.ms} ms (first call in a process ${one.coldMs} ms), peak RSS ${one.peakRssMb} MB`, "< 1,000 ms, < 512 MB", one.ms < 1000 && one.peakRssMb < 512);
  row("core: ms per 1,000 declarations by scale", byScale.map((r) => `${r.scale}×: ${per1k(r)}`).join(", "), "—");
  const last = byScale[byScale.length - 1];
  const growth = Math.round((per1k(last) / per1k(one)) * 100) / 100;
  row(`core: per-declaration cost ${last.scale}× vs 1×`, `${growth}× (peak RSS ${last.peakRssMb} MB at ${last.scale}×)`, "≤ 2× (near-linear)", growth <= 2);
}

async function previewBudget() {
  const fn = optional("preview-cost.js", "benchReadBudget");
  if (!fn) return row("cloud: 200 ENIs of a 2,000-address group, gatherFacts one at a time (bench/preview-cost.js)", "missing", "≤ 40 reads", "missing");
  const r = await fn();
  results.readBudget = r;
  row("cloud: 200 ENIs of a 2,000-address group, gatherFacts one at a time (bench/preview-cost.js)", `${r.reads} reads, ${Math.round(r.ms)} ms`, "≤ 40 reads", r.reads <= 40);
}

async function previewProvider() {
  const r = await benchPreviewProvider({ quick: QUICK });
  results.previewProvider = r;
  const p = r.provider;
  row("preview: 1,000 checks through the provider, 1,000 ENIs, 4 basic groups, 20 ms/call", `${p.reads} reads, ${(p.ms / 1000).toFixed(1)} s, ${p.failed} failed checks`, "≤ 40 reads, 0 failed", p.reads <= 40 && p.failed === 0);
  row("preview: naive (fresh session per declaration), same account", `${r.naive.reads} reads, ${(r.naive.ms / 1000).toFixed(0)} s (${r.naive.readsPer} reads/declaration, measured on ${r.naive.sample}, scaled ×${r.declarations / r.naive.sample})`, "—");
  const b = r.issue4;
  row("preview (issue #4): 200 checks on 200 ENIs of one 2,000-address group", `${b.reads} reads, ${Math.round(b.ms)} ms, ${b.failed} failed checks`, "≤ 40 reads", b.reads <= 40 && b.failed === 0);
}

/** Read calls per declaration of the pre-ledger provider on the same fleet (measured at 500 and 2,000
 *  checks), which read no prefix reservations: compared with the same calls of today's run. */
const PRE_LEDGER_READS_PER_DECLARATION = 0.026;

async function previewScale() {
  const sizes = QUICK ? SCALE_SIZES.filter((n) => n <= 2000) : SCALE_SIZES;
  const byRun = await benchPreviewScale({ sizes });
  results.previewScale = byRun;
  for (const r of byRun) {
    const n = r.checks.toLocaleString("en-US");
    const figure = `${(r.totalMs / 1000).toFixed(1)} s, early ${r.earlyMs} ms, late ${r.lateMs} ms (${r.lateOverEarly}×), ${r.readsPerDeclaration} reads/declaration (${r.sameCallReadsPerDeclaration} without the ${r.reservationReads} ListVSwitchCidrReservations), ${r.failed} failed`;
    const readsOk = r.sameCallReadsPerDeclaration <= PRE_LEDGER_READS_PER_DECLARATION;
    if (r.checks === 8000) row(`preview scale: ${n} checks through the provider, ${r.groups} groups, no latency`, figure, `late ≤ 1.3× early, ≤ ${PRE_LEDGER_READS_PER_DECLARATION} reads/decl. of the pre-ledger calls`, r.lateOverEarly <= 1.3 && readsOk && r.failed === 0);
    else if (r.checks === 10000) row(`preview scale: ${n} checks through the provider, ${r.groups} groups, no latency`, figure, `< 20 s, ≤ ${PRE_LEDGER_READS_PER_DECLARATION} reads/decl. of the pre-ledger calls`, r.totalMs < 20000 && readsOk && r.failed === 0);
    else row(`preview scale: ${n} checks through the provider, ${r.groups} groups, no latency`, figure, `≤ ${PRE_LEDGER_READS_PER_DECLARATION} reads/decl. of the pre-ledger calls, 0 failed`, readsOk && r.failed === 0);
  }
}

async function apply() {
  const r = await benchApply({ quick: QUICK });
  results.apply = r;
  row(
    `apply: ${r.resources} creates, ${r.inFlight} in flight, emulator limit ${r.ratePerSecond} mutations/s (rotating throttling codes)`,
    `${(r.ms / 1000).toFixed(1)} s = ${r.ratio}× the ${(r.boundMs / 1000).toFixed(1)} s bound; ${r.throttled} of ${r.mutationCalls} mutating calls throttled (${r.throttledPercent}%); ${r.failures} failures (load ${r.load[0]})`,
    `≤ ${r.targetRatio}× the bound, < ${r.targetThrottledPercent}% throttled, 0 failures`,
    r.met,
  );
}

async function iacPreview() {
  const r = await benchIacPreview();
  results.iacPreview = r;
  row(
    `preview: ${r.resources.toLocaleString("en-US")}-resource Terraform plan, ${r.groups} groups (2,500 ENI updates, 2,250 new ENIs, 250 new instances), emulator without latency, fresh process`,
    `${(r.ms / 1000).toFixed(1)} s, ${r.reads} reads (plan.yaml of the same ENIs: ${r.planYaml.reads} reads, ${(r.planYaml.ms / 1000).toFixed(1)} s), ${r.violations} violations, ${r.mutations} mutations`,
    "< 5 s, reads ≤ plan.yaml's",
    r.ms < r.targetMs && r.reads <= r.planYaml.reads && r.mutations === 0 && r.code === 0,
  );
}

async function emulator() {
  const fn = optional("emulator.js", "benchEmulator");
  if (!fn) return row("emulator: describe and assign requests/s (bench/emulator.js)", "missing", "—", "missing");
  const r = await fn();
  results.emulator = r;
  const rate = (k) => (r && r[k] && typeof r[k].perSecond === "number" ? `${r[k].perSecond}` : "?");
  if (r && r.describe && r.assignUnassign) {
    row(
      "emulator: requests/s, real SDK, concurrent clients (bench/emulator.js)",
      `describe ${rate("describe")}/s, assign+unassign ${rate("assignUnassign")}/s, ${(r.describe.failed ?? 0) + (r.assignUnassign.failed ?? 0)} failed` +
        (r.startup ? `; cold start ${r.startup.medianMs} ms (median of ${r.startup.runs})` : ""),
      typeof r.describeTarget === "number" ? `describe ≥ ${r.describeTarget}/s, start < 1 s` : "—",
      typeof r.meetsTarget === "boolean" ? r.meetsTarget : undefined,
    );
  } else {
    row("emulator: requests/s (bench/emulator.js)", summarize(r), "—");
  }
}

/** Fallback when bench/emulator.js's result shape changes: its numeric leaves, compactly. */
function summarize(r) {
  const parts = [];
  const walk = (v, path) => {
    if (typeof v === "number") parts.push(`${path}: ${Math.round(v)}`);
    else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
  };
  walk(r, "");
  return parts.slice(0, 6).join(", ") || JSON.stringify(r).slice(0, 120);
}

async function main() {
  console.log(`eni-ips bench${QUICK ? " (BENCH_QUICK=1)" : ""} on ${results.machine.cpuCount}× ${results.machine.cpuModel}, ${results.machine.totalMemoryGb} GB, ${results.machine.os}, Node ${results.machine.node}`);
  for (const [name, piece] of [["core", core], ["preview-cost", previewBudget], ["preview-provider", previewProvider], ["preview-scale", previewScale], ["iac-preview", iacPreview], ["apply", apply], ["emulator", emulator]]) {
    try {
      await piece();
    } catch (error) {
      // One broken piece must not hide the others' figures.
      results[`${name}Error`] = String(error && error.stack ? error.stack : error);
      row(name, `error: ${String(error && error.message ? error.message : error).split("\n")[0].slice(0, 120)}`, "—", false);
    }
  }
  console.log("");
  printTable(rows);
  results.rows = rows;
  results.markdown = markdownTable(rows);
  const dir = join(__dirname, "results");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nwritten: bench/results/latest.json`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
