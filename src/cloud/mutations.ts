// Assign and unassign with the safety the API does not give for free: retries of transient failures
// under one ClientToken (the API is idempotent on it), one mutation at a time per ENI, and, when a
// failure leaves the outcome open (lost response, 5xx), a fresh read of the ENI deciding what really
// happened. Absence is only concluded after repeated reads: a describe right after a mutation may lag.
import type { EniFacts } from "../core/types";
import { newClientToken } from "./client-token";
import { runExclusive } from "./eni-queue";
import { CloudApiError, CloudOutcomeUnknownError, isAmbiguous, isRetryable } from "./errors";
import { assignedAddresses } from "./mapping";
import { withRetries, type RetryOptions, type RetryRuntime } from "./retry";
import type { MutationAction, RawBody, RequestFields } from "./transport";
import type { AssignRequest } from "./types";

export interface MutationDeps {
  readonly regionId: string;
  /** One attempt, counted in stats; throws typed errors. */
  readonly call: (action: MutationAction, request: RequestFields) => Promise<RawBody>;
  /** A fresh read of the ENI (retrying transient errors), corrected by our confirmed outcomes. */
  readonly readEni: (networkInterfaceId: string) => Promise<EniFacts | undefined>;
  readonly retry?: RetryOptions | undefined;
  readonly runtime: RetryRuntime;
  /** Reads before concluding "absent" after an ambiguous failure. Default 3. */
  readonly readBackAttempts?: number | undefined;
  /** Wait between those reads, doubling. Default 250 ms. */
  readonly readBackDelayMs?: number | undefined;
  readonly onAssigned: (networkInterfaceId: string, addresses: readonly string[]) => void;
  readonly onUnassigned: (networkInterfaceId: string, addresses: readonly string[]) => void;
  /** An assign of these addresses starts: earlier "released" outcomes for them no longer hold. */
  readonly onAssignStart?: ((networkInterfaceId: string, addresses: readonly string[]) => void) | undefined;
}

/** The API refuses a reused token after a failed request: that request certainly did nothing. */
const IDEMPOTENT_FAILED = "IdempotentFailed";
const ALREADY_GONE_IP = "InvalidIp.IpUnassigned";
const ENI_NOT_FOUND = "InvalidEniId.NotFound";

function hasCode(error: unknown, code: string): boolean {
  return error instanceof CloudApiError && error.code === code;
}

function queueKey(deps: MutationDeps, eniId: string): string {
  return `${deps.regionId}/${eniId}`;
}

/** Reads the ENI until `decided` returns a verdict or the read budget is spent. */
async function readBack<T>(deps: MutationDeps, eniId: string, decided: (eni: EniFacts | undefined) => T | undefined): Promise<{ verdict: T | undefined; last: EniFacts | undefined }> {
  const attempts = Math.max(1, deps.readBackAttempts ?? 3);
  let delay = deps.readBackDelayMs ?? 250;
  let last: EniFacts | undefined;
  for (let i = 0; i < attempts; i++) {
    if (i > 0) {
      await deps.runtime.sleep(delay);
      delay *= 2;
    }
    last = await deps.readEni(eniId);
    const verdict = decided(last);
    if (verdict !== undefined) return { verdict, last };
  }
  return { verdict: undefined, last };
}

function validateAssign(request: AssignRequest): { explicit: string[] } | { count: number } {
  if ("privateIpAddresses" in request) {
    return { explicit: [...new Set(request.privateIpAddresses)] };
  }
  const count = request.secondaryPrivateIpAddressCount;
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`secondaryPrivateIpAddressCount must be a non-negative integer, got ${String(count)}`);
  return { count };
}

export async function assignPrivateIpAddresses(deps: MutationDeps, eniId: string, request: AssignRequest): Promise<string[]> {
  const wanted = validateAssign(request);
  if ("explicit" in wanted ? wanted.explicit.length === 0 : wanted.count === 0) return [];
  return runExclusive(queueKey(deps, eniId), async () => {
    // For a count, the addresses present before the call are what a read-back compares against.
    const before = "count" in wanted ? new Set((await deps.readEni(eniId))?.privateIpAddresses ?? []) : undefined;
    if ("explicit" in wanted) deps.onAssignStart?.(eniId, wanted.explicit);
    let token = newClientToken();
    let ambiguous = false;
    try {
      const body = await withRetries(
        async () => {
          try {
            return await deps.call("AssignPrivateIpAddresses", {
              regionId: deps.regionId,
              networkInterfaceId: eniId,
              clientToken: token,
              ...("explicit" in wanted ? { privateIpAddress: wanted.explicit } : { secondaryPrivateIpAddressCount: wanted.count }),
            });
          } catch (error) {
            if (hasCode(error, IDEMPOTENT_FAILED)) {
              // Every earlier attempt used this token and the API says that request failed: nothing
              // happened, so a new token is safe and the earlier ambiguity is settled.
              ambiguous = false;
              token = newClientToken();
            } else if (isAmbiguous(error)) {
              ambiguous = true;
            }
            throw error;
          }
        },
        { retry: deps.retry, runtime: deps.runtime, shouldRetry: (e) => isRetryable(e) || hasCode(e, IDEMPOTENT_FAILED) },
      );
      let addresses = assignedAddresses(body);
      // Older API versions answered with RequestId only; explicit addresses are then what we asked.
      if (addresses.length === 0 && "explicit" in wanted) addresses = wanted.explicit;
      deps.onAssigned(eniId, addresses);
      return addresses;
    } catch (error) {
      // A definite failure changed nothing. After an ambiguous attempt even a later definite error
      // (e.g. InvalidIp.IpAssigned: our own lost request took the address) needs the read-back.
      if (!ambiguous) throw error;
      const settled = "explicit" in wanted ? await settleExplicit(deps, eniId, wanted.explicit) : await settleCount(deps, eniId, wanted.count, before ?? new Set());
      if (settled === "absent") throw error;
      if (settled === "unknown") {
        throw new CloudOutcomeUnknownError({
          action: "AssignPrivateIpAddresses",
          networkInterfaceId: eniId,
          message: "the request may have taken effect and reading the ENI back did not settle it; check the ENI before retrying",
          cause: error,
        });
      }
      deps.onAssigned(eniId, settled);
      return settled;
    }
  });
}

