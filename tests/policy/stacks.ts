// Stacks as the engine hands them to a policy pack during `pulumi preview`, on the emulator's demo
// account: each resource's inputs (what Analyze gets) and its properties at the end of the preview
// (what AnalyzeStack gets: a new resource's inputs with what its provider computes unknown, an
// unchanged resource's outputs), with propertyDependencies. One stack breaks every rule once; the
// fitting one keeps the same shape within every limit.
import { DEMO_IDS as D } from "../../src/emulator";
import { UNKNOWN, urn, type Props, type StackResource } from "./analyzer-host";

export const TYPES = {
  stack: "pulumi:pulumi:Stack",
  eniIps: "pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses",
  eni: "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface",
  instance: "alicloud:ecs/instance:Instance",
  vSwitch: "alicloud:vpc/switch:Switch",
  group: "alicloud:ecs/securityGroup:SecurityGroup",
} as const;

export interface PackResource extends StackResource {
  /** What Analyze gets: the inputs the program set (after the provider's check). */
  readonly inputs: Props;
}

const range = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);

/** eni-ips's resource: a new one's properties are its inputs (its provider computes nothing during a
 *  preview); an unchanged one's are its outputs. */
function eniIps(name: string, inputs: Props, outputs?: Props): PackResource {
  const all = { resourceName: name, ...inputs };
  return { urn: urn(TYPES.eniIps, name), type: TYPES.eniIps, inputs: all, props: outputs === undefined ? all : { ...all, ...outputs } };
}

/** A new official ENI: the inputs set, and the computed attributes unknown in its preview state. */
function newEni(name: string, inputs: Props, deps: Record<string, string[]> = {}): PackResource {
  const props: Props = { primaryIpAddress: UNKNOWN, privateIpAddresses: UNKNOWN, secondaryPrivateIpAddressCount: UNKNOWN, id: UNKNOWN, status: UNKNOWN, ...inputs };
  return { urn: urn(TYPES.eni, name), type: TYPES.eni, inputs, props, propertyDependencies: deps };
}

/** An existing official ENI: its outputs (the provider fills the list with every secondary address). */
function existingEni(name: string, id: string, state: Props, countBefore: number): PackResource {
  const inputs: Props = { vswitchId: state["vswitchId"], securityGroupIds: state["securityGroupIds"], privateIpAddresses: state["privateIpAddresses"] };
  // The count is computed from the addresses the ENI had: the plan leaves it as it was.
  return { urn: urn(TYPES.eni, name), type: TYPES.eni, inputs, props: { id, status: "InUse", secondaryPrivateIpAddressCount: countBefore, ...state } };
}

function existingInstance(name: string, id: string, state: Props, addedTo: string[]): PackResource {
  const inputs: Props = { instanceType: state["instanceType"], vswitchId: state["vswitchId"], securityGroups: state["securityGroups"], secondaryPrivateIps: addedTo };
  return { urn: urn(TYPES.instance, name), type: TYPES.instance, inputs, props: { id, status: "Running", ...state, secondaryPrivateIps: addedTo } };
}

const root: PackResource = { urn: urn(TYPES.stack, "network-dev"), type: TYPES.stack, inputs: {}, props: {} };
const tierVSwitch: PackResource = {
  urn: urn(TYPES.vSwitch, "tier"),
  type: TYPES.vSwitch,
  inputs: { vpcId: D.vpc, cidrBlock: "10.0.5.0/24", zoneId: "cn-hangzhou-h" },
  props: { vpcId: D.vpc, cidrBlock: "10.0.5.0/24", zoneId: "cn-hangzhou-h", id: UNKNOWN, status: UNKNOWN },
};
const tierGroup: PackResource = {
  urn: urn(TYPES.group, "tier-adv"),
  type: TYPES.group,
  inputs: { vpcId: D.vpc, securityGroupType: "enterprise" },
  props: { vpcId: D.vpc, securityGroupType: "enterprise", id: UNKNOWN },
};
/** eni-ips's resource left unchanged by the preview: the engine hands the pack its outputs. */
const kept = eniIps("kept", { networkInterfaceId: D.eniBound, secondaryPrivateIpAddressCount: 2 }, {
  privateIpAddresses: ["10.0.1.21", "10.0.1.22"],
  regionId: "cn-hangzhou",
  vSwitchId: D.vSwitchApp,
  primaryIpAddress: "10.0.1.20",
  cidrBlock: "10.0.1.0/24",
  instanceId: D.instanceWeb01,
});
/** An existing ENI the stack does not change. */
const smallB = existingEni("small-b", D.eniSmallB, { vswitchId: D.vSwitchSmall, securityGroupIds: [D.sgBasic], primaryIpAddress: "10.0.2.7", privateIpAddresses: range("10.0.2.", 8, 10) }, 3);

function tierEni(addresses: string[]): PackResource {
  return newEni("tier-eni", { vswitchId: UNKNOWN, securityGroupIds: [UNKNOWN], privateIpAddresses: addresses }, { vswitchId: [tierVSwitch.urn], securityGroupIds: [tierGroup.urn] });
}

