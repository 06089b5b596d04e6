// `eni-ips preview` on the plans users already have: the ci-preview example's Terraform plan
// (terraform show -json) and Pulumi preview (pulumi preview --json), each breaking every rule that can
// apply to an ENI a plan creates or changes, judged live against the emulator (real SDK over HTTP) and
// offline from a snapshot with identical verdicts; their "fits" variants pass, with no mutating call.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { formatMessage } from "../../src/core/messages";
import { RULES } from "../../src/core/rules";
import type { ViolationCode } from "../../src/core/types";
import { parseSnapshot } from "../../src/cli/snapshot-file";
import { pulumiExample, terraformExample, type ExampleStack } from "../../examples/ci-preview/stacks";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { CI_PREVIEW, cleanEnv, cli, parseJsonReport, type JsonReport } from "./cli-harness";

const tmp = mkdtempSync(join(tmpdir(), "eni-ips-iac-"));
function writeTmp(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** A committed snapshot re-dated to now, so staleness plays no part. */
function fresh(snapshot: string): string {
  const snap = JSON.parse(readFileSync(resolve(CI_PREVIEW, snapshot), "utf8")) as Record<string, unknown>;
  return writeTmp(`${snapshot.replace(/\W/g, "-")}-${Date.now()}.json`, JSON.stringify({ ...snap, capturedAt: new Date().toISOString() }));
}

interface Format {
  readonly name: "terraform" | "pulumi";
  readonly file: string;
  readonly snapshot: string;
  readonly stack: (options?: { fits?: boolean }) => ExampleStack;
  /** How the tool spells the list attribute of an ENI. */
  readonly listAttribute: string;
}

const FORMATS: readonly Format[] = [
  { name: "terraform", file: "examples/ci-preview/terraform/plan.json", snapshot: "terraform/snapshot.json", stack: terraformExample, listAttribute: "private_ip_addresses" },
  { name: "pulumi", file: "examples/ci-preview/pulumi/preview.json", snapshot: "pulumi/snapshot.json", stack: pulumiExample, listAttribute: "privateIpAddresses" },
];

/** Rules that can apply to an ENI a plan creates or changes: all but conflicting_args, which both
 *  providers refuse at plan time (ConflictsWith), so no plan can hold it. */
// Rules 14 (invalid_input) and 15 (guest_agent_unavailable) judge a resource's own inputs and instance,
// never a plan. Rules 16 and 17 (IPv4 prefixes) need the emulator's prefix account: tests/cli/iac-prefixes.test.ts.
const PLAN_RULES = (Object.keys(RULES) as ViolationCode[]).filter((c) => !["conflicting_args", "invalid_input", "guest_agent_unavailable", "invalid_prefix", "prefix_unavailable"].includes(c));

/** declaration -> codes, for every resource of the stack (passing ones included). */
function verdicts(report: JsonReport, stack: ExampleStack): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const key of Object.keys(stack.expect)) out[key] = report.violations.filter((v) => v.declaration === key).map((v) => v.code);
  return out;
}

function expected(stack: ExampleStack): Record<string, string[]> {
  return Object.fromEntries(Object.entries(stack.expect).map(([k, code]) => [k, code === null ? [] : [code]]));
}

