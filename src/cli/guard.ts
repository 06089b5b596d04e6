// The one place where a command's expected failures (a broken plan or snapshot, bad limit settings,
// no access to the account) become a message on stderr and exit 2; programming errors still throw.
import { InputError } from "./input-error";
import { EXIT_USAGE, type CliIo } from "./io";
import { LiveFactsError } from "./live-facts";

export async function runGuarded(io: CliIo, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof InputError || error instanceof LiveFactsError || (error as { name?: unknown } | undefined)?.name === "LimitsError") {
      // Multi-line messages (one line per plan problem) keep the prefix on every line, for grep.
      io.stderr.write(`eni-ips ${command}: ${(error as Error).message.replace(/\n/g, `\neni-ips ${command}: `)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
