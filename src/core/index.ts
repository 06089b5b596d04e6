// The public API of the validation core: pure functions and data, no I/O. The provider, the CLI and
// library users import from here (or from the package root, which re-exports it).
export * from "./types";
export * from "./address";
export { validate } from "./validate";
export { RunLedger, type RunLedgerOptions, type RecordKey } from "./run-ledger";
export type { Judgement, Demand, Claims, UsageTouch, RunView } from "./judgement";
export type { FactsIndex, VSwitchIndex } from "./facts-index";
export { FactsError, type FactsErrorCode } from "./facts-check";
export { ValidationInputError } from "./validation-input";
export { formatMessage, type MessageNames, type ProblemParts, type ViolationParts, type WarningParts, type Wording } from "./messages";
export {
  PROFILES,
  PROFILE_NAMES,
  RESOURCE_LIMIT_KEYS,
  PLAN_LIMIT_KEYS,
  isProfileName,
  isLimitCount,
  isLimitValue,
  LIMIT_ENV,
  LimitsError,
  resolveLimits,
  applyOverrides,
  parseInstanceTypeEniIps,
  type LimitsErrorCode,
  type ResolveLimitsOptions,
  type ResourceLimitKey,
} from "./limits";
export { RULES, RULE_LIST, type RuleInfo } from "./rules";
export { showValue } from "./show-value";
export { judgePlannedObjects, plannedFactsRequest, type JudgePlannedInput, type JudgedResource, type PlannedJudgement, type PlannedViolation } from "./planned";
export type * from "./planned-types";
