// Resources as the API returns them: field names and nesting of the real response models
// (docs/alibaba-api.md), so the SDK's models fill every field a client reads.
import type { FaultEngine } from "./faults";
import type { AccountState, Eni, Instance, VSwitch } from "./state";

function privateIpSets(eni: Eni, hidden: ReadonlySet<string> | undefined): Record<string, unknown> {
  const secondaries = hidden ? eni.secondaryIpAddresses.filter((ip) => !hidden.has(ip)) : eni.secondaryIpAddresses;
  return {
    PrivateIpSet: [
      { PrivateIpAddress: eni.primaryIpAddress, Primary: true, PrivateDnsName: dnsName(eni.primaryIpAddress), AssociatedPublicIp: {} },
      ...secondaries.map((ip) => ({ PrivateIpAddress: ip, Primary: false, PrivateDnsName: dnsName(ip), AssociatedPublicIp: {} })),
    ],
  };
}

function ipv4PrefixSets(eni: Eni): Record<string, unknown> {
  return { Ipv4PrefixSet: eni.ipv4Prefixes.map((prefix) => ({ Ipv4Prefix: prefix })) };
}

function dnsName(ip: string): string {
  return `ip-${ip.replace(/\./g, "-")}.cn-hangzhou.internal`;
}

/** One ENI; `faults` applies stale reads (each call uses up one of the hidden describes). */
export function eniJson(state: AccountState, eni: Eni, faults: FaultEngine | undefined): Record<string, unknown> {
  const hidden = faults?.takeHidden(eni.networkInterfaceId);
  const attached = eni.instanceId !== undefined && eni.status !== "Available";
  const deviceIndex = attached ? deviceIndexOf(state, eni) : undefined;
  return {
    NetworkInterfaceId: eni.networkInterfaceId,
    NetworkInterfaceName: eni.name,
    Description: eni.description,
    Status: eni.status,
    Type: eni.type,
    InstanceId: attached ? eni.instanceId : "",
    VpcId: eni.vpcId,
    VSwitchId: eni.vSwitchId,
    ZoneId: eni.zoneId,
    MacAddress: eni.macAddress,
    PrivateIpAddress: eni.primaryIpAddress,
    PrivateIpSets: privateIpSets(eni, hidden),
    SecurityGroupIds: { SecurityGroupId: [...eni.securityGroupIds] },
    Ipv6Sets: { Ipv6Set: [] },
    Ipv4PrefixSets: ipv4PrefixSets(eni),
    Ipv6PrefixSets: { Ipv6PrefixSet: [] },
    Tags: { Tag: [] },
    ...(attached ? { Attachment: { InstanceId: eni.instanceId, DeviceIndex: deviceIndex, NetworkCardIndex: 0 } } : {}),
    AssociatedPublicIp: {},
    CreationTime: eni.creationTime,
    DeleteOnRelease: eni.type === "Primary",
    OwnerId: state.ownerId,
    ResourceGroupId: "",
    QueueNumber: 2,
    QueuePairNumber: 0,
    NetworkInterfaceTrafficMode: "Standard",
    ServiceManaged: false,
    ServiceID: 0,
    SourceDestCheck: false,
  };
}

function deviceIndexOf(state: AccountState, eni: Eni): number {
  if (eni.type === "Primary") return 0;
  let i = 1;
  for (const other of state.enis.values()) {
    if (other === eni) return i;
    if (other.type === "Secondary" && other.instanceId === eni.instanceId && other.status !== "Available") i++;
  }
  return i;
}

export function instanceJson(state: AccountState, inst: Instance, faults: FaultEngine | undefined): Record<string, unknown> {
  const primary = state.enis.get(inst.primaryNetworkInterfaceId);
  const type = state.instanceTypes.get(inst.instanceType);
  // Primary first, as the real API lists them.
  const enis = [...state.enis.values()]
    .filter((e) => e.instanceId === inst.instanceId && (e.type === "Primary" || e.status !== "Available"))
    .sort((a, b) => (a.type === b.type ? 0 : a.type === "Primary" ? -1 : 1));
  return {
    InstanceId: inst.instanceId,
    InstanceName: inst.name ?? inst.instanceId,
    HostName: inst.name ?? inst.instanceId,
    Description: "",
    InstanceType: inst.instanceType,
    InstanceTypeFamily: inst.instanceType.split(".").slice(0, 2).join("."),
    Cpu: type?.cpuCoreCount ?? 0,
    Memory: (type?.memorySize ?? 0) * 1024,
    Status: inst.status,
    OSType: (inst.osType ?? "Linux").toLowerCase(),
    OSName: inst.osType === "Windows" ? "Windows Server 2022 Datacenter 64-bit" : "Alibaba Cloud Linux 3.2104 LTS 64 bit",
    RegionId: state.regionId,
    ZoneId: inst.zoneId,
    InstanceNetworkType: "vpc",
    InstanceChargeType: "PostPaid",
    CreationTime: inst.creationTime,
    VpcAttributes: {
      VpcId: inst.vpcId,
      VSwitchId: inst.vSwitchId,
      NatIpAddress: "",
      PrivateIpAddress: { IpAddress: primary ? [primary.primaryIpAddress] : [] },
    },
    InnerIpAddress: { IpAddress: [] },
    PublicIpAddress: { IpAddress: [] },
    EipAddress: {},
    SecurityGroupIds: { SecurityGroupId: [...inst.securityGroupIds] },
    NetworkInterfaces: {
      NetworkInterface: enis.map((e) => {
        const hidden = faults?.takeHidden(e.networkInterfaceId);
        const secondaries = hidden ? e.secondaryIpAddresses.filter((ip) => !hidden.has(ip)) : e.secondaryIpAddresses;
        return {
          NetworkInterfaceId: e.networkInterfaceId,
          Type: e.type,
          MacAddress: e.macAddress,
          PrimaryIpAddress: e.primaryIpAddress,
          PrivateIpSets: {
            PrivateIpSet: [
              { PrivateIpAddress: e.primaryIpAddress, Primary: true, PrivateDnsName: dnsName(e.primaryIpAddress) },
              ...secondaries.map((ip) => ({ PrivateIpAddress: ip, Primary: false, PrivateDnsName: dnsName(ip) })),
            ],
          },
          Ipv6Sets: { Ipv6Set: [] },
          Ipv4PrefixSets: ipv4PrefixSets(e),
          Ipv6PrefixSets: { Ipv6PrefixSet: [] },
        };
      }),
    },
    OperationLocks: { LockReason: [] },
    Tags: { Tag: [] },
  };
}

export function vSwitchJson(state: AccountState, vsw: VSwitch): Record<string, unknown> {
  return {
    VSwitchId: vsw.vSwitchId,
    VSwitchName: vsw.name ?? "",
    VpcId: vsw.vpcId,
    ZoneId: vsw.zoneId,
    CidrBlock: vsw.cidrBlock,
    Ipv6CidrBlock: "",
    EnabledIpv6: false,
    AvailableIpAddressCount: state.availableCount(vsw),
    Status: "Available",
    IsDefault: false,
    CreationTime: "2024-05-01T08:00:00Z",
    Description: "",
    NetworkAclId: "",
    OwnerId: Number(state.ownerId),
    ResourceGroupId: "",
    ShareType: "Sole",
    RouteTable: { RouteTableId: `vtb-${vsw.vpcId.replace(/^vpc-/, "")}`, RouteTableType: "System" },
    Tags: { Tag: [] },
  };
}
