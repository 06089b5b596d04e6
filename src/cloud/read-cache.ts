// The session's read cache and its view of our own recent mutations. Every ENI seen in any listing
// (by id, by vSwitch, by security group, inside DescribeInstances) is kept by id, so facts for the
// next ENI of the same vSwitch or group cost no call. Our own mutation outcomes (what the API told
// us it assigned/released) are laid over every read until a read agrees, because a describe right
// after a mutation may still show the old address set (API-FACTS §9) - but only for a bounded window:
// an address someone else removes (or re-adds) before any read agreed would otherwise be corrected
// away forever, and the drift never seen.
import type { EniFacts, InstanceFacts, InstanceTypeFacts, VSwitchFacts } from "../core/types";

/** How long an outcome of ours corrects reads at most: the 2 minutes Terraform's alicloud provider
 *  polls an ENI's addresses for after assigning, i.e. far longer than describes are seen to lag. */
export const DEFAULT_STALE_READ_WINDOW_MS = 120_000;

export interface ReadCacheOptions {
  /** Default Date.now. */
  readonly now?: (() => number) | undefined;
  /** Default DEFAULT_STALE_READ_WINDOW_MS; 0 turns the correction off. */
  readonly staleReadWindowMs?: number | undefined;
}

/** Per address: when its correction expires (epoch ms of the session's clock). */
interface Pending {
  readonly added: Map<string, number>;
  readonly removed: Map<string, number>;
}

export class ReadCache {
  /** Best known record per ENI; records from DescribeNetworkInterfaces beat derived ones. */
  readonly enis = new Map<string, EniFacts>();
  private readonly derived = new Set<string>();
  /** ENI ids asked for by id and not returned. */
  readonly missingEnis = new Set<string>();
  /** null = does not exist. */
  readonly vSwitches = new Map<string, VSwitchFacts | null>();
  /** Complete listings: ENI ids per vSwitch, secondary-ENI ids and primary-ENI ids per group. */
  readonly vSwitchMembers = new Map<string, Set<string>>();
  readonly groupSecondaryMembers = new Map<string, Set<string>>();
  readonly groupPrimaryMembers = new Map<string, Set<string>>();
  /** The complete listing of the region's ENI ids, once listed. */
  regionMembers: Set<string> | undefined;
  readonly groupTypes = new Map<string, string | null>();
  readonly instances = new Map<string, InstanceFacts>();
  readonly missingInstances = new Set<string>();
  readonly instanceTypes = new Map<string, InstanceTypeFacts | null>();
  private readonly pending = new Map<string, Pending>();
  private readonly now: () => number;
  private readonly windowMs: number;

  constructor(options: ReadCacheOptions = {}) {
    this.now = options.now ?? Date.now;
    const w = options.staleReadWindowMs ?? DEFAULT_STALE_READ_WINDOW_MS;
    this.windowMs = Number.isFinite(w) ? Math.max(0, w) : DEFAULT_STALE_READ_WINDOW_MS;
  }

  /** Stores a full ENI record (from DescribeNetworkInterfaces), returns it with our mutations applied. */
  putEni(record: EniFacts): EniFacts {
    const seen = this.overlay(record);
    this.enis.set(seen.networkInterfaceId, seen);
    this.derived.delete(seen.networkInterfaceId);
    this.missingEnis.delete(seen.networkInterfaceId);
    return seen;
  }

  /** Stores a record derived from DescribeInstances unless a full record is already known. */
  putDerivedEni(record: EniFacts): EniFacts {
    const existing = this.enis.get(record.networkInterfaceId);
    if (existing !== undefined && !this.derived.has(record.networkInterfaceId)) return existing;
    const seen = this.overlay(record);
    this.enis.set(seen.networkInterfaceId, seen);
    this.derived.add(seen.networkInterfaceId);
    this.missingEnis.delete(seen.networkInterfaceId);
    return seen;
  }

  recordAssigned(eniId: string, addresses: readonly string[]): void {
    const p = this.pendingOf(eniId);
    const expires = this.now() + this.windowMs;
    for (const a of addresses) {
      p.added.set(a, expires);
      p.removed.delete(a);
    }
  }

  recordUnassigned(eniId: string, addresses: readonly string[]): void {
    const p = this.pendingOf(eniId);
    const expires = this.now() + this.windowMs;
    for (const a of addresses) {
      p.removed.set(a, expires);
      p.added.delete(a);
    }
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
   * A read of an ENI corrected by what the API told us about our own mutations. An outcome stops
   * being applied once a read agrees with it (the read has caught up) or its window has passed
   * (whatever the read says then is the account's truth, drift included).
   */
  overlay(record: EniFacts): EniFacts {
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

  /**
   * Drops what a mutation on this ENI made stale: the ENI, every listing it appears in (its
   * vSwitch's member list and available count, its groups' usage). No id: drop everything.
   */
  invalidate(eniId?: string): void {
    if (eniId === undefined) {
      this.enis.clear();
      this.derived.clear();
      this.missingEnis.clear();
      this.vSwitches.clear();
      this.vSwitchMembers.clear();
      this.groupSecondaryMembers.clear();
      this.groupPrimaryMembers.clear();
      this.regionMembers = undefined;
      this.groupTypes.clear();
      this.instances.clear();
      this.missingInstances.clear();
      this.instanceTypes.clear();
      return;
    }
    const record = this.enis.get(eniId);
    this.enis.delete(eniId);
    this.derived.delete(eniId);
    this.missingEnis.delete(eniId);
    if (record !== undefined) {
      this.vSwitches.delete(record.vSwitchId);
      this.vSwitchMembers.delete(record.vSwitchId);
      for (const sg of record.securityGroupIds) {
        this.groupSecondaryMembers.delete(sg);
        this.groupPrimaryMembers.delete(sg);
      }
    }
    // Listings that hold the ENI under another key (a record we no longer have) go as well.
    for (const [vsw, members] of this.vSwitchMembers) {
      if (members.has(eniId)) {
        this.vSwitchMembers.delete(vsw);
        this.vSwitches.delete(vsw);
      }
    }
    for (const map of [this.groupSecondaryMembers, this.groupPrimaryMembers]) {
      for (const [sg, members] of map) if (members.has(eniId)) map.delete(sg);
    }
    // Like every listing holding the ENI: an invalidation asks for fresh reads of it.
    if (this.regionMembers?.has(eniId)) this.regionMembers = undefined;
  }

  private pendingOf(eniId: string): Pending {
    let p = this.pending.get(eniId);
    if (p === undefined) {
      p = { added: new Map(), removed: new Map() };
      this.pending.set(eniId, p);
    }
    return p;
  }
}
