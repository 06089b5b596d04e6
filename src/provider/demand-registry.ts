// The run's declarations as the provider host sees them, by resource name. Two kinds of entry,
// kept apart because they live and die differently:
// - realized ownership: the addresses a resource owns on its ENI now (from create/update/read
//   outputs, or, before any of those in this process, from the old inputs check is given). It stays
//   until the resource is deleted or reports new outputs; a failed check of the resource must not
//   drop it, or another declaration could adopt an address this one still owns.
// - pending demand: the declaration of a check that passed and has not been applied yet. A failed
//   check drops it, a re-check replaces it, create/update turn it into realized ownership.
// Later checks (and create/update re-validation) count both (docs/architecture.md, "Run demand and
// ownership"): pending demand as new demand, realized ownership as claimed addresses already on the
// ENI (no new demand, no double count), so no address can be declared, adopted or picked by two
// resources of one run. The region's run ledger (region-runs.ts) holds the same entries as
// records, which checks are judged against; every change goes through here, so the two agree.
import type { Judgement } from "../core/judgement";
import type { Declaration, LimitOverrides } from "../core/types";
import { ADDRESSES, type ResourceKind } from "./kind";
import { clearRegionRuns, existingRegionRun, regionRun } from "./region-runs";

interface Realized {
  /** Addresses or prefixes (the entry's name is the kind's registry key). */
  readonly kind: ResourceKind;
  readonly regionId: string;
  readonly networkInterfaceId: string;
  readonly owned: readonly string[];
  readonly limits?: LimitOverrides | undefined;
}

interface Pending {
  readonly regionId: string;
  readonly declaration: Declaration;
}

interface Entry {
  realized?: Realized;
  pending?: Pending;
}

const entries = new Map<string, Entry>();

// Indexes kept in step with `entries` and `picking`, so the questions an apply asks cost what the
// ENI or the address involves, not the size of the run: every change to one resource's entry goes
// through changing(), which moves that resource's claims in the counts; setRealized() files its
// ownership under its ENI.
/** Region -> address -> how many claims (realized, pending lists, picks) name it. */
const claimCounts = new Map<string, Map<string, number>>();
/** Region and ENI -> names of the resources owning addresses there (realized). */
const ownersByEni = new Map<string, Set<string>>();

const eniKey = (regionId: string, networkInterfaceId: string): string => `${regionId}\u0000${networkInterfaceId}`;

/** The addresses a resource claims now, by region (its realized ownership, pending list and picks). */
function claimsOf(name: string): [string, readonly string[]][] {
  const out: [string, readonly string[]][] = [];
  const e = entries.get(name);
  if (e?.realized !== undefined) out.push([e.realized.regionId, e.realized.owned]);
  const list = e?.pending?.declaration.privateIpAddresses;
  if (e?.pending !== undefined && Array.isArray(list)) out.push([e.pending.regionId, list.filter((a): a is string => typeof a === "string")]);
  const p = picking.get(name);
  if (p !== undefined) out.push([p.regionId, p.addresses]);
  return out;
}

function countClaims(claims: readonly [string, readonly string[]][], sign: 1 | -1): void {
  for (const [regionId, addresses] of claims) {
    let counts = claimCounts.get(regionId);
    if (counts === undefined) {
      counts = new Map();
      claimCounts.set(regionId, counts);
    }
    for (const a of addresses) {
      const n = (counts.get(a) ?? 0) + sign;
      if (n === 0) counts.delete(a);
      else counts.set(a, n);
    }
  }
}

/** Runs a change to one resource's entry or picks, moving its claims in the claim counts. */
function changing<T>(name: string, change: () => T): T {
  countClaims(claimsOf(name), -1);
  try {
    return change();
  } finally {
    countClaims(claimsOf(name), 1);
  }
}

/** Files (sign 1) or unfiles (-1) the resource under the ENI it owns addresses on. */
function indexOwner(name: string, r: Realized, sign: 1 | -1): void {
  const key = eniKey(r.regionId, r.networkInterfaceId);
  const names = ownersByEni.get(key);
  if (sign === 1) {
    if (names === undefined) ownersByEni.set(key, new Set([name]));
    else names.add(name);
  } else if (names !== undefined) {
    names.delete(name);
    if (names.size === 0) ownersByEni.delete(key);
  }
}

