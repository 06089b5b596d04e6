// Random mutations of valid plans and snapshots fed to `eni-ips preview` (in-process, and a few through
// the real binary): whatever the input, the exit code is 0, 1 or 2, no stack trace is printed, a run
// takes bounded time and memory; and a mutation that breaks a fact of the snapshot (a CIDR, an address
// outside its vSwitch, an id listed twice) always exits 2. Deterministic: the seed is fixed (override
// with ENI_IPS_FUZZ_SEED) and printed with every failure, with the mutations and the input.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { prng } from "../../src/emulator/faults";
import { cleanEnv, cli, ROOT, type CliRun } from "./cli-harness";

const SEED = Number(process.env["ENI_IPS_FUZZ_SEED"] ?? 150_015);
/** Cases per kind; ENI_IPS_FUZZ_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env["ENI_IPS_FUZZ_RUNS"] ?? 160);
const HOSTILE = resolve(ROOT, "tests/cli/hostile");
const tmp = mkdtempSync(join(tmpdir(), "eni-ips-fuzz-"));
const BIN = resolve(ROOT, "dist", "cli", "main.js");

/** Per run: far above the few milliseconds one takes, far below a hang. */
const RUN_MS = 15_000;
/** Heap growth over a whole batch of runs. */
const HEAP_BYTES = 400 * 1024 * 1024;
const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

