// The cloud layer's public surface: sessions, settings, errors and the pieces tests and tools reuse.
export type { AssignRequest, CallStats, CloudSession, CloudSettings, MoreFacts } from "./types";
export { createCloudSession, type CloudSessionOptions } from "./session";
export { DEFAULT_STALE_READ_WINDOW_MS } from "./read-cache";
export { readCloudSettings, parseEndpointUrl, type ReadSettingsOptions, type SdkEndpoint } from "./settings";
export { createCallTimeCredential, type CallTimeCredential } from "./credentials";
export { createSdkClients, CONNECT_TIMEOUT_MS, READ_TIMEOUT_MS, type SdkClients, type ClientOptions } from "./clients";
export {
  CloudApiError,
  CloudConfigError,
  CloudOutcomeUnknownError,
  CloudTransportError,
  isAmbiguous,
  isRetryable,
  isThrottling,
  toCloudError,
  type CloudConfigErrorCode,
  type CloudError,
} from "./errors";
export { DEFAULT_RETRY, backoffDelay, withRetries, type RetryOptions, type RetryRuntime } from "./retry";
export { newClientToken, isValidClientToken } from "./client-token";
export type { Action, MutationAction, ReadAction, RawBody, RequestFields, Transport } from "./transport";
