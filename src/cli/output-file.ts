// Writing an output file (`snapshot --out`) to where its path points, all at once: through a symlink
// to the link's target (the link stays a link), as a temporary file beside the target renamed over
// it, so a CI job never reads half a file. What cannot be replaced that way – a directory, a FIFO, a
// device, a socket – is refused with a message rather than turned into a plain file ("wrote
// /dev/full"). The temporary file never outlives a failed write. `-` is standard output.
import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readlinkSync, renameSync, statSync, unlinkSync, writeSync, type Stats } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { InputError } from "./input-error";
import type { CliIo } from "./io";

/** An output path that cannot be written; exit 2 like any bad input. */
export class OutputFileError extends InputError {
  override readonly name: string = "OutputFileError";
  override readonly code: string = "invalid_output";
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(file, [{ path: "", message }], options);
  }
}

/** The file system calls a write makes; tests replace one to make it fail half-way. */
export interface OutputFs {
  readonly renameSync: typeof renameSync;
  readonly writeSync: (fd: number, data: Buffer, offset: number) => number;
}

const REAL_FS: OutputFs = { renameSync, writeSync: (fd, data, offset) => writeSync(fd, data, offset) };

/** Symlinks followed before giving up (the kernel's own limit is 40). */
const MAX_LINKS = 40;

/** Writes `text` to `pathArg` (relative to io.cwd), or to standard output for `-`. Returns the path
 *  written (the symlink's target when the path is a link), or undefined for standard output. */
export function writeOutputFile(io: CliIo, pathArg: string, text: string, fs: OutputFs = REAL_FS): string | undefined {
  if (pathArg === "-") {
    io.stdout.write(text);
    return undefined;
  }
  const { target, existing } = outputTarget(io, pathArg);
  try {
    mkdirSync(dirname(target), { recursive: true });
  } catch (error) {
    throw new OutputFileError(pathArg, `cannot create the directory ${dirname(target)}: ${errnoText(error)}`, { cause: error });
  }
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  let fd: number | undefined;
  try {
    // "wx": never through a file or link someone put at the temporary name; keep the target's mode.
    fd = openSync(temp, "wx", existing === undefined ? 0o666 : existing.mode & 0o7777);
    const data = Buffer.from(text);
    for (let written = 0; written < data.length; ) written += fs.writeSync(fd, data, written);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    fs.renameSync(temp, target);
    return target;
  } catch (error) {
    if (fd !== undefined) closeQuietly(fd);
    removeQuietly(temp);
    throw new OutputFileError(pathArg, `cannot write ${target}: ${errnoText(error)}`, { cause: error });
  }
}

/** Where `pathArg` leads and what is there now; refuses what cannot be replaced by a file. Called
 *  before any work too, so a wrong --out costs no API call. */
export function outputTarget(io: CliIo, pathArg: string): { readonly target: string; readonly existing: Stats | undefined } {
  const path = resolve(io.cwd, pathArg);
  const target = followLinks(path, pathArg);
  const existing = statOrUndefined(target, pathArg);
  if (existing !== undefined && !existing.isFile()) {
    const what = target === path ? "it" : `its target ${target}`;
    const hint = existing.isDirectory() ? ` (such as ${join(pathArg, "snapshot.json")})` : ", or - to write to standard output";
    throw new OutputFileError(pathArg, `cannot write here: ${what} is ${kindOf(existing)}, not a regular file; give a file path${hint}`);
  }
  return { target, existing };
}

/** The path a chain of symlinks ends at (which may not exist yet: a link to a file to be created). */
function followLinks(path: string, display: string): string {
  let current = path;
  for (let hops = 0; hops <= MAX_LINKS; hops++) {
    let stat: Stats;
    try {
      stat = lstatSync(current);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return current;
      throw new OutputFileError(display, `cannot write here: ${errnoText(error)}`, { cause: error });
    }
    if (!stat.isSymbolicLink()) return current;
    current = resolve(dirname(current), readlinkSync(current));
  }
  throw new OutputFileError(display, `cannot write here: more than ${MAX_LINKS} symbolic links in a row (a loop?)`);
}

function statOrUndefined(path: string, display: string): Stats | undefined {
  try {
    return statSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new OutputFileError(display, `cannot write here: ${errnoText(error)}`, { cause: error });
  }
}

function kindOf(stat: Stats): string {
  if (stat.isDirectory()) return "a directory";
  if (stat.isFIFO()) return "a FIFO (named pipe)";
  if (stat.isCharacterDevice()) return "a character device";
  if (stat.isBlockDevice()) return "a block device";
  if (stat.isSocket()) return "a socket";
  return "not a regular file";
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // Already closed or never usable: the error that matters is the one being reported.
  }
}

function removeQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // Never created (openSync failed) or already gone.
  }
}

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code === "ENOSPC") return "no space left on the device";
  if (e?.code === "EACCES" || e?.code === "EPERM") return "permission denied";
  if (e?.code === "ENOTDIR") return "a part of the path is a file, not a directory";
  if (e?.code === "EROFS") return "the file system is read-only";
  return e instanceof Error ? e.message : String(error);
}
