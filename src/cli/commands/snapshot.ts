// `eni-ips snapshot [--out FILE] [--plan FILE [--input KIND]] [--progress]`: capture, read-only, the
// account facts `preview --snapshot` needs: for a plan (an eni-ips plan, a Terraform plan or a Pulumi
// preview: its ENIs and the vSwitches, groups, instances and instance types its new objects refer to),
// or for every ENI of the region. Writes the versioned snapshot file (docs/snapshot-format.md), or
// prints it on stdout.
import { resolve } from "node:path";
import { parseCommandArgs, stringOption } from "../args";
import { runGuarded } from "../guard";
import { EXIT_OK, UsageError, type Command } from "../io";
import { PLAN_INPUTS } from "../../iac/detect";
import { choiceOption } from "../args";
import { factsRequestOf } from "../evaluate";
import { gatherLiveFacts, openCloudSession } from "../live-facts";
import { readPreviewSource } from "../plan-source";
import { outputTarget, writeOutputFile } from "../output-file";
import { createProgress } from "../progress";
import { createSnapshot, planScope, serializeSnapshot, type SnapshotScope } from "../snapshot-file";
import { escapeTerminal, quoted } from "../terminal-text";
import { plural } from "../wording";

const HELP = `usage: eni-ips snapshot [--out FILE] [--plan FILE [--input KIND]] [--progress]

Capture, read-only, the account facts \`eni-ips preview --snapshot\` needs: the ENIs, their vSwitches,
instances, instance types and security groups (with their usage over all member ENIs).

options:
  --plan FILE     capture only what this plan needs (default: every ENI of the region): an eni-ips
                  plan, a Terraform plan (terraform show -json) or a Pulumi preview (pulumi preview
                  --json), or - for standard input
  --input KIND    plan, terraform or pulumi: read the --plan FILE as this, whatever its shape
  --out FILE      write the snapshot here, replacing the file at once (through a symlink, its
                  target); - or no --out: standard output
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
    if (outArg !== undefined && outArg !== "-") outputTarget(io, outArg);
    const source = planArg === undefined ? undefined : await readPreviewSource(io, planArg, input);
    const planRegion = source === undefined ? undefined : source.kind === "plan" ? source.plan.regionId : source.planned.regionId;
    const regionId = planRegion ?? nonEmpty(io.env["ALIBABA_CLOUD_REGION_ID"]);
    if (regionId === undefined) throw new UsageError("no region: set ALIBABA_CLOUD_REGION_ID (or give the region in the plan)");
    const scope: SnapshotScope = source === undefined ? { kind: "region" } : planScope(factsRequestOf(source));
    const session = await openCloudSession(io, regionId);
    const progress = createProgress(io, { force: args.values["progress"] === true });
    const facts = await gatherLiveFacts(session, scope.kind === "region" ? "region" : scope, progress);
    const text = serializeSnapshot(createSnapshot(regionId, scope, facts));
    const written = writeOutputFile(io, outArg ?? "-", text);
    if (written !== undefined) {
      const through = written === resolve(io.cwd, outArg as string) ? "" : ` (through the link, to ${written})`;
      io.stderr.write(
        `eni-ips snapshot: wrote ${escapeTerminal(outArg as string)}${escapeTerminal(through)} (region ${regionId}, ${plural(facts.enis.length, "ENI")}, ${plural(facts.securityGroups.length, "security group")}, ${plural(session.stats().reads, "API read")})\n`,
      );
    }
    return EXIT_OK;
  });
};

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
