// The examples/ci-preview kit keeps its promises: the plan breaks every rule the demo account can
// show (each declaration exactly the rule its comment names), its README table agrees, and the
// workflow's own preview commands work, offline and live.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { RULES } from "../../src/core/rules";
import type { ViolationCode } from "../../src/core/types";
import { demoSeed } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { CI_PREVIEW, cleanEnv, cli, intendedOutcomes, parseJsonReport } from "./cli-harness";

const ALL_CODES = Object.keys(RULES) as ViolationCode[];
/** Rules the demo account gives no way to break; each entry is checked to still be true below. */
const NOT_SHOWABLE_WITH_DEMO_SEED: readonly ViolationCode[] = ["eni_state"];

describe("examples/ci-preview", () => {
  it("has a declaration breaking each rule (one rule each), plus passing ones", () => {
    const intended = intendedOutcomes();
    const codes = [...intended.values()].filter((c): c is string => c !== null);
    expect(codes).not.toContain("MISSING");
    expect(new Set(codes).size).toBe(codes.length);
    expect([...codes].sort()).toEqual(ALL_CODES.filter((c) => !NOT_SHOWABLE_WITH_DEMO_SEED.includes(c)).sort());
    expect([...intended.values()].filter((c) => c === null).length).toBeGreaterThanOrEqual(3);
  });

  it("leaves out eni_state only while the demo seed has no ENI in a state that refuses addresses", () => {
    const refusing = demoSeed().networkInterfaces.filter((e) => e.status !== undefined && e.status !== "Available" && e.status !== "InUse");
    // When this fails, the seed can show eni_state: add a declaration for it to plan.yaml and drop the exception.
    expect(refusing.map((e) => e.networkInterfaceId)).toEqual([]);
  });

  it("documents each declaration's outcome in its README the way the plan states it", () => {
    const readme = readFileSync(resolve(CI_PREVIEW, "README.md"), "utf8");
    for (const [name, code] of intendedOutcomes()) {
      const row = readme.split("\n").find((l) => l.startsWith(`| \`${name}\` |`));
      expect(row, name).toBeDefined();
      expect(row).toContain(code === null ? "passes" : `\`${code}\``);
    }
  });

  describe("the workflow's preview commands", () => {
    const workflow = parseDocument(readFileSync(resolve(CI_PREVIEW, "github-workflow.yml"), "utf8")).toJS() as {
      env: Record<string, string>;
      jobs: { preview: { steps: { name?: string; run?: string }[] } };
    };
    const stepRun = (name: string): string[] => {
      const step = workflow.jobs.preview.steps.find((s) => s.name === name);
      expect(step?.run, name).toBeDefined();
      // `$ENI_IPS preview "$PLAN" …` -> argv, with the workflow's own PLAN and SNAPSHOT.
      const words = (step?.run ?? "").trim().split(/\s+/).map((w) => w.replace(/"/g, ""));
      expect(words[0]).toBe("$ENI_IPS");
      return words.slice(1).map((w) => w.replace("$PLAN", workflow.env["PLAN"] ?? "?").replace("$SNAPSHOT", workflow.env["SNAPSHOT"] ?? "?"));
    };
    let fixture: EmulatorFixture;
    beforeAll(async () => {
      fixture = await startEmulatorFixture();
    });
    afterAll(async () => {
      await fixture.close();
    });

    it("offline, from the committed snapshot: an annotation per violation, exit 1", async () => {
      const run = await cli(stepRun("Preview against the committed snapshot"));
      expect(run.code).toBe(1);
      expect(run.stdout.split("\n").filter((l) => l.startsWith("::error file=examples/ci-preview/plan.yaml,line="))).toHaveLength(12);
    });

    it("live, with credentials: the same annotations, no mutating call", async () => {
      const argv = stepRun("Preview against the live account");
      expect(argv).not.toContain("--snapshot");
      fixture.emulator.reset();
      const live = await cli(argv, { env: cleanEnv(fixture.env) });
      expect(live.code).toBe(1);
      expect(fixture.emulator.callCounts().mutations).toBe(0);
      const offline = await cli(stepRun("Preview against the committed snapshot"));
      const errors = (s: string) => s.split("\n").filter((l) => l.startsWith("::error"));
      expect(errors(live.stdout)).toEqual(errors(offline.stdout));
      const json = parseJsonReport(await cli([...argv.filter((a) => a !== "github" && a !== "--format"), "--format", "json"], { env: cleanEnv(fixture.env) }));
      expect(json.violations).toHaveLength(12);
    });
  });
});
