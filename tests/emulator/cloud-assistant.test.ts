// Cloud Assistant through the official SDK: scripts are recorded (decoded, per instance), report
// Running and then their result (Base64 output by default), fail when told to, and meet the documented
// per-instance errors on an instance without a running agent, a stopped one, or one of another OS.
import * as $Ecs from "@alicloud/ecs20140526";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS, DEMO_READONLY_CREDENTIALS, startEmulator } from "../../src/emulator";
import { sdkError, startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { adminRequest } from "./raw-requests";

const R = "cn-hangzhou";
const RUN_MS = 2_000;
const b64 = (s: string) => Buffer.from(s, "utf8").toString("base64");
const unb64 = (s: string | undefined) => Buffer.from(s ?? "", "base64").toString("utf8");

describe("Cloud Assistant", () => {
  let now = Date.now();
  let fx: EmulatorFixture;
  beforeAll(async () => {
    fx = await startEmulatorFixture({ limits: { commandRunMs: RUN_MS }, clock: () => now, readOnlyCredentials: [{ ...DEMO_READONLY_CREDENTIALS }] });
  });
  afterAll(() => fx.close());
  beforeEach(() => fx.emulator.reset());

  const run = (instanceId: string[], extra: Partial<$Ecs.RunCommandRequest> = {}) =>
    fx.ecs.runCommand(new $Ecs.RunCommandRequest({ regionId: R, type: "RunShellScript", commandContent: "ip addr add 10.0.1.13/24 dev eth0", instanceId, timeout: 30, ...extra }));
  const results = async (invokeId: string, extra: Partial<$Ecs.DescribeInvocationResultsRequest> = {}) =>
    (await fx.ecs.describeInvocationResults(new $Ecs.DescribeInvocationResultsRequest({ regionId: R, invokeId, ...extra }))).body?.invocation?.invocationResults?.invocationResult ?? [];
  const agents = async (instanceId: string[]) =>
    Object.fromEntries(((await fx.ecs.describeCloudAssistantStatus(new $Ecs.DescribeCloudAssistantStatusRequest({ regionId: R, instanceId }))).body?.instanceCloudAssistantStatusSet?.instanceCloudAssistantStatus ?? [])
      .map((s) => [s.instanceId, [s.cloudAssistantStatus, s.OSType]]));

  it("records the script, reports Running, then Success with the output Base64-encoded", async () => {
    fx.emulator.setFaults({ commands: { outcomes: [{ status: "Success", output: "configured 10.0.1.13\n" }] } });
    const res = await run([DEMO_IDS.instanceWeb01], { username: "root", workingDir: "/root" });
    const invokeId = res.body?.invokeId ?? "";
    expect(res.body?.commandId).toMatch(/^c-/);
    expect(invokeId).toMatch(/^t-/);
    expect(fx.emulator.scripts()).toEqual([{
      invokeId, commandId: res.body?.commandId, instanceId: DEMO_IDS.instanceWeb01, type: "RunShellScript",
      content: "ip addr add 10.0.1.13/24 dev eth0", timeout: 30, username: "root", workingDir: "/root",
      receivedAt: new Date(now).toISOString(), status: "Running", errorCode: "",
    }]);
    const running = (await results(invokeId))[0];
    expect([running?.invocationStatus, running?.invokeRecordStatus, running?.output, running?.exitCode]).toEqual(["Running", "Running", "", undefined]);
    now += RUN_MS;
    const done = (await results(invokeId))[0];
    expect([done?.invocationStatus, done?.invokeRecordStatus, done?.exitCode, done?.errorCode]).toEqual(["Success", "Finished", 0, ""]);
    expect(done?.output).toBe(b64("configured 10.0.1.13\n"));
    expect(done?.finishedTime).toBe(new Date(now).toISOString().replace(/\.\d{3}Z$/, "Z"));
    expect((await results(invokeId, { contentEncoding: "PlainText" }))[0]?.output).toBe("configured 10.0.1.13\n");
    // The same record through the admin endpoint.
    const admin = await adminRequest(fx.url, "/_emulator/scripts");
    expect(admin.body).toEqual(fx.emulator.scripts());
    expect(fx.emulator.scripts()[0]).toMatchObject({ status: "Success", exitCode: 0 });
  });

  it("takes a script of the documented maximum (24 KB after Base64) and refuses a larger one", async () => {
    const largest = "#".repeat(18_432); // 24,576 bytes in Base64
    await run([DEMO_IDS.instanceWeb01], { commandContent: largest });
    expect(fx.emulator.scripts()[0]?.content).toBe(largest);
    const err = await sdkError(run([DEMO_IDS.instanceWeb01], { commandContent: `${largest}#` }));
    expect([err.code, err.statusCode]).toEqual(["CmdContent.ExceedLimit", 400]);
  });

  it("decodes Base64 content, and runs PowerShell on the Windows instance only", async () => {
    const ps = "New-NetIPAddress -InterfaceAlias Ethernet -IPAddress 10.0.1.71 -PrefixLength 24";
    const res = await run([DEMO_IDS.instanceWindows, DEMO_IDS.instanceWeb01], { type: "RunPowerShellScript", commandContent: b64(ps), contentEncoding: "Base64" });
    expect(fx.emulator.scripts().map((s) => [s.instanceId, s.type, s.content])).toEqual([
      [DEMO_IDS.instanceWindows, "RunPowerShellScript", ps],
      [DEMO_IDS.instanceWeb01, "RunPowerShellScript", ps],
    ]);
    now += RUN_MS;
    const byInstance = Object.fromEntries((await results(res.body?.invokeId ?? "")).map((r) => [r.instanceId, [r.invocationStatus, r.errorCode]]));
    expect(byInstance).toEqual({ [DEMO_IDS.instanceWindows]: ["Success", ""], [DEMO_IDS.instanceWeb01]: ["Invalid", "CommandNotApplicable"] });
    const sh = await run([DEMO_IDS.instanceWindows]);
    expect((await results(sh.body?.invokeId ?? ""))[0]?.errorCode).toBe("CommandNotApplicable");
    expect(await agents([DEMO_IDS.instanceWindows, DEMO_IDS.instanceWeb01])).toEqual({ [DEMO_IDS.instanceWindows]: ["true", "Windows"], [DEMO_IDS.instanceWeb01]: ["true", "Linux"] });
    const described = await fx.ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R, instanceIds: JSON.stringify([DEMO_IDS.instanceWindows]) }));
    expect(described.body?.instances?.instance?.[0]?.OSType).toBe("windows");
  });

  it("fails a script when told to: exit code, output, Failed or Timeout", async () => {
    fx.emulator.setFaults({ commands: { outcomes: [
      { instanceId: DEMO_IDS.instanceWeb02, status: "Failed", exitCode: 3, output: "RTNETLINK answers: File exists\n", times: 1 },
      { contains: "sleep", status: "Timeout", output: "partial" },
    ] } });
    const failed = await run([DEMO_IDS.instanceWeb02, DEMO_IDS.instanceWeb01]);
    const slow = await run([DEMO_IDS.instanceWeb01], { commandContent: "sleep 3600" });
    const again = await run([DEMO_IDS.instanceWeb02]); // the failure rule fired its one time
    now += RUN_MS;
    const f = Object.fromEntries((await results(failed.body?.invokeId ?? "")).map((r) => [r.instanceId, r]));
    expect([f[DEMO_IDS.instanceWeb02]?.invocationStatus, f[DEMO_IDS.instanceWeb02]?.exitCode, f[DEMO_IDS.instanceWeb02]?.errorCode, unb64(f[DEMO_IDS.instanceWeb02]?.output)])
      .toEqual(["Failed", 3, "ExitCodeNonzero", "RTNETLINK answers: File exists\n"]);
    expect(f[DEMO_IDS.instanceWeb01]?.invocationStatus).toBe("Success");
    const t = (await results(slow.body?.invokeId ?? ""))[0];
    expect([t?.invocationStatus, t?.errorCode, unb64(t?.output), t?.invokeRecordStatus]).toEqual(["Timeout", "ExecutionTimeout", "partial", "Failed"]);
    expect((await results(again.body?.invokeId ?? ""))[0]?.invocationStatus).toBe("Success");
    // DescribeInvocations: the overall status of a mixed invocation, the content, the output on request.
    const inv = (await fx.ecs.describeInvocations(new $Ecs.DescribeInvocationsRequest({ regionId: R, invokeId: failed.body?.invokeId ?? "", includeOutput: true }))).body?.invocations?.invocation?.[0];
    expect([inv?.invocationStatus, inv?.invokeStatus, inv?.commandType, unb64(inv?.commandContent), inv?.timeout]).toEqual(["PartialFailed", "PartialFailed", "RunShellScript", "ip addr add 10.0.1.13/24 dev eth0", 30]);
    expect(inv?.invokeInstances?.invokeInstance?.map((i) => [i.instanceId, i.invocationStatus, i.exitCode])).toEqual([[DEMO_IDS.instanceWeb02, "Failed", 3], [DEMO_IDS.instanceWeb01, "Success", 0]]);
    expect(unb64(inv?.invokeInstances?.invokeInstance?.[0]?.output)).toBe("RTNETLINK answers: File exists\n");
  });

  it("has no agent where told: CloudAssistantStatus \"false\" and RunCommand Aborted with ClientNotRunning", async () => {
    expect(await agents([DEMO_IDS.instanceNoAgent, DEMO_IDS.instanceStopped, DEMO_IDS.instanceWeb01])).toEqual({
      [DEMO_IDS.instanceNoAgent]: ["false", "Linux"], [DEMO_IDS.instanceStopped]: ["false", "Linux"], [DEMO_IDS.instanceWeb01]: ["true", "Linux"],
    });
    const res = await run([DEMO_IDS.instanceNoAgent, DEMO_IDS.instanceStopped]);
    // Decided at once: no Running phase for a script that never reached an agent.
    const r = Object.fromEntries((await results(res.body?.invokeId ?? "")).map((x) => [x.instanceId, [x.invocationStatus, x.errorCode]]));
    expect(r).toEqual({ [DEMO_IDS.instanceNoAgent]: ["Aborted", "ClientNotRunning"], [DEMO_IDS.instanceStopped]: ["Aborted", "InstanceNotRunning"] });
    fx.emulator.setCloudAssistant(DEMO_IDS.instanceWeb01, false);
    expect((await agents([DEMO_IDS.instanceWeb01]))[DEMO_IDS.instanceWeb01]).toEqual(["false", "Linux"]);
    const off = await run([DEMO_IDS.instanceWeb01]);
    expect((await results(off.body?.invokeId ?? ""))[0]?.errorCode).toBe("ClientNotRunning");
    fx.emulator.setCloudAssistant(DEMO_IDS.instanceWeb01, true);
    expect((await agents([DEMO_IDS.instanceWeb01]))[DEMO_IDS.instanceWeb01]).toEqual(["true", "Linux"]);
  });

  it("refuses bad requests with the documented codes, recording nothing", async () => {
    const cases: [Partial<$Ecs.RunCommandRequest>, string, number][] = [
      [{ instanceId: ["i-nope"] }, "InvalidInstance.NotFound", 404],
      [{ instanceId: [] }, "MissingParam.InstanceId", 400],
      [{ instanceId: Array.from({ length: 101 }, (_, i) => `i-x${i}`) }, "InstanceIds.ExceedLimit", 400],
      [{ type: "RunPythonScript" }, "InvalidCmdType.NotFound", 404],
      [{ commandContent: "x".repeat(19_000) }, "CmdContent.ExceedLimit", 400],
      [{ commandContent: "not base64!", contentEncoding: "Base64" }, "InvalidParameter", 400],
      [{ repeatMode: "Period" }, "UnsupportedParameter", 400],
    ];
    for (const [extra, code, status] of cases) {
      const err = await sdkError(run([DEMO_IDS.instanceWeb01], extra));
      expect([code, err.code, err.statusCode]).toEqual([code, code, status]);
    }
    expect(fx.emulator.scripts()).toEqual([]);
    const ro = await sdkError(fx.ecsClient({ ...DEMO_READONLY_CREDENTIALS }).runCommand(new $Ecs.RunCommandRequest({ regionId: R, type: "RunShellScript", commandContent: "true", instanceId: [DEMO_IDS.instanceWeb01] })));
    expect(ro.code).toBe("Forbidden.RAM");
    expect(fx.emulator.scripts()).toEqual([]);
  });

  it("invokes a kept command again with InvokeCommand, and replays a RunCommand for its ClientToken", async () => {
    const kept = await run([DEMO_IDS.instanceWeb01], { keepCommand: true, name: "eni-ips-guest" });
    const invoked = await fx.ecs.invokeCommand(new $Ecs.InvokeCommandRequest({ regionId: R, commandId: kept.body?.commandId ?? "", instanceId: [DEMO_IDS.instanceWeb02], timeout: 10 }));
    expect(invoked.body?.invokeId).toMatch(/^t-/);
    expect(fx.emulator.scripts().map((s) => [s.commandId, s.instanceId, s.timeout])).toEqual([
      [kept.body?.commandId, DEMO_IDS.instanceWeb01, 30],
      [kept.body?.commandId, DEMO_IDS.instanceWeb02, 10],
    ]);
    const transient = await run([DEMO_IDS.instanceWeb01]);
    const gone = await sdkError(fx.ecs.invokeCommand(new $Ecs.InvokeCommandRequest({ regionId: R, commandId: transient.body?.commandId ?? "", instanceId: [DEMO_IDS.instanceWeb01] })));
    expect([gone.code, gone.statusCode]).toEqual(["InvalidCommandId.NotFound", 404]);
    const a = await run([DEMO_IDS.instanceWeb02], { clientToken: "guest-1" });
    const b = await run([DEMO_IDS.instanceWeb02], { clientToken: "guest-1" });
    expect(b.body?.invokeId).toBe(a.body?.invokeId);
    expect(fx.emulator.scripts()).toHaveLength(4);
  });
});

describe("Cloud Assistant records in the state file", () => {
  const dir = mkdtempSync(join(tmpdir(), "eni-ips-ca-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("keep the invocations, the kept commands and the agent switch across a restart", async () => {
    const statePath = join(dir, "state.json");
    const first = await startEmulatorFixture({ statePath, limits: { commandRunMs: 0 } });
    const res = await first.ecs.runCommand(new $Ecs.RunCommandRequest({ regionId: R, type: "RunShellScript", commandContent: "echo hi", instanceId: [DEMO_IDS.instanceWeb01], keepCommand: true }));
    first.emulator.setCloudAssistant(DEMO_IDS.instanceWeb02, false);
    await first.close();
    const second = await startEmulator({ statePath });
    try {
      expect(second.scripts().map((s) => [s.invokeId, s.content, s.status])).toEqual([[res.body?.invokeId, "echo hi", "Success"]]);
      expect(second.state().commands?.map((c) => c.commandId)).toEqual([res.body?.commandId]);
      expect(second.state().instances.find((i) => i.instanceId === DEMO_IDS.instanceWeb02)?.cloudAssistant).toBe(false);
    } finally {
      await second.close();
    }
  });
});
