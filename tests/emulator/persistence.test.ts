// Durable state: changes survive a restart and a kill -9 of the process, the state file wins over the
// seed, and a damaged file is refused instead of being silently replaced.
import * as $Ecs from "@alicloud/ecs20140526";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS, demoSeed, startEmulator } from "../../src/emulator";
import { ensureBuilt, startEmulatorChild, startEmulatorFixture } from "../helpers/emulator";

const R = "cn-hangzhou";
function ecsFor(endpoint: string): $Ecs.default {
  return new $Ecs.default({ accessKeyId: "eni-ips-demo", accessKeySecret: "eni-ips-demo-secret", endpoint, protocol: "http", regionId: R } as never);
}

describe("persistence", () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "eni-ips-emu-"));
    ensureBuilt();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keeps changes across a restart, and the state file wins over the seed", async () => {
    const statePath = join(dir, "restart.json");
    const first = await startEmulatorFixture({ statePath });
    await first.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.150"] }));
    await first.close();
    const seed = demoSeed();
    seed.networkInterfaces = seed.networkInterfaces.filter((e) => e.networkInterfaceId !== DEMO_IDS.eniAvailable);
    const second = await startEmulator({ statePath, seed });
    try {
      const eni = second.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniAvailable);
      expect(eni?.secondaryIpAddresses).toEqual(["10.0.1.150"]);
      // reset() goes back to the seed given and persists that.
      second.reset();
      expect(second.state().networkInterfaces.some((e) => e.networkInterfaceId === DEMO_IDS.eniAvailable)).toBe(false);
      expect(JSON.parse(readFileSync(statePath, "utf8")).networkInterfaces.some((e: { networkInterfaceId: string }) => e.networkInterfaceId === DEMO_IDS.eniAvailable)).toBe(false);
    } finally {
      await second.close();
    }
  });

  it("refuses a damaged state file", async () => {
    const statePath = join(dir, "broken.json");
    writeFileSync(statePath, '{"version": 1, "regionId": "cn-hangz');
    await expect(startEmulator({ statePath })).rejects.toMatchObject({ name: "StateFileError" });
  });

  it("keeps every acknowledged change when the process is killed with SIGKILL", async () => {
    const statePath = join(dir, "killed.json");
    const { child, endpoint } = await startEmulatorChild(["--state", statePath]);
    const ecs = ecsFor(endpoint);
    const acknowledged: string[] = [];
    try {
      for (let i = 0; i < 8; i++) {
        const res = await ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniStopped, secondaryPrivateIpAddressCount: 1 }));
        acknowledged.push(...(res.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress ?? []));
      }
      // A burst in flight while the process dies: whatever was acknowledged must be on disk.
      const inFlight = Array.from({ length: 6 }, () =>
        ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniWeb01, secondaryPrivateIpAddressCount: 1 }))
          .then((r) => acknowledged.push(...(r.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress ?? [])), () => undefined));
      await new Promise((r) => setTimeout(r, 5));
      child.kill("SIGKILL");
      await Promise.all(inFlight);
    } finally {
      child.kill("SIGKILL");
    }
    if (child.exitCode === null && child.signalCode === null) await new Promise((r) => child.once("exit", r));
    expect(child.signalCode).toBe("SIGKILL");
    expect(acknowledged.length).toBeGreaterThanOrEqual(8);
    const restarted = await startEmulator({ statePath });
    try {
      const onDisk = restarted.state().networkInterfaces.flatMap((e) => e.secondaryIpAddresses ?? []);
      for (const ip of acknowledged) expect(onDisk).toContain(ip);
    } finally {
      await restarted.close();
    }
    expect(JSON.parse(readFileSync(statePath, "utf8")).version).toBe(2);
  });
});
