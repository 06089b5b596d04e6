// The two example stacks on the bundled demo account (the emulator's demo seed, cn-hangzhou): the
// Terraform configuration in terraform/ and the Pulumi program in pulumi/, each as the plan its tool
// writes for it (terraform/plan.json, pulumi/preview.json). Both break every rule that can apply to an
// ENI a plan creates or changes, one resource each (`expect` below), beside resources that pass; the
// "fits" variant of each is the same stack with every fault fixed, and passes as a whole.
// regenerate.js writes the files; tests/cli/iac-preview.test.ts checks every verdict against `expect`.
"use strict";
const { terraformPlan, pulumiPreview, eniState, instanceState, UNKNOWN } = require("./plan-builder");

const APP = "vsw-bp1demoapp"; // 10.0.1.0/24
const SMALL = "vsw-bp1demosmall"; // 10.0.2.0/28, two free addresses
const FLEET = "vsw-bp1demofleet"; // 10.0.16.0/20
const BASIC = "sg-bp1demobasic";
const FULL = "sg-bp1demofull"; // 1,990 of 2,000 private IPs used
const IMAGE = "aliyun_3_x64_20G_alibase_20240819.vhd";

/** The Terraform stack (terraform/main.tf). Returns { doc, expect: address -> code | null }. */
function terraformExample({ fits = false } = {}) {
  const tf = terraformPlan();
  const expect = {};
  const add = (code, spec) => {
    const address = tf.resource(spec);
    expect[address] = fits ? null : code;
    return address;
  };
  const eni = (name, config, code, extra = {}) =>
    add(code, { type: "alicloud_ecs_network_interface", name, config: { vswitch_id: APP, security_group_ids: [BASIC], network_interface_name: name, ...config }, ...extra });

  // --- pass: a new tier (vSwitch, group, two ENIs from a module), an instance with an attached ENI,
  // an update of an ENI Terraform already manages.
  tf.resource({ type: "alicloud_vswitch", name: "tier", config: { vpc_id: "vpc-bp1demovpc", cidr_block: "10.0.8.0/28", zone_id: "cn-hangzhou-h", vswitch_name: "tier" } });
  tf.resource({ type: "alicloud_security_group", name: "tier", config: { vpc_id: "vpc-bp1demovpc", security_group_name: "tier" } });
  tf.moduleCall("web", {
    source: "./modules/eni",
    count: 2,
    expressions: {
      vswitch_id: { references: ["alicloud_vswitch.tier.id", "alicloud_vswitch.tier"] },
      security_group_id: { references: ["alicloud_security_group.tier.id", "alicloud_security_group.tier"] },
      secondary_count: { constant_value: 2 },
    },
    variables: { vswitch_id: { description: "vSwitch of the ENI" }, security_group_id: { description: "its security group" }, secondary_count: { default: 2, description: "secondary addresses" } },
  });
  for (const i of [0, 1]) {
    add(null, {
      module: "web",
      moduleIndex: i,
      type: "alicloud_ecs_network_interface",
      name: "this",
      config: { vswitch_id: UNKNOWN, security_group_ids: [UNKNOWN], secondary_private_ip_address_count: 2, network_interface_name: "web" },
      refs: { vswitch_id: ["var.vswitch_id"], security_group_ids: ["var.security_group_id"], secondary_private_ip_address_count: ["var.secondary_count"] },
    });
  }
  add(null, {
    type: "alicloud_instance",
    name: "app",
    config: { image_id: IMAGE, instance_type: "ecs.g7.xlarge", vswitch_id: APP, security_groups: [BASIC], private_ip: "10.0.1.150", secondary_private_ips: ["10.0.1.151", "10.0.1.152"], instance_name: "app" },
  });
  add(null, { type: "alicloud_ecs_network_interface", name: "app_data", config: { vswitch_id: APP, security_group_ids: [BASIC], network_interface_name: "app-data", secondary_private_ip_address_count: 3 } });
  tf.resource({
    type: "alicloud_ecs_network_interface_attachment",
    name: "app_data",
    config: { instance_id: UNKNOWN, network_interface_id: UNKNOWN },
    refs: { instance_id: ["alicloud_instance.app.id", "alicloud_instance.app"], network_interface_id: ["alicloud_ecs_network_interface.app_data.id", "alicloud_ecs_network_interface.app_data"] },
  });
  add(null, {
    type: "alicloud_ecs_network_interface",
    name: "bound",
    action: "update",
    before: eniState({ id: "eni-bp1demobound", vswitchId: APP, securityGroupIds: [BASIC], primary: "10.0.1.20", secondaries: ["10.0.1.21", "10.0.1.22"], name: "bound" }),
    config: { vswitch_id: APP, security_group_ids: [BASIC], network_interface_name: "bound", private_ip_addresses: ["10.0.1.21", "10.0.1.22", "10.0.1.23"] },
  });
  // Resources eni-ips does not judge: ignored, and counted in a note.
  tf.resource({ type: "alicloud_eip_address", name: "app", config: { address_name: "app", bandwidth: "5" } });
  tf.resource({ type: "alicloud_eip_association", name: "app", config: { allocation_id: UNKNOWN, instance_id: UNKNOWN }, refs: { allocation_id: ["alicloud_eip_address.app.id", "alicloud_eip_address.app"], instance_id: ["alicloud_instance.app.id", "alicloud_instance.app"] } });

  // --- each of these breaks one rule (fixed in the "fits" variant).
  eni("typo", { private_ip_addresses: [fits ? "10.0.1.200" : "10.0.1.300"] }, "invalid_ip");
  eni("dup", { private_ip_addresses: [fits ? "10.0.1.201" : "10.0.1.151"] }, "duplicate_ip");
  eni("wrong_subnet", { private_ip_addresses: [fits ? "10.0.1.202" : "10.0.2.5"] }, "outside_vswitch_cidr");
  eni("gateway", { primary_ip_address: fits ? "10.0.1.203" : "10.0.1.253" }, "reserved_ip");
  eni("taken", { private_ip_addresses: [fits ? "10.0.1.204" : "10.0.1.11"] }, "ip_in_use");
  eni("negative", { secondary_private_ip_address_count: fits ? 1 : -1 }, "invalid_count", { refs: { secondary_private_ip_address_count: ["var.extra_ips"] } });
  // The deprecated type and attribute names; planned with -refresh=false after the ENI was deleted.
  add("eni_not_found", {
    type: "alicloud_network_interface",
    name: "legacy",
    action: "update",
    before: eniState({ id: fits ? "eni-bp1demofree" : "eni-bp1doesnotexist", vswitchId: APP, securityGroupIds: [BASIC], primary: fits ? "10.0.1.100" : "10.0.1.90", secondaries: fits ? [] : ["10.0.1.91"], status: fits ? "Available" : "InUse", name: "legacy" }),
    config: { vswitch_id: APP, security_groups: [BASIC], name: "legacy", private_ips_count: 2 },
  });
  if (!fits) {
    add("eni_state", {
      type: "alicloud_ecs_network_interface",
      name: "detaching",
      action: "update",
      before: eniState({ id: "eni-bp1demodetach", vswitchId: APP, securityGroupIds: [BASIC], primary: "10.0.1.110", status: "Detaching", name: "detaching" }),
      config: { vswitch_id: APP, security_group_ids: [BASIC], network_interface_name: "detaching", private_ip_addresses: ["10.0.1.111"] },
    });
  }
  const starting = fits
    ? { id: "i-bp1demostopped", instanceType: "ecs.c7.4xlarge", privateIp: "10.0.1.40", status: "Stopped", address: "10.0.1.41" }
    : { id: "i-bp1demostarting", instanceType: "ecs.g6.large", privateIp: "10.0.1.50", status: "Starting", address: "10.0.1.51" };
  add("instance_state", {
    type: "alicloud_instance",
    name: "starting",
    action: "update",
    before: instanceState({ id: starting.id, instanceType: starting.instanceType, vswitchId: APP, securityGroups: [BASIC], privateIp: starting.privateIp, status: starting.status, name: "starting" }),
    config: { image_id: IMAGE, instance_type: starting.instanceType, vswitch_id: APP, security_groups: [BASIC], instance_name: "starting", ...(fits ? { status: "Stopped" } : {}), secondary_private_ips: [starting.address] },
  });
  add("eni_ip_limit", {
    type: "alicloud_instance",
    name: "cache",
    config: { image_id: IMAGE, instance_type: "ecs.g6.large", vswitch_id: APP, security_groups: [BASIC], instance_name: "cache", secondary_private_ip_address_count: fits ? 5 : 6 },
  });
  for (const i of [0, 1]) {
    const address = tf.resource({
      type: "alicloud_ecs_network_interface",
      name: "fleet",
      index: i,
      count: 2,
      config: { vswitch_id: FLEET, security_group_ids: [FULL], network_interface_name: "fleet", secondary_private_ip_address_count: fits ? 4 : 5 },
    });
    expect[address] = fits || i === 0 ? null : "security_group_quota";
  }
  eni("small", { vswitch_id: SMALL, secondary_private_ip_address_count: fits ? 1 : 2 }, "vswitch_exhausted");
  return { doc: tf.build(), expect };
}

