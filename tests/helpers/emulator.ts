// Reusable emulator fixture: an emulator on a free port, plus real SDK clients (ECS and VPC) and the
// environment variables that point eni-ips at it. Close it after use (or use `useEmulator` in a
// describe block, which starts it in beforeAll and closes it in afterAll).
import Ecs20140526 from "@alicloud/ecs20140526";
import Vpc20160428 from "@alicloud/vpc20160428";
import { $OpenApiUtil } from "@alicloud/openapi-core";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import { DEMO_CREDENTIALS, DEMO_REGION_ID, startEmulator } from "../../src/emulator";
import type { EmulatorCredentials, EmulatorOptions, RunningEmulator } from "../../src/emulator";

export interface EmulatorFixture {
  readonly emulator: RunningEmulator;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** 127.0.0.1:PORT, the SDK's `endpoint`. */
  readonly endpoint: string;
  readonly regionId: string;
  readonly credentials: EmulatorCredentials;
  readonly ecs: Ecs20140526;
  readonly vpc: Vpc20160428;
  /** ALIBABA_CLOUD_* variables pointing at this emulator (for the cloud layer, CLI, provider). */
  readonly env: Record<string, string>;
  /** A fresh ECS client (e.g. with other credentials). */
  ecsClient(credentials?: EmulatorCredentials): Ecs20140526;
  vpcClient(credentials?: EmulatorCredentials): Vpc20160428;
  close(): Promise<void>;
}

/** True when the options (or an object seed) say how long transitions take. */
function choosesTransitions(options: EmulatorOptions): boolean {
  return options.limits?.transitionMs !== undefined || (typeof options.seed === "object" && options.seed.limits?.transitionMs !== undefined);
}

/**
 * Tests that do not test the slow attach/detach/delete get them instant (transitionMs 0) unless the
 * options or an object seed choose otherwise; tests of the delays pass `limits: { transitionMs }`.
 */
export async function startEmulatorFixture(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const limits = choosesTransitions(options) ? options.limits : { ...options.limits, transitionMs: 0 };
  const emulator = await startEmulator({ port: 0, ...options, ...(limits !== undefined ? { limits } : {}) });
  const credentials = options.credentials?.[0] ?? { ...DEMO_CREDENTIALS };
  const regionId = typeof options.seed === "object" ? options.seed.regionId : DEMO_REGION_ID;
  const config = (c: EmulatorCredentials) => new $OpenApiUtil.Config({
    accessKeyId: c.accessKeyId,
    accessKeySecret: c.accessKeySecret,
    endpoint: emulator.endpoint,
    protocol: "http",
    regionId,
    // Tests expect failures to surface, not to be retried away by the SDK.
    readTimeout: 10_000,
    connectTimeout: 5_000,
  });
  const ecsClient = (c: EmulatorCredentials = credentials): Ecs20140526 => new Ecs20140526(config(c));
  const vpcClient = (c: EmulatorCredentials = credentials): Vpc20160428 => new Vpc20160428(config(c));
  return {
    emulator,
    url: emulator.url,
    endpoint: emulator.endpoint,
    regionId,
    credentials,
    ecs: ecsClient(),
    vpc: vpcClient(),
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: credentials.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: credentials.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: regionId,
      ALIBABA_CLOUD_ECS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url,
    },
    ecsClient,
    vpcClient,
    close: () => emulator.close(),
  };
}

/** In a describe block: `const emu = useEmulator(); it("…", () => emu().ecs…)`. */
export function useEmulator(options: EmulatorOptions = {}): () => EmulatorFixture {
  let fixture: EmulatorFixture | undefined;
  beforeAll(async () => {
    fixture = await startEmulatorFixture(options);
  });
  afterAll(async () => {
    await fixture?.close();
  });
  return () => {
    if (!fixture) throw new Error("useEmulator: the emulator is not started yet (call it inside a test)");
    return fixture;
  };
}

/** The SDK's error as thrown (ClientError / ServerError / ThrottlingError), for assertions. */
export interface SdkError {
  name: string;
  code: string;
  statusCode: number;
  message: string;
  data?: Record<string, unknown>;
  retryAfter?: number;
}

/** Runs a call expected to fail and returns the SDK error (fails the test when it succeeds). */
export async function sdkError(call: Promise<unknown>): Promise<SdkError> {
  try {
    await call;
  } catch (error) {
    return error as SdkError;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

// ---- the emulator as a child process (`node dist/cli/main.js emulator …`), for kill -9 and CLI tests

export const PROJECT_ROOT = join(__dirname, "..", "..");

/** Child-process tests run the built CLI (dist/); rebuild when the emulator sources are newer than dist. */
export function ensureBuilt(): void {
  const built = join(PROJECT_ROOT, "dist", "emulator", "index.js");
  const newest = (dir: string): number =>
    Math.max(0, ...readdirSync(dir, { withFileTypes: true }).map((d) => (d.isDirectory() ? newest(join(dir, d.name)) : statSync(join(dir, d.name)).mtimeMs)));
  const stale = !existsSync(built) || !existsSync(join(PROJECT_ROOT, "dist", "cli", "commands", "emulator.js")) ||
    statSync(built).mtimeMs < Math.max(newest(join(PROJECT_ROOT, "src", "emulator")), statSync(join(PROJECT_ROOT, "src", "cli", "commands", "emulator.ts")).mtimeMs);
  if (stale) spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { cwd: PROJECT_ROOT, stdio: "ignore" });
}

/** Starts `eni-ips emulator ARGS` and resolves once it printed its listening line. */
export function startEmulatorChild(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess; url: string; endpoint: string; startedMs: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [join(PROJECT_ROOT, "dist", "cli", "main.js"), "emulator", ...args], { env: { PATH: process.env["PATH"], ...env }, stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /^eni-ips emulator listening on (http:\/\/127\.0\.0\.1:(\d+))\n/.exec(out);
      if (m) resolve({ child, url: m[1] as string, endpoint: `127.0.0.1:${m[2]}`, startedMs: Date.now() - t0 });
    });
    child.once("exit", (code) => reject(new Error(`emulator exited early (${code}): ${out}${err}`)));
  });
}

