// `eni-ips preview` with IPv4 prefix declarations (ipv4Prefixes / ipv4PrefixCount): rules 16
// (invalid_prefix) and 17 (prefix_unavailable) fail and pass live against the emulator's prefix
// account and offline from a snapshot captured of it, with the same verdicts and no mutating call.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PREFIX_IDS, demoSeedWithPrefixes } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { cleanEnv, cli, parseJsonReport, type JsonReport } from "./cli-harness";

const tmp = mkdtempSync(join(tmpdir(), "eni-ips-prefixes-"));
const P = DEMO_PREFIX_IDS;

function writeTmp(name: string, text: string): string {
  const path = join(tmp, name);
  writeFileSync(path, text);
  return path;
}

// eni-bp1demoprefix holds 10.0.3.64/28; its vSwitch reserves 10.0.3.64/26 (four /28s) for prefixes.
const PASSING = `regionId: cn-hangzhou
declarations:
  - name: prefix-explicit
    networkInterfaceId: ${P.eni}
    ipv4Prefixes: [10.0.3.80/28]
  - name: prefix-count
    networkInterfaceId: ${P.eni}
    ipv4PrefixCount: 1
`;
const FAILING = `${PASSING}  - name: prefix-misaligned
    networkInterfaceId: ${P.eni}
    ipv4Prefixes: [10.0.3.88/28]
  - name: prefix-outside
    networkInterfaceId: ${P.eni}
    ipv4Prefixes: [10.0.3.128/28]
  - name: prefix-none-left
    networkInterfaceId: ${P.eni}
    ipv4PrefixCount: 2
  - name: prefix-taken
    networkInterfaceId: ${P.eni}
    ipv4Prefixes: [10.0.3.64/28]
  - name: address-in-reservation
    networkInterfaceId: ${P.eni}
    privateIpAddresses: [10.0.3.100]
  - name: both-kinds
    networkInterfaceId: ${P.eni}
    privateIpAddresses: [10.0.3.20]
    ipv4PrefixCount: 1
`;

const verdicts = (r: JsonReport): string[] => r.violations.map((v) => `${v.declaration} ${v.code} ${v.rule}`);
const EXPECTED = [
  "prefix-misaligned invalid_prefix 16",
  "prefix-outside prefix_unavailable 17",
  "prefix-none-left prefix_unavailable 17",
  "prefix-taken prefix_unavailable 17",
  "address-in-reservation reserved_ip 4",
  "both-kinds conflicting_args 6",
];

describe("eni-ips preview with IPv4 prefixes", () => {
  let fixture: EmulatorFixture;
  beforeAll(async () => {
    fixture = await startEmulatorFixture({ seed: demoSeedWithPrefixes() });
  });
  afterAll(async () => {
    await fixture.close();
  });

  it("live: rules 16 and 17 fail the bad declarations, pass the good ones, with no mutating call", async () => {
    const live = await cli(["preview", writeTmp("failing.yaml", FAILING), "--format", "json"], { env: cleanEnv(fixture.env) });
    expect(live.stderr).toBe("");
    expect(live.code).toBe(1);
    const report = parseJsonReport(live);
    expect(verdicts(report)).toEqual(EXPECTED);
    const misaligned = report.violations.find((v) => v.declaration === "prefix-misaligned")!;
    expect(misaligned).toMatchObject({ property: "ipv4Prefixes", value: "10.0.3.88/28" });
    expect(misaligned.message).toContain("the /28 holding that address is 10.0.3.80/28");
    const noneLeft = report.violations.find((v) => v.declaration === "prefix-none-left")!;
    // Four /28s reserved, one on the ENI, two taken by the earlier declarations: one left.
    expect(noneLeft.message).toContain("have 1 free after 2 taken by earlier declarations of this run");
    expect(report.violations.find((v) => v.declaration === "address-in-reservation")!.message).toContain(`10.0.3.64/26 (${P.reservation})`);
    expect((await cli(["preview", writeTmp("passing.yaml", PASSING)], { env: cleanEnv(fixture.env) })).code).toBe(0);
    expect(fixture.emulator.callCounts().mutations).toBe(0);
  });

  it("offline: a snapshot captured of the plan gives the same verdicts without credentials", async () => {
    const snap = join(tmp, "prefix-snapshot.json");
    const captured = await cli(["snapshot", "--plan", writeTmp("capture.yaml", FAILING), "--out", snap], { env: cleanEnv(fixture.env) });
    expect(captured.code).toBe(0);
    const file = JSON.parse(readFileSync(snap, "utf8")) as { version: number; facts: { vSwitches: { vSwitchId: string; cidrReservations?: unknown }[] } };
    expect(file.version).toBe(3);
    expect(file.facts.vSwitches.find((v) => v.vSwitchId === P.vSwitch)?.cidrReservations).toEqual([{ vSwitchCidrReservationId: P.reservation, cidrBlock: "10.0.3.64/26" }]);
    const offline = await cli(["preview", writeTmp("failing-offline.yaml", FAILING), "--snapshot", snap, "--format", "json"]);
    expect(offline.code).toBe(1);
    expect(verdicts(parseJsonReport(offline))).toEqual(EXPECTED);
    expect((await cli(["preview", writeTmp("passing-offline.yaml", PASSING), "--snapshot", snap])).code).toBe(0);
  });

  it("an older snapshot without reservations still judges the prefixes it can, and says what it skipped", async () => {
    const snap = join(tmp, "prefix-snapshot.json");
    const v3 = JSON.parse(readFileSync(snap, "utf8")) as Record<string, any>;
    for (const v of v3["facts"]["vSwitches"]) delete v["cidrReservations"];
    const old = writeTmp("no-reservations.json", JSON.stringify(v3));
    const run = parseJsonReport(await cli(["preview", writeTmp("passing-old.yaml", PASSING), "--snapshot", old, "--format", "json"]));
    expect(run.violations).toEqual([]);
    expect(run.warnings.map((w) => w.code)).toEqual(["unknown_reservations", "unknown_reservations"]);
  });

  it("points a GitHub annotation at the prefix at fault", async () => {
    const plan = writeTmp("annotate.yaml", FAILING);
    const run = await cli(["preview", plan, "--format", "github"], { env: cleanEnv(fixture.env) });
    const line = FAILING.split("\n").findIndex((l) => l.includes("10.0.3.88/28")) + 1;
    expect(run.stdout).toMatch(new RegExp(`::error file=[^,]*annotate\\.yaml,line=${line},`));
  });
});
