// Bench pieces owned by other engineers may not have landed yet: load them if present, so the run
// reports "missing" for an absent piece instead of failing as a whole.
"use strict";

const { existsSync } = require("node:fs");
const { join } = require("node:path");

function optional(file, exportName) {
  const path = join(__dirname, "..", file);
  if (!existsSync(path)) return undefined;
  const fn = require(path)[exportName];
  return typeof fn === "function" ? fn : undefined;
}

module.exports = { optional };
