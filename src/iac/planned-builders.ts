// Turns one resource, seen through a ResourceView, into a planned object: the same mapping for a
// Terraform resource change and a Pulumi resource, since @pulumi/alicloud is generated from the
// Terraform provider and only spells the attributes differently (alicloud-schema.ts).
import type { PlannedAttachment, PlannedEni, PlannedInstance, PlannedObject, PlannedRef, PlannedSecurityGroup, PlannedVSwitch } from "../core/planned-types";
import { UNKNOWN } from "../core/types";
import {
  ATTACHMENT_ATTRIBUTES,
  attributeNames,
  DEFAULT_SECURITY_GROUP_TYPE,
  ENI_ATTRIBUTES,
  INSTANCE_ATTRIBUTES,
  SECURITY_GROUP_ATTRIBUTES,
  VSWITCH_ATTRIBUTES,
  type ResourceKind,
  type Tool,
} from "./alicloud-schema";
import { strings } from "./values";

/** An attribute the user sets (with the name used, current or deprecated), or not. `hidden`: its
 *  value is sensitive (Terraform) or secret (Pulumi) and must not be read. */
export type Attr = { readonly set: false } | { readonly set: true; readonly name: string; readonly value: unknown; readonly hidden: boolean };
export type SetAttr = Extract<Attr, { set: true }>;

/** One resource's values as a reader sees them, whatever the tool. */
export interface ResourceView {
  /** The first of these alternatives (current name first) the user sets. */
  configured(names: readonly string[]): Attr;
  /** Its value; a hidden one is UNKNOWN, with a warning naming the resource and attribute. */
  value(attr: SetAttr): unknown;
  /** Whether the change alters it (an unknown value is a change). */
  changed(attr: Attr): boolean;
  /** The first of these that the resource's prior state holds (updates). */
  prior(names: readonly string[]): unknown;
  /** A reference to one other object (`vswitch_id`, `instance_id`, …), resolved in the plan. */
  ref(names: readonly string[], want: ResourceKind): PlannedRef;
  /** A set of security group references, resolved in the plan. */
  groups(attr: SetAttr): PlannedRef[];
}

/** What the reader knows of the resource beside its values. */
export interface ResourceBase {
  readonly key: string;
  readonly name: string;
  readonly action: "create" | "update";
  /** update: the resource's cloud id (the ENI's or the instance's). */
  readonly id?: string | undefined;
  /** create: the id of the object it replaces, deleted first. */
  readonly replaces?: string | undefined;
}


/** The primary address, list and count a resource asks for, as set. */
function addressRequest(view: ResourceView, primary: Attr, list: Attr, count: Attr): Pick<PlannedEni, "primaryIpAddress" | "privateIpAddresses" | "secondaryPrivateIpAddressCount"> {
  const list_ = list.set ? view.value(list) : undefined;
  return {
    ...(primary.set ? { primaryIpAddress: view.value(primary) } : {}),
    ...(list_ !== undefined && list_ !== null ? { privateIpAddresses: list_ } : {}),
    ...(count.set ? { secondaryPrivateIpAddressCount: view.value(count) } : {}),
  };
}

export function plannedEni(tool: Tool, view: ResourceView, base: ResourceBase): PlannedEni | undefined {
  const a = ENI_ATTRIBUTES[tool];
  const primary = view.configured(a.primaryIpAddress);
  const list = view.configured(a.privateIpAddresses);
  const count = view.configured(a.secondaryPrivateIpAddressCount);
  const prefixes = view.configured(a.ipv4Prefixes);
  const prefixCount = view.configured(a.ipv4PrefixCount);
  const groups = view.configured(a.securityGroupIds);
  const attributes = attributeNames(tool, "eni", {
    ...(primary.set ? { primaryIpAddress: primary.name } : {}),
    ...(list.set ? { privateIpAddresses: list.name } : {}),
    ...(count.set ? { secondaryPrivateIpAddressCount: count.name } : {}),
    ...(groups.set ? { securityGroupIds: groups.name } : {}),
  });
  const prefixList = prefixes.set ? view.value(prefixes) : undefined;
  const prefixRequest = {
    // An empty list is how the providers say "no prefixes": it asks for none.
    ...(prefixList !== undefined && prefixList !== null && !(Array.isArray(prefixList) && prefixList.length === 0) ? { ipv4Prefixes: prefixList } : {}),
    ...(prefixCount.set && view.value(prefixCount) !== 0 ? { ipv4PrefixCount: view.value(prefixCount) } : {}),
  };
  const common = { kind: "eni" as const, key: base.key, name: base.name, attributes, ...addressRequest(view, primary, list, count), ...prefixRequest };
  if (base.action === "create") {
    return {
      ...common,
      action: "create",
      vSwitch: view.ref(a.vSwitchId, "vSwitch"),
      securityGroups: groups.set ? view.groups(groups) : [],
      ...(base.replaces === undefined ? {} : { replaces: base.replaces }),
    };
  }
  if (base.id === undefined) return undefined;
  return {
    ...common,
    action: "update",
    networkInterfaceId: base.id,
    // The provider's read fills the list with every non-primary address: the resource owns them.
    priorAddresses: strings(view.prior(a.privateIpAddresses)),
    priorPrefixes: strings(view.prior(a.ipv4Prefixes)),
    addressesChange: view.changed(list) || view.changed(count) || view.changed(prefixes) || view.changed(prefixCount),
    ...(groups.set && view.changed(groups) ? { securityGroups: view.groups(groups) } : {}),
  };
}

