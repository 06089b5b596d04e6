// Reading `terraform show -json` plans: which changes become planned objects, which attribute the
// configuration sets (current or deprecated name), and how an unknown value is tied to the resource
// of the same plan it comes from (counts, keys, module variables), or left unknown with a reason.
import { describe, expect, it } from "vitest";
import { eniState, terraformPlan, UNKNOWN as BUILDER_UNKNOWN } from "../../examples/ci-preview/plan-builder";
import type { PlannedEni, PlannedObject } from "../../src/core/planned-types";
import { UNKNOWN } from "../../src/core/types";
import { readTerraformPlan } from "../../src/iac/terraform-plan";

const ENI = "alicloud_ecs_network_interface";
const eniOf = (objects: readonly PlannedObject[], key: string): PlannedEni => {
  const o = objects.find((x) => x.key === key);
  if (o?.kind !== "eni") throw new Error(`no ENI ${key}`);
  return o;
};

describe("readTerraformPlan", () => {
  it("reads creates and updates, skips no-op, delete and data sources, and reads a replacement as a create", () => {
    const tf = terraformPlan();
    const before = eniState({ id: "eni-1", vswitchId: "vsw-a", securityGroupIds: ["sg-a"], primary: "10.0.0.5", secondaries: ["10.0.0.6"] });
    tf.resource({ type: ENI, name: "new", config: { vswitch_id: "vsw-a", security_group_ids: ["sg-a"], private_ip_addresses: ["10.0.0.7"] } });
    tf.resource({ type: ENI, name: "same", action: "no-op", before, config: { vswitch_id: "vsw-a" } });
    tf.resource({ type: ENI, name: "gone", action: "delete", before });
    tf.resource({ type: ENI, name: "moved", action: "replace", before, config: { vswitch_id: "vsw-b", security_group_ids: ["sg-a"] } });
    tf.resource({ type: ENI, name: "grown", action: "update", before, config: { vswitch_id: "vsw-a", secondary_private_ip_address_count: 3 } });
    const doc = tf.build() as { resource_changes: Record<string, unknown>[] };
    doc.resource_changes.push({ address: "data.alicloud_vswitches.all", mode: "data", type: "alicloud_vswitches", name: "all", provider_name: "x", change: { actions: ["read"], before: null, after: {}, after_unknown: {} } });
    const planned = readTerraformPlan(doc);
    expect(planned.objects.map((o) => `${o.key}:${"action" in o ? o.action : o.kind}`)).toEqual([`${ENI}.new:create`, `${ENI}.moved:create`, `${ENI}.grown:update`]);
    expect(planned.ignored).toEqual({});
    expect(planned.regionId).toBe("cn-hangzhou");
    const grown = eniOf(planned.objects, `${ENI}.grown`);
    expect(grown).toMatchObject({ networkInterfaceId: "eni-1", secondaryPrivateIpAddressCount: 3, priorAddresses: ["10.0.0.6"], addressesChange: true });
    // Not configured: the computed list is not a request, though it holds the prior addresses.
    expect(grown.privateIpAddresses).toBeUndefined();
    expect(grown.attributes.secondaryPrivateIpAddressCount).toBe("secondary_private_ip_address_count");
    // ["delete","create"]: the old ENI goes first, its addresses free for the new one.
    expect(eniOf(planned.objects, `${ENI}.moved`).replaces).toBe("eni-1");
    expect(eniOf(planned.objects, `${ENI}.new`).replaces).toBeUndefined();
  });

  it("keeps the deprecated names the configuration uses, for the request and for messages", () => {
    const tf = terraformPlan();
    tf.resource({ type: "alicloud_network_interface", name: "old", config: { vswitch_id: "vsw-a", security_groups: ["sg-a"], private_ip: "10.0.0.9", private_ips: ["10.0.0.10"] } });
    const o = eniOf(readTerraformPlan(tf.build()).objects, "alicloud_network_interface.old");
    expect(o).toMatchObject({ primaryIpAddress: "10.0.0.9", privateIpAddresses: ["10.0.0.10"], securityGroups: [{ kind: "existing", id: "sg-a" }] });
    expect(o.attributes).toMatchObject({ primaryIpAddress: "private_ip", privateIpAddresses: "private_ips", securityGroupIds: "security_groups" });
  });

  it("an update that does not change the addresses asks nothing of the ENI", () => {
    const tf = terraformPlan();
    const before = eniState({ id: "eni-1", vswitchId: "vsw-a", securityGroupIds: ["sg-a"], primary: "10.0.0.5", secondaries: ["10.0.0.6"] });
    tf.resource({ type: ENI, name: "renamed", action: "update", before, config: { vswitch_id: "vsw-a", network_interface_name: "x", private_ip_addresses: ["10.0.0.6"] } });
    expect(eniOf(readTerraformPlan(tf.build()).objects, `${ENI}.renamed`).addressesChange).toBe(false);
  });

  it("ties a counted resource's reference to the instance with its own index, else the only one, else says why not", () => {
    const tf = terraformPlan();
    for (const i of [0, 1]) tf.resource({ type: "alicloud_vswitch", name: "app", index: i, count: 2, config: { vpc_id: "vpc-a", cidr_block: `10.0.${i}.0/24`, zone_id: "z" } });
    tf.resource({ type: "alicloud_vswitch", name: "one", config: { vpc_id: "vpc-a", cidr_block: "10.1.0.0/24", zone_id: "z" } });
    // vswitch_id = alicloud_vswitch.app[count.index].id: the index is not static, the reference is the whole resource.
    for (const i of [0, 1]) {
      tf.resource({ type: ENI, name: "per_zone", index: i, count: 2, config: { vswitch_id: BUILDER_UNKNOWN }, refs: { vswitch_id: ["alicloud_vswitch.app", "count.index"] } });
    }
    tf.resource({ type: ENI, name: "pinned", config: { vswitch_id: BUILDER_UNKNOWN }, refs: { vswitch_id: ["alicloud_vswitch.app[1].id", "alicloud_vswitch.app[1]", "alicloud_vswitch.app"] } });
    tf.resource({ type: ENI, name: "only", config: { vswitch_id: BUILDER_UNKNOWN }, refs: { vswitch_id: ["alicloud_vswitch.one.id", "alicloud_vswitch.one"] } });
    tf.resource({ type: ENI, name: "ambiguous", config: { vswitch_id: BUILDER_UNKNOWN }, refs: { vswitch_id: ["alicloud_vswitch.app"] } });
    tf.resource({ type: ENI, name: "lookup", config: { vswitch_id: BUILDER_UNKNOWN }, refs: { vswitch_id: ["data.alicloud_vswitches.all.ids[0]", "data.alicloud_vswitches.all.ids", "data.alicloud_vswitches.all"] } });
    const objects = readTerraformPlan(tf.build()).objects;
    expect(eniOf(objects, `${ENI}.per_zone[0]`).vSwitch).toEqual({ kind: "planned", key: "alicloud_vswitch.app[0]" });
    expect(eniOf(objects, `${ENI}.per_zone[1]`).vSwitch).toEqual({ kind: "planned", key: "alicloud_vswitch.app[1]" });
    expect(eniOf(objects, `${ENI}.pinned`).vSwitch).toEqual({ kind: "planned", key: "alicloud_vswitch.app[1]" });
    expect(eniOf(objects, `${ENI}.only`).vSwitch).toEqual({ kind: "planned", key: "alicloud_vswitch.one" });
    expect(eniOf(objects, `${ENI}.ambiguous`).vSwitch).toEqual({ kind: "unknown", reason: "vswitch_id comes from alicloud_vswitch.app (2 instances, none with the referrer's index)" });
    expect(eniOf(objects, `${ENI}.lookup`).vSwitch).toMatchObject({ kind: "unknown", reason: expect.stringContaining("data.alicloud_vswitches.all") });
  });

  it("follows a module's input variable one level into the module call", () => {
    const tf = terraformPlan();
    tf.resource({ type: "alicloud_vswitch", name: "tier", config: { vpc_id: "vpc-a", cidr_block: "10.0.8.0/28", zone_id: "z" } });
    tf.resource({ type: "alicloud_security_group", name: "tier", config: { vpc_id: "vpc-a" } });
    tf.moduleCall("net", {
      source: "./net",
      expressions: { vswitch_id: { references: ["alicloud_vswitch.tier.id", "alicloud_vswitch.tier"] }, sg: { references: ["alicloud_security_group.tier.id", "alicloud_security_group.tier"] }, other: { references: ["module.base.vswitch_id", "module.base"] } },
    });
    tf.resource({ module: "net", type: ENI, name: "a", config: { vswitch_id: BUILDER_UNKNOWN, security_group_ids: [BUILDER_UNKNOWN, "sg-x"] }, refs: { vswitch_id: ["var.vswitch_id"], security_group_ids: ["var.sg"] } });
    tf.resource({ module: "net", type: ENI, name: "b", config: { vswitch_id: BUILDER_UNKNOWN }, refs: { vswitch_id: ["var.other"] } });
    const objects = readTerraformPlan(tf.build()).objects;
    const a = eniOf(objects, `module.net.${ENI}.a`);
    expect(a.vSwitch).toEqual({ kind: "planned", key: "alicloud_vswitch.tier" });
    // A set with an unknown element is unknown as a whole; its references give the planned group.
    expect(a.securityGroups).toEqual([{ kind: "planned", key: "alicloud_security_group.tier" }]);
    expect(eniOf(objects, `module.net.${ENI}.b`).vSwitch).toMatchObject({ kind: "unknown", reason: expect.stringContaining("module.base") });
  });

  it("never reads a sensitive value: it is unknown, with a warning naming the resource and attribute", () => {
    const tf = terraformPlan();
    tf.resource({ type: ENI, name: "s", config: { vswitch_id: "vsw-a", private_ip_addresses: ["10.0.0.8"] }, sensitive: ["private_ip_addresses"] });
    const planned = readTerraformPlan(tf.build());
    expect(eniOf(planned.objects, `${ENI}.s`).privateIpAddresses).toBe(UNKNOWN);
    expect(planned.warnings).toEqual([{ code: "unknown_input", declaration: `${ENI}.s`, message: `${ENI}.s: private_ip_addresses is sensitive; eni-ips does not read it and skipped the checks that need it.` }]);
  });

  it("counts resources of other types as ignored, by type", () => {
    const tf = terraformPlan();
    tf.resource({ type: "alicloud_eip_address", name: "a", config: {} });
    tf.resource({ type: "alicloud_eip_address", name: "b", config: {} });
    tf.resource({ type: "alicloud_eip_association", name: "c", config: {} });
    expect(readTerraformPlan(tf.build()).ignored).toEqual({ alicloud_eip_address: 2, alicloud_eip_association: 1 });
  });

  it("without a configuration section, takes a create's known values and an update's changed ones", () => {
    const tf = terraformPlan();
    const before = eniState({ id: "eni-1", vswitchId: "vsw-a", securityGroupIds: ["sg-a"], primary: "10.0.0.5", secondaries: ["10.0.0.6"] });
    tf.resource({ type: ENI, name: "n", config: { vswitch_id: "vsw-a", private_ip_addresses: ["10.0.0.7"] } });
    tf.resource({ type: ENI, name: "u", action: "update", before, config: { vswitch_id: "vsw-a", private_ip_addresses: ["10.0.0.6", "10.0.0.8"] } });
    const doc = tf.build();
    delete (doc as { configuration?: unknown }).configuration;
    const objects = readTerraformPlan(doc).objects;
    expect(eniOf(objects, `${ENI}.n`)).toMatchObject({ privateIpAddresses: ["10.0.0.7"] });
    expect(eniOf(objects, `${ENI}.n`).secondaryPrivateIpAddressCount).toBeUndefined();
    expect(eniOf(objects, `${ENI}.u`)).toMatchObject({ privateIpAddresses: ["10.0.0.6", "10.0.0.8"], addressesChange: true });
  });
});
