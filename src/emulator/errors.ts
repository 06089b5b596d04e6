// The API error the emulator answers with: code, HTTP status and message as Alibaba sends them
// (docs/alibaba-api.md). Actions throw ApiError; the server turns it into the envelope.
import { randomUUID } from "node:crypto";

export class ApiError extends Error {
  override readonly name = "ApiError";
  /** Whether a ClientToken sent with the failed request is spent: true for failures in the service,
   *  false for refusals before it (throttling) and for the emulator's own rolled-back disk failure. */
  burnsToken = true;
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (x-acs-retry-after for throttling). */
    readonly headers: Readonly<Record<string, string>> = {},
    /** Extra body fields (AccessDeniedDetail for Forbidden.RAM). */
    readonly fields: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
  }
}

/** Upper-case UUID, the format of every real RequestId. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function errorBody(error: ApiError, requestId: string, hostId: string, product: string): Record<string, unknown> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
    ...error.fields,
  };
}

// Constructors for the codes used in more than one place, so status and wording stay consistent.
export const missingParameter = (name: string): ApiError =>
  new ApiError(400, "MissingParameter", `The input parameter "${name}" that is mandatory for processing this request is not supplied.`);
export const invalidParameter = (name: string, detail: string): ApiError =>
  new ApiError(400, "InvalidParameter", `The specified parameter "${name}" is not valid: ${detail}`);
export const eniNotFound = (id: string): ApiError =>
  new ApiError(404, "InvalidEniId.NotFound", `The specified EniId "${id}" is not found.`);
export const instanceNotFound = (id: string): ApiError =>
  new ApiError(404, "InvalidInstanceId.NotFound", `The specified InstanceId "${id}" does not exist.`);
export const securityGroupNotFound = (id: string): ApiError =>
  new ApiError(404, "InvalidSecurityGroupId.NotFound", `The specified SecurityGroupId "${id}" does not exist.`);
/** The wording each throttling code comes with (ECS common table, gateway tables). All answer 400. */
const THROTTLING_MESSAGES: Readonly<Record<string, string>> = {
  Throttling: "Request was denied due to request throttling.",
  "Throttling.User": "Request was denied due to user flow control.",
  "Throttling.Api": "Request was denied due to api flow control.",
  "Rejected.Throttling": "The request was rejected due to throttling.",
};
/** A RAM identity without the permission (ECS common table); the detail names the action, as the
 *  gateway's AccessDeniedDetail does, so a client can say which permission is missing. */
export const forbiddenRam = (product: string, action: string, accessKeyId: string): ApiError =>
  new ApiError(403, "Forbidden.RAM", "User not authorized to operate on the specified resource.", {}, {
    AccessDeniedDetail: {
      AuthAction: `${product.toLowerCase()}:${action}`,
      AuthPrincipalType: "SubUser",
      AuthPrincipalDisplayName: accessKeyId,
      NoPermissionType: "ImplicitDeny",
      PolicyType: "AccountLevelIdentityBasedPolicy",
      EncodedDiagnosticMessage: "",
    },
  });
export const invalidEniState = (expecting: string, current: string): ApiError =>
  new ApiError(400, "InvalidOperation.InvalidEniState", `The operation is not allowed in the current ENI state. Expecting status is ${expecting} while current status is ${current}.`);
export const invalidEcsState = (instanceId: string, current: string): ApiError =>
  new ApiError(400, "InvalidOperation.InvalidEcsState", `The operation is not allowed in the current instance state. Instance ${instanceId} is ${current}; expecting Running or Stopped.`);
/** Running or Stopped: the instance states in which its network interfaces may change. */
export const ecsStateAllowsEniChanges = (status: string): boolean => status === "Running" || status === "Stopped";
export const throttling = (retryAfterMs: number | undefined, code: string): ApiError =>
  notBurning(new ApiError(400, code, THROTTLING_MESSAGES[code] ?? "Request was denied due to flow control.",
    retryAfterMs === undefined ? {} : { "x-acs-retry-after": String(Math.max(0, Math.round(retryAfterMs))) }));

export function notBurning(error: ApiError): ApiError {
  error.burnsToken = false;
  return error;
}
