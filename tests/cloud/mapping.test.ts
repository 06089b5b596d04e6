// Response mapping from the JSON shapes described in docs/alibaba-api.md.
import { describe, expect, it } from "vitest";
import { assignedAddresses, mapInstances, mapInstanceTypes, mapNetworkInterfaces, mapSecurityGroups, mapVSwitch } from "../../src/cloud/mapping";

describe("response mapping", () => {
  it("maps a DescribeNetworkInterfaces item with every private IPv4, primary first", () => {
    const body = {
      RequestId: "R",
      NextToken: "AAAAAdDWBF2",
      NetworkInterfaceSets: {
        NetworkInterfaceSet: [
          {
            NetworkInterfaceId: "eni-1",
            Status: "InUse",
            Type: "Secondary",
            InstanceId: "i-1",
            VpcId: "vpc-1",
            VSwitchId: "vsw-1",
            PrivateIpAddress: "172.17.0.5",
            PrivateIpSets: {
              PrivateIpSet: [
                { PrivateIpAddress: "172.17.0.6", Primary: false, AssociatedPublicIp: {} },
                { PrivateIpAddress: "172.17.0.5", Primary: true, AssociatedPublicIp: {} },
              ],
            },
            SecurityGroupIds: { SecurityGroupId: ["sg-1", "sg-2"] },
            Attachment: { InstanceId: "i-1", DeviceIndex: 1 },
          },
          // Terway's case: InstanceId empty, Attachment.InstanceId set; no PrivateIpAddress field.
          {
            NetworkInterfaceId: "eni-2",
            Status: "InUse",
            Type: "Secondary",
            InstanceId: "",
            VSwitchId: "vsw-1",
            PrivateIpSets: { PrivateIpSet: [{ PrivateIpAddress: "172.17.0.9", Primary: true }] },
            Attachment: { InstanceId: "i-9" },
          },
        ],
      },
    };
    expect(mapNetworkInterfaces(body)).toEqual([
      {
        networkInterfaceId: "eni-1",
        status: "InUse",
        type: "Secondary",
        vSwitchId: "vsw-1",
        instanceId: "i-1",
        securityGroupIds: ["sg-1", "sg-2"],
        primaryIpAddress: "172.17.0.5",
        privateIpAddresses: ["172.17.0.5", "172.17.0.6"],
      },
      {
        networkInterfaceId: "eni-2",
        status: "InUse",
        type: "Secondary",
        vSwitchId: "vsw-1",
        instanceId: "i-9",
        securityGroupIds: [],
        primaryIpAddress: "172.17.0.9",
        privateIpAddresses: ["172.17.0.9"],
      },
    ]);
  });

  it("tolerates missing sets", () => {
    expect(mapNetworkInterfaces({ RequestId: "R" })).toEqual([]);
    expect(mapNetworkInterfaces({ NetworkInterfaceSets: { NetworkInterfaceSet: [{ NetworkInterfaceId: "eni-3" }] } })[0]).toMatchObject({
      networkInterfaceId: "eni-3",
      privateIpAddresses: [],
      securityGroupIds: [],
    });
  });

  it("maps DescribeInstances: status, type, and the primary ENI only", () => {
    const body = {
      Instances: {
        Instance: [
          {
            InstanceId: "i-1",
            InstanceType: "ecs.g7.large",
            Status: "Running",
            VpcAttributes: { VpcId: "vpc-1", VSwitchId: "vsw-1", PrivateIpAddress: { IpAddress: ["172.16.0.10"] } },
            NetworkInterfaces: {
              NetworkInterface: [
                {
                  NetworkInterfaceId: "eni-p",
                  Type: "Primary",
                  PrimaryIpAddress: "172.16.0.10",
                  PrivateIpSets: {
                    PrivateIpSet: [
                      { PrivateIpAddress: "172.16.0.10", Primary: true },
                      { PrivateIpAddress: "172.16.0.11", Primary: false },
                    ],
                  },
                },
                { NetworkInterfaceId: "eni-s", Type: "Secondary", PrimaryIpAddress: "172.16.0.20" },
              ],
            },
            SecurityGroupIds: { SecurityGroupId: ["sg-1"] },
          },
        ],
      },
    };
    const [m] = mapInstances(body);
    expect(m?.instance).toEqual({ instanceId: "i-1", status: "Running", instanceType: "ecs.g7.large" });
    expect(m?.primaryEni).toEqual({
      networkInterfaceId: "eni-p",
      status: "InUse",
      type: "Primary",
      vSwitchId: "vsw-1",
      instanceId: "i-1",
      securityGroupIds: ["sg-1"],
      primaryIpAddress: "172.16.0.10",
      privateIpAddresses: ["172.16.0.10", "172.16.0.11"],
    });
  });

  it("maps instance types, security groups, vSwitches and assign responses", () => {
    expect(
      mapInstanceTypes({ InstanceTypes: { InstanceType: [{ InstanceTypeId: "ecs.g6.large", EniQuantity: 2, EniPrivateIpAddressQuantity: 6 }] } }),
    ).toEqual([{ instanceTypeId: "ecs.g6.large", eniPrivateIpAddressQuantity: 6 }]);
    expect(
      mapSecurityGroups({ SecurityGroups: { SecurityGroup: [{ SecurityGroupId: "sg-1", SecurityGroupType: "enterprise" }, { SecurityGroupId: "sg-2", SecurityGroupType: "normal" }] } }),
    ).toEqual([
      { securityGroupId: "sg-1", securityGroupType: "enterprise" },
      { securityGroupId: "sg-2", securityGroupType: "normal" },
    ]);
    expect(mapVSwitch({ VSwitchId: "vsw-1", CidrBlock: "10.0.1.0/24", AvailableIpAddressCount: 240, Status: "Available" }, "vsw-1")).toEqual({
      vSwitchId: "vsw-1",
      cidrBlock: "10.0.1.0/24",
      availableIpAddressCount: 240,
    });
    // Terraform's rule: an answer about another vSwitch means not found.
    expect(mapVSwitch({ VSwitchId: "vsw-2", CidrBlock: "10.0.1.0/24" }, "vsw-1")).toBeUndefined();
    expect(
      assignedAddresses({
        RequestId: "R",
        AssignedPrivateIpAddressesSet: { NetworkInterfaceId: "eni-1", PrivateIpSet: { PrivateIpAddress: ["192.168.1.10", "192.168.1.11"] } },
      }),
    ).toEqual(["192.168.1.10", "192.168.1.11"]);
  });
});
