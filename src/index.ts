// The package root: what Pulumi programs and library users import. Kept light: the resource and the
// pure core load eagerly; the cloud layer (Alibaba SDKs) and the emulator (an HTTP server) load only
// when their entry points are called.
export {
  SecondaryPrivateIpAddresses,
  type SecondaryPrivateIpAddressesArgs,
  type SecondaryPrivateIpAddressesLimits,
} from "./provider/secondary-private-ip-addresses";
export * from "./core/index";
export { renderGuestConfig, GUEST_OS_FAMILIES, GuestConfigError, type GuestConfig, type GuestConfigInput, type GuestOsFamily } from "./guest/index";
export type { CloudSession, CloudSettings, CallStats, AssignRequest } from "./cloud/types";
export type { CloudSessionOptions } from "./cloud/session";
export type { EmulatorOptions, RunningEmulator, FaultConfig, EmulatorSeed } from "./emulator/types";

import type { CloudSessionOptions } from "./cloud/session";
import type { CloudSession } from "./cloud/types";
import type { EmulatorOptions, RunningEmulator } from "./emulator/types";

/** A cloud session (batched, cached reads; retried, idempotent mutations). See eni-ips/cloud. */
export function createCloudSession(options: CloudSessionOptions = {}): CloudSession {
  return (require("./cloud/index") as typeof import("./cloud/index")).createCloudSession(options);
}

/** Starts the local ECS/VPC emulator. See eni-ips/emulator. */
export function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  return (require("./emulator/index") as typeof import("./emulator/index")).startEmulator(options);
}
