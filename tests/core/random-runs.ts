// Random runs for the property tests: a small account (two vSwitches with tiny CIDRs so reserved,
// outside and exhausted addresses come up often; basic and advanced groups shared by several ENIs,
// one group and one vSwitch the facts lack; instances in assignable and other states) and a sequence
// of declarations on it (explicit lists and counts, both or neither, updates with owned addresses,
// adoptExisting, unknown values, names reused so re-checks and same-name declarations occur, limits
// tight enough that every limit rule fires).
import fc from "fast-check";
import { intToIpv4, ipv4ToInt } from "../../src/core/address";
import { resolveLimits } from "../../src/core/limits";
import { UNKNOWN, type AccountFacts, type Declaration, type EniFacts, type ResolvedLimits } from "../../src/core/types";

const VSWITCHES = [
  { vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/28", base: ipv4ToInt("10.0.0.0"), size: 16 },
  { vSwitchId: "vsw-b", cidrBlock: "10.0.1.0/27", base: ipv4ToInt("10.0.1.0"), size: 32 },
  // On ENIs, never in the facts.
  { vSwitchId: "vsw-gone", cidrBlock: "10.0.2.0/28", base: ipv4ToInt("10.0.2.0"), size: 16 },
] as const;
const GROUPS = ["sg-1", "sg-2", "sg-adv", "sg-gone"] as const;
const INSTANCES = [
  { instanceId: "i-run", status: "Running", instanceType: "ecs.known" },
  { instanceId: "i-stopped", status: "Stopped", instanceType: "ecs.unknown" },
  { instanceId: "i-starting", status: "Starting", instanceType: "ecs.known" },
] as const;

export interface RandomRun {
  readonly facts: AccountFacts;
  readonly limits: ResolvedLimits;
  readonly declarations: readonly Declaration[];
}

const eniSpec = fc.record({
  vSwitch: fc.constantFrom(0, 0, 0, 1, 1, 2),
  status: fc.constantFrom("Available", "Available", "InUse", "InUse", "Attaching"),
  primaryType: fc.boolean(),
  instance: fc.nat(INSTANCES.length - 1),
  groups: fc.subarray([...GROUPS], { minLength: 1, maxLength: 2 }),
  offsets: fc.array(fc.nat(31), { minLength: 1, maxLength: 5 }),
});

const accountSpec = fc.record({
  enis: fc.array(eniSpec, { minLength: 1, maxLength: 6 }),
  available: fc.tuple(fc.option(fc.nat(12), { nil: undefined }), fc.option(fc.nat(28), { nil: undefined })),
  groupCounts: fc.tuple(fc.option(fc.nat(20), { nil: undefined }), fc.option(fc.nat(20), { nil: undefined })),
  knownQuantity: fc.integer({ min: 2, max: 6 }),
  limits: fc.record({
    availableEniMaxIps: fc.integer({ min: 2, max: 6 }),
    eniMaxIps: fc.option(fc.integer({ min: 3, max: 8 }), { nil: null }),
    basicSecurityGroupMaxIps: fc.integer({ min: 4, max: 20 }),
    typeOverride: fc.option(fc.integer({ min: 2, max: 7 }), { nil: undefined }),
  }),
});

type AccountSpec = typeof accountSpec extends fc.Arbitrary<infer T> ? T : never;

function buildAccount(spec: AccountSpec): { facts: AccountFacts; limits: ResolvedLimits } {
  const taken = new Set<number>();
  const enis: EniFacts[] = [];
  spec.enis.forEach((e, k) => {
    const vsw = VSWITCHES[e.vSwitch]!;
    // Usable offsets only (the facts are a real account), each address on one ENI.
    const addrs: string[] = [];
    for (const o of e.offsets) {
      const offset = 1 + (o % (vsw.size - 4));
      const n = vsw.base + offset;
      if (taken.has(n)) continue;
      taken.add(n);
      addrs.push(intToIpv4(n));
    }
    if (addrs.length === 0) return;
    const bound = e.status !== "Available";
    const instance = INSTANCES[e.instance]!;
    enis.push({
      networkInterfaceId: `eni-${k}`,
      status: e.status,
      type: bound && e.primaryType ? "Primary" : "Secondary",
      vSwitchId: vsw.vSwitchId,
      ...(bound ? { instanceId: instance.instanceId } : {}),
      securityGroupIds: e.groups,
      primaryIpAddress: addrs[0]!,
      privateIpAddresses: addrs,
    });
  });
  const [availA, availB] = spec.available;
  const [count1, count2] = spec.groupCounts;
  const facts: AccountFacts = {
    enis,
    vSwitches: [
      { vSwitchId: "vsw-a", cidrBlock: "10.0.0.0/28", ...(availA === undefined ? {} : { availableIpAddressCount: availA }) },
      { vSwitchId: "vsw-b", cidrBlock: "10.0.1.0/27", ...(availB === undefined ? {} : { availableIpAddressCount: availB }) },
    ],
    instances: INSTANCES.map((i) => ({ ...i })),
    instanceTypes: [{ instanceTypeId: "ecs.known", eniPrivateIpAddressQuantity: spec.knownQuantity }],
    securityGroups: [
      { securityGroupId: "sg-1", securityGroupType: "normal", ...(count1 === undefined ? {} : { privateIpAddressCount: count1 }) },
      { securityGroupId: "sg-2", securityGroupType: "normal", ...(count2 === undefined ? {} : { privateIpAddressCount: count2 }) },
      { securityGroupId: "sg-adv", securityGroupType: "enterprise" },
    ],
  };
  const l = spec.limits;
  const limits = resolveLimits({
    overrides: {
      availableEniMaxIps: l.availableEniMaxIps,
      eniMaxIps: l.eniMaxIps,
      basicSecurityGroupMaxIps: l.basicSecurityGroupMaxIps,
      ...(l.typeOverride === undefined ? {} : { instanceTypeEniIps: { "ecs.known": l.typeOverride } }),
    },
  });
  return { facts, limits };
}

/** An address a declaration might name: in either vSwitch (reserved ends included), outside, on an ENI, malformed, unknown. */
function addressArb(facts: AccountFacts): fc.Arbitrary<unknown> {
  const onEnis = facts.enis.flatMap((e) => e.privateIpAddresses);
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat(15).map((o) => intToIpv4(VSWITCHES[0].base + o)) },
    { weight: 4, arbitrary: fc.nat(31).map((o) => intToIpv4(VSWITCHES[1].base + o)) },
    { weight: 1, arbitrary: fc.nat(15).map((o) => intToIpv4(VSWITCHES[2].base + o)) },
    { weight: 6, arbitrary: fc.constantFrom(...onEnis) },
    { weight: 1, arbitrary: fc.constantFrom("192.168.0.7", "10.0.0.1/32", "bad", "010.0.0.1", "", 5, null) },
    { weight: 1, arbitrary: fc.constant(UNKNOWN) },
  );
}

