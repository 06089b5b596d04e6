// Hostile input (issue 15), as files (tests/cli/hostile/) and commands: each gets its exit code and a
// message naming the file, the JSON path or the field; none prints a stack trace; no tampered snapshot
// passes the plan its honest original fails; output files land where their path points and never
// leave a temporary file; inputs are bounded; user text cannot forge lines on a terminal or in CI.
import { spawn, spawnSync } from "node:child_process";
import { closeSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { Readable, Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { OutputFileError, writeOutputFile } from "../../src/cli/output-file";
import { MAX_INPUT_BYTES } from "../../src/cli/read-input";
import { parseSnapshot } from "../../src/cli/snapshot-file";
import type { CliIo } from "../../src/cli/io";
import { runCli } from "../../src/cli/main";
import { CloudTransportError, toCloudError } from "../../src/cloud/errors";
import { resolveLimits, validate } from "../../src/core";
import { GuestConfigError, renderGuestConfig } from "../../src/guest";
import { useEmulator } from "../helpers/emulator";
import { cleanEnv, cli, parseJsonReport, ROOT, type CliRun } from "./cli-harness";

const HOSTILE = "tests/cli/hostile";
const plan = (name: string): string => `${HOSTILE}/plans/${name}`;
const snapshot = (name: string): string => `${HOSTILE}/snapshots/${name}`;
const HONEST = snapshot("honest.json");
const FAILING_PLAN = plan("fails-with-honest-snapshot.yaml");
const PASSING_PLAN = plan("passes-with-honest-snapshot.yaml");
const BIN = resolve(ROOT, "dist", "cli", "main.js");
const tmp = mkdtempSync(join(tmpdir(), "eni-ips-hostile-"));

const STACK_LINE = /^\s+at .+(:\d+:\d+\)?|\(native\))$/m;

function noStack(run: CliRun): void {
  expect(run.stderr).not.toMatch(STACK_LINE);
  expect(run.stdout).not.toMatch(STACK_LINE);
}

/** Exit 2, nothing on stdout, every stderr line prefixed, each pattern found; returns stderr. */
function refused(run: CliRun, ...patterns: RegExp[]): string {
  noStack(run);
  expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 2, stdout: "" });
  for (const line of run.stderr.trimEnd().split("\n")) expect(line).toMatch(/^eni-ips (preview|snapshot|guest-config): /);
  for (const p of patterns) expect(run.stderr).toMatch(p);
  return run.stderr;
}

function preview(planFile: string, snapshotFile: string, ...more: string[]): Promise<CliRun> {
  return cli(["preview", planFile, "--snapshot", snapshotFile, "--max-age", "off", ...more]);
}

