// The neutral model of what an infrastructure plan will create or change, as far as the rules care:
// ENIs, instances, attachments, vSwitches, security groups and eni-ips's own resources, with their
// references already resolved. Readers of Terraform plans and Pulumi previews (src/iac) produce it;
// planned.ts turns it, with the account facts, into what the rule engine judges. Plain data, no I/O.
import type { LimitOverrides, Unknowable, ValidationWarning } from "./types";

/** Another object a planned one points at: one that exists (by its cloud id), one the same plan
 *  creates (by its key), or one the plan does not let us know (the checks needing it are skipped). */
export type PlannedRef =
  | { readonly kind: "existing"; readonly id: string }
  | { readonly kind: "planned"; readonly key: string }
  | { readonly kind: "unknown"; readonly reason: string };

/** How the tool spells each property a violation can name (`private_ip_addresses`, `privateIps`, …):
 *  violations and warnings speak the user's own attribute names. */
export interface AttributeNames {
  readonly networkInterfaceId: string;
  readonly primaryIpAddress: string;
  readonly privateIpAddresses: string;
  readonly secondaryPrivateIpAddressCount: string;
  readonly vSwitchId: string;
  readonly securityGroupIds: string;
  readonly instanceType: string;
  /** An ENI's IPv4 prefix list and count (`ipv4_prefixes`, `ipv4PrefixCount`, …); absent: `ipv4Prefixes`, `ipv4PrefixCount`. */
  readonly ipv4Prefixes?: string | undefined;
  readonly ipv4PrefixCount?: string | undefined;
  /** The input that takes over an address already on the ENI; absent when the tool has none. */
  readonly adoptExisting?: string | undefined;
}

interface PlannedBase {
  /** Terraform resource address (module path and index included) or Pulumi URN; unique in a plan.
   *  Every violation of this object names it as its declaration. */
  readonly key: string;
  /** Short display name: the Terraform address, or the URN's last segment. Shown as "(new) NAME". */
  readonly name: string;
}

/** Addresses a resource asks for. Values are raw (the core judges them); an absent property is not
 *  set; UNKNOWN is a value known only at apply time. */
export interface PlannedAddressRequest {
  /** The primary address; absent: the cloud assigns one. */
  readonly primaryIpAddress?: Unknowable<unknown> | undefined;
  /** A list (of anything: the rules judge each element), UNKNOWN, or whatever the plan holds. */
  readonly privateIpAddresses?: unknown;
  readonly secondaryPrivateIpAddressCount?: Unknowable<unknown> | undefined;
  /** IPv4 prefixes (aligned /28s) an ENI asks for, raw, or how many; exclusive with the addresses. */
  readonly ipv4Prefixes?: unknown;
  readonly ipv4PrefixCount?: Unknowable<unknown> | undefined;
}

export type PlannedAction = "create" | "update";

/** An ENI (`alicloud_ecs_network_interface`, `EcsNetworkInterface`, and their old names). */
export interface PlannedEni extends PlannedBase, PlannedAddressRequest {
  readonly kind: "eni";
  readonly action: PlannedAction;
  readonly attributes: AttributeNames;
  /** update: the existing ENI. */
  readonly networkInterfaceId?: string | undefined;
  /** create: its vSwitch. */
  readonly vSwitch?: PlannedRef | undefined;
  /** create (and update, when the plan changes them): its groups. */
  readonly securityGroups?: readonly PlannedRef[] | undefined;
  /** update: the secondary addresses the resource held before (its prior state). */
  readonly priorAddresses?: readonly string[] | undefined;
  /** update: the IPv4 prefixes the resource held before. */
  readonly priorPrefixes?: readonly string[] | undefined;
  /** update: true when the address or prefix list or count changes (otherwise nothing is asked of the ENI). */
  readonly addressesChange?: boolean | undefined;
  /** create: the existing ENI this one replaces, deleted before this one is created (Terraform's
   *  default order; Pulumi's deleteBeforeReplace). Its addresses are free for the new one. */
  readonly replaces?: string | undefined;
}

