// The provider area's public surface (`eni-ips/provider`): the resource, the provider object, and
// what runs the provider in-process (the CLI demo, benches): reset the run, read API call counters.
export {
  SecondaryPrivateIpAddresses,
  type SecondaryPrivateIpAddressesArgs,
  type SecondaryPrivateIpAddressesLimits,
  type SecondaryPrivateIpAddressesOutputs,
} from "./secondary-private-ip-addresses";
export { provider } from "./provider";
export { ProviderError, type ProviderErrorCode } from "./failures";
export { resetProviderRun, providerRunStats } from "./run";
