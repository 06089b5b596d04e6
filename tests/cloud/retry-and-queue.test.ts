// Backoff schedule, retry bounds (attempts, total time, retry-after) and per-ENI serialisation, on
// fake time.
import { describe, expect, it } from "vitest";
import { CloudApiError, DEFAULT_RETRY } from "../../src/cloud";
import { isValidClientToken, newClientToken } from "../../src/cloud/client-token";
import { backoffDelay, withRetries } from "../../src/cloud/retry";
import { SerialQueue } from "../../src/cloud/serial-queue";

/** The one keyed queue (the cloud's per-ENI mutations and the provider's queues are instances of it). */
const queue = new SerialQueue();
const runExclusive = <T>(key: string, task: () => Promise<T>): Promise<T> => queue.run(key, task);

const throttled = (retryAfterMs?: number) =>
  new CloudApiError({ action: "AssignPrivateIpAddresses", code: "Throttling.User", message: "flow control", statusCode: 400, retryAfterMs });
const fatal = () => new CloudApiError({ action: "AssignPrivateIpAddresses", code: "InvalidVSwitchId.IpInvalid", message: "bad ip", statusCode: 403 });

function fakeClock() {
  let t = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    runtime: {
      now: () => t,
      sleep: async (ms: number) => {
        sleeps.push(ms);
        t += ms;
      },
      random: () => 0.5,
    },
  };
}

describe("backoffDelay", () => {
  it("is full jitter over a doubling ceiling, capped", () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, opts, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
    expect(backoffDelay(3, opts, () => 0)).toBe(0);
  });

  it("never waits less than the server's retry-after, nor more than the cap", () => {
    expect(backoffDelay(1, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0, 700)).toBe(700);
    expect(backoffDelay(1, { baseDelayMs: 100, maxDelayMs: 1000 }, () => 0, 60_000)).toBe(1000);
  });

  it("puts the jitter on top of the server's retry-after, so callers throttled together spread out", () => {
    const opts = { baseDelayMs: 100, maxDelayMs: 1000 };
    expect(backoffDelay(2, opts, () => 0.5, 300)).toBe(400);
    expect(backoffDelay(2, opts, () => 0.999999, 300)).toBe(499);
  });

  it("defaults: 6 attempts (20 while throttled), 200 ms base, 5 s cap, 30 s total", () => {
    expect(DEFAULT_RETRY).toEqual({ maxAttempts: 6, maxThrottledAttempts: 20, baseDelayMs: 200, maxDelayMs: 5000, maxElapsedMs: 30_000 });
  });
});

describe("withRetries", () => {
  it("retries retryable errors and stops at maxAttempts with the last error", async () => {
    const clock = fakeClock();
    let calls = 0;
    const run = withRetries(
      async () => {
        calls++;
        throw throttled();
      },
      { retry: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 10_000, maxElapsedMs: 1e9 }, runtime: clock.runtime },
    );
    await expect(run).rejects.toMatchObject({ code: "Throttling.User" });
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([50, 100, 200]);
  });

  it("gives throttling its own, larger attempt budget: a throttled request did nothing", async () => {
    const retry = { maxAttempts: 3, maxThrottledAttempts: 8, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 1e9 };
    let throttledCalls = 0;
    await expect(
      withRetries(async () => {
        throttledCalls++;
        throw throttled();
      }, { retry, runtime: fakeClock().runtime }),
    ).rejects.toMatchObject({ code: "Throttling.User" });
    expect(throttledCalls).toBe(8);
    let serverErrorCalls = 0;
    await expect(
      withRetries(async () => {
        serverErrorCalls++;
        throw new CloudApiError({ action: "AssignPrivateIpAddresses", code: "InternalError", message: "boom", statusCode: 500 });
      }, { retry, runtime: fakeClock().runtime }),
    ).rejects.toMatchObject({ code: "InternalError" });
    expect(serverErrorCalls).toBe(3);
  });

  it("does not retry a non-retryable error", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw fatal();
        },
        { runtime: clock.runtime },
      ),
    ).rejects.toMatchObject({ code: "InvalidVSwitchId.IpInvalid" });
    expect(calls).toBe(1);
  });

  it("honours retry-after and gives up when the total time budget would be exceeded", async () => {
    const clock = fakeClock();
    let calls = 0;
    await expect(
      withRetries(
        async () => {
          calls++;
          throw throttled(2000);
        },
        { retry: { maxAttempts: 10, baseDelayMs: 10, maxDelayMs: 5000, maxElapsedMs: 5000 }, runtime: clock.runtime },
      ),
    ).rejects.toBeInstanceOf(CloudApiError);
    // retry-after 2000 plus half the doubling jitter ceiling (random = 0.5): 2005, 2010; a third wait
    // (2020) would end past the 5 s budget.
    expect(clock.sleeps).toEqual([2005, 2010]);
    expect(calls).toBe(3);
  });

  it("returns the first success", async () => {
    const clock = fakeClock();
    let calls = 0;
    const value = await withRetries(
      async (n) => {
        calls++;
        if (n < 3) throw throttled();
        return "ok";
      },
      { runtime: clock.runtime },
    );
    expect([value, calls]).toEqual(["ok", 3]);
  });
});

describe("client tokens", () => {
  it("are ASCII, at most 64 characters and unique", () => {
    const tokens = new Set(Array.from({ length: 1000 }, newClientToken));
    expect(tokens.size).toBe(1000);
    for (const t of tokens) expect(isValidClientToken(t)).toBe(true);
  });
});

describe("SerialQueue", () => {
  it("runs tasks of one key one at a time, in order, even when one fails", async () => {
    const log: string[] = [];
    let active = 0;
    let maxActive = 0;
    const task = (name: string, fail = false) => async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      active--;
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([runExclusive("eni-1", task("a")), runExclusive("eni-1", task("b", true)), runExclusive("eni-1", task("c"))]);
    expect(maxActive).toBe(1);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
  });

  it("lets different ENIs run concurrently", async () => {
    let active = 0;
    let maxActive = 0;
    const task = async () => {
      active++;
      maxActive = Math.max(maxActive, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
    };
    await Promise.all([runExclusive("eni-a", task), runExclusive("eni-b", task)]);
    expect(maxActive).toBe(2);
  });
});