export function plannedInstance(tool: Tool, view: ResourceView, base: ResourceBase): PlannedInstance | undefined {
  const a = INSTANCE_ATTRIBUTES[tool];
  const primary = view.configured(a.primaryIpAddress);
  const list = view.configured(a.privateIpAddresses);
  const count = view.configured(a.secondaryPrivateIpAddressCount);
  const vSwitch = view.configured(a.vSwitchId);
  const type = view.configured(a.instanceType);
  const status = view.configured(a.status);
  const common = {
    kind: "instance" as const,
    key: base.key,
    name: base.name,
    attributes: attributeNames(tool, "instance", vSwitch.set ? { vSwitchId: vSwitch.name } : {}),
    ...addressRequest(view, primary, list, count),
    ...(type.set ? { instanceType: view.value(type) } : {}),
    ...(status.set && typeof status.value === "string" ? { status: status.value } : {}),
  };
  if (base.action === "create") {
    if (!vSwitch.set) return undefined; // a classic-network instance has no ENI
    const groups = view.configured(a.securityGroupIds);
    return {
      ...common,
      action: "create",
      vSwitch: view.ref([vSwitch.name], "vSwitch"),
      securityGroups: groups.set ? view.groups(groups) : [],
      ...(base.replaces === undefined ? {} : { replaces: base.replaces }),
    };
  }
  if (base.id === undefined) return undefined;
  const eniId = view.prior(a.networkInterfaceId);
  return {
    ...common,
    action: "update",
    instanceId: base.id,
    ...(typeof eniId === "string" && eniId !== "" ? { primaryNetworkInterfaceId: eniId } : {}),
    priorAddresses: strings(view.prior(a.privateIpAddresses)),
    addressesChange: view.changed(list) || view.changed(count),
  };
}

export function plannedAttachment(tool: Tool, view: ResourceView, base: ResourceBase): PlannedAttachment {
  const a = ATTACHMENT_ATTRIBUTES[tool];
  return { kind: "attachment", key: base.key, name: base.name, networkInterface: view.ref(a.networkInterfaceId, "eni"), instance: view.ref(a.instanceId, "instance") };
}

export function plannedVSwitch(tool: Tool, view: ResourceView, base: ResourceBase): PlannedVSwitch {
  const names = VSWITCH_ATTRIBUTES[tool].cidrBlock;
  const cidr = view.configured(names);
  return { kind: "vSwitch", key: base.key, name: base.name, cidrBlock: cidr.set ? view.value(cidr) : UNKNOWN, cidrAttribute: names[0] as string };
}

export function plannedSecurityGroup(tool: Tool, view: ResourceView, base: ResourceBase): PlannedSecurityGroup {
  const names = SECURITY_GROUP_ATTRIBUTES[tool].securityGroupType;
  const type = view.configured(names);
  return { kind: "securityGroup", key: base.key, name: base.name, securityGroupType: type.set ? view.value(type) : DEFAULT_SECURITY_GROUP_TYPE, typeAttribute: names[0] as string };
}

/** The planned object for a resource of a judged kind (eni-ips's own resources aside): ENIs and
 *  instances when created or updated; attachments, vSwitches and groups only when created. */
export function plannedObject(tool: Tool, kind: Exclude<ResourceKind, "eniIps">, view: ResourceView, base: ResourceBase): PlannedObject | undefined {
  switch (kind) {
    case "eni":
      return plannedEni(tool, view, base);
    case "instance":
      return plannedInstance(tool, view, base);
    case "attachment":
      return base.action === "create" ? plannedAttachment(tool, view, base) : undefined;
    case "vSwitch":
      return base.action === "create" ? plannedVSwitch(tool, view, base) : undefined;
    case "securityGroup":
      return base.action === "create" ? plannedSecurityGroup(tool, view, base) : undefined;
    default:
      return undefined;
  }
}
