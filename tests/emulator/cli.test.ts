// `eni-ips emulator`: the exact listening line, credentials from its own environment or the demo
// key (and nothing else), bad usage, clean stop on SIGTERM. (How fast it starts is measured in `npm run bench`, not asserted here.)
import * as $Ecs from "@alicloud/ecs20140526";
import type { ChildProcess } from "node:child_process";
import { PassThrough } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { emulator } from "../../src/cli/commands/emulator";
import type { CliIo } from "../../src/cli/io";
import { DEMO_IDS } from "../../src/emulator";
import { ensureBuilt, sdkError, startEmulatorChild } from "../helpers/emulator";

function io(env: NodeJS.ProcessEnv = {}): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = "";
  let err = "";
  stdout.on("data", (d: Buffer) => (out += d.toString()));
  stderr.on("data", (d: Buffer) => (err += d.toString()));
  return { stdout, stderr, env, cwd: process.cwd(), out: () => out, err: () => err };
}

async function waitFor(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
}

const client = (endpoint: string, accessKeyId: string, accessKeySecret: string) =>
  new $Ecs.default({ accessKeyId, accessKeySecret, endpoint, protocol: "http", regionId: "cn-hangzhou" } as never);
const describeOne = (c: $Ecs.default) =>
  c.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: "cn-hangzhou", networkInterfaceId: DEMO_IDS.eniWeb01 }));

describe("eni-ips emulator (in process)", () => {
  it("prints exactly the listening line, accepts only the key from its environment, stops on SIGTERM", async () => {
    const cli = io({ ALIBABA_CLOUD_ACCESS_KEY_ID: "my-key", ALIBABA_CLOUD_ACCESS_KEY_SECRET: "my-secret" });
    const done = emulator(["--port", "0"], cli);
    await waitFor(() => cli.out().includes("\n"));
    const m = /^eni-ips emulator listening on http:\/\/127\.0\.0\.1:(\d+)\n$/.exec(cli.out());
    expect(m).not.toBeNull();
    const endpoint = `127.0.0.1:${m?.[1]}`;
    expect((await describeOne(client(endpoint, "my-key", "my-secret"))).body?.networkInterfaceId).toBe(DEMO_IDS.eniWeb01);
    const demo = await sdkError(describeOne(client(endpoint, "eni-ips-demo", "eni-ips-demo-secret")));
    expect(demo.code).toBe("InvalidAccessKeyId.NotFound");
    process.emit("SIGTERM");
    expect(await done).toBe(0);
  });

  it("uses the demo key when its environment has none, and --transition-ms for the slow operations", async () => {
    const cli = io({});
    const done = emulator(["--transition-ms", "0"], cli);
    await waitFor(() => cli.out().includes("\n"));
    const port = /:(\d+)\n$/.exec(cli.out())?.[1];
    const c = client(`127.0.0.1:${port}`, "eni-ips-demo", "eni-ips-demo-secret");
    expect((await describeOne(c)).body?.status).toBe("InUse");
    await c.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: "cn-hangzhou", networkInterfaceId: DEMO_IDS.eniBound, instanceId: DEMO_IDS.instanceWeb01 }));
    const detached = await c.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: "cn-hangzhou", networkInterfaceId: DEMO_IDS.eniBound }));
    expect(detached.body?.status).toBe("Available");
    process.emit("SIGINT");
    expect(await done).toBe(0);
  });

  it("refuses bad usage", async () => {
    await expect(emulator(["--port", "http"], io())).rejects.toMatchObject({ name: "UsageError" });
    await expect(emulator(["--colour"], io())).rejects.toMatchObject({ name: "UsageError" });
    await expect(emulator(["--faults", "{not json"], io())).rejects.toMatchObject({ name: "UsageError" });
    await expect(emulator(["--seed", "/nonexistent/seed.yaml"], io())).rejects.toMatchObject({ name: "UsageError" });
    await expect(emulator(["--transition-ms", "soon"], io())).rejects.toMatchObject({ name: "UsageError", message: expect.stringContaining("--transition-ms") });
  });
});

describe("eni-ips emulator (child process)", () => {
  beforeAll(() => ensureBuilt());

  it("starts with a fault config and exits 0 on SIGTERM", async () => {
    const exited = (c: ChildProcess) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once("exit", (x) => r(x))));
    const { child, endpoint } = await startEmulatorChild(["--faults", '{"actions":{"DescribeNetworkInterfaceAttribute":{"throttling":{"times":1}}}}']);
    try {
      const c = client(endpoint, "eni-ips-demo", "eni-ips-demo-secret");
      expect((await sdkError(describeOne(c))).code).toBe("Throttling");
      expect((await describeOne(c)).body?.networkInterfaceId).toBe(DEMO_IDS.eniWeb01);
    } finally {
      child.kill("SIGTERM");
    }
    expect(await exited(child)).toBe(0);
  });
});
