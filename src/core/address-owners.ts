// Address -> the ENI holding it, for every address of a vSwitch (a /16 holds up to 65,536): an
// open-addressing hash table in one typed array rather than a Map. A Map of 200,000 number keys is
// rebuilt as it grows and its tables are copied by every young-generation collection while the run
// is judged; a typed array lives outside the JavaScript heap, so indexing a large account costs the
// garbage collector almost nothing. Owners are kept in a list; the table holds an index into it.

/** What the rules read: the Map methods they need, so a ReadonlyMap would do as well. */
export interface AddressOwnersView {
  get(address: number): string | undefined;
  has(address: number): boolean;
  readonly size: number;
  /** Every [address, owner] pair, in no particular order. */
  [Symbol.iterator](): IterableIterator<[number, string]>;
}

// A slot is two int32s: the address (its 32 bits) and its state, EMPTY, DELETED or 1 + the owner's
// index in `owners`.
const EMPTY = 0;
const DELETED = -1;
/** Grow once live and deleted slots fill this share of the table (linear probing slows past it). */
const MAX_LOAD = 0.75;

export class AddressOwners implements AddressOwnersView {
  private table: Int32Array;
  private mask: number; // slots - 1
  private taken = 0; // live and deleted slots
  private live = 0;
  /** Owners by index; an owner set twice in a row is listed once (an ENI's addresses come together). */
  private readonly owners: string[] = [];

  /** `expected`: how many addresses the table will likely hold (it grows past that if need be). */
  constructor(expected = 0) {
    let slots = 16;
    while (slots * MAX_LOAD < expected) slots *= 2;
    this.table = new Int32Array(slots * 2);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.live;
  }

  get(address: number): string | undefined {
    const i = this.find(address);
    return i < 0 ? undefined : this.owners[this.table[i * 2 + 1]! - 1];
  }

  has(address: number): boolean {
    return this.find(address) >= 0;
  }

  set(address: number, owner: string): void {
    this.put(address, this.ownerNumber(owner));
  }

  /** Sets `addresses[start..end)` to one owner (an ENI's list at once). */
  setAll(addresses: Uint32Array, start: number, end: number, owner: string): void {
    const o = this.ownerNumber(owner);
    for (let i = start; i < end; i++) this.put(addresses[i]!, o);
  }

  delete(address: number): boolean {
    const i = this.find(address);
    if (i < 0) return false;
    this.table[i * 2 + 1] = DELETED;
    this.live--;
    return true;
  }

  *[Symbol.iterator](): IterableIterator<[number, string]> {
    const t = this.table;
    for (let i = 0; i < t.length; i += 2) {
      if (t[i + 1]! > 0) yield [t[i]! >>> 0, this.owners[t[i + 1]! - 1]!];
    }
  }

  private ownerNumber(owner: string): number {
    const n = this.owners.length;
    if (n > 0 && this.owners[n - 1] === owner) return n;
    this.owners.push(owner);
    return n + 1;
  }

  private put(address: number, o: number): void {
    const at = this.find(address);
    if (at >= 0) {
      this.table[at * 2 + 1] = o;
      return;
    }
    const slots = this.mask + 1;
    if (this.taken + 1 > slots * MAX_LOAD) {
      // Mostly deleted slots: rebuild at the same size; mostly live ones: double.
      this.rehash(this.live + 1 > slots * MAX_LOAD * 0.5 ? slots * 2 : slots);
    }
    const t = this.table;
    let i = hash(address) & this.mask;
    while (t[i * 2 + 1]! > 0) i = (i + 1) & this.mask;
    if (t[i * 2 + 1] === EMPTY) this.taken++;
    t[i * 2] = address;
    t[i * 2 + 1] = o;
    this.live++;
  }

  /** The slot holding `address`, or -1. */
  private find(address: number): number {
    const t = this.table;
    const mask = this.mask;
    const key = address | 0;
    let i = hash(address) & mask;
    for (;;) {
      const s = t[i * 2 + 1]!;
      if (s === EMPTY) return -1;
      if (s > 0 && t[i * 2] === key) return i;
      i = (i + 1) & mask;
    }
  }

  private rehash(slots: number): void {
    const old = this.table;
    const t = new Int32Array(slots * 2);
    const mask = slots - 1;
    for (let j = 0; j < old.length; j += 2) {
      if (old[j + 1]! <= 0) continue;
      let i = hash(old[j]!) & mask;
      while (t[i * 2 + 1] !== EMPTY) i = (i + 1) & mask;
      t[i * 2] = old[j]!;
      t[i * 2 + 1] = old[j + 1]!;
    }
    this.table = t;
    this.mask = mask;
    this.taken = this.live;
  }
}

/** A 32-bit mix (every input bit moves every output bit), so any mask of it spreads well. */
function hash(address: number): number {
  let h = Math.imul(address ^ (address >>> 16), 0x45d9f3b);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) >>> 0;
}
