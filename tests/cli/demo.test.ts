// `eni-ips demo`: the whole product on the in-process emulator, through the Pulumi provider object;
// and the demo's bundled plan copy staying identical to examples/ci-preview/plan.yaml.
// The provider loads its engine by package name (eni-ips/provider/engine -> dist/), so run after a build.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadDemoPlan } from "../../src/cli/commands/demo";
import { DEMO_PLAN_YAML } from "../../src/cli/demo-plan";
import { cleanEnv, cli, PLAN, ROOT } from "./cli-harness";

describe("eni-ips demo", () => {
  it("previews, applies the passing declarations through the provider, shows them, cleans up, exit 0", async () => {
    const envBefore = { ...process.env };
    const started = Date.now();
    const run = await cli(["demo"], { env: cleanEnv() });
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(/Result: 13 violations in 13 declarations; 4 of 17 declarations pass\./);
    expect(out).toMatch(/API calls so far: \d+ reads, 0 mutations/);
    const created = out.split("\n").filter((l) => l.startsWith("   created "));
    expect(created.map((l) => l.split(/\s+/)[2])).toEqual(["web-vips", "data-plane", "batch-workers", "advanced-pool"]);
    expect(out).toMatch(/created web-vips\s+eni-bp1demoweb01 \+= 10\.0\.1\.13, 10\.0\.1\.14/);
    // The describe after apply shows the new addresses on the ENIs.
    expect(out).toMatch(/eni-bp1demoweb01 \(InUse\): 10\.0\.1\.10 \(primary\), 10\.0\.1\.11, 10\.0\.1\.12, 10\.0\.1\.13 \(new\), 10\.0\.1\.14 \(new\)/);
    expect(out).toMatch(/eni-bp1demoadv \(InUse\): 10\.0\.1\.70 \(primary\)(, 10\.0\.1\.\d+ \(new\)){4}/);
    expect(out.split("\n").filter((l) => l.startsWith("   deleted "))).toHaveLength(4);
    expect(out).toMatch(/all 11 addresses released; the ENIs are as the demo found them/);
    expect(out).toMatch(/== done in [\d.]+s: 13 violations caught before any API call, 4 declarations applied and removed \(\d+ API reads, 8 mutations in all; 0 during preview\)/);
    expect(Date.now() - started).toBeLessThan(30_000);
    // The demo borrowed process.env for the provider and gave it back untouched.
    expect(process.env).toEqual(envBefore);
  });

  it("uses a bundled copy of the plan identical to examples/ci-preview/plan.yaml", () => {
    expect(DEMO_PLAN_YAML).toBe(readFileSync(PLAN, "utf8"));
    expect(loadDemoPlan(ROOT).source).toBe("examples/ci-preview/plan.yaml");
    const bundled = loadDemoPlan("/nonexistent-package-root");
    expect(bundled.source).toBe("examples/ci-preview/plan.yaml (bundled copy)");
    expect(bundled.plan.declarations).toHaveLength(17);
  });
});
