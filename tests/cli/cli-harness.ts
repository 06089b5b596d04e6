// Runs `eni-ips` commands in-process with captured stdout/stderr, and knows the ci-preview example
// (its plan, its committed snapshot, and which rule each of its declarations is meant to break).
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Socket } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { PassThrough, Readable } from "node:stream";
import { vi } from "vitest";
import { runCli } from "../../src/cli/main";
import type { CliIo } from "../../src/cli/io";
import type { MessageNames } from "../../src/core/messages";

export const ROOT = resolve(__dirname, "..", "..");
export const CI_PREVIEW = resolve(ROOT, "examples", "ci-preview");
export const PLAN = resolve(CI_PREVIEW, "plan.yaml");
export const SNAPSHOT = resolve(CI_PREVIEW, "snapshot.json");

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
  readonly stderrIsTTY?: boolean;
  /** What the command reads from standard input (`-`). */
  readonly stdin?: string;
}

/** A minimal environment: no ambient credentials or ENI_IPS_* knobs leak in from the test runner. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return { PATH: process.env["PATH"] ?? "", HOME: process.env["HOME"] ?? "/nonexistent", ...extra };
}

/**
 * Runs `work` with no Alibaba Cloud credentials anywhere the SDK's default chain looks. The chain
 * reads process.env (not the CLI's env object) and the home directory, and would ask the ECS
 * metadata service, so process.env is fenced for the duration: no ALIBABA_CLOUD_* variable, an empty
 * temporary HOME and credentials file, metadata and CLI profile disabled. Every socket is refused and
 * its host recorded, so nothing can reach the network; callers assert `hosts` is empty.
 */
export async function withNoCredentials<T>(work: (home: string) => Promise<T>): Promise<{ result: T; hosts: string[] }> {
  const home = mkdtempSync(join(tmpdir(), "eni-ips-nocreds-"));
  const saved = { ...process.env };
  const hosts: string[] = [];
  const connect = vi.spyOn(Socket.prototype, "connect").mockImplementation((...args: unknown[]) => {
    const [first, second] = args;
    const host = typeof first === "object" && first !== null ? (first as { host?: unknown }).host : second;
    hosts.push(typeof host === "string" && host !== "" ? host : "localhost");
    throw Object.assign(new Error("connect ECONNREFUSED (refused by the test)"), { code: "ECONNREFUSED" });
  });
  for (const k of Object.keys(process.env)) if (k.startsWith("ALIBABA_CLOUD_") || k.startsWith("ALICLOUD_")) delete process.env[k];
  process.env["HOME"] = home;
  process.env["ALIBABA_CLOUD_ECS_METADATA_DISABLED"] = "true";
  process.env["ALIBABA_CLOUD_CLI_PROFILE_DISABLED"] = "true";
  process.env["ALIBABA_CLOUD_CREDENTIALS_FILE"] = join(home, "credentials"); // does not exist
  try {
    return { result: await work(home), hosts };
  } finally {
    connect.mockRestore();
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
    rmSync(home, { recursive: true, force: true });
  }
}

export async function cli(argv: readonly string[], options: RunOptions = {}): Promise<CliRun> {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.stderrIsTTY) stderr.isTTY = true;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  const io: CliIo = {
    stdout,
    stderr,
    env: options.env ?? cleanEnv(),
    cwd: options.cwd ?? ROOT,
    ...(options.stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(options.stdin)]) }),
  };
  const code = await runCli(argv, io);
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}

export interface JsonReport {
  violations: {
    code: string;
    declaration: string;
    networkInterfaceId?: string | null;
    property: string;
    value?: unknown;
    message: string;
    rule: number;
    detail: Record<string, unknown>;
    eniLabel?: string;
    names?: MessageNames;
  }[];
  warnings: { code: string; message: string; declaration?: string; networkInterfaceId?: string; detail?: Record<string, unknown> }[];
  usage: { enis: unknown[]; securityGroups: unknown[]; vSwitches: unknown[] };
  notes?: string[];
  input?: { kind: string; file: string };
}

export function parseJsonReport(run: CliRun): JsonReport {
  return JSON.parse(run.stdout) as JsonReport;
}

/** The ci-preview plan's own statement of intent: `- name: X   # code: …` comments, or none when the
 *  declaration is in the "these pass" part. Read from the file so the test and the example agree. */
export function intendedOutcomes(planText: string = readFileSync(PLAN, "utf8")): Map<string, string | null> {
  const out = new Map<string, string | null>();
  let passing = true;
  for (const line of planText.split("\n")) {
    if (line.includes("each of these breaks one rule")) passing = false;
    const m = /^\s*- name: (\S+)\s*(?:#\s*([a-z_]+):)?/.exec(line);
    if (m) out.set(m[1] as string, passing ? null : (m[2] ?? "MISSING"));
  }
  return out;
}

/** 1-based line of the first line after the one naming declaration `name` whose content has `needle`. */
export function lineOf(planText: string, name: string, needle: string): number {
  const lines = planText.split("\n");
  const start = lines.findIndex((l) => l.includes(`name: ${name}`));
  if (start < 0) throw new Error(`no declaration ${name}`);
  // Comments do not count: they often quote the very value.
  const offset = lines.slice(start + 1).findIndex((l) => (l.split("#")[0] ?? "").includes(needle));
  if (offset < 0) throw new Error(`no "${needle}" after declaration ${name}`);
  return start + 1 + offset + 1;
}
