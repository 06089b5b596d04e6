// Shared bench plumbing: start an emulator on 127.0.0.1, point the cloud layer and the provider at
// it through the documented environment variables, and start each in-process provider "run" clean.
// The provider reads process.env at call time, exactly as inside Pulumi's dynamic-provider host.
"use strict";

const { startEmulator, DEMO_CREDENTIALS } = require("../../dist/emulator");

/** The ALIBABA_CLOUD_* variables for an emulator (the provider, CLI and cloud layer read these). */
function emulatorEnv(emulator, regionId) {
  return {
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret,
    ALIBABA_CLOUD_REGION_ID: regionId,
    ALIBABA_CLOUD_ECS_ENDPOINT: emulator.url,
    ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url,
  };
}

/** Starts an emulator for `seed` (faults optional) and returns it with its environment. */
async function startBenchEmulator(seed, faults) {
  const emulator = await startEmulator({ host: "127.0.0.1", port: 0, seed, ...(faults ? { faults } : {}) });
  return { emulator, env: emulatorEnv(emulator, seed.regionId) };
}

/**
 * Runs `fn` with process.env extended by `env` (ENI_IPS_* limit knobs cleared so a developer's shell
 * cannot skew a figure), then restores the environment, whatever happens.
 */
async function withEnv(env, fn) {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith("ENI_IPS_")) delete process.env[k];
  Object.assign(process.env, env);
  try {
    return await fn();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

/**
 * The provider's engine, loaded by package name like the provider object does (so run state,
 * sessions and demand are the very modules the provider uses), with a fresh run.
 */
function freshProviderRun() {
  const { resetProviderRun, providerRunStats } = require("eni-ips/provider");
  const engine = require("eni-ips/provider/engine");
  resetProviderRun();
  return { engine, providerRunStats };
}

module.exports = { emulatorEnv, startBenchEmulator, withEnv, freshProviderRun };
