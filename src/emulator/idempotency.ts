// ClientToken idempotency as the cloud does it (docs/alibaba-api.md). A token is registered
// when its request reaches the service. Success: the same token with the same parameters returns the
// first result without acting again. Failure in the service: the token is burnt, and a retry with it
// answers IdempotentFailed (the caller must take a new token). While the first request runs, a
// retry answers IdempotentProcessing. Other parameters with a known token: IdempotentParameterMismatch.
// Requests refused before the service (signature, permission, throttling) never register the token.
// Bounded, oldest dropped first.
import { ApiError } from "./errors";

type Outcome = { kind: "processing" } | { kind: "failed" } | { kind: "done"; result: Record<string, unknown> };

interface Entry {
  fingerprint: string;
  outcome: Outcome;
}

export class IdempotencyStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly capacity = 50_000) {}

  /**
   * A new token starts processing (undefined is returned); a known one returns the remembered result
   * or throws what the cloud answers.
   */
  begin(action: string, token: string, fingerprint: string): Record<string, unknown> | undefined {
    const key = `${action}\u0000${token}`;
    const entry = this.entries.get(key);
    if (!entry) {
      this.entries.set(key, { fingerprint, outcome: { kind: "processing" } });
      this.evict();
      return undefined;
    }
    if (entry.fingerprint !== fingerprint) {
      throw new ApiError(400, "IdempotentParameterMismatch", "The specified parameters are different from before with the same ClientToken.");
    }
    switch (entry.outcome.kind) {
      case "done":
        return entry.outcome.result;
      case "processing":
        throw new ApiError(403, "IdempotentProcessing", "The previous idempotent request(s) is still processing.");
      case "failed":
        throw new ApiError(400, "IdempotentFailed", "The previous idempotent request(s) has failed.");
    }
  }

  succeed(action: string, token: string, result: Record<string, unknown>): void {
    this.settle(action, token, { kind: "done", result });
  }

  /** The service failed the request: the token is burnt. */
  fail(action: string, token: string): void {
    this.settle(action, token, { kind: "failed" });
  }

  /** The request never counted (refused before the service, or rolled back): forget the token. */
  abandon(action: string, token: string): void {
    this.entries.delete(`${action}\u0000${token}`);
  }

  clear(): void {
    this.entries.clear();
  }

  private settle(action: string, token: string, outcome: Outcome): void {
    const entry = this.entries.get(`${action}\u0000${token}`);
    if (entry) entry.outcome = outcome;
  }

  private evict(): void {
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }
}
