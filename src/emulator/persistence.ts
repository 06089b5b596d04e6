// Durable state file: each change is written to a temp file, fsynced and renamed over the old one,
// so a kill -9 at any instant leaves either the previous or the new state, never a torn file.
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeSync, existsSync, unlinkSync } from "node:fs";
import { dirname } from "node:path";
import type { EmulatorSnapshot } from "./types";

export class StateFileError extends Error {
  override readonly name = "StateFileError";
  readonly code = "invalid_state_file";
}

export function readStateFile(path: string): EmulatorSnapshot | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, "utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    // Refuse rather than silently replace a user's state with the seed.
    throw new StateFileError(`emulator state file ${path} is not valid JSON`, { cause: error });
  }
  if (typeof parsed !== "object" || parsed === null || (parsed as { version?: unknown }).version !== 1) {
    throw new StateFileError(`emulator state file ${path} is not an eni-ips emulator state (version 1)`);
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
