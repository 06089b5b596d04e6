// Runs bench/core.js's benchCore at one scale in its own process, so its peak RSS is that scale's
// alone (the parent prints the JSON line it writes). Usage: node core-child.js SCALE RUNS [WARMUPS]
"use strict";

const { benchCore } = require("../core");

const scale = Number(process.argv[2] ?? 1);
const runs = Number(process.argv[3] ?? 3);
const warmups = Number(process.argv[4] ?? 2);
benchCore({ scale, runs, warmups }).then(
  (r) => process.stdout.write(`${JSON.stringify(r)}\n`),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
