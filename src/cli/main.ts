#!/usr/bin/env node
// `eni-ips` entry point: dispatch to a subcommand module, loaded only when asked for so that
// `eni-ips guest-config` does not pay for the SDKs.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { quietOnBrokenPipe } from "./broken-pipe";
import { EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from "./io";
import { escapeLines, quoted } from "./terminal-text";

// Dynamic import (not require) so the same code loads compiled .js in the package and .ts under vitest.
const COMMANDS: Readonly<Record<string, { summary: string; load: () => Promise<Command> }>> = {
  preview: { summary: "validate a plan against the live account or a snapshot", load: async () => (await import("./commands/preview.js")).preview },
  snapshot: { summary: "capture the account facts preview needs", load: async () => (await import("./commands/snapshot.js")).snapshot },
  emulator: { summary: "run the local ECS/VPC API emulator", load: async () => (await import("./commands/emulator.js")).emulator },
  "guest-config": { summary: "print guest OS network configuration for addresses, or --apply it through Cloud Assistant", load: async () => (await import("./commands/guest-config.js")).guestConfig },
  demo: { summary: "the whole product on the bundled emulator, in one command", load: async () => (await import("./commands/demo.js")).demo },
};

export function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(13)} ${c.summary}`);
  return `usage: eni-ips <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun eni-ips <command> --help for a command's options; eni-ips --version prints the version.\n`;
}

/** The installed package's version: package.json is two levels up from both src/cli and dist/cli. */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(resolve(__dirname, "..", "..", "package.json"), "utf8")) as { version?: unknown };
  return String(manifest.version);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "--help" || name === "-h" || name === "help") {
    io.stdout.write(usage());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === "--version" || name === "-V" || name === "version") {
    io.stdout.write(`eni-ips ${packageVersion()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.stderr.write(`eni-ips: unknown command ${quoted(name)}\n\n${usage()}`);
    return EXIT_USAGE;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`eni-ips ${name}: ${escapeLines(error.message)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}

if (require.main === module) {
  quietOnBrokenPipe(process.stdout);
  quietOnBrokenPipe(process.stderr);
  const io: CliIo = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd(), stdin: process.stdin };
  runCli(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (error: unknown) => {
      // Never a stack trace: one line, and exit 2 (an internal error is not a verdict).
      process.stderr.write(`eni-ips: ${escapeLines(error instanceof Error ? error.message : String(error))}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
