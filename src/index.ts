// The package root: what Pulumi programs and library users import. Kept small and light: the
// resource with its args and outputs, the core's `validate` (with `resolveLimits` for the limits it
// judges by) and its types, the guest renderer, and the error classes a caller may meet. Nothing here
// loads an Alibaba SDK or starts a server; those live in `eni-ips/cloud` and `eni-ips/emulator`.
export {
  SecondaryPrivateIpAddresses,
  type SecondaryPrivateIpAddressesArgs,
  type SecondaryPrivateIpAddressesLimits,
  type SecondaryPrivateIpAddressesOutputs,
} from "./provider/secondary-private-ip-addresses";
export { Ipv4Prefixes, type Ipv4PrefixesArgs, type Ipv4PrefixesLimits, type Ipv4PrefixesOutputs } from "./provider/ipv4-prefixes";
export { validate } from "./core/validate";
export { FactsError, type FactsErrorCode } from "./core/facts-check";
export { ValidationInputError } from "./core/validation-input";
export { resolveLimits, LimitsError, type LimitsErrorCode, type ResolveLimitsOptions } from "./core/limits";
export type {
  AccountFacts,
  Declaration,
  EniFacts,
  InstanceFacts,
  InstanceTypeFacts,
  LimitOverrides,
  ProfileName,
  ResolvedLimits,
  SecurityGroupFacts,
  UsageReport,
  ValidationInput,
  ValidationResult,
  ValidationWarning,
  Violation,
  ViolationCode,
  ViolationDetails,
  VSwitchFacts,
  WarningCode,
} from "./core/types";
export { renderGuestConfig } from "./guest/render";
export { GuestConfigError, type GuestConfig, type GuestConfigErrorCode, type GuestConfigInput, type GuestFile, type GuestOsFamily, type GuestOsName, type GuestScriptType } from "./guest/types";
export { CloudApiError, CloudConfigError, CloudOutcomeUnknownError, CloudTransportError } from "./cloud/errors";
export { ProviderError, type ProviderErrorCode } from "./provider/failures";
