// The Ipv4Prefixes resource through Pulumi's dynamic-provider host against the emulator's prefix seed
// (vsw-bp1demoprefix 10.0.3.0/24 with the prefix reservation 10.0.3.64/26: four /28s, of which the
// Available ENI eni-bp1demoprefix holds 10.0.3.64/28). Rules 16 and 17 fail in check with no
// mutating call; create, in-place update, drift on refresh, delete; an address resource and a prefix
// resource on one ENI share its limit (each prefix one address) and never overlap; adoptExisting;
// concurrent creates of both kinds under lost responses and throttling own exactly what they declared.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PREFIX_IDS, demoSeedWithPrefixes } from "../../src/emulator";
import type { Props } from "../helpers/provider-host";
import { addressesOn, prefixesOn, startProviderFixture, up, upPrefixes, type ProviderFixture } from "./provider-fixture";

const P = DEMO_PREFIX_IDS;
const SEEDED = "10.0.3.64/28";
const RESERVATION = { first: (10 << 24) + (3 << 8) + 64, last: (10 << 24) + (3 << 8) + 127 };

function inReservation(address: string): boolean {
  const n = address.split(".").reduce((acc, x) => acc * 256 + Number(x), 0);
  return n >= RESERVATION.first && n <= RESERVATION.last;
}

