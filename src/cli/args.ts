// Argument parsing shared by the subcommands: node's own parseArgs in strict mode, with its errors
// turned into UsageError (exit 2) and a `--help` every command answers the same way.
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io";
import { escapeTerminal, quoted } from "./terminal-text";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

export function parseCommandArgs(argv: readonly string[], options: Options): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: [...argv],
      options: { ...options, help: { type: "boolean", short: "h" } },
      strict: true,
      allowPositionals: true,
    });
    return { values: values as Record<string, string | boolean | undefined>, positionals };
  } catch (error) {
    // parseArgs messages are already user-facing ("Unknown option '--x'"); keep them, drop the stack.
    throw new UsageError(escapeTerminal(error instanceof Error ? error.message : String(error)));
  }
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.values[name];
  return typeof value === "string" ? value : undefined;
}

/** `--flag VALUE` restricted to a closed set, so a typo is a usage error rather than a silent default. */
export function choiceOption<T extends string>(args: ParsedArgs, name: string, choices: readonly T[], fallback: T): T {
  const value = stringOption(args, name);
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value)) {
    throw new UsageError(`--${name} must be one of ${choices.join(", ")} (got ${quoted(value)})`);
  }
  return value as T;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Durations such as `90m`, `24h`, `7d`, `3600s` (a bare number is seconds); `off` disables the check. */
export function parseDuration(text: string, flag: string): number | null {
  if (text === "off" || text === "none") return null;
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match) throw new UsageError(`${flag} expects a duration such as 90m, 24h or 7d, or "off" (got ${quoted(text)})`);
  return Number(match[1]) * (UNIT_MS[match[2] ?? "s"] ?? 1_000);
}
