// What a user gets: `npm pack` of this repository (after the build), installed into a scratch
// Pulumi project from the npm cache, runs examples/basic (TypeScript) exactly as `pulumi up` would –
// the program under mocks, then Pulumi's dynamic-provider host started from the scratch project's own
// node_modules/@pulumi/pulumi, resolving `eni-ips/provider/engine` from the installed tarball.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { startProviderHost } from "../helpers/provider-host";
import { copyExample, deploy, destroy, preview, REPO_ROOT, runProgram } from "../helpers/pulumi-program";
import { NPM, run } from "./npm";

describe("packaging", () => {
  let scratch: string;
  let em: EmulatorFixture;
  beforeAll(async () => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), "eni-ips-pack-"));
    em = await startEmulatorFixture();
  });
  afterAll(async () => {
    await em?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }, 180_000);

  it("the packed tarball installs into a fresh project and runs examples/basic through the host", async () => {
    expect(fs.existsSync(path.join(REPO_ROOT, "dist", "provider", "engine.js")), "run the build first (npm test does)").toBe(true);
    const { stdout } = await run(NPM, ["pack", "--silent", "--pack-destination", scratch], { cwd: REPO_ROOT, maxBuffer: 16 * 1024 * 1024 });
    const tarball = path.join(scratch, stdout.trim().split("\n").pop()!.trim());
    expect(fs.existsSync(tarball)).toBe(true);

    const project = path.join(scratch, "project");
    fs.mkdirSync(project);
    fs.writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: "scratch", private: true }));
    // The example is TypeScript: like a user's project it brings the typescript package (the optional
    // peer @pulumi/pulumi runs TypeScript programs with), at the version this repository builds with.
    const typescript = `typescript@${(JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "node_modules", "typescript", "package.json"), "utf8")) as { version: string }).version}`;
    await run(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error", tarball, typescript], { cwd: project, maxBuffer: 16 * 1024 * 1024 });
    // A real install, not a link back to this repository.
    const installed = path.join(project, "node_modules", "eni-ips");
    expect(fs.lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(fs.existsSync(path.join(installed, "dist", "provider", "engine.js"))).toBe(true);
    expect(fs.existsSync(path.join(installed, "src"))).toBe(false);
    // Only the export map's entries load: an internal module is not part of the package's API.
    const probe = (specifier: string) => run(process.execPath, ["-e", `require(${JSON.stringify(specifier)})`], { cwd: project });
    await expect(probe("eni-ips/provider/engine")).resolves.toBeDefined();
    await expect(probe("eni-ips/cloud/retry")).rejects.toThrow(/ERR_PACKAGE_PATH_NOT_EXPORTED/);
    const hostScript = path.join(project, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider", "index.js");
    expect(fs.existsSync(hostScript)).toBe(true);

    copyExample(path.join(REPO_ROOT, "examples", "basic"), project);
    // Type-checked against the installed package's declarations, as `pulumi up` does by default.
    const resources = await runProgram({ projectDir: project, typeCheck: true });
    expect(resources.map((r) => r.name)).toEqual(["web01-ips"]);
    const host = await startProviderHost({ projectDir: project, env: em.env });
    try {
      await host.configure();
      const failures = await preview(host, resources);
      expect([...failures.values()].flat()).toEqual([]);
      const deployed = await deploy(host, resources);
      expect(deployed[0]!.outputs["privateIpAddresses"]).toEqual(["10.0.1.101", "10.0.1.102"]);
      const eni = () => em.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniWeb01)!;
      expect(eni().secondaryIpAddresses).toContain("10.0.1.102");
      await destroy(host, deployed);
      expect(eni().secondaryIpAddresses).not.toContain("10.0.1.102");
    } finally {
      await host.close();
    }
  }, 180_000);
});
