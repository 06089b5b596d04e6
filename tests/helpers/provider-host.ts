// The Pulumi side of the integration tests, without the Pulumi CLI: starts Pulumi's own
// dynamic-provider host (`node node_modules/@pulumi/pulumi/cmd/dynamic-provider <engine-address>`, in
// the project directory, exactly as the engine's `pulumi-resource-pulumi-nodejs` shim does) and drives
// it over gRPC with the engine's request types. Properties travel as google.protobuf.Struct, unknowns
// as Pulumi's unknown sentinel string, the serialized provider as the `__provider` property.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as provrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import * as statusproto from "@pulumi/pulumi/proto/status_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startFakeEngine, type EngineLogEntry, type FakeEngine } from "./pulumi-fake-engine";

/** Pulumi's unknown sentinel (`pulumi.runtime.unknownValue`): how an unknown input crosses the wire. */
export const UNKNOWN_SENTINEL = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export type Props = Record<string, unknown>;

export interface CheckFailure {
  readonly property: string;
  readonly reason: string;
}

export interface CheckResult {
  readonly inputs: Props;
  readonly failures: CheckFailure[];
}

export interface DiffResult {
  readonly changes: "none" | "some" | "unknown";
  readonly replaces: string[];
  readonly deleteBeforeReplace: boolean;
}

/** A failed call. For create/update, `initFailed` is what the provider reported as created anyway. */
export class ProviderCallError extends Error {
  override readonly name = "ProviderCallError";
  constructor(
    readonly method: string,
    message: string,
    readonly initFailed?: { id: string; properties: Props; reasons: string[] },
  ) {
    super(`${method}: ${message}`);
  }
}

export interface StartHostOptions {
  /** The Pulumi project directory: the host runs here and resolves `require("eni-ips/…")` from here. */
  readonly projectDir: string;
  /** The host's whole environment besides PATH (nothing leaks in from the test process). */
  readonly env?: Record<string, string | undefined>;
  /** Defaults to `node_modules/@pulumi/pulumi/cmd/dynamic-provider` relative to projectDir. */
  readonly hostScript?: string;
}

export interface ProviderHost {
  readonly engine: FakeEngine;
  readonly port: number;
  configure(config?: Props): Promise<void>;
  check(urn: string, olds: Props, news: Props): Promise<CheckResult>;
  diff(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props): Promise<DiffResult>;
  create(urn: string, properties: Props, options?: { preview?: boolean }): Promise<{ id: string; properties: Props }>;
  read(urn: string, id: string, properties: Props, inputs?: Props): Promise<{ id: string; properties: Props; inputs: Props | undefined }>;
  update(urn: string, id: string, olds: Props, news: Props, oldInputs?: Props): Promise<{ properties: Props }>;
  delete(urn: string, id: string, properties: Props, oldInputs?: Props): Promise<void>;
  /** Everything the host printed (the engine keeps plugin output in its logs). */
  output(): { stdout: string; stderr: string; engineLogs: EngineLogEntry[] };
  /** All text the host could have leaked: its output and every engine log message. */
  allLogText(): string;
  close(): Promise<void>;
  /** Kills the host process outright (SIGKILL), as a crash or `kill -9` during `pulumi up` would. */
  kill(): Promise<void>;
}

export function urnOf(name: string, type = "pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses", project = "eni-ips-test", stack = "test"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

/** Struct cannot hold undefined; drop it the way the engine's marshaller does. */
function toStruct(props: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Record<string, structproto.JavaScriptValue>);
}

function fromStruct(s: structproto.Struct | undefined): Props {
  return (s?.toJavaScript() ?? {}) as Props;
}

function initFailedOf(err: grpc.ServiceError): ProviderCallError["initFailed"] {
  const raw = err.metadata?.get("grpc-status-details-bin")?.[0];
  if (raw === undefined) return undefined;
  const status = statusproto.Status.deserializeBinary(new Uint8Array(Buffer.from(raw as Buffer)));
  for (const any of status.getDetailsList()) {
    if (any.getTypeName() !== "pulumirpc.ErrorResourceInitFailed") continue;
    const detail = provproto.ErrorResourceInitFailed.deserializeBinary(any.getValue_asU8());
    return { id: detail.getId(), properties: fromStruct(detail.getProperties()), reasons: detail.getReasonsList() };
  }
  return undefined;
}

