// Assign and unassign with the safety the API does not give for free: retries of transient failures
// under one ClientToken (the API is idempotent on it), one mutation at a time per ENI, and, when a
// failure leaves the outcome open (lost response, 5xx), a fresh read of the ENI deciding what really
// happened. Absence is only concluded after repeated reads: a describe right after a mutation may lag.
// This is the one place that reads an ENI back after a mutation failed; callers act on the outcome
// it settles (docs/architecture.md, "Retries and idempotency").
import type { EniFacts } from "../core/types";
import { newClientToken } from "./client-token";
import { CloudOutcomeUnknownError, isAmbiguous, isApiError, isStillProcessing } from "./errors";
import { assignedAddresses, assignedPrefixes } from "./mapping";
import { withRetries, type RetryOptions, type RetryRuntime } from "./retry";
import { SerialQueue } from "./serial-queue";
import type { MutationAction, RawBody, RequestFields } from "./transport";
import type { AssignPrefixesRequest, AssignRequest } from "./types";

/**
 * What one kind of mutation moves: private IPv4 addresses, or IPv4 prefixes (aligned /28s). Both go
 * through AssignPrivateIpAddresses / UnassignPrivateIpAddresses, one kind per request, with the same
 * tokens, retries and read-back; only the request fields and where a read shows them differ.
 */
interface ItemKind {
  /** The explicit list's request field, and the count's. */
  readonly listField: "privateIpAddress" | "ipv4Prefix";
  readonly countField: "secondaryPrivateIpAddressCount" | "ipv4PrefixCount";
  /** What a read of the ENI shows of this kind. */
  on(eni: EniFacts): readonly string[];
  /** What an assign's answer says it assigned. */
  assigned(body: RawBody): string[];
  /** Said in errors: "address(es)", "prefix(es)". */
  readonly noun: string;
}

const ADDRESSES: ItemKind = {
  listField: "privateIpAddress",
  countField: "secondaryPrivateIpAddressCount",
  on: (eni) => eni.privateIpAddresses,
  assigned: assignedAddresses,
  noun: "address(es)",
};

const PREFIXES: ItemKind = {
  listField: "ipv4Prefix",
  countField: "ipv4PrefixCount",
  on: (eni) => eni.ipv4Prefixes ?? [],
  assigned: assignedPrefixes,
  noun: "prefix(es)",
};

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
  /** The mutation is over (the session drops the cached reads it made stale): `succeeded` when it
   *  returned, i.e. its outcome is known and is what the API (or a read-back) told us; false when it
   *  threw, definite or not. */
  readonly onSettled?: ((networkInterfaceId: string, succeeded: boolean) => void) | undefined;
}

/**
 * One mutation at a time per ENI inside this process: the API answers Operation.Conflict to
 * overlapping tasks on one ENI, and the read-back assumes nobody in-process moves the ENI between
 * our call and our read. Module-level on purpose: every session (and every Pulumi resource in the
 * one provider process) shares it.
 */
const eniQueue = new SerialQueue();

/** The API refuses a reused token after a failed request: that request certainly did nothing. */
const IDEMPOTENT_FAILED = "IdempotentFailed";
const ALREADY_GONE_IP = "InvalidIp.IpUnassigned";
const ENI_NOT_FOUND = "InvalidEniId.NotFound";

/** Runs one mutation of the ENI in its turn, and tells the session when it is over. */
function exclusive<T>(deps: MutationDeps, eniId: string, task: () => Promise<T>): Promise<T> {
  return eniQueue.run(`${deps.regionId}/${eniId}`, async () => {
    let succeeded = false;
    try {
      const result = await task();
      succeeded = true;
      return result;
    } finally {
      deps.onSettled?.(eniId, succeeded);
    }
  });
}

/** A read-back that could not read: the outcome stays open. */
class ReadBackFailed extends Error {
  constructor(readonly last: EniFacts | undefined, cause: unknown) {
    super("reading the ENI back failed", { cause });
  }
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
    try {
      last = await deps.readEni(eniId);
    } catch (error) {
      throw new ReadBackFailed(last, error);
    }
    const verdict = decided(last);
    if (verdict !== undefined) return { verdict, last };
  }
  return { verdict: undefined, last };
}

