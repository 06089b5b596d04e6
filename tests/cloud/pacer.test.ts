// Pacing of mutations: the budget on a fake clock (unpaced until throttled, just under what got
// through after, retry-after held, one decrease per episode, slow recovery, no growth while unused,
// later cuts from the rate rather than from a slow caller's pace, a floor), then a session
// against the emulator's mutation rate limit with the real SDK, paced and unpaced.
import { describe, expect, it } from "vitest";
import { CloudApiError, createCloudSession, type CloudSession } from "../../src/cloud";
import { MutationPacer, pacedCall, type PacerTicket } from "../../src/cloud/pacer";
import { useEmulator } from "../helpers/emulator";
import { pagingSeed } from "./seeds";

function fakeClock(start = 1_000_000) {
  let t = start;
  return {
    now: () => t,
    sleep: async (ms: number) => {
      t += ms;
    },
    advance: (ms: number) => (t += ms),
  };
}

/** `n` turns in a row; the times they were let go at. */
async function turns(pacer: MutationPacer, n: number): Promise<PacerTicket[]> {
  const out: PacerTicket[] = [];
  for (let i = 0; i < n; i++) out.push(await pacer.acquire());
  return out;
}

describe("MutationPacer", () => {
  it("lets calls go at once until the first throttling answer", async () => {
    const clock = fakeClock();
    const pacer = new MutationPacer(clock);
    const tickets = await Promise.all(Array.from({ length: 50 }, () => pacer.acquire()));
    expect(new Set(tickets.map((t) => t.at))).toEqual(new Set([1_000_000]));
    expect(pacer.perSecond).toBe(Number.POSITIVE_INFINITY);
  });

  it("after throttling, goes at 0.9× what got through in the last second, and holds everything for the retry-after", async () => {
    const clock = fakeClock();
    const pacer = new MutationPacer(clock);
    // 20 calls get through over 500 ms, the 21st is throttled with retry-after 400 ms.
    for (const t of await turns(pacer, 20)) {
      pacer.passed(t);
      clock.advance(25);
    }
    const refused = await pacer.acquire();
    pacer.throttled(refused, 400);
    expect(pacer.perSecond).toBe(18);
    const [first, second, third] = await turns(pacer, 3);
    expect(first!.at - refused.at).toBe(400);
    expect(second!.at - first!.at).toBeCloseTo(1000 / 18, 6);
    expect(third!.at - second!.at).toBeCloseTo(1000 / 18, 6);
  });

  it("decreases once per episode: answers to calls let go before the decrease only hold", async () => {
    const clock = fakeClock();
    const pacer = new MutationPacer(clock);
    const early = await turns(pacer, 10);
    for (const t of early.slice(0, 8)) pacer.passed(t);
    pacer.throttled(early[8]!);
    expect(pacer.perSecond).toBeCloseTo(7.2, 6); // 0.9 × 8
    clock.advance(10);
    pacer.throttled(early[9]!, 300); // sent before the decrease: no second cut, but the hold counts
    expect(pacer.perSecond).toBeCloseTo(7.2, 6);
    const [next] = await turns(pacer, 1);
    expect(next!.at).toBe(early[9]!.at + 10 + 300);
    pacer.throttled(next!); // a new episode
    expect(pacer.perSecond).toBeCloseTo(0.9 * 7.2, 6);
  });

  it("recovers slowly: about 1 call/s more per second of calls getting through", async () => {
    const clock = fakeClock();
    const pacer = new MutationPacer(clock, { initialPerSecond: 10 });
    // Ten seconds at the pace: about 10 + 10 = 20 per second by then, not a jump back.
    let seconds = 0;
    const started = clock.now();
    while (clock.now() - started < 10_000) {
      pacer.passed(await pacer.acquire());
      seconds = (clock.now() - started) / 1000;
    }
    expect(seconds).toBeGreaterThanOrEqual(10);
    expect(pacer.perSecond).toBeGreaterThan(18);
    expect(pacer.perSecond).toBeLessThan(22);
  });

  it("a slow caller: the rate does not grow while unused, and a throttle cuts the rate, not the caller's own pace", async () => {
    const clock = fakeClock();
    const pacer = new MutationPacer(clock, { initialPerSecond: 10 });
    // 3 calls a second for 10 s: a third of the rate in use, so no growth (nothing proved).
    for (let i = 0; i < 30; i++) {
      pacer.passed(await pacer.acquire());
      clock.advance(333);
    }
    expect(pacer.perSecond).toBe(10);
    // A throttling answer meanwhile (the account's quota is shared): 0.9 × 10, not 0.9 × 3, so the
    // caller keeps its pace of 3 a second.
    pacer.throttled(await pacer.acquire());
    expect(pacer.perSecond).toBeCloseTo(9, 6);
    clock.advance(1000);
    const paced = await turns(pacer, 2);
    expect(paced[1]!.at - paced[0]!.at).toBeCloseTo(1000 / 9, 6);
  });

  it("never goes below its floor, and a transport failure tells it nothing", async () => {
    const clock = fakeClock();
    const pacer = new MutationPacer(clock, { minPerSecond: 3 });
    for (let i = 0; i < 5; i++) {
      const t = await pacer.acquire();
      clock.advance(1);
      pacer.throttled(t);
    }
    expect(pacer.perSecond).toBe(3);
    const call = pacedCall(pacer, async () => {
      throw new Error("socket hang up");
    });
    await expect(call("AssignPrivateIpAddresses", {})).rejects.toThrow("socket hang up");
    expect(pacer.perSecond).toBe(3);
    const throttled = pacedCall(pacer, async () => {
      throw new CloudApiError({ action: "AssignPrivateIpAddresses", code: "Rejected.Throttling", message: "x", statusCode: 400, retryAfterMs: 5000 });
    });
    const before = clock.now();
    await expect(throttled("AssignPrivateIpAddresses", {})).rejects.toMatchObject({ code: "Rejected.Throttling" });
    const [after] = await turns(pacer, 1);
    expect(after!.at - before).toBeGreaterThanOrEqual(5000);
  });
});

