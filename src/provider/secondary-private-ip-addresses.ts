// The Pulumi resource: a set of secondary private IPv4 addresses on one ENI (README, "Pulumi"). Its type
// token is `pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses`, so policies can filter on it.
import * as pulumi from "@pulumi/pulumi";
import type { GuestConfig, GuestOsName } from "../guest/types";
import type { GuestApplied } from "./guest-record";
import type { ResourceState } from "./inputs";
import { provider } from "./provider";

/** The resource's outputs as they are kept in state (`pulumi stack export`). */
export type SecondaryPrivateIpAddressesOutputs = ResourceState;

/** Per-resource limit knobs, applied over the run's (ENI_IPS_* / profile) limits. */
export interface SecondaryPrivateIpAddressesLimits {
  /** Private IPs (primary included) on this ENI while it is Available. */
  availableEniMaxIps?: number;
  /** Absolute cap on this ENI whatever its instance type says; null = none. */
  eniMaxIps?: number | null;
  /** Private IPs over all ENIs of a basic security group of this ENI. */
  basicSecurityGroupMaxIps?: number;
}

export interface SecondaryPrivateIpAddressesArgs {
  /** `eni-…`, primary or secondary ENI; a change replaces the resource. */
  networkInterfaceId: pulumi.Input<string>;
  /** Explicit addresses; exclusive with the count. */
  privateIpAddresses?: pulumi.Input<pulumi.Input<string>[]>;
  /** Let the cloud pick this many free addresses of the vSwitch. */
  secondaryPrivateIpAddressCount?: pulumi.Input<number>;
  /** Defaults to ALIBABA_CLOUD_REGION_ID of the provider host's environment. */
  regionId?: pulumi.Input<string>;
  /** Declared addresses already on this ENI are taken over instead of refused. */
  adoptExisting?: pulumi.Input<boolean>;
  limits?: pulumi.Input<SecondaryPrivateIpAddressesLimits>;
  /** Render the guest OS configuration for the owned addresses into `guestConfig`: a family, or an
   *  image name of the NetworkManager family (alinux3, rocky, …). */
  guestOs?: pulumi.Input<GuestOsName>;
  /** Guest interface (eth1, Ethernet 2); defaults per OS. */
  interfaceName?: pulumi.Input<string>;
  /**
   * Run the converging guest script on the ENI's instance through Cloud Assistant after every create
   * and update, and before delete (needs guestOs, and the instance's agent running: rule 15).
   */
  applyGuestConfig?: pulumi.Input<boolean>;
}

export class SecondaryPrivateIpAddresses extends pulumi.dynamic.Resource {
  // `declare`: the base constructor assigns the outputs; a class field would overwrite them.
  declare public readonly resourceName: pulumi.Output<string>;
  declare public readonly networkInterfaceId: pulumi.Output<string>;
  /** The addresses this resource owns on the ENI, in assignment order. */
  declare public readonly privateIpAddresses: pulumi.Output<string[]>;
  declare public readonly secondaryPrivateIpAddressCount: pulumi.Output<number | undefined>;
  declare public readonly regionId: pulumi.Output<string>;
  declare public readonly vSwitchId: pulumi.Output<string>;
  declare public readonly primaryIpAddress: pulumi.Output<string>;
  declare public readonly cidrBlock: pulumi.Output<string>;
  /** The instance the ENI is bound to now (refresh follows a failover); undefined while Available. */
  declare public readonly instanceId: pulumi.Output<string | undefined>;
  declare public readonly guestConfig: pulumi.Output<GuestConfig | undefined>;
  /** With applyGuestConfig: the last guest script that succeeded (instance, addresses, invocation). */
  declare public readonly guestApplied: pulumi.Output<GuestApplied | undefined>;

  constructor(name: string, args: SecondaryPrivateIpAddressesArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      {
        ...args,
        // Dynamic `check` gets no URN; the name lets every message say which resource is at fault.
        resourceName: name,
        regionId: args.regionId,
        vSwitchId: undefined,
        primaryIpAddress: undefined,
        cidrBlock: undefined,
        // An output only: passed as undefined so the resource exposes it, never sent as an input.
        instanceId: undefined,
        guestConfig: undefined,
        guestApplied: undefined,
      },
      opts,
      "eni-ips",
      "SecondaryPrivateIpAddresses",
    );
  }
}
