// The Pulumi resource: IPv4 prefixes (aligned /28 blocks, sixteen addresses each) on one ENI (README,
// "IPv4 prefixes"). It shares the address resource's engine (kind.ts); its type token is
// `pulumi-nodejs:dynamic/eni-ips:Ipv4Prefixes`, so policies can filter on it.
import * as pulumi from "@pulumi/pulumi";
import type { SecondaryPrivateIpAddressesLimits } from "./secondary-private-ip-addresses";
import { prefixProvider } from "./provider";

/** The resource's outputs as they are kept in state (`pulumi stack export`). */
export interface Ipv4PrefixesOutputs {
  readonly resourceName: string;
  readonly networkInterfaceId: string;
  readonly regionId: string;
  /** The prefixes this resource owns on the ENI, in assignment order. */
  readonly prefixes: string[];
  readonly prefixCount?: number;
  readonly adoptExisting?: boolean;
  readonly limits?: Ipv4PrefixesLimits;
  readonly vSwitchId: string;
  readonly cidrBlock: string;
  readonly instanceId?: string;
}

/** Per-resource limit knobs (each prefix counts as one address toward them). */
export type Ipv4PrefixesLimits = SecondaryPrivateIpAddressesLimits;

export interface Ipv4PrefixesArgs {
  /** `eni-…`, primary or secondary ENI; a change replaces the resource. */
  networkInterfaceId: pulumi.Input<string>;
  /** Explicit prefixes, aligned /28 blocks inside the vSwitch's prefix reservations ("10.0.3.64/28"); exclusive with the count. */
  prefixes?: pulumi.Input<pulumi.Input<string>[]>;
  /** Let the cloud pick this many free /28 blocks of the vSwitch's prefix reservations (1-10). */
  prefixCount?: pulumi.Input<number>;
  /** Defaults to ALIBABA_CLOUD_REGION_ID of the provider host's environment. */
  regionId?: pulumi.Input<string>;
  /** Declared prefixes already on this ENI are taken over instead of refused. */
  adoptExisting?: pulumi.Input<boolean>;
  limits?: pulumi.Input<Ipv4PrefixesLimits>;
}

export class Ipv4Prefixes extends pulumi.dynamic.Resource {
  // `declare`: the base constructor assigns the outputs; a class field would overwrite them.
  declare public readonly resourceName: pulumi.Output<string>;
  declare public readonly networkInterfaceId: pulumi.Output<string>;
  /** The prefixes this resource owns on the ENI, in assignment order. */
  declare public readonly prefixes: pulumi.Output<string[]>;
  declare public readonly prefixCount: pulumi.Output<number | undefined>;
  declare public readonly regionId: pulumi.Output<string>;
  declare public readonly vSwitchId: pulumi.Output<string>;
  declare public readonly cidrBlock: pulumi.Output<string>;
  /** The instance the ENI is bound to now (refresh follows a failover); undefined while Available. */
  declare public readonly instanceId: pulumi.Output<string | undefined>;

  constructor(name: string, args: Ipv4PrefixesArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      prefixProvider,
      name,
      {
        ...args,
        // Dynamic `check` gets no URN; the name lets every message say which resource is at fault.
        resourceName: name,
        regionId: args.regionId,
        // Named even when a count is given, so the resource always exposes the prefixes it owns.
        prefixes: args.prefixes,
        // Outputs only: passed as undefined so the resource exposes them, never sent as inputs.
        vSwitchId: undefined,
        cidrBlock: undefined,
        instanceId: undefined,
      },
      opts,
      "eni-ips",
      "Ipv4Prefixes",
    );
  }
}
