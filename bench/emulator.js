// Emulator throughput through the real SDK: DescribeNetworkInterfaces, and Assign+Unassign pairs,
// with some concurrency for a few seconds each, and the CLI emulator's cold start. Targets: >= 2,000
// describe requests per second, a start under a second.
// Run directly (`node bench/emulator.js`, after `npm run build`) or via benchEmulator().
"use strict";
const Ecs = require("@alicloud/ecs20140526");
const { spawn } = require("node:child_process");
const { join } = require("node:path");
const { startEmulator, DEMO_CREDENTIALS, DEMO_IDS } = require("../dist/emulator");

const REGION = "cn-hangzhou";

async function runFor(ms, concurrency, op) {
  const end = Date.now() + ms;
  let done = 0;
  let failed = 0;
  const worker = async (w) => {
    let i = 0;
    while (Date.now() < end) {
      try {
        await op(w, i++);
        done++;
      } catch {
        failed++;
      }
    }
  };
  const t0 = Date.now();
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const seconds = (Date.now() - t0) / 1000;
  return { requests: done, failed, seconds, perSecond: Math.round(done / seconds) };
}

/** Milliseconds from spawning `eni-ips emulator` to its listening line (a fresh Node process each time). */
function timeOneStart() {
  const t0 = process.hrtime.bigint();
  const child = spawn(process.execPath, [join(__dirname, "..", "dist", "cli", "main.js"), "emulator"], { stdio: ["ignore", "pipe", "inherit"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d) => {
      out += d.toString();
      if (!/listening on http:\/\/127\.0\.0\.1:\d+\n/.test(out)) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      child.once("exit", () => resolve(ms));
      child.kill("SIGTERM");
    });
    child.once("error", reject);
    child.once("exit", (code) => (out.includes("listening") ? undefined : reject(new Error(`emulator exited early (${code})`))));
  });
}

/** The best and the median of `runs` cold starts of the CLI's emulator. */
async function benchStartup(runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) times.push(await timeOneStart());
  times.sort((a, b) => a - b);
  return { runs, bestMs: Math.round(times[0]), medianMs: Math.round(times[Math.floor(runs / 2)]), targetMs: 1000 };
}

/**
 * @param {{ seconds?: number, concurrency?: number }} [options]
 * @returns {Promise<{ describe: object, assignUnassign: object, describeTarget: number, meetsTarget: boolean }>}
 */
async function benchEmulator(options = {}) {
  const seconds = options.seconds ?? 3;
  const concurrency = options.concurrency ?? 16;
  const emu = await startEmulator();
  try {
    const client = () => new Ecs.default({ ...DEMO_CREDENTIALS, endpoint: emu.endpoint, protocol: "http", regionId: REGION });
    const clients = Array.from({ length: concurrency }, client);
    const describeReq = new Ecs.DescribeNetworkInterfacesRequest({ regionId: REGION, networkInterfaceId: [DEMO_IDS.eniWeb01, DEMO_IDS.eniBound] });
    // Warm up connections and JIT.
    await runFor(300, concurrency, (w) => clients[w].describeNetworkInterfaces(describeReq));
    const describe = await runFor(seconds * 1000, concurrency, (w) => clients[w].describeNetworkInterfaces(describeReq));

    // Each worker cycles one address on the c7.4xlarge's primary ENI (30 per ENI): assign, then unassign.
    const enis = [DEMO_IDS.eniStopped, DEMO_IDS.eniAdvanced, DEMO_IDS.eniWeb01, DEMO_IDS.eniBound];
    const assignUnassign = await runFor(seconds * 1000, concurrency, async (w) => {
      const eni = enis[w % enis.length];
      const res = await clients[w].assignPrivateIpAddresses(new Ecs.AssignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: eni, secondaryPrivateIpAddressCount: 1 }));
      const ips = res.body.assignedPrivateIpAddressesSet.privateIpSet.privateIpAddress;
      await clients[w].unassignPrivateIpAddresses(new Ecs.UnassignPrivateIpAddressesRequest({ regionId: REGION, networkInterfaceId: eni, privateIpAddress: ips }));
    });
    // One iteration is two requests.
    assignUnassign.requests *= 2;
    assignUnassign.perSecond *= 2;
    const startup = await benchStartup();
    return { describe, assignUnassign, startup, describeTarget: 2000, meetsTarget: describe.perSecond >= 2000 && startup.medianMs < startup.targetMs };
  } finally {
    await emu.close();
  }
}

module.exports = { benchEmulator };

if (require.main === module) {
  benchEmulator().then(
    (r) => {
      console.log(`emulator DescribeNetworkInterfaces: ${r.describe.perSecond} req/s (${r.describe.requests} in ${r.describe.seconds.toFixed(1)} s, ${r.describe.failed} failed; target >= ${r.describeTarget})`);
      console.log(`emulator Assign+Unassign:          ${r.assignUnassign.perSecond} req/s (${r.assignUnassign.requests} in ${r.assignUnassign.seconds.toFixed(1)} s, ${r.assignUnassign.failed} failed)`);
      console.log(`emulator start (CLI, cold process):  median ${r.startup.medianMs} ms, best ${r.startup.bestMs} ms of ${r.startup.runs} (target < ${r.startup.targetMs} ms)`);
      if (!r.meetsTarget) process.exitCode = 1;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
