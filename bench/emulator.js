// Emulator throughput through the real SDK: DescribeNetworkInterfaces, and Assign+Unassign pairs,
// with some concurrency for a few seconds each. Target: >= 2,000 describe requests per second.
// Run directly (`node bench/emulator.js`, after `npm run build`) or via benchEmulator().
"use strict";
const Ecs = require("@alicloud/ecs20140526");
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
    return { describe, assignUnassign, describeTarget: 2000, meetsTarget: describe.perSecond >= 2000 };
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
      if (!r.meetsTarget) process.exitCode = 1;
    },
    (e) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
