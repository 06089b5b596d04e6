// Cloud Assistant (ECS 2014-05-26, their API pages): RunCommand, InvokeCommand, DescribeInvocationResults,
// DescribeInvocations and DescribeCloudAssistantStatus, with the field names of the SDK's models.
// Scripts are recorded, not run: each reports Running for limits.commandRunMs, then the outcome the
// fault configuration gives it (Success by default); an instance that is not running, has no agent or
// runs another OS gets the per-instance status and error code the API documents.
import { ApiError, invalidParameter } from "../errors";
import { agentRunning, decodeContent, isFinished, osTypeOf, overallStatus, partStatus, planInstance } from "../invocations";
import { paginate, type PagingRules } from "../paging";
import type { Params } from "../params";
import type { AccountState, Instance } from "../state";
import type { CommandType, SeedCommand, SeedInvocation, SeedInvocationInstance } from "../types";
import { inRegion, type ActionContext, type ActionDef } from "./context";

const COMMAND_TYPES: readonly CommandType[] = ["RunShellScript", "RunPowerShellScript", "RunBatScript"];
/** CommandContent after Base64 encoding. */
const MAX_CONTENT_BASE64 = 24 * 1024;
const MAX_INSTANCES = 100;
const MAX_TIMEOUT_S = 86_400;
const AGENT_VERSION = "2.2.3.857";
const PAGING: PagingRules = { minResults: 1, maxResults: 50, defaultResults: 10, maxPageSize: 50, defaultPageSize: 10 };

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

/** Output and command content are Base64 unless the caller asks for PlainText. */
function encoder(p: Params): (plain: string) => string {
  const encoding = p.string("ContentEncoding") ?? "Base64";
  if (encoding !== "Base64" && encoding !== "PlainText") throw invalidParameter("ContentEncoding", `"${encoding}" is not PlainText or Base64`);
  return encoding === "Base64" ? (plain) => Buffer.from(plain, "utf8").toString("base64") : (plain) => plain;
}

/** InstanceId.N: present, at most 100, each an instance of this region. */
function targetInstances(ctx: ActionContext): Instance[] {
  const ids = [...new Set(ctx.params.repeatList("InstanceId"))];
  if (ids.length === 0) throw new ApiError(400, "MissingParam.InstanceId", 'The input parameter "InstanceId" that is mandatory for processing this request is not supplied.');
  if (ids.length > MAX_INSTANCES) throw new ApiError(400, "InstanceIds.ExceedLimit", `The number of instances exceeds the limit of ${MAX_INSTANCES}.`);
  const region = inRegion(ctx);
  return ids.map((id) => {
    const inst = region ? ctx.state.instances.get(id) : undefined;
    if (!inst) throw new ApiError(404, "InvalidInstance.NotFound", `The specified instance "${id}" does not exist.`);
    return inst;
  });
}

function timeoutSeconds(p: Params, fallback: number): number {
  return p.integer("Timeout", 1, MAX_TIMEOUT_S) ?? fallback;
}

function onlyOnce(p: Params): void {
  const mode = p.string("RepeatMode");
  if (mode !== undefined && mode !== "Once") throw new ApiError(400, "UnsupportedParameter", `RepeatMode "${mode}" is not supported by the eni-ips emulator (Once only).`);
}

/** Who runs the script and where, when the request says. */
function runAs(p: Params): { username?: string; workingDir?: string } {
  const username = p.string("Username");
  const workingDir = p.string("WorkingDir");
  return { ...(username !== undefined ? { username } : {}), ...(workingDir !== undefined ? { workingDir } : {}) };
}

/** Starts an invocation of `content` (Base64) on the instances and records it. */
function invoke(ctx: ActionContext, command: Omit<SeedCommand, "timeout">, instances: Instance[], timeout: number): SeedInvocation {
  const plain = decodeContent(command.content);
  const inv: SeedInvocation = {
    invokeId: ctx.state.newId("t"),
    commandId: command.commandId,
    commandName: command.name,
    type: command.type,
    content: command.content,
    timeout,
    // A kept command's user and directory, unless this request names others.
    ...(command.username !== undefined ? { username: command.username } : {}),
    ...(command.workingDir !== undefined ? { workingDir: command.workingDir } : {}),
    ...runAs(ctx.params),
    createdAt: ctx.now,
    instances: instances.map((inst) => planInstance(inst, command.type, ctx.now, ctx.state.limits.commandRunMs, ctx.faults.commandOutcome(inst.instanceId, plain))),
  };
  ctx.state.addInvocation(inv);
  return inv;
}

