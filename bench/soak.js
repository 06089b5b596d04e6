// `npm run soak`: a chaos soak of the provider. Random create/update/delete of resources – address
// resources and, one name in three, IPv4 prefix resources – on a handful of shared ENIs, several in
// flight at once, through the provider's engine in-process exactly as the
// Pulumi engine calls it (check, then create/update/delete, outputs kept as state; a failure that
// carries properties becomes the new state, as Pulumi records an init failure), against an emulator
// with 10% throttling (the four codes in turn), 5% 5xx, 5% responses lost after commit,
// Operation.Conflict on overlapping mutations and stale reads; the emulator burns the ClientToken of
// every request that failed in the service, so retries meet IdempotentFailed. After every step and at
// the end the emulator's true state (admin `state()`, not the stale API) must hold exactly the seed's
// addresses and prefixes plus what live resources own: no orphan, no phantom, nothing owned twice, no
// address inside a prefix, and every error surfaced must be actionable.
//
// SOAK_SIZE=small (CI, under a minute) | full (default, a few minutes). SOAK_SEED replays the same
// sequence of operations (fault timing still depends on scheduling, so a replay is close, not exact).
// SOAK_ADOPT=0 leaves adoptExisting out of the generated resources.
// Exits 1 with a report on the first violation.
"use strict";

const { startBenchEmulator, withEnv, freshProviderRun } = require("./lib/env");
const { prng } = require("./lib/prng");
const { soakSeed, SOAK_ENIS, SOAK_GROUP_QUOTA, SOAK_PREFIX_BLOCKS } = require("./lib/soak-seed");
const { classifyError, checkFailureCode } = require("./lib/actionable");
const { intToIpv4, parseCidr, parseIpv4 } = require("../dist/core");

const SIZES = {
  small: { steps: 40, inFlight: 4, names: 12, deadlineMs: 50_000 },
  full: { steps: 300, inFlight: 6, names: 24, deadlineMs: 360_000 },
};

const size = process.env.SOAK_SIZE ?? "full";
const config = SIZES[size];
if (!config) {
  console.error(`soak: SOAK_SIZE must be one of ${Object.keys(SIZES).join(", ")}`);
  process.exit(2);
}
// SOAK_ADOPT=0 leaves adoptExisting out, to look for other problems while its known one is open.
const ADOPT = process.env.SOAK_ADOPT !== "0";
const seedValue = process.env.SOAK_SEED !== undefined ? Number(process.env.SOAK_SEED) >>> 0 : (Date.now() ^ (process.pid << 16)) >>> 0;
const rand = prng(seedValue);

const FAULTS = {
  seed: seedValue,
  throttlingCode: "rotate",
  actions: { "*": { throttling: { probability: 0.1 }, serverError: { probability: 0.05 }, responseLost: { probability: 0.05 } } },
  conflict: { busyMs: 40 },
  staleReads: { describes: 1 },
};

const account = soakSeed();
const eniVSwitch = new Map();
for (const e of account.networkInterfaces) eniVSwitch.set(e.networkInterfaceId, e.vSwitchId);
for (const i of account.instances) eniVSwitch.set(i.primaryNetworkInterfaceId, i.vSwitchId);
const cidrOf = new Map(account.vSwitches.map((v) => [v.vSwitchId, parseCidr(v.cidrBlock)]));

const prefixBlocks = SOAK_PREFIX_BLOCKS.map(parseCidr);
const inPrefixBlock = (n) => prefixBlocks.some((b) => n >= b.first && n <= b.last);

/** Addresses near and inside the ENI's vSwitch: mostly usable ones, sometimes edges, outsiders and the prefix block. */
function randomAddress(eniId) {
  const c = cidrOf.get(eniVSwitch.get(eniId));
  const r = rand.next();
  if (r < 0.05) return intToIpv4(rand.pick([c.first, c.last, c.last - 1, c.last - 2])); // reserved
  if (r < 0.08) return intToIpv4(rand.int(c.last + 1, c.last + 4)); // outside
  let n = rand.int(c.first + 1, c.last - 3);
  // Kept for prefixes: mostly picked again, sometimes declared (rule 4 refuses it).
  for (let i = 0; i < 4 && inPrefixBlock(n) && !rand.chance(0.05); i++) n = rand.int(c.first + 1, c.last - 3);
  return intToIpv4(n);
}

/** The reserved /28s, and sometimes one just past them (outside the reservations) or a misaligned one. */
function randomPrefix() {
  const first = prefixBlocks[0].first;
  if (rand.chance(0.04)) return `${intToIpv4(first + 8)}/28`; // not aligned
  return `${intToIpv4(first + 16 * rand.int(0, 3))}/28`; // the fourth is outside the reservations
}

