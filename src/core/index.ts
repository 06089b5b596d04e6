// The public API of the validation core: pure functions and data, no I/O. The provider, the CLI and
// library users import from here (or from the package root, which re-exports it).
export * from "./types";
export * from "./address";
export { validate } from "./validate";
export {
  PROFILES,
  PROFILE_NAMES,
  LIMIT_ENV,
  LimitsError,
  resolveLimits,
  applyOverrides,
  parseInstanceTypeEniIps,
  type LimitsErrorCode,
  type ResolveLimitsOptions,
} from "./limits";
export { RULES, RULE_LIST, ruleOf, type RuleInfo } from "./rules";
export { formatViolation, formatWarning } from "./format";
export { judgePlannedObjects, plannedFactsRequest, type JudgePlannedInput, type JudgedResource, type PlannedJudgement, type PlannedViolation } from "./planned";
export type * from "./planned-types";
