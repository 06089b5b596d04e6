// Pacing of mutating calls under the account's flow control. The API quota is the account's, shared
// with everything else in it (Terway, other pipelines), and every throttled answer spends it too; so
// instead of letting each request find the limit by itself, the calls of a region (one cloud session:
// the provider keeps one per region) go through one budget. It starts unpaced, and backs off on
// throttling and recovers slowly, like TCP's congestion window (additive increase, multiplicative
// decrease): the first throttling answer sets the rate just under what was getting through, each later
// episode cuts it by the same factor, and `x-acs-retry-after` holds every call until then; each call
// that gets through raises the rate a little, about `increasePerSecond` per second of calls at that
// rate, but only while the calls use the rate (a rate nobody uses proves nothing, and would take many
// cuts to come down: TCP's congestion-window validation). A cut from the current rate, not from what
// got through, keeps a slow caller (a few mutations a second) from being paced below its own pace by
// throttling it did not cause (the quota is shared). Calls are let go in arrival order.
import { CloudApiError, isThrottling } from "./errors";
import type { RetryRuntime } from "./retry";

export interface PacerOptions {
  /** Mutations per second before the first throttling answer. Default: unpaced. */
  readonly initialPerSecond?: number | undefined;
  /** Never slower than this, in mutations per second. Default 2. */
  readonly minPerSecond?: number | undefined;
  /** The rate after throttling, as a share of what was getting through. Default 0.9. */
  readonly decrease?: number | undefined;
  /** Mutations per second gained per second of calls getting through. Default 1. */
  readonly increasePerSecond?: number | undefined;
}

export const DEFAULT_PACING = Object.freeze({ minPerSecond: 2, decrease: 0.9, increasePerSecond: 1 });

/** When a call was let go: an answer to it is judged against the rate of its time. */
export interface PacerTicket {
  readonly at: number;
}

/** How long "what was getting through" looks back: the gateways count calls per second. */
const WINDOW_MS = 1000;
/** The rate grows only while the last window's calls use at least this share of it. */
const IN_USE = 0.5;
/** A bound for the rate once paced; far above any published API quota. */
const MAX_PER_SECOND = 10_000;

export class MutationPacer {
  private rate: number;
  private readonly min: number;
  private readonly decrease: number;
  private readonly increase: number;
  /** The earliest time the next call may go. */
  private next = 0;
  private pausedUntil = 0;
  private lastDecrease = Number.NEGATIVE_INFINITY;
  /** When the calls that got through in the last window were let go. */
  private readonly through: number[] = [];
  private readonly waiting: Array<(ticket: PacerTicket) => void> = [];
  private pumping = false;

  constructor(
    private readonly runtime: Pick<RetryRuntime, "now" | "sleep">,
    options: PacerOptions = {},
  ) {
    this.rate = positive(options.initialPerSecond) ?? Number.POSITIVE_INFINITY;
    this.min = positive(options.minPerSecond) ?? DEFAULT_PACING.minPerSecond;
    const d = options.decrease ?? DEFAULT_PACING.decrease;
    this.decrease = d > 0 && d < 1 ? d : DEFAULT_PACING.decrease;
    this.increase = positive(options.increasePerSecond) ?? DEFAULT_PACING.increasePerSecond;
  }

  /** The rate calls are let go at now (Infinity: unpaced). */
  get perSecond(): number {
    return this.rate;
  }

  /** Resolves when it is this call's turn. */
  acquire(): Promise<PacerTicket> {
    return new Promise((resolve) => {
      this.waiting.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  /** The call got an answer other than throttling: the quota had room for it. */
  passed(ticket: PacerTicket): void {
    const inWindow = this.recent(this.runtime.now());
    this.through.push(ticket.at);
    if (Number.isFinite(this.rate) && inWindow + 1 >= this.rate * IN_USE) this.rate = Math.min(MAX_PER_SECOND, this.rate + this.increase / this.rate);
  }

  /** The call was throttled: back off (once per episode) and hold everything for `retryAfterMs`. */
  throttled(ticket: PacerTicket, retryAfterMs?: number): void {
    const now = this.runtime.now();
    if (retryAfterMs !== undefined && retryAfterMs > 0) this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    // Let go before the last decrease: its answer says nothing about the rate since.
    if (ticket.at <= this.lastDecrease) return;
    // Unpaced so far: what got through in the last window is the first estimate of the quota.
    const from = Number.isFinite(this.rate) ? this.rate : Math.max(1, this.recent(now));
    this.rate = Math.max(this.min, this.decrease * from);
    this.lastDecrease = now;
    this.next = Math.max(this.next, now + 1000 / this.rate);
  }

  /** Calls let go within the last window that got through. */
  private recent(now: number): number {
    while (this.through.length > 0 && (this.through[0] as number) <= now - WINDOW_MS) this.through.shift();
    return this.through.length;
  }

  /** Lets the waiting calls go, one per interval, holding while paused; one pump at a time. */
  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.runtime.now();
        const at = Math.max(now, this.next, this.pausedUntil);
        if (at > now) {
          await this.runtime.sleep(at - now);
          continue;
        }
        this.next = now + (Number.isFinite(this.rate) ? 1000 / this.rate : 0);
        this.waiting.shift()?.({ at: now });
      }
    } finally {
      this.pumping = false;
    }
  }
}

function positive(value: number | undefined): number | undefined {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
}

/**
 * `call` with every request paced: it waits for its turn, and its answer tells the pacer how the
 * quota is doing. A transport failure says nothing about the quota either way.
 */
export function pacedCall<A, R>(pacer: MutationPacer, call: (action: A, request: Record<string, unknown>) => Promise<R>): (action: A, request: Record<string, unknown>) => Promise<R> {
  return async (action, request) => {
    const ticket = await pacer.acquire();
    try {
      const answer = await call(action, request);
      pacer.passed(ticket);
      return answer;
    } catch (error) {
      if (isThrottling(error)) pacer.throttled(ticket, (error as CloudApiError).retryAfterMs);
      else if (error instanceof CloudApiError) pacer.passed(ticket);
      throw error;
    }
  };
}
