// Cloud Assistant invocations over time (the ECS Cloud Assistant API pages and the SDK models): how an instance's part of an invocation is
// decided when the script arrives (not running, no agent, wrong script type for the OS, or run with
// the configured outcome) and which status it shows at a given moment (Running until it finishes).
// The emulator runs nothing: it records the script and reports what it was told to.
import type { AccountState, Instance } from "./state";
import type { CommandType, RecordedScript, SeedInvocation, SeedInvocationInstance } from "./types";

export interface ScriptOutcome {
  status: "Success" | "Failed" | "Timeout";
  exitCode?: number;
  output: string;
}

/** The script types each OS runs. */
const RUNS_ON: Readonly<Record<CommandType, "Linux" | "Windows">> = {
  RunShellScript: "Linux",
  RunPowerShellScript: "Windows",
  RunBatScript: "Windows",
};

export function osTypeOf(inst: Instance): "Linux" | "Windows" {
  return inst.osType ?? "Linux";
}

/** The agent heartbeats only on a running instance whose agent is not switched off. */
export function agentRunning(inst: Instance): boolean {
  return inst.status === "Running" && inst.cloudAssistant !== false;
}

/** The instance's part of a new invocation, decided now. */
export function planInstance(inst: Instance, type: CommandType, now: number, runMs: number, outcome: ScriptOutcome): SeedInvocationInstance {
  const at = (status: SeedInvocationInstance["status"], errorCode: string, errorInfo: string): SeedInvocationInstance =>
    ({ instanceId: inst.instanceId, startAt: now, finishAt: now, status, output: "", errorCode, errorInfo });
  if (inst.status !== "Running") return at("Aborted", "InstanceNotRunning", "the instance is not running when create task");
  if (inst.cloudAssistant === false) return at("Aborted", "ClientNotRunning", "the aliyun service is not running on the instance");
  if (RUNS_ON[type] !== osTypeOf(inst)) return at("Invalid", "CommandNotApplicable", `the command is not applicable: ${type} does not run on ${osTypeOf(inst)}`);
  const finished = { instanceId: inst.instanceId, startAt: now, finishAt: now + runMs, status: outcome.status, output: outcome.output };
  switch (outcome.status) {
    case "Success":
      return { ...finished, exitCode: outcome.exitCode ?? 0, errorCode: "", errorInfo: "" };
    case "Failed":
      return { ...finished, exitCode: outcome.exitCode ?? 1, errorCode: "ExitCodeNonzero", errorInfo: "the command exited with a non-zero exit code" };
    case "Timeout":
      return { ...finished, ...(outcome.exitCode !== undefined ? { exitCode: outcome.exitCode } : {}), errorCode: "ExecutionTimeout", errorInfo: "the command execution has been timeout" };
  }
}

/** Running until the part finishes (only scripts that were started run); then its final status. */
export function partStatus(part: SeedInvocationInstance, now: number): string {
  const ran = part.status === "Success" || part.status === "Failed" || part.status === "Timeout";
  return ran && now < part.finishAt ? "Running" : part.status;
}

export function isFinished(part: SeedInvocationInstance, now: number): boolean {
  return partStatus(part, now) !== "Running";
}

/** InvocationStatus over all instances (Running, Success, Failed, PartialFailed) and the older
 *  InvokeStatus (Running, Finished, Failed, PartialFailed). */
export function overallStatus(inv: SeedInvocation, now: number): { invocationStatus: string; invokeStatus: string } {
  const statuses = inv.instances.map((p) => partStatus(p, now));
  if (statuses.includes("Running")) return { invocationStatus: "Running", invokeStatus: "Running" };
  const ok = statuses.filter((s) => s === "Success").length;
  if (ok === statuses.length) return { invocationStatus: "Success", invokeStatus: "Finished" };
  if (ok === 0) return { invocationStatus: "Failed", invokeStatus: "Failed" };
  return { invocationStatus: "PartialFailed", invokeStatus: "PartialFailed" };
}

export function decodeContent(base64: string): string {
  return Buffer.from(base64, "base64").toString("utf8");
}

/** Every script received, one per instance, oldest first. */
export function recordedScripts(state: AccountState, now: number): RecordedScript[] {
  return state.invocations.flatMap((inv) =>
    inv.instances.map((part) => ({
      invokeId: inv.invokeId,
      commandId: inv.commandId,
      instanceId: part.instanceId,
      type: inv.type,
      content: decodeContent(inv.content),
      timeout: inv.timeout,
      ...(inv.username !== undefined ? { username: inv.username } : {}),
      ...(inv.workingDir !== undefined ? { workingDir: inv.workingDir } : {}),
      receivedAt: new Date(inv.createdAt).toISOString(),
      status: partStatus(part, now),
      ...(part.exitCode !== undefined && isFinished(part, now) ? { exitCode: part.exitCode } : {}),
      errorCode: isFinished(part, now) ? part.errorCode : "",
    })),
  );
}
