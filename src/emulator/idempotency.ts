// ClientToken idempotency (docs/alibaba-api.md): the same token with the same parameters returns
// the first successful result without acting again; with different parameters it is refused with
// IdempotentParameterMismatch. Only successes are remembered, so a request that failed (throttled,
// refused) can be retried with its token. Bounded, oldest dropped first.
import { ApiError } from "./errors";

interface Entry {
  fingerprint: string;
  result: Record<string, unknown>;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 50_000) {}

  /** The remembered result for a replay, undefined for a new token; throws on a mismatch. */
  lookup(action: string, token: string, fingerprint: string): Record<string, unknown> | undefined {
    const entry = this.entries.get(`${action}\u0000${token}`);
    if (!entry) return undefined;
    if (entry.fingerprint !== fingerprint) {
      throw new ApiError(400, "IdempotentParameterMismatch", "The specified parameters are different from before with the same ClientToken.");
    }
    return entry.result;
  }

  remember(action: string, token: string, fingerprint: string, result: Record<string, unknown>): void {
    const key = `${action}\u0000${token}`;
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, result });
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.entries.clear();
  }
}
