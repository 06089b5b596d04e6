// Typed errors of the cloud layer (ky-style: one small class per failure area, stable `name` and
// `code`, the original error kept as `cause`) and the classifier the retry loop and the mutation
// logic decide on. Messages never carry credentials: they are built from the API's code, message and
// request id only, and the SDK error travels as the non-enumerable `cause`.
import type { EniFacts } from "../core/types";
import { permissionFor } from "./permissions";

/** The API answered with an error envelope (HTTP 4xx/5xx with Code, Message, RequestId). */
export class CloudApiError extends Error {
  override readonly name = "CloudApiError";
  /** The API's error Code, e.g. `InvalidVSwitchId.IpInvalid`, `Throttling.User`. */
  readonly code: string;
  readonly requestId: string | undefined;
  readonly statusCode: number | undefined;
  /** The API action that failed, e.g. `AssignPrivateIpAddresses`. */
  readonly action: string;
  /** Milliseconds the gateway asked us to wait (`x-acs-retry-after`), when it said so. */
  readonly retryAfterMs: number | undefined;
  /** For a refusal for want of a RAM permission: the permission, e.g. `ecs:AssignPrivateIpAddresses`. */
  readonly permission: string | undefined;

  constructor(init: {
    action: string;
    code: string;
    message: string;
    requestId?: string | undefined;
    statusCode?: number | undefined;
    retryAfterMs?: number | undefined;
    permission?: string | undefined;
    cause?: unknown;
  }) {
    super(
      `${init.action} failed: ${init.code}${init.statusCode === undefined ? "" : ` (HTTP ${init.statusCode})`}: ${init.message}` +
        (init.requestId ? ` [request id ${init.requestId}]` : "") +
        (init.permission ? `; the RAM identity needs the permission ${init.permission} (README, "RAM permissions")` : ""),
      init.cause === undefined ? undefined : { cause: init.cause },
    );
    this.code = init.code;
    this.action = init.action;
    this.requestId = init.requestId;
    this.statusCode = init.statusCode;
    this.retryAfterMs = init.retryAfterMs;
    this.permission = init.permission;
  }
}

/** No usable answer: connection refused/reset, timeout, socket hang up, unparsable body. */
export class CloudTransportError extends Error {
  override readonly name = "CloudTransportError";
  /** Node's error code when there is one (ECONNRESET, ECONNREFUSED, …), else a class of our own. */
  readonly code: string;
  readonly action: string;
  /**
   * False only when the request certainly never reached the server (refused connection, connect
   * timeout, DNS failure); a mutation may have happened otherwise.
   */
  readonly requestMayHaveBeenSent: boolean;

