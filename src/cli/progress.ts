// A one-line progress indicator on stderr for live captures, which can take a while on a big region.
// It never touches stdout (a snapshot or JSON report may be piped from there) and stays silent unless
// stderr is an interactive terminal outside CI, or the user asked for it with --progress.
import type { CliIo } from "./io";

export interface Progress {
  /** Starts (or retitles) the current phase. */
  phase(label: string): void;
  /** Replaces the detail shown after the phase label, e.g. "12 API reads". */
  detail(text: string): void;
  /** Clears the line (on a terminal) and stops the timer. */
  done(summary?: string): void;
}

const SILENT: Progress = { phase() {}, detail() {}, done() {} };
const FRAMES = ["|", "/", "-", "\\"];

export interface ProgressOptions {
  /** `--progress`: show it even off a terminal or in CI. */
  readonly force?: boolean | undefined;
  /** Redraw interval on a terminal, ms. */
  readonly intervalMs?: number | undefined;
}

export function shouldShowProgress(io: CliIo, force: boolean | undefined): boolean {
  if (force) return true;
  // `CI` is set by GitHub Actions, GitLab, CircleCI, …: their logs are not terminals even when they
  // emulate one, and a spinner there is noise.
  const ci = io.env["CI"];
  if (ci !== undefined && ci !== "" && ci !== "false" && ci !== "0") return false;
  return io.stderr.isTTY === true;
}

export function createProgress(io: CliIo, options: ProgressOptions = {}): Progress {
  if (!shouldShowProgress(io, options.force)) return SILENT;
  // Off a terminal (forced in CI), carriage returns would pile up in the log: print whole lines, and
  // only when the phase changes.
  return io.stderr.isTTY === true ? new TerminalProgress(io, options.intervalMs ?? 100) : new LineProgress(io);
}

class TerminalProgress implements Progress {
  private label = "";
  private text = "";
  private frame = 0;
  private readonly started = Date.now();
  private timer: NodeJS.Timeout | undefined;
  private width = 0;

  constructor(private readonly io: CliIo, private readonly intervalMs: number) {}

  phase(label: string): void {
    this.label = label;
    this.text = "";
    if (!this.timer) {
      this.timer = setInterval(() => this.draw(), this.intervalMs);
      // The spinner must never keep the process alive on its own.
      this.timer.unref();
    }
    this.draw();
  }

  detail(text: string): void {
    this.text = text;
  }

  done(summary?: string): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.io.stderr.write(`\r${" ".repeat(this.width)}\r`);
    if (summary) this.io.stderr.write(`${summary}\n`);
  }

  private draw(): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    const line = `${FRAMES[this.frame++ % FRAMES.length]} ${this.label}${this.text ? ` (${this.text})` : ""} ${seconds}s`;
    const pad = Math.max(0, this.width - line.length);
    this.width = Math.max(this.width, line.length);
    this.io.stderr.write(`\r${line}${" ".repeat(pad)}`);
  }
}

class LineProgress implements Progress {
  private readonly started = Date.now();
  private last = "";

  constructor(private readonly io: CliIo) {}

  phase(label: string): void {
    this.io.stderr.write(`eni-ips: ${label}…\n`);
  }

  detail(text: string): void {
    this.last = text;
  }

  done(summary?: string): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(1);
    this.io.stderr.write(`eni-ips: ${summary ?? "done"}${this.last ? ` (${this.last})` : ""} in ${seconds}s\n`);
  }
}

/** Shows a session's read counter as the detail while `work` runs: the cloud layer gathers facts in one
 *  call, so its call counter is the only honest measure of progress from out here. */
export async function withReadCounter<T>(progress: Progress, reads: () => number, work: Promise<T>): Promise<T> {
  const timer = setInterval(() => progress.detail(`${reads()} API reads`), 100);
  timer.unref();
  try {
    return await work;
  } finally {
    clearInterval(timer);
    progress.detail(`${reads()} API reads`);
  }
}