function entry(name: string): Entry {
  let e = entries.get(name);
  if (e === undefined) {
    e = {};
    entries.set(name, e);
  }
  return e;
}

function dropIfEmpty(name: string): void {
  const e = entries.get(name);
  if (e !== undefined && e.realized === undefined && e.pending === undefined) entries.delete(name);
}

/** The declaration standing for a resource's realized ownership: its addresses (or prefixes), owned, no new demand. */
function ownershipDeclaration(key: string, r: Realized): Declaration {
  const base = { name: r.kind.nameOfKey(key), networkInterfaceId: r.networkInterfaceId, adoptExisting: false, ...(r.limits !== undefined ? { limits: r.limits } : {}) };
  return r.kind.declare(base, [...r.owned], undefined, [...r.owned]);
}

/** Sets (or clears) the resource's realized ownership, in the registry and in its region's ledger. */
function setRealized(name: string, e: Entry, realized: Realized | undefined): void {
  const before = e.realized;
  if (before !== undefined && before.regionId !== realized?.regionId) existingRegionRun(before.regionId)?.setOwnership(name, undefined);
  if (realized === undefined) delete e.realized;
  else e.realized = realized;
  if (before !== undefined) indexOwner(name, before, -1);
  if (realized !== undefined) indexOwner(name, realized, 1);
  // Owning nothing claims nothing and adds nothing.
  if (realized !== undefined) regionRun(realized.regionId).setOwnership(name, realized.owned.length > 0 ? ownershipDeclaration(name, realized) : undefined);
}

function dropPending(name: string, e: Entry): void {
  if (e.pending === undefined) return;
  existingRegionRun(e.pending.regionId)?.withdraw(name);
  delete e.pending;
}

/**
 * One check of the resource (or its re-validation before a change) in `regionId`: judged against the
 * run's other entries in the region's ledger; a passing one records (or replaces, moving it last)
 * its pending demand, a failing one drops it. What the resource owns stays either way.
 */
export function check(name: string, regionId: string, declaration: Declaration): Judgement {
  return changing(name, () => checkEntry(name, regionId, declaration));
}

function checkEntry(name: string, regionId: string, declaration: Declaration): Judgement {
  const e = entries.get(name) ?? {};
  if (e.pending !== undefined && e.pending.regionId !== regionId) dropPending(name, e);
  let judgement: Judgement;
  try {
    judgement = regionRun(regionId).check(name, declaration);
  } catch (error) {
    delete e.pending;
    dropIfEmpty(name);
    throw error;
  }
  if (judgement.passed) {
    entries.delete(name);
    entries.set(name, { ...e, pending: { regionId, declaration } });
  } else {
    delete e.pending;
    dropIfEmpty(name);
  }
  return judgement;
}

/** A check of the resource failed (or cannot place its demand): its pending demand goes, its ownership stays. */
export function forgetPending(name: string): void {
  const e = entries.get(name);
  if (e === undefined) return;
  changing(name, () => {
    dropPending(name, e);
    dropIfEmpty(name);
  });
}

/** The resource's addresses are real now: it owns exactly these; its pending demand is fulfilled. */
export function recordOwned(name: string, regionId: string, networkInterfaceId: string, owned: readonly string[], kind: ResourceKind = ADDRESSES): void {
  changing(name, () => {
    const e = entry(name);
    const limits = e.pending?.declaration.limits ?? e.realized?.limits;
    dropPending(name, e);
    setRealized(name, e, { kind, regionId, networkInterfaceId, owned: [...owned], ...(limits !== undefined ? { limits } : {}) });
  });
}

/** A refresh (read) found the resource owning these; a pending check of it stays. */
export function refreshOwned(name: string, regionId: string, networkInterfaceId: string, owned: readonly string[], kind: ResourceKind = ADDRESSES): void {
  changing(name, () => {
    const e = entry(name);
    const limits = e.realized?.limits ?? e.pending?.declaration.limits;
    setRealized(name, e, { kind, regionId, networkInterfaceId, owned: [...owned], ...(limits !== undefined ? { limits } : {}) });
  });
}