  constructor(init: { action: string; code: string; message: string; requestMayHaveBeenSent: boolean; cause?: unknown }) {
    super(`${init.action} failed: ${init.code}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code;
    this.action = init.action;
    this.requestMayHaveBeenSent = init.requestMayHaveBeenSent;
  }
}

export type CloudConfigErrorCode = "MissingRegion" | "InvalidEndpoint" | "MissingCredentials";

/** Settings we cannot run with (no region, an endpoint that is not a URL, no credentials). */
export class CloudConfigError extends Error {
  override readonly name = "CloudConfigError";
  readonly code: CloudConfigErrorCode;

  constructor(code: CloudConfigErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}

/**
 * A mutation whose outcome could not be settled: the request may or may not have taken effect and a
 * read-back of the ENI did not decide it. Carries the last API/transport error as `cause`, and the
 * ENI as the read-back last saw it (absent when no read succeeded), so a caller can tell what is on
 * the ENI without reading it again.
 */
export class CloudOutcomeUnknownError extends Error {
  override readonly name = "CloudOutcomeUnknownError";
  readonly code = "OutcomeUnknown";
  readonly action: string;
  readonly networkInterfaceId: string;
  readonly eni: EniFacts | undefined;

  constructor(init: { action: string; networkInterfaceId: string; message: string; cause?: unknown; eni?: EniFacts | undefined }) {
    super(`${init.action} on ${init.networkInterfaceId}: ${init.message}`, init.cause === undefined ? undefined : { cause: init.cause });
    this.action = init.action;
    this.networkInterfaceId = init.networkInterfaceId;
    this.eni = init.eni;
  }
}

export type CloudError = CloudApiError | CloudTransportError | CloudConfigError | CloudOutcomeUnknownError;

/** Codes that mean "ENI busy with another task": the same request succeeds a little later. */
const CONFLICT_CODES = new Set(["Operation.Conflict", "OperationConflict"]);

/** Transient server-side codes that can arrive with a non-5xx status on some gateways. */
const TRANSIENT_CODES = new Set(["InternalError", "ServiceUnavailable", "Rejected.Throttling"]);

/** A request with the same ClientToken is still running: wait, then ask again with that token. */
const IN_FLIGHT_CODES = new Set(["IdempotentProcessing", "LastTokenProcessing"]);

/** Refusals for want of a RAM permission (the ECS common table's code). */
const PERMISSION_CODES = new Set(["Forbidden.RAM"]);

/**
 * Node transport failures where the request certainly never left this host. Not httpx's
 * "ConnectTimeout": it is the socket's idle timeout, which fires before the connection is made and
 * just as well after it, while a connected server stays silent, so it proves nothing.
 */
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

/** The API refused with one of `codes` (any code when none is given). `instanceof`, never the name. */
export function isApiError(error: unknown, ...codes: readonly string[]): error is CloudApiError {
  return error instanceof CloudApiError && (codes.length === 0 || codes.includes(error.code));
}

export function isThrottling(error: unknown): boolean {
  return error instanceof CloudApiError && (error.code.startsWith("Throttling") || error.code.includes(".Throttling") || error.code === "Throttling");
}

/** The API is still running an earlier request with this ClientToken (IdempotentProcessing). */
export function isStillProcessing(error: unknown): boolean {
  return error instanceof CloudApiError && IN_FLIGHT_CODES.has(error.code);
}

/** Worth trying again with the same request (and the same ClientToken). */
export function isRetryable(error: unknown): boolean {
  if (error instanceof CloudTransportError) return true;
  if (!(error instanceof CloudApiError)) return false;
  if (isThrottling(error) || isStillProcessing(error)) return true;
  if (CONFLICT_CODES.has(error.code) || TRANSIENT_CODES.has(error.code)) return true;
  return error.statusCode !== undefined && error.statusCode >= 500;
}

/**
 * The mutation may have happened although we got no success answer: the request was sent and the
 * answer was lost (reset, hang-up, read or socket timeout), the server failed mid-way (5xx), or the
 * API says a request with our token is still running.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof CloudTransportError) return error.requestMayHaveBeenSent;
  if (error instanceof CloudApiError) {
    return (error.statusCode !== undefined && error.statusCode >= 500) || error.code === "InternalError" || error.code === "ServiceUnavailable" || isStillProcessing(error);
  }
  return false;
}

function stringProp(value: unknown, key: string): string | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === "string" && v !== "" && v !== "undefined" ? v : undefined;
}

function numberProp(value: unknown, key: string): number | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const v = (value as Record<string, unknown>)[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/** The API's own Message from the raw body the SDK kept in `data`, without the SDK's decoration. */
function apiMessage(error: unknown): string | undefined {
  const data = typeof error === "object" && error !== null ? (error as Record<string, unknown>)["data"] : undefined;
  return stringProp(data, "Message") ?? stringProp(data, "message");
}

/**
 * The permission a refusal says is missing: the gateway's AccessDeniedDetail.AuthAction when it sends
 * one (the SDK keeps it as `accessDeniedDetail`, and in the raw body), else, for a permission code,
 * the permission the action is known to need. Only the action name is taken from the detail, never
 * the principal it also names.
 */
function missingPermission(error: unknown, code: string, action: string): string | undefined {
  const data = typeof error === "object" && error !== null ? (error as Record<string, unknown>)["data"] : undefined;
  const detail = (typeof error === "object" && error !== null ? (error as Record<string, unknown>)["accessDeniedDetail"] : undefined) ?? (data as Record<string, unknown> | undefined)?.["AccessDeniedDetail"];
  const named = stringProp(detail, "AuthAction");
  if (named !== undefined && /^[a-z][a-z0-9-]*:[A-Za-z0-9*]+$/.test(named)) return named;
  return PERMISSION_CODES.has(code) ? permissionFor(action) : undefined;
}

/**
 * Translates whatever the SDK (or Node underneath it) threw into one of our typed errors. The SDK's
 * AlibabaCloudError family carries `statusCode` and `code`; anything else is a transport failure.
 */
export function toCloudError(error: unknown, action: string): CloudApiError | CloudTransportError | CloudConfigError {
  if (error instanceof CloudApiError || error instanceof CloudTransportError || error instanceof CloudConfigError) return error;
  const statusCode = numberProp(error, "statusCode");
  const code = stringProp(error, "code");
  if (statusCode !== undefined && code !== undefined) {
    const retryAfter = numberProp(error, "retryAfter");
    return new CloudApiError({
      action,
      code,
      message: apiMessage(error) ?? "the API returned an error",
      requestId: stringProp(error, "requestId"),
      statusCode,
      retryAfterMs: retryAfter !== undefined && retryAfter > 0 ? retryAfter : undefined,
      permission: missingPermission(error, code, action),
      cause: error,
    });
  }
  if (code === "InvalidCredentials") {
    return new CloudConfigError("MissingCredentials", "no Alibaba Cloud credentials: set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET or configure the default credential chain", { cause: error });
  }
  const name = stringProp(error, "name") ?? "Error";
  const rawMessage = error instanceof Error ? error.message : String(error);
  let transportCode = code ?? name;
  if (/ConnectTimeout/.test(rawMessage)) transportCode = "ConnectTimeout";
  else if (/ReadTimeout/.test(rawMessage)) transportCode = "ReadTimeout";
  else if (/socket hang up/i.test(rawMessage)) transportCode = code ?? "ECONNRESET";
  // An unparsable body (a gateway HTML page) is a SyntaxError: the request did reach the server.
  const requestMayHaveBeenSent = !NOT_SENT_CODES.has(transportCode);
  return new CloudTransportError({
    action,
    code: transportCode,
    message: redactTransportMessage(transportMessage(rawMessage, transportCode)),
    requestMayHaveBeenSent,
    cause: error,
  });
}

/**
 * httpx's wording, made readable: it appends "POST http://… failed." without a space ("…:57619POST"),
 * and its socket timeout – which fires both before the connection is made and while a connected server
 * stays silent – says "ConnectTimeout: Connect URL failed.", which after our code read
 * "ConnectTimeout: ConnectTimeout: …" for what was often a read timeout.
 */
function transportMessage(message: string, code: string): string {
  const idle = /^ConnectTimeout: Connect (\S+) failed\.$/.exec(message);
  if (idle) return `no answer from ${idle[1]} in time (no connection, or the server did not reply)`;
  const read = /^ReadTimeout(?:\((\d+)\)|: (\d+))\.\s*(.*)$/.exec(message);
  if (read) return `no answer within ${read[1] ?? read[2]} ms${read[3] ? `; ${read[3]}` : ""}`;
  const spaced = message.replace(/([^\s;])((?:GET|POST|PUT|DELETE|HEAD|PATCH) \S+ failed\.)$/, "$1; $2");
  return spaced.startsWith(`${code}: `) ? spaced.slice(code.length + 2) : spaced;
}

/** Transport messages can quote the URL; keep them short and free of query strings. */
function redactTransportMessage(message: string): string {
  return message.replace(/\?[^\s]*/g, "?…").slice(0, 300);
}
