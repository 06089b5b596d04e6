// Runs bench/core.js's benchCore at one scale in its own process, so its peak RSS is that scale's
// alone (the parent prints the JSON line it writes). Usage: node core-child.js SCALE RUNS
"use strict";

const { benchCore } = require("../core");

const scale = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? 3);
benchCore({ scale, runs }).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
