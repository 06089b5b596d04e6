// Serves a policy pack the way the Pulumi engine does, without the Pulumi CLI: `node
// <pack>/node_modules/@pulumi/pulumi/cmd/run-policy-pack <engine-address> .` in the pack's folder
// (what the engine's policy analyzer plugin runs for a Node.js pack), with the stack's settings in
// PULUMI_* variables, the port read from the first line of stdout; then the Analyzer service over
// gRPC with the engine's own request types. Properties travel as google.protobuf.Struct, unknown
// values as the engine's sentinel strings.
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import * as analyzerrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzerproto from "@pulumi/pulumi/proto/analyzer_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";
import * as structproto from "google-protobuf/google/protobuf/struct_pb";
import { startFakeEngine, type FakeEngine } from "../helpers/pulumi-fake-engine";

export type Props = Record<string, unknown>;

/** The engine's unknown string (`plugin.UnknownStringValue`). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export interface StackResource {
  readonly urn: string;
  readonly type: string;
  readonly props: Props;
  readonly propertyDependencies?: Readonly<Record<string, readonly string[]>>;
}

export interface Diagnostic {
  readonly policyName: string;
  readonly urn: string;
  readonly message: string;
  readonly enforcementLevel: "advisory" | "mandatory" | "disabled" | "remediate";
}

export interface PolicyInfo {
  readonly name: string;
  readonly enforcementLevel: Diagnostic["enforcementLevel"];
  readonly type: "resource" | "stack" | "unknown";
}

export interface AnalyzerInfo {
  readonly name: string;
  readonly version: string;
  readonly policies: PolicyInfo[];
}

export interface ServedPack {
  readonly port: number;
  readonly engine: FakeEngine;
  getAnalyzerInfo(): Promise<AnalyzerInfo>;
  analyze(resource: StackResource): Promise<Diagnostic[]>;
  analyzeStack(resources: readonly StackResource[]): Promise<Diagnostic[]>;
  /** What the pack printed (the engine shows a plugin's stderr). */
  output(): string;
  close(): Promise<void>;
}

export interface ServeOptions {
  /** The pack's folder: its own node_modules/@pulumi/pulumi is the one started. */
  readonly packDir: string;
  /** The pack's whole environment besides PATH (the engine adds PULUMI_* for the stack). */
  readonly env?: Record<string, string | undefined>;
  readonly stack?: { readonly project: string; readonly stack: string; readonly dryRun: boolean; readonly config?: Record<string, string> };
  readonly startTimeoutMs?: number;
}

export function urn(type: string, name: string, project = "network", stack = "dev"): string {
  return `urn:pulumi:${stack}::${project}::${type}::${name}`;
}

const LEVELS: Record<number, Diagnostic["enforcementLevel"]> = {
  [analyzerproto.EnforcementLevel.ADVISORY]: "advisory",
  [analyzerproto.EnforcementLevel.MANDATORY]: "mandatory",
  [analyzerproto.EnforcementLevel.DISABLED]: "disabled",
  [analyzerproto.EnforcementLevel.REMEDIATE]: "remediate",
};

function toStruct(props: Props): structproto.Struct {
  return structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)) as Record<string, structproto.JavaScriptValue>);
}

function name(urnText: string): string {
  return urnText.slice(urnText.lastIndexOf("::") + 2);
}

function options(): analyzerproto.AnalyzerResourceOptions {
  const o = new analyzerproto.AnalyzerResourceOptions();
  o.setCustomtimeouts(new analyzerproto.AnalyzerResourceOptions.CustomTimeouts());
  return o;
}

function diagnostics(res: analyzerproto.AnalyzeResponse): Diagnostic[] {
  return res.getDiagnosticsList().map((d) => ({
    policyName: d.getPolicyname(),
    urn: d.getUrn(),
    message: d.getMessage(),
    enforcementLevel: LEVELS[d.getEnforcementlevel()] ?? "advisory",
  }));
}

