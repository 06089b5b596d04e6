// Benchmark of the validation core: a synthetic account of 20,000×scale ENIs holding 200,000×scale
// addresses, judged against 10,000×scale declarations (explicit lists and counts, some violating):
// in one batch (validate(), benchCore) and one check at a time on a run ledger that learns the facts
// as checks read them (the provider's way, benchLedgerChecks).
// Plain CommonJS on the built output (`npm run build` first); `npm run bench` calls benchCore().
"use strict";

const core = require("../dist/core");

const VSWITCH_ENIS = 200; // ENIs per /20 vSwitch; each ENI owns a 20-address slot of it
const SLOT = 20;
const SG_ENIS = 100; // ENIs per security group (~1,000 addresses: under the 2,000 quota)

function ip(n) {
  return core.intToIpv4(n);
}

/** Builds the synthetic account and the run's declarations. Deterministic: no randomness. */
function buildWorkload(scale) {
  const eniCount = 20_000 * scale;
  const declarationCount = 10_000 * scale;
  const vSwitchCount = Math.ceil(eniCount / VSWITCH_ENIS);
  const base10 = core.ipv4ToInt("10.0.0.0");

  const vSwitches = [];
  for (let k = 0; k < vSwitchCount; k++) {
    const first = base10 + k * 4096;
    // Every other vSwitch reports the API's own free count; the rest are derived from the CIDR.
    vSwitches.push(
      k % 2 === 0
        ? { vSwitchId: `vsw-${k}`, cidrBlock: `${ip(first)}/20` }
        : { vSwitchId: `vsw-${k}`, cidrBlock: `${ip(first)}/20`, availableIpAddressCount: 4092 - VSWITCH_ENIS * 10 },
    );
  }

  const instanceTypes = [
    { instanceTypeId: "ecs.g7.xlarge", eniPrivateIpAddressQuantity: 15 },
    { instanceTypeId: "ecs.c7.4xlarge", eniPrivateIpAddressQuantity: 30 },
  ];
  const typeNames = ["ecs.g7.xlarge", "ecs.c7.4xlarge", "ecs.c7.4xlarge", "ecs.unlisted.large"];

  const enis = [];
  const instances = [];
  const securityGroups = [];
  const eniNext = []; // first free offset in each ENI's slot
  let addressTotal = 0;
  for (let e = 0; e < eniCount; e++) {
    const k = Math.floor(e / VSWITCH_ENIS);
    const slotStart = base10 + k * 4096 + 1 + (e % VSWITCH_ENIS) * SLOT;
    // Half Available with 6 addresses, half InUse with 14: 10 per ENI on average.
    const available = Math.floor(e / 2) % 2 === 0;
    const n = available ? 6 : 14;
    const addrs = [];
    for (let i = 0; i < n; i++) addrs.push(ip(slotStart + i));
    addressTotal += n;
    eniNext.push(slotStart + n);
    const sgIndex = Math.floor(e / SG_ENIS);
    const eni = {
      networkInterfaceId: `eni-${e}`,
      status: available ? "Available" : "InUse",
      type: "Secondary",
      vSwitchId: `vsw-${k}`,
      securityGroupIds: [`sg-${sgIndex}`],
      primaryIpAddress: addrs[0],
      privateIpAddresses: addrs,
    };
    if (!available) {
      const instanceId = `i-${e}`;
      eni.instanceId = instanceId;
      eni.type = e % 3 === 0 ? "Primary" : "Secondary";
      instances.push({ instanceId, status: "Running", instanceType: typeNames[Math.floor(e / 4) % typeNames.length] });
    }
    enis.push(eni);
    if (e % SG_ENIS === 0) {
      // One group in ten is advanced (no address quota); basic groups leave the count to the core.
      securityGroups.push({ securityGroupId: `sg-${sgIndex}`, securityGroupType: sgIndex % 10 === 9 ? "enterprise" : "normal" });
    }
  }

  const declarations = [];
  for (let d = 0; d < declarationCount; d++) {
    const e = (d * 2) % eniCount;
    const eni = enis[e];
    const name = `decl-${d}`;
    const want = 1 + (d % 3);
    if (d % 5 < 3) {
      const list = [];
      for (let i = 0; i < want; i++) list.push(ip(eniNext[e] + i));
      if (d % 50 === 7) list.push("10.0.0.1/24"); // invalid_ip
      if (d % 70 === 11) list.push(eni.privateIpAddresses[1]); // ip_in_use
      if (d % 90 === 13 && declarations.length > 0) {
        const prev = declarations[declarations.length - 1];
        if (Array.isArray(prev.privateIpAddresses)) list.push(prev.privateIpAddresses[0]); // duplicate_ip
      }
      declarations.push({ name, networkInterfaceId: eni.networkInterfaceId, privateIpAddresses: list });
    } else {
      // Every 40th count overflows its ENI (eni_ip_limit).
      const n = d % 40 === 3 ? 25 : want;
      declarations.push({ name, networkInterfaceId: eni.networkInterfaceId, secondaryPrivateIpAddressCount: n });
    }
    if (d % 500 === 17) declarations[declarations.length - 1] = { name, networkInterfaceId: `eni-missing-${d}`, secondaryPrivateIpAddressCount: 1 };
  }

  return {
    facts: { enis, vSwitches, instances, instanceTypes, securityGroups },
    declarations,
    addressTotal,
  };
}

