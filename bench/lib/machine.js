// What the figures were measured on: they mean nothing without the machine beside them.
"use strict";

const os = require("node:os");

function machineInfo() {
  const cpus = os.cpus();
  return {
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    cpuModel: cpus[0] ? cpus[0].model.trim() : "unknown",
    cpuCount: cpus.length,
    totalMemoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
  };
}

/** Milliseconds since `t0` (a process.hrtime.bigint() value), one decimal. */
function msSince(t0) {
  return Math.round(Number(process.hrtime.bigint() - t0) / 1e5) / 10;
}

module.exports = { machineInfo, msSince };