describe("Ipv4Prefixes through the provider host", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture({ emulator: { seed: demoSeedWithPrefixes() } });
  });
  afterAll(async () => f?.close());

  const check = (name: string, args: Record<string, unknown>, olds: Record<string, unknown> = {}) =>
    f.host.check(f.prefixUrn(name), olds, f.prefixInputs(name, { networkInterfaceId: P.eni, ...args }));

  it("fails rules 16 and 17 in check, naming the resource, its input and the value, with no mutating call", async () => {
    const cases: { args: Record<string, unknown>; property: string; rule: string; value: string }[] = [
      { args: { prefixes: ["10.0.3.81/28"] }, property: "prefixes", rule: "rule 16 (invalid_prefix)", value: "10.0.3.81/28" },
      { args: { prefixes: ["10.0.3.80/27"] }, property: "prefixes", rule: "rule 16 (invalid_prefix)", value: "10.0.3.80/27" },
      { args: { prefixCount: 11 }, property: "prefixCount", rule: "rule 16 (invalid_prefix)", value: "11" },
      { args: { prefixes: ["10.0.3.16/28"] }, property: "prefixes", rule: "rule 17 (prefix_unavailable)", value: "10.0.3.16/28" },
      { args: { prefixes: [SEEDED] }, property: "prefixes", rule: "rule 17 (prefix_unavailable)", value: SEEDED },
      { args: { prefixCount: 4 }, property: "prefixCount", rule: "rule 17 (prefix_unavailable)", value: "4" },
    ];
    for (const [i, c] of cases.entries()) {
      const name = `bad-${i}`;
      const res = await check(name, c.args);
      const failure = res.failures.find((x) => x.reason.includes(c.rule));
      expect(failure, `${JSON.stringify(c.args)}: ${JSON.stringify(res.failures)}`).toBeDefined();
      expect(failure!.property).toBe(c.property);
      expect(failure!.reason).toMatch(new RegExp(`^${name}: `));
      expect(failure!.reason).toContain(c.property);
      expect(failure!.reason).toContain(c.value);
      // The message names the resource's own input, never the core's ipv4Prefixes.
      expect(failure!.reason).not.toContain("ipv4Prefix");
    }
    expect(f.em.emulator.callCounts().mutations).toBe(0);
  });

  it("refuses inputs it does not have (rule 14), naming the closest known one, address inputs included", async () => {
    const typo = await check("typo", { prefixCont: 1 });
    expect(typo.failures).toHaveLength(1);
    expect(typo.failures[0]!.reason).toMatch(/^typo: prefixCont is not an input of this resource \[rule 14 \(invalid_input\)\]\. Did you mean prefixCount\?/);
    const wrongKind = await check("wrong-kind", { privateIpAddresses: ["10.0.3.5"] });
    expect(wrongKind.failures.map((x) => x.property)).toEqual(["privateIpAddresses"]);
    expect(wrongKind.failures[0]!.reason).toContain("rule 14 (invalid_input)");
    expect(wrongKind.failures[0]!.reason).toContain("prefixes");
    expect(f.em.emulator.callCounts().mutations).toBe(0);
  });

  it("creates, updates in place, reads drift, repairs it and deletes only what it owns (explicit prefixes)", async () => {
    const name = "pods";
    const urn = f.prefixUrn(name);
    const created = await upPrefixes(f, name, { networkInterfaceId: P.eni, prefixes: ["10.0.3.80/28"] });
    expect(created.id).toContain(P.eni);
    expect(created.outputs).toMatchObject({ networkInterfaceId: P.eni, prefixes: ["10.0.3.80/28"], vSwitchId: P.vSwitch, cidrBlock: "10.0.3.0/24" });
    expect(created.outputs).not.toHaveProperty("privateIpAddresses");
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED, "10.0.3.80/28"]);

    const news = f.prefixInputs(name, { networkInterfaceId: P.eni, prefixes: ["10.0.3.96/28"] });
    expect((await f.host.check(urn, created.inputs, news)).failures).toEqual([]);
    expect(await f.host.diff(urn, created.id, created.outputs, news)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const updated = await f.host.update(urn, created.id, created.outputs, news);
    expect(updated.properties["prefixes"]).toEqual(["10.0.3.96/28"]);
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED, "10.0.3.96/28"]);
    expect((await f.host.diff(urn, created.id, updated.properties, news)).changes).toBe("none");

    // Drift: removed behind the stack's back; a refresh (a new process) drops it from the outputs.
    await f.em.ecs.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: "cn-hangzhou", networkInterfaceId: P.eni, ipv4Prefix: ["10.0.3.96/28"] }));
    await f.restartHost();
    const refreshed = await f.host.read(urn, created.id, updated.properties, news);
    expect(refreshed.properties["prefixes"]).toEqual([]);
    expect((await f.host.diff(urn, created.id, refreshed.properties, news)).changes).toBe("some");
    const repaired = await f.host.update(urn, created.id, refreshed.properties, news);
    expect(repaired.properties["prefixes"]).toEqual(["10.0.3.96/28"]);

    // A new ENI replaces the resource.
    const moved = f.prefixInputs(name, { networkInterfaceId: "eni-bp1elsewhere", prefixes: ["10.0.3.96/28"] });
    expect((await f.host.diff(urn, created.id, repaired.properties, moved)).replaces).toEqual(["networkInterfaceId"]);

    await f.host.delete(urn, created.id, repaired.properties, news);
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED]);
    await f.host.delete(urn, created.id, repaired.properties, news);
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED]);
  });

  it("a prefixCount is picked by the API, grows keeping what it has and shrinks releasing the last", async () => {
    await f.restartHost();
    const name = "pool";
    const urn = f.prefixUrn(name);
    const c = await upPrefixes(f, name, { networkInterfaceId: P.eni, prefixCount: 1 });
    const first = c.outputs["prefixes"] as string[];
    expect(first).toHaveLength(1);
    expect(c.outputs["prefixCount"]).toBe(1);
    const grow = f.prefixInputs(name, { networkInterfaceId: P.eni, prefixCount: 3 });
    expect((await f.host.check(urn, c.inputs, grow)).failures).toEqual([]);
    const grown = await f.host.update(urn, c.id, c.outputs, grow);
    const all = grown.properties["prefixes"] as string[];
    expect(all).toHaveLength(3);
    expect(all[0]).toBe(first[0]);
    expect(new Set(prefixesOn(f, P.eni))).toEqual(new Set([SEEDED, ...all]));
    // The reservation is full now: one more is rule 17 in check.
    const more = await check("one-more", { prefixCount: 1 });
    expect(more.failures.map((x) => x.reason).join()).toContain("rule 17 (prefix_unavailable)");
    const shrink = f.prefixInputs(name, { networkInterfaceId: P.eni, prefixCount: 1 });
    const shrunk = await f.host.update(urn, c.id, grown.properties, shrink);
    expect(shrunk.properties["prefixes"]).toEqual([first[0]]);
    await f.host.delete(urn, c.id, shrunk.properties, shrink);
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED]);
  });

  it("an address resource and a prefix resource on one ENI share its limit (a prefix counts one) and never overlap", async () => {
    await f.restartHost();
    const mutationsBefore = f.em.emulator.callCounts().mutations;
    // The ENI holds its primary and one prefix: 2 of a limit of 5.
    const limits = { availableEniMaxIps: 5 };
    const addr = await f.host.check(f.urn("addrs"), {}, f.inputs("addrs", { networkInterfaceId: P.eni, secondaryPrivateIpAddressCount: 2, limits }));
    expect(addr.failures).toEqual([]);
    // 2 + 2 addresses + 2 prefixes = 6 > 5: the prefix resource sees the address resource's demand.
    const two = await check("pfx", { prefixCount: 2, limits });
    expect(two.failures.map((x) => x.reason).join()).toContain("rule 11 (eni_ip_limit)");
    expect(two.failures[0]!.property).toBe("prefixCount");
    const one = await check("pfx", { prefixes: ["10.0.3.80/28"], limits });
    expect(one.failures).toEqual([]);
    // An address inside the /28 just declared is the prefix resource's.
    const overlap = await f.host.check(f.urn("inside"), {}, f.inputs("inside", { networkInterfaceId: P.eni, privateIpAddresses: ["10.0.3.85"] }));
    expect(overlap.failures.map((x) => x.reason).join()).toContain("10.0.3.85 is also declared by pfx in this run [rule 2 (duplicate_ip)]");
    expect(f.em.emulator.callCounts().mutations).toBe(mutationsBefore);

    const a = await f.host.create(f.urn("addrs"), addr.inputs);
    const p = await f.host.create(f.prefixUrn("pfx"), one.inputs);
    const addresses = a.properties["privateIpAddresses"] as string[];
    expect(addresses).toHaveLength(2);
    for (const x of addresses) expect(inReservation(x), x).toBe(false);
    expect(p.properties["prefixes"]).toEqual(["10.0.3.80/28"]);
    expect(addressesOn(f, P.eni)).toHaveLength(3);
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED, "10.0.3.80/28"]);
    // Full now: one more address is refused, whichever resource asks.
    const grow = await f.host.check(f.urn("addrs"), addr.inputs, f.inputs("addrs", { networkInterfaceId: P.eni, secondaryPrivateIpAddressCount: 3, limits }));
    expect(grow.failures.map((x) => x.reason).join()).toContain("rule 11 (eni_ip_limit)");

    // Each delete releases only its own kind.
    await f.host.delete(f.prefixUrn("pfx"), p.id, p.properties, one.inputs);
    expect(addressesOn(f, P.eni)).toHaveLength(3);
    expect(prefixesOn(f, P.eni)).toEqual([SEEDED]);
    await f.host.delete(f.urn("addrs"), a.id, a.properties, addr.inputs);
    expect(addressesOn(f, P.eni)).toEqual(["10.0.3.10"]);
  });

  it("adoptExisting takes over a prefix already on the ENI without assigning it; delete releases it", async () => {
    await f.restartHost();
    const before = f.em.emulator.callCounts().mutations;
    const adopted = await upPrefixes(f, "adopt", { networkInterfaceId: P.eni, prefixes: [SEEDED, "10.0.3.112/28"], adoptExisting: true });
    expect(adopted.outputs["prefixes"]).toEqual([SEEDED, "10.0.3.112/28"]);
    // One assign: the new prefix only.
    expect(f.em.emulator.callCounts().mutations - before).toBe(1);
    // Another resource cannot declare a prefix this one owns.
    const taken = await check("taken", { prefixes: ["10.0.3.112/28"], adoptExisting: true });
    expect(taken.failures.map((x) => x.reason).join()).toContain("rule 17 (prefix_unavailable)");
    await f.host.delete(f.prefixUrn("adopt"), adopted.id, adopted.outputs, adopted.inputs);
    expect(prefixesOn(f, P.eni)).toEqual([]);
  });

  it("concurrent address and prefix creates on one ENI under faults own exactly what they declared (read-back after lost answers)", async () => {
    await f.restartHost();
    // What the ENI holds now (the adoption test above released the seeded prefix).
    const heldBefore = prefixesOn(f, P.eni);
    const decls: { name: string; prefix: boolean; args: Props }[] = [
      { name: "px1", prefix: true, args: { prefixes: ["10.0.3.80/28"] } },
      { name: "px2", prefix: true, args: { prefixCount: 2 } },
      { name: "ad1", prefix: false, args: { privateIpAddresses: ["10.0.3.20", "10.0.3.21"] } },
      { name: "ad2", prefix: false, args: { secondaryPrivateIpAddressCount: 2 } },
    ];
    const urn = (d: (typeof decls)[number]) => (d.prefix ? f.prefixUrn(d.name) : f.urn(d.name));
    const checked: { d: (typeof decls)[number]; inputs: Props }[] = [];
    for (const d of decls) {
      const inputs = (d.prefix ? f.prefixInputs : f.inputs)(d.name, { networkInterfaceId: P.eni, ...d.args });
      const res = await f.host.check(urn(d), {}, inputs);
      expect(res.failures).toEqual([]);
      checked.push({ d, inputs: res.inputs });
    }
    const before = f.em.emulator.callCounts().mutations;
    f.em.emulator.setFaults({
      seed: 5,
      actions: {
        AssignPrivateIpAddresses: { throttling: { probability: 0.3 }, responseLost: { probability: 0.4 } },
        UnassignPrivateIpAddresses: { throttling: { probability: 0.3 }, responseLost: { probability: 0.4 } },
      },
      conflict: { busyMs: 100 },
      staleReads: { describes: 1 },
    });
    const created = await Promise.all(checked.map(async (c) => ({ ...c, ...(await f.host.create(urn(c.d), c.inputs)) })));
    const faulted = f.em.emulator.callCounts().mutations - before;
    f.em.emulator.setFaults(undefined);
    const out = (n: string, k: string) => created.find((c) => c.d.name === n)!.properties[k] as string[];
    expect(out("px1", "prefixes")).toEqual(["10.0.3.80/28"]);
    expect(out("px2", "prefixes")).toHaveLength(2);
    expect(out("ad1", "privateIpAddresses")).toEqual(["10.0.3.20", "10.0.3.21"]);
    expect(out("ad2", "privateIpAddresses")).toHaveLength(2);
    // Exactly what was declared: no orphan, no phantom, nothing twice.
    expect(new Set(prefixesOn(f, P.eni))).toEqual(new Set([...heldBefore, ...out("px1", "prefixes"), ...out("px2", "prefixes")]));
    expect(prefixesOn(f, P.eni)).toHaveLength(heldBefore.length + 3);
    expect(new Set(addressesOn(f, P.eni))).toEqual(new Set(["10.0.3.10", ...out("ad1", "privateIpAddresses"), ...out("ad2", "privateIpAddresses")]));
    for (const a of addressesOn(f, P.eni)) expect(inReservation(a), a).toBe(false);
    // The faults really happened: more mutating calls than the four creates.
    expect(faulted).toBeGreaterThan(4);

    f.em.emulator.setFaults({ seed: 6, actions: { UnassignPrivateIpAddresses: { throttling: { probability: 0.3 }, responseLost: { probability: 0.4 } } } });
    await Promise.all(created.map((c) => f.host.delete(urn(c.d), c.id, c.properties)));
    f.em.emulator.setFaults(undefined);
    expect(prefixesOn(f, P.eni)).toEqual(heldBefore);
    expect(addressesOn(f, P.eni)).toEqual(["10.0.3.10"]);
  });

  it("moving the same prefix to another ENI replaces the resource, deleting first, and preview judges it as released", async () => {
    await f.restartHost();
    const name = "mover";
    const urn = f.prefixUrn(name);
    const other = await f.em.ecs.createNetworkInterface(
      new $Ecs.CreateNetworkInterfaceRequest({ regionId: "cn-hangzhou", vSwitchId: P.vSwitch, securityGroupId: "sg-bp1demoadvanced" }),
    );
    const otherEni = other.body!.networkInterfaceId!;
    const c = await upPrefixes(f, name, { networkInterfaceId: P.eni, prefixes: ["10.0.3.96/28"] });
    const moved = f.prefixInputs(name, { networkInterfaceId: otherEni, prefixes: ["10.0.3.96/28"] });
    // Still on the old ENI, but the old resource lets go first: no rule 17.
    expect((await f.host.check(urn, c.inputs, moved)).failures).toEqual([]);
    expect(await f.host.diff(urn, c.id, c.outputs, moved)).toMatchObject({ replaces: ["networkInterfaceId"], deleteBeforeReplace: true });
    await f.host.delete(urn, c.id, c.outputs, c.inputs);
    const again = await f.host.create(urn, moved);
    expect(again.properties["prefixes"]).toEqual(["10.0.3.96/28"]);
    expect(prefixesOn(f, otherEni)).toEqual(["10.0.3.96/28"]);
    expect(prefixesOn(f, P.eni)).not.toContain("10.0.3.96/28");
    await f.host.delete(urn, again.id, again.properties, moved);
    expect(prefixesOn(f, otherEni)).toEqual([]);
  });
});