export const runCommand: ActionDef = {
  name: "RunCommand",
  product: "Ecs",
  mutation: true,
  idempotent: true,
  run(ctx) {
    const p = ctx.params;
    const type = p.required("Type");
    if (!COMMAND_TYPES.includes(type as CommandType)) throw new ApiError(404, "InvalidCmdType.NotFound", `The specified command type "${type}" does not exist (${COMMAND_TYPES.join(", ")}).`);
    const raw = p.required("CommandContent");
    const encoding = p.string("ContentEncoding") ?? "PlainText";
    if (encoding !== "PlainText" && encoding !== "Base64") throw invalidParameter("ContentEncoding", `"${encoding}" is not PlainText or Base64`);
    if (encoding === "Base64" && !/^[A-Za-z0-9+/]*={0,2}$/.test(raw)) throw invalidParameter("CommandContent", "not valid Base64");
    const content = encoding === "Base64" ? raw : Buffer.from(raw, "utf8").toString("base64");
    if (content.length > MAX_CONTENT_BASE64) throw new ApiError(400, "CmdContent.ExceedLimit", `The command content is ${content.length} bytes after Base64 encoding, over the limit of ${MAX_CONTENT_BASE64}.`);
    onlyOnce(p);
    const timeout = timeoutSeconds(p, 60);
    const instances = targetInstances(ctx);
    const command = { commandId: ctx.state.newId("c"), name: p.string("Name") ?? "", type: type as CommandType, content };
    if (p.boolean("KeepCommand") === true) ctx.state.commands.set(command.commandId, { ...command, timeout, ...runAs(p) });
    const inv = invoke(ctx, command, instances, timeout);
    return { CommandId: command.commandId, InvokeId: inv.invokeId };
  },
};

export const invokeCommand: ActionDef = {
  name: "InvokeCommand",
  product: "Ecs",
  mutation: true,
  idempotent: true,
  run(ctx) {
    const p = ctx.params;
    const commandId = p.required("CommandId");
    const command = inRegion(ctx) ? ctx.state.commands.get(commandId) : undefined;
    if (!command) throw new ApiError(404, "InvalidCommandId.NotFound", `The specified command "${commandId}" does not exist (RunCommand keeps a command only with KeepCommand=true).`);
    onlyOnce(p);
    const timeout = timeoutSeconds(p, command.timeout);
    const inv = invoke(ctx, command, targetInstances(ctx), timeout);
    return { InvokeId: inv.invokeId };
  },
};

/** The invocations of this region that match the filters every Describe* shares. */
function matchingInvocations(ctx: ActionContext): SeedInvocation[] {
  if (!inRegion(ctx)) return [];
  const p = ctx.params;
  const invokeId = p.string("InvokeId");
  const commandId = p.string("CommandId");
  const instanceId = p.string("InstanceId");
  return ctx.state.invocations.filter((inv) =>
    (invokeId === undefined || inv.invokeId === invokeId) &&
    (commandId === undefined || inv.commandId === commandId) &&
    (instanceId === undefined || inv.instances.some((part) => part.instanceId === instanceId)));
}

/** Running, Finished or Failed: the per-instance record status. */
function recordStatus(part: SeedInvocationInstance, now: number): string {
  const status = partStatus(part, now);
  return status === "Running" ? "Running" : status === "Success" ? "Finished" : "Failed";
}

function partTimes(part: SeedInvocationInstance, now: number): { start: string; finish: string } {
  return { start: iso(part.startAt), finish: isFinished(part, now) ? iso(part.finishAt) : "" };
}

export const describeInvocationResults: ActionDef = {
  name: "DescribeInvocationResults",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const encode = encoder(p);
    const instanceId = p.string("InstanceId");
    const wantedRecord = p.string("InvokeRecordStatus");
    const rows = matchingInvocations(ctx).flatMap((inv) =>
      inv.instances
        .filter((part) => (instanceId === undefined || part.instanceId === instanceId) && (wantedRecord === undefined || recordStatus(part, ctx.now) === wantedRecord))
        .map((part) => ({ inv, part })));
    const page = paginate(rows, p, PAGING);
    return {
      Invocation: {
        ...page.fields,
        InvocationResults: {
          InvocationResult: page.items.map(({ inv, part }) => {
            const finished = isFinished(part, ctx.now);
            const times = partTimes(part, ctx.now);
            return {
              CommandId: inv.commandId,
              InvokeId: inv.invokeId,
              InstanceId: part.instanceId,
              InvocationStatus: partStatus(part, ctx.now),
              InvokeRecordStatus: recordStatus(part, ctx.now),
              Output: finished ? encode(part.output) : "",
              Dropped: 0,
              ...(finished && part.exitCode !== undefined ? { ExitCode: part.exitCode } : {}),
              ErrorCode: finished ? part.errorCode : "",
              ErrorInfo: finished ? part.errorInfo : "",
              StartTime: times.start,
              FinishedTime: times.finish,
              StopTime: "",
              Repeats: 1,
              Username: inv.username ?? "",
              ContainerId: "",
              ContainerName: "",
              Launcher: "",
              TerminationMode: "Process",
              Tags: { Tag: [] },
            };
          }),
        },
      },
    };
  },
};