export async function startProviderHost(options: StartHostOptions): Promise<ProviderHost> {
  const engine = await startFakeEngine();
  const script = options.hostScript ?? path.join("node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider");
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
  for (const [k, v] of Object.entries(options.env ?? {})) if (v !== undefined) env[k] = v;
  const child: ChildProcess = spawn(process.execPath, [script, engine.address], {
    cwd: options.projectDir,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const onExit = (code: number | null): void => reject(new Error(`dynamic-provider host exited (${code}) before printing its port:\n${stderr}`));
    child.once("exit", onExit);
    child.stdout?.on("data", (d: Buffer) => {
      const before = stdout;
      stdout += d.toString();
      if (!before.includes("\n")) {
        const m = /^(\d+)\s*\n/.exec(stdout);
        if (m?.[1] !== undefined) {
          child.off("exit", onExit);
          resolve(Number(m[1]));
        }
      }
    });
  });
  const client = new provrpc.ResourceProviderClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());

  function unary<Req, Res>(method: string, fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      fn.call(client, req, (err, res) => {
        if (err) reject(new ProviderCallError(method, err.details || err.message, initFailedOf(err)));
        else resolve(res);
      });
    });
  }

  // Once: a killed host is closed again by whoever owns it, and the engine shuts down once.
  let stopped: Promise<void> | undefined;
  function stop(signal: NodeJS.Signals): Promise<void> {
    stopped ??= (async () => {
      client.close();
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        child.kill(signal);
        await exited;
      }
      await engine.close();
    })();
    return stopped;
  }

  const host: ProviderHost = {
    engine,
    port,
    async configure(config = {}) {
      const req = new provproto.ConfigureRequest();
      req.setArgs(toStruct(config));
      req.setAcceptsecrets(true);
      req.setAcceptresources(true);
      await unary("Configure", client.configure, req);
    },
    async check(urn, olds, news) {
      const req = new provproto.CheckRequest();
      req.setUrn(urn);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      const res = await unary<provproto.CheckRequest, provproto.CheckResponse>("Check", client.check, req);
      return {
        inputs: fromStruct(res.getInputs()),
        failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
      };
    },
    async diff(urn, id, olds, news, oldInputs) {
      const req = new provproto.DiffRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await unary<provproto.DiffRequest, provproto.DiffResponse>("Diff", client.diff, req);
      const c = res.getChanges();
      const D = provproto.DiffResponse.DiffChanges;
      return {
        changes: c === D.DIFF_SOME ? "some" : c === D.DIFF_NONE ? "none" : "unknown",
        replaces: res.getReplacesList(),
        deleteBeforeReplace: res.getDeletebeforereplace(),
      };
    },
    async create(urn, properties, opts = {}) {
      const req = new provproto.CreateRequest();
      req.setUrn(urn);
      req.setProperties(toStruct(properties));
      req.setPreview(opts.preview ?? false);
      const res = await unary<provproto.CreateRequest, provproto.CreateResponse>("Create", client.create, req);
      return { id: res.getId(), properties: fromStruct(res.getProperties()) };
    },
    async read(urn, id, properties, inputs) {
      const req = new provproto.ReadRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(toStruct(properties));
      if (inputs) req.setInputs(toStruct(inputs));
      const res = await unary<provproto.ReadRequest, provproto.ReadResponse>("Read", client.read, req);
      return { id: res.getId(), properties: fromStruct(res.getProperties()), inputs: res.getInputs() ? fromStruct(res.getInputs()) : undefined };
    },
    async update(urn, id, olds, news, oldInputs) {
      const req = new provproto.UpdateRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setOlds(toStruct(olds));
      req.setNews(toStruct(news));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      const res = await unary<provproto.UpdateRequest, provproto.UpdateResponse>("Update", client.update, req);
      return { properties: fromStruct(res.getProperties()) };
    },
    async delete(urn, id, properties, oldInputs) {
      const req = new provproto.DeleteRequest();
      req.setUrn(urn);
      req.setId(id);
      req.setProperties(toStruct(properties));
      if (oldInputs) req.setOldInputs(toStruct(oldInputs));
      await unary("Delete", client.delete, req);
    },
    output: () => ({ stdout, stderr, engineLogs: engine.logs }),
    allLogText: () => [stdout, stderr, ...engine.logs.map((l) => l.message)].join("\n"),
    async close() {
      await stop("SIGTERM");
    },
    async kill() {
      await stop("SIGKILL");
    },
  };
  return host;
}
