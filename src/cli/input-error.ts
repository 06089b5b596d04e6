// Errors for files the user hands the CLI (plans, snapshots): each problem keeps its place in the file
// so the message reads `plan.yaml:7:9: …` and an editor can jump there. Commands turn them into exit 2.
import { showValue } from "../core/show-value";
import { escapeTerminal } from "./terminal-text";

export interface InputIssue {
  /** 1-based; absent when the problem is about the file as a whole. */
  readonly line?: number | undefined;
  readonly col?: number | undefined;
  /** Where in the document's structure, e.g. `declarations[2].name`; empty for the root. */
  readonly path: string;
  readonly message: string;
}

/** A plan or snapshot file that cannot be used as it is. `issues` lists every problem found, not just the first. */
export class InputError extends Error {
  override readonly name: string = "InputError";
  readonly code: string = "invalid_input";
  constructor(
    readonly file: string,
    readonly issues: readonly InputIssue[],
    options?: { cause?: unknown },
  ) {
    super(formatIssues(file, issues), options);
  }
}

export class PlanError extends InputError {
  override readonly name: string = "PlanError";
  override readonly code: string = "invalid_plan";
}

export class SnapshotFileError extends InputError {
  override readonly name: string = "SnapshotFileError";
  override readonly code: string = "invalid_snapshot";
}

/** A file broken everywhere would print a line per fact; the first ones say what is wrong. */
export const MAX_SHOWN_ISSUES = 50;

/** One line per issue, compiler style, so terminals and CI logs link them. File names, paths (a key is
 *  the user's text) and messages are escaped, so an issue is always exactly one line. */
export function formatIssues(file: string, issues: readonly InputIssue[]): string {
  const name = escapeTerminal(file);
  const shown = issues.slice(0, MAX_SHOWN_ISSUES);
  const rest = issues.length - shown.length;
  return shown
    .map((issue) => {
      const where = issue.line === undefined ? name : `${name}:${issue.line}:${issue.col ?? 1}`;
      const message = escapeTerminal(issue.message);
      return issue.path ? `${where}: ${escapeTerminal(issue.path)}: ${message}` : `${where}: ${message}`;
    })
    .concat(rest > 0 ? [`${name}: and ${rest} more problem${rest === 1 ? "" : "s"} like these (fix these first)`] : [])
    .join("\n");
}

/** What an offending value is, for "expected X, got Y" messages: its kind, and the value itself (core's showValue) when short. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "nothing";
  if (Array.isArray(value)) return "a list";
  if (value instanceof Uint8Array) return "binary data (a YAML !!binary value)";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return `the string ${showValue(value.length > 40 ? `${value.slice(0, 37)}...` : value)}`;
  return `${typeof value} ${showValue(value)}`;
}