/** Which resource breaks which rule, and where the violation is reported. */
export const BROKEN = {
  resourcePolicy: {
    invalid_ip: urn(TYPES.eniIps, "syntax"),
    conflicting_args: urn(TYPES.eniIps, "both"),
    invalid_count: urn(TYPES.eniIps, "zero"),
    duplicate_ip: urn(TYPES.eni, "dup-eni"),
  },
  stackPolicy: {
    ip_in_use: urn(TYPES.eniIps, "taken"),
    eni_not_found: urn(TYPES.eniIps, "ghost"),
    eni_state: urn(TYPES.eniIps, "detaching"),
    instance_state: urn(TYPES.eniIps, "starting"),
    outside_vswitch_cidr: urn(TYPES.eni, "outside-eni"),
    reserved_ip: urn(TYPES.eni, "tier-eni"),
    eni_ip_limit: urn(TYPES.instance, "web-02"),
    security_group_quota: urn(TYPES.eni, "fleet-data"),
    vswitch_exhausted: urn(TYPES.eni, "small-eni"),
  },
} as const;

export function brokenStack(): PackResource[] {
  return [
    root,
    eniIps("syntax", { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.150", "10.0.1.256"] }),
    eniIps("both", { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.151"], secondaryPrivateIpAddressCount: 1 }),
    eniIps("zero", { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 0 }),
    eniIps("taken", { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.11"] }),
    eniIps("ghost", { networkInterfaceId: "eni-bp1doesnotexist", privateIpAddresses: ["10.0.1.152"] }),
    eniIps("detaching", { networkInterfaceId: D.eniDetaching, privateIpAddresses: ["10.0.1.153"] }),
    eniIps("starting", { networkInterfaceId: D.eniStarting, privateIpAddresses: ["10.0.1.154"] }),
    kept,
    newEni("dup-eni", { vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: ["10.0.1.160", "10.0.1.160"] }),
    newEni("outside-eni", { vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: ["10.0.9.5"] }),
    tierVSwitch,
    tierGroup,
    tierEni(["10.0.5.10", "10.0.5.255"]),
    existingInstance("web-02", D.instanceWeb02, { instanceType: "ecs.g6.large", vswitchId: D.vSwitchApp, securityGroups: [D.sgBasic], privateIp: "10.0.1.30", secondaryPrivateIpAddressCount: 5 }, [...range("10.0.1.", 31, 35), "10.0.1.36"]),
    existingEni("fleet-data", D.eniFleetSpareSecondary, { vswitchId: D.vSwitchFleet, securityGroupIds: [D.sgFull], primaryIpAddress: "10.0.16.5", privateIpAddresses: range("10.0.16.", 6, 16) }, 0),
    newEni("small-eni", { vswitchId: D.vSwitchSmall, securityGroupIds: [D.sgBasic], secondaryPrivateIpAddressCount: 3 }),
    smallB,
  ];
}

/** The same stack within every rule. */
export function fittingStack(): PackResource[] {
  const outside = newEni("outside-eni", { vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: ["10.0.1.161"] });
  return [
    root,
    eniIps("syntax", { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.150"] }),
    eniIps("both", { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.151"] }),
    eniIps("zero", { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 1 }),
    eniIps("taken", { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.155"] }),
    eniIps("stopped", { networkInterfaceId: D.eniStopped, privateIpAddresses: ["10.0.1.156"] }),
    // On the ENI the stack creates: its id is unknown, tied to it by propertyDependencies.
    { ...eniIps("on-new-eni", { networkInterfaceId: UNKNOWN, privateIpAddresses: ["10.0.1.170"] }), propertyDependencies: { networkInterfaceId: [outside.urn] } },
    kept,
    newEni("dup-eni", { vswitchId: D.vSwitchApp, securityGroupIds: [D.sgBasic], privateIpAddresses: ["10.0.1.160"] }),
    outside,
    tierVSwitch,
    tierGroup,
    tierEni(["10.0.5.10", "10.0.5.11"]),
    existingInstance("web-02", D.instanceWeb02, { instanceType: "ecs.g6.large", vswitchId: D.vSwitchApp, securityGroups: [D.sgBasic], privateIp: "10.0.1.30", secondaryPrivateIpAddressCount: 5 }, range("10.0.1.", 31, 35)),
    existingInstance("web-01", D.instanceWeb01, { instanceType: "ecs.g7.xlarge", vswitchId: D.vSwitchApp, securityGroups: [D.sgBasic], privateIp: "10.0.1.10", secondaryPrivateIpAddressCount: 2 }, ["10.0.1.11", "10.0.1.12", "10.0.1.13"]),
    existingEni("fleet-data", D.eniFleetSpareSecondary, { vswitchId: D.vSwitchFleet, securityGroupIds: [D.sgFull], primaryIpAddress: "10.0.16.5", privateIpAddresses: range("10.0.16.", 6, 14) }, 0),
    newEni("small-eni", { vswitchId: D.vSwitchSmall, securityGroupIds: [D.sgBasic], secondaryPrivateIpAddressCount: 1 }),
    smallB,
  ];
}