function writeTmp(name: string, content: string | Buffer): string {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

describe("a snapshot is checked as strictly as a plan, before any rule runs", () => {
  it("the honest snapshot (versions 2 and 1) fails the plan rule by rule: exit 1", async () => {
    for (const file of [HONEST, snapshot("honest-v1.json")]) {
      const run = await preview(FAILING_PLAN, file, "--format", "json");
      noStack(run);
      expect(run.code).toBe(1);
      const report = parseJsonReport(run);
      expect(report.violations.map((v) => [v.declaration, v.code])).toEqual([
        ["other-network", "outside_vswitch_cidr"],
        ["broadcast", "reserved_ip"],
        ["network-address", "reserved_ip"],
        ["taken", "ip_in_use"],
        ["too-many", "eni_ip_limit"],
      ]);
    }
    expect((await preview(PASSING_PLAN, HONEST)).code).toBe(0);
  });

  // file -> the JSON path and what is said about it. Every one of them must refuse (exit 2) the plan
  // the honest snapshot fails; none may pass it.
  const TAMPERED: readonly [string, RegExp][] = [
    ["cidr-garbage.json", /facts\.vSwitches\[0\]\.cidrBlock: expected a CIDR block such as 10\.0\.1\.0\/24, got the string "garbage"/],
    ["cidr-prefix-40.json", /facts\.vSwitches\[0\]\.cidrBlock: expected a CIDR block .*"10\.0\.1\.0\/40"/],
    ["cidr-host-bits.json", /facts\.vSwitches\[0\]\.cidrBlock: 10\.0\.1\.7\/24 is not a network address \(the block is 10\.0\.1\.0\/24\)/],
    ["cidr-too-wide.json", /facts\.vSwitches\[0\]\.cidrBlock: 0\.0\.0\.0\/0: a vSwitch's block is \/16 to \/29/],
    ["address-outside-vswitch.json", /facts\.enis\[1\]\.privateIpAddresses\[2\]: 192\.168\.77\.8 is outside the ENI's vSwitch 10\.0\.1\.0\/24/],
    ["address-reserved.json", /facts\.enis\[1\]\.privateIpAddresses\[2\]: 10\.0\.1\.255 is reserved in the ENI's vSwitch/],
    ["address-not-ip.json", /facts\.enis\[1\]\.privateIpAddresses\[1\]: expected an IPv4 address, got the string "10\.0\.1\.011"/],
    ["primary-missing.json", /facts\.enis\[1\]\.privateIpAddresses: the primary address 10\.0\.1\.10 is missing/],
    ["address-twice.json", /facts\.enis\[1\]\.privateIpAddresses\[2\]: 10\.0\.1\.11 is listed twice/],
    ["address-on-two-enis.json", /facts\.enis\[1\]\.privateIpAddresses\[1\]: 10\.0\.1\.11 is already on the ENI at facts\.enis\[0\] in the same vSwitch/],
    ["duplicate-eni.json", /facts\.enis\[2\]\.networkInterfaceId: eni-bp1web01 is listed twice \(first at facts\.enis\[1\]\)/],
    ["duplicate-vswitch.json", /facts\.vSwitches\[1\]\.vSwitchId: vsw-bp1app is listed twice/],
    ["duplicate-security-group.json", /facts\.securityGroups\[1\]\.securityGroupId: sg-bp1basic is listed twice/],
    ["captured-2099.json", /capturedAt: 2099-01-01T00:00:00\.000Z is in the future/],
    ["captured-not-iso.json", /capturedAt: expected an ISO 8601 date and time .*"March 7"/],
    ["region-garbage.json", /regionId: expected a region id such as cn-hangzhou, got the string "cn hangzhou\\u001b\[2K"/],
    ["eni-id-wrong-kind.json", /facts\.enis\[1\]\.networkInterfaceId: expected an ENI id \(eni-…\), got the string "sg-bp1web01"/],
    ["eni-type-lowercase.json", /facts\.enis\[1\]\.type: expected one of Primary, Secondary, Trunk, Member, got the string "primary"/],
    ["group-type-unknown.json", /facts\.securityGroups\[0\]\.securityGroupType: expected one of normal, enterprise/],
    ["primary-eni-without-instance.json", /facts\.enis\[1\]\.instanceId: missing: a primary ENI is bound to an instance/],
    ["eni-without-groups.json", /facts\.enis\[1\]\.securityGroupIds: the list is empty/],
    ["count-not-whole.json", /facts\.instanceTypes\[0\]\.eniPrivateIpAddressQuantity: expected a whole number of at least 1, got number 9007199254740994/],
    ["type-quantity-zero.json", /facts\.instanceTypes\[0\]\.eniPrivateIpAddressQuantity: expected a whole number of at least 1, got number 0/],
    ["available-too-high.json", /facts\.vSwitches\[0\]\.availableIpAddressCount: 252 free addresses, but the ENIs listed in vsw-bp1app already hold 3 .*at most 249 free/],
    ["group-count-too-low.json", /facts\.securityGroups\[0\]\.privateIpAddressCount: 1 address over all member ENIs, but the member ENIs listed here already hold 3/],
    ["scoped-eni-vswitch-missing.json", /facts\.enis\[1\]: eni-bp1web01 was captured \(it is in the scope\) but the facts lack its vSwitch vsw-bp1app/],
    ["scoped-eni-instance-missing.json", /facts\.enis\[1\]: eni-bp1web01 was captured .* lack its instance i-bp1web01/],
    ["v1-cidr-garbage.json", /facts\.vSwitches\[0\]\.cidrBlock: expected a CIDR block/],
    ["v1-duplicate-eni.json", /facts\.enis\[2\]\.networkInterfaceId: eni-bp1free is listed twice/],
    ["deep-nesting.json", /deep-nesting\.json:1:\d+: nested more than 128 levels deep/],
    ["truncated.json", /truncated\.json: not valid JSON/],
  ];

  it.each(TAMPERED)("%s: exit 2 with the path, never a pass", async (file, message) => {
    const run = await preview(FAILING_PLAN, snapshot(file));
    const stderr = refused(run, message);
    expect(stderr).toContain(`eni-ips preview: ${snapshot(file)}`);
    // Every file of the corpus is listed here.
  });

  it("the corpus has no snapshot the table above forgets", () => {
    const listed = new Set([...TAMPERED.map(([f]) => f), "honest.json", "honest-v1.json", "other-region.json"]);
    expect(readdirSync(resolve(ROOT, HOSTILE, "snapshots")).filter((f) => !listed.has(f))).toEqual([]);
  });

  it("a snapshot of another region: refused when the plan or ALIBABA_CLOUD_REGION_ID names the run's region", async () => {
    const other = snapshot("other-region.json");
    refused(await cli(["preview", FAILING_PLAN, "--snapshot", other], { env: cleanEnv({ ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" }) }), /regionId: the snapshot is of region cn-beijing but ALIBABA_CLOUD_REGION_ID is cn-hangzhou/);
    const withRegion = writeTmp("hangzhou.yaml", `regionId: cn-hangzhou\n${readFileSync(resolve(ROOT, FAILING_PLAN), "utf8")}`);
    refused(await cli(["preview", withRegion, "--snapshot", other]), /the snapshot is of region cn-beijing but .*hangzhou\.yaml targets cn-hangzhou/);
    // Neither says: the snapshot's region is the run's (docs/snapshot-format.md), and the table says which.
    const unsaid = await cli(["preview", FAILING_PLAN, "--snapshot", other, "--max-age", "off"]);
    expect(unsaid.code).toBe(1);
    expect(unsaid.stdout).toMatch(/facts:  snapshot .*other-region\.json \(region cn-beijing,/);
  });

  it("lists at most 50 problems of a snapshot broken everywhere, then how many more", () => {
    const honest = JSON.parse(readFileSync(resolve(ROOT, HONEST), "utf8")) as { facts: { enis: Record<string, unknown>[] } };
    const enis = Array.from({ length: 80 }, (_, i) => ({ ...honest.facts.enis[0], networkInterfaceId: `eni-x${i}`, primaryIpAddress: "nope" }));
    let message = "";
    try {
      parseSnapshot(JSON.stringify({ ...honest, facts: { ...honest.facts, enis } }), "s.json", { now: new Date("2025-06-02T00:00:00Z") });
    } catch (error) {
      message = (error as Error).message;
    }
    const lines = message.split("\n");
    expect(lines).toHaveLength(51);
    expect(lines[50]).toMatch(/^s\.json: and \d+ more problems like these/);
  });

  it("capturedAt a few minutes ahead (another machine's clock) is accepted, an hour ahead is not", () => {
    const text = readFileSync(resolve(ROOT, HONEST), "utf8");
    expect(parseSnapshot(text, "s.json", { now: new Date("2025-06-01T08:27:00.000Z") }).regionId).toBe("cn-hangzhou");
    expect(() => parseSnapshot(text, "s.json", { now: new Date("2025-06-01T07:30:00.000Z") })).toThrow(/capturedAt: .* is in the future/);
  });
});

describe("plans a person wrote, or a tool mangled: exit 2 (or the verdict) with a message to act on", () => {
  const PLANS: readonly [string, number, RegExp][] = [
    ["empty-address-list.yaml", 2, /empty-address-list\.yaml:4:25: declarations\[0\]\.privateIpAddresses: the list is empty, so the declaration asks for no address/],
    ["numeric-instance-type-key.yaml", 2, /numeric-instance-type-key\.yaml:4:5: limits\.instanceTypeEniIps\.123: expected an instance type id such as ecs\.g7\.large as the key, got number 123/],
    ["multi-document.yaml", 2, /multi-document\.yaml:5:1: the file holds more than one YAML document \(a second `---` starts here\)/],
    ["binary-tag.yaml", 2, /binary-tag\.yaml:4:\d+: the YAML tag !!binary is not plain data an eni-ips plan can hold/],
    ["custom-tag.yaml", 2, /custom-tag\.yaml:3:\d+: the YAML tag !vault is not plain data/],
    ["utf16-bom.yaml", 2, /utf16-bom\.yaml: the file is UTF-16 \(little-endian, with a byte order mark\); eni-ips reads UTF-8: convert it \(iconv -f UTF-16 -t UTF-8\)/],
    ["utf16-no-bom.json", 2, /utf16-no-bom\.json: the file is UTF-16 \(little-endian\)/],
    ["invalid-utf8.yaml", 2, /invalid-utf8\.yaml: the file is not UTF-8 text \(an invalid byte at offset 27\)/],
    ["nul-bytes.yaml", 2, /nul-bytes\.yaml: the file holds binary data \(a NUL byte at offset 101\), not a plan/],
    ["deep-flow.yaml", 2, /deep-flow\.yaml:1:\d+: nested more than 128 levels deep/],
    ["deep-block.yaml", 2, /deep-block\.yaml:129:\d+: nested more than 128 levels deep/],
    ["deep-terraform.json", 2, /deep-terraform\.json:1:\d+: nested more than 128 levels deep/],
    ["alias-bomb.yaml", 2, /alias-bomb\.yaml:6:\d+: declarations\[0\]\.privateIpAddresses\[0\]: expected an IPv4 address, got a list/],
    ["not-a-plan.yaml", 2, /not-a-plan\.yaml:1:1: expected a mapping with a `declarations` list, got the string "just some words"/],
    ["truncated-terraform.json", 2, /truncated-terraform\.json: not valid JSON \(.*\); the file may be truncated/],
    ["control-in-eni-id.yaml", 2, /does not cover eni-bp1web01\\x07\\x1b\]0;owned\\x07; recapture/],
    ["utf8-bom.yaml", 0, /^$/],
    ["inf-nan-counts.yaml", 1, /^$/],
    ["control-characters.yaml", 1, /^$/],
  ];

  it.each(PLANS)("%s: exit %d", async (file, code, message) => {
    const run = await preview(plan(file), HONEST);
    noStack(run);
    if (code === 2) {
      refused(run, message);
      expect(run.stderr).toContain(plan(file));
    } else {
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: "" });
    }
  });

  it("the corpus has no plan the table above forgets", () => {
    const listed = new Set([...PLANS.map(([f]) => f), "fails-with-honest-snapshot.yaml", "passes-with-honest-snapshot.yaml"]);
    expect(readdirSync(resolve(ROOT, HOSTILE, "plans")).filter((f) => !listed.has(f))).toEqual([]);
  });

  it("counts of .inf and .nan are described as themselves, not as null", async () => {
    const table = await preview(plan("inf-nan-counts.yaml"), HONEST);
    expect(table.stdout).toMatch(/FAIL  infinite\s+count Infinity\n\s+invalid_count \(rule 7\) secondaryPrivateIpAddressCount = Infinity\n/);
    expect(table.stdout).toMatch(/FAIL  not-a-number\s+count NaN\n\s+invalid_count \(rule 7\) secondaryPrivateIpAddressCount = NaN\n/);
    const json = parseJsonReport(await preview(plan("inf-nan-counts.yaml"), HONEST, "--format", "json"));
    expect(json.violations.map((v) => v.value)).toEqual(["Infinity", "NaN"]);
  });

  it("the resource (not a plan) still takes an empty list: an update releasing what it owns", () => {
    const facts = parseSnapshot(readFileSync(resolve(ROOT, HONEST), "utf8"), "honest.json").facts;
    const result = validate({ declarations: [{ name: "release-all", networkInterfaceId: "eni-bp1web01", privateIpAddresses: [] }], facts, limits: resolveLimits({ env: {} }) });
    expect(result.violations).toEqual([]);
  });

  it("a directory as the plan or the snapshot", async () => {
    refused(await preview(HOSTILE, HONEST), /^eni-ips preview: tests\/cli\/hostile: cannot read the plan: it is a directory; give the plan file inside it$/m);
    refused(await preview(PASSING_PLAN, HOSTILE), /tests\/cli\/hostile: cannot read the snapshot: it is a directory/);
  });
});

describe("inputs are bounded: 64 MB from a file, a pipe, a device or standard input; no time limit", () => {
  const MB = `${MAX_INPUT_BYTES / (1024 * 1024)}.0 MB`;

  it("a file over the bound is refused from its size, before reading it", async () => {
    const path = join(tmp, "huge.yaml");
    const fd = openSync(path, "w");
    writeSync(fd, "declarations: []\n", MAX_INPUT_BYTES); // sparse: 64 MB of nothing, then a line
    closeSync(fd);
    const started = Date.now();
    refused(await preview(path, HONEST), new RegExp(`huge\\.yaml: the file is 64\\.0 MB, more than the ${MB} eni-ips reads of one plan`));
    refused(await preview(PASSING_PLAN, path), /huge\.yaml: the file is 64\.0 MB, more than the 64\.0 MB eni-ips reads of one snapshot/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("a device with no end (/dev/zero, /dev/urandom) is read up to the bound, then refused", async () => {
    const before = process.memoryUsage().rss;
    refused(await preview("/dev/zero", HONEST), new RegExp(`/dev/zero: it holds more than ${MB}, more than the ${MB} eni-ips reads of one plan`));
    refused(await preview(PASSING_PLAN, "/dev/urandom"), /\/dev\/urandom: it holds more than 64\.0 MB/);
    // The bound is what was held, not gigabytes.
    expect(process.memoryUsage().rss - before).toBeLessThan(600 * 1024 * 1024);
  });

  it("standard input over the bound is refused", async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const stdin = new Readable({
      read() {
        sent++;
        this.push(sent > 80 ? null : chunk);
      },
    });
    const io = capture({ stdin });
    const code = await runCli(["preview", "-", "--snapshot", HONEST], io.io);
    expect(code).toBe(2);
    expect(io.err()).toMatch(/^eni-ips preview: \(standard input\): it holds more than 64\.0 MB/);
    expect(sent).toBeLessThan(70);
  });

  it("a FIFO is waited for as long as its writer takes", async () => {
    const fifo = join(tmp, "plan.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const running = preview(fifo, HONEST);
    await new Promise((r) => setTimeout(r, 500));
    const fd = openSync(fifo, "w");
    writeSync(fd, readFileSync(resolve(ROOT, FAILING_PLAN)));
    closeSync(fd);
    const run = await running;
    noStack(run);
    expect(run.code).toBe(1);
  });
});

describe("snapshot --out writes to where the path points", () => {
  const fixture = useEmulator();
  const captureTo = (out: string) => cli(["snapshot", "--plan", PASSING_PLAN, "--out", out], { env: cleanEnv(fixture().env) });
  const leftovers = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".tmp"));

  it("through a symlink: the target is replaced, the link stays a link", async () => {
    const dir = mkdtempSync(join(tmp, "link-"));
    writeFileSync(join(dir, "real.json"), "stale\n");
    symlinkSync("real.json", join(dir, "snap.json"));
    const run = await captureTo(join(dir, "snap.json"));
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/wrote .*snap\.json \(through the link, to .*real\.json\)/);
    expect(lstatSync(join(dir, "snap.json")).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(dir, "snap.json"))).toBe("real.json");
    expect(parseSnapshot(readFileSync(join(dir, "real.json"), "utf8"), "real.json").regionId).toBe("cn-hangzhou");
    expect(leftovers(dir)).toEqual([]);
  });

  it("through a dangling symlink: its target is created", async () => {
    const dir = mkdtempSync(join(tmp, "dangling-"));
    mkdirSync(join(dir, "data"));
    symlinkSync("data/new.json", join(dir, "snap.json"));
    expect((await captureTo(join(dir, "snap.json"))).code).toBe(0);
    expect(lstatSync(join(dir, "snap.json")).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, "data", "new.json"), "utf8")).format).toBe("eni-ips-snapshot");
    expect([...leftovers(dir), ...leftovers(join(dir, "data"))]).toEqual([]);
  });

  it("a directory, a FIFO or a device is refused before any API call, and stays as it was", async () => {
    const dir = mkdtempSync(join(tmp, "kinds-"));
    const fifo = join(dir, "out.fifo");
    expect(spawnSync("mkfifo", [fifo]).status).toBe(0);
    const reads = fixture().emulator.callCounts().reads;
    refused(await captureTo(dir), /: cannot write here: it is a directory, not a regular file; give a file path \(such as .*snapshot\.json\)/);
    refused(await captureTo(fifo), /out\.fifo: cannot write here: it is a FIFO \(named pipe\), not a regular file; give a file path, or - to write to standard output/);
    refused(await captureTo("/dev/full"), /\/dev\/full: cannot write here: it is a character device/);
    symlinkSync("/dev/null", join(dir, "to-null"));
    refused(await captureTo(join(dir, "to-null")), /to-null: cannot write here: its target \/dev\/null is a character device/);
    expect(fixture().emulator.callCounts().reads).toBe(reads);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["out.fifo", "to-null"]);
  });

  it("--out - writes standard output", async () => {
    const run = await captureTo("-");
    expect(run.code).toBe(0);
    expect(parseSnapshot(run.stdout, "stdout").format).toBe("eni-ips-snapshot");
  });

  it("a write failing half-way leaves neither a temporary file nor a changed target", () => {
    const dir = mkdtempSync(join(tmp, "fail-"));
    const target = join(dir, "snap.json");
    writeFileSync(target, "previous\n");
    const io = capture();
    const failing = {
      renameSync: () => {
        throw Object.assign(new Error("ENOSPC: no space left on device, rename"), { code: "ENOSPC" });
      },
      writeSync: (fd: number, data: Buffer, offset: number) => writeSync(fd, data, offset),
    };
    expect(() => writeOutputFile(io.io, target, "new\n", failing)).toThrow(OutputFileError);
    expect(() => writeOutputFile(io.io, target, "new\n", failing)).toThrow(/cannot write .*snap\.json: no space left on the device/);
    expect(readdirSync(dir)).toEqual(["snap.json"]);
    expect(readFileSync(target, "utf8")).toBe("previous\n");
    const partial = {
      renameSync: failing.renameSync,
      writeSync: (): number => {
        throw Object.assign(new Error("EIO: i/o error, write"), { code: "EIO" });
      },
    };
    expect(() => writeOutputFile(io.io, target, "new\n", partial)).toThrow(/EIO/);
    expect(readdirSync(dir)).toEqual(["snap.json"]);
  });
});

describe("user text is escaped for the terminal and for GitHub workflow commands", () => {
  const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

  it("table: a name holding a newline and a verdict prints on its own line, escaped; no raw control character", async () => {
    const run = await preview(plan("control-characters.yaml"), HONEST);
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    expect(run.stdout.split("\n").filter((l) => l.startsWith("Result:"))).toEqual(["Result: 3 violations in 3 declarations; 0 of 3 declarations pass."]);
    expect(run.stdout).toContain("FAIL  x\\nResult: no violations; 3 of 3 declarations pass.\\x1b[2K ");
    expect(run.stdout).toContain("FAIL  \\u202egnp.eliforp");
  });

  it("github: every line is an annotation or eni-ips's own, the data escaped, the file property too", async () => {
    const dir = mkdtempSync(join(tmp, "gh-"));
    const file = join(dir, "a,b:c%.yaml");
    writeFileSync(file, readFileSync(resolve(ROOT, plan("control-characters.yaml"))));
    const run = await cli(["preview", file, "--snapshot", HONEST, "--max-age", "off", "--format", "github"], { env: cleanEnv({ GITHUB_WORKSPACE: dir }) });
    expect(run.code).toBe(1);
    expect(run.stdout).not.toMatch(RAW_CONTROL);
    const lines = run.stdout.trimEnd().split("\n");
    for (const line of lines) expect(line).toMatch(/^(::error file=a%2Cb%3Ac%25\.yaml,line=\d+,col=\d+,title=eni-ips [a-z_]+::|eni-ips: \/.*\/a,b:c%\.yaml: 3 violations \(0 warnings\)$)/);
    expect(lines).toHaveLength(4);
    // The name's own "%0A" stays text (%250A), its "::" cannot open a command: it is not at a line start.
    expect(run.stdout).toContain("title=eni-ips invalid_count::a%250A::warning::b, c: d: ");
    expect(run.stdout).toContain('"10.0.1.300\\r\\n::error file=x::injected"');
  });

  it("github job summary: names in code spans that hold their backticks, no raw control character", async () => {
    const summary = join(tmp, "summary.md");
    const named = writeTmp("tick.yaml", 'declarations:\n  - name: "a`b``c\\u001b"\n    networkInterfaceId: eni-bp1free\n    privateIpAddresses: [10.0.1.11]\n');
    await cli(["preview", named, "--snapshot", HONEST, "--max-age", "off", "--format", "github"], { env: cleanEnv({ GITHUB_STEP_SUMMARY: summary }) });
    const text = readFileSync(summary, "utf8");
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text).toContain("| ``` a`b``c\\x1b ``` |");
    expect(text).toContain("1 violation (0 warnings)");
  });

  it("messages on stderr: every value quoted from the command line or a file is escaped", async () => {
    refused(await cli(["preview", PASSING_PLAN, "--format", "x\n\u001b[31mred"]), /--format must be one of table, json, github \(got "x\\n\\x1b\[31mred"\)/);
    const f = capture();
    expect(await runCli(["fr\u202eob"], f.io)).toBe(2);
    expect(f.err()).toMatch(/^eni-ips: unknown command "fr\\u202eob"/);
  });
});

describe("small things", () => {
  it("one violation is \"1 violation\", in the table and in GitHub's last line", async () => {
    const one = writeTmp("one.yaml", "declarations:\n  - name: taken\n    networkInterfaceId: eni-bp1free\n    privateIpAddresses: [10.0.1.11]\n");
    expect((await preview(one, HONEST)).stdout).toContain("Result: 1 violation in 1 declaration; 0 of 1 declaration pass.");
    expect((await preview(one, HONEST, "--format", "github")).stdout).toMatch(/: 1 violation \(0 warnings\)\n$/);
  });

  it("eni-ips --version prints the package's version", async () => {
    const version = (JSON.parse(readFileSync(resolve(ROOT, "package.json"), "utf8")) as { version: string }).version;
    for (const flag of ["--version", "-V"]) {
      const run = await cli([flag]);
      expect(run).toEqual({ code: 0, stdout: `eni-ips ${version}\n`, stderr: "" });
    }
  });

  it("renderGuestConfig: not an object, or a string for addresses, is a typed error", () => {
    for (const input of [null, undefined, "rhel", []]) {
      expect(() => renderGuestConfig(input as never)).toThrow(GuestConfigError);
      try {
        renderGuestConfig(input as never);
      } catch (error) {
        expect((error as GuestConfigError).code).toBe("invalid_input");
      }
    }
    const e = (() => {
      try {
        renderGuestConfig({ os: "rhel", cidrBlock: "10.0.0.0/24", addresses: "10.0.0.5" as never });
      } catch (error) {
        return error as GuestConfigError;
      }
      return undefined;
    })();
    expect(e).toBeInstanceOf(GuestConfigError);
    expect(e?.code).toBe("no_addresses");
    expect(e?.message).toMatch(/got the string "10\.0\.0\.5" \(a list of one is \["10\.0\.0\.5"\]\)/);
  });

  it("transport failures read well: a space before httpx's \"POST … failed.\", and a socket timeout is not \"ConnectTimeout: ConnectTimeout\"", async () => {
    const refusedConnection = toCloudError(
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:57619POST http://127.0.0.1:57619/?Action=x failed."), { code: "ECONNREFUSED" }),
      "DescribeNetworkInterfaces",
    );
    expect(refusedConnection.message).toBe("DescribeNetworkInterfaces failed: ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:57619; POST http://127.0.0.1:57619/?… failed.");
    const idle = toCloudError(Object.assign(new Error("ConnectTimeout: Connect http://127.0.0.1:1/?a=b failed."), { name: "RequestTimeoutError" }), "DescribeVSwitchAttributes");
    expect(idle).toBeInstanceOf(CloudTransportError);
    expect(idle.message).toBe("DescribeVSwitchAttributes failed: ConnectTimeout: no answer from http://127.0.0.1:1/?… in time (no connection, or the server did not reply)");
    const read = toCloudError(Object.assign(new Error("ReadTimeout(20000). POST http://h/?a=b failed."), { name: "RequestTimeoutError" }), "A");
    expect(read.message).toBe("A failed: ReadTimeout: no answer within 20000 ms; POST http://h/?… failed.");

    // And end to end: a port nobody listens on.
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const run = await cli(["preview", PASSING_PLAN], {
      env: cleanEnv({ ALIBABA_CLOUD_REGION_ID: "cn-hangzhou", ALIBABA_CLOUD_ACCESS_KEY_ID: "x", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "y", ALIBABA_CLOUD_ECS_ENDPOINT: url, ALIBABA_CLOUD_VPC_ENDPOINT: url }),
    });
    refused(run, new RegExp(`connect ECONNREFUSED 127\\.0\\.0\\.1:${port}; POST ${url}/\\?… failed\\.$`, "m"));
  });
});

describe("the real process", () => {
  it("closing stdout early (| head -1) ends quietly with the verdict's exit code", async () => {
    for (const [file, code] of [[FAILING_PLAN, 1], [PASSING_PLAN, 0]] as const) {
      const child = spawn(process.execPath, [BIN, "preview", file, "--snapshot", HONEST, "--max-age", "off"], { cwd: ROOT, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy(); // the reader is gone before the first byte
      let stderr = "";
      child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
      const exit = await new Promise<number | null>((r) => child.on("close", (c) => r(c)));
      expect({ file, exit, stderr }).toEqual({ file, exit: code, stderr: "" });
    }
  });

  it("--version, and refusals without a stack trace", () => {
    const run = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env: cleanEnv(), encoding: "utf8", timeout: 60_000 });
    expect(run(["--version"]).stdout).toMatch(/^eni-ips \d+\.\d+\.\d+\n$/);
    for (const args of [["preview", "/dev/zero", "--snapshot", HONEST], ["preview", PASSING_PLAN, "--snapshot", snapshot("cidr-garbage.json")], ["preview", plan("deep-terraform.json"), "--snapshot", HONEST]]) {
      const r = run(args);
      expect({ args, status: r.status }).toEqual({ args, status: 2 });
      expect(r.stderr).not.toMatch(STACK_LINE);
      expect(r.stderr).toMatch(/^eni-ips preview: /);
    }
  });
});

function capture(options: { stdin?: NodeJS.ReadableStream } = {}): { io: CliIo; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const sink = (append: (s: string) => void): Writable =>
    new Writable({
      write(c: Buffer, _encoding, done) {
        append(c.toString());
        done();
      },
    });
  const io: CliIo = { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), env: cleanEnv(), cwd: ROOT, ...(options.stdin ? { stdin: options.stdin } : {}) };
  return { io, out: () => out, err: () => err };
}

/** A port that was free a moment ago and has no listener now. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as { port: number };
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