describe.each(FORMATS)("the $name example", (format) => {
  it("is the committed file, written by the example's stack description", () => {
    expect(JSON.parse(readFileSync(resolve(format.file), "utf8"))).toEqual(format.stack().doc);
  });

  it("breaks every rule that can apply to a planned or existing ENI, each on the resource meant to", async () => {
    const stack = format.stack();
    expect([...new Set(Object.values(stack.expect).filter((c): c is string => c !== null))].sort()).toEqual([...PLAN_RULES].sort());
    const run = await cli(["preview", format.file, "--snapshot", fresh(format.snapshot), "--format", "json"]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(1);
    const report = parseJsonReport(run);
    expect(verdicts(report, stack)).toEqual(expected(stack));
    expect(report.violations).toHaveLength(PLAN_RULES.length);
    expect(report.warnings).toEqual([]);
    expect(report.notes?.[0]).toMatch(/^\d resources? of types eni-ips does not judge ignored: .*eip/i);
  });

  it("names the resource, the attribute as the tool spells it, and null for an ENI the plan creates", async () => {
    const report = parseJsonReport(await cli(["preview", format.file, "--snapshot", fresh(format.snapshot), "--format", "json"]));
    const taken = report.violations.find((v) => v.code === "ip_in_use");
    expect(taken).toMatchObject({ property: format.listAttribute, value: "10.0.1.11", networkInterfaceId: null });
    expect(Object.keys(taken as object).slice(0, 6)).toEqual(["code", "declaration", "networkInterfaceId", "property", "value", "message"]);
    expect(taken?.message.startsWith(`${taken.declaration}: ${format.listAttribute} 10.0.1.11 is already in use`)).toBe(true);
    const state = report.violations.find((v) => v.code === "eni_state");
    expect(state).toMatchObject({ networkInterfaceId: "eni-bp1demodetach", property: "id" });
    const reserved = report.violations.find((v) => v.code === "reserved_ip");
    expect(reserved?.property).toBe(format.name === "terraform" ? "primary_ip_address" : "primaryIpAddress");
    // The deprecated names stay as the user wrote them.
    const legacy = report.violations.find((v) => v.code === "eni_not_found");
    expect(legacy?.message).toMatch(format.name === "terraform" ? /^alicloud_network_interface\.legacy: id eni-bp1doesnotexist/ : /NetworkInterface::legacy: id eni-bp1doesnotexist/);
  });

  it("gives each violation's numbers in the tool's terms, and every row words its message again", async () => {
    const report = parseJsonReport(await cli(["preview", format.file, "--snapshot", fresh(format.snapshot), "--format", "json"]));
    const limit = report.violations.find((v) => v.code === "eni_ip_limit");
    // Terraform: a new instance of type ecs.g6.large (6 per ENI) asking for 6 secondaries beside its
    // primary. Pulumi: an eni-ips resource asking for 3 on a new ENI that another one fills to 8.
    expect(limit).toMatchObject(
      format.name === "terraform"
        ? { declaration: "alicloud_instance.cache", networkInterfaceId: null, eniLabel: "(new) alicloud_instance.cache", property: "secondary_private_ip_address_count", detail: { total: 7, limit: 6, current: 1, earlier: 0, adds: 6, knob: "ENI_IPS_INSTANCE_TYPE_ENI_IPS" } }
        : { networkInterfaceId: null, eniLabel: "(new) burst", property: "secondaryPrivateIpAddressCount", detail: { total: 11, limit: 10, current: 1, earlier: 7, adds: 3, knob: "ENI_IPS_AVAILABLE_ENI_MAX_IPS" } },
    );
    expect(limit?.detail["limitSource"]).toMatch(format.name === "terraform" ? /^ENI is bound to \(new\) alicloud_instance\.cache, type ecs\.g6\.large/ : /^ENI is Available/);
    const primary = report.violations.find((v) => v.code === "reserved_ip");
    expect(primary?.names).toMatchObject({ privateIpAddresses: format.name === "terraform" ? "primary_ip_address" : "primaryIpAddress", primaryAddress: "given" });
    // The stand-in ENI the core judges a new ENI's primary address on is never shown.
    expect(JSON.stringify(report)).not.toMatch(/\(new\) [^"]* primary address/);
    for (const v of report.violations) {
      expect(v.detail, v.code).toBeDefined();
      expect(formatMessage(v), v.code).toBe(v.message);
    }
    for (const w of report.warnings) expect(formatMessage(w), w.code).toBe(w.message);
  });

  it("groups the table by ENI, an ENI the plan creates shown as (new) and its address or URN name", async () => {
    const run = await cli(["preview", format.file, "--snapshot", fresh(format.snapshot)]);
    expect(run.code).toBe(1);
    const taken = format.name === "terraform" ? "alicloud_ecs_network_interface.taken" : "taken";
    expect(run.stdout).toContain(`\n  (new) ${taken}  planned: Available, Secondary, vsw-bp1demoapp, sg-bp1demobasic\n`);
    const web = format.name === "terraform" ? "module.web[0].alicloud_ecs_network_interface.this" : "web-0";
    const tier = format.name === "terraform" ? "alicloud_vswitch.tier" : "tier";
    expect(run.stdout).toMatch(new RegExp(`\\n  \\(new\\) ${web.replace(/[.[\]]/g, "\\$&")}  planned: Available, Secondary, \\(new\\) ${tier}, .*\\n    private IPs after plan: 3/10, headroom 7`));
    expect(run.stdout).toMatch(/\n  eni-bp1demobound  InUse, Secondary, on i-bp1demoweb01 .*\n    private IPs after plan: 4\/15/);
    expect(run.stdout).toMatch(/sg-bp1demofull\s+normal\s+1997\/2000/);
    expect(run.stdout).toMatch(new RegExp(`Result: ${PLAN_RULES.length} violations in ${PLAN_RULES.length} resources; \\d+ of \\d+ resources pass\\.`));
  });

  it("annotates the file (no lines exist), one error per violation", async () => {
    const run = await cli(["preview", format.file, "--snapshot", fresh(format.snapshot), "--format", "github"]);
    expect(run.code).toBe(1);
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(PLAN_RULES.length);
    for (const line of errors) expect(line).toMatch(new RegExp(`^::error file=${format.file.replace(/[./]/g, "\\$&")},title=eni-ips [a-z_]+::`));
  });

  describe("live against the emulator, and offline from a snapshot of it", () => {
    let fixture: EmulatorFixture;
    beforeAll(async () => {
      fixture = await startEmulatorFixture();
    });
    afterAll(async () => {
      await fixture.close();
    });

    it("gives the same verdicts live as offline, making no mutating call", async () => {
      fixture.emulator.reset();
      const live = await cli(["preview", format.file, "--format", "json"], { env: cleanEnv(fixture.env) });
      expect(live.stderr).toBe("");
      expect(live.code).toBe(1);
      expect(fixture.emulator.callCounts().mutations).toBe(0);
      const offline = await cli(["preview", format.file, "--snapshot", fresh(format.snapshot), "--format", "json"]);
      expect(parseJsonReport(live).violations).toEqual(parseJsonReport(offline).violations);
      expect(verdicts(parseJsonReport(live), format.stack())).toEqual(expected(format.stack()));
    });

    it("the committed snapshot is what `eni-ips snapshot --plan` captures now (regenerate: node examples/ci-preview/regenerate.js)", async () => {
      fixture.emulator.reset();
      const run = await cli(["snapshot", "--plan", format.file], { env: cleanEnv(fixture.env) });
      expect(run.code).toBe(0);
      const captured = parseSnapshot(run.stdout, "captured");
      const committed = parseSnapshot(readFileSync(resolve(CI_PREVIEW, format.snapshot), "utf8"), format.snapshot);
      expect({ scope: captured.scope, facts: captured.facts }).toEqual({ scope: committed.scope, facts: committed.facts });
      // What the plan's new objects refer to is captured by id.
      expect(captured.scope).toMatchObject({ kind: "plan", vSwitchIds: ["vsw-bp1demoapp", "vsw-bp1demofleet", "vsw-bp1demosmall"], instanceTypeIds: expect.arrayContaining(["ecs.g7.xlarge"]) });
    });

    it("the same stack with every fault fixed passes, live and offline, with no mutating call (exit 0)", async () => {
      const fits = writeTmp(`${format.name}-fits.json`, JSON.stringify(format.stack({ fits: true }).doc, null, 2));
      fixture.emulator.reset();
      const live = await cli(["preview", fits, "--format", "json"], { env: cleanEnv(fixture.env) });
      expect({ code: live.code, stderr: live.stderr }).toEqual({ code: 0, stderr: "" });
      expect(parseJsonReport(live).violations).toEqual([]);
      expect(parseJsonReport(live).warnings).toEqual([]);
      const snapshot = join(tmp, `${format.name}-fits-snapshot.json`);
      expect((await cli(["snapshot", "--plan", fits, "--out", snapshot], { env: cleanEnv(fixture.env) })).code).toBe(0);
      expect(fixture.emulator.callCounts().mutations).toBe(0);
      for (const f of ["table", "json", "github"]) {
        const offline = await cli(["preview", fits, "--snapshot", snapshot, "--format", f]);
        expect({ f, code: offline.code, stderr: offline.stderr }).toEqual({ f, code: 0, stderr: "" });
      }
      const table = await cli(["preview", fits, "--snapshot", snapshot]);
      expect(table.stdout).toMatch(/Result: no violations; (\d+) of \1 resources pass\./);
    });

    it("reads the plan from standard input (`… | eni-ips preview -`): annotations without a file, the job summary written", async () => {
      const summary = join(tmp, `${format.name}-summary.md`);
      writeFileSync(summary, "");
      const run = await cli(["preview", "-", "--format", "github"], { env: cleanEnv({ ...fixture.env, GITHUB_STEP_SUMMARY: summary }), stdin: readFileSync(resolve(format.file), "utf8") });
      expect(run.code).toBe(1);
      const errors = run.stdout.split("\n").filter((l) => l.startsWith("::error "));
      expect(errors).toHaveLength(PLAN_RULES.length);
      for (const line of errors) expect(line).toMatch(/^::error title=eni-ips [a-z_]+::/);
      const text = readFileSync(summary, "utf8");
      expect(text).toMatch(/^### eni-ips preview: `\(standard input\)`/);
      for (const code of PLAN_RULES) expect(text).toContain(`\`${code}\``);
    });
  });
});

describe("the example workflows", () => {
  const steps = (file: string) =>
    (parseDocument(readFileSync(resolve(CI_PREVIEW, file), "utf8")).toJS() as { jobs: { preview: { steps: { name?: string; run?: string }[] } } }).jobs.preview.steps;
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it.each([
    ["terraform-workflow.yml", "terraform show -json tfplan", "examples/ci-preview/terraform/plan.json", terraformExample],
    ["pulumi-workflow.yml", "pulumi preview --json", "examples/ci-preview/pulumi/preview.json", pulumiExample],
  ] as const)("%s pipes `%s` into eni-ips preview -, which fails the check on the example", async (file, producer, plan, stack) => {
    const run = steps(file).map((s) => s.run ?? "").find((r) => r.includes("$ENI_IPS preview"));
    expect(run).toBeDefined();
    const [left, right] = (run as string).split("|").map((p) => p.trim());
    expect(left?.startsWith(producer)).toBe(true);
    // `$ENI_IPS preview - --format github` -> argv; the producer's output is the committed plan.
    const argv = (right ?? "").split(/\s+/).slice(1);
    expect(argv).toEqual(["preview", "-", "--format", "github"]);
    fixture.emulator.reset();
    const result = await cli(argv, { env: cleanEnv(fixture.env), stdin: readFileSync(resolve(plan), "utf8") });
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").filter((l) => l.startsWith("::error "))).toHaveLength(Object.values(stack().expect).filter((c) => c !== null).length);
    expect(fixture.emulator.callCounts().mutations).toBe(0);
  });
});
