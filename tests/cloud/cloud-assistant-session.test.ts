// The cloud session's Cloud Assistant calls against the emulator with the real SDK: a script runs once
// even when RunCommand's answer is lost (one ClientToken for the retries), its Output is decoded, the
// wait is bounded (a script still running is "Unfinished"), a script over RunCommand's 24 KB is refused
// before any call, and agent statuses are cached per session unless asked fresh.
import { afterEach, describe, expect, it } from "vitest";
import { createCloudSession, type CloudSession } from "../../src/cloud";
import { DEMO_IDS } from "../../src/emulator";
import { startEmulatorFixture, useEmulator } from "../helpers/emulator";

const D = DEMO_IDS;
const FAST = { maxAttempts: 5, baseDelayMs: 5, maxDelayMs: 40, maxElapsedMs: 10_000 };
const QUICK_POLL = { firstDelayMs: 20, maxDelayMs: 50, graceMs: 0 };

describe("Cloud Assistant through the cloud session", () => {
  const emu = useEmulator({ limits: { commandRunMs: 60 } });
  afterEach(() => {
    emu().emulator.setFaults(undefined);
    emu().emulator.reset();
  });
  const session = (): CloudSession => createCloudSession({ env: emu().env, retry: FAST, guestPoll: QUICK_POLL });

  it("runs a script once although RunCommand's answer was lost, and decodes its output", async () => {
    emu().emulator.setFaults({
      actions: { RunCommand: { responseLost: { times: 1 } } },
      commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Success", output: "eni-ips: eth0 +10.0.1.150\n", times: 1 }] },
    });
    const s = session();
    const result = await s.runGuestScript({ instanceId: D.instanceWeb01, type: "RunShellScript", content: "#!/bin/sh\necho hi\n", timeoutSeconds: 30, name: "eni-ips web" });
    expect(result).toMatchObject({ instanceId: D.instanceWeb01, status: "Success", succeeded: true, exitCode: 0, errorCode: "", output: "eni-ips: eth0 +10.0.1.150\n" });
    // Two RunCommand requests arrived (the first answer was lost), one invocation was made.
    expect(emu().emulator.callCounts()["RunCommand"]).toBe(2);
    const scripts = emu().emulator.scripts();
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatchObject({ invokeId: result.invokeId, content: "#!/bin/sh\necho hi\n", timeout: 30, type: "RunShellScript" });
    expect(s.stats().mutations).toBe(2);
  });

  it("reports a failed script with its exit code, error code and output", async () => {
    emu().emulator.setFaults({ commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Failed", exitCode: 3, output: "no eth9\n", times: 1 }] } });
    const result = await session().runGuestScript({ instanceId: D.instanceWeb01, type: "RunShellScript", content: "exit 3\n", timeoutSeconds: 30 });
    expect(result).toMatchObject({ status: "Failed", succeeded: false, exitCode: 3, errorCode: "ExitCodeNonzero", output: "no eth9\n" });
  });

  it("stops waiting after the script's timeout plus the grace: Unfinished", async () => {
    // This emulator reports Running for a minute: far longer than a 1 s timeout with no grace.
    const slowEmulator = await startEmulatorFixture({ limits: { commandRunMs: 60_000 } });
    try {
      const s = createCloudSession({ env: slowEmulator.env, retry: FAST, guestPoll: QUICK_POLL });
      const started = Date.now();
      const result = await s.runGuestScript({ instanceId: D.instanceWeb01, type: "RunShellScript", content: "sleep 600\n", timeoutSeconds: 1 });
      expect(result).toMatchObject({ status: "Unfinished", succeeded: false, exitCode: undefined });
      expect(Date.now() - started).toBeGreaterThanOrEqual(900);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(slowEmulator.emulator.scripts()[0]?.status).toBe("Running");
    } finally {
      await slowEmulator.close();
    }
  });

  it("refuses a script over RunCommand's 24 KB (after Base64) before any call", async () => {
    const s = session();
    const huge = "#".repeat(19_000); // 25,336 bytes in Base64
    await expect(s.runGuestScript({ instanceId: D.instanceWeb01, type: "RunShellScript", content: huge, timeoutSeconds: 30 })).rejects.toThrow(/RunCommand takes at most 24576/);
    expect(s.stats().mutations + s.stats().reads).toBe(0);
  });

  it("caches agent statuses per session, reads afresh when asked", async () => {
    const s = session();
    const first = await s.cloudAssistantStatus([D.instanceWeb01, D.instanceNoAgent, D.instanceWindows, "i-bp1nosuchthing"]);
    expect(first.get(D.instanceWeb01)).toEqual({ instanceId: D.instanceWeb01, running: true, osType: "Linux" });
    expect(first.get(D.instanceNoAgent)).toMatchObject({ running: false });
    expect(first.get(D.instanceWindows)).toMatchObject({ running: true, osType: "Windows" });
    expect(first.get("i-bp1nosuchthing")).toBeUndefined();
    const reads = emu().emulator.callCounts()["DescribeCloudAssistantStatus"];
    expect(reads).toBe(1);
    emu().emulator.setCloudAssistant(D.instanceWeb01, false);
    expect((await s.cloudAssistantStatus([D.instanceWeb01])).get(D.instanceWeb01)?.running).toBe(true);
    expect(emu().emulator.callCounts()["DescribeCloudAssistantStatus"]).toBe(1);
    expect((await s.cloudAssistantStatus([D.instanceWeb01], { fresh: true })).get(D.instanceWeb01)?.running).toBe(false);
    expect(emu().emulator.callCounts()["DescribeCloudAssistantStatus"]).toBe(2);
    emu().emulator.setCloudAssistant(D.instanceWeb01, true);
  });
});