async function settleExplicit(deps: MutationDeps, eniId: string, wanted: readonly string[]): Promise<string[] | "absent" | "unknown"> {
  const { verdict } = await readBack(deps, eniId, (eni) => {
    if (eni === undefined) return "absent" as const;
    const present = new Set(eni.privateIpAddresses);
    return wanted.every((a) => present.has(a)) ? [...wanted] : undefined;
  });
  // Still not all there after repeated reads: the assign did not happen (it is all-or-nothing).
  return verdict ?? "absent";
}

async function settleCount(deps: MutationDeps, eniId: string, count: number, before: ReadonlySet<string>): Promise<string[] | "absent" | "unknown"> {
  let sawOther = false;
  const { verdict } = await readBack(deps, eniId, (eni) => {
    if (eni === undefined) return "absent" as const;
    const added = eni.privateIpAddresses.filter((a) => !before.has(a));
    if (added.length === count) return added;
    if (added.length > 0) sawOther = true;
    return undefined;
  });
  if (verdict !== undefined) return verdict;
  // Some new addresses but not our count: someone else moved the ENI too; we cannot tell ours apart.
  return sawOther ? "unknown" : "absent";
}

export async function unassignPrivateIpAddresses(deps: MutationDeps, eniId: string, addresses: readonly string[]): Promise<void> {
  const unique = [...new Set(addresses)];
  if (unique.length === 0) return;
  await runExclusive(queueKey(deps, eniId), async () => {
    let remaining = unique;
    const MAX_ROUNDS = 4;
    for (let round = 0; round < MAX_ROUNDS && remaining.length > 0; round++) {
      const outcome = await unassignOnce(deps, eniId, remaining);
      if (outcome === "done") return;
      if (outcome === "check") {
        const left = await stillPresent(deps, eniId, remaining);
        deps.onUnassigned(eniId, remaining.filter((a) => !left.includes(a)));
        if (left.length === remaining.length && remaining.length > 1) {
          // The read contradicts the API's "not assigned": ask address by address, each answer is
          // then about exactly one address.
          for (const a of remaining) await unassignSingle(deps, eniId, a);
          return;
        }
        remaining = left;
      }
    }
    if (remaining.length > 0) {
      throw new CloudOutcomeUnknownError({
        action: "UnassignPrivateIpAddresses",
        networkInterfaceId: eniId,
        message: `${remaining.length} address(es) still appear on the ENI after repeated attempts: ${remaining.join(", ")}`,
      });
    }
  });
}

/** "done": all released; "check": read the ENI and retry what is still there. */
async function unassignOnce(deps: MutationDeps, eniId: string, remaining: readonly string[]): Promise<"done" | "check"> {
  let ambiguous = false;
  try {
    await withRetries(
      async () => {
        try {
          return await deps.call("UnassignPrivateIpAddresses", { regionId: deps.regionId, networkInterfaceId: eniId, privateIpAddress: [...remaining] });
        } catch (error) {
          if (isAmbiguous(error)) ambiguous = true;
          throw error;
        }
      },
      { retry: deps.retry, runtime: deps.runtime },
    );
    deps.onUnassigned(eniId, remaining);
    return "done";
  } catch (error) {
    if (hasCode(error, ENI_NOT_FOUND)) {
      deps.onUnassigned(eniId, remaining);
      return "done";
    }
    if (hasCode(error, ALREADY_GONE_IP)) {
      if (remaining.length === 1) {
        deps.onUnassigned(eniId, remaining);
        return "done";
      }
      return "check";
    }
    if (ambiguous) return "check";
    throw error;
  }
}

async function unassignSingle(deps: MutationDeps, eniId: string, address: string): Promise<void> {
  const outcome = await unassignOnce(deps, eniId, [address]);
  if (outcome === "check") {
    const left = await stillPresent(deps, eniId, [address]);
    if (left.length > 0) {
      throw new CloudOutcomeUnknownError({ action: "UnassignPrivateIpAddresses", networkInterfaceId: eniId, message: `${address} may still be assigned` });
    }
    deps.onUnassigned(eniId, [address]);
  }
}

/** Which of `addresses` a fresh read still shows on the ENI (none when the ENI is gone). */
async function stillPresent(deps: MutationDeps, eniId: string, addresses: readonly string[]): Promise<string[]> {
  const eni = await deps.readEni(eniId);
  if (eni === undefined) return [];
  const present = new Set(eni.privateIpAddresses);
  return addresses.filter((a) => present.has(a));
}
