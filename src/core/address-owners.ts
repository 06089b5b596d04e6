// Address -> the ENI holding it, for every address of a vSwitch (a /16 holds up to 65,536): an
// open-addressing hash table over typed arrays rather than a Map. A Map of 200,000 number keys is
// rebuilt as it grows and its tables are copied by every young-generation collection while the run
// is judged; typed arrays live outside the JavaScript heap, so indexing a large account costs the
// garbage collector almost nothing. Owners are interned: the table holds a small index per address.

/** What the rules read: the Map methods they need, so a ReadonlyMap would do as well. */
export interface AddressOwnersView {
  get(address: number): string | undefined;
  has(address: number): boolean;
  readonly size: number;
  /** Every [address, owner] pair, in no particular order. */
  [Symbol.iterator](): IterableIterator<[number, string]>;
}

const EMPTY = 0;
const DELETED = -1;
/** Grow once live and deleted slots fill this share of the table (linear probing slows past it). */
const MAX_LOAD = 0.5;

export class AddressOwners implements AddressOwnersView {
  private keys: Uint32Array;
  /** EMPTY, DELETED, or 1 + the owner's index in `owners`. */
  private slots: Int32Array;
  private mask: number;
  private used = 0; // live and deleted slots
  private live = 0;
  private readonly owners: string[] = [];
  private readonly ownerIndex = new Map<string, number>();

  /** `expected`: how many addresses the table will likely hold (it grows past that if need be). */
  constructor(expected = 0) {
    let capacity = 16;
    while (capacity * MAX_LOAD < expected) capacity *= 2;
    this.keys = new Uint32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  get size(): number {
    return this.live;
  }

  get(address: number): string | undefined {
    const i = this.find(address);
    return i < 0 ? undefined : this.owners[this.slots[i]! - 1];
  }

  has(address: number): boolean {
    return this.find(address) >= 0;
  }

  set(address: number, owner: string): void {
    this.put(address, this.intern(owner));
  }

  /** Sets `addresses[start..end)` to one owner (an ENI's list): the owner is looked up once. */
  setAll(addresses: Uint32Array, start: number, end: number, owner: string): void {
    const o = this.intern(owner);
    for (let i = start; i < end; i++) this.put(addresses[i]!, o);
  }

  private intern(owner: string): number {
    let o = this.ownerIndex.get(owner);
    if (o === undefined) {
      o = this.owners.length + 1;
      this.owners.push(owner);
      this.ownerIndex.set(owner, o);
    }
    return o;
  }

  private put(address: number, o: number): void {
    const at = this.find(address);
    if (at >= 0) {
      this.slots[at] = o;
      return;
    }
    if (this.used + 1 > this.keys.length * MAX_LOAD) {
      // Mostly deleted slots: rebuild at the same size; mostly live ones: double.
      this.rehash(this.live + 1 > this.keys.length * MAX_LOAD * 0.5 ? this.keys.length * 2 : this.keys.length);
    }
    let i = hash(address) & this.mask;
    while (this.slots[i]! > 0) i = (i + 1) & this.mask;
    if (this.slots[i] === EMPTY) this.used++;
    this.keys[i] = address;
    this.slots[i] = o;
    this.live++;
  }

  delete(address: number): boolean {
    const i = this.find(address);
    if (i < 0) return false;
    this.slots[i] = DELETED;
    this.live--;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<[number, string]> {
    for (let i = 0; i < this.keys.length; i++) {
      const s = this.slots[i]!;
      if (s > 0) yield [this.keys[i]!, this.owners[s - 1]!];
    }
  }

  /** The slot holding `address`, or -1. */
  private find(address: number): number {
    const keys = this.keys;
    const slots = this.slots;
    const mask = this.mask;
    let i = hash(address) & mask;
    for (;;) {
      const s = slots[i]!;
      if (s === EMPTY) return -1;
      if (s > 0 && keys[i] === address) return i;
      i = (i + 1) & mask;
    }
  }

  private rehash(capacity: number): void {
    const keys = this.keys;
    const slots = this.slots;
    this.keys = new Uint32Array(capacity);
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.used = this.live;
    for (let j = 0; j < keys.length; j++) {
      const s = slots[j]!;
      if (s <= 0) continue;
      let i = hash(keys[j]!) & this.mask;
      while (this.slots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.keys[i] = keys[j]!;
      this.slots[i] = s;
    }
  }
}

/** A 32-bit mix (every input bit moves every output bit), so any mask of it spreads well. */
function hash(address: number): number {
  let h = Math.imul(address ^ (address >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
