// The one place where a command's expected failures (a broken plan or snapshot, bad limit settings,
// no access to the account) become a message on stderr and exit 2; programming errors still throw.
import { InputError } from "./input-error";
import { EXIT_USAGE, type CliIo } from "./io";
import { LiveFactsError } from "./live-facts";
import { escapeLines } from "./terminal-text";

/** The core's errors for bad settings and malformed facts, matched by name: the core is loaded lazily
 *  and may come from another copy of the package. */
const EXPECTED_BY_NAME: ReadonlySet<string> = new Set(["LimitsError", "FactsError"]);

export async function runGuarded(io: CliIo, command: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof InputError || error instanceof LiveFactsError || EXPECTED_BY_NAME.has(String((error as { name?: unknown } | undefined)?.name))) {
      // Multi-line messages (one line per plan problem) keep the prefix on every line, for grep.
      // Messages quote the user's values (an API's message, an environment variable): escaped line by line.
      io.stderr.write(`eni-ips ${command}: ${escapeLines((error as Error).message).replace(/\n/g, `\neni-ips ${command}: `)}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
}
