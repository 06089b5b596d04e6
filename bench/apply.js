// Apply throughput under flow control: resources created through the provider's `create`, 10 in
// flight, against an emulator that lets through 20 mutating calls per second (the excess gets a
// throttling answer, its code rotating through the four the gateways use, with x-acs-retry-after).
// The cloud layer paces mutations per region and retries what is throttled. Two figures: the apply's
// wall time against the rate bound (N assigns / 20 per s; target within 1.1×), and the share of
// mutating calls answered with throttling (target under 10%: every throttled call spends the
// account's quota, which Terway and other pipelines share), with zero failures.
// BENCH_QUICK=1 runs 100 resources instead of 500.
"use strict";

const { startBenchEmulator, withEnv, freshProviderRun } = require("./lib/env");
const { fleetSeed, freeAddress } = require("./lib/seeds");
const { msSince } = require("./lib/machine");
const { runPool } = require("./lib/pool");

const RATE = 20;
const IN_FLIGHT = 10;
/** The targets: wall time within this factor of the rate bound, throttled calls under this share. */
const TARGET_RATIO = 1.1;
const TARGET_THROTTLED = 0.1;

async function benchApply({ quick = process.env.BENCH_QUICK === "1" } = {}) {
  const count = quick ? 100 : 500;
  const seed = fleetSeed({ enis: count, groups: 4 });
  const { emulator, env } = await startBenchEmulator(seed, { mutationRateLimit: { perSecond: RATE, code: "rotate" } });
  try {
    return await withEnv(env, async () => {
      const { engine, providerRunStats } = freshProviderRun();
      const inputs = seed.networkInterfaces.map((eni, i) => ({
        resourceName: `apply-${i}`,
        networkInterfaceId: eni.networkInterfaceId,
        ...(i % 2 === 0 ? { privateIpAddresses: [freeAddress(seed, i, 0)] } : { secondaryPrivateIpAddressCount: 1 }),
      }));
      // Preview first, as `pulumi up` does; not part of the timed apply.
      for (const inp of inputs) {
        const r = await engine.check({}, inp);
        if (r.failures.length > 0) throw new Error(`apply bench: check failed for ${inp.resourceName}: ${r.failures[0].reason}`);
      }
      const mutationsBefore = emulator.callCounts().mutations;
      const readsBefore = emulator.callCounts().reads;
      const countsBefore = emulator.callCounts();
      const sessionBefore = providerRunStats();
      const t0 = process.hrtime.bigint();
      const results = await runPool(inputs, IN_FLIGHT, (inp) => engine.create(inp));
      const ms = msSince(t0);
      const failures = results.filter((r) => !r.ok);
      // The account must hold exactly what was created: one new address per ENI.
      const state = emulator.state();
      const byId = new Map(state.networkInterfaces.map((e) => [e.networkInterfaceId, e]));
      let wrong = 0;
      for (const [i, r] of results.entries()) {
        const eni = byId.get(seed.networkInterfaces[i].networkInterfaceId);
        const expected = seed.networkInterfaces[i].secondaryIpAddresses.length + (r.ok ? 1 : 0);
        if (!eni || eni.secondaryIpAddresses.length !== expected) wrong++;
        if (r.ok && !r.value.outs.privateIpAddresses.every((a) => eni.secondaryIpAddresses.includes(a))) wrong++;
      }
      const boundMs = (count / RATE) * 1000;
      const session = providerRunStats();
      const mutationCalls = emulator.callCounts().mutations - mutationsBefore;
      const readCalls = emulator.callCounts().reads - readsBefore;
      if (process.env.BENCH_DEBUG) { const c = emulator.callCounts(); console.error(Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v - (countsBefore[k] ?? 0)]))); }
      const throttled = session.throttled - sessionBefore.throttled;
      const ratio = Math.round((ms / boundMs) * 100) / 100;
      const throttledShare = mutationCalls === 0 ? 0 : throttled / mutationCalls;
      return {
        resources: count,
        inFlight: IN_FLIGHT,
        ratePerSecond: RATE,
        ms,
        boundMs,
        ratio,
        targetRatio: TARGET_RATIO,
        failures: failures.length,
        firstFailure: failures[0] ? String(failures[0].error && failures[0].error.message).slice(0, 300) : undefined,
        mutationCalls,
        readCalls,
        throttled,
        throttledPercent: Math.round(throttledShare * 1000) / 10,
        targetThrottledPercent: TARGET_THROTTLED * 100,
        stateMismatches: wrong,
        met: ratio <= TARGET_RATIO && throttledShare < TARGET_THROTTLED && failures.length === 0 && wrong === 0,
        load: require("node:os").loadavg().map((l) => Math.round(l * 100) / 100),
      };
    });
  } finally {
    await emulator.close();
  }
}

module.exports = { benchApply };

if (require.main === module) {
  benchApply().then(
    (r) => console.log(JSON.stringify(r, null, 2)),
    (error) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