function randomPrefixDesired(previous) {
  if (rand.chance(0.4)) return { prefixCount: rand.chance(0.03) ? 0 : rand.int(1, 2) };
  const list = previous && Array.isArray(previous.prefixes) ? [...previous.prefixes] : [];
  if (list.length > 0 && rand.chance(0.5)) list.splice(rand.int(0, list.length - 1), 1);
  const add = list.length === 0 ? rand.int(1, 2) : rand.int(0, 1);
  for (let i = 0; i < add; i++) list.push(randomPrefix());
  return { prefixes: list };
}

function randomDesired(eniId, previous, kind) {
  if (kind === "prefixes") return randomPrefixDesired(previous);
  if (rand.chance(0.4)) return { secondaryPrivateIpAddressCount: rand.chance(0.03) ? 0 : rand.int(1, 3) };
  let list = previous && Array.isArray(previous.privateIpAddresses) ? [...previous.privateIpAddresses] : [];
  if (list.length > 0 && rand.chance(0.5)) list.splice(rand.int(0, list.length - 1), 1);
  const add = list.length === 0 ? rand.int(1, 3) : rand.int(0, 2);
  for (let i = 0; i < add; i++) list.push(randomAddress(eniId));
  if (rand.chance(0.03) && list.length > 0) list.push(list[0]); // duplicate within the list
  if (list.length === 0) list = [randomAddress(eniId)];
  return { privateIpAddresses: list };
}

/** Prefix resources go mostly where the reservation is. */
const PREFIX_ENIS = SOAK_ENIS.filter((id) => eniVSwitch.get(id) === "vsw-bp1soaka");

/** Every third name is an Ipv4Prefixes resource. */
const kindOf = (name) => (Number(name.split("-")[1]) % 3 === 2 ? "prefixes" : "addresses");
const engineOf = (engine, name) => (kindOf(name) === "prefixes" ? engine.ipv4Prefixes : engine);
const ownedOf = (name, state) => (kindOf(name) === "prefixes" ? state.prefixes : state.privateIpAddresses) ?? [];

/** Live resources: name -> { inputs, state, id }. */
const live = new Map();
const stats = { ops: 0, creates: 0, updates: 0, deletes: 0, prefixChanges: 0, checkFailures: {}, errors: {}, partialStates: 0, steps: 0, samples: {} };
const log = [];
let violation;

function bump(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}

function fail(kind, detail) {
  violation ??= { kind, detail, step: stats.steps };
}

/** An error surfaced to the caller: must be actionable; returns true when the op leaves partial state. */
function surfaced(op, name, error) {
  const c = classifyError(error);
  const key = `${c.kind}:${c.code ?? "?"}`;
  bump(stats.errors, key);
  // One example per kind, so the report shows what a user would have read.
  stats.samples[key] ??= `${op} ${name}: ${String(error instanceof Error ? error.message : error).slice(0, 400)}`;
  if (c.kind === "unactionable") fail("unactionable error", { op, name, message: c.text });
  return error && typeof error === "object" && typeof error.id === "string" && error.id !== "" && error.properties && typeof error.properties === "object";
}

function judgeFailures(op, name, failures) {
  for (const f of failures) {
    const code = checkFailureCode(f);
    if (code === undefined) fail("check failure without a rule code", { op, name, failure: f });
    bump(stats.checkFailures, code ?? "none");
    stats.samples[`check:${code ?? "none"}`] ??= `${op} ${name}: ${String(f.reason).slice(0, 300)}`;
  }
}

async function createOp(engine, name) {
  const kind = kindOf(name);
  const eni = rand.pick(kind === "prefixes" && rand.chance(0.9) ? PREFIX_ENIS : SOAK_ENIS);
  const inputs = { resourceName: name, networkInterfaceId: eni, ...randomDesired(eni, undefined, kind), ...(rand.chance(0.1) && ADOPT ? { adoptExisting: true } : {}) };
  const checked = await engine.check({}, inputs);
  if (checked.failures.length > 0) return judgeFailures("create", name, checked.failures), "check-failed";
  stats.creates++;
  try {
    const r = await engine.create(checked.inputs);
    if (kind === "prefixes") stats.prefixChanges++;
    live.set(name, { inputs, state: r.outs, id: r.id });
    return "created";
  } catch (error) {
    if (surfaced("create", name, error)) {
      stats.partialStates++;
      live.set(name, { inputs, state: error.properties, id: error.id });
      return "create-failed-partial";
    }
    return "create-failed";
  }
}

