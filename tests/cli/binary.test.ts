// The real binary (`node dist/cli/main.js`, what `eni-ips` and `npm run demo` run): exit codes as a
// CI step sees them. Needs a build first (`npm test` builds).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { cleanEnv, ROOT } from "./cli-harness";

const BIN = resolve(ROOT, "dist", "cli", "main.js");
const tmp = mkdtempSync(join(tmpdir(), "eni-ips-bin-"));

function run(args: string[], env: NodeJS.ProcessEnv = cleanEnv({ CI: "true" })) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, env, encoding: "utf8", timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("node dist/cli/main.js", () => {
  it("is built", () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build`).toBe(true);
  });

  it("exits 1 with violations, 0 without, 2 on a broken plan", () => {
    const violations = run(["preview", "examples/ci-preview/plan.yaml", "--snapshot", "examples/ci-preview/snapshot.json", "--format", "github", "--max-age", "off"]);
    expect(violations.stderr).toBe("");
    expect(violations.code).toBe(1);
    expect(violations.stdout.split("\n").filter((l) => l.startsWith("::error file=examples/ci-preview/plan.yaml,line="))).toHaveLength(13);

    const ok = join(tmp, "ok.yaml");
    writeFileSync(ok, "declarations:\n  - name: web\n    networkInterfaceId: eni-bp1demoweb01\n    privateIpAddresses: [10.0.1.13]\n");
    const clean = run(["preview", ok, "--snapshot", "examples/ci-preview/snapshot.json", "--format", "json", "--max-age", "off"]);
    expect(clean.code).toBe(0);
    expect(JSON.parse(clean.stdout)).toMatchObject({ violations: [], warnings: [] });

    const broken = join(tmp, "broken.yaml");
    writeFileSync(broken, "declarations:\n  - name: [\n");
    const bad = run(["preview", broken, "--snapshot", "examples/ci-preview/snapshot.json"]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/broken\.yaml:\d+:\d+: YAML syntax error/);
    expect(bad.stdout).toBe("");

    expect(run(["preview"]).code).toBe(2);
  });

  it("runs the demo to completion (npm run demo)", () => {
    const demo = run(["demo"]);
    expect(demo.stderr).toBe("");
    expect(demo.code).toBe(0);
    expect(demo.stdout).toMatch(/== done in [\d.]+s/);
  });
});
