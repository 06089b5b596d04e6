// Reading `pulumi preview --json`: which steps become planned objects (creates, replacements' creates,
// updates) and which only lend their ids to references; unknown and secret inputs; and the resource
// reader on its own, as a policy pack would call it.
import { describe, expect, it } from "vitest";
import { pulumiPreview, UNKNOWN as BUILDER_UNKNOWN } from "../../examples/ci-preview/plan-builder";
import type { PlannedEni, PlannedObject } from "../../src/core/planned-types";
import { UNKNOWN } from "../../src/core/types";
import { readPulumiPreview } from "../../src/iac/pulumi-preview";
import { PULUMI_UNKNOWN, readPulumiResources, urnName } from "../../src/iac/pulumi-resources";

const ENI = "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface";
const SG = "alicloud:ecs/securityGroup:SecurityGroup";
const eniOf = (objects: readonly PlannedObject[], name: string): PlannedEni => {
  const o = objects.find((x) => x.name === name);
  if (o?.kind !== "eni") throw new Error(`no ENI ${name}`);
  return o;
};

describe("readPulumiPreview", () => {
  it("reads creates, replacements' creates and updates; same, delete and read steps only lend their ids", () => {
    const p = pulumiPreview();
    p.resource({ type: SG, name: "kept", op: "same", id: "sg-kept", inputs: { vpcId: "vpc-a" }, outputs: { id: "sg-kept" } });
    p.resource({ type: ENI, name: "new", inputs: { vswitchId: "vsw-a", securityGroupIds: ["sg-a"], secondaryPrivateIpAddressCount: 2 } });
    p.resource({ type: ENI, name: "swapped", op: "create-replacement", inputs: { vswitchId: "vsw-b", securityGroupIds: ["sg-a"] } });
    p.resource({ type: ENI, name: "swapped", op: "replace", inputs: { vswitchId: "vsw-b", securityGroupIds: ["sg-a"] }, id: "eni-old" });
    p.resource({ type: ENI, name: "swapped", op: "delete-replaced", id: "eni-old", oldOutputs: { id: "eni-old" } });
    p.resource({ type: ENI, name: "gone", op: "delete", id: "eni-gone", oldOutputs: { id: "eni-gone" } });
    p.resource({
      type: ENI,
      name: "grown",
      op: "update",
      id: "eni-1",
      oldInputs: { vswitchId: "vsw-a", securityGroupIds: ["sg-a"], privateIpAddresses: ["10.0.0.6"] },
      oldOutputs: { id: "eni-1", privateIpAddresses: ["10.0.0.6"], privateIps: ["10.0.0.6"] },
      inputs: { vswitchId: "vsw-a", securityGroupIds: ["sg-a"], privateIpAddresses: ["10.0.0.6", "10.0.0.7"] },
    });
    p.resource({ type: ENI, name: "with-kept", inputs: { vswitchId: "vsw-a", securityGroupIds: [BUILDER_UNKNOWN] }, deps: { securityGroupIds: ["kept"] } });
    const planned = readPulumiPreview(p.build());
    expect(planned.objects.map((o) => `${o.name}:${"action" in o ? o.action : o.kind}`)).toEqual(["new:create", "swapped:create", "grown:update", "with-kept:create"]);
    expect(planned.regionId).toBe("cn-hangzhou");
    expect(eniOf(planned.objects, "grown")).toMatchObject({ networkInterfaceId: "eni-1", priorAddresses: ["10.0.0.6"], addressesChange: true, privateIpAddresses: ["10.0.0.6", "10.0.0.7"] });
    expect(eniOf(planned.objects, "with-kept").securityGroups).toEqual([{ kind: "existing", id: "sg-kept" }]);
  });

  it("resolves unknown inputs through propertyDependencies, element by element for arrays", () => {
    const p = pulumiPreview();
    p.resource({ type: "alicloud:vpc/switch:Switch", name: "tier", inputs: { cidrBlock: "10.0.8.0/28" } });
    p.resource({ type: SG, name: "tier-sg", inputs: { vpcId: "vpc-a" } });
    p.resource({ type: ENI, name: "e", inputs: { vswitchId: BUILDER_UNKNOWN, securityGroupIds: ["sg-basic", BUILDER_UNKNOWN] }, deps: { vswitchId: ["tier"], securityGroupIds: ["tier-sg"] } });
    p.resource({ type: ENI, name: "loose", inputs: { vswitchId: BUILDER_UNKNOWN, securityGroupIds: [BUILDER_UNKNOWN, BUILDER_UNKNOWN] }, deps: { securityGroupIds: ["tier-sg"] } });
    const objects = readPulumiPreview(p.build()).objects;
    const e = eniOf(objects, "e");
    expect(e.vSwitch).toEqual({ kind: "planned", key: "urn:pulumi:dev::network::alicloud:vpc/switch:Switch::tier" });
    expect(e.securityGroups).toEqual([{ kind: "existing", id: "sg-basic" }, { kind: "planned", key: "urn:pulumi:dev::network::alicloud:ecs/securityGroup:SecurityGroup::tier-sg" }]);
    const loose = eniOf(objects, "loose");
    expect(loose.vSwitch).toEqual({ kind: "unknown", reason: "vswitchId is not known until the update runs" });
    // Two unknown elements, one group they may come from: the other is said to be unknown.
    expect(loose.securityGroups?.at(-1)).toEqual({ kind: "unknown", reason: "securityGroupIds holds values not known until the update runs" });
  });

  it("never reads a secret: unknown, with a warning naming the resource and input", () => {
    const p = pulumiPreview();
    p.resource({ type: ENI, name: "s", inputs: { vswitchId: "vsw-a", securityGroupIds: ["sg-a"], privateIpAddresses: "[secret]" } });
    const planned = readPulumiPreview(p.build());
    expect(eniOf(planned.objects, "s").privateIpAddresses).toBe(UNKNOWN);
    expect(planned.warnings).toEqual([expect.objectContaining({ code: "unknown_input", message: expect.stringMatching(/::s: privateIpAddresses is a secret; eni-ips does not read it/) })]);
  });
});