export const describeInvocations: ActionDef = {
  name: "DescribeInvocations",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const encode = encoder(p);
    const withOutput = p.boolean("IncludeOutput") ?? false;
    const commandType = p.string("CommandType");
    const commandName = p.string("CommandName");
    const invokeStatus = p.string("InvokeStatus");
    const all = matchingInvocations(ctx).filter((inv) =>
      (commandType === undefined || inv.type === commandType) &&
      (commandName === undefined || inv.commandName === commandName) &&
      (invokeStatus === undefined || overallStatus(inv, ctx.now).invokeStatus === invokeStatus));
    const page = paginate(all, p, PAGING);
    return {
      ...page.fields,
      Invocations: {
        Invocation: page.items.map((inv) => {
          const { invocationStatus, invokeStatus: overall } = overallStatus(inv, ctx.now);
          return {
            InvokeId: inv.invokeId,
            CommandId: inv.commandId,
            CommandName: inv.commandName,
            CommandType: inv.type,
            CommandContent: encode(decodeContent(inv.content)),
            CommandDescription: "",
            CreationTime: iso(inv.createdAt),
            InvocationStatus: invocationStatus,
            InvokeStatus: overall,
            RepeatMode: "Once",
            Timed: false,
            Frequency: "",
            Timeout: inv.timeout,
            Username: inv.username ?? "",
            WorkingDir: inv.workingDir ?? "",
            Parameters: "{}",
            Launcher: "",
            TerminationMode: "Process",
            ContainerId: "",
            ContainerName: "",
            Tags: { Tag: [] },
            InvokeInstances: {
              InvokeInstance: inv.instances.map((part) => {
                const finished = isFinished(part, ctx.now);
                const times = partTimes(part, ctx.now);
                return {
                  InstanceId: part.instanceId,
                  InvocationStatus: partStatus(part, ctx.now),
                  InstanceInvokeStatus: recordStatus(part, ctx.now),
                  ...(finished && part.exitCode !== undefined ? { ExitCode: part.exitCode } : {}),
                  ErrorCode: finished ? part.errorCode : "",
                  ErrorInfo: finished ? part.errorInfo : "",
                  ...(withOutput ? { Output: finished ? encode(part.output) : "" } : {}),
                  Dropped: 0,
                  Repeats: 1,
                  Timed: false,
                  CreationTime: iso(inv.createdAt),
                  StartTime: times.start,
                  FinishTime: times.finish,
                  UpdateTime: iso(finished ? part.finishAt : ctx.now),
                  StopTime: "",
                };
              }),
            },
          };
        }),
      },
    };
  },
};

function agentJson(state: AccountState, inst: Instance, now: number): Record<string, unknown> {
  const mine = state.invocations.filter((inv) => inv.instances.some((part) => part.instanceId === inst.instanceId));
  const active = mine.filter((inv) => inv.instances.some((part) => part.instanceId === inst.instanceId && !isFinished(part, now))).length;
  const last = mine[mine.length - 1];
  const running = agentRunning(inst);
  return {
    InstanceId: inst.instanceId,
    // A string, as the API sends it: a heartbeat within the last two minutes.
    CloudAssistantStatus: running ? "true" : "false",
    CloudAssistantVersion: AGENT_VERSION,
    OSType: osTypeOf(inst),
    LastHeartbeatTime: running ? iso(now) : "",
    InvocationCount: mine.length,
    ActiveTaskCount: active,
    LastInvokedTime: last ? iso(last.createdAt) : "",
    SupportSessionManager: running,
  };
}

export const describeCloudAssistantStatus: ActionDef = {
  name: "DescribeCloudAssistantStatus",
  product: "Ecs",
  mutation: false,
  run(ctx) {
    const p = ctx.params;
    const ids = p.repeatList("InstanceId", 50);
    const os = p.string("OSType");
    if (os !== undefined && !["linux", "windows", "freebsd"].includes(os.toLowerCase())) throw invalidParameter("OSType", `"${os}" is not Linux, Windows or FreeBSD`);
    const region = inRegion(ctx);
    const idSet = ids.length > 0 ? new Set(ids) : undefined;
    const all = region ? [...ctx.state.instances.values()].filter((i) => (!idSet || idSet.has(i.instanceId)) && (os === undefined || osTypeOf(i).toLowerCase() === os.toLowerCase())) : [];
    const page = paginate(all, p, PAGING);
    return { ...page.fields, InstanceCloudAssistantStatusSet: { InstanceCloudAssistantStatus: page.items.map((i) => agentJson(ctx.state, i, ctx.now)) } };
  },
};
