// The official Alibaba Cloud resources eni-ips judges, as Terraform (terraform-provider-alicloud) and
// Pulumi (@pulumi/alicloud, generated from it) name them, with the attributes that matter: the current
// name first, then the deprecated ones the providers still accept (docs/plan-formats.md, with sources).
import type { AttributeNames } from "../core/planned-types";

export type ResourceKind = "eni" | "instance" | "attachment" | "vSwitch" | "securityGroup" | "eniIps";
export type Tool = "terraform" | "pulumi";

export const TERRAFORM_TYPES: Readonly<Record<string, ResourceKind>> = {
  alicloud_ecs_network_interface: "eni",
  alicloud_network_interface: "eni",
  alicloud_instance: "instance",
  alicloud_ecs_network_interface_attachment: "attachment",
  alicloud_network_interface_attachment: "attachment",
  alicloud_vswitch: "vSwitch",
  alicloud_security_group: "securityGroup",
};

export const ENI_IPS_TYPE = "pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses";
export const ENI_IPS_PREFIX_TYPE = "pulumi-nodejs:dynamic/eni-ips:Ipv4Prefixes";

export const PULUMI_TYPES: Readonly<Record<string, ResourceKind>> = {
  "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface": "eni",
  "alicloud:vpc/networkInterface:NetworkInterface": "eni",
  "alicloud:ecs/instance:Instance": "instance",
  "alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment": "attachment",
  "alicloud:vpc/networkInterfaceAttachment:NetworkInterfaceAttachment": "attachment",
  "alicloud:vpc/switch:Switch": "vSwitch",
  "alicloud:ecs/securityGroup:SecurityGroup": "securityGroup",
  [ENI_IPS_TYPE]: "eniIps",
  [ENI_IPS_PREFIX_TYPE]: "eniIps",
};

/** Each property's attribute names, current first. */
type Candidates<K extends string> = Readonly<Record<K, readonly string[]>>;

type AddressProps = "vSwitchId" | "securityGroupIds" | "primaryIpAddress" | "privateIpAddresses" | "secondaryPrivateIpAddressCount";
type PrefixProps = "ipv4Prefixes" | "ipv4PrefixCount";

export const ENI_ATTRIBUTES: Readonly<Record<Tool, Candidates<AddressProps | PrefixProps>>> = {
  terraform: {
    vSwitchId: ["vswitch_id"],
    securityGroupIds: ["security_group_ids", "security_groups"],
    primaryIpAddress: ["primary_ip_address", "private_ip"],
    privateIpAddresses: ["private_ip_addresses", "private_ips"],
    secondaryPrivateIpAddressCount: ["secondary_private_ip_address_count", "private_ips_count"],
    ipv4Prefixes: ["ipv4_prefixes"],
    ipv4PrefixCount: ["ipv4_prefix_count"],
  },
  pulumi: {
    vSwitchId: ["vswitchId"],
    securityGroupIds: ["securityGroupIds", "securityGroups"],
    primaryIpAddress: ["primaryIpAddress", "privateIp"],
    privateIpAddresses: ["privateIpAddresses", "privateIps"],
    secondaryPrivateIpAddressCount: ["secondaryPrivateIpAddressCount", "privateIpsCount"],
    ipv4Prefixes: ["ipv4Prefixes"],
    ipv4PrefixCount: ["ipv4PrefixCount"],
  },
};

export const INSTANCE_ATTRIBUTES: Readonly<Record<Tool, Candidates<AddressProps | "instanceType" | "status" | "networkInterfaceId">>> = {
  terraform: {
    vSwitchId: ["vswitch_id", "subnet_id"],
    securityGroupIds: ["security_groups"],
    primaryIpAddress: ["private_ip"],
    privateIpAddresses: ["secondary_private_ips"],
    secondaryPrivateIpAddressCount: ["secondary_private_ip_address_count"],
    instanceType: ["instance_type"],
    status: ["status"],
    networkInterfaceId: ["network_interface_id"],
  },
  pulumi: {
    vSwitchId: ["vswitchId", "subnetId"],
    securityGroupIds: ["securityGroups"],
    primaryIpAddress: ["privateIp"],
    privateIpAddresses: ["secondaryPrivateIps"],
    secondaryPrivateIpAddressCount: ["secondaryPrivateIpAddressCount"],
    instanceType: ["instanceType"],
    status: ["status"],
    networkInterfaceId: ["networkInterfaceId"],
  },
};

export const ATTACHMENT_ATTRIBUTES: Readonly<Record<Tool, Candidates<"instanceId" | "networkInterfaceId">>> = {
  terraform: { instanceId: ["instance_id"], networkInterfaceId: ["network_interface_id"] },
  pulumi: { instanceId: ["instanceId"], networkInterfaceId: ["networkInterfaceId"] },
};

export const VSWITCH_ATTRIBUTES: Readonly<Record<Tool, Candidates<"cidrBlock">>> = {
  terraform: { cidrBlock: ["cidr_block"] },
  pulumi: { cidrBlock: ["cidrBlock"] },
};

export const SECURITY_GROUP_ATTRIBUTES: Readonly<Record<Tool, Candidates<"securityGroupType">>> = {
  terraform: { securityGroupType: ["security_group_type"] },
  pulumi: { securityGroupType: ["securityGroupType"] },
};

/** The provider's default group type when the attribute is not set. */
export const DEFAULT_SECURITY_GROUP_TYPE = "normal";

/** The names a violation of this resource uses: the attribute the user actually set when there is a
 *  choice (an old name stays an old name), else the current one. */
export function attributeNames(
  tool: Tool,
  kind: "eni" | "instance",
  used: Partial<Record<AddressProps | PrefixProps, string>>,
): AttributeNames {
  const table = kind === "eni" ? ENI_ATTRIBUTES[tool] : INSTANCE_ATTRIBUTES[tool];
  const prefixes = kind === "eni" ? ENI_ATTRIBUTES[tool] : undefined;
  const pick = (p: AddressProps): string => used[p] ?? (table[p][0] as string);
  return {
    networkInterfaceId: tool === "terraform" ? (kind === "eni" ? "id" : "network_interface_id") : kind === "eni" ? "id" : "networkInterfaceId",
    primaryIpAddress: pick("primaryIpAddress"),
    privateIpAddresses: pick("privateIpAddresses"),
    secondaryPrivateIpAddressCount: pick("secondaryPrivateIpAddressCount"),
    vSwitchId: pick("vSwitchId"),
    securityGroupIds: pick("securityGroupIds"),
    instanceType: tool === "terraform" ? "instance_type" : "instanceType",
    ...(prefixes === undefined ? {} : { ipv4Prefixes: used.ipv4Prefixes ?? prefixes.ipv4Prefixes[0], ipv4PrefixCount: used.ipv4PrefixCount ?? prefixes.ipv4PrefixCount[0] }),
  };
}