async function updateOp(engine, name, res) {
  const eni = res.state.networkInterfaceId;
  const inputs = { resourceName: name, networkInterfaceId: eni, ...randomDesired(eni, res.inputs, kindOf(name)), ...(res.inputs.adoptExisting ? { adoptExisting: true } : {}) };
  const checked = await engine.check(res.inputs, inputs);
  if (checked.failures.length > 0) return judgeFailures("update", name, checked.failures), "check-failed";
  const d = await engine.diff(res.id, res.state, checked.inputs);
  if (!d.changes) return "no-change";
  if (d.replaces.length > 0) return fail("unexpected replace", { name, replaces: d.replaces }), "replace";
  stats.updates++;
  try {
    const r = await engine.update(res.id, res.state, checked.inputs);
    if (kindOf(name) === "prefixes") stats.prefixChanges++;
    live.set(name, { inputs, state: r.outs, id: res.id });
    return "updated";
  } catch (error) {
    if (surfaced("update", name, error)) {
      stats.partialStates++;
      live.set(name, { inputs, state: error.properties, id: res.id });
      return "update-failed-partial";
    }
    return "update-failed";
  }
}

async function deleteOp(engine, name, res) {
  stats.deletes++;
  try {
    await engine.remove(res.id, res.state);
    live.delete(name);
    return "deleted";
  } catch (error) {
    surfaced("delete", name, error);
    return "delete-failed";
  }
}

async function runOp(root, name) {
  const engine = engineOf(root, name);
  stats.ops++;
  const res = live.get(name);
  try {
    if (res === undefined) return await createOp(engine, name);
    return rand.chance(0.65) ? await updateOp(engine, name, res) : await deleteOp(engine, name, res);
  } catch (error) {
    // check/diff threw (a read that failed after its retries): still must be actionable.
    surfaced(res === undefined ? "create(check)" : "update(check)", name, error);
    return "threw";
  }
}

function describeLive(name) {
  const r = live.get(name);
  if (!r) return "(not live)";
  const list = r.inputs.privateIpAddresses ?? r.inputs.prefixes;
  const want = list ? JSON.stringify(list) : `count ${r.inputs.secondaryPrivateIpAddressCount ?? r.inputs.prefixCount}`;
  return `[${r.state.networkInterfaceId} wants ${want}${r.inputs.adoptExisting ? " adopt" : ""}, owns ${JSON.stringify(ownedOf(name, r.state))}]`;
}

/**
 * Seed addresses a resource took over with adoptExisting ("eni/address"): from then on they are that
 * resource's, and releasing them with it (update or delete) is what adoption means – the same as any
 * address it assigned. Only seed addresses never adopted must survive untouched.
 */
const adoptedSeed = new Set();

/** What every soak ENI holds now, addresses and prefixes as one set of "kind:item" keys per ENI. */
function holdings(emulator) {
  return new Map(
    emulator.state().networkInterfaces.map((e) => [e.networkInterfaceId, new Set([...(e.secondaryIpAddresses ?? []).map((a) => `addresses:${a}`), ...(e.ipv4Prefixes ?? []).map((p) => `prefixes:${p}`)])]),
  );
}

/** True when an address of the set lies inside one of its prefixes. */
function overlapIn(held) {
  const blocks = [...held].filter((k) => k.startsWith("prefixes:")).map((k) => parseCidr(k.slice("prefixes:".length))).filter(Boolean);
  for (const k of held) {
    if (!k.startsWith("addresses:")) continue;
    const n = parseIpv4(k.slice("addresses:".length));
    const b = blocks.find((c) => n >= c.first && n <= c.last);
    if (b !== undefined) return `${k} lies inside ${intToIpv4(b.first)}/28`;
  }
  return undefined;
}