const ECS_ENI = "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface";
const OLD_ENI = "alicloud:vpc/networkInterface:NetworkInterface";
const INSTANCE = "alicloud:ecs/instance:Instance";
const ATTACHMENT = "alicloud:ecs/ecsNetworkInterfaceAttachment:EcsNetworkInterfaceAttachment";
const SWITCH = "alicloud:vpc/switch:Switch";
const GROUP = "alicloud:ecs/securityGroup:SecurityGroup";
const ENI_IPS = "pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses";
/** How a dynamic resource's serialized provider appears among its inputs (shortened). */
const DYNAMIC_PROVIDER = "exports.handler = __f0;\n\nfunction __f0() {\n  return require(\"eni-ips/provider\").provider;\n}\n";

/** What the provider's read of an ENI puts in its outputs (current and deprecated names alike). */
function eniOutputs({ id, vswitchId, securityGroupIds, primary, secondaries = [], status = "InUse" }) {
  return {
    id, description: "", instanceType: "Secondary", mac: "00:16:3e:12:34:56", networkInterfaceName: "", name: "", primaryIpAddress: primary, privateIp: primary,
    privateIpAddresses: secondaries, privateIps: secondaries, privateIpsCount: secondaries.length, secondaryPrivateIpAddressCount: secondaries.length,
    securityGroupIds, securityGroups: securityGroupIds, status, vswitchId, queueNumber: 1, tags: {},
  };
}

