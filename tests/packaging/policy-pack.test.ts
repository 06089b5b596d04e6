// What a policy-pack author gets: the `npm pack` tarball installed into a scratch folder, first alone
// (eni-ips/policy names the missing optional peer @pulumi/policy), then as examples/policy-pack's
// dependencies with @pulumi/policy and TypeScript, all from the npm cache; the example pack is then
// served as the engine serves it (run-policy-pack from the scratch folder's own @pulumi/pulumi) and
// judges the stack that breaks every rule against the emulator.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { REPO_ROOT } from "../helpers/pulumi-program";
import { servePolicyPack } from "../policy/analyzer-host";
import { BROKEN, brokenStack } from "../policy/stacks";
import { NPM, run } from "./npm";

const EXAMPLE = path.join(REPO_ROOT, "examples", "policy-pack");

const install = (cwd: string): Promise<unknown> => run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd });

describe("packaging: the policy pack", () => {
  let scratch: string;
  let em: EmulatorFixture;
  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "eni-ips-policy-pack-"));
    em = await startEmulatorFixture();
  });
  afterAll(async () => {
    await em?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  });

  it("installs from the tarball, names @pulumi/policy while it is missing, then runs examples/policy-pack as the engine does", async () => {
    expect(fs.existsSync(path.join(REPO_ROOT, "dist", "policy", "index.js")), "run the build first (npm test does)").toBe(true);
    const { stdout } = await run(NPM, ["pack", "--silent", "--pack-destination", scratch], { cwd: REPO_ROOT });
    const tarball = path.join(scratch, stdout.trim().split("\n").pop()!.trim());
    const pack = path.join(scratch, "pack");
    fs.mkdirSync(pack);

    // eni-ips alone: its optional peer is not installed with it.
    fs.writeFileSync(path.join(pack, "package.json"), JSON.stringify({ name: "scratch-pack", version: "0.1.0", private: true, dependencies: { "eni-ips": `file:${tarball}` } }));
    await install(pack);
    expect(fs.existsSync(path.join(pack, "node_modules", "@pulumi", "policy"))).toBe(false);
    const missing = await run(process.execPath, ["-e", 'try { require("eni-ips/policy").eniIpsPolicies(); } catch (e) { console.log(e.name + ": " + e.message); }'], { cwd: pack });
    expect(missing.stdout).toMatch(/^PolicySdkError: eni-ips\/policy needs @pulumi\/policy >= 1\.21, which is not installed: run `npm install @pulumi\/policy`/);

    // The example pack's own manifest, eni-ips from the tarball.
    const manifest = JSON.parse(fs.readFileSync(path.join(EXAMPLE, "package.json"), "utf8")) as { dependencies: Record<string, string> };
    fs.writeFileSync(path.join(pack, "package.json"), JSON.stringify({ ...manifest, dependencies: { ...manifest.dependencies, "eni-ips": `file:${tarball}` } }, null, 2));
    for (const f of ["index.ts", "PulumiPolicy.yaml", "tsconfig.json"]) fs.copyFileSync(path.join(EXAMPLE, f), path.join(pack, f));
    await install(pack);
    expect(fs.lstatSync(path.join(pack, "node_modules", "eni-ips")).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(pack, "node_modules", "eni-ips", "dist", "policy", "index.js"))).toBe(true);
    expect(fs.existsSync(path.join(pack, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack", "index.js"))).toBe(true);

    const served = await servePolicyPack({ packDir: pack, env: em.env, stack: { project: "network", stack: "dev", dryRun: true, config: { "alicloud:region": "cn-hangzhou" } } });
    try {
      const info = await served.getAnalyzerInfo();
      expect([info.name, info.policies.map((p) => p.name)]).toEqual(["eni-ips", ["eni-ips-addresses", "eni-ips-account", "eni-ips-skipped-checks"]]);
      const diagnostics = await served.analyzeStack(brokenStack());
      const codes = Object.fromEntries(diagnostics.map((d) => [/\[rule \d+ \((\w+)\)\]/.exec(d.message)?.[1], d.urn]));
      expect(codes).toEqual(BROKEN.stackPolicy);
      expect(diagnostics).toHaveLength(Object.keys(BROKEN.stackPolicy).length);
    } finally {
      await served.close();
    }
    expect(em.emulator.callCounts().mutations).toBe(0);
  }, 420_000);
});
