// Regenerates the ci-preview example files from the emulator's bundled demo seed, with the real CLI
// talking to an in-process emulator over the real SDK:
//   terraform/plan.json and pulumi/preview.json   the plans stacks.js describes (plan-builder.js)
//   snapshot.json, terraform/snapshot.json, pulumi/snapshot.json
//                                                 `eni-ips snapshot --plan …` of plan.yaml and of both
// Run after `npm run build`:   node examples/ci-preview/regenerate.js
// tests/cli/snapshot.test.ts and tests/cli/iac-preview.test.ts fail when a committed file drifts from
// what this produces.
"use strict";
const { mkdirSync, writeFileSync } = require("node:fs");
const path = require("node:path");
const { startEmulator, DEMO_CREDENTIALS, DEMO_REGION_ID } = require("../../dist/emulator");
const { runCli } = require("../../dist/cli/main");
const { terraformExample, pulumiExample } = require("./stacks");

/** The plan files, as the tools print them (two-space JSON). */
function writePlans() {
  for (const [file, doc] of [
    ["terraform/plan.json", terraformExample().doc],
    ["pulumi/preview.json", pulumiExample().doc],
  ]) {
    mkdirSync(path.join(__dirname, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(__dirname, file), `${JSON.stringify(doc, null, 2)}\n`);
    console.log(`regenerated ${path.join("examples", "ci-preview", file)}`);
  }
}

async function writeSnapshots() {
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
    for (const [plan, out] of [
      ["plan.yaml", "snapshot.json"],
      ["terraform/plan.json", "terraform/snapshot.json"],
      ["pulumi/preview.json", "pulumi/snapshot.json"],
    ]) {
      const code = await runCli(["snapshot", "--plan", plan, "--out", out], io);
      if (code !== 0) throw new Error(`eni-ips snapshot --plan ${plan} exited ${code}`);
    }
    if (emulator.callCounts().mutations !== 0) throw new Error("the capture made a mutating call");
  } finally {
    await emulator.close();
  }
}

async function main() {
  writePlans();
  await writeSnapshots();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
