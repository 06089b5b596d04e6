// Reading the files the user hands the CLI (plans, snapshots, or a plan on standard input), bounded:
// at most MAX_INPUT_BYTES from a file, a pipe, a device or standard input, so `preview /dev/zero` is
// refused after 64 MB instead of growing until the machine gives up. There is no time limit: a pipe or
// FIFO is waited for as long as its writer takes. The bytes must be UTF-8 text; UTF-16 (what
// PowerShell's `>` writes), binary data and invalid UTF-8 get a message saying what the file is.
import { open } from "node:fs/promises";
import { isUtf8 } from "node:buffer";
import { PlanError, SnapshotFileError, type InputError } from "./input-error";

/** The most eni-ips reads of one plan or snapshot: `terraform show -json` of 5,000 resources (the bench's) is 14.5 MB. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

export type InputWhat = "plan" | "snapshot";

export interface ReadLimits {
  /** Default MAX_INPUT_BYTES; smaller in tests. */
  readonly maxBytes?: number | undefined;
}

function fail(what: InputWhat, display: string, message: string, cause?: unknown): InputError {
  const issues = [{ path: "", message }];
  const options = cause === undefined ? undefined : { cause };
  return what === "plan" ? new PlanError(display, issues, options) : new SnapshotFileError(display, issues, options);
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

function tooBig(what: InputWhat, display: string, size: string, max: number): InputError {
  return fail(what, display, `${size}, more than the ${formatBytes(max)} eni-ips reads of one ${what}; is this the right file?`);
}

/** A file, FIFO or device by path (relative paths are the caller's to resolve). */
export async function readInputFile(path: string, display: string, what: InputWhat, limits: ReadLimits = {}): Promise<string> {
  const max = limits.maxBytes ?? MAX_INPUT_BYTES;
  let handle;
  try {
    // Asynchronous open: opening a FIFO waits for its writer, and must not block the event loop meanwhile.
    handle = await open(path, "r");
  } catch (error) {
    throw fail(what, display, `cannot read the ${what}: ${errnoText(error)}`, error);
  }
  try {
    const stat = await handle.stat();
    if (stat.isDirectory()) throw fail(what, display, `cannot read the ${what}: it is a directory; give the ${what} file inside it`);
    if (stat.isFile() && stat.size > max) throw tooBig(what, display, `the file is ${formatBytes(stat.size)}`, max);
    // A device or a FIFO reports no size, and a file may grow while read: count what arrives.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > max) throw tooBig(what, display, `it holds more than ${formatBytes(max)}`, max);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return decodeText(Buffer.concat(chunks, total), display, what);
  } catch (error) {
    if (error instanceof PlanError || error instanceof SnapshotFileError) throw error;
    throw fail(what, display, `cannot read the ${what}: ${errnoText(error)}`, error);
  } finally {
    await handle.close();
  }
}

/** Standard input (or any stream), up to the same bound. */
export async function readInputStream(stream: NodeJS.ReadableStream, display: string, what: InputWhat, limits: ReadLimits = {}): Promise<string> {
  const max = limits.maxBytes ?? MAX_INPUT_BYTES;
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === "string" ? Buffer.from(chunk) : chunk;
      total += bytes.length;
      // Leaving the loop destroys the stream: nothing more is read.
      if (total > max) throw tooBig(what, display, `it holds more than ${formatBytes(max)}`, max);
      chunks.push(bytes);
    }
  } catch (error) {
    if (error instanceof PlanError || error instanceof SnapshotFileError) throw error;
    throw fail(what, display, `cannot read the ${what}: ${errnoText(error)}`, error);
  }
  return decodeText(Buffer.concat(chunks, total), display, what);
}

/** UTF-8 text without its byte order mark; anything else is refused with what it looks like. */
export function decodeText(bytes: Buffer, display: string, what: InputWhat): string {
  const utf16 = utf16Kind(bytes);
  if (utf16 !== undefined) {
    throw fail(
      what,
      display,
      `the file is ${utf16}; eni-ips reads UTF-8: convert it (iconv -f ${utf16.startsWith("UTF-32") ? "UTF-32" : "UTF-16"} -t UTF-8), or write it as UTF-8 in the first place (PowerShell: | Out-File -Encoding utf8)`,
    );
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) throw fail(what, display, `the file holds binary data (a NUL byte at offset ${nul}), not a ${what}`);
  if (!isUtf8(bytes)) {
    throw fail(what, display, `the file is not UTF-8 text (an invalid byte at offset ${firstInvalidUtf8(bytes)}); save it as UTF-8`);
  }
  const start = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  return bytes.toString("utf8", start);
}

/** The encoding when the bytes are UTF-16 or UTF-32: by byte order mark, or (without one) by the NUL
 *  byte every ASCII character gets in UTF-16. */
function utf16Kind(bytes: Buffer): string | undefined {
  const [b0, b1, b2, b3] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (b0 === 0xff && b1 === 0xfe && b2 === 0 && b3 === 0) return "UTF-32 (little-endian, with a byte order mark)";
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return "UTF-32 (big-endian, with a byte order mark)";
  if (b0 === 0xff && b1 === 0xfe) return "UTF-16 (little-endian, with a byte order mark)";
  if (b0 === 0xfe && b1 === 0xff) return "UTF-16 (big-endian, with a byte order mark)";
  if (bytes.length >= 4 && b0 !== 0 && b1 === 0 && b2 !== 0 && b3 === 0) return "UTF-16 (little-endian)";
  if (bytes.length >= 4 && b0 === 0 && b1 !== 0 && b2 === 0 && b3 !== 0) return "UTF-16 (big-endian)";
  return undefined;
}

/** Offset of the first byte that breaks UTF-8 (only computed for the message). */
function firstInvalidUtf8(bytes: Buffer): number {
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i] as number;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0) return i;
    if (!isUtf8(bytes.subarray(i, i + length))) return i;
    i += length;
  }
  return bytes.length;
}

function errnoText(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "it is a directory";
  return error instanceof Error ? error.message : String(error);
}