describe("readPulumiResources (the reader a policy pack uses)", () => {
  it("reads eni-ips's own resources with their owned addresses, and resources given with another unknown marker", () => {
    const marker = Symbol("unknown");
    const planned = readPulumiResources(
      [
        { urn: "urn:pulumi:s::p::alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface::n", type: "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface", action: "create", inputs: { vswitchId: "vsw-a", securityGroupIds: ["sg-a"], secondaryPrivateIpAddressCount: 1 } },
        {
          urn: "urn:pulumi:s::p::pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses::mine",
          type: "pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses",
          action: "update",
          id: "mine-1",
          inputs: { networkInterfaceId: marker, privateIpAddresses: ["10.0.0.5", "10.0.0.6"], adoptExisting: true, limits: { eniMaxIps: 12 } },
          propertyDependencies: { networkInterfaceId: ["urn:pulumi:s::p::alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface::n"] },
          oldOutputs: { privateIpAddresses: ["10.0.0.5"] },
        },
      ],
      { isUnknown: (v) => v === marker },
    );
    expect(planned.objects[1]).toEqual({
      kind: "eniIps",
      action: "update",
      key: "urn:pulumi:s::p::pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses::mine",
      name: "mine",
      networkInterface: { kind: "planned", key: "urn:pulumi:s::p::alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface::n" },
      privateIpAddresses: ["10.0.0.5", "10.0.0.6"],
      adoptExisting: true,
      limits: { eniMaxIps: 12 },
      ownedAddresses: ["10.0.0.5"],
    });
  });

  it("takes a resource's name from its URN, and a dependency's type from the URN when it is not listed", () => {
    expect(urnName("urn:pulumi:dev::net::my:component$alicloud:vpc/switch:Switch::tier")).toBe("tier");
    const planned = readPulumiResources([
      {
        urn: "urn:pulumi:dev::net::alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface::e",
        type: "alicloud:ecs/ecsNetworkInterface:EcsNetworkInterface",
        action: "create",
        inputs: { vswitchId: PULUMI_UNKNOWN, securityGroupIds: ["sg-a"] },
        propertyDependencies: { vswitchId: ["urn:pulumi:dev::net::my:component$alicloud:vpc/switch:Switch::tier"] },
      },
    ]);
    // Not in the list, so not known to be created: its id is not known either.
    expect(eniOf(planned.objects, "e").vSwitch).toEqual({ kind: "unknown", reason: "the id of tier is not known until the update runs" });
  });
});
