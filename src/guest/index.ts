// Public surface of the guest renderers (see README.md in this folder for output per OS).
export { renderGuestConfig } from "./render";
export { DEFAULT_RESOURCE_KEY, defaultInterfaceName, guestOsNames, guestResourceKey, isGuestOsFamily, resolveGuestOs } from "./plan";
export {
  GUEST_OS_ALIASES,
  GUEST_OS_FAMILIES,
  GUEST_SCRIPT_EXIT,
  GuestConfigError,
  type GuestConfig,
  type GuestConfigErrorCode,
  type GuestConfigInput,
  type GuestFile,
  type GuestOsAlias,
  type GuestOsFamily,
  type GuestOsName,
  type GuestScriptType,
} from "./types";
