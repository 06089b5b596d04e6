// The HTTP front: one node:http server for ECS and VPC RPC on `/`, plus the loopback-only admin
// endpoints under /_emulator/. Turns ApiError into the real error envelope and status.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { adminRefusal } from "./admin-guard";
import { ApiError, errorBody, newRequestId } from "./errors";
import type { EmulatorCore } from "./emulator";
import { validateFaults } from "./fault-config";
import { parseQueryPairs } from "./params";

const MAX_BODY = 1024 * 1024;
/** The SDK sends every RPC parameter in the query, and Cloud Assistant scripts may take 24 KB after
 *  Base64 (more once URL-encoded): Node's default 16 KB header limit would cut them off. */
const MAX_HEADER_BYTES = 128 * 1024;

export function createEmulatorServer(core: EmulatorCore): Server {
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, (req, res) => {
    handle(core, req, res).catch((error: unknown) => {
      if (!res.headersSent && !res.destroyed) send(res, 500, { Code: "InternalError", Message: String(error) }, {});
    });
  });
  server.keepAliveTimeout = 5000;
  return server;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, "InvalidParameter", "The request body is too large."));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json;charset=utf-8", "content-length": Buffer.byteLength(text), ...headers });
  res.end(text);
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

async function handle(core: EmulatorCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const requestId = newRequestId();
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const path = q < 0 ? url : url.slice(0, q);
  const rawQuery = q < 0 ? "" : url.slice(q + 1);
  const hostId = headerValue(req, "host") ?? "127.0.0.1";
  const product = headerValue(req, "x-acs-version") === "2016-04-28" ? "Vpc" : "Ecs";
  try {
    const body = await readBody(req);
    if (path.startsWith("/_emulator/") || path === "/_emulator") return admin(core, req, res, path, body);
    if (path !== "/") throw new ApiError(404, "InvalidAction.NotFound", "Specified api is not found, please check your url and method.");
    const queryPairs = parseQueryPairs(rawQuery);
    const form = (headerValue(req, "content-type") ?? "").startsWith("application/x-www-form-urlencoded") ? parseQueryPairs(body.toString("utf8")) : [];
    const outcome = await core.call({ method: req.method ?? "GET", path, queryPairs, allPairs: [...queryPairs, ...form], headers: req.headers, body });
    if (outcome.lose) {
      // The change is committed and persisted; the caller never learns it (an ambiguous failure).
      req.socket.destroy();
      return;
    }
    send(res, 200, { RequestId: requestId, ...outcome.body }, { "x-acs-request-id": requestId });
  } catch (error) {
    const apiError = error instanceof ApiError
      ? error
      : new ApiError(500, "InternalError", `The request processing has failed due to some unknown error. ${error instanceof Error ? error.message : String(error)}`);
    send(res, apiError.status, errorBody(apiError, requestId, hostId, product), { "x-acs-request-id": requestId, ...apiError.headers });
  }
}

function admin(core: EmulatorCore, req: IncomingMessage, res: ServerResponse, path: string, body: Buffer): void {
  const refusal = adminRefusal({
    remoteAddress: req.socket.remoteAddress,
    localPort: req.socket.localPort,
    host: headerValue(req, "host"),
    origin: headerValue(req, "origin"),
    contentType: headerValue(req, "content-type"),
  });
  if (refusal) return send(res, refusal.status, { Code: refusal.code, Message: refusal.message }, {});
  const method = req.method ?? "GET";
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  switch (route) {
    case "GET /_emulator/state":
      return send(res, 200, core.snapshot(), {});
    case "GET /_emulator/calls":
      return send(res, 200, core.callCounts(), {});
    case "GET /_emulator/scripts":
      return send(res, 200, core.scripts(), {});
    case "GET /_emulator/faults":
      return send(res, 200, core.faults.get(), {});
    case "POST /_emulator/reset":
      try {
        core.reset();
      } catch (error) {
        return send(res, 500, { Code: "InternalError", Message: (error as Error).message }, {});
      }
      return send(res, 200, { ok: true }, {});
    case "POST /_emulator/faults": {
      let parsed: unknown;
      try {
        parsed = body.length === 0 ? {} : JSON.parse(body.toString("utf8"));
      } catch (error) {
        return send(res, 400, { Code: "InvalidParameter", Message: `faults: the body is not valid JSON (${(error as Error).message})` }, {});
      }
      try {
        core.faults.set(validateFaults(parsed));
      } catch (error) {
        return send(res, 400, { Code: "InvalidParameter", Message: (error as Error).message }, {});
      }
      return send(res, 200, core.faults.get(), {});
    }
    default:
      return send(res, 404, { Code: "NotFound", Message: `No admin endpoint ${route}. Try GET state|calls|scripts|faults, POST reset|faults under /_emulator/.` }, {});
  }
}
