// Durable state file: each change is written to a temp file, fsynced and renamed over the old one,
// so a kill -9 at any instant leaves either the previous or the new state, never a torn file.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import type { EmulatorSnapshot } from "./types";

export class StateFileError extends Error {
  override readonly name = "StateFileError";
  readonly code = "invalid_state_file";
}

/** What every refusal of a state file adds: the way out. */
export const STATE_FILE_HINT = "fix it, or move it away to start again from the seed";

/** Versions of the state file this emulator reads. */
export const STATE_VERSIONS: readonly number[] = [1, 2];

export function stateFileLabel(path: string): string {
  return `emulator state file ${path}`;
}

/** The saved state, undefined when there is none yet; a file that is there but unusable is refused
 *  (never silently replaced by the seed). */
export function readStateFile(path: string): EmulatorSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  const refuse = (why: string, cause?: unknown): never => {
    throw new StateFileError(`${stateFileLabel(path)}: ${why}; ${STATE_FILE_HINT}`, cause === undefined ? undefined : { cause });
  };
  let text = "";
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    refuse(`cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    refuse(`is not valid JSON (${(error as Error).message})`, error);
  }
  const version = typeof parsed === "object" && parsed !== null ? (parsed as { version?: unknown }).version : undefined;
  if (typeof version !== "number" || !STATE_VERSIONS.includes(version)) {
    refuse(`is not an eni-ips emulator state (version ${STATE_VERSIONS.join(" or ")}; found ${JSON.stringify(version) ?? "none"})`);
  }
  return parsed as EmulatorSnapshot;
}

export function writeStateFile(path: string, snapshot: EmulatorSnapshot): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, "w");
  try {
    writeSync(fd, JSON.stringify(snapshot));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    renameSync(tmp, path);
  } catch (error) {
    try { unlinkSync(tmp); } catch { /* already gone */ }
    throw error;
  }
  // Make the rename itself durable; not every platform lets a directory be opened, hence best effort.
  try {
    const dfd = openSync(dirname(path), "r");
    try { fsyncSync(dfd); } finally { closeSync(dfd); }
  } catch { /* best effort */ }
}
