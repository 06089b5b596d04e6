// `eni-ips snapshot [--out FILE] [--plan FILE [--input KIND]] [--progress]`: capture, read-only, the
// account facts `preview --snapshot` needs: for a plan (an eni-ips plan, a Terraform plan or a Pulumi
// preview: its ENIs and the vSwitches, groups, instances and instance types its new objects refer to),
// or for every ENI of the region. Writes the versioned snapshot file (docs/snapshot-format.md), or
// prints it on stdout.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseCommandArgs, stringOption } from "../args";
import { runGuarded } from "../guard";
import { EXIT_OK, UsageError, type Command } from "../io";
import { PLAN_INPUTS } from "../../iac/detect";
import { choiceOption } from "../args";
import { factsRequestOf } from "../evaluate";
import { gatherLiveFacts, openCloudSession } from "../live-facts";
import { readPreviewSource } from "../plan-source";
import { createProgress } from "../progress";
import { createSnapshot, planScope, serializeSnapshot, type SnapshotScope } from "../snapshot-file";
import { quoted } from "../terminal-text";

const HELP = `usage: eni-ips snapshot [--out FILE] [--plan FILE [--input KIND]] [--progress]

Capture, read-only, the account facts \`eni-ips preview --snapshot\` needs: the ENIs, their vSwitches,
instances, instance types and security groups (with their usage over all member ENIs).

options:
  --plan FILE     capture only what this plan needs (default: every ENI of the region): an eni-ips
                  plan, a Terraform plan (terraform show -json) or a Pulumi preview (pulumi preview
                  --json), or - for standard input
  --input KIND    plan, terraform or pulumi: read the --plan FILE as this, whatever its shape
  --out FILE      write the snapshot here (default: stdout)
  --progress      show progress on stderr even when it is not a terminal or CI is set
  -h, --help      this help

reads the same environment as \`eni-ips preview\` (credentials, ALIBABA_CLOUD_REGION_ID, endpoints).
`;

export const snapshot: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { out: { type: "string" }, plan: { type: "string" }, input: { type: "string" }, progress: { type: "boolean" } });
  if (args.values["help"]) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals.map(quoted).join(" ")}\n\n${HELP}`);
  const planArg = stringOption(args, "plan");
  const outArg = stringOption(args, "out");
  const input = stringOption(args, "input") === undefined ? undefined : choiceOption(args, "input", PLAN_INPUTS, "plan");
  if (input !== undefined && planArg === undefined) throw new UsageError("--input applies to a --plan FILE");

  return runGuarded(io, "snapshot", async () => {
    const source = planArg === undefined ? undefined : await readPreviewSource(io, planArg, input);
    const planRegion = source === undefined ? undefined : source.kind === "plan" ? source.plan.regionId : source.planned.regionId;
    const regionId = planRegion ?? nonEmpty(io.env["ALIBABA_CLOUD_REGION_ID"]);
    if (regionId === undefined) throw new UsageError("no region: set ALIBABA_CLOUD_REGION_ID (or give the region in the plan)");
    const scope: SnapshotScope = source === undefined ? { kind: "region" } : planScope(factsRequestOf(source));
    const session = await openCloudSession(io, regionId);
    const progress = createProgress(io, { force: args.values["progress"] === true });
    const facts = await gatherLiveFacts(session, scope.kind === "region" ? "region" : scope, progress);
    const text = serializeSnapshot(createSnapshot(regionId, scope, facts));
    if (outArg === undefined) {
      io.stdout.write(text);
    } else {
      const target = resolve(io.cwd, outArg);
      writeAtomically(target, text);
      io.stderr.write(
        `eni-ips snapshot: wrote ${outArg} (region ${regionId}, ${facts.enis.length} ENIs, ${facts.securityGroups.length} security groups, ${session.stats().reads} API reads)\n`,
      );
    }
    return EXIT_OK;
  });
};

/** Write-then-rename so a CI job never commits or reads a half-written snapshot. */
function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.${process.pid}.tmp`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
