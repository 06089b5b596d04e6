// `eni-ips guest-config --apply INSTANCE_ID` in-process against the emulator (real SDK over HTTP, the
// same credential chain as every command): the rendered script reaches the instance through
// RunCommand (shell or PowerShell, Base64), its output is printed, a failure exits 1 with its exit code
// and last lines, and an instance whose agent cannot run it is refused (rule 15) before RunCommand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { renderGuestConfig } from "../../src/guest";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { runGuestConfig } from "./run-guest-config";

const D = DEMO_IDS;

describe("eni-ips guest-config --apply", () => {
  let em: EmulatorFixture;
  beforeAll(async () => {
    em = await startEmulatorFixture({ limits: { commandRunMs: 100 } });
  });
  afterAll(async () => em?.close());

  const run = (argv: string[], env: NodeJS.ProcessEnv = em.env): ReturnType<typeof runGuestConfig> => runGuestConfig(argv, env);

  const runCommands = (): number => em.emulator.callCounts()["RunCommand"] ?? 0;

  it("runs the converging shell script on a Linux instance and prints what it printed", async () => {
    em.emulator.setFaults({ commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Success", output: "eth1: 10.0.1.150/24 up\n", times: 1 }] } });
    const r = await run(["--apply", D.instanceWeb01, "--os", "debian", "--interface", "eth1", "--cidr", "10.0.1.0/24", "--resource", "web", "10.0.1.150"]);
    em.emulator.setFaults(undefined);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe("eth1: 10.0.1.150/24 up\n");
    const sent = em.emulator.scripts().at(-1)!;
    expect(sent).toMatchObject({ instanceId: D.instanceWeb01, type: "RunShellScript", status: "Success", timeout: 90 });
    expect(sent.content).toBe(renderGuestConfig({ os: "debian", interfaceName: "eth1", cidrBlock: "10.0.1.0/24", addresses: ["10.0.1.150"], resourceKey: "web" }).script);
    expect(r.stderr).toBe(`eni-ips guest-config: applied on ${D.instanceWeb01}: invocation ${sent.invokeId}, exit code 0\n`);
    // The agent was asked first, then the script ran and its result was read.
    const actions = em.emulator.calls().slice(-4).map((c) => c.action);
    expect(actions[0]).toBe("DescribeCloudAssistantStatus");
    expect(actions[1]).toBe("RunCommand");
    expect(actions.slice(2).every((a) => a === "DescribeInvocationResults")).toBe(true);
  });

  it("runs PowerShell on a Windows instance, with --region and --timeout", async () => {
    const { ALIBABA_CLOUD_REGION_ID: _region, ...noRegion } = em.env;
    const r = await run(["--apply", D.instanceWindows, "--region", D.regionId, "--timeout", "300", "--os", "windows", "--interface", "Ethernet 2", "--cidr", "10.0.1.0/24", "--primary", "10.0.1.70", "--resource", "win", "10.0.1.72"], noRegion);
    expect(r.code, r.stderr).toBe(0);
    const sent = em.emulator.scripts().at(-1)!;
    expect(sent).toMatchObject({ instanceId: D.instanceWindows, type: "RunPowerShellScript", timeout: 300 });
    expect(sent.content).toBe(
      renderGuestConfig({ os: "windows", interfaceName: "Ethernet 2", cidrBlock: "10.0.1.0/24", primaryIpAddress: "10.0.1.70", addresses: ["10.0.1.72"], resourceKey: "win" }).script,
    );
  });

  it("a failing script exits 1 with its exit code and last lines", async () => {
    const output = ["writing /etc/network/interfaces.d/eni-ips-web", "eni-ips: interface eth7 does not exist"].join("\n");
    em.emulator.setFaults({ commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Failed", exitCode: 3, output, times: 1 }] } });
    const r = await run(["--apply", D.instanceWeb01, "--os", "debian", "--interface", "eth7", "--cidr", "10.0.1.0/24", "--resource", "web", "10.0.1.150"]);
    em.emulator.setFaults(undefined);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    const invokeId = em.emulator.scripts().at(-1)!.invokeId;
    expect(r.stderr).toBe(
      [
        `eni-ips guest-config: the debian script for resource web on ${D.instanceWeb01} ended Failed with exit code 3 (ExitCodeNonzero: the command exited with a non-zero exit code); invocation ${invokeId}; its last lines:`,
        "eni-ips guest-config:   | writing /etc/network/interfaces.d/eni-ips-web",
        "eni-ips guest-config:   | eni-ips: interface eth7 does not exist",
        "",
      ].join("\n"),
    );
  });

  it("refuses before RunCommand when the agent is not running or the OS is not the script's (rule 15)", async () => {
    const before = runCommands();
    const noAgent = await run(["--apply", D.instanceNoAgent, "--os", "debian", "--cidr", "10.0.1.0/24", "10.0.1.150"]);
    expect(noAgent.code).toBe(1);
    expect(noAgent.stderr).toContain(`${D.instanceNoAgent}: its Cloud Assistant agent is not running`);
    expect(noAgent.stderr).toContain("nothing was run [rule 15 (guest_agent_unavailable)]");
    const wrongOs = await run(["--apply", D.instanceWindows, "--os", "rhel9", "--primary", "10.0.1.70", "--cidr", "10.0.1.0/24", "10.0.1.150"]);
    expect(wrongOs.code).toBe(1);
    expect(wrongOs.stderr).toContain(`${D.instanceWindows}: Cloud Assistant reports it as Windows, but --os networkmanager renders a shell script`);
    const unknown = await run(["--apply", "i-bp1nosuchthing", "--os", "debian", "--cidr", "10.0.1.0/24", "10.0.1.150"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("i-bp1nosuchthing: DescribeCloudAssistantStatus does not report this instance");
    expect(runCommands()).toBe(before);
  });

  const usage: [string, string[], RegExp][] = [
    ["--apply with --format", ["--apply", "i-bp1x", "--format", "json"], /--apply runs the script; it takes no --format/],
    ["--timeout without --apply", ["--timeout", "30"], /--region and --timeout go with --apply/],
    ["a bad instance id", ["--apply", "eni-bp1x"], /--apply takes an instance id such as i-bp1example, not "eni-bp1x"/],
    ["a bad timeout", ["--apply", "i-bp1x", "--timeout", "1.5"], /--timeout takes whole seconds from 1 to 86400, not "1.5"/],
  ];
  it.each(usage)("usage error: %s (exit 2, nothing sent)", async (_label, extra, pattern) => {
    const before = em.emulator.callCounts().reads + em.emulator.callCounts().mutations;
    const r = await run([...extra, "--os", "debian", "--cidr", "10.0.1.0/24", "10.0.1.150"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(pattern);
    expect(em.emulator.callCounts().reads + em.emulator.callCounts().mutations).toBe(before);
  });

  it("no region: exit 2 naming --region and ALIBABA_CLOUD_REGION_ID", async () => {
    const { ALIBABA_CLOUD_REGION_ID: _region, ...noRegion } = em.env;
    const r = await run(["--apply", D.instanceWeb01, "--os", "debian", "--cidr", "10.0.1.0/24", "10.0.1.150"], noRegion);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("--apply needs a region: --region REGION or ALIBABA_CLOUD_REGION_ID");
  });

  it("wrong credentials: exit 2 with the API's refusal, nothing run", async () => {
    const before = runCommands();
    const r = await run(["--apply", D.instanceWeb01, "--os", "debian", "--cidr", "10.0.1.0/24", "10.0.1.150"], { ...em.env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: "not-the-secret" });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^eni-ips guest-config: Cloud Assistant: .*Signature/m);
    expect(r.stderr).not.toContain("not-the-secret");
    expect(runCommands()).toBe(before);
  });
});
