// The provider area's public surface (`eni-ips/provider`): the resources, their provider objects, and
// what runs the provider in-process (the CLI demo, benches): reset the run, read API call counters.
export {
  SecondaryPrivateIpAddresses,
  type SecondaryPrivateIpAddressesArgs,
  type SecondaryPrivateIpAddressesLimits,
  type SecondaryPrivateIpAddressesOutputs,
} from "./secondary-private-ip-addresses";
export { Ipv4Prefixes, type Ipv4PrefixesArgs, type Ipv4PrefixesLimits, type Ipv4PrefixesOutputs } from "./ipv4-prefixes";
export { provider, prefixProvider } from "./provider";
export { ProviderError, type ProviderErrorCode } from "./failures";
export { resetProviderRun, providerRunStats } from "./run";
