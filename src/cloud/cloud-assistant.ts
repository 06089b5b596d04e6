// Cloud Assistant: run one script on one instance and wait for its outcome (RunCommand, then
// DescribeInvocationResults until the instance's part has finished), and read whether instances'
// agents are running (DescribeCloudAssistantStatus). The facts, with their sources, are in
// docs/alibaba-api.md ("Cloud Assistant"); the emulator serves the same fields.
import { newClientToken } from "./client-token";
import { CloudTransportError, isApiError, isRetryable } from "./errors";
import { allPages, chunks, type ReadCall } from "./describe";
import { list } from "./mapping";
import { withRetries, type RetryOptions, type RetryRuntime } from "./retry";
import type { RawBody, RequestFields } from "./transport";

export type GuestScriptType = "RunShellScript" | "RunPowerShellScript";

export interface GuestScriptRequest {
  readonly instanceId: string;
  readonly type: GuestScriptType;
  /** The script as plain text; it travels Base64-encoded (`ContentEncoding: Base64`). */
  readonly content: string;
  /** RunCommand's `Timeout` in seconds: the agent stops the script after this long. */
  readonly timeoutSeconds: number;
  /** RunCommand's `Name`, shown in the console's list of invocations. */
  readonly name?: string | undefined;
}

/**
 * How the instance's part of the invocation ended. `status` is its `InvocationStatus` (`Success`,
 * `Failed`, `Timeout`, `Aborted`, `Invalid`, `Error`, `Cancelled`, `Terminated`), or `Unfinished`
 * when the wait ran out first (the script may still be running).
 */
export interface GuestScriptResult {
  readonly instanceId: string;
  readonly invokeId: string;
  readonly status: string;
  readonly succeeded: boolean;
  readonly exitCode: number | undefined;
  /** The API's per-instance `ErrorCode` (`ExitCodeNonzero`, `ClientNotRunning`, …), "" when none. */
  readonly errorCode: string;
  readonly errorInfo: string;
  /** `Output`, decoded from Base64 (what the script printed, possibly cut by the agent). */
  readonly output: string;
}

/** An instance's Cloud Assistant agent as DescribeCloudAssistantStatus reports it. */
export interface AgentStatus {
  readonly instanceId: string;
  /** `CloudAssistantStatus` is the string "true": the agent sent a heartbeat in the last two minutes. */
  readonly running: boolean;
  /** `OSType`: Linux, Windows or FreeBSD. */
  readonly osType: string | undefined;
}

/** How DescribeInvocationResults is polled: a growing wait, bounded by the script's timeout plus `graceMs`. */
export interface PollOptions {
  readonly firstDelayMs?: number | undefined;
  readonly maxDelayMs?: number | undefined;
  /** Beyond the script's own timeout: delivery to the agent and the agent's report. */
  readonly graceMs?: number | undefined;
}

export const DEFAULT_POLL: Readonly<Required<{ [K in keyof PollOptions]: number }>> = Object.freeze({ firstDelayMs: 1_000, maxDelayMs: 5_000, graceMs: 60_000 });

export interface CloudAssistantDeps {
  readonly regionId: string;
  /** One attempt of RunCommand, counted in the session's stats. */
  readonly runCommand: (request: RequestFields) => Promise<RawBody>;
  /** Reads, already retried. */
  readonly read: ReadCall;
  readonly retry?: RetryOptions | undefined;
  readonly runtime: RetryRuntime;
  readonly poll?: PollOptions | undefined;
}

/** Statuses after which nothing changes any more; everything else (Pending, Running, Scheduled, Stopping) is waited on. */
const FINISHED = new Set(["Success", "Failed", "Timeout", "Aborted", "Invalid", "Error", "Cancelled", "Terminated"]);
/** RunCommand's `CommandContent` limit, after Base64 encoding (24 KB). */
const MAX_COMMAND_CONTENT = 24 * 1024;
/** Per-status API lists hold at most this many instances. */
const AGENT_BATCH = 50;

