// The Pulumi stack behind pulumi/preview.json, on the bundled demo account (region cn-hangzhou): the
// official @pulumi/alicloud resources and eni-ips's own SecondaryPrivateIpAddresses. The first part
// passes; each resource after "each of these breaks one rule" breaks the rule its comment names.
//   pulumi preview --json > preview.json
"use strict";
const alicloud = require("@pulumi/alicloud");
const { SecondaryPrivateIpAddresses } = require("eni-ips");

const app = "vsw-bp1demoapp"; // 10.0.1.0/24
const basic = ["sg-bp1demobasic"];
const image = "aliyun_3_x64_20G_alibase_20240819.vhd";
const eni = (name, args) => new alicloud.ecs.EcsNetworkInterface(name, { vswitchId: app, securityGroupIds: basic, networkInterfaceName: name, ...args });

// --- these pass ---------------------------------------------------------------------------------
const tier = new alicloud.vpc.Switch("tier", { vpcId: "vpc-bp1demovpc", cidrBlock: "10.0.8.0/28", zoneId: "cn-hangzhou-h", vswitchName: "tier" });
const tierSg = new alicloud.ecs.SecurityGroup("tier-sg", { vpcId: "vpc-bp1demovpc", securityGroupName: "tier", securityGroupType: "normal" });
for (const i of [0, 1]) {
  new alicloud.ecs.EcsNetworkInterface(`web-${i}`, { vswitchId: tier.id, securityGroupIds: [tierSg.id], networkInterfaceName: `web-${i}`, secondaryPrivateIpAddressCount: 2 });
}
const appInstance = new alicloud.ecs.Instance("app", {
  imageId: image, instanceType: "ecs.g7.xlarge", vswitchId: app, securityGroups: basic,
  privateIp: "10.0.1.150", secondaryPrivateIps: ["10.0.1.151", "10.0.1.152"], instanceName: "app",
});
const appData = eni("app-data", { secondaryPrivateIpAddressCount: 3 });
new alicloud.ecs.EcsNetworkInterfaceAttachment("app-data", { instanceId: appInstance.id, networkInterfaceId: appData.id });
eni("bound", { privateIpAddresses: ["10.0.1.21", "10.0.1.22", "10.0.1.23"] }); // imported eni-bp1demobound
new SecondaryPrivateIpAddresses("web-vips", { networkInterfaceId: "eni-bp1demoweb01", privateIpAddresses: ["10.0.1.13", "10.0.1.14"] });
new alicloud.ecs.EipAddress("app-eip", { addressName: "app", bandwidth: "5" }); // not judged: counted in a note

// --- each of these breaks one rule ----------------------------------------------------------------
eni("typo", { privateIpAddresses: ["10.0.1.300"] }); // invalid_ip
eni("dup", { privateIpAddresses: ["10.0.1.151"] }); // duplicate_ip: the instance "app" declares it
eni("wrong-subnet", { privateIpAddresses: ["10.0.2.5"] }); // outside_vswitch_cidr
eni("gateway", { primaryIpAddress: "10.0.1.253" }); // reserved_ip
eni("taken", { privateIpAddresses: ["10.0.1.11"] }); // ip_in_use: on eni-bp1demoweb01
eni("negative", { secondaryPrivateIpAddressCount: -1 }); // invalid_count
// eni_not_found: the old token and input names; the state holds an ENI deleted since (preview does
// not refresh unless told to).
new alicloud.vpc.NetworkInterface("legacy", { vswitchId: app, securityGroups: basic, name: "legacy", privateIpsCount: 2 });
eni("detaching", { privateIpAddresses: ["10.0.1.111"] }); // eni_state: eni-bp1demodetach is Detaching
new alicloud.ecs.Instance("starting", { // instance_state: i-bp1demostarting is Starting
  imageId: image, instanceType: "ecs.g6.large", vswitchId: app, securityGroups: basic, instanceName: "starting", status: "Running",
  secondaryPrivateIps: ["10.0.1.51"],
});
// eni_ip_limit: a new ENI (1 + 7) and an eni-ips resource on it (3 more) are 11, over 10 while Available.
// The resource's own check cannot see an ENI that does not exist yet; the plan check can.
const burst = eni("burst", { secondaryPrivateIpAddressCount: 7 });
new SecondaryPrivateIpAddresses("burst-extra", { networkInterfaceId: burst.id, secondaryPrivateIpAddressCount: 3 });
for (const i of [0, 1]) { // security_group_quota: sg-bp1demofull has 10 left, 2 x 6 are 12
  new alicloud.ecs.EcsNetworkInterface(`fleet-${i}`, { vswitchId: "vsw-bp1demofleet", securityGroupIds: ["sg-bp1demofull"], networkInterfaceName: `fleet-${i}`, secondaryPrivateIpAddressCount: 5 });
}
eni("small", { vswitchId: "vsw-bp1demosmall", secondaryPrivateIpAddressCount: 2 }); // vswitch_exhausted
