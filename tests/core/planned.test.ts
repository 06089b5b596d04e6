// The planned-object core: what a plan creates is added to the facts and judged by the same rules,
// counted the way the cloud will count it (a new ENI's primary address, the Available limit and the
// attaching instance type's, net growth of updates, nothing freed by deletes).
import { describe, expect, it } from "vitest";
import { resolveLimits } from "../../src/core/limits";
import { formatMessage } from "../../src/core/messages";
import { judgePlannedObjects, plannedFactsRequest } from "../../src/core/planned";
import type { AttributeNames, PlannedObject } from "../../src/core/planned-types";
import { UNKNOWN, type AccountFacts } from "../../src/core/types";
import { account, addresses, eni, instance, instanceType, securityGroup, vSwitch } from "./fixtures";

const TF: AttributeNames = {
  networkInterfaceId: "id",
  primaryIpAddress: "primary_ip_address",
  privateIpAddresses: "private_ip_addresses",
  secondaryPrivateIpAddressCount: "secondary_private_ip_address_count",
  vSwitchId: "vswitch_id",
  securityGroupIds: "security_group_ids",
  instanceType: "instance_type",
};
const TF_INSTANCE: AttributeNames = { ...TF, primaryIpAddress: "private_ip", privateIpAddresses: "secondary_private_ips", securityGroupIds: "security_groups" };

function judge(objects: PlannedObject[], facts: AccountFacts = account(), limits = resolveLimits()) {
  return judgePlannedObjects({ planned: { objects, warnings: [], ignored: {} }, facts, limits });
}

function newEni(key: string, extra: Partial<Extract<PlannedObject, { kind: "eni" }>> = {}): PlannedObject {
  return { kind: "eni", action: "create", key, name: key, attributes: TF, vSwitch: { kind: "existing", id: "vsw-a" }, securityGroups: [{ kind: "existing", id: "sg-basic" }], ...extra };
}

const blame = (j: ReturnType<typeof judge>): string[] => j.violations.map((v) => `${v.declaration}:${v.code}:${v.property}`);

