// `eni-ips preview`: exit codes, the three formats, offline (snapshot) and live (emulator) giving the
// same verdict, and never a mutating call.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { cleanEnv, cli, intendedOutcomes, lineOf, parseJsonReport, PLAN, SNAPSHOT, withNoCredentials, type JsonReport } from "./cli-harness";

const PLAN_REL = "examples/ci-preview/plan.yaml";
const SNAPSHOT_REL = "examples/ci-preview/snapshot.json";
const planText = readFileSync(PLAN, "utf8");
const tmp = mkdtempSync(join(tmpdir(), "eni-ips-preview-"));

function writeTmp(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

/** The committed snapshot, re-dated so the staleness warning depends only on the test's intent. */
function freshSnapshot(capturedAt: string = new Date().toISOString()): string {
  const snap = JSON.parse(readFileSync(SNAPSHOT, "utf8")) as Record<string, unknown>;
  return writeTmp(`snap-${capturedAt.replace(/[:.]/g, "-")}.json`, JSON.stringify({ ...snap, capturedAt }));
}

const PASSING_PLAN = `regionId: cn-hangzhou
declarations:
  - name: web-vips
    networkInterfaceId: eni-bp1demoweb01
    privateIpAddresses: [10.0.1.13, 10.0.1.14]
  - name: data-plane
    networkInterfaceId: eni-bp1demobound
    secondaryPrivateIpAddressCount: 2
`;

describe("eni-ips preview, offline against the committed snapshot", () => {
  it("finds every violation the ci-preview plan means to show, and nothing on the passing declarations (exit 1)", async () => {
    const run = await cli(["preview", PLAN_REL, "--snapshot", freshSnapshot(), "--format", "json"]);
    expect(run.code).toBe(1);
    const report = parseJsonReport(run);
    const intended = intendedOutcomes();
    expect(intended.size).toBe(17);
    for (const [name, code] of intended) {
      const codes = report.violations.filter((v) => v.declaration === name).map((v) => v.code);
      expect({ name, codes }).toEqual({ name, codes: code === null ? [] : [code] });
    }
    expect(report.warnings).toEqual([]);
  });

  it("prints the README's JSON shape: code, declaration, networkInterfaceId, property, value, message", async () => {
    const report = parseJsonReport(await cli(["preview", PLAN_REL, "--snapshot", freshSnapshot(), "--format", "json"]));
    const dup = report.violations.find((v) => v.code === "duplicate_ip");
    expect(dup).toMatchObject({ declaration: "web-vips-again", networkInterfaceId: "eni-bp1demobound", property: "privateIpAddresses", value: "10.0.1.13", rule: 2 });
    expect(Object.keys(dup as object).slice(0, 6)).toEqual(["code", "declaration", "networkInterfaceId", "property", "value", "message"]);
    for (const v of report.violations) {
      expect(typeof v.message).toBe("string");
      expect(v.message.length).toBeGreaterThan(20);
    }
    expect(Array.isArray(report.usage.securityGroups)).toBe(true);
  });

  it("prints a table grouped by ENI with headroom and limit source, violations under their declaration, and security groups", async () => {
    const run = await cli(["preview", PLAN_REL, "--snapshot", freshSnapshot()]);
    expect(run.code).toBe(1);
    const out = run.stdout;
    // The ENI heading, its headroom line with the limit's source, then its declarations.
    const web02 = out.indexOf("  eni-bp1demoweb02  ");
    expect(web02).toBeGreaterThan(0);
    const block = out.slice(web02, out.indexOf("\n  eni-", web02 + 1));
    expect(block).toMatch(/private IPs after plan: 6\/6, headroom 0 \(limit: .*ecs\.g6\.large/);
    expect(block).toMatch(/FAIL  full-eni/);
    expect(block).toMatch(/eni_ip_limit \(rule 11\) secondaryPrivateIpAddressCount = 1/);
    expect(out).toMatch(/PASS  web-vips/);
    expect(out).toMatch(/Security groups/);
    expect(out).toMatch(/sg-bp1demofull\s+normal\s+1990\/2000\s+10\s+default profile/);
    expect(out).toMatch(/sg-bp1demoadvanced\s+enterprise\s+\d+\/-/);
    expect(out).toMatch(/Result: 13 violations in 13 declarations; 4 of 17 declarations pass\./);
  });

  it("prints one GitHub annotation per violation on the plan line at fault", async () => {
    const run = await cli(["preview", PLAN_REL, "--snapshot", freshSnapshot(), "--format", "github"]);
    expect(run.code).toBe(1);
    const errors = run.stdout.split("\n").filter((l) => l.startsWith("::error "));
    expect(errors).toHaveLength(13);
    const taken = errors.find((l) => l.includes("title=eni-ips ip_in_use"));
    expect(taken).toContain(`file=${PLAN_REL},line=${lineOf(planText, "taken-address", "10.0.1.11")},`);
    const missing = errors.find((l) => l.includes("title=eni-ips eni_not_found"));
    expect(missing).toContain(`line=${lineOf(planText, "missing-eni", "networkInterfaceId")},`);
    const quota = errors.find((l) => l.includes("title=eni-ips security_group_quota"));
    expect(quota).toContain(`line=${lineOf(planText, "fleet-burst", "secondaryPrivateIpAddressCount")},`);
    // Data is escaped: no raw newline or stray "::" inside a message.
    for (const line of errors) expect(line.split("::").length).toBe(3);
  });

  it("exits 0 on a plan without violations, in every format", async () => {
    const plan = writeTmp("ok.yaml", PASSING_PLAN);
    const snap = freshSnapshot();
    for (const format of ["table", "json", "github"]) {
      const run = await cli(["preview", plan, "--snapshot", snap, "--format", format]);
      expect({ format, code: run.code, stderr: run.stderr }).toEqual({ format, code: 0, stderr: "" });
    }
    const json = parseJsonReport(await cli(["preview", plan, "--snapshot", snap, "--format", "json"]));
    expect(json.violations).toEqual([]);
  });

  it("warns stale_snapshot for an old snapshot, still judging the plan; --max-age changes the threshold", async () => {
    const old = freshSnapshot(new Date(Date.now() - 3 * 24 * 3_600_000).toISOString());
    const plan = writeTmp("ok2.yaml", PASSING_PLAN);
    const stale = await cli(["preview", plan, "--snapshot", old, "--format", "json"]);
    expect(stale.code).toBe(0);
    expect(parseJsonReport(stale).warnings.map((w) => w.code)).toEqual(["stale_snapshot"]);
    const github = await cli(["preview", plan, "--snapshot", old, "--format", "github"]);
    expect(github.stdout).toMatch(/^::warning file=.*title=eni-ips stale_snapshot::snapshot .* was captured 3 days ago/m);
    const table = await cli(["preview", plan, "--snapshot", old]);
    expect(table.stdout).toMatch(/Warnings\n  stale_snapshot: /);
    const allowed = await cli(["preview", plan, "--snapshot", old, "--format", "json", "--max-age", "7d"]);
    expect(parseJsonReport(allowed).warnings).toEqual([]);
    const fresh = await cli(["preview", plan, "--snapshot", freshSnapshot(new Date(Date.now() - 2 * 3_600_000).toISOString()), "--format", "json", "--max-age", "1h"]);
    expect(parseJsonReport(fresh).warnings.map((w) => w.code)).toEqual(["stale_snapshot"]);
  });

  it("applies --profile current (wider limits) over the plan's profile", async () => {
    const plan = writeTmp("avail.yaml", "declarations:\n  - name: many\n    networkInterfaceId: eni-bp1demofree\n    secondaryPrivateIpAddressCount: 12\n");
    const snap = freshSnapshot();
    const strict = parseJsonReport(await cli(["preview", plan, "--snapshot", snap, "--format", "json"]));
    expect(strict.violations.map((v) => v.code)).toEqual(["eni_ip_limit"]);
    const current = await cli(["preview", plan, "--snapshot", snap, "--format", "json", "--profile", "current"]);
    expect(current.code).toBe(0);
  });
});

describe("eni-ips preview, exit 2 on bad usage or input", () => {
  it("a YAML syntax error, with file:line:column", async () => {
    const plan = writeTmp("broken.yaml", "declarations:\n  - name: a\n    networkInterfaceId: [eni-1\n  - name: b\n");
    const run = await cli(["preview", plan, "--snapshot", SNAPSHOT_REL]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^eni-ips preview: .*broken\.yaml:4:\d+: YAML syntax error: /m);
  });

  it("a schema error, with line number and what was expected", async () => {
    const plan = writeTmp("schema.yaml", "declarations:\n  - name: a\n    networkInterfaceId: 17\n");
    const run = await cli(["preview", plan, "--snapshot", SNAPSHOT_REL]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("schema.yaml:3:25: declarations[0].networkInterfaceId: expected an ENI id string (eni-…), got number 17");
  });

  it("a missing plan, a missing or broken snapshot, an unknown format or option", async () => {
    expect((await cli(["preview", "nope.yaml", "--snapshot", SNAPSHOT_REL])).stderr).toMatch(/nope\.yaml: cannot read the plan: no such file/);
    const missingSnap = await cli(["preview", PLAN_REL, "--snapshot", "nope.json"]);
    expect(missingSnap.code).toBe(2);
    expect(missingSnap.stderr).toMatch(/nope\.json: cannot read the snapshot/);
    const v4 = writeTmp("v4.json", JSON.stringify({ ...JSON.parse(readFileSync(SNAPSHOT, "utf8")), version: 4 }));
    const future = await cli(["preview", PLAN_REL, "--snapshot", v4]);
    expect(future.code).toBe(2);
    expect(future.stderr).toMatch(/unsupported snapshot version number 4/);
    const truncated = writeTmp("cut.json", readFileSync(SNAPSHOT, "utf8").slice(0, 500));
    expect((await cli(["preview", PLAN_REL, "--snapshot", truncated])).code).toBe(2);
    expect((await cli(["preview", PLAN_REL, "--snapshot", SNAPSHOT_REL, "--format", "xml"])).code).toBe(2);
    expect((await cli(["preview", PLAN_REL, "--snapshot", SNAPSHOT_REL, "--frobnicate"])).code).toBe(2);
    expect((await cli(["preview"])).code).toBe(2);
    expect((await cli(["preview", PLAN_REL, "--snapshot", SNAPSHOT_REL, "--max-age", "soon"])).code).toBe(2);
  });

  it("bad limit settings in the environment, and answers --help with exit 0", async () => {
    const run = await cli(["preview", PLAN_REL, "--snapshot", SNAPSHOT_REL], { env: cleanEnv({ ENI_IPS_BASIC_SG_MAX_IPS: "lots" }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^eni-ips preview: ENI_IPS_BASIC_SG_MAX_IPS="lots" is not a valid limit/);
    const help = await cli(["preview", "--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^usage: eni-ips preview FILE/);
  });

  it("a snapshot that does not cover the plan's ENIs, or is of another region", async () => {
    const plan = writeTmp("other.yaml", "declarations:\n  - name: x\n    networkInterfaceId: eni-bp1demoburst\n    secondaryPrivateIpAddressCount: 1\n");
    const run = await cli(["preview", plan, "--snapshot", SNAPSHOT_REL]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/does not cover eni-bp1demoburst; recapture it/);
    const beijing = writeTmp("bj.yaml", "regionId: cn-beijing\ndeclarations: []\n");
    expect((await cli(["preview", beijing, "--snapshot", SNAPSHOT_REL])).stderr).toMatch(/region cn-hangzhou but .*bj\.yaml targets cn-beijing/);
  });

  it("no credentials and no snapshot: a clear message naming the variables, at once (no retries), never the network", async () => {
    const started = Date.now();
    const { result: run, hosts } = await withNoCredentials((home) =>
      cli(["preview", PLAN_REL], { env: cleanEnv({ ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", HOME: home, ALIBABA_CLOUD_ECS_METADATA_DISABLED: "true" }) }),
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/credentials.*ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.*--snapshot FILE/s);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(hosts).toEqual([]);
    // The retry budget is 30 s of backoff; a config error spends none of it.
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe("eni-ips preview, live against the emulator", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startEmulatorFixture();
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("gives the same violations live as offline from the committed snapshot, making no mutating call", async () => {
    fixture.emulator.reset();
    const live = await cli(["preview", PLAN_REL, "--format", "json"], { env: cleanEnv(fixture.env) });
    expect(live.stderr).toBe("");
    expect(live.code).toBe(1);
    const counts = fixture.emulator.callCounts();
    expect(counts.reads).toBeGreaterThan(0);
    expect(counts.mutations).toBe(0);
    const offline = await cli(["preview", PLAN_REL, "--snapshot", freshSnapshot(), "--format", "json"]);
    const strip = (r: JsonReport) => r.violations;
    expect(strip(parseJsonReport(live))).toEqual(strip(parseJsonReport(offline)));
    expect(parseJsonReport(live).violations).toHaveLength(13);
  });

  it("makes no mutating call in any format, and prints the live source in the table", async () => {
    fixture.emulator.reset();
    const table = await cli(["preview", PLAN_REL], { env: cleanEnv(fixture.env) });
    expect(table.stdout).toMatch(/facts:  live account, region cn-hangzhou \(\d+ API reads, no changes made\)/);
    await cli(["preview", PLAN_REL, "--format", "github"], { env: cleanEnv(fixture.env) });
    const ok = writeTmp("ok-live.yaml", PASSING_PLAN);
    expect((await cli(["preview", ok], { env: cleanEnv(fixture.env) })).code).toBe(0);
    expect(fixture.emulator.callCounts().mutations).toBe(0);
    expect(fixture.emulator.callCounts()["AssignPrivateIpAddresses"] ?? 0).toBe(0);
  });

  it("reports the API's refusal of bad credentials as exit 2", async () => {
    const run = await cli(["preview", PLAN_REL], { env: cleanEnv({ ...fixture.env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: "wrong" }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^eni-ips preview: cannot read the account: /);
  });
});