/** The emulator's true state against what live resources own; records the first violation. */
function checkInvariant(emulator, baseline, label) {
  const actual = holdings(emulator);
  const owner = new Map();
  const problems = [];
  for (const [name, r] of live) {
    const eni = r.state.networkInterfaceId;
    for (const a of ownedOf(name, r.state)) {
      const item = `${kindOf(name)}:${a}`;
      const key = `${eni}/${item}`;
      if (owner.has(key)) problems.push(`${a} on ${eni} is owned by both ${owner.get(key)} and ${name}`);
      owner.set(key, name);
      if (!actual.get(eni)?.has(item)) problems.push(`phantom: ${name} owns ${a} but ${eni} does not hold it`);
      if (baseline.get(eni)?.has(item)) {
        // Once adopted, the item was its adopter's; after the adopter released it, it is free like
        // any other and a count (or a list) may get it again.
        if (r.inputs.adoptExisting) adoptedSeed.add(key);
        else if (!adoptedSeed.has(key)) problems.push(`${name} claims the seed's ${a} on ${eni} without adoptExisting`);
      }
    }
  }
  const all = new Set();
  for (const eni of SOAK_ENIS) {
    for (const item of actual.get(eni) ?? []) {
      all.add(item);
      if (!owner.has(`${eni}/${item}`) && !baseline.get(eni)?.has(item)) problems.push(`orphan: ${item} on ${eni} is owned by no live resource`);
    }
    for (const item of baseline.get(eni) ?? []) {
      const key = `${eni}/${item}`;
      if (!actual.get(eni)?.has(item) && !owner.has(key) && !adoptedSeed.has(key)) problems.push(`the seed's ${item} on ${eni} was removed`);
    }
  }
  // Addresses and prefixes never overlap, on one ENI or across the vSwitch.
  const overlap = overlapIn(all);
  if (overlap !== undefined) problems.push(`overlap: ${overlap}`);
  if (problems.length > 0) fail(`invariant broken ${label}`, problems);
}

function report(started, ok) {
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`soak ${ok ? "passed" : "FAILED"}: size=${size} seed=${seedValue} steps=${stats.steps} ops=${stats.ops} in ${secs} s`);
  console.log(`  creates ${stats.creates}, updates ${stats.updates}, deletes ${stats.deletes}, partial states kept ${stats.partialStates}; prefix resources created or updated ${stats.prefixChanges}`);
  console.log(`  check failures by rule: ${JSON.stringify(stats.checkFailures)}`);
  console.log(`  errors surfaced: ${JSON.stringify(stats.errors)}`);
  for (const [k, v] of Object.entries(stats.samples)) console.log(`    e.g. ${k}: ${v.replace(/\n/g, " | ")}`);
  if (!ok) {
    console.log(`\nVIOLATION (${violation.kind}) at step ${violation.step}:`);
    console.log(JSON.stringify(violation.detail, null, 2));
    console.log(`\nlast operations:`);
    for (const l of log.slice(-3 * config.inFlight)) console.log(`  ${l}`);
    console.log(`\nreplay: SOAK_SIZE=${size} SOAK_SEED=${seedValue} npm run soak`);
  }
}

async function main() {
  const started = Date.now();
  console.log(`soak: size=${size} seed=${seedValue} (SOAK_SEED=${seedValue} replays it)`);
  const { emulator, env } = await startBenchEmulator(account, FAULTS);
  try {
    await withEnv({ ...env, ENI_IPS_BASIC_SG_MAX_IPS: String(SOAK_GROUP_QUOTA) }, async () => {
      const { engine } = freshProviderRun();
      const baseline = holdings(emulator);
      const names = Array.from({ length: config.names }, (_, i) => `soak-${i}`);
      for (let step = 0; step < config.steps && !violation && Date.now() - started < config.deadlineMs; step++) {
        stats.steps = step + 1;
        const chosen = [...names].sort(() => rand.next() - 0.5).slice(0, config.inFlight);
        const outcomes = await Promise.all(chosen.map((n) => runOp(engine, n)));
        chosen.forEach((n, i) => log.push(`step ${step + 1}: ${n} -> ${outcomes[i]} ${describeLive(n)}`));
        checkInvariant(emulator, baseline, `after step ${step + 1}`);
      }
      // The end: destroy everything (under the same faults), then the ENIs must be back to the seed.
      for (let round = 0; round < 4 && live.size > 0 && !violation; round++) {
        await Promise.all([...live.keys()].map((n) => deleteOp(engineOf(engine, n), n, live.get(n))));
      }
      if (!violation && live.size > 0) fail("destroy left resources", [...live.keys()]);
      checkInvariant(emulator, baseline, "at the end");
      if (!violation) {
        const now = holdings(emulator);
        for (const [eni, addrs] of baseline) {
          const after = now.get(eni) ?? new Set();
          // Adopted seed addresses and prefixes were released with their owner; every other one must be back.
          const expected = new Set([...addrs].filter((a) => !adoptedSeed.has(`${eni}/${a}`)));
          if (after.size !== expected.size || [...expected].some((a) => !after.has(a))) {
            fail("not back to the seed after destroy", { eni, seed: [...addrs], adopted: [...addrs].filter((a) => !expected.has(a)), now: [...after] });
          }
        }
      }
    });
  } finally {
    await emulator.close();
  }
  report(started, !violation);
  if (violation) process.exitCode = 1;
}

main().catch((error) => {
  console.error(`soak crashed (seed ${seedValue}):`, error);
  process.exitCode = 1;
});
