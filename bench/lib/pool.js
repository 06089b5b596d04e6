// Bounded concurrency: run `task(item)` for every item with at most `limit` in flight, the way the
// Pulumi engine runs resource steps in parallel (its default is unbounded; a fixed width keeps
// benches comparable).
"use strict";

async function runPool(items, limit, task) {
  const results = new Array(items.length);
  let next = 0;
  async function worker() {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { ok: true, value: await task(items[i], i) };
      } catch (error) {
        results[i] = { ok: false, error };
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

module.exports = { runPool };
