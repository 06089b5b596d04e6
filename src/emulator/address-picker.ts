// Which free addresses a count gets. Alibaba documents random allocation, so by default the picks are
// random, drawn from a seeded PRNG: a run replays exactly, yet code that expects "the next address"
// fails here as it would in the cloud. `lowest` keeps the old sequential order for tests that need it.
import { prng } from "./faults";
import type { AllocationOptions } from "./types";

/** Probes per wanted address before falling back to listing every free candidate. */
const PROBES_PER_PICK = 32;

export class AddressPicker {
  private random: () => number;
  private draws = 0;

  constructor(private readonly options: Required<AllocationOptions>) {
    this.random = prng(options.seed);
  }

  /** Where the PRNG is, and a function that puts it back (for a rolled-back mutation). */
  checkpoint(): () => void {
    const draws = this.draws;
    return () => {
      this.random = prng(this.options.seed);
      for (this.draws = 0; this.draws < draws; this.draws++) this.random();
    };
  }

  private next(): number {
    this.draws++;
    return this.random();
  }

  /**
   * Up to `count` distinct integers of [from, to] for which `taken` is false: the lowest ones in order,
   * or random ones in draw order. Fewer when fewer are free (callers check capacity first).
   */
  pick(from: number, to: number, count: number, taken: (n: number) => boolean): number[] {
    if (count <= 0 || to < from) return [];
    const picked: number[] = [];
    if (this.options.order === "lowest") {
      for (let n = from; n <= to && picked.length < count; n++) if (!taken(n)) picked.push(n);
      return picked;
    }
    const span = to - from + 1;
    const chosen = new Set<number>();
    for (let probes = 0; probes < PROBES_PER_PICK * count && picked.length < count; probes++) {
      const n = from + Math.floor(this.next() * span);
      if (taken(n) || chosen.has(n)) continue;
      chosen.add(n);
      picked.push(n);
    }
    if (picked.length === count) return picked;
    // A crowded range: list what is left and draw from it (partial Fisher-Yates).
    const free: number[] = [];
    for (let n = from; n <= to; n++) if (!taken(n) && !chosen.has(n)) free.push(n);
    for (let i = 0; i < free.length && picked.length < count; i++) {
      const j = i + Math.floor(this.next() * (free.length - i));
      const a = free[j] as number;
      free[j] = free[i] as number;
      picked.push(a);
    }
    return picked;
  }
}