/** The Pulumi stack (pulumi/index.ts). Returns { doc, expect: URN -> code | null }. */
function pulumiExample({ fits = false } = {}) {
  const p = pulumiPreview();
  const expect = {};
  const add = (code, spec) => {
    const urn = p.resource(spec);
    expect[urn] = fits ? null : code;
    return urn;
  };
  const eni = (name, inputs, code) => add(code, { type: ECS_ENI, name, inputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: name, ...inputs } });

  p.resource({ type: SWITCH, name: "tier", inputs: { vpcId: "vpc-bp1demovpc", cidrBlock: "10.0.8.0/28", zoneId: "cn-hangzhou-h", vswitchName: "tier" } });
  p.resource({ type: GROUP, name: "tier-sg", inputs: { vpcId: "vpc-bp1demovpc", securityGroupName: "tier", securityGroupType: "normal" } });
  for (const i of [0, 1]) {
    add(null, {
      type: ECS_ENI,
      name: `web-${i}`,
      inputs: { vswitchId: UNKNOWN, securityGroupIds: [UNKNOWN], networkInterfaceName: `web-${i}`, secondaryPrivateIpAddressCount: 2 },
      deps: { vswitchId: ["tier"], securityGroupIds: ["tier-sg"] },
    });
  }
  add(null, { type: INSTANCE, name: "app", inputs: { imageId: IMAGE, instanceType: "ecs.g7.xlarge", vswitchId: APP, securityGroups: [BASIC], privateIp: "10.0.1.150", secondaryPrivateIps: ["10.0.1.151", "10.0.1.152"], instanceName: "app" } });
  add(null, { type: ECS_ENI, name: "app-data", inputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: "app-data", secondaryPrivateIpAddressCount: 3 } });
  p.resource({ type: ATTACHMENT, name: "app-data", inputs: { instanceId: UNKNOWN, networkInterfaceId: UNKNOWN }, deps: { instanceId: ["app"], networkInterfaceId: ["app-data"] } });
  const bound = eniOutputs({ id: "eni-bp1demobound", vswitchId: APP, securityGroupIds: [BASIC], primary: "10.0.1.20", secondaries: ["10.0.1.21", "10.0.1.22"] });
  add(null, {
    type: ECS_ENI,
    name: "bound",
    op: "update",
    id: "eni-bp1demobound",
    oldInputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: "bound", privateIpAddresses: ["10.0.1.21", "10.0.1.22"] },
    oldOutputs: bound,
    inputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: "bound", privateIpAddresses: ["10.0.1.21", "10.0.1.22", "10.0.1.23"] },
  });
  add(null, { type: ENI_IPS, name: "web-vips", inputs: { __provider: DYNAMIC_PROVIDER, networkInterfaceId: "eni-bp1demoweb01", privateIpAddresses: ["10.0.1.13", "10.0.1.14"] } });
  p.resource({ type: "alicloud:ecs/eipAddress:EipAddress", name: "app-eip", inputs: { addressName: "app", bandwidth: "5" } });

  eni("typo", { privateIpAddresses: [fits ? "10.0.1.200" : "10.0.1.300"] }, "invalid_ip");
  eni("dup", { privateIpAddresses: [fits ? "10.0.1.201" : "10.0.1.151"] }, "duplicate_ip");
  eni("wrong-subnet", { privateIpAddresses: [fits ? "10.0.1.202" : "10.0.2.5"] }, "outside_vswitch_cidr");
  eni("gateway", { primaryIpAddress: fits ? "10.0.1.203" : "10.0.1.253" }, "reserved_ip");
  eni("taken", { privateIpAddresses: [fits ? "10.0.1.204" : "10.0.1.11"] }, "ip_in_use");
  eni("negative", { secondaryPrivateIpAddressCount: fits ? 1 : -1 }, "invalid_count");
  // The deprecated token and input names; the stack's state still holds an ENI deleted since
  // (`pulumi preview` does not refresh unless told to).
  const legacyId = fits ? "eni-bp1demofree" : "eni-bp1doesnotexist";
  add("eni_not_found", {
    type: OLD_ENI,
    name: "legacy",
    op: "update",
    id: legacyId,
    oldInputs: { vswitchId: APP, securityGroups: [BASIC], name: "legacy", privateIpsCount: 1 },
    oldOutputs: eniOutputs({ id: legacyId, vswitchId: APP, securityGroupIds: [BASIC], primary: fits ? "10.0.1.100" : "10.0.1.90", secondaries: fits ? [] : ["10.0.1.91"], status: fits ? "Available" : "InUse" }),
    inputs: { vswitchId: APP, securityGroups: [BASIC], name: "legacy", privateIpsCount: 2 },
  });
  if (!fits) {
    add("eni_state", {
      type: ECS_ENI,
      name: "detaching",
      op: "update",
      id: "eni-bp1demodetach",
      oldInputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: "detaching" },
      oldOutputs: eniOutputs({ id: "eni-bp1demodetach", vswitchId: APP, securityGroupIds: [BASIC], primary: "10.0.1.110", status: "Detaching" }),
      inputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: "detaching", privateIpAddresses: ["10.0.1.111"] },
    });
  }
  const starting = fits ? { id: "i-bp1demostopped", type: "ecs.c7.4xlarge", address: "10.0.1.41", status: "Stopped" } : { id: "i-bp1demostarting", type: "ecs.g6.large", address: "10.0.1.51", status: "Running" };
  const startingInputs = { imageId: IMAGE, instanceType: starting.type, vswitchId: APP, securityGroups: [BASIC], instanceName: "starting", status: starting.status };
  add("instance_state", {
    type: INSTANCE,
    name: "starting",
    op: "update",
    id: starting.id,
    oldInputs: startingInputs,
    oldOutputs: { id: starting.id, ...startingInputs, privateIp: fits ? "10.0.1.40" : "10.0.1.50", secondaryPrivateIps: [], secondaryPrivateIpAddressCount: 0 },
    inputs: { ...startingInputs, secondaryPrivateIps: [starting.address] },
  });
  // A new ENI with an eni-ips resource on it: the resource's own check cannot see the ENI before it
  // exists; judged with the plan, the two together are over the Available limit.
  add(null, { type: ECS_ENI, name: "burst", inputs: { vswitchId: APP, securityGroupIds: [BASIC], networkInterfaceName: "burst", secondaryPrivateIpAddressCount: 7 } });
  add("eni_ip_limit", { type: ENI_IPS, name: "burst-extra", inputs: { __provider: DYNAMIC_PROVIDER, networkInterfaceId: UNKNOWN, secondaryPrivateIpAddressCount: fits ? 2 : 3 }, deps: { networkInterfaceId: ["burst"] } });
  for (const i of [0, 1]) {
    const urn = p.resource({ type: ECS_ENI, name: `fleet-${i}`, inputs: { vswitchId: FLEET, securityGroupIds: [FULL], networkInterfaceName: `fleet-${i}`, secondaryPrivateIpAddressCount: fits ? 4 : 5 } });
    expect[urn] = fits || i === 0 ? null : "security_group_quota";
  }
  eni("small", { vswitchId: SMALL, secondaryPrivateIpAddressCount: fits ? 1 : 2 }, "vswitch_exhausted");
  return { doc: p.build(), expect };
}

module.exports = { terraformExample, pulumiExample };