/** The outcome of `action` is open: say so, with the ENI as last read. */
function outcomeUnknown(action: "AssignPrivateIpAddresses" | "UnassignPrivateIpAddresses", eniId: string, message: string, cause: unknown, eni: EniFacts | undefined): CloudOutcomeUnknownError {
  return new CloudOutcomeUnknownError({ action, networkInterfaceId: eniId, message, cause, eni });
}

type Wanted = { explicit: string[] } | { count: number };

function validateCount(count: number, field: string): Wanted {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`${field} must be a non-negative integer, got ${String(count)}`);
  return { count };
}

function validateAssign(request: AssignRequest): Wanted {
  if ("privateIpAddresses" in request) return { explicit: [...new Set(request.privateIpAddresses)] };
  return validateCount(request.secondaryPrivateIpAddressCount, "secondaryPrivateIpAddressCount");
}

export function assignPrivateIpAddresses(deps: MutationDeps, eniId: string, request: AssignRequest): Promise<string[]> {
  return assignItems(deps, ADDRESSES, eniId, validateAssign(request));
}

/** Assigns IPv4 prefixes (Ipv4Prefix.N or Ipv4PrefixCount) with the guarantees of an address assign. */
export function assignIpv4Prefixes(deps: MutationDeps, eniId: string, request: AssignPrefixesRequest): Promise<string[]> {
  const wanted = "ipv4Prefixes" in request ? { explicit: [...new Set(request.ipv4Prefixes)] } : validateCount(request.ipv4PrefixCount, "ipv4PrefixCount");
  return assignItems(deps, PREFIXES, eniId, wanted);
}

async function assignItems(deps: MutationDeps, kind: ItemKind, eniId: string, wanted: Wanted): Promise<string[]> {
  if ("explicit" in wanted ? wanted.explicit.length === 0 : wanted.count === 0) return [];
  return exclusive(deps, eniId, async () => {
    // For a count, what is present before the call is what a read-back compares against.
    const read = "count" in wanted ? await deps.readEni(eniId) : undefined;
    const before = new Set(read === undefined ? [] : kind.on(read));
    if ("explicit" in wanted) deps.onAssignStart?.(eniId, wanted.explicit);
    const attempt = { ambiguous: false };
    try {
      const addresses = await assignWithRetries(deps, kind, eniId, wanted, before, attempt);
      deps.onAssigned(eniId, addresses);
      return addresses;
    } catch (error) {
      // A definite failure changed nothing. After an ambiguous attempt even a later definite error
      // (e.g. InvalidIp.IpAssigned: our own lost request took the address) needs the read-back.
      if (!attempt.ambiguous) throw error;
      const settled = await settleAssign(deps, kind, eniId, wanted, before, error);
      deps.onAssigned(eniId, settled);
      return settled;
    }
  });
}

/**
 * The assign call under retries, one ClientToken for all attempts of one request (IdempotentProcessing
 * included: the API is still running a request with it, so we wait and ask again with it). After
 * IdempotentFailed the token is burnt: its request failed on the server. When an earlier attempt may
 * have taken effect all the same, the ENI is read first, and what it shows settles the request; else
 * the request goes again at once, under a new token. `attempt.ambiguous` says whether an attempt may
 * have taken effect without our seeing its answer.
 */
async function assignWithRetries(deps: MutationDeps, kind: ItemKind, eniId: string, wanted: Wanted, before: ReadonlySet<string>, attempt: { ambiguous: boolean }): Promise<string[]> {
  let token = newClientToken();
  const send = async (): Promise<string[]> => {
    try {
      const body = await deps.call("AssignPrivateIpAddresses", {
        regionId: deps.regionId,
        networkInterfaceId: eniId,
        clientToken: token,
        ...("explicit" in wanted ? { [kind.listField]: wanted.explicit } : { [kind.countField]: wanted.count }),
      });
      const assigned = kind.assigned(body);
      // Older API versions answered with RequestId only; explicit items are then what we asked.
      return assigned.length === 0 && "explicit" in wanted ? [...wanted.explicit] : assigned;
    } catch (error) {
      if (isAmbiguous(error)) attempt.ambiguous = true;
      throw error;
    }
  };
  return withRetries(
    async () => {
      try {
        return await send();
      } catch (error) {
        if (!isApiError(error, IDEMPOTENT_FAILED)) throw error;
        if (attempt.ambiguous) {
          const there = await alreadyAssigned(deps, kind, eniId, wanted, before);
          if (there !== undefined) return there;
        }
        attempt.ambiguous = false;
        token = newClientToken();
        return send();
      }
    },
    { retry: deps.retry, runtime: deps.runtime },
  );
}