describe("an ENI the plan creates", () => {
  it("is judged with the Available limit, its primary address counted in its total", () => {
    // 1 primary + 9 secondaries = 10 = the default Available limit; one more is 11.
    expect(blame(judge([newEni("alicloud_ecs_network_interface.ok", { secondaryPrivateIpAddressCount: 9 })]))).toEqual([]);
    const over = judge([newEni("alicloud_ecs_network_interface.big", { privateIpAddresses: addresses("10.0.0.100", 10) })]);
    expect(blame(over)).toEqual(["alicloud_ecs_network_interface.big:eni_ip_limit:private_ip_addresses"]);
    expect(over.violations[0]?.networkInterfaceId).toBeNull();
    expect(over.violations[0]?.message).toMatch(/^alicloud_ecs_network_interface\.big: private_ip_addresses would bring \(new\) alicloud_ecs_network_interface\.big to 11 private IPv4 addresses, over the limit of 10/);
  });

  it("is judged with the attaching instance type's limit when that is stricter", () => {
    // i-run is ecs.g6.large: 6 per ENI. 1 + 5 fits, 1 + 6 does not, though Available would allow 10.
    const attach = (eniKey: string): PlannedObject => ({ kind: "attachment", key: `${eniKey}-attach`, name: `${eniKey}-attach`, networkInterface: { kind: "planned", key: eniKey }, instance: { kind: "existing", id: "i-run" } });
    expect(blame(judge([newEni("e.fits", { secondaryPrivateIpAddressCount: 5 }), attach("e.fits")]))).toEqual([]);
    const j = judge([newEni("e.over", { secondaryPrivateIpAddressCount: 6 }), attach("e.over")]);
    expect(blame(j)).toEqual(["e.over:eni_ip_limit:secondary_private_ip_address_count"]);
    expect(j.violations[0]?.message).toMatch(/ecs\.g6\.large/);
  });

  it("brings its primary address into its group's usage and its vSwitch's free addresses", () => {
    // sg-basic holds 1,998 addresses: two new ENIs with only a primary make 2,000, a third is over.
    const facts = account({ securityGroups: [securityGroup("sg-basic", "normal", 1998)] });
    expect(blame(judge([newEni("e.a"), newEni("e.b")], facts))).toEqual([]);
    const j = judge([newEni("e.a"), newEni("e.b"), newEni("e.c")], facts);
    expect(blame(j)).toEqual(["e.c:security_group_quota:primary_ip_address"]);
    expect(j.violations[0]?.message).toMatch(/^e\.c: the primary address \(assigned by the cloud\) would bring basic security group sg-basic \(of \(new\) e\.c\) to 2001/);
    // vsw-a has 2 free addresses: two auto-assigned primaries fit, the third does not.
    const small = account({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24", { availableIpAddressCount: 2 })] });
    expect(blame(judge([newEni("e.a"), newEni("e.b"), newEni("e.c")], small))).toEqual(["e.c:vswitch_exhausted:primary_ip_address"]);
  });

  it("judges a given primary address by the address rules, and secondaries that repeat it", () => {
    const j = judge([
      newEni("e.taken", { primaryIpAddress: "10.0.0.20" }),
      newEni("e.outside", { primaryIpAddress: "10.9.0.5" }),
      newEni("e.reserved", { primaryIpAddress: "10.0.0.255" }),
      newEni("e.bad", { primaryIpAddress: "10.0.0.300" }),
      newEni("e.self", { primaryIpAddress: "10.0.0.50", privateIpAddresses: ["10.0.0.50"] }),
      newEni("e.ok", { primaryIpAddress: "10.0.0.60", privateIpAddresses: ["10.0.0.61"] }),
    ]);
    expect(blame(j)).toEqual([
      "e.taken:ip_in_use:primary_ip_address",
      "e.outside:outside_vswitch_cidr:primary_ip_address",
      "e.reserved:reserved_ip:primary_ip_address",
      "e.bad:invalid_ip:primary_ip_address",
      "e.self:duplicate_ip:private_ip_addresses",
    ]);
    expect(j.violations[0]).toMatchObject({ value: "10.0.0.20", networkInterfaceId: null });
  });

  it("on a vSwitch and in a group the plan creates: CIDR and type from the plan, nothing used yet", () => {
    const objects: PlannedObject[] = [
      { kind: "vSwitch", key: "alicloud_vswitch.new", name: "alicloud_vswitch.new", cidrBlock: "192.168.0.0/29", cidrAttribute: "cidr_block" },
      { kind: "securityGroup", key: "alicloud_security_group.new", name: "alicloud_security_group.new", securityGroupType: "normal", typeAttribute: "security_group_type" },
      newEni("e.n", { vSwitch: { kind: "planned", key: "alicloud_vswitch.new" }, securityGroups: [{ kind: "planned", key: "alicloud_security_group.new" }], privateIpAddresses: ["192.168.0.5", "192.168.0.1"] }),
      // /29: 8 addresses, 4 reserved, 4 usable. The ENI above fails (so adds no secondaries) but its
      // primary takes one; this one's primary takes another, leaving 2 for a count of 3.
      newEni("e.m", { vSwitch: { kind: "planned", key: "alicloud_vswitch.new" }, securityGroups: [], secondaryPrivateIpAddressCount: 3 }),
    ];
    const j = judge(objects);
    // .1 is usable (the first address .0 is reserved); .5 is one of the last three.
    expect(blame(j)).toEqual(["e.n:reserved_ip:private_ip_addresses", "e.m:vswitch_exhausted:secondary_private_ip_address_count"]);
    expect(j.usage.securityGroups).toContainEqual(expect.objectContaining({ securityGroupId: "(new) alicloud_security_group.new", used: 1 }));
  });

  it("skips only the checks an unknown reference needs, with a warning naming the attribute", () => {
    const j = judge([newEni("e.u", { vSwitch: { kind: "unknown", reason: "from var.subnet" }, securityGroups: [{ kind: "unknown", reason: "from local.groups" }], privateIpAddresses: ["10.99.0.1"] })]);
    expect(j.violations).toEqual([]);
    expect(j.warnings.map((w) => w.code).sort()).toEqual(["unknown_security_group", "unknown_vswitch"]);
    expect(j.warnings.find((w) => w.code === "unknown_vswitch")?.message).toMatch(/^e\.u: vswitch_id is not known until apply \(from var\.subnet\)/);
  });
});

describe("an instance the plan creates", () => {
  const inst = (key: string, extra: Partial<Extract<PlannedObject, { kind: "instance" }>> = {}): PlannedObject => ({
    kind: "instance", action: "create", key, name: key, attributes: TF_INSTANCE, instanceType: "ecs.g6.large",
    vSwitch: { kind: "existing", id: "vsw-a" }, securityGroups: [{ kind: "existing", id: "sg-basic" }], ...extra,
  });

  it("holds primary and secondary addresses on its primary ENI, limited by the instance type", () => {
    expect(blame(judge([inst("alicloud_instance.ok", { secondaryPrivateIpAddressCount: 5 })]))).toEqual([]);
    const j = judge([inst("alicloud_instance.over", { privateIpAddresses: addresses("10.0.0.100", 6) })]);
    expect(blame(j)).toEqual(["alicloud_instance.over:eni_ip_limit:secondary_private_ips"]);
    expect(j.violations[0]?.message).toMatch(/type ecs\.g6\.large; DescribeInstanceTypes/);
  });

  it("falls back with a warning when its instance type is not described", () => {
    const j = judge([inst("alicloud_instance.odd", { instanceType: "ecs.unknown.large", secondaryPrivateIpAddressCount: 2 })]);
    expect(j.violations).toEqual([]);
    expect(j.warnings.map((w) => w.code)).toContain("unknown_instance_type");
    // The new instance and its primary ENI share one label: the warning names it once.
    const w = j.warnings.find((x) => x.code === "unknown_instance_type")!;
    expect(w.message).toContain("instance type ecs.unknown.large of (new) alicloud_instance.odd; checked against");
    expect(w.message.split("(new) alicloud_instance.odd").length - 1).toBe(1);
  });
});

describe("updates, deletes and eni-ips's own resources", () => {
  const upd = (extra: Partial<Extract<PlannedObject, { kind: "eni" }>>): PlannedObject => ({
    kind: "eni", action: "update", key: "alicloud_ecs_network_interface.bound", name: "alicloud_ecs_network_interface.bound", attributes: TF, networkInterfaceId: "eni-bound", addressesChange: true, ...extra,
  });
  const bound6: AccountFacts = account({
    enis: [eni("eni-bound", { primary: "10.0.0.20", instanceId: "i-run", secondaries: addresses("10.0.0.21", 5) })],
  });

  it("are judged by their net growth against the prior state", () => {
    // eni-bound is full (6 of 6 for ecs.g6.large). Swapping one address is fine; adding one is not.
    const swap = upd({ privateIpAddresses: [...addresses("10.0.0.21", 4), "10.0.0.40"], priorAddresses: addresses("10.0.0.21", 5) });
    expect(blame(judge([swap], bound6))).toEqual([]);
    const grow = upd({ privateIpAddresses: [...addresses("10.0.0.21", 5), "10.0.0.40"], priorAddresses: addresses("10.0.0.21", 5) });
    expect(blame(judge([grow], bound6))).toEqual(["alicloud_ecs_network_interface.bound:eni_ip_limit:private_ip_addresses"]);
    const count = upd({ secondaryPrivateIpAddressCount: 6, priorAddresses: addresses("10.0.0.21", 5) });
    expect(judge([count], bound6).violations[0]).toMatchObject({ code: "eni_ip_limit", networkInterfaceId: "eni-bound", value: 6 });
  });

  it("an address someone else assigned to the ENI is refused with advice the tool can follow", () => {
    // 10.0.0.26 is on eni-bound but not in the resource's prior state: assigned outside the plan.
    const facts = account({ enis: [eni("eni-bound", { primary: "10.0.0.20", instanceId: "i-run", secondaries: addresses("10.0.0.21", 6) })] });
    const j = judge([upd({ privateIpAddresses: ["10.0.0.21", "10.0.0.26"], priorAddresses: ["10.0.0.21"] })], facts);
    expect(blame(j)).toEqual(["alicloud_ecs_network_interface.bound:ip_in_use:private_ip_addresses"]);
    // The official resources have no adoptExisting: the hint must not send the user to it.
    expect(j.violations[0]!.message).not.toContain("adoptExisting");
    expect(j.violations[0]!.message).toContain("Pick a free address, or unassign it from the ENI first");
    expect(formatMessage(j.violations[0]!)).toBe(j.violations[0]!.message);
    // eni-ips's own resource in the same plan keeps its adoptExisting hint.
    const mine: PlannedObject = { kind: "eniIps", action: "create", key: "urn:x::mine", name: "mine", networkInterface: { kind: "existing", id: "eni-bound" }, privateIpAddresses: ["10.0.0.26"] };
    expect(judge([mine], facts).violations[0]!.message).toContain("Set adoptExisting: true to take it over");
  });

  it("ask nothing of the ENI when the addresses do not change", () => {
    const detaching = account({ enis: [eni("eni-bound", { primary: "10.0.0.20", status: "Detaching" })] });
    expect(judge([upd({ addressesChange: false, privateIpAddresses: [], priorAddresses: [] })], detaching).violations).toEqual([]);
    expect(blame(judge([upd({ privateIpAddresses: ["10.0.0.21"], priorAddresses: [] })], detaching))).toEqual(["alicloud_ecs_network_interface.bound:eni_state:id"]);
  });

  it("a shrinking update frees nothing for another resource", () => {
    const shrink = upd({ privateIpAddresses: [], priorAddresses: addresses("10.0.0.21", 5) });
    const other: PlannedObject = { kind: "eniIps", action: "create", key: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses::more", name: "more", networkInterface: { kind: "existing", id: "eni-bound" }, secondaryPrivateIpAddressCount: 1 };
    const j = judge([shrink, other], bound6);
    expect(blame(j)).toEqual(["urn:pulumi:dev::p::pulumi-nodejs:dynamic/eni-ips:SecondaryPrivateIpAddresses::more:eni_ip_limit:secondaryPrivateIpAddressCount"]);
  });

  it("a replacement that deletes the old ENI first may reuse its addresses; one that creates first may not", () => {
    const facts = account({ enis: [eni("eni-old", { primary: "10.0.0.20", secondaries: ["10.0.0.21"] })] });
    const reuse = (replaces: string | undefined) => newEni("alicloud_ecs_network_interface.moved", { primaryIpAddress: "10.0.0.20", privateIpAddresses: ["10.0.0.21"], ...(replaces === undefined ? {} : { replaces }) });
    expect(blame(judge([reuse("eni-old")], facts))).toEqual([]);
    expect(blame(judge([reuse(undefined)], facts))).toEqual(["alicloud_ecs_network_interface.moved:ip_in_use:primary_ip_address", "alicloud_ecs_network_interface.moved:ip_in_use:private_ip_addresses"]);
  });

  it("an eni-ips resource on an ENI the plan creates targets that ENI", () => {
    const created = newEni("alicloud_ecs_network_interface.n", { secondaryPrivateIpAddressCount: 8 });
    const mine: PlannedObject = { kind: "eniIps", action: "create", key: "urn:x::more", name: "more", networkInterface: { kind: "planned", key: "alicloud_ecs_network_interface.n" }, secondaryPrivateIpAddressCount: 2 };
    const j = judge([created, mine]);
    expect(blame(j)).toEqual(["urn:x::more:eni_ip_limit:secondaryPrivateIpAddressCount"]);
    expect(j.violations[0]?.networkInterfaceId).toBeNull();
    expect(j.resources.map((r) => r.eniLabel)).toEqual(["(new) alicloud_ecs_network_interface.n", "(new) alicloud_ecs_network_interface.n"]);
  });
});

describe("violations of planned objects, in the tool's terms", () => {
  /** The engine judges a new ENI's primary address on a stand-in ENI, "(new) NAME primary address": never shown. */
  const STAND_IN = /\(new\) \S+ primary address/;
  const reworded = (j: ReturnType<typeof judge>): void => {
    for (const v of j.violations) expect(formatMessage({ ...v, message: "stale" }), v.code).toBe(v.message);
    for (const w of j.warnings) expect(formatMessage({ ...w, message: "stale" }), w.code).toBe(w.message);
  };

  it("keep the numbers of a limit, the new ENI named by its label", () => {
    const j = judge([newEni("alicloud_ecs_network_interface.big", { privateIpAddresses: addresses("10.0.0.100", 10) })]);
    expect(j.violations[0]).toMatchObject({
      code: "eni_ip_limit",
      networkInterfaceId: null,
      eniLabel: "(new) alicloud_ecs_network_interface.big",
      property: "private_ip_addresses",
      detail: { total: 11, limit: 10, limitSource: "ENI is Available; default profile", current: 1, earlier: 0, adds: 10, knob: "ENI_IPS_AVAILABLE_ENI_MAX_IPS" },
      names: { privateIpAddresses: "private_ip_addresses", secondaryPrivateIpAddressCount: "secondary_private_ip_address_count", networkInterfaceId: "id" },
    });
    // What earlier resources of the plan add, on an ENI the plan creates.
    const created = newEni("alicloud_ecs_network_interface.n", { secondaryPrivateIpAddressCount: 8 });
    const mine: PlannedObject = { kind: "eniIps", action: "create", key: "urn:x::more", name: "more", networkInterface: { kind: "planned", key: "alicloud_ecs_network_interface.n" }, secondaryPrivateIpAddressCount: 2 };
    const more = judge([created, mine]).violations[0]!;
    expect(more).toMatchObject({ eniLabel: "(new) alicloud_ecs_network_interface.n", detail: { total: 11, limit: 10, current: 1, earlier: 8, adds: 2 } });
    // eni-ips's own resource speaks the engine's names: its violations carry none.
    expect(more.names).toBeUndefined();
    reworded(judge([created, mine]));
  });

  it("word a new ENI's primary address by its attribute, or as assigned by the cloud, from the detail", () => {
    const facts = account({ securityGroups: [securityGroup("sg-basic", "normal", 1998)] });
    const quota = judge([newEni("e.a"), newEni("e.b"), newEni("e.c")], facts);
    const v = quota.violations[0]!;
    expect(v).toMatchObject({ code: "security_group_quota", property: "primary_ip_address", eniLabel: "(new) e.c", names: { primaryAddress: "assigned" } });
    expect(v.detail).toEqual({ total: 2001, limit: 2000, limitSource: "default profile", current: 1998, earlier: 2, adds: 1, securityGroupId: "sg-basic" });
    expect(v).not.toHaveProperty("value");
    expect(v.message).toContain("e.c: the primary address (assigned by the cloud) would bring basic security group sg-basic (of (new) e.c) to 2001");
    const small = account({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24", { availableIpAddressCount: 2 })] });
    const exhausted = judge([newEni("e.a"), newEni("e.b"), newEni("e.c")], small).violations[0]!;
    expect(exhausted.detail).toEqual({ vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/24", needed: 1, free: 0, earlier: 2 });
    expect(exhausted.message).toContain("e.c: the primary address (assigned by the cloud) needs 1 new address but vSwitch vsw-a (10.0.0.0/24) of (new) e.c has 0 free");

    const given = judge([
      newEni("e.outside", { primaryIpAddress: "10.9.0.5" }),
      newEni("e.bad", { primaryIpAddress: "10.0.0.300" }),
      newEni("e.self", { primaryIpAddress: "10.0.0.50", privateIpAddresses: ["10.0.0.50"] }),
    ]);
    const [outside, bad, self] = given.violations;
    expect(outside).toMatchObject({ property: "primary_ip_address", value: "10.9.0.5", eniLabel: "(new) e.outside", names: { primaryAddress: "given" } });
    expect(outside?.message).toContain("e.outside: primary_ip_address 10.9.0.5 is outside 10.0.0.0/24, the CIDR of vSwitch vsw-a of (new) e.outside");
    // One address, no list: no index in the message (the detail keeps the engine's 0).
    expect(bad?.message).toContain('e.bad: primary_ip_address "10.0.0.300" is not a single IPv4 address');
    // The other declaration of a duplicate is the resource's primary address, by its attribute.
    expect(self?.detail).toEqual({ address: "10.0.0.50", otherDeclaration: "e.self primary_ip_address" });
    for (const j of [quota, given]) {
      expect(JSON.stringify(j.violations.map((x) => x.detail))).not.toMatch(STAND_IN);
      expect(j.violations.map((x) => x.message).join("\n")).not.toMatch(STAND_IN);
      reworded(j);
    }
  });

  it("point a primary address inside a prefix reservation to the tool's prefix attribute", () => {
    const reserved = account({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24", { cidrReservations: [{ vSwitchCidrReservationId: "vcr-1", cidrBlock: "10.0.0.64/26" }] })] });
    const v = judge([newEni("e.r", { primaryIpAddress: "10.0.0.70", attributes: { ...TF, ipv4Prefixes: "ipv4_prefixes", ipv4PrefixCount: "ipv4_prefix_count" } })], reserved).violations[0]!;
    expect(v).toMatchObject({ code: "reserved_ip", property: "primary_ip_address", detail: { reservation: { vSwitchCidrReservationId: "vcr-1" } } });
    expect(v.message).toMatch(/^e\.r: primary_ip_address 10\.0\.0\.70 is inside 10\.0\.0\.64\/26 \(vcr-1\).*or ask for the block's addresses as an IPv4 prefix \(ipv4_prefixes\)\.$/);
  });

  it("name the inputs not known yet in the tool's words, a primary address by its attribute alone", () => {
    const j = judge([newEni("e.u", { primaryIpAddress: UNKNOWN, privateIpAddresses: ["10.0.0.40", UNKNOWN] })]);
    expect(j.warnings.filter((w) => w.code === "unknown_input").map((w) => [w.detail, w.networkInterfaceId])).toEqual([
      [{ inputs: ["primary_ip_address"] }, "(new) e.u"],
      [{ inputs: ["1 element of private_ip_addresses"] }, "(new) e.u"],
    ]);
    expect(j.warnings.find((w) => w.code === "unknown_input")?.message).toBe(
      "e.u: primary_ip_address not known yet (preview); the rules that need it were skipped and run again before any change.",
    );
    reworded(j);
  });

  it("name the two prefix inputs of an Ipv4Prefixes resource as it does", () => {
    const both: PlannedObject = { kind: "eniIps", action: "create", key: "urn:x::pool", name: "pool", networkInterface: { kind: "existing", id: "eni-avail" }, ipv4Prefixes: ["10.0.0.64/28"], ipv4PrefixCount: 1 };
    const v = judge([both]).violations.find((x) => x.code === "conflicting_args")!;
    expect(v.detail).toEqual({ given: "both", properties: ["prefixes", "prefixCount"] });
    expect(v.message).toContain("urn:x::pool: prefixes and prefixCount are both set [rule 6 (conflicting_args)]. Keep one of them: an ENI's addresses and its IPv4 prefixes are declared apart");
    reworded(judge([both]));
  });
});

describe("plannedFactsRequest", () => {
  it("lists the existing ENIs, vSwitches, groups, instances and instance types the plan refers to", () => {
    const objects: PlannedObject[] = [
      newEni("e.a"),
      { kind: "instance", action: "create", key: "i.a", name: "i.a", attributes: TF_INSTANCE, instanceType: "ecs.g7.large", vSwitch: { kind: "existing", id: "vsw-b" }, securityGroups: [{ kind: "existing", id: "sg-x" }] },
      { kind: "attachment", key: "att", name: "att", networkInterface: { kind: "existing", id: "eni-z" }, instance: { kind: "existing", id: "i-z" } },
      { kind: "eniIps", action: "create", key: "u", name: "u", networkInterface: { kind: "existing", id: "eni-y" }, privateIpAddresses: [UNKNOWN] },
    ];
    expect(plannedFactsRequest(objects)).toEqual({
      networkInterfaceIds: ["eni-y", "eni-z"],
      vSwitchIds: ["vsw-a", "vsw-b"],
      securityGroupIds: ["sg-basic", "sg-x"],
      instanceIds: ["i-z"],
      instanceTypeIds: ["ecs.g7.large"],
    });
  });
});

it("instance() fixture stays in use", () => expect(instance("i", "t").status).toBe("Running"));
it("instanceType() fixture stays in use", () => expect(instanceType("t", 2).eniPrivateIpAddressQuantity).toBe(2));
