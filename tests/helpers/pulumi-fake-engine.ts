// A minimal stand-in for the Pulumi engine's own gRPC service (pulumirpc.Engine). The dynamic-provider
// host is started with the engine's address, exactly as `pulumi up` does; anything it (or code running
// inside it) logs through that address lands here, so tests can assert that nothing secret is logged.
import * as grpc from "@grpc/grpc-js";
import * as engrpc from "@pulumi/pulumi/proto/engine_grpc_pb";
import * as engproto from "@pulumi/pulumi/proto/engine_pb";
import * as emptyproto from "google-protobuf/google/protobuf/empty_pb";

export interface EngineLogEntry {
  readonly severity: number;
  readonly message: string;
  readonly urn: string;
}

export interface FakeEngine {
  /** `127.0.0.1:PORT`, the argument the engine passes to a plugin. */
  readonly address: string;
  readonly logs: EngineLogEntry[];
  close(): Promise<void>;
}

type Unary<Req, Res> = (call: grpc.ServerUnaryCall<Req, Res>, callback: grpc.sendUnaryData<Res>) => void;

export async function startFakeEngine(): Promise<FakeEngine> {
  const logs: EngineLogEntry[] = [];
  let root = "";
  const server = new grpc.Server();
  const log: Unary<engproto.LogRequest, emptyproto.Empty> = (call, cb) => {
    logs.push({ severity: call.request.getSeverity(), message: call.request.getMessage(), urn: call.request.getUrn() });
    cb(null, new emptyproto.Empty());
  };
  const getRootResource: Unary<engproto.GetRootResourceRequest, engproto.GetRootResourceResponse> = (_call, cb) => {
    const res = new engproto.GetRootResourceResponse();
    res.setUrn(root);
    cb(null, res);
  };
  const setRootResource: Unary<engproto.SetRootResourceRequest, engproto.SetRootResourceResponse> = (call, cb) => {
    root = call.request.getUrn();
    cb(null, new engproto.SetRootResourceResponse());
  };
  const unimplemented = (_call: unknown, cb: grpc.sendUnaryData<never>): void => {
    cb({ code: grpc.status.UNIMPLEMENTED, details: "not implemented by the fake engine" }, null);
  };
  server.addService(engrpc.EngineService, {
    log,
    getRootResource,
    setRootResource,
    startDebugging: unimplemented,
    requirePulumiVersion: unimplemented,
  } as unknown as grpc.UntypedServiceImplementation);
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p)));
  });
  return {
    address: `127.0.0.1:${port}`,
    logs,
    close: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
      }),
  };
}