/** One fresh read after IdempotentFailed: the items our earlier attempts did assign, if they did. */
async function alreadyAssigned(deps: MutationDeps, kind: ItemKind, eniId: string, wanted: Wanted, before: ReadonlySet<string>): Promise<string[] | undefined> {
  const eni = await deps.readEni(eniId);
  if (eni === undefined) return undefined;
  const verdict = "explicit" in wanted ? explicitVerdict(kind, eni, wanted.explicit) : countVerdict(kind, eni, wanted.count, before);
  return Array.isArray(verdict) ? verdict : undefined;
}

/** All the wanted items on the ENI: they are there; else undecided. */
function explicitVerdict(kind: ItemKind, eni: EniFacts | undefined, wanted: readonly string[]): string[] | "absent" | undefined {
  if (eni === undefined) return "absent";
  const present = new Set(kind.on(eni));
  return wanted.every((a) => present.has(a)) ? [...wanted] : undefined;
}

/** Exactly `count` new items: those; some other number of new ones: "other"; none: undecided. */
function countVerdict(kind: ItemKind, eni: EniFacts | undefined, count: number, before: ReadonlySet<string>): string[] | "absent" | "other" | undefined {
  if (eni === undefined) return "absent";
  const added = kind.on(eni).filter((a) => !before.has(a));
  if (added.length === count) return added;
  return added.length > 0 ? "other" : undefined;
}

/** After an ambiguous assign: the addresses it did assign, or the original error when it did nothing. */
async function settleAssign(deps: MutationDeps, kind: ItemKind, eniId: string, wanted: Wanted, before: ReadonlySet<string>, error: unknown): Promise<string[]> {
  let settled: Settled;
  try {
    settled = "explicit" in wanted ? await settleExplicit(deps, kind, eniId, wanted.explicit) : await settleCount(deps, kind, eniId, wanted.count, before);
  } catch (readError) {
    if (!(readError instanceof ReadBackFailed)) throw readError;
    throw outcomeUnknown("AssignPrivateIpAddresses", eniId, "the request may have taken effect and the ENI could not be read back; check the ENI before retrying", error, readError.last);
  }
  // A request of ours still running may yet take effect: its absence now proves nothing.
  if (settled.verdict === "absent" && isStillProcessing(error)) {
    throw outcomeUnknown("AssignPrivateIpAddresses", eniId, "the API was still running the request when our retries ran out; check the ENI before retrying", error, settled.last);
  }
  if (settled.verdict === "absent") throw error;
  if (settled.verdict === "unknown") {
    throw outcomeUnknown("AssignPrivateIpAddresses", eniId, "the request may have taken effect and reading the ENI back did not settle it; check the ENI before retrying", error, settled.last);
  }
  return settled.verdict;
}

interface Settled {
  readonly verdict: string[] | "absent" | "unknown";
  readonly last: EniFacts | undefined;
}

async function settleExplicit(deps: MutationDeps, kind: ItemKind, eniId: string, wanted: readonly string[]): Promise<Settled> {
  const { verdict, last } = await readBack(deps, eniId, (eni) => explicitVerdict(kind, eni, wanted));
  // Still not all there after repeated reads: the assign did not happen (it is all-or-nothing).
  return { verdict: verdict ?? "absent", last };
}

async function settleCount(deps: MutationDeps, kind: ItemKind, eniId: string, count: number, before: ReadonlySet<string>): Promise<Settled> {
  let sawOther = false;
  const { verdict, last } = await readBack(deps, eniId, (eni) => {
    const v = countVerdict(kind, eni, count, before);
    if (v !== "other") return v;
    sawOther = true;
    return undefined;
  });
  // Some new addresses but not our count: someone else moved the ENI too; we cannot tell ours apart.
  return { verdict: verdict ?? (sawOther ? "unknown" : "absent"), last };
}

