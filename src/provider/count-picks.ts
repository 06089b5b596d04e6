// The addresses a count gets. eni-ips picks the lowest free addresses of the vSwitch that no other
// declaration of the run claims and assigns them by address, so a count never steals an address a
// later resource names (the API, asked for a count, picks by itself – possibly an address a later
// declaration of the run names explicitly, which then fails to apply with InvalidIp.IpAssigned).
import { intToIpv4, parseCidr, parseIpv4, pickFreeAddresses } from "../core/address";
import { violation } from "../core/violation";
import type { AccountFacts, EniFacts } from "../core/types";
import { isApiError } from "../cloud/errors";
import * as registry from "./demand-registry";
import { ruleError } from "./failures";
import { cidrOf, eniOf, gatherRun } from "./run-facts";
import type { Target } from "./target";

/** Fresh facts of the target's ENI, as re-validation read them. */
export interface Fresh {
  readonly eni: EniFacts;
  readonly cidrBlock: string;
  readonly facts: AccountFacts;
}

export function freshOf(facts: AccountFacts, eni: EniFacts): Fresh {
  return { eni, facts, cidrBlock: cidrOf(facts, eni) ?? "" };
}

/** API answers meaning "that address is taken" to an explicit assign: pick again. */
const ADDRESS_TAKEN = ["InvalidIp.IpAssigned", "InvalidPrivateIpAddress.Duplicated"] as const;
/** Picks tried before giving up when other actors keep taking the picked addresses. */
const PICK_ATTEMPTS = 4;

/**
 * Free means, in fresh facts: inside the vSwitch CIDR, not reserved (nor inside a prefix reservation), on no ENI of the vSwitch,
 * claimed by no declaration of this process (pending or realized), and not in `avoid` (picks the
 * API refused already). Undefined when the vSwitch is not known (the caller lets the API pick then).
 * The picks are claimed at once, so a parallel create on another ENI of the vSwitch picks around them.
 */
export function pickForCount(t: Target, fresh: Fresh, need: number, avoid: ReadonlySet<string>): string[] | undefined {
  const cidr = fresh.cidrBlock === "" ? undefined : parseCidr(fresh.cidrBlock);
  if (cidr === undefined) return undefined;
  const used = new Set<number>();
  const add = (a: string): void => {
    const n = parseIpv4(a);
    if (n !== undefined) used.add(n);
  };
  // Every ENI the facts know (all members of the vSwitch among them); addresses outside the CIDR
  // never matter to the pick.
  for (const e of fresh.facts.enis) for (const a of e.privateIpAddresses) add(a);
  for (const a of avoid) add(a);
  // Claims of the run are asked address by address (an index lookup), not gathered: the run may be large.
  const taken = { has: (n: number): boolean => used.has(n) || registry.isClaimed(t.region, intToIpv4(n)) };
  // A vSwitch's prefix reservations are kept for IPv4 prefixes: a single address is never picked there.
  const reservations = fresh.facts.vSwitches.find((v) => v.vSwitchId === fresh.eni.vSwitchId)?.cidrReservations ?? [];
  const reserved = reservations.map((r) => parseCidr(r.cidrBlock)).filter((c): c is NonNullable<typeof c> => c !== undefined);
  const picked = pickFreeAddresses(cidr, taken, need, reserved).map(intToIpv4);
  if (picked.length < need) {
    const name = t.inputs.resourceName;
    const detail = { vSwitchId: fresh.eni.vSwitchId, cidrBlock: fresh.cidrBlock, needed: need, free: picked.length, earlier: 0 };
    const subject = { declaration: name, networkInterfaceId: t.eniId };
    throw ruleError(
      violation("vswitch_exhausted", subject, "secondaryPrivateIpAddressCount", t.inputs.secondaryPrivateIpAddressCount, detail),
      "the vSwitch has no free address left that no other declaration of this run claims",
    );
  }
  // No await since the read of the claims: nothing else of this process picked in between.
  registry.reservePicks(t.inputs.resourceName, t.region, picked);
  return picked;
}

/**
 * Assigns `need` picked addresses explicitly; when the API says one was taken meanwhile (by an
 * actor outside this process, or a read that lagged), reads the facts afresh and picks again, a
 * bounded number of times. Reports each attempt's picks through `asking` (what a failure may have
 * assigned), undefined when the API picks.
 */
export async function assignCount(t: Target, need: number, firstPicks: string[] | undefined, asking: (p: string[] | undefined) => void): Promise<string[]> {
  const avoid = new Set<string>();
  let picks = firstPicks;
  for (let attempt = 1; ; attempt++) {
    if (picks === undefined) {
      // No CIDR known for the vSwitch: the API picks (the core warned unknown_vswitch in check).
      asking(undefined);
      return t.session.assignPrivateIpAddresses(t.eniId, { secondaryPrivateIpAddressCount: need });
    }
    asking(picks);
    try {
      return await t.session.assignPrivateIpAddresses(t.eniId, { privateIpAddresses: picks });
    } catch (error) {
      if (!isApiError(error, ...ADDRESS_TAKEN) || attempt >= PICK_ATTEMPTS) throw error;
      // A definite refusal: nothing of this request was assigned.
      for (const a of picks) avoid.add(a);
      asking([]);
      const facts = await gatherRun(t.session, t.region, [t.eniId], [t.eniId]);
      const eni = eniOf(facts, t.eniId);
      if (eni === undefined) throw error;
      picks = pickForCount(t, freshOf(facts, eni), need, avoid);
    }
  }
}
