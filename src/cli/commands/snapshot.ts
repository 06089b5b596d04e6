// `eni-ips snapshot [--out FILE] [--plan PLAN] [--progress]`: capture, read-only, the account facts
// `preview --snapshot` needs: for the plan's ENIs (what a plan-scoped CI check wants), or for every ENI
// of the region. Writes the versioned snapshot file (docs/snapshot-format.md), or prints it on stdout.
import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { parseCommandArgs, stringOption } from "../args";
import { runGuarded } from "../guard";
import { EXIT_OK, UsageError, type Command } from "../io";
import { gatherLiveFacts, openCloudSession } from "../live-facts";
import { readPlanFile } from "../plan";
import { createProgress } from "../progress";
import { createSnapshot, serializeSnapshot, type SnapshotScope } from "../snapshot-file";

const HELP = `usage: eni-ips snapshot [--out FILE] [--plan PLAN] [--progress]

Capture, read-only, the account facts \`eni-ips preview --snapshot\` needs: the ENIs, their vSwitches,
instances, instance types and security groups (with their usage over all member ENIs).

options:
  --plan PLAN     capture only what this plan's ENIs need (default: every ENI of the region)
  --out FILE      write the snapshot here (default: stdout)
  --progress      show progress on stderr even when it is not a terminal or CI is set
  -h, --help      this help

reads the same environment as \`eni-ips preview\` (credentials, ALIBABA_CLOUD_REGION_ID, endpoints).
`;

export const snapshot: Command = async (argv, io) => {
  const args = parseCommandArgs(argv, { out: { type: "string" }, plan: { type: "string" }, progress: { type: "boolean" } });
  if (args.values["help"]) {
    io.stdout.write(HELP);
    return EXIT_OK;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument ${args.positionals.join(" ")}\n\n${HELP}`);
  const planArg = stringOption(args, "plan");
  const outArg = stringOption(args, "out");

  return runGuarded(io, "snapshot", async () => {
    const plan = planArg === undefined ? undefined : readPlanFile(resolve(io.cwd, planArg), planArg);
    const regionId = plan?.regionId ?? nonEmpty(io.env["ALIBABA_CLOUD_REGION_ID"]);
    if (regionId === undefined) throw new UsageError("no region: set ALIBABA_CLOUD_REGION_ID (or give regionId in the plan)");
    const scope: SnapshotScope =
      plan === undefined
        ? { kind: "region" }
        : {
            kind: "enis",
            networkInterfaceIds: [...new Set(plan.declarations.map((d) => d.declaration.networkInterfaceId).filter((id): id is string => typeof id === "string" && id !== ""))].sort(),
          };
    const session = await openCloudSession(io, regionId);
    const progress = createProgress(io, { force: args.values["progress"] === true });
    const facts = await gatherLiveFacts(session, scope.kind === "region" ? "region" : scope.networkInterfaceIds, progress);
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
