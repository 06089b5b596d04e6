// Signature nonces seen within the timestamp window: a replayed request inside the window is
// refused. Bounded: expired nonces are dropped in insertion order, and past `capacity` the oldest
// go first (a replay of an evicted nonce would pass; the cap keeps memory flat under load).
export class NonceCache {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly windowMs: number,
    private readonly capacity = 200_000,
  ) {}

  /** Records the nonce; false when it was already used within the window. */
  use(nonce: string, now: number): boolean {
    this.evict(now);
    const expiry = this.seen.get(nonce);
    if (expiry !== undefined && expiry > now) return false;
    this.seen.delete(nonce);
    this.seen.set(nonce, now + this.windowMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  clear(): void {
    this.seen.clear();
  }

  private evict(now: number): void {
    // Insertion order is expiry order (the window is constant), so stop at the first live nonce.
    for (const [nonce, expiry] of this.seen) {
      if (expiry > now && this.seen.size < this.capacity) break;
      this.seen.delete(nonce);
    }
  }
}