function text(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function decodeBase64(value: unknown): string {
  const s = text(value);
  return s === "" ? "" : Buffer.from(s, "base64").toString("utf8");
}

/**
 * Runs the script and waits for its outcome. RunCommand is retried under one ClientToken (a retry of
 * a request that arrived is the same invocation, never a second run); the result is polled with a
 * growing wait. Throws the cloud layer's errors when RunCommand is refused or the reads fail.
 */
export async function runGuestScript(deps: CloudAssistantDeps, request: GuestScriptRequest): Promise<GuestScriptResult> {
  const commandContent = Buffer.from(request.content, "utf8").toString("base64");
  if (commandContent.length > MAX_COMMAND_CONTENT) {
    throw new RangeError(`the script is ${commandContent.length} bytes in Base64; RunCommand takes at most ${MAX_COMMAND_CONTENT} (fewer addresses per resource keep it shorter)`);
  }
  const clientToken = newClientToken();
  const fields: RequestFields = {
    regionId: deps.regionId,
    type: request.type,
    commandContent,
    contentEncoding: "Base64",
    instanceId: [request.instanceId],
    timeout: request.timeoutSeconds,
    repeatMode: "Once",
    keepCommand: false,
    clientToken,
    ...(request.name !== undefined ? { name: request.name } : {}),
  };
  const body = await withRetries(() => deps.runCommand(fields), {
    retry: deps.retry,
    runtime: deps.runtime,
    // The same token while the first attempt is still being processed: the API answers with it once done.
    shouldRetry: (error) => isRetryable(error) || isApiError(error, "IdempotentProcessing"),
  });
  const invokeId = text(body["InvokeId"]);
  if (invokeId === "") {
    throw new CloudTransportError({ action: "RunCommand", code: "InvalidResponse", message: "the answer has no InvokeId", requestMayHaveBeenSent: true });
  }
  return waitForResult(deps, invokeId, request);
}

async function waitForResult(deps: CloudAssistantDeps, invokeId: string, request: GuestScriptRequest): Promise<GuestScriptResult> {
  const first = deps.poll?.firstDelayMs ?? DEFAULT_POLL.firstDelayMs;
  const max = deps.poll?.maxDelayMs ?? DEFAULT_POLL.maxDelayMs;
  const deadline = deps.runtime.now() + request.timeoutSeconds * 1_000 + (deps.poll?.graceMs ?? DEFAULT_POLL.graceMs);
  let last: GuestScriptResult = { instanceId: request.instanceId, invokeId, status: "Pending", succeeded: false, exitCode: undefined, errorCode: "", errorInfo: "", output: "" };
  for (let delay = first; ; delay = Math.min(max, Math.ceil(delay * 1.5))) {
    await deps.runtime.sleep(delay);
    last = (await readResult(deps, invokeId, request.instanceId)) ?? last;
    if (FINISHED.has(last.status)) return last;
    if (deps.runtime.now() + Math.min(max, delay * 1.5) > deadline) return { ...last, status: "Unfinished", succeeded: false };
  }
}

/** The instance's row of the invocation; undefined while the API does not list it yet. */
async function readResult(deps: CloudAssistantDeps, invokeId: string, instanceId: string): Promise<GuestScriptResult | undefined> {
  const body = await deps.read("DescribeInvocationResults", { regionId: deps.regionId, invokeId, instanceId, contentEncoding: "Base64" });
  for (const item of list(body["Invocation"], "InvocationResults", "InvocationResult")) {
    const row = item as Record<string, unknown>;
    if (text(row["InstanceId"]) !== instanceId) continue;
    const status = resultStatus(row);
    const exit = row["ExitCode"];
    return {
      instanceId,
      invokeId,
      status,
      succeeded: status === "Success",
      exitCode: typeof exit === "number" && Number.isFinite(exit) ? exit : undefined,
      errorCode: text(row["ErrorCode"]),
      errorInfo: text(row["ErrorInfo"]),
      output: decodeBase64(row["Output"]),
    };
  }
  return undefined;
}

/** `InvocationStatus`; from the older `InvokeRecordStatus` when an answer lacks it. */
function resultStatus(row: Record<string, unknown>): string {
  const status = text(row["InvocationStatus"]);
  if (status !== "") return status;
  const record = text(row["InvokeRecordStatus"]);
  if (record === "Finished") return row["ExitCode"] === 0 ? "Success" : "Failed";
  return record === "Failed" ? "Failed" : record === "" ? "Pending" : record;
}

/** The agents of these instances; an instance the API does not list is absent from the map. */
export async function describeAgents(read: ReadCall, regionId: string, instanceIds: readonly string[]): Promise<Map<string, AgentStatus>> {
  const out = new Map<string, AgentStatus>();
  for (const batch of chunks([...new Set(instanceIds)], AGENT_BATCH)) {
    for (const page of await allPages(read, "DescribeCloudAssistantStatus", { regionId, instanceId: batch, maxResults: AGENT_BATCH })) {
      for (const item of list(page, "InstanceCloudAssistantStatusSet", "InstanceCloudAssistantStatus")) {
        const row = item as Record<string, unknown>;
        const instanceId = text(row["InstanceId"]);
        if (instanceId === "") continue;
        // A string in the API ("true"/"false"); a boolean is taken as meant.
        const running = row["CloudAssistantStatus"] === "true" || row["CloudAssistantStatus"] === true;
        const os = text(row["OSType"]);
        out.set(instanceId, { instanceId, running, osType: os === "" ? undefined : os });
      }
    }
  }
  return out;
}

/** Agent statuses cached for a while per session: a preview of many resources on one instance asks once. */
export class AgentStatusCache {
  private readonly entries = new Map<string, { status: AgentStatus | undefined; at: number }>();

  constructor(private readonly now: () => number, private readonly ttlMs = 60_000) {}

  async read(fetch: (ids: string[]) => Promise<Map<string, AgentStatus>>, instanceIds: readonly string[], fresh: boolean): Promise<Map<string, AgentStatus | undefined>> {
    const now = this.now();
    const wanted = [...new Set(instanceIds)];
    const missing = wanted.filter((id) => fresh || (this.entries.get(id)?.at ?? -Infinity) + this.ttlMs <= now);
    if (missing.length > 0) {
      const got = await fetch(missing);
      for (const id of missing) this.entries.set(id, { status: got.get(id), at: now });
    }
    return new Map(wanted.map((id) => [id, this.entries.get(id)?.status]));
  }
}

/** RunCommand's `Timeout` eni-ips asks for: its scripts write a few files and add or remove addresses,
 *  which takes seconds; a minute and a half leaves room for a busy instance and a slow `netplan apply`. */
export const GUEST_SCRIPT_TIMEOUT_SECONDS = 90;

/**
 * How a script that did not succeed ended, in words: "ended Failed with exit code 3 (ExitCodeNonzero:
 * …)", or that it did not finish within its timeout.
 */
export function describeOutcome(result: GuestScriptResult, timeoutSeconds: number): string {
  if (result.status === "Unfinished") return `did not finish within ${timeoutSeconds} s (it may still be running)`;
  const exit = result.exitCode !== undefined ? ` with exit code ${result.exitCode}` : "";
  const code = result.errorCode !== "" ? ` (${result.errorCode}${result.errorInfo !== "" ? `: ${result.errorInfo}` : ""})` : "";
  return `ended ${result.status}${exit}${code}`;
}

/** The last `n` lines of a script's output, each quoted as "  | line"; "" when it printed nothing. */
export function outputTail(output: string, n: number): string {
  const trimmed = output.replace(/\s+$/, "");
  return trimmed === "" ? "" : trimmed.split("\n").slice(-n).map((l) => `  | ${l}`).join("\n");
}
