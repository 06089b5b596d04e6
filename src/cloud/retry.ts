// Retry policy for API calls: exponential backoff with full jitter (delay = random × min(cap,
// base × 2^n)), bounded by attempts and by total time, and the gateway's `x-acs-retry-after` honoured
// as a floor with the jitter on top. Sleep, randomness and the clock are injected so tests run on
// fake time.
import { CloudApiError, isRetryable, isStillProcessing, isThrottling } from "./errors";

export interface RetryOptions {
  /** Attempts in total, the first one included. */
  readonly maxAttempts?: number | undefined;
  /**
   * Attempts in total while the answer is throttling, or says a request with our ClientToken is still
   * running. A throttled request was refused before it did anything, and asking again about a running
   * one changes nothing, so retrying either is always safe; under a sustained rate limit (many
   * resources applied at once), or behind a slow request, a handful of attempts is not enough. Still
   * bounded by maxElapsedMs. Defaults to maxAttempts when only that is given, else 20.
   */
  readonly maxThrottledAttempts?: number | undefined;
  /** Backoff cap before jitter for the first retry; doubles per retry. */
  readonly baseDelayMs?: number | undefined;
  /** No single wait is longer than this (x-acs-retry-after included). */
  readonly maxDelayMs?: number | undefined;
  /** Stop retrying when the next wait would end later than this after the first attempt started. */
  readonly maxElapsedMs?: number | undefined;
}

export const DEFAULT_RETRY: Required<{ [K in keyof RetryOptions]: number }> = Object.freeze({
  maxAttempts: 6,
  maxThrottledAttempts: 20,
  baseDelayMs: 200,
  maxDelayMs: 5_000,
  maxElapsedMs: 30_000,
});

export interface RetryRuntime {
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
}

export const realRuntime: RetryRuntime = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  now: Date.now,
};

export function resolveRetryOptions(options: RetryOptions | undefined): Required<{ [K in keyof RetryOptions]: number }> {
  return {
    maxAttempts: Math.max(1, Math.floor(options?.maxAttempts ?? DEFAULT_RETRY.maxAttempts)),
    maxThrottledAttempts: Math.max(
      1,
      Math.floor(options?.maxThrottledAttempts ?? options?.maxAttempts ?? DEFAULT_RETRY.maxThrottledAttempts),
    ),
    baseDelayMs: Math.max(0, options?.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, options?.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
    maxElapsedMs: Math.max(0, options?.maxElapsedMs ?? DEFAULT_RETRY.maxElapsedMs),
  };
}

/**
 * Wait before retry number `retry` (1 = the first retry). Full jitter spreads many clients hitting
 * the same throttle; a server-given retry-after is a floor because retrying earlier is wasted, and
 * the jitter goes on top of it: callers throttled together would otherwise all wake at the floor and
 * collide again (seen in the apply bench: 10 workers against 20 mutations/s).
 */
export function backoffDelay(retry: number, options: RetryOptions | undefined, random: () => number, retryAfterMs?: number): number {
  const o = resolveRetryOptions(options);
  const ceiling = Math.min(o.maxDelayMs, o.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(random() * ceiling);
  const floor = retryAfterMs !== undefined && retryAfterMs > 0 ? retryAfterMs : 0;
  return Math.min(o.maxDelayMs, floor + jittered);
}

export interface RetryEvent {
  readonly attempt: number;
  readonly error: unknown;
  readonly delayMs: number;
}

export interface WithRetriesOptions {
  readonly retry?: RetryOptions | undefined;
  readonly runtime: RetryRuntime;
  /** Default: isRetryable. */
  readonly shouldRetry?: ((error: unknown) => boolean) | undefined;
  readonly onRetry?: ((event: RetryEvent) => void) | undefined;
}

/**
 * Runs `attempt` until it succeeds, fails with a non-retryable error, or the attempt/time budget is
 * spent; then the last error is thrown. `attempt` gets its 1-based number.
 */
export async function withRetries<T>(attempt: (n: number) => Promise<T>, options: WithRetriesOptions): Promise<T> {
  const o = resolveRetryOptions(options.retry);
  const shouldRetry = options.shouldRetry ?? isRetryable;
  const started = options.runtime.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt(n);
    } catch (error) {
      const limit = isThrottling(error) || isStillProcessing(error) ? o.maxThrottledAttempts : o.maxAttempts;
      if (n >= limit || !shouldRetry(error)) throw error;
      const retryAfter = error instanceof CloudApiError ? error.retryAfterMs : undefined;
      const delayMs = backoffDelay(n, options.retry, options.runtime.random, retryAfter);
      if (options.runtime.now() - started + delayMs > o.maxElapsedMs) throw error;
      options.onRetry?.({ attempt: n, error, delayMs });
      await options.runtime.sleep(delayMs);
    }
  }
}
