// Fault injection: everything that makes the real API hard to call correctly (throttling, 5xx,
// latency, lost responses, busy ENIs, stale reads, rate limits), decided by a seeded PRNG so a
// failing run can be replayed exactly.
import { ApiError, throttling } from "./errors";
import { THROTTLING_CODES, validateFaults } from "./fault-config";
import type { ScriptOutcome } from "./invocations";
import type { ActionFaults, FaultConfig, FaultRule, ThrottlingCodeChoice } from "./types";

/** Default when neither the rule nor `throttlingCode` names one: the code ECS documents. */
export const DEFAULT_THROTTLING_CODE = "Throttling";

/** mulberry32: tiny, fast, good enough for fault dice. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultEngine {
  private config: FaultConfig = {};
  private random: () => number = prng(1);
  /** How many times each rule has fired, keyed "action/kind". */
  private readonly fired = new Map<string, number>();
  private readonly busyUntil = new Map<string, number>();
  private readonly hidden = new Map<string, { ips: Set<string>; remaining: number }>();
  private mutationTimes: number[] = [];
  /** Next code of the "rotate" mode: each throttled answer takes the next one in THROTTLING_CODES. */
  private rotation = 0;

  constructor(config: FaultConfig | undefined) {
    this.set(config);
  }

  set(config: FaultConfig | undefined): void {
    this.config = validateFaults(config);
    this.random = prng(this.config.seed ?? 1);
    this.fired.clear();
    this.busyUntil.clear();
    this.hidden.clear();
    this.mutationTimes = [];
    this.rotation = 0;
  }

  private throttlingCode(choice: ThrottlingCodeChoice | undefined): string {
    const c = choice ?? this.config.throttlingCode ?? DEFAULT_THROTTLING_CODE;
    if (c !== "rotate") return c;
    return THROTTLING_CODES[this.rotation++ % THROTTLING_CODES.length] as string;
  }

  get(): FaultConfig {
    return structuredClone(this.config);
  }

  private rulesFor(action: string): ActionFaults[] {
    const a = this.config.actions;
    if (!a) return [];
    return [a[action], a["*"]].filter((r): r is ActionFaults => r !== undefined);
  }

  private fires(key: string, rule: FaultRule | undefined): boolean {
    if (!rule) return false;
    const count = this.fired.get(key) ?? 0;
    if (rule.times !== undefined && count >= rule.times) return false;
    const p = rule.probability ?? 1;
    if (p < 1 && this.random() >= p) return false;
    this.fired.set(key, count + 1);
    return true;
  }

  latencyMs(action: string): number {
    return this.rulesFor(action).reduce((ms, r) => Math.max(ms, r.latencyMs ?? 0), 0);
  }

  /** Throws the injected gateway error for this call, if any (before the action runs). */
  beforeAction(action: string, mutation: boolean, now: number): void {
    if (mutation && this.config.mutationRateLimit) {
      const windowStart = now - 1000;
      this.mutationTimes = this.mutationTimes.filter((t) => t > windowStart);
      if (this.mutationTimes.length >= this.config.mutationRateLimit.perSecond) {
        const oldest = this.mutationTimes[0] ?? now;
        throw throttling(oldest + 1000 - now, this.throttlingCode(this.config.mutationRateLimit.code));
      }
      this.mutationTimes.push(now);
    }
    for (const [i, rule] of this.rulesFor(action).entries()) {
      const scope = i === 0 && this.config.actions?.[action] ? action : "*";
      if (this.fires(`${scope}/throttling`, rule.throttling)) throw throttling(rule.throttling?.retryAfterMs, this.throttlingCode(rule.throttling?.code));
      if (this.fires(`${scope}/serverError`, rule.serverError)) {
        const code = rule.serverError?.code ?? "InternalError";
        throw code === "ServiceUnavailable"
          ? new ApiError(503, "ServiceUnavailable", "The request has failed due to a temporary failure of the server.")
          : new ApiError(500, "InternalError", "The request processing has failed due to some unknown error, exception or failure.");
      }
    }
  }

  /** Operation.Conflict when the ENI is busy; otherwise marks it busy for the configured window. */
  enterMutation(networkInterfaceId: string, now: number): void {
    const c = this.config.conflict;
    if (!c) return;
    const until = this.busyUntil.get(networkInterfaceId);
    // `times` alone: the next N mutations conflict, whatever the timing (deterministic tests).
    const rule = c.probability === undefined && c.times === undefined ? undefined : { ...(c.probability !== undefined ? { probability: c.probability } : {}), ...(c.times !== undefined ? { times: c.times } : {}) };
    const busy = (until !== undefined && until > now) || this.fires("conflict", rule);
    if (busy) throw new ApiError(403, "Operation.Conflict", "The operation conflicts with another operation on the specified network interface (ecs task is conflicted).");
    if (c.busyMs !== undefined && c.busyMs > 0) this.busyUntil.set(networkInterfaceId, now + c.busyMs);
  }

  /** The per-ENI fault state now, and a function that puts it back (for a rolled-back mutation). */
  checkpoint(networkInterfaceId: string): () => void {
    const busy = this.busyUntil.get(networkInterfaceId);
    const hidden = this.hidden.get(networkInterfaceId);
    const saved = hidden && { ips: new Set(hidden.ips), remaining: hidden.remaining };
    return () => {
      if (busy === undefined) this.busyUntil.delete(networkInterfaceId);
      else this.busyUntil.set(networkInterfaceId, busy);
      if (saved === undefined) this.hidden.delete(networkInterfaceId);
      else this.hidden.set(networkInterfaceId, saved);
    };
  }

  /** After a committed mutation: should the response be dropped (socket destroyed)? */
  loseResponse(action: string): boolean {
    for (const [i, rule] of this.rulesFor(action).entries()) {
      const scope = i === 0 && this.config.actions?.[action] ? action : "*";
      if (this.fires(`${scope}/responseLost`, rule.responseLost)) return true;
    }
    return false;
  }

  /** How a script on this instance ends: the first outcome rule that matches and fires, else Success. */
  commandOutcome(instanceId: string, content: string): ScriptOutcome {
    for (const [i, rule] of (this.config.commands?.outcomes ?? []).entries()) {
      if (rule.instanceId !== undefined && rule.instanceId !== instanceId) continue;
      if (rule.contains !== undefined && !content.includes(rule.contains)) continue;
      if (!this.fires(`commands/${i}`, rule)) continue;
      return { status: rule.status ?? "Failed", output: rule.output ?? "", ...(rule.exitCode !== undefined ? { exitCode: rule.exitCode } : {}) };
    }
    return { status: "Success", output: "" };
  }

  /** Newly assigned addresses stay invisible to the next N describes of the ENI. */
  hideNew(networkInterfaceId: string, ips: readonly string[]): void {
    const n = this.config.staleReads?.describes ?? 0;
    if (n <= 0 || ips.length === 0) return;
    const entry = this.hidden.get(networkInterfaceId);
    if (entry) {
      for (const ip of ips) entry.ips.add(ip);
      entry.remaining = n;
    } else {
      this.hidden.set(networkInterfaceId, { ips: new Set(ips), remaining: n });
    }
  }

  /** Addresses to hide from this describe of the ENI; each call uses one of the N. */
  takeHidden(networkInterfaceId: string): ReadonlySet<string> | undefined {
    const entry = this.hidden.get(networkInterfaceId);
    if (!entry) return undefined;
    entry.remaining--;
    if (entry.remaining <= 0) this.hidden.delete(networkInterfaceId);
    return entry.ips;
  }

  /** Unassigned addresses must not reappear when the hiding ends. */
  forget(networkInterfaceId: string, ips: readonly string[]): void {
    const entry = this.hidden.get(networkInterfaceId);
    if (entry) for (const ip of ips) entry.ips.delete(ip);
  }
}
