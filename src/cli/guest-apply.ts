// `eni-ips guest-config --apply INSTANCE_ID`: runs the rendered converging script on one instance
// through Cloud Assistant, as the Pulumi resource does with applyGuestConfig: the agent checked first
// (DescribeCloudAssistantStatus), then RunCommand and DescribeInvocationResults until it ends. Same
// cloud layer and credential chain as every other command (a live account or the emulator).
import { describeOutcome, outputTail } from "../cloud/cloud-assistant";
import type { CloudSession } from "../cloud/types";
import { RULES } from "../core/rules";
import type { GuestConfig } from "../guest/types";
import { EXIT_OK, EXIT_VIOLATIONS, type CliIo } from "./io";
import { LiveFactsError, openCloudSession } from "./live-facts";
import { escapeLines, escapeTerminal } from "./terminal-text";

export interface ApplyTarget {
  readonly instanceId: string;
  readonly regionId: string;
  readonly timeoutSeconds: number;
}

/** Lines of a failed script's output shown. */
const TAIL_LINES = 15;

/**
 * 0 when the script succeeded (its output on stdout); 1 when the instance cannot run it (rule 15) or
 * it failed or timed out (exit code and last lines on stderr). Cloud errors become LiveFactsError
 * (exit 2 through runGuarded).
 */
export async function applyOnInstance(io: CliIo, config: GuestConfig, target: ApplyTarget): Promise<number> {
  const session = await openCloudSession(io, target.regionId);
  const say = (text: string): void => void io.stderr.write(`eni-ips guest-config: ${escapeLines(text).replace(/\n/g, "\neni-ips guest-config: ")}\n`);
  const refusal = await agentRefusal(session, target.instanceId, config);
  if (refusal !== undefined) {
    const rule = RULES.guest_agent_unavailable;
    say(`${refusal}; nothing was run [rule ${rule.number} (${rule.code})]`);
    return EXIT_VIOLATIONS;
  }
  const result = await cloudCall(() =>
    session.runGuestScript({ instanceId: target.instanceId, type: config.scriptType, content: config.script, timeoutSeconds: target.timeoutSeconds, name: `eni-ips ${config.resourceKey}` }),
  );
  if (!result.succeeded) {
    const tail = outputTail(result.output, TAIL_LINES);
    say(
      `the ${config.os} script for resource ${config.resourceKey} on ${target.instanceId} ${describeOutcome(result, target.timeoutSeconds)}; invocation ${result.invokeId}` +
        (tail === "" ? "; it printed nothing" : `; its last lines:\n${tail}`),
    );
    return EXIT_VIOLATIONS;
  }
  io.stdout.write(escapeLines(result.output));
  if (result.output !== "" && !result.output.endsWith("\n")) io.stdout.write("\n");
  say(`applied on ${target.instanceId}: invocation ${result.invokeId}, exit code ${result.exitCode ?? 0}`);
  return EXIT_OK;
}

/** Why Cloud Assistant cannot run this script on the instance, or undefined when it can. */
async function agentRefusal(session: CloudSession, instanceId: string, config: GuestConfig): Promise<string | undefined> {
  const agent = (await cloudCall(() => session.cloudAssistantStatus([instanceId], { fresh: true }))).get(instanceId);
  const id = escapeTerminal(instanceId);
  if (agent === undefined) return `${id}: DescribeCloudAssistantStatus does not report this instance (is it in this region, with the agent installed?)`;
  if (!agent.running) return `${id}: its Cloud Assistant agent is not running (start the instance, or install or start the agent)`;
  const windows = agent.osType?.toLowerCase() === "windows";
  if (agent.osType !== undefined && windows !== (config.os === "windows")) {
    return `${id}: Cloud Assistant reports it as ${escapeTerminal(agent.osType)}, but --os ${config.os} renders a ${config.os === "windows" ? "PowerShell" : "shell"} script`;
  }
  return undefined;
}

/** The cloud layer's errors as one line for the user (exit 2). */
async function cloudCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const e = error as { name?: unknown; message?: unknown } | undefined;
    if (typeof e?.name === "string" && e.name.startsWith("Cloud")) {
      throw new LiveFactsError(`Cloud Assistant: ${typeof e.message === "string" ? e.message : String(error)}`, { cause: error });
    }
    throw error;
  }
}
