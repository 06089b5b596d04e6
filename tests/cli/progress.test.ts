// The progress indicator: on stderr only, silent off a terminal and in CI unless --progress.
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import type { CliIo } from "../../src/cli/io";
import { createProgress, shouldShowProgress, withReadCounter } from "../../src/cli/progress";

function io(options: { tty: boolean; env?: NodeJS.ProcessEnv }): { io: CliIo; err: () => string; out: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough() as PassThrough & { isTTY?: boolean };
  if (options.tty) stderr.isTTY = true;
  let e = "";
  let o = "";
  stderr.on("data", (c: Buffer) => (e += c.toString()));
  stdout.on("data", (c: Buffer) => (o += c.toString()));
  return { io: { stdout, stderr, env: options.env ?? {}, cwd: "/" }, err: () => e, out: () => o };
}

describe("progress", () => {
  it("shows only on a terminal outside CI, or when forced", () => {
    expect(shouldShowProgress(io({ tty: true }).io, false)).toBe(true);
    expect(shouldShowProgress(io({ tty: false }).io, false)).toBe(false);
    expect(shouldShowProgress(io({ tty: true, env: { CI: "true" } }).io, false)).toBe(false);
    expect(shouldShowProgress(io({ tty: true, env: { CI: "false" } }).io, false)).toBe(true);
    expect(shouldShowProgress(io({ tty: false, env: { CI: "1" } }).io, true)).toBe(true);
  });

  it("writes nothing when silent", async () => {
    const f = io({ tty: false, env: { CI: "true" } });
    const p = createProgress(f.io);
    p.phase("reading");
    await withReadCounter(p, () => 3, Promise.resolve(1));
    p.done();
    expect(f.err()).toBe("");
    expect(f.out()).toBe("");
  });

  it("redraws one line with the read counter on a terminal, and clears it when done", async () => {
    const f = io({ tty: true });
    const p = createProgress(f.io, { intervalMs: 5 });
    let reads = 0;
    p.phase("reading facts for 3 ENIs");
    await withReadCounter(p, () => ++reads, new Promise((r) => setTimeout(r, 250)));
    p.done();
    const text = f.err();
    expect(text).toMatch(/\r[|/\\-] reading facts for 3 ENIs \(\d+ API reads\) \d+\.\ds/);
    expect(text.endsWith("\r")).toBe(true);
    expect(text).not.toContain("\n");
    expect(f.out()).toBe("");
  });

  it("prints whole lines when forced off a terminal (CI logs)", async () => {
    const f = io({ tty: false, env: { CI: "true" } });
    const p = createProgress(f.io, { force: true });
    p.phase("reading facts for 2 ENIs");
    await withReadCounter(p, () => 7, Promise.resolve());
    p.done("captured");
    expect(f.err()).toMatch(/^eni-ips: reading facts for 2 ENIs…\neni-ips: captured \(7 API reads\) in \d+\.\ds\n$/);
  });
});