function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Times validate() on the synthetic workload: the first call (cold: what one CLI run pays, parsing
 * and compiling included), `warmups` more calls unmeasured, then the median of `runs`. V8 keeps
 * re-optimising the rule functions through the second and third calls (each meets code paths the
 * first did not), so the steady state needs a few warm-up calls.
 * Returns { scale, declarations, enis, addresses, ms, coldMs, peakRssMb, violations, warnings }.
 */
async function benchCore({ scale = 1, runs = 5, warmups = 2 } = {}) {
  const { facts, declarations, addressTotal } = buildWorkload(scale);
  const limits = core.resolveLimits();
  const input = { declarations, facts, limits };
  const c0 = process.hrtime.bigint();
  let result = core.validate(input);
  const coldMs = Number(process.hrtime.bigint() - c0) / 1e6;
  for (let i = 0; i < warmups; i++) result = core.validate(input);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    result = core.validate(input);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return {
    scale,
    declarations: declarations.length,
    enis: facts.enis.length,
    addresses: addressTotal,
    ms: Math.round(median(times) * 10) / 10,
    coldMs: Math.round(coldMs * 10) / 10,
    // Process-wide peak (maxRSS is in KiB); includes the synthetic account itself.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    violations: result.violations.length,
    warnings: result.warnings.length,
  };
}

/**
 * For each declaration, the facts a provider's check reads that it has not read before: the ENI,
 * and the first time a vSwitch or group comes up, the vSwitch or group with every ENI in it.
 */
function factBatches(facts, declarations) {
  const enis = new Map(facts.enis.map((e) => [e.networkInterfaceId, e]));
  const byVSwitch = new Map();
  const byGroup = new Map();
  for (const e of facts.enis) {
    byVSwitch.set(e.vSwitchId, [...(byVSwitch.get(e.vSwitchId) ?? []), e]);
    for (const g of e.securityGroupIds) byGroup.set(g, [...(byGroup.get(g) ?? []), e]);
  }
  const vSwitches = new Map(facts.vSwitches.map((v) => [v.vSwitchId, v]));
  const groups = new Map(facts.securityGroups.map((g) => [g.securityGroupId, g]));
  const instances = new Map(facts.instances.map((i) => [i.instanceId, i]));
  const read = new Set();
  return declarations.map((d) => {
    const eni = enis.get(d.networkInterfaceId);
    const batch = { enis: [], vSwitches: [], instances: [], instanceTypes: [], securityGroups: [] };
    if (eni === undefined) return batch;
    const addEni = (e) => {
      if (read.has(e.networkInterfaceId)) return;
      read.add(e.networkInterfaceId);
      batch.enis.push(e);
      const i = e.instanceId === undefined ? undefined : instances.get(e.instanceId);
      if (i !== undefined) batch.instances.push(i);
    };
    addEni(eni);
    if (!read.has(eni.vSwitchId)) {
      read.add(eni.vSwitchId);
      batch.vSwitches.push(vSwitches.get(eni.vSwitchId));
      for (const e of byVSwitch.get(eni.vSwitchId)) addEni(e);
    }
    for (const g of eni.securityGroupIds) {
      if (read.has(g)) continue;
      read.add(g);
      if (groups.has(g)) batch.securityGroups.push(groups.get(g));
      for (const e of byGroup.get(g)) addEni(e);
    }
    if (!read.has("types")) {
      read.add("types");
      batch.instanceTypes.push(...facts.instanceTypes);
    }
    return batch;
  });
}

/**
 * The provider's way: 10,000×scale checks one at a time on one run ledger (each adds the facts it
 * reads, then is judged against every earlier check and recorded if it passes). Returns the mean
 * check time early in the run (checks between 5% and 15%) and late (the last 5%): flat when a
 * check's cost does not grow with the run.
 */
async function benchLedgerChecks({ scale = 1 } = {}) {
  const { facts, declarations } = buildWorkload(scale);
  const batches = factBatches(facts, declarations);
  const limits = core.resolveLimits();
  const ledger = new core.RunLedger({ limits });
  const times = new Float64Array(declarations.length);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < declarations.length; i++) {
    const t = process.hrtime.bigint();
    ledger.addFacts(batches[i]);
    ledger.check(declarations[i]);
    times[i] = Number(process.hrtime.bigint() - t) / 1e3;
  }
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const mean = (from, to) => {
    let sum = 0;
    for (let i = from; i < to; i++) sum += times[i];
    return Math.round((sum / (to - from)) * 10) / 10;
  };
  const n = declarations.length;
  return {
    scale,
    checks: n,
    recorded: ledger.size,
    totalMs: Math.round(totalMs),
    earlyUs: mean(Math.floor(n * 0.05), Math.floor(n * 0.15)),
    lateUs: mean(Math.floor(n * 0.95), n),
  };
}

async function main() {
  const rows = [];
  let lastWallMs = 0;
  let lastScale = 0;
  for (const scale of [1, 2, 5, 10]) {
    // Skip a scale whose projected wall time (linear in size) would pass 30 s.
    if (lastScale > 0 && (lastWallMs * scale) / lastScale > 30_000) {
      console.log(`(skipping scale ${scale}: projected over 30 s)`);
      break;
    }
    const t0 = Date.now();
    rows.push(await benchCore({ scale }));
    lastWallMs = Date.now() - t0;
    lastScale = scale;
  }
  console.table(rows);
  const checks = [];
  for (const scale of [1, 4]) checks.push(await benchLedgerChecks({ scale }));
  console.table(checks);
}

module.exports = { benchCore, benchLedgerChecks, buildWorkload };

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}