export async function servePolicyPack(opts: ServeOptions): Promise<ServedPack> {
  const engine = await startFakeEngine();
  const env: Record<string, string> = { PATH: process.env["PATH"] ?? "/usr/bin:/bin" };
  const stack = opts.stack ?? { project: "network", stack: "dev", dryRun: true };
  // What the engine sets for a Node.js pack (pulumi/pulumi sdk/go/common/resource/plugin/analyzer_plugin.go).
  Object.assign(env, {
    PULUMI_NODEJS_PROJECT: stack.project,
    PULUMI_NODEJS_STACK: stack.stack,
    PULUMI_NODEJS_DRY_RUN: String(stack.dryRun),
    PULUMI_PROJECT: stack.project,
    PULUMI_STACK: stack.stack,
    PULUMI_DRY_RUN: String(stack.dryRun),
    ...(stack.config === undefined ? {} : { PULUMI_CONFIG: JSON.stringify(stack.config) }),
  });
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  const script = path.join("node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
  const child: ChildProcess = spawn(process.execPath, [script, engine.address, "."], { cwd: opts.packDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the policy pack printed no port in time:\n${stdout}${stderr}`)), opts.startTimeoutMs ?? 90_000);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`the policy pack exited (${code}) before printing its port:\n${stdout}${stderr}`));
    };
    child.once("exit", onExit);
    child.stdout?.on("data", (d: Buffer) => {
      stdout += d.toString();
      const m = /^(\d+)\s*\n/.exec(stdout);
      if (m?.[1] !== undefined) {
        clearTimeout(timer);
        child.off("exit", onExit);
        resolve(Number(m[1]));
      }
    });
  });
  const client = new analyzerrpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = <Req, Res>(fn: (req: Req, cb: (err: grpc.ServiceError | null, res: Res) => void) => unknown, req: Req): Promise<Res> =>
    new Promise<Res>((resolve, reject) => {
      fn.call(client, req, (err, res) => (err ? reject(new Error(`${err.details || err.message}\n${stderr}`)) : resolve(res)));
    });

  // The engine configures the stack first (pulumirpc.Analyzer/ConfigureStack).
  const configure = new analyzerproto.AnalyzerStackConfigureRequest();
  configure.setProject(stack.project);
  configure.setStack(stack.stack);
  configure.setDryRun(stack.dryRun);
  for (const [k, v] of Object.entries(stack.config ?? {})) configure.getConfigMap().set(k, v);
  await call(client.configureStack, configure);

  return {
    port,
    engine,
    async getAnalyzerInfo() {
      const info = await call<emptyproto.Empty, analyzerproto.AnalyzerInfo>(client.getAnalyzerInfo, new emptyproto.Empty());
      return {
        name: info.getName(),
        version: info.getVersion(),
        policies: info.getPoliciesList().map((p) => ({
          name: p.getName(),
          enforcementLevel: LEVELS[p.getEnforcementlevel()] ?? "advisory",
          type: p.getPolicyType() === analyzerproto.PolicyType.POLICY_TYPE_RESOURCE ? "resource" : p.getPolicyType() === analyzerproto.PolicyType.POLICY_TYPE_STACK ? "stack" : "unknown",
        })),
      };
    },
    async analyze(resource) {
      const req = new analyzerproto.AnalyzeRequest();
      req.setUrn(resource.urn);
      req.setType(resource.type);
      req.setName(name(resource.urn));
      req.setProperties(toStruct(resource.props));
      req.setOptions(options());
      return diagnostics(await call(client.analyze, req));
    },
    async analyzeStack(resources) {
      const req = new analyzerproto.AnalyzeStackRequest();
      req.setResourcesList(
        resources.map((r) => {
          const res = new analyzerproto.AnalyzerResource();
          res.setUrn(r.urn);
          res.setType(r.type);
          res.setName(name(r.urn));
          res.setProperties(toStruct(r.props));
          res.setOptions(options());
          const deps = new Set<string>();
          for (const [prop, urns] of Object.entries(r.propertyDependencies ?? {})) {
            if (urns.length === 0) continue;
            const pd = new analyzerproto.AnalyzerPropertyDependencies();
            pd.setUrnsList([...urns]);
            res.getPropertydependenciesMap().set(prop, pd);
            for (const u of urns) deps.add(u);
          }
          res.setDependenciesList([...deps]);
          return res;
        }),
      );
      return diagnostics(await call(client.analyzeStack, req));
    },
    output: () => stdout + stderr,
    async close() {
      client.close();
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill();
        await exited;
      }
      await engine.close();
    },
  };
}