/** An ECS instance (`alicloud_instance`, `ecs/instance:Instance`): its primary ENI holds the primary
 *  and the secondary addresses, limited by the instance type. */
export interface PlannedInstance extends PlannedBase, PlannedAddressRequest {
  readonly kind: "instance";
  readonly action: PlannedAction;
  readonly attributes: AttributeNames;
  /** update: the existing instance. */
  readonly instanceId?: string | undefined;
  /** The primary ENI's id when the plan states it (update). */
  readonly primaryNetworkInterfaceId?: string | undefined;
  readonly instanceType?: Unknowable<unknown> | undefined;
  /** `Running` (default) or `Stopped`. */
  readonly status?: Unknowable<unknown> | undefined;
  readonly vSwitch?: PlannedRef | undefined;
  readonly securityGroups?: readonly PlannedRef[] | undefined;
  readonly priorAddresses?: readonly string[] | undefined;
  readonly addressesChange?: boolean | undefined;
  /** create: the existing instance this one replaces, deleted first (see PlannedEni.replaces). */
  readonly replaces?: string | undefined;
}

/** An ENI attachment (`alicloud_ecs_network_interface_attachment`, `EcsNetworkInterfaceAttachment`). */
export interface PlannedAttachment extends PlannedBase {
  readonly kind: "attachment";
  readonly networkInterface: PlannedRef;
  readonly instance: PlannedRef;
}

/** A vSwitch the plan creates: CIDR from the plan, nothing in use yet. */
export interface PlannedVSwitch extends PlannedBase {
  readonly kind: "vSwitch";
  readonly cidrBlock: Unknowable<unknown>;
  /** `cidr_block` or `cidrBlock`, for messages. */
  readonly cidrAttribute: string;
}

/** A security group the plan creates: type from the plan (`normal` when not set), empty. */
export interface PlannedSecurityGroup extends PlannedBase {
  readonly kind: "securityGroup";
  readonly securityGroupType: Unknowable<unknown>;
  /** `security_group_type` or `securityGroupType`, for messages. */
  readonly typeAttribute: string;
}

/** eni-ips's own `SecondaryPrivateIpAddresses` resource (inputs as its README). */
export interface PlannedEniIps extends PlannedBase {
  readonly kind: "eniIps";
  readonly action: PlannedAction;
  readonly networkInterface: PlannedRef;
  readonly privateIpAddresses?: unknown;
  readonly secondaryPrivateIpAddressCount?: Unknowable<unknown> | undefined;
  readonly adoptExisting?: boolean | undefined;
  readonly limits?: LimitOverrides | undefined;
  /** update: the addresses the resource owns now (its state's `privateIpAddresses`). */
  readonly ownedAddresses?: readonly string[] | undefined;
  /** An Ipv4Prefixes resource: its `prefixes` or `prefixCount` (exclusive with the address inputs). */
  readonly ipv4Prefixes?: unknown;
  readonly ipv4PrefixCount?: Unknowable<unknown> | undefined;
  /** update: the prefixes an Ipv4Prefixes resource owns now (its state's `prefixes`). */
  readonly ownedPrefixes?: readonly string[] | undefined;
}

export type PlannedObject = PlannedEni | PlannedInstance | PlannedAttachment | PlannedVSwitch | PlannedSecurityGroup | PlannedEniIps;

/** What a reader hands the core: the planned objects in plan order, and what it could not read. */
export interface PlannedObjects {
  readonly objects: readonly PlannedObject[];
  /** Unresolvable references, secrets, …: each names the resource and the attribute. */
  readonly warnings: readonly ValidationWarning[];
  /** Resources of types eni-ips does not judge, by type: ignored, and counted in a note. */
  readonly ignored: Readonly<Record<string, number>>;
  /** The region the plan targets, when it says (Terraform provider block, Pulumi `alicloud:region`). */
  readonly regionId?: string | undefined;
}

/** The account facts a set of planned objects needs, by id: what a live read or a snapshot covers. */
export interface FactsRequest {
  readonly networkInterfaceIds: readonly string[];
  readonly vSwitchIds: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly instanceIds: readonly string[];
  readonly instanceTypeIds: readonly string[];
}
