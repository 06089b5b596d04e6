// `eni-ips demo`: the whole product in one command, on the bundled emulator, without an account or the
// Pulumi CLI. Starts the emulator in-process with the demo seed, previews the ci-preview plan (live,
// through the real SDK), applies the declarations that pass through the Pulumi provider object (its
// check and create methods, as the engine would call them), shows the addresses on the ENIs, then
// deletes what it created and stops the emulator.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { CloudSession } from "../../cloud/types";
import type { EmulatorOptions, RunningEmulator } from "../../emulator/types";
import { parseCommandArgs } from "../args";
import { DEMO_PLAN_FILE, DEMO_PLAN_YAML } from "../demo-plan";
import { evaluatePlan } from "../evaluate";
import { runGuarded } from "../guard";
import { EXIT_OK, UsageError, type CliIo, type Command } from "../io";
import { openCloudSession } from "../live-facts";
import { parsePlan, type Plan } from "../plan";
import { createProgress } from "../progress";
import { renderTable } from "../render-table";
import { DemoStack, type Applied } from "../demo-apply";
import { quoted } from "../terminal-text";
import { plural } from "../wording";

const HELP = `usage: eni-ips demo

Runs the whole product on the bundled emulator in a few seconds: no account, no Pulumi CLI needed.
Starts the emulator (demo seed), previews ${DEMO_PLAN_FILE}, applies the declarations that pass
through the Pulumi provider, shows the addresses on the ENIs, then cleans up and stops the emulator.
`;

interface EmulatorModule {
  startEmulator(options?: EmulatorOptions): Promise<RunningEmulator>;
  DEMO_CREDENTIALS: { accessKeyId: string; accessKeySecret: string };
  DEMO_REGION_ID: string;
}

/** The package root: this file is three levels down both as src/cli/commands/demo.ts and as dist/cli/commands/demo.js. */
const PACKAGE_ROOT = resolve(__dirname, "..", "..", "..");

export const demo: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, {});
  if (args.values["help"]) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals.map(quoted).join(" ")}\n\n${HELP}`);
  const started = Date.now();
  const say = (line = ""): void => void io.stdout.write(`${line}\n`);

  const emulatorModule: EmulatorModule = await import("../../emulator/index.js");
  const emulator = await emulatorModule.startEmulator({ port: 0, host: "127.0.0.1" });
  try {
    const env = demoEnv(io.env, emulator.url, emulatorModule);
    const demoIo: CliIo = { ...io, env };
    say(`== eni-ips demo: emulator listening on ${emulator.url} (demo account, region ${emulatorModule.DEMO_REGION_ID})`);

    return await runGuarded(io, "demo", async () => {
      const { plan, source } = loadDemoPlan();
      say(`== 1. preview ${source} against the emulator (read-only)`);
      say();
      const outcome = await evaluatePlan({ io: demoIo, plan, maxAgeMs: null, progress: createProgress(io) });
      io.stdout.write(renderTable(outcome));
      const mutationsAfterPreview = emulator.callCounts().mutations;
      say(`   (API calls so far: ${emulator.callCounts().reads} reads, ${mutationsAfterPreview} mutations)`);

      const failing = new Set(outcome.result.violations.map((v) => v.declaration));
      const passing = plan.declarations.filter((d) => !failing.has(d.declaration.name));
      say();
      say(`== 2. apply the ${plural(passing.length, "declaration")} that pass, through the Pulumi provider (check, then create)`);
      const stack = await DemoStack.open(env);
      const applied: Applied[] = [];
      stack.reset();
      try {
        for (const entry of passing) {
          const result = await stack.apply(entry);
          applied.push(result);
          say(`   created ${result.name.padEnd(16)} ${result.networkInterfaceId} += ${result.privateIpAddresses.join(", ")}`);
        }

        say();
        say("== 3. the ENIs now (DescribeNetworkInterfaces through the cloud session)");
        const session = await openCloudSession(demoIo, emulatorModule.DEMO_REGION_ID);
        await showEnis(session, applied, say);
      } finally {
        say();
        say("== 4. clean up: delete what the demo created (the provider's delete, as pulumi destroy would)");
        await stack.destroy((r) => say(`   deleted ${r.name.padEnd(16)} ${r.networkInterfaceId} -= ${r.privateIpAddresses.join(", ")}`));
        stack.reset();
      }
      const verify = await openCloudSession(demoIo, emulatorModule.DEMO_REGION_ID);
      const leftovers: string[] = [];
      for (const result of applied) {
        const eni = await verify.describeEni(result.networkInterfaceId);
        for (const address of result.privateIpAddresses) if (eni?.privateIpAddresses.includes(address)) leftovers.push(`${result.networkInterfaceId} ${address}`);
      }
      if (leftovers.length > 0) throw new Error(`demo clean-up left addresses behind: ${leftovers.join(", ")}`);
      const counts = emulator.callCounts();
      say(`   all ${plural(applied.reduce((n, r) => n + r.privateIpAddresses.length, 0), "address", "addresses")} released; the ENIs are as the demo found them`);
      say();
      say(
        `== done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${plural(outcome.result.violations.length, "violation")} caught before any API call, ` +
          `${plural(applied.length, "declaration")} applied and removed (${plural(counts.reads, "API read")}, ${plural(counts.mutations, "mutation")} in all; ${mutationsAfterPreview} during preview)`,
      );
      return EXIT_OK;
    });
  } finally {
    await emulator.close();
  }
};

/** The caller's environment minus any real Alibaba credentials or endpoints, plus the emulator's. */
function demoEnv(base: NodeJS.ProcessEnv, url: string, emulatorModule: EmulatorModule): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) if (!key.startsWith("ALIBABA_CLOUD_") && !key.startsWith("ENI_IPS_")) env[key] = value;
  return {
    ...env,
    ALIBABA_CLOUD_ACCESS_KEY_ID: emulatorModule.DEMO_CREDENTIALS.accessKeyId,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: emulatorModule.DEMO_CREDENTIALS.accessKeySecret,
    ALIBABA_CLOUD_REGION_ID: emulatorModule.DEMO_REGION_ID,
    ALIBABA_CLOUD_ECS_ENDPOINT: url,
    ALIBABA_CLOUD_VPC_ENDPOINT: url,
  };
}

/** examples/ci-preview/plan.yaml when running from a checkout, else the copy compiled into the package. */
export function loadDemoPlan(root: string = PACKAGE_ROOT): { plan: Plan; source: string } {
  const path = resolve(root, DEMO_PLAN_FILE);
  if (existsSync(path)) return { plan: parsePlan(readFileSync(path, "utf8"), DEMO_PLAN_FILE), source: DEMO_PLAN_FILE };
  return { plan: parsePlan(DEMO_PLAN_YAML, DEMO_PLAN_FILE), source: `${DEMO_PLAN_FILE} (bundled copy)` };
}

async function showEnis(session: CloudSession, applied: readonly Applied[], say: (line?: string) => void): Promise<void> {
  const ids = [...new Set(applied.map((a) => a.networkInterfaceId))];
  for (const id of ids) {
    const eni = await session.describeEni(id);
    if (!eni) {
      say(`   ${id}: not found`);
      continue;
    }
    const ours = new Set(applied.filter((a) => a.networkInterfaceId === id).flatMap((a) => a.privateIpAddresses));
    const shown = eni.privateIpAddresses.map((a) => (a === eni.primaryIpAddress ? `${a} (primary)` : ours.has(a) ? `${a} (new)` : a));
    say(`   ${id} (${eni.status}): ${shown.join(", ")}`);
  }
}

