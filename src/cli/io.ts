// What a CLI command may touch of the outside world, passed in so tests can run commands in-process.
export interface CliIo {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Read when a command is given `-` for a file (`pulumi preview --json | eni-ips preview -`). */
  readonly stdin?: NodeJS.ReadableStream | undefined;
}

/** Exit codes (README, "CI: eni-ips preview"): 0 clean, 1 violations found, 2 bad usage or input. */
export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;

/** A subcommand: parses its own arguments, returns the process exit code. Long-running commands
 *  (the emulator) resolve only when they are told to stop. */
export type Command = (argv: readonly string[], io: CliIo) => Promise<number>;

export class UsageError extends Error {
  override readonly name = "UsageError";
  readonly code = "usage";
}
