// Hostile but realistic input (issue 15): an action smuggled past the signature, a state file that
// cannot be written, a web page talking to the admin endpoints, nonsense fault configurations and
// damaged state files. Every refused request must leave the emulator exactly as it was.
import * as $Ecs from "@alicloud/ecs20140526";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import Ecs20140526 from "@alicloud/ecs20140526";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { emulator as emulatorCommand } from "../../src/cli/commands/emulator";
import { DEMO_CREDENTIALS, DEMO_IDS, demoSeed, startEmulator, type RunningEmulator } from "../../src/emulator";
import { sdkError, startEmulatorFixture, useEmulator } from "../helpers/emulator";
import { adminRequest, v1Call, v3Call } from "./raw-requests";

const R = "cn-hangzhou";
const dir = mkdtempSync(join(tmpdir(), "eni-ips-hostile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs `act` and checks that the account, the faults and (unless the request reached its action)
 *  the call counters did not move. */
async function unchanged(emu: RunningEmulator, act: () => Promise<void>, counted = false): Promise<void> {
  const look = () => ({ state: emu.state(), faults: emu.faults(), ...(counted ? {} : { calls: emu.callCounts() }) });
  const before = look();
  await act();
  expect(look()).toEqual(before);
}

describe("the action comes from the signed request only", () => {
  const emu = useEmulator();
  beforeEach(() => emu().emulator.reset());

  it("refuses an unsigned x-acs-action header that contradicts a V1-signed Action, removing nothing", async () => {
    await unchanged(emu().emulator, async () => {
      const res = await v1Call(emu().url, { Action: "DescribeNetworkInterfaceAttribute", NetworkInterfaceId: DEMO_IDS.eniWeb01, "PrivateIpAddress.1": "10.0.1.11" }, { "x-acs-action": "UnassignPrivateIpAddresses" });
      expect([res.status, res.body["Code"]]).toEqual([400, "IncompleteSignature"]);
      expect(res.body["Message"]).toContain("UnassignPrivateIpAddresses");
    });
    expect(emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniWeb01)?.secondaryIpAddresses).toEqual(["10.0.1.11", "10.0.1.12"]);
  });

  it("refuses an x-acs-version header that contradicts a V1-signed Version", async () => {
    await unchanged(emu().emulator, async () => {
      const res = await v1Call(emu().url, { Action: "DescribeNetworkInterfaceAttribute", NetworkInterfaceId: DEMO_IDS.eniWeb01 }, { "x-acs-version": "2016-04-28" });
      expect(res.body["Code"]).toBe("IncompleteSignature");
    });
  });

  it("accepts V1 headers that repeat the signed values, as the SDK's V1 mode sends them", async () => {
    const res = await v1Call(emu().url, { Action: "DescribeNetworkInterfaceAttribute", NetworkInterfaceId: DEMO_IDS.eniAvailable }, { "x-acs-action": "DescribeNetworkInterfaceAttribute", "x-acs-version": "2014-05-26" });
    expect([res.status, res.body["NetworkInterfaceId"]]).toEqual([200, DEMO_IDS.eniAvailable]);
    // The SDK itself in V1 mode ("v2" in its naming) assigns and unassigns.
    const v1 = new Ecs20140526(new $OpenApiUtil.Config({ ...DEMO_CREDENTIALS, endpoint: emu().endpoint, protocol: "http", regionId: R, signatureAlgorithm: "v2" }));
    const assigned = await v1.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.180"] }));
    expect(assigned.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.180"]);
    expect(emu().emulator.callCounts()).toMatchObject({ AssignPrivateIpAddresses: 1 });
  });

  it("refuses a V3 request whose signed x-acs-action and signed Action parameter disagree", async () => {
    await unchanged(emu().emulator, async () => {
      const res = await v3Call(emu().url, {
        action: "DescribeNetworkInterfaceAttribute",
        query: { RegionId: R, Action: "UnassignPrivateIpAddresses", NetworkInterfaceId: DEMO_IDS.eniWeb01, "PrivateIpAddress.1": "10.0.1.11" },
      });
      expect([res.status, res.body["Code"]]).toEqual([400, "IncompleteSignature"]);
    });
  });

  it("refuses a V3 request whose x-acs-action is left out of SignedHeaders", async () => {
    await unchanged(emu().emulator, async () => {
      const res = await v3Call(emu().url, {
        action: "UnassignPrivateIpAddresses",
        query: { RegionId: R, NetworkInterfaceId: DEMO_IDS.eniWeb01, "PrivateIpAddress.1": "10.0.1.11" },
        authorization: (signed) => signed.replace(";x-acs-action", ""),
      });
      expect(res.body["Code"]).toBe("IncompleteSignature");
    });
  });
});

describe("a state file that cannot be written", () => {
  it("rolls the mutation back before answering, and a retry with the same token acts as the first time", async () => {
    const statePath = join(dir, "rollback.json");
    const fx = await startEmulatorFixture({ statePath, faults: { conflict: { busyMs: 60_000 }, staleReads: { describes: 1 } } });
    try {
      const assign = () => fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.190", "10.0.1.191"], clientToken: "disk-full-1" }));
      const onDisk = readFileSync(statePath, "utf8");
      // The atomic write goes through PATH.PID.tmp: a directory in its place makes it fail.
      const blocker = `${statePath}.${process.pid}.tmp`;
      mkdirSync(blocker);
      await unchanged(fx.emulator, async () => {
        const err = await sdkError(assign());
        expect([err.code, err.statusCode]).toEqual(["InternalError", 500]);
        expect(err.message).toContain("state file");
      }, true);
      expect(readFileSync(statePath, "utf8")).toBe(onDisk);
      rmSync(blocker, { recursive: true });
      // Not busy (the conflict window was rolled back too), not burnt, not "already assigned".
      const retry = await assign();
      expect(retry.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.190", "10.0.1.191"]);
      expect(JSON.parse(readFileSync(statePath, "utf8")).networkInterfaces.find((e: { networkInterfaceId: string }) => e.networkInterfaceId === DEMO_IDS.eniAvailable).secondaryIpAddresses).toEqual(["10.0.1.190", "10.0.1.191"]);
    } finally {
      await fx.close();
    }
  });
});

describe("admin endpoints refuse web pages", () => {
  const emu = useEmulator();
  const port = () => new URL(emu().url).port;

  it("answers a program on this machine by 127.0.0.1, localhost and [::1] names", async () => {
    for (const host of [`127.0.0.1:${port()}`, `localhost:${port()}`, `[::1]:${port()}`]) {
      expect((await adminRequest(emu().url, "/_emulator/calls", { host })).status).toBe(200);
    }
    const ok = await adminRequest(emu().url, "/_emulator/faults", { method: "POST", headers: { "content-type": "application/json", origin: `http://127.0.0.1:${port()}` }, body: "{}" });
    expect(ok.status).toBe(200);
  });

  it("refuses a foreign Host (DNS rebinding), a foreign Origin and a wrong port", async () => {
    await unchanged(emu().emulator, async () => {
      for (const host of [`evil.example:${port()}`, "127.0.0.1:1", `127.0.0.1.evil.example:${port()}`]) {
        const res = await adminRequest(emu().url, "/_emulator/state", { host });
        expect([host, res.status, res.body["Code"]]).toEqual([host, 403, "Forbidden"]);
      }
      for (const origin of ["http://evil.example", "null", `http://localhost:${Number(port()) + 1}`, `https://127.0.0.1:${port()}`]) {
        const res = await adminRequest(emu().url, "/_emulator/reset", { method: "POST", headers: { origin } });
        expect([origin, res.status]).toEqual([origin, 403]);
      }
    });
  });

  it("refuses the content types a browser sends across origins without a preflight", async () => {
    emu().emulator.setFaults({ actions: { DescribeInstances: { latencyMs: 5 } } });
    await emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.181"] }));
    await unchanged(emu().emulator, async () => {
      for (const type of ["text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"]) {
        const reset = await adminRequest(emu().url, "/_emulator/reset", { method: "POST", headers: { "content-type": type }, body: "x" });
        expect([type, reset.status]).toEqual([type, 415]);
        const faults = await adminRequest(emu().url, "/_emulator/faults", { method: "POST", headers: { "content-type": type }, body: "{}" });
        expect(faults.status).toBe(415);
      }
    });
  });
});

describe("fault configurations are validated", () => {
  const emu = useEmulator();
  const bad: [unknown, RegExp][] = [
    [{ actions: { AssignPrivateIpAddresses: { throttling: { probability: "high" } } } }, /faults\.actions\.AssignPrivateIpAddresses\.throttling\.probability: expected a number from 0 to 1, got "high"/],
    [{ actions: { "*": { throttling: { probability: 1.5 } } } }, /probability: expected a number from 0 to 1/],
    [{ actions: { "*": { serverError: { times: -1 } } } }, /serverError\.times: expected a whole number from 0 to/],
    [{ actions: { "*": { latencyMs: 1e12 } } }, /latencyMs: expected a whole number from 0 to 600000, got 1000000000000/],
    [{ actions: { "*": { latencyMs: -5 } } }, /latencyMs/],
    [{ actions: { "*": { throttling: { probabilty: 0.5 } } } }, /throttling\.probabilty: unknown key \(known: probability, times, retryAfterMs, code\)/],
    [{ actions: { AssignPrivateIpAdresses: { latencyMs: 5 } } }, /faults\.actions\.AssignPrivateIpAdresses: unknown action/],
    [{ actions: { "*": { throttling: { code: "Slow.Down" } } } }, /code: expected one of Throttling, Throttling\.User, Throttling\.Api, Rejected\.Throttling, rotate/],
    [{ conflict: { busyMs: 1.5 } }, /conflict\.busyMs: expected a whole number/],
    [{ staleReads: {} }, /staleReads\.describes: is required/],
    [{ mutationRateLimit: { perSecond: 0 } }, /perSecond: expected a whole number from 1/],
    [{ nonsense: 1 }, /faults\.nonsense: unknown key/],
    [{ commands: { outcomes: [{ status: "Crashed" }] } }, /faults\.commands\.outcomes\[0\]\.status: expected one of Success, Failed, Timeout/],
    [{ commands: { outcomes: [{ exitCode: 300 }] } }, /outcomes\[0\]\.exitCode: expected a whole number from 0 to 255/],
    [[], /faults: expected an object/],
  ];

  it("refuses each bad configuration with its path, through setFaults and the admin endpoint, changing nothing", async () => {
    emu().emulator.setFaults({ actions: { DescribeInstances: { latencyMs: 1 } } });
    for (const [config, message] of bad) {
      await unchanged(emu().emulator, async () => {
        expect(() => emu().emulator.setFaults(config as never)).toThrow(message);
        const res = await adminRequest(emu().url, "/_emulator/faults", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(config) });
        expect(res.status).toBe(400);
        expect(String(res.body["Message"])).toMatch(message);
      });
    }
    expect(() => emu().emulator.setFaults({ actions: { "*": { latencyMs: 600_000, throttling: { probability: 0, times: 0, code: "rotate" } } }, seed: 0xffffffff })).not.toThrow();
  });

  it("refuses a bad configuration at start, from the options and from a seed file (naming the file)", async () => {
    await expect(startEmulator({ faults: { actions: { "*": { latencyMs: -1 } } } })).rejects.toMatchObject({ name: "FaultConfigError", code: "invalid_faults" });
    const seedPath = join(dir, "bad-faults.json");
    writeFileSync(seedPath, JSON.stringify({ ...demoSeed(), faults: { staleReads: { describes: "2" } } }));
    await expect(startEmulator({ seed: seedPath })).rejects.toThrow(`emulator seed ${seedPath}: faults.staleReads.describes: expected a whole number`);
  });
});

describe("damaged state files", () => {
  const cases: [string, unknown, string][] = [
    ["list-not-list", { version: 1, regionId: "cn-hangzhou", vpcs: 5 }, "$.vpcs: expected a list"],
    ["item-not-object", { version: 1, regionId: "cn-hangzhou", networkInterfaces: [null] }, "$.networkInterfaces[0]: expected an object"],
    ["wrong-type", { ...demoSeed(), version: 1, instances: [{ ...demoSeed().instances[0], securityGroupIds: "sg-a" }] }, "$.instances[0].securityGroupIds: expected a list of strings"],
    ["missing-region", { version: 1 }, "$.regionId: is required"],
    ["bad-status", { ...demoSeed(), version: 1, networkInterfaces: [{ ...demoSeed().networkInterfaces[0], status: "Melting" }] }, "$.networkInterfaces[0].status: expected one of"],
    ["bad-reference", { ...demoSeed(), version: 1, networkInterfaces: [{ networkInterfaceId: "eni-x", vSwitchId: "vsw-gone", securityGroupIds: [], primaryIpAddress: "10.0.1.9" }] }, "ENI eni-x: unknown vSwitch vsw-gone"],
    ["no-version", { regionId: "cn-hangzhou" }, "is not an eni-ips emulator state"],
    ["truncated", '{"version": 1, "regionId": "cn-hangz', "is not valid JSON"],
  ];

  it.each(cases)("%s: a StateFileError naming the file and the problem, not a TypeError nor a seed problem", async (name, content, problem) => {
    const statePath = join(dir, `${name}.json`);
    writeFileSync(statePath, typeof content === "string" ? content : JSON.stringify(content));
    const error = await startEmulator({ statePath }).then(() => undefined, (e: unknown) => e as Error & { code?: string });
    expect(error?.name).toBe("StateFileError");
    expect(error?.message).toContain(`emulator state file ${statePath}: `);
    expect(error?.message).toContain(problem);
    expect(error?.message).not.toMatch(/emulator seed/);
    expect(error?.message).toContain("move it away");
    // The damaged file is left for the user to inspect.
    expect(readFileSync(statePath, "utf8")).toBe(typeof content === "string" ? content : JSON.stringify(content));
  });

  it("refuses a state path that is a directory, naming it", async () => {
    const statePath = join(dir, "a-directory");
    mkdirSync(statePath);
    await expect(startEmulator({ statePath })).rejects.toThrow(`emulator state file ${statePath}: cannot be read (EISDIR)`);
  });
});

describe("eni-ips emulator: bad files on the command line", () => {
  const io = () => ({ stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: dir });

  it("says a --faults file is missing, not that it is bad JSON", async () => {
    await expect(emulatorCommand(["--faults", "@missing.json"], io())).rejects.toMatchObject({ name: "UsageError", message: `--faults file ${join(dir, "missing.json")}: no such file` });
    writeFileSync(join(dir, "faults.json"), '{"actions":{"*":{"latencyMs":"slow"}}}');
    await expect(emulatorCommand(["--faults", "@faults.json"], io())).rejects.toMatchObject({ name: "UsageError", message: expect.stringContaining("faults.actions.*.latencyMs: expected a whole number") });
    writeFileSync(join(dir, "broken.json"), "{not json");
    await expect(emulatorCommand(["--faults", "@broken.json"], io())).rejects.toMatchObject({ message: expect.stringMatching(/^--faults file .*broken\.json is not valid JSON/) });
  });

  it("names a damaged state file and a missing seed file", async () => {
    writeFileSync(join(dir, "cli-state.json"), JSON.stringify({ version: 1, regionId: "cn-hangzhou", vSwitches: {} }));
    await expect(emulatorCommand(["--state", "cli-state.json"], io())).rejects.toMatchObject({ name: "UsageError", message: expect.stringContaining(`emulator state file ${join(dir, "cli-state.json")}: $.vSwitches: expected a list`) });
    await expect(emulatorCommand(["--seed", "nope.yaml"], io())).rejects.toMatchObject({ name: "UsageError", message: `emulator seed ${join(dir, "nope.yaml")}: no such file` });
  });
});
