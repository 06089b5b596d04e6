// The API error the emulator answers with: code, HTTP status and message as Alibaba sends them
// (docs/alibaba-api.md). Actions throw ApiError; the server turns it into the envelope.
import { randomUUID } from "node:crypto";

export class ApiError extends Error {
  override readonly name = "ApiError";
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (x-acs-retry-after for throttling). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** Upper-case UUID, the format of every real RequestId. */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

export function errorBody(error: ApiError, requestId: string, hostId: string, product: string): Record<string, string> {
  return {
    RequestId: requestId,
    HostId: hostId,
    Code: error.code,
    Message: error.message,
    Recommend: `https://api.alibabacloud.com/troubleshoot?intl_lang=EN_US&q=${encodeURIComponent(error.code)}&product=${product}&requestId=${requestId}`,
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
export const throttling = (retryAfterMs: number | undefined, code: string): ApiError =>
  new ApiError(400, code, THROTTLING_MESSAGES[code] ?? "Request was denied due to flow control.",
    retryAfterMs === undefined ? {} : { "x-acs-retry-after": String(Math.max(0, Math.round(retryAfterMs))) });
