// The session's read cache and its view of our own recent mutations. Every ENI seen in any listing
// (by id, by vSwitch, by security group, inside DescribeInstances) is kept by id, so facts for the
// next ENI of the same vSwitch or group cost no call. Our own mutation outcomes (what the API told
// us it assigned/released) are laid over every read until a read agrees, because a describe right
// after a mutation may still show the old address set (docs/alibaba-api.md, "ENI states and reads
// after a mutation") - but only for a bounded window: an address someone else removes (or re-adds) before
// any read agreed would otherwise be corrected away forever, and the drift never seen.
// Its maps are its own: callers look up, store and invalidate through the methods below, so what
// a mutation makes stale is decided here alone.
import type { CidrReservationFacts, EniFacts, InstanceFacts, InstanceTypeFacts, VSwitchFacts } from "../core/types";

/**
 * How old a group's or vSwitch's listing may be for a gather that asks for fresh facts (a
 * re-validation about to mutate): older ones are listed again, so another actor's change to the
 * ENI's neighbours shows within this delay, while creates in a row on one group share one listing.
 */
export const DEFAULT_FRESH_LISTING_MAX_AGE_MS = 5_000;

/** How long an outcome of ours corrects reads at most: the 2 minutes Terraform's alicloud provider
 *  polls an ENI's addresses for after assigning, i.e. far longer than describes are seen to lag. */
export const DEFAULT_STALE_READ_WINDOW_MS = 120_000;

export interface ReadCacheOptions {
  /** Default Date.now. */
  readonly now?: (() => number) | undefined;
  /** Default DEFAULT_STALE_READ_WINDOW_MS; 0 turns the correction off. */
  readonly staleReadWindowMs?: number | undefined;
}

/** Facts cached by id, besides ENIs. */
export interface FactKinds {
  /** A vSwitch's attributes (its available count among them), without its reservations. */
  readonly vSwitch: VSwitchFacts;
  /** A vSwitch's prefix reservations: they do not move with the addresses assigned in it. */
  readonly vSwitchReservations: readonly CidrReservationFacts[];
  /** A security group's type (`normal`, `enterprise`). */
  readonly groupType: string;
  readonly instance: InstanceFacts;
  readonly instanceType: InstanceTypeFacts;
}
export type FactKind = keyof FactKinds;

/** Complete listings of ENI ids: per vSwitch, secondary-ENI ids and primary-ENI ids per group. */
export type ListingKind = "vSwitch" | "groupSecondary" | "groupPrimary";

/** Per address: when its correction expires (epoch ms of the session's clock). */
interface Pending {
  readonly added: Map<string, number>;
  readonly removed: Map<string, number>;
}

export class ReadCache {
  /** Best known record per ENI (null: asked for by id and not returned). */
  private readonly enis = new Map<string, EniFacts | null>();
  /** Records derived from DescribeInstances; a DescribeNetworkInterfaces record beats them. */
  private readonly derived = new Set<string>();
  /** null = does not exist; with when it was read (the session's clock). */
  private readonly facts: { readonly [K in FactKind]: Map<string, { readonly value: FactKinds[K] | null; readonly at: number }> } = {
    vSwitch: new Map(),
    vSwitchReservations: new Map(),
    groupType: new Map(),
    instance: new Map(),
    instanceType: new Map(),
  };
  /** Each listing with when it was read (the session's clock). */
  private readonly listings: Readonly<Record<ListingKind, Map<string, { readonly ids: ReadonlySet<string>; readonly at: number }>>> = {
    vSwitch: new Map(),
    groupSecondary: new Map(),
    groupPrimary: new Map(),
  };
  /** The complete listing of the region's ENI ids, once listed. */
  private region: ReadonlySet<string> | undefined;
  private readonly pending = new Map<string, Pending>();
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(options: ReadCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    const w = options.staleReadWindowMs ?? DEFAULT_STALE_READ_WINDOW_MS;
    this.windowMs = Number.isFinite(w) ? Math.max(0, w) : DEFAULT_STALE_READ_WINDOW_MS;
  }

  /** The cached record (our mutations applied), null when known not to exist, undefined when unknown. */
  eni(id: string): EniFacts | null | undefined {
    return this.enis.get(id);
  }

  /** Stores a full ENI record (from DescribeNetworkInterfaces), returns it with our mutations applied. */
  putEni(record: EniFacts): EniFacts {
    const seen = this.overlay(record);
    this.enis.set(seen.networkInterfaceId, seen);
    this.derived.delete(seen.networkInterfaceId);
    return seen;
  }

  /** Stores a record derived from DescribeInstances unless a full record is already known. */
  putDerivedEni(record: EniFacts): EniFacts {
    const existing = this.enis.get(record.networkInterfaceId);
    if (existing !== undefined && existing !== null && !this.derived.has(record.networkInterfaceId)) return existing;
    const seen = this.overlay(record);
    this.enis.set(seen.networkInterfaceId, seen);
    this.derived.add(seen.networkInterfaceId);
    return seen;
  }

  /** The cached primary ENIs of these instances (DescribeInstances shows each instance's). */
  primaryEniIds(instanceIds: ReadonlySet<string>): string[] {
    const out: string[] = [];
    for (const e of this.enis.values()) {
      if (e !== null && e.type === "Primary" && e.instanceId !== undefined && instanceIds.has(e.instanceId)) out.push(e.networkInterfaceId);
    }
    return out;
  }

  /** An ENI asked for by id and not returned. */
  markEniMissing(id: string): void {
    this.enis.set(id, null);
    this.derived.delete(id);
  }

