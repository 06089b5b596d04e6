// The provider area's public surface: the resource, the provider object, and what a bench or test
// needs to run the provider in-process (reset the run, read API call counters).
export {
  SecondaryPrivateIpAddresses,
  type SecondaryPrivateIpAddressesArgs,
  type SecondaryPrivateIpAddressesLimits,
} from "./secondary-private-ip-addresses";
export { provider } from "./provider";
export { UNKNOWN_SENTINEL, type ResourceState } from "./inputs";
export { resetProviderRun, providerRunStats } from "./run";