describe("a session's mutations against the emulator's rate limit (real SDK)", () => {
  const emu = useEmulator({ seed: pagingSeed(), faults: { mutationRateLimit: { perSecond: 10, code: "rotate" } } });
  const RETRY = { maxAttempts: 6, maxThrottledAttempts: 40, baseDelayMs: 50, maxDelayMs: 2000, maxElapsedMs: 60_000 };

  /** 60 single-address assigns on 60 ENIs, 8 in flight: 6 s at the limit. */
  async function applyMany(s: CloudSession): Promise<number> {
    const jobs = Array.from({ length: 60 }, (_, i) => ({ eni: `eni-bp1page${String(i + 1).padStart(4, "0")}`, ip: `10.0.8.${i + 10}` }));
    const t0 = Date.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < jobs.length) {
          const job = jobs[next++]!;
          expect(await s.assignPrivateIpAddresses(job.eni, { privateIpAddresses: [job.ip] })).toEqual([job.ip]);
        }
      }),
    );
    const state = new Map(emu().emulator.state().networkInterfaces.map((e) => [e.networkInterfaceId, e.secondaryIpAddresses]));
    for (const job of jobs) expect(state.get(job.eni)).toEqual([job.ip]);
    return Date.now() - t0;
  }

  it("paced: few throttled answers (every code of the rotation), all applied; unpaced: many more", async () => {
    const paced = createCloudSession({ env: emu().env, retry: RETRY });
    const pacedMs = await applyMany(paced);
    const p = paced.stats();
    emu().emulator.reset();
    const unpaced = createCloudSession({ env: emu().env, retry: RETRY, pacing: false });
    await applyMany(unpaced);
    const u = unpaced.stats();
    // Throttled answers are counted apart, by code, and are mutating calls like the others.
    expect(p.mutations).toBe(60 + p.throttled);
    expect(u.mutations).toBe(60 + u.throttled);
    expect(p.throttled).toBeGreaterThan(0); // the limit was met, and the pacer found it
    // Most of the paced run's throttled answers are the first episode: the calls in flight when the
    // limit was first met (the apply bench measures the steady state on 500 calls).
    expect(p.throttled / p.mutations).toBeLessThan(0.25);
    expect(u.throttled).toBeGreaterThan(p.throttled);
    expect(Object.keys(u.byError).sort()).toEqual(["Rejected.Throttling", "Throttling", "Throttling.Api", "Throttling.User"]);
    // At the limit, not far below it: 60 calls at 10/s take 5 s or more (6 s less the first
    // window's burst), and pacing does not slow it down much.
    expect(pacedMs).toBeGreaterThan(4900);
    expect(pacedMs).toBeLessThan(15_000);
  });
});