class Dice {
  constructor(readonly random: () => number) {}
  int(n: number): number {
    return Math.floor(this.random() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
  chance(p: number): boolean {
    return this.random() < p;
  }
}

const HOSTILE_VALUES: readonly Json[] = [
  "", " ", "10.0.1.300", "192.168.77.7", "10.0.1.255", "10.0.1.0", "10.0.1.11", "10.0.1.11/32", "010.0.1.12", "::1", "0x0a000101",
  "eni-", "eni-bp1web01\n", "eni-bp1nothere", "vsw-bp1app", "\u202eeni-bp1web01", "\u001b[2J", "a\r\nResult: no violations", "%0A::error::x",
  "x".repeat(5000), -1, 0, 1, 1.5, 6, 250, 2 ** 53 + 1, 1e309, -0, null, true, false, [], {}, { a: 1 }, [["10.0.1.12"]], ["10.0.1.12", "10.0.1.12"],
  // Harmless ones too, so some mutated plans still pass and the fuzz sees every outcome.
  "10.0.1.50", "10.0.1.51", 2, "web-2", "eni-bp1free", "cn-hangzhou",
];
const TEXT_FRAGMENTS = ["\u0000", "\u001b[2K", "\u202e", "\r\n", "\n---\n", "&a ", "*a", "!!binary ", "!foo ", "[", "{", "}", "]", ":", "\n- ", "\t", "'", '"', "%", "\ufeff", "\ud800", "9".repeat(400), "[".repeat(300), ".inf", ".nan", "<<: *a"];

interface Mutated {
  readonly text: string;
  readonly steps: readonly string[];
}

/** Every path to a value in the document, containers included. */
function paths(doc: Json, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (Array.isArray(doc)) doc.forEach((v, i) => paths(v, [...prefix, i], out));
  else if (doc !== null && typeof doc === "object") for (const [k, v] of Object.entries(doc)) paths(v, [...prefix, k], out);
  return out;
}

function parentOf(doc: Json, path: readonly (string | number)[]): { parent: Json; key: string | number } | undefined {
  if (path.length === 0) return undefined;
  let node: Json = doc;
  for (const k of path.slice(0, -1)) node = (node as Record<string | number, Json>)[k] as Json;
  return { parent: node, key: path[path.length - 1] as string | number };
}

/** One structural change at a random place: a hostile value, a deletion, an extra key, a copy. */
function mutateValue(dice: Dice, doc: Json): string {
  const all = paths(doc).filter((p) => p.length > 0);
  if (all.length === 0) return "nothing (an empty document)";
  const path = dice.pick(all);
  const at = parentOf(doc, path);
  if (at === undefined) return "nothing";
  const { parent, key } = at;
  const where = path.join(".");
  const container = parent as Record<string | number, Json>;
  switch (dice.int(5)) {
    case 0: {
      const value = dice.pick(HOSTILE_VALUES);
      container[key] = structuredClone(value);
      return `set ${where} = ${JSON.stringify(value)?.slice(0, 40)}`;
    }
    case 1:
      if (Array.isArray(parent)) parent.splice(key as number, 1);
      else delete container[key];
      return `delete ${where}`;
    case 2:
      if (Array.isArray(parent)) {
        parent.push(structuredClone(parent[key as number] as Json));
        return `copy ${where} to the end`;
      }
      container[`${String(key)}x`] = structuredClone(container[key] as Json);
      return `add ${String(key)}x beside ${where}`;
    case 3: {
      const value = container[key];
      container[key] = Array.isArray(value) ? (value[0] ?? null) : [value as Json];
      return `wrap or unwrap ${where}`;
    }
    default: {
      let nested: Json = dice.pick(HOSTILE_VALUES);
      for (let i = dice.int(200); i > 0; i--) nested = [nested];
      container[key] = nested;
      return `nest ${where}`;
    }
  }
}

/** One change to the text itself: cut, insert a fragment, delete a slice, repeat a line. */
function mutateText(dice: Dice, text: string): { text: string; step: string } {
  const at = dice.int(text.length + 1);
  switch (dice.int(4)) {
    case 0:
      return { text: text.slice(0, at), step: `truncate at ${at}` };
    case 1: {
      const fragment = dice.pick(TEXT_FRAGMENTS);
      return { text: text.slice(0, at) + fragment + text.slice(at), step: `insert ${JSON.stringify(fragment.slice(0, 20))} at ${at}` };
    }
    case 2: {
      const length = dice.int(40);
      return { text: text.slice(0, at) + text.slice(at + length), step: `delete ${length} at ${at}` };
    }
    default: {
      const lines = text.split("\n");
      const i = dice.int(lines.length);
      lines.splice(i, 0, lines[i] ?? "");
      return { text: lines.join("\n"), step: `repeat line ${i + 1}` };
    }
  }
}

function mutate(dice: Dice, doc: Json, serialize: (doc: Json) => string): Mutated {
  const copy = structuredClone(doc);
  const steps: string[] = [];
  for (let n = dice.chance(0.6) ? 1 : 2 + dice.int(2); n > 0; n--) steps.push(mutateValue(dice, copy));
  let text = serialize(copy);
  if (dice.chance(0.3)) {
    const changed = mutateText(dice, text);
    text = changed.text;
    steps.push(changed.step);
  }
  return { text, steps };
}

const PLANS = ["fails-with-honest-snapshot.yaml", "passes-with-honest-snapshot.yaml"].map((f) => readFileSync(join(HOSTILE, "plans", f), "utf8"));
const PLAN_DOCS: Json[] = PLANS.map((t) => parse(t) as Json);
const SNAPSHOT_DOCS: Json[] = ["honest.json", "honest-v1.json"].map((f) => JSON.parse(readFileSync(join(HOSTILE, "snapshots", f), "utf8")) as Json);
const HONEST = join(HOSTILE, "snapshots", "honest.json");
const IAC = [
  { name: "terraform", file: "examples/ci-preview/terraform/plan.json", snapshot: "examples/ci-preview/terraform/snapshot.json" },
  { name: "pulumi", file: "examples/ci-preview/pulumi/preview.json", snapshot: "examples/ci-preview/pulumi/snapshot.json" },
].map((t) => ({ ...t, doc: JSON.parse(readFileSync(resolve(ROOT, t.file), "utf8")) as Json }));
const FAILING_PLAN = join(HOSTILE, "plans", "fails-with-honest-snapshot.yaml");
const serializePlan = (dice: Dice) => (doc: Json): string => (dice.chance(0.5) ? stringify(doc) : JSON.stringify(doc, null, dice.chance(0.5) ? 2 : undefined));

let fileCount = 0;
function writeCase(text: string, extension: string): string {
  const path = join(tmp, `case-${++fileCount}.${extension}`);
  writeFileSync(path, text);
  return path;
}

interface Judged {
  readonly run: CliRun;
  readonly ms: number;
}

/** One preview in-process; a thrown error (an unhandled bug) is a failure of its own. */
async function judge(argv: string[], context: string, stdin?: string): Promise<Judged> {
  const started = Date.now();
  let run: CliRun;
  try {
    run = await cli(argv, stdin === undefined ? {} : { stdin });
  } catch (error) {
    throw new Error(`${context}\nthrew: ${(error as Error).stack ?? String(error)}`);
  }
  return { run, ms: Date.now() - started };
}

function sane({ run, ms }: Judged, context: string, maxMs: number = RUN_MS): void {
  expect([0, 1, 2], `${context}\nexit ${run.code}\n${run.stderr}`).toContain(run.code);
  expect(run.stderr, context).not.toMatch(STACK_LINE);
  expect(run.stdout, context).not.toMatch(STACK_LINE);
  expect(ms, context).toBeLessThan(maxMs);
  if (run.code === 2) {
    expect(run.stdout, context).toBe("");
    for (const line of run.stderr.trimEnd().split("\n")) expect(line, context).toMatch(/^eni-ips preview: \S/);
  } else {
    expect(run.stderr, context).toBe("");
  }
}

function contextOf(kind: string, i: number, m: Mutated): string {
  return `fuzz seed ${SEED} (ENI_IPS_FUZZ_SEED=${SEED} to replay), ${kind} case ${i}: ${m.steps.join("; ")}\ninput: ${JSON.stringify(m.text.slice(0, 600))}`;
}

describe(`preview fuzz (seed ${SEED})`, () => {
  it("random mutations of plans: exit 0, 1 or 2, never a stack trace, bounded time and memory", async () => {
    const dice = new Dice(prng(SEED));
    const heap = process.memoryUsage().heapUsed;
    const codes = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const m = mutate(dice, dice.pick(PLAN_DOCS), serializePlan(dice));
      const context = contextOf("plan", i, m);
      const viaStdin = dice.chance(0.2);
      const argv = ["preview", viaStdin ? "-" : writeCase(m.text, "yaml"), "--snapshot", HONEST, "--max-age", "off", "--format", dice.pick(["table", "json", "github"])];
      const judged = await judge(argv, context, viaStdin ? m.text : undefined);
      sane(judged, context);
      codes.set(judged.run.code, (codes.get(judged.run.code) ?? 0) + 1);
    }
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(HEAP_BYTES);
    // The mutations reach a verdict as well as refusals, or they test little.
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect((codes.get(0) ?? 0) + (codes.get(1) ?? 0)).toBeGreaterThan(0);
  });

  it("random mutations of Terraform plans and Pulumi previews: the same promises", async () => {
    const dice = new Dice(prng(SEED + 4));
    const heap = process.memoryUsage().heapUsed;
    const codes = new Map<number, number>();
    for (let i = 0; i < Math.round(RUNS / 2); i++) {
      const tool = dice.pick(IAC);
      const m = mutate(dice, tool.doc, (doc) => JSON.stringify(doc, null, dice.chance(0.5) ? 2 : undefined));
      const context = contextOf(tool.name, i, m);
      const judged = await judge(["preview", writeCase(m.text, "json"), "--snapshot", tool.snapshot, "--max-age", "off", "--format", dice.pick(["table", "json", "github"])], context);
      sane(judged, context);
      codes.set(judged.run.code, (codes.get(judged.run.code) ?? 0) + 1);
    }
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(HEAP_BYTES);
    expect(codes.get(1) ?? 0).toBeGreaterThan(0);
  });

  it("random mutations of snapshots (both versions): exit 0, 1 or 2, never a stack trace", async () => {
    const dice = new Dice(prng(SEED + 1));
    const heap = process.memoryUsage().heapUsed;
    const codes = new Map<number, number>();
    for (let i = 0; i < RUNS; i++) {
      const m = mutate(dice, dice.pick(SNAPSHOT_DOCS), (doc) => JSON.stringify(doc, null, dice.chance(0.5) ? 2 : undefined));
      const context = contextOf("snapshot", i, m);
      const judged = await judge(["preview", FAILING_PLAN, "--snapshot", writeCase(m.text, "json"), "--max-age", "off", "--format", "json"], context);
      sane(judged, context);
      codes.set(judged.run.code, (codes.get(judged.run.code) ?? 0) + 1);
    }
    expect(process.memoryUsage().heapUsed - heap).toBeLessThan(HEAP_BYTES);
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
    expect(codes.get(1) ?? 0).toBeGreaterThan(0);
  });

  it("a mutation that breaks a fact (a CIDR, an address outside its vSwitch, an id twice) always exits 2, naming it", async () => {
    const dice = new Dice(prng(SEED + 2));
    const BAD_CIDRS = ["garbage", "10.0.1.0/40", "10.0.1.0/33", "10.0.1.0", "300.0.1.0/24", "10.0.1.0/-1", "", "10.0.1.0/24 ", " 10.0.1.0/24", "10.0.1.0/2a", "10.0.1.0//24", "10.0.1.0/024"];
    const LISTS = ["enis", "vSwitches", "instances", "instanceTypes", "securityGroups"] as const;
    for (let i = 0; i < Math.round(RUNS * 0.75); i++) {
      const doc = structuredClone(dice.pick(SNAPSHOT_DOCS)) as { facts: Record<string, Record<string, Json>[]> };
      const facts = doc.facts;
      let step: string;
      let expected: RegExp;
      switch (i % 3) {
        case 0: {
          const cidr = dice.pick(BAD_CIDRS);
          (facts["vSwitches"]![0] as Record<string, Json>)["cidrBlock"] = cidr;
          step = `cidrBlock = ${JSON.stringify(cidr)}`;
          expected = /facts\.vSwitches\[0\]\.cidrBlock: /;
          break;
        }
        case 1: {
          const eniIndex = dice.int(facts["enis"]!.length);
          const eni = facts["enis"]![eniIndex] as { privateIpAddresses: string[] };
          // Anywhere but 10.0.1.0/24, the vSwitch of every ENI in the honest snapshot.
          const third = dice.pick([0, ...Array.from({ length: 254 }, (_, k) => k + 2)]);
          const address = dice.chance(0.5) ? `192.168.${dice.int(256)}.${dice.int(256)}` : `10.${dice.chance(0.5) ? `0.${third}` : `${1 + dice.int(255)}.${dice.int(256)}`}.${1 + dice.int(250)}`;
          eni.privateIpAddresses.splice(1 + dice.int(eni.privateIpAddresses.length), 0, address);
          step = `${address} added to enis[${eniIndex}]`;
          expected = new RegExp(`facts\\.enis\\[${eniIndex}\\]\\.privateIpAddresses\\[\\d+\\]: ${address.replace(/\./g, "\\.")} is outside the ENI's vSwitch`);
          break;
        }
        default: {
          const list = dice.pick(LISTS);
          const items = facts[list]!;
          const copy = structuredClone(items[dice.int(items.length)] as Record<string, Json>);
          items.splice(dice.int(items.length + 1), 0, copy);
          step = `an entry of ${list} listed twice`;
          expected = new RegExp(`facts\\.${list}\\[\\d+\\]\\.\\w+: \\S+ is listed twice \\(first at facts\\.${list}\\[\\d+\\]\\)`);
        }
      }
      const m: Mutated = { text: JSON.stringify(doc, null, dice.chance(0.5) ? 2 : undefined), steps: [step] };
      const context = contextOf("fact-breaking", i, m);
      const judged = await judge(["preview", FAILING_PLAN, "--snapshot", writeCase(m.text, "json"), "--max-age", "off"], context);
      sane(judged, context);
      expect(judged.run.code, context).toBe(2);
      expect(judged.run.stderr, context).toMatch(expected);
    }
  });

  it("a few mutations through the real binary: the same promises in a fresh process", () => {
    const dice = new Dice(prng(SEED + 3));
    for (let i = 0; i < 4; i++) {
      const planCase = i % 2 === 0;
      const m = planCase ? mutate(dice, dice.pick(PLAN_DOCS), serializePlan(dice)) : mutate(dice, dice.pick(SNAPSHOT_DOCS), (doc) => JSON.stringify(doc));
      const file = writeCase(m.text, planCase ? "yaml" : "json");
      const argv = planCase ? ["preview", file, "--snapshot", HONEST, "--max-age", "off"] : ["preview", FAILING_PLAN, "--snapshot", file, "--max-age", "off"];
      const started = Date.now();
      const r = spawnSync(process.execPath, [BIN, ...argv], { cwd: ROOT, env: cleanEnv(), encoding: "utf8", timeout: 60_000 });
      const context = contextOf(planCase ? "binary plan" : "binary snapshot", i, m);
      // A fresh process also loads Node and the CLI: a little more time.
      sane({ run: { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }, ms: Date.now() - started }, context, 2 * RUN_MS);
    }
  });
});
