// The examples/ci-preview kit keeps its promises: the plan breaks every rule of the core (each
// declaration exactly the rule its comment names), its README table agrees, and the
// workflow's own preview commands work, offline and live.
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseDocument } from "yaml";
import { RULES } from "../../src/core/rules";
import type { ViolationCode } from "../../src/core/types";
import { DEMO_IDS, demoSeed } from "../../src/emulator";
import { startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";
import { CI_PREVIEW, cleanEnv, cli, intendedOutcomes, parseJsonReport } from "./cli-harness";

// Rules 14 (invalid_input) and 15 (guest_agent_unavailable) judge a resource's own inputs and instance;
// a plan's declarations can break the others. Rules 16 and 17 (IPv4 prefixes) need the emulator's
// prefix account, not the demo one this example reads: tests/cli/preview-prefixes.test.ts shows them.
const ALL_CODES = (Object.keys(RULES) as ViolationCode[]).filter((c) => !["invalid_input", "guest_agent_unavailable", "invalid_prefix", "prefix_unavailable"].includes(c));

describe("examples/ci-preview", () => {
  it("has a declaration breaking each rule (one rule each), plus passing ones", () => {
    const intended = intendedOutcomes();
    const codes = [...intended.values()].filter((c): c is string => c !== null);
    expect(codes).not.toContain("MISSING");
    expect(new Set(codes).size).toBe(codes.length);
    expect(ALL_CODES).toHaveLength(13);
    expect([...codes].sort()).toEqual([...ALL_CODES].sort());
    expect([...intended.values()].filter((c) => c === null).length).toBeGreaterThanOrEqual(3);
  });

  it("breaks eni_state on an ENI the demo seed really holds in a state that refuses addresses", () => {
    const refusing = demoSeed().networkInterfaces.filter((e) => e.status !== undefined && e.status !== "Available" && e.status !== "InUse");
    expect(refusing.map((e) => [e.networkInterfaceId, e.status])).toEqual([[DEMO_IDS.eniDetaching, "Detaching"]]);
    expect(readFileSync(resolve(CI_PREVIEW, "plan.yaml"), "utf8")).toMatch(new RegExp(`# eni_state:.*\\n\\s+networkInterfaceId: ${DEMO_IDS.eniDetaching}\\n`));
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
      expect(run.stdout.split("\n").filter((l) => l.startsWith("::error file=examples/ci-preview/plan.yaml,line="))).toHaveLength(13);
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
      expect(json.violations).toHaveLength(13);
    });
  });
});
