// Seeded randomness for benches and the soak (mulberry32): a printed seed replays a run exactly.
"use strict";

// The generator is the emulator's own (one implementation of mulberry32 in the project).
const { prng: mulberry32 } = require("../../dist/emulator/faults");

function prng(seed) {
  const next = mulberry32(seed);
  return {
    next,
    /** Whole number in [lo, hi]. */
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (list) => list[Math.floor(next() * list.length)],
    chance: (p) => next() < p,
  };
}

module.exports = { prng };