export function unassignPrivateIpAddresses(deps: MutationDeps, eniId: string, addresses: readonly string[]): Promise<void> {
  return unassignItems(deps, ADDRESSES, eniId, addresses);
}

/** Releases IPv4 prefixes; prefixes or ENIs already gone count as released, as for addresses. */
export function unassignIpv4Prefixes(deps: MutationDeps, eniId: string, prefixes: readonly string[]): Promise<void> {
  return unassignItems(deps, PREFIXES, eniId, prefixes);
}

async function unassignItems(deps: MutationDeps, kind: ItemKind, eniId: string, items: readonly string[]): Promise<void> {
  const unique = [...new Set(items)];
  if (unique.length === 0) return;
  await exclusive(deps, eniId, async () => {
    try {
      await unassignInRounds(deps, kind, eniId, unique);
    } catch (error) {
      if (!(error instanceof ReadBackFailed)) throw error;
      throw outcomeUnknown("UnassignPrivateIpAddresses", eniId, "the request may have taken effect and the ENI could not be read back", error.cause, error.last);
    }
  });
}

async function unassignInRounds(deps: MutationDeps, kind: ItemKind, eniId: string, unique: readonly string[]): Promise<void> {
  let remaining = unique;
  let last: EniFacts | undefined;
  const MAX_ROUNDS = 4;
  for (let round = 0; round < MAX_ROUNDS && remaining.length > 0; round++) {
    const outcome = await unassignOnce(deps, kind, eniId, remaining);
    if (outcome === "done") return;
    const seen = await stillPresent(deps, kind, eniId, remaining);
    last = seen.eni;
    deps.onUnassigned(eniId, remaining.filter((a) => !seen.left.includes(a)));
    if (seen.left.length === remaining.length && remaining.length > 1) {
      // The read contradicts the API's "not assigned": ask address by address, each answer is
      // then about exactly one address.
      for (const a of remaining) await unassignSingle(deps, kind, eniId, a);
      return;
    }
    remaining = seen.left;
  }
  if (remaining.length > 0) {
    throw outcomeUnknown("UnassignPrivateIpAddresses", eniId, `${remaining.length} ${kind.noun} still appear on the ENI after repeated attempts: ${remaining.join(", ")}`, undefined, last);
  }
}

/** "done": all released; "check": read the ENI and retry what is still there. */
async function unassignOnce(deps: MutationDeps, kind: ItemKind, eniId: string, remaining: readonly string[]): Promise<"done" | "check"> {
  let ambiguous = false;
  try {
    await withRetries(
      async () => {
        try {
          return await deps.call("UnassignPrivateIpAddresses", { regionId: deps.regionId, networkInterfaceId: eniId, [kind.listField]: [...remaining] });
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
    // Gone already counts as released (the way Terway treats these codes).
    const gone = isApiError(error, ENI_NOT_FOUND) || (isApiError(error, ALREADY_GONE_IP) && remaining.length === 1);
    if (gone) {
      deps.onUnassigned(eniId, remaining);
      return "done";
    }
    if (isApiError(error, ALREADY_GONE_IP) || ambiguous) return "check";
    throw error;
  }
}

async function unassignSingle(deps: MutationDeps, kind: ItemKind, eniId: string, address: string): Promise<void> {
  const outcome = await unassignOnce(deps, kind, eniId, [address]);
  if (outcome === "check") {
    const seen = await stillPresent(deps, kind, eniId, [address]);
    if (seen.left.length > 0) throw outcomeUnknown("UnassignPrivateIpAddresses", eniId, `${address} may still be assigned`, undefined, seen.eni);
    deps.onUnassigned(eniId, [address]);
  }
}

/** Which of `addresses` a fresh read still shows on the ENI (none when the ENI is gone). */
async function stillPresent(deps: MutationDeps, kind: ItemKind, eniId: string, addresses: readonly string[]): Promise<{ left: string[]; eni: EniFacts | undefined }> {
  let eni: EniFacts | undefined;
  try {
    eni = await deps.readEni(eniId);
  } catch (error) {
    throw new ReadBackFailed(undefined, error);
  }
  if (eni === undefined) return { left: [], eni };
  const present = new Set(kind.on(eni));
  return { left: addresses.filter((a) => present.has(a)), eni };
}
