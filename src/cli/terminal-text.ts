// Text a user controls (declaration names, ids, addresses, file names, values from a snapshot) made
// safe to print on a terminal or in a CI log: control characters, bidirectional overrides, invisible
// format characters and line separators are shown as escapes. Without this a name holding a newline and
// "Result: no violations" prints a convincing fake verdict, an ESC sequence can erase a line, and a
// right-to-left override can make one address read as another.

/** C0 and C1 controls and DEL (Cc), format characters (Cf: bidi controls, zero-width characters, the
 *  BOM, soft hyphen, tag characters), line and paragraph separators, and lone surrogates. */
const UNSAFE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu;

const NAMED: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

function escapeOne(ch: string): string {
  const named = NAMED[ch];
  if (named !== undefined) return named;
  const code = ch.codePointAt(0) ?? 0;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, "0")}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, "0")}`;
  return `\\u{${code.toString(16)}}`;
}

/** One line of text, every unsafe character shown as an escape (`\n`, `\x1b`, `\u202e`). */
export function escapeTerminal(text: string): string {
  UNSAFE.lastIndex = 0;
  return UNSAFE.test(text) ? text.replace(UNSAFE, escapeOne) : text;
}

/** A message of several lines: the line breaks meant by the message stay, every other unsafe
 *  character (a user value's own newline included, when the value was escaped where it was quoted)
 *  is escaped line by line. */
export function escapeLines(text: string): string {
  return text.split("\n").map(escapeTerminal).join("\n");
}

/** A value quoted for a message: `"…"`, escaped. */
export function quoted(text: string): string {
  return `"${escapeTerminal(text)}"`;
}
