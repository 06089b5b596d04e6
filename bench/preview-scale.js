// Preview at scale through the provider (issue 11): N declarations checked one at a time by the
// provider's `check`, in-process exactly as the engine calls it during `pulumi preview`, against the
// emulator without latency, on bench's fleet seed (one declaration per ENI, alternately one explicit
// free address and a count of 1, 250 ENIs per basic group and vSwitch). Reports the total, the mean
// check "early" (checks between 5% and 15% of the run) and "late" (the last 5%), their ratio, and
// the read calls per declaration. A check whose cost grew with the run would show late >> early.
// `node bench/preview-scale.js [N ...]` runs the given sizes in this process; without sizes, the
// default ones (500 2000 8000 10000), each in a fresh child process.
"use strict";

const { execFileSync } = require("node:child_process");
const { startBenchEmulator, withEnv, freshProviderRun } = require("./lib/env");
const { fleetSeed, freeAddress } = require("./lib/seeds");
const { msSince } = require("./lib/machine");

const SIZES = [500, 2000, 8000, 10000];
const PER_GROUP = 250;

function declarationFor(seed, i) {
  const eni = seed.networkInterfaces[i];
  const base = { resourceName: `decl-${i}`, networkInterfaceId: eni.networkInterfaceId };
  return i % 2 === 0 ? { ...base, privateIpAddresses: [freeAddress(seed, i, 0)] } : { ...base, secondaryPrivateIpAddressCount: 1 };
}

function mean(xs) {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const round2 = (x) => Math.round(x * 100) / 100;

/** One run of `checks` checks; per-check times in ms. */
async function runScale(checks) {
  const groups = Math.ceil(checks / PER_GROUP);
  const seed = fleetSeed({ enis: checks, groups });
  const declarations = seed.networkInterfaces.map((_, i) => declarationFor(seed, i));
  const { emulator, env } = await startBenchEmulator(seed);
  try {
    return await withEnv(env, async () => {
      const { engine } = freshProviderRun();
      const before = emulator.callCounts();
      const times = new Float64Array(checks);
      let failed = 0;
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < checks; i++) {
        const t = process.hrtime.bigint();
        const r = await engine.check({}, declarations[i]);
        times[i] = Number(process.hrtime.bigint() - t) / 1e6;
        if (r.failures.length > 0) failed++;
      }
      const totalMs = msSince(t0);
      const after = emulator.callCounts();
      const reads = after.reads - before.reads;
      // The prefix reservations of each vSwitch (issue 17) are a fact the pre-ledger code did not read:
      // counted apart, so the comparison with it is of the same calls.
      const reservationReads = (after.ListVSwitchCidrReservations ?? 0) - (before.ListVSwitchCidrReservations ?? 0);
      const all = Array.from(times);
      const early = mean(all.slice(Math.floor(checks * 0.05), Math.floor(checks * 0.15)));
      const late = mean(all.slice(Math.floor(checks * 0.95)));
      return {
        checks,
        groups,
        totalMs,
        meanMs: round2(totalMs / checks),
        earlyMs: round2(early),
        lateMs: round2(late),
        lateOverEarly: round2(late / early),
        reads,
        readsPerDeclaration: Math.round((reads / checks) * 1000) / 1000,
        reservationReads,
        sameCallReadsPerDeclaration: Math.round(((reads - reservationReads) / checks) * 1000) / 1000,
        failed,
      };
    });
  } finally {
    await emulator.close();
  }
}

/**
 * Every size in a child process of its own (as the core bench does): one run's heap and garbage
 * cannot slow the next one's late checks, which a ratio of sub-millisecond means would show.
 */
async function benchPreviewScale({ sizes = SIZES } = {}) {
  const out = [];
  for (const n of sizes) {
    const text = execFileSync(process.execPath, [__filename, String(n)], { encoding: "utf8", timeout: 300_000 });
    out.push(JSON.parse(text.trim().split("\n").pop()));
  }
  return out;
}

module.exports = { benchPreviewScale, SIZES };

if (require.main === module) {
  // With sizes: each run here, in this process (what benchPreviewScale's children do); without: the default sizes, each in a child.
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const here = async () => {
    const out = [];
    for (const n of sizes) out.push(await runScale(n));
    return out;
  };
  const work = sizes.length > 0 ? here() : benchPreviewScale();
  work.then(
    (r) => {
      for (const x of r) console.log(JSON.stringify(x));
    },
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
