// The cloud layer's public surface (`eni-ips/cloud`): sessions, settings and credentials read at
// call time, the typed errors and how to classify them. Retry internals, tokens and timeouts stay
// inside the layer.
export type { AssignPrefixesRequest, AssignRequest, CallStats, CloudSession, CloudSettings, GatherOptions, MoreFacts } from "./types";
export { createCloudSession, type CloudSessionOptions } from "./session";
export { DEFAULT_POLL, type AgentStatus, type GuestScriptRequest, type GuestScriptResult, type GuestScriptType, type PollOptions } from "./cloud-assistant";
export { DEFAULT_STALE_READ_WINDOW_MS } from "./read-cache";
export { readCloudSettings, parseEndpointUrl, type ReadSettingsOptions, type SdkEndpoint } from "./settings";
export { createCallTimeCredential, type CallTimeCredential } from "./credentials";
export type { ClientOptions } from "./clients";
export {
  CloudApiError,
  CloudConfigError,
  CloudOutcomeUnknownError,
  CloudTransportError,
  isAmbiguous,
  isApiError,
  isRetryable,
  isThrottling,
  type CloudConfigErrorCode,
  type CloudError,
} from "./errors";
export { DEFAULT_RETRY, type RetryOptions } from "./retry";
export type { Action, MutationAction, ReadAction, RawBody, RequestFields, Transport } from "./transport";
