// Public surface of the guest renderers (see README.md in this folder for output per OS).
export { renderGuestConfig } from "./render";
export { defaultInterfaceName, isGuestOsFamily } from "./plan";
export {
  GUEST_OS_FAMILIES,
  GuestConfigError,
  type GuestConfig,
  type GuestConfigErrorCode,
  type GuestConfigInput,
  type GuestFile,
  type GuestOsFamily,
} from "./types";
