// `eni-ips guest-config` run in-process with captured streams. The command is called directly: the
// dispatcher loads commands with a runtime require() of the compiled module, which vitest's module
// runner cannot resolve to a .ts source, so its UsageError -> exit 2 mapping is mirrored here.
import { PassThrough } from "node:stream";
import { guestConfig } from "../../src/cli/commands/guest-config";
import { EXIT_USAGE, UsageError, type CliIo } from "../../src/cli/io";

export async function runGuestConfig(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on("data", (c: Buffer) => out.push(c));
  stderr.on("data", (c: Buffer) => err.push(c));
  const io: CliIo = { stdout, stderr, env, cwd: process.cwd() };
  let code: number;
  try {
    code = await guestConfig(argv, io);
  } catch (error) {
    // What src/cli/main.ts does with a UsageError; anything else is a bug and fails the test.
    if (!(error instanceof UsageError)) throw error;
    stderr.write(`eni-ips guest-config: ${error.message}\n`);
    code = EXIT_USAGE;
  }
  return { code, stdout: Buffer.concat(out).toString("utf8"), stderr: Buffer.concat(err).toString("utf8") };
}