function declarationArb(facts: AccountFacts): fc.Arbitrary<Declaration> {
  const ids = facts.enis.map((e) => e.networkInterfaceId);
  const address = addressArb(facts);
  const eniId = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom(...ids) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>("eni-missing", "", 42, UNKNOWN) },
  );
  const list = fc.oneof(
    { weight: 12, arbitrary: fc.array(address, { maxLength: 4 }) },
    { weight: 1, arbitrary: fc.constantFrom<unknown>(UNKNOWN, "10.0.0.5") },
  );
  const count = fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 1, max: 5 }) },
    { weight: 2, arbitrary: fc.constantFrom<unknown>(0, -1, 1.5, "2", true, UNKNOWN) },
  );
  const form = fc.constantFrom("list", "list", "list", "count", "count", "both", "neither");
  const owned = fc.option(fc.subarray([...facts.enis.flatMap((e) => e.privateIpAddresses), "10.0.0.9", "10.0.1.9"], { maxLength: 3 }), {
    nil: undefined,
    freq: 3,
  });
  const limits = fc.option(
    fc.oneof(
      { weight: 4, arbitrary: fc.record({ availableEniMaxIps: fc.integer({ min: 2, max: 8 }) }) },
      { weight: 2, arbitrary: fc.record({ basicSecurityGroupMaxIps: fc.integer({ min: 3, max: 12 }) }) },
      { weight: 2, arbitrary: fc.record({ eniMaxIps: fc.option(fc.integer({ min: 3, max: 8 }), { nil: null }) }) },
      // Invalid: both cores throw a LimitsError when they judge the limits.
      { weight: 1, arbitrary: fc.constant({ availableEniMaxIps: 0 }) },
    ),
    { nil: undefined, freq: 5 },
  );
  return fc
    .record({
      name: fc.constantFrom("d0", "d1", "d2", "d3", "d4", "d5"),
      eniId,
      form,
      list,
      count,
      adopt: fc.constantFrom(undefined, undefined, true, false),
      owned,
      limits,
    })
    .map((r) => ({
      name: r.name,
      networkInterfaceId: r.eniId as Declaration["networkInterfaceId"],
      ...(r.form === "list" || r.form === "both" ? { privateIpAddresses: r.list as Declaration["privateIpAddresses"] } : {}),
      ...(r.form === "count" || r.form === "both" ? { secondaryPrivateIpAddressCount: r.count } : {}),
      ...(r.adopt === undefined ? {} : { adoptExisting: r.adopt }),
      ...(r.owned === undefined ? {} : { ownedAddresses: r.owned }),
      ...(r.limits === undefined ? {} : { limits: r.limits }),
    }));
}

/** A random account with its limits and 1-14 declarations on it. */
export const randomRun: fc.Arbitrary<RandomRun> = accountSpec
  .map(buildAccount)
  .filter((a) => a.facts.enis.length > 0)
  .chain(({ facts, limits }) =>
    fc.array(declarationArb(facts), { minLength: 1, maxLength: 14 }).map((declarations) => ({ facts, limits, declarations })),
  );

/**
 * The facts the provider reads for one check of `eniId`: the ENI, its vSwitch with every ENI in it,
 * its groups with every ENI in them, and their instances and instance types. Empty when the ENI is
 * not in the account.
 */
export function factsForCheck(facts: AccountFacts, eniId: unknown): Partial<AccountFacts> {
  const eni = facts.enis.find((e) => e.networkInterfaceId === eniId);
  if (eni === undefined) return {};
  const groups = new Set(eni.securityGroupIds);
  const enis = facts.enis.filter((e) => e === eni || e.vSwitchId === eni.vSwitchId || e.securityGroupIds.some((g) => groups.has(g)));
  const instanceIds = new Set(enis.flatMap((e) => (e.instanceId === undefined ? [] : [e.instanceId])));
  const instances = facts.instances.filter((i) => instanceIds.has(i.instanceId));
  const types = new Set(instances.map((i) => i.instanceType));
  return {
    enis,
    vSwitches: facts.vSwitches.filter((v) => v.vSwitchId === eni.vSwitchId),
    instances,
    instanceTypes: facts.instanceTypes.filter((t) => types.has(t.instanceTypeId)),
    securityGroups: facts.securityGroups.filter((g) => groups.has(g.securityGroupId)),
  };
}
