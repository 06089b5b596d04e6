// Regenerates examples/ci-preview/snapshot.json from the emulator's bundled demo seed, with the real
// CLI (`eni-ips snapshot --plan plan.yaml`) talking to an in-process emulator over the real SDK.
// Run after `npm run build`:   node examples/ci-preview/regenerate-snapshot.js
// tests/cli/ci-preview.test.ts fails when the committed file drifts from what this produces.
"use strict";
const path = require("node:path");
const { startEmulator, DEMO_CREDENTIALS, DEMO_REGION_ID } = require("../../dist/emulator");
const { runCli } = require("../../dist/cli/main");

async function main() {
  const emulator = await startEmulator({ port: 0, host: "127.0.0.1" });
  try {
    const env = {
      PATH: process.env.PATH,
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_CREDENTIALS.accessKeyId,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_CREDENTIALS.accessKeySecret,
      ALIBABA_CLOUD_REGION_ID: DEMO_REGION_ID,
      ALIBABA_CLOUD_ECS_ENDPOINT: emulator.url,
      ALIBABA_CLOUD_VPC_ENDPOINT: emulator.url,
    };
    const io = { stdout: process.stdout, stderr: process.stderr, env, cwd: __dirname };
    const code = await runCli(["snapshot", "--plan", "plan.yaml", "--out", "snapshot.json"], io);
    if (code !== 0) throw new Error(`eni-ips snapshot exited ${code}`);
    if (emulator.callCounts().mutations !== 0) throw new Error("the capture made a mutating call");
    console.log(`regenerated ${path.join("examples", "ci-preview", "snapshot.json")}`);
  } finally {
    await emulator.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
