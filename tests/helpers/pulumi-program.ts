// Runs a Pulumi program the way the language host would, but under `pulumi.runtime.setMocks` in a
// child process (cwd = the project directory, the project's own @pulumi/pulumi), and returns every
// resource it registered with its inputs, `__provider` (the serialized provider text) included.
// `deploy` then plays the engine's part: check, then create, per resource, through a provider host.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { urnOf, type ProviderHost, type Props, type CheckFailure } from "./provider-host";

const execFileAsync = promisify(execFile);

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

export interface RegisteredResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  readonly inputs: Props;
}

/**
 * A throwaway Pulumi project whose node_modules links `eni-ips` to this repository and `@pulumi` to
 * the repository's copy: the same layout a user's project has after `npm install eni-ips`.
 */
export function makeLinkedProject(files: Record<string, string> = {}): { dir: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "eni-ips-project-"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(REPO_ROOT, path.join(dir, "node_modules", "eni-ips"), "dir");
  fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi"), path.join(dir, "node_modules", "@pulumi"), "dir");
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "eni-ips-test-project", private: true }));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Copies an example's program files (not its node_modules) into a project directory. */
export function copyExample(exampleDir: string, projectDir: string): void {
  for (const entry of fs.readdirSync(exampleDir)) {
    if (entry === "node_modules" || entry === "package.json" || entry.endsWith(".test.ts")) continue;
    fs.cpSync(path.join(exampleDir, entry), path.join(projectDir, entry), { recursive: true });
  }
}

// A TypeScript program is registered with ts-node the way Pulumi's own runner (cmd/run) does: the
// project's typescript when it has one (found from @pulumi/pulumi, an optional peer of it), Pulumi's
// vendored ts-node, the project's tsconfig.json. Type checking is on only when asked for: the
// repository's examples are typechecked by `npm run typecheck`, so their runs transpile only, as
// Pulumi does with PULUMI_NODEJS_TRANSPILE_ONLY=true.
const RUNNER = `
const path = require("path");
const fs = require("fs");
const { createRequire } = require("module");
const req = createRequire(path.join(process.cwd(), "package.json"));
const [program, project, stack, typeCheck] = process.argv.slice(1);
if (program.endsWith(".ts")) {
  const tsutils = req("@pulumi/pulumi/tsutils");
  const fromPulumi = createRequire(req.resolve("@pulumi/pulumi/tsutils"));
  const { tsnodeRequire, typescriptRequire } = tsutils.typeScriptRequireStrings();
  const skipProject = !fs.existsSync("tsconfig.json");
  fromPulumi(tsnodeRequire).register({
    compiler: typescriptRequire,
    transpileOnly: typeCheck !== "true",
    project: "tsconfig.json",
    skipProject,
    compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: "true", ...(skipProject ? {} : tsutils.loadTypeScriptCompilerOptions("tsconfig.json")) },
  });
}
const pulumi = req("@pulumi/pulumi");
const resources = [];
pulumi.runtime.setMocks({
  newResource(args) {
    resources.push({ type: args.type, name: args.name, inputs: args.inputs });
    return { id: args.name + "-mock-id", state: args.inputs };
  },
  call(args) { return args.inputs; },
}, project, stack, false);
(async () => {
  require(path.resolve(program));
  const settings = req("@pulumi/pulumi/runtime/settings");
  await settings.waitForRPCs();
  process.stdout.write("\\n@@RESOURCES@@" + JSON.stringify(resources));
})().catch((e) => { console.error(e && e.stack || e); process.exit(1); });
`;

export async function runProgram(options: {
  projectDir: string;
  program?: string;
  env?: Record<string, string | undefined>;
  project?: string;
  stack?: string;
  /** Type-check a TypeScript program as it loads (what `pulumi up` does by default). */
  typeCheck?: boolean;
}): Promise<RegisteredResource[]> {
  const project = options.project ?? "eni-ips-test";
  const stack = options.stack ?? "test";
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  // Pulumi's order: the project's TypeScript program when there is one.
  const program = options.program ?? (fs.existsSync(path.join(options.projectDir, "index.ts")) ? "index.ts" : "index.js");
  const { stdout } = await execFileAsync(process.execPath, ["-e", RUNNER, program, project, stack, String(options.typeCheck ?? false)], {
    cwd: options.projectDir,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const at = stdout.lastIndexOf("@@RESOURCES@@");
  if (at < 0) throw new Error(`program printed no resources:\n${stdout}`);
  const raw = JSON.parse(stdout.slice(at + "@@RESOURCES@@".length)) as { type: string; name: string; inputs: Props }[];
  return raw.map((r) => ({ ...r, urn: urnOf(r.name, r.type, project, stack) }));
}

export interface DeployedResource {
  readonly resource: RegisteredResource;
  readonly id: string;
  readonly inputs: Props;
  readonly outputs: Props;
}

/** `pulumi preview`: every resource checked in registration order; failures returned as data. */
export async function preview(host: ProviderHost, resources: readonly RegisteredResource[]): Promise<Map<string, CheckFailure[]>> {
  const out = new Map<string, CheckFailure[]>();
  for (const r of resources) out.set(r.name, (await host.check(r.urn, {}, r.inputs)).failures);
  return out;
}

/** `pulumi up` of a fresh stack: per resource, check then create. Throws on the first failure. */
export async function deploy(host: ProviderHost, resources: readonly RegisteredResource[]): Promise<DeployedResource[]> {
  const out: DeployedResource[] = [];
  for (const r of resources) {
    const checked = await host.check(r.urn, {}, r.inputs);
    if (checked.failures.length > 0) throw new Error(`check failed for ${r.name}: ${JSON.stringify(checked.failures)}`);
    const created = await host.create(r.urn, checked.inputs);
    out.push({ resource: r, id: created.id, inputs: checked.inputs, outputs: created.properties });
  }
  return out;
}

/** `pulumi destroy`: delete in reverse order. */
export async function destroy(host: ProviderHost, deployed: readonly DeployedResource[]): Promise<void> {
  for (const d of [...deployed].reverse()) await host.delete(d.resource.urn, d.id, d.outputs, d.inputs);
}
