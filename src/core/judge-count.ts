// Rule 7 and a count's demand: the count is a whole number of at least 1 (and exact: not beyond
// 2^53 - 1); on update only the addresses it does not own yet are new.
import { NONE, type Asked, type EniTarget, type RunView } from "./judgement";
import { UNKNOWN, type Declaration, type InvalidCountReason } from "./types";
import { violation } from "./violation";

export function invalidCountReason(value: unknown): InvalidCountReason | undefined {
  if (typeof value !== "number") return "not_a_number";
  if (!Number.isFinite(value)) return "not_finite";
  if (!Number.isInteger(value)) return "not_whole";
  if (value < 1) return "below_one";
  if (!Number.isSafeInteger(value)) return "too_large";
  return undefined;
}

/**
 * `hasList`: a list is given too (rule 6 fails it); the count is still judged, but asks for nothing.
 * `owned`: the declaration's owned addresses, parsed.
 */
export function judgeCount(run: RunView, d: Declaration, target: EniTarget, owned: ReadonlySet<number>, hasList: boolean): Asked {
  const count = d.secondaryPrivateIpAddressCount;
  if (count === UNKNOWN) return { violations: NONE, demand: undefined, unknown: "secondaryPrivateIpAddressCount" };
  const reason = invalidCountReason(count);
  if (reason !== undefined) {
    return { violations: [violation("invalid_count", target, "secondaryPrivateIpAddressCount", count, { reason })], demand: undefined };
  }
  if (hasList) return { violations: NONE, demand: undefined };
  // On update the declaration already owns some addresses; only the rest is new. Owned addresses no
  // longer on the ENI (drift) must be assigned again, so only those still on it are subtracted.
  let ownedHere = owned.size;
  const eni = target.eni;
  if (eni !== undefined) {
    ownedHere = 0;
    for (const a of d.ownedAddresses ?? []) if (run.facts.eniHas(eni, a)) ownedHere++;
  }
  return { violations: NONE, demand: Math.max(0, (count as number) - ownedHere) };
}