/**
 * What the resource is believed to own before this process has seen its outputs (a new `pulumi up`
 * starts a fresh host that only gets old inputs in check). Never overrides known outputs.
 */
export function assumeOwned(name: string, regionId: string, networkInterfaceId: string, owned: readonly string[], kind: ResourceKind = ADDRESSES): void {
  changing(name, () => {
    const e = entry(name);
    if (e.realized !== undefined || owned.length === 0) {
      dropIfEmpty(name);
      return;
    }
    setRealized(name, e, { kind, regionId, networkInterfaceId, owned: [...owned] });
  });
}

/** What this process knows the resource owns, when its outputs (or old inputs) said so. */
export function ownedBy(name: string): { regionId: string; networkInterfaceId: string; owned: readonly string[] } | undefined {
  return entries.get(name)?.realized;
}

/**
 * The resource is gone from `networkInterfaceId` (deleted, or its ENI vanished). Ownership recorded
 * on another ENI is kept: a replacement (same name) created before the old one is deleted owns it.
 */
export function forgetOwned(name: string, regionId: string, networkInterfaceId: string): void {
  const e = entries.get(name);
  if (e === undefined) return;
  changing(name, () => forgetOwnedEntry(name, e, regionId, networkInterfaceId));
}

function forgetOwnedEntry(name: string, e: Entry, regionId: string, networkInterfaceId: string): void {
  if (e.realized !== undefined && e.realized.regionId === regionId && e.realized.networkInterfaceId === networkInterfaceId) setRealized(name, e, undefined);
  // A check of the deleted resource (an update that was never applied) goes with it.
  if (e.pending !== undefined && e.pending.regionId === regionId && e.pending.declaration.networkInterfaceId === networkInterfaceId) dropPending(name, e);
  dropIfEmpty(name);
}

/**
 * Addresses a count of this resource has picked and is assigning right now, by resource name. Creates
 * on different ENIs of one vSwitch run in parallel; without this, two of them would pick the same
 * lowest free address and one would be refused by the API.
 */
const picking = new Map<string, { readonly regionId: string; readonly addresses: readonly string[] }>();

export function reservePicks(name: string, regionId: string, addresses: readonly string[]): void {
  changing(name, () => picking.set(name, { regionId, addresses: [...addresses] }));
}

/** The assign is over: the picks are now owned (recordOwned) or not assigned at all. */
export function releasePicks(name: string): void {
  if (picking.has(name)) changing(name, () => picking.delete(name));
}

/**
 * True when a declaration of the run claims the address in the region (a pending explicit list,
 * realized ownership, or an address being assigned for a count, of any resource): a count never
 * picks one of them.
 */
export function isClaimed(regionId: string, address: string): boolean {
  return claimCounts.get(regionId)?.has(address) ?? false;
}

/** The other resource of this process that owns `address` on the ENI, if any. */
export function ownerOf(regionId: string, networkInterfaceId: string, address: string, except?: string): string | undefined {
  for (const n of ownersByEni.get(eniKey(regionId, networkInterfaceId)) ?? []) {
    const r = entries.get(n)?.realized;
    if (n !== except && r !== undefined && r.owned.includes(address)) return r.kind.nameOfKey(n);
  }
  return undefined;
}

/** Addresses on `networkInterfaceId` that another resource of this process owns (realized). */
export function ownedByOthers(name: string, regionId: string, networkInterfaceId: string): Set<string> {
  const out = new Set<string>();
  for (const n of ownersByEni.get(eniKey(regionId, networkInterfaceId)) ?? []) {
    const r = entries.get(n)?.realized;
    if (n !== name && r !== undefined) for (const a of r.owned) out.add(a);
  }
  return out;
}

export function size(): number {
  return entries.size;
}

/** Starts a new run (tests, benches): no earlier demand. */
export function clear(): void {
  entries.clear();
  picking.clear();
  claimCounts.clear();
  ownersByEni.clear();
  clearRegionRuns();
}