  /** The cached fact, unless it was read more than `maxAgeMs` ago. */
  fact<K extends FactKind>(kind: K, id: string, maxAgeMs = Infinity): FactKinds[K] | null | undefined {
    const f = this.facts[kind].get(id);
    return f === undefined || this.now() - f.at > maxAgeMs ? undefined : f.value;
  }

  putFact<K extends FactKind>(kind: K, id: string, value: FactKinds[K] | null): void {
    (this.facts[kind] as Map<string, { value: FactKinds[K] | null; at: number }>).set(id, { value, at: this.now() });
  }

  /** The cached listing, unless it was read more than `maxAgeMs` ago. */
  listing(kind: ListingKind, key: string, maxAgeMs = Infinity): ReadonlySet<string> | undefined {
    const l = this.listings[kind].get(key);
    return l === undefined || this.now() - l.at > maxAgeMs ? undefined : l.ids;
  }

  putListing(kind: ListingKind, key: string, ids: ReadonlySet<string>): void {
    this.listings[kind].set(key, { ids, at: this.now() });
  }

  regionListing(): ReadonlySet<string> | undefined {
    return this.region;
  }

  putRegionListing(ids: ReadonlySet<string>): void {
    this.region = ids;
  }

  recordAssigned(eniId: string, addresses: readonly string[]): void {
    this.record(eniId, addresses, "added", "removed");
  }

  recordUnassigned(eniId: string, addresses: readonly string[]): void {
    this.record(eniId, addresses, "removed", "added");
  }

  /** Stops correcting reads for these addresses (a new mutation of them is under way). */
  forget(eniId: string, addresses: readonly string[]): void {
    const p = this.pending.get(eniId);
    if (p === undefined) return;
    for (const a of addresses) {
      p.added.delete(a);
      p.removed.delete(a);
    }
  }

  /**
   * Drops everything a change of this ENI may have moved, as far as we can tell: the ENI, every
   * listing it appears in (its vSwitch's member list, attributes and reservations, its groups'
   * usage). For a mutation that threw, and a caller asking for the ENI afresh. No id: drop everything.
   */
  invalidate(eniId?: string): void {
    if (eniId === undefined) {
      this.enis.clear();
      this.derived.clear();
      for (const table of Object.values(this.facts)) table.clear();
      for (const listing of Object.values(this.listings)) listing.clear();
      this.region = undefined;
      return;
    }
    const record = this.enis.get(eniId);
    this.enis.delete(eniId);
    this.derived.delete(eniId);
    if (record !== undefined && record !== null) {
      this.dropVSwitch(record.vSwitchId);
      for (const sg of record.securityGroupIds) {
        this.listings.groupSecondary.delete(sg);
        this.listings.groupPrimary.delete(sg);
      }
    }
    // Listings that hold the ENI under another key (a record we no longer have) go as well.
    for (const [vsw, members] of this.listings.vSwitch) if (members.ids.has(eniId)) this.dropVSwitch(vsw);
    for (const listing of [this.listings.groupSecondary, this.listings.groupPrimary]) {
      for (const [sg, members] of listing) if (members.ids.has(eniId)) listing.delete(sg);
    }
    // Like every listing holding the ENI: an invalidation asks for fresh reads of it.
    if (this.region?.has(eniId)) this.region = undefined;
  }

  /**
   * Drops what an address change of this ENI moves when we know what it was (our own mutation that
   * succeeded, or a caller about to mutate it): the ENI's record and its vSwitch's attributes (the
   * available count). Which ENIs belong to a vSwitch or group does not move with addresses, so their
   * listings stay, and the next gather reads only this ENI again (by id), not the listings.
   */
  dropAddressesOf(eniId: string): void {
    const record = this.enis.get(eniId);
    this.enis.delete(eniId);
    this.derived.delete(eniId);
    if (record !== undefined && record !== null) this.facts.vSwitch.delete(record.vSwitchId);
    for (const [vsw, members] of this.listings.vSwitch) if (members.ids.has(eniId)) this.facts.vSwitch.delete(vsw);
  }

  /** Its available count and its member list change with every address on it. */
  private dropVSwitch(vSwitchId: string): void {
    this.facts.vSwitch.delete(vSwitchId);
    this.facts.vSwitchReservations.delete(vSwitchId);
    this.listings.vSwitch.delete(vSwitchId);
  }

  /**
   * A read of an ENI corrected by what the API told us about our own mutations. An outcome stops
   * being applied once a read agrees with it (the read has caught up) or its window has passed
   * (whatever the read says then is the account's truth, drift included).
   */
  private overlay(record: EniFacts): EniFacts {
    const p = this.pending.get(record.networkInterfaceId);
    if (p === undefined) return record;
    const now = this.now();
    const present = new Set(record.privateIpAddresses);
    for (const [a, expires] of [...p.added]) if (present.has(a) || expires <= now) p.added.delete(a);
    for (const [a, expires] of [...p.removed]) if (!present.has(a) || expires <= now) p.removed.delete(a);
    if (p.added.size === 0 && p.removed.size === 0) {
      this.pending.delete(record.networkInterfaceId);
      return record;
    }
    const addresses = record.privateIpAddresses.filter((a) => !p.removed.has(a) || a === record.primaryIpAddress);
    for (const a of p.added.keys()) addresses.push(a);
    return { ...record, privateIpAddresses: addresses };
  }

  /** Records `addresses` as `now` on the ENI (until a read agrees or the window ends), no longer `not`. */
  private record(eniId: string, addresses: readonly string[], now: keyof Pending, not: keyof Pending): void {
    let p = this.pending.get(eniId);
    if (p === undefined) {
      p = { added: new Map(), removed: new Map() };
      this.pending.set(eniId, p);
    }
    const expires = this.now() + this.windowMs;
    for (const a of addresses) {
      p[now].set(a, expires);
      p[not].delete(a);
    }
  }
}
