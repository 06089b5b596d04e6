// `pulumi up`, `refresh` and `destroy` through the real host against the emulator: create, update
// (list and count, growth and shrink), read with drift, delete (idempotent), adoption, replacement
// with deleteBeforeReplace, and the guest configuration output. The primary address and addresses
// of others are never touched.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { addressesOn, startProviderFixture, up, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;

describe("resource lifecycle through the provider host", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture();
  });
  afterAll(async () => f?.close());

  it("creates, updates in place, reads drift, repairs it and deletes idempotently (explicit list)", async () => {
    const name = "web-ips";
    const urn = f.urn(name);
    const created = await up(f, name, { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.200", "10.0.1.201"] });
    expect(created.id).toContain(D.eniWeb01);
    expect(created.outputs).toMatchObject({
      networkInterfaceId: D.eniWeb01,
      privateIpAddresses: ["10.0.1.200", "10.0.1.201"],
      vSwitchId: D.vSwitchApp,
      primaryIpAddress: "10.0.1.10",
      regionId: D.regionId,
      cidrBlock: "10.0.1.0/24",
    });
    expect(addressesOn(f, D.eniWeb01)).toEqual(["10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.200", "10.0.1.201"]);

    // Update: swap .200 for .202; the owned .201 is not new demand, the others' .11/.12 untouched.
    const news = f.inputs(name, { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.201", "10.0.1.202"] });
    const checked = await f.host.check(urn, created.inputs, news);
    expect(checked.failures).toEqual([]);
    const d = await f.host.diff(urn, created.id, created.outputs, checked.inputs);
    expect(d).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const updated = await f.host.update(urn, created.id, created.outputs, checked.inputs);
    expect(updated.properties["privateIpAddresses"]).toEqual(["10.0.1.201", "10.0.1.202"]);
    expect(addressesOn(f, D.eniWeb01)).toEqual(["10.0.1.10", "10.0.1.11", "10.0.1.12", "10.0.1.201", "10.0.1.202"]);

    // No change: diff says none.
    expect((await f.host.diff(urn, created.id, updated.properties, checked.inputs)).changes).toBe("none");

    // Drift: someone removes .202 behind the stack's back; refresh drops it from the outputs.
    await f.em.ecs.unassignPrivateIpAddresses(
      new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: D.regionId, networkInterfaceId: D.eniWeb01, privateIpAddress: ["10.0.1.202"] }),
    );
    // `pulumi refresh` is a new process (a fresh cloud session with no memory of our own writes).
    await f.restartHost();
    const refreshed = await f.host.read(urn, created.id, updated.properties, checked.inputs);
    expect(refreshed.id).toBe(created.id);
    expect(refreshed.properties["privateIpAddresses"]).toEqual(["10.0.1.201"]);
    // The next up repairs it.
    expect((await f.host.diff(urn, created.id, refreshed.properties, checked.inputs)).changes).toBe("some");
    const repaired = await f.host.update(urn, created.id, refreshed.properties, checked.inputs);
    expect(repaired.properties["privateIpAddresses"]).toEqual(["10.0.1.201", "10.0.1.202"]);

    await f.host.delete(urn, created.id, repaired.properties, checked.inputs);
    expect(addressesOn(f, D.eniWeb01)).toEqual(["10.0.1.10", "10.0.1.11", "10.0.1.12"]);
    // Deleting again (addresses already gone) is fine.
    await f.host.delete(urn, created.id, repaired.properties, checked.inputs);
    expect(addressesOn(f, D.eniWeb01)).toEqual(["10.0.1.10", "10.0.1.11", "10.0.1.12"]);
  });

  it("grows a count keeping what it has, and shrinking releases the most recently assigned", async () => {
    const name = "free-count";
    const urn = f.urn(name);
    const before = addressesOn(f, D.eniAvailable);
    const c = await up(f, name, { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 2 });
    const first = c.outputs["privateIpAddresses"] as string[];
    expect(first).toHaveLength(2);
    expect(c.outputs["secondaryPrivateIpAddressCount"]).toBe(2);

    const grow = f.inputs(name, { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 5 });
    expect((await f.host.check(urn, c.inputs, grow)).failures).toEqual([]);
    expect(await f.host.diff(urn, c.id, c.outputs, grow)).toMatchObject({ changes: "some", replaces: [] });
    const grown = await f.host.update(urn, c.id, c.outputs, grow);
    const five = grown.properties["privateIpAddresses"] as string[];
    expect(five).toHaveLength(5);
    expect(five.slice(0, 2)).toEqual(first);

    const shrink = f.inputs(name, { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 1 });
    expect((await f.host.check(urn, grow, shrink)).failures).toEqual([]);
    const shrunk = await f.host.update(urn, c.id, grown.properties, shrink);
    expect(shrunk.properties["privateIpAddresses"]).toEqual([first[0]]);
    expect(addressesOn(f, D.eniAvailable)).toEqual([...before, first[0]]);

    await f.host.delete(urn, c.id, shrunk.properties);
    expect(addressesOn(f, D.eniAvailable)).toEqual(before);
  });

  it("an update does not count the addresses it owns as new demand", async () => {
    // eni-bp1demofree is Available (cap 10) with 1 address: a count of 9 fills it. Checking the same
    // count again as an update must pass; counting the owned 9 again would need 19.
    const name = "fill";
    const args = { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 9 };
    const c = await up(f, name, args);
    expect(c.outputs["privateIpAddresses"]).toHaveLength(9);
    await f.restartHost(); // the next `pulumi up` is a new process
    const again = await f.host.check(f.urn(name), c.inputs, f.inputs(name, args));
    expect(again.failures).toEqual([]);
    const more = await f.host.check(f.urn(name), c.inputs, f.inputs(name, { ...args, secondaryPrivateIpAddressCount: 10 }));
    expect(more.failures.map((x) => x.reason).join()).toContain("rule 11 (eni_ip_limit)");
    await f.host.delete(f.urn(name), c.id, c.outputs);
  });

  it("swaps an address on a full ENI in place: the removed one is released before the added one is assigned", async () => {
    // eni-bp1demofree is Available (cap 10) with 1 address: 9 explicit addresses fill it.
    const name = "full-swap";
    const nine = Array.from({ length: 9 }, (_, i) => `10.0.1.${150 + i}`);
    const c = await up(f, name, { networkInterfaceId: D.eniAvailable, privateIpAddresses: nine });
    expect(addressesOn(f, D.eniAvailable)).toHaveLength(10);
    await f.restartHost(); // the next `pulumi up` is a new process
    const swapped = [...nine.slice(1), "10.0.1.170"];
    const news = f.inputs(name, { networkInterfaceId: D.eniAvailable, privateIpAddresses: swapped });
    const checked = await f.host.check(f.urn(name), c.inputs, news);
    expect(checked.failures).toEqual([]);
    const updated = await f.host.update(f.urn(name), c.id, c.outputs, checked.inputs);
    expect(updated.properties["privateIpAddresses"]).toEqual(swapped);
    expect(addressesOn(f, D.eniAvailable)).toEqual(["10.0.1.100", ...swapped]);
    // Growing past the cap is still refused in preview.
    const grown = await f.host.check(f.urn(name), checked.inputs, f.inputs(name, { networkInterfaceId: D.eniAvailable, privateIpAddresses: [...swapped, "10.0.1.171"] }));
    expect(grown.failures.map((x) => x.reason).join()).toContain("rule 11 (eni_ip_limit)");
    await f.host.delete(f.urn(name), c.id, updated.properties);
    expect(addressesOn(f, D.eniAvailable)).toEqual(["10.0.1.100"]);
  });

  it("adopts declared addresses already on the ENI only when asked to", async () => {
    const name = "bound-adopt";
    const args = { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.21", "10.0.1.230"] };
    const refused = await f.host.check(f.urn(name), {}, f.inputs(name, args));
    expect(refused.failures.map((x) => x.reason).join()).toContain("rule 5 (ip_in_use)");
    const before = f.em.emulator.callCounts();
    const c = await up(f, name, { ...args, adoptExisting: true });
    expect(c.outputs["privateIpAddresses"]).toEqual(["10.0.1.21", "10.0.1.230"]);
    // One assign call, for .230 only.
    expect((f.em.emulator.callCounts()["AssignPrivateIpAddresses"] ?? 0) - (before["AssignPrivateIpAddresses"] ?? 0)).toBe(1);
    expect(addressesOn(f, D.eniBound)).toEqual(["10.0.1.20", "10.0.1.21", "10.0.1.22", "10.0.1.230"]);
    // Adopted addresses are owned: delete releases them, never the primary or .22.
    await f.host.delete(f.urn(name), c.id, c.outputs);
    expect(addressesOn(f, D.eniBound)).toEqual(["10.0.1.20", "10.0.1.22"]);
  });

  it("moves explicit addresses to another ENI with deleteBeforeReplace", async () => {
    const name = "mover";
    const urn = f.urn(name);
    const c = await up(f, name, { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.240"] });
    const news = f.inputs(name, { networkInterfaceId: D.eniAvailable, privateIpAddresses: ["10.0.1.240"] });
    // Still on the old ENI, but the replacement releases it first: check passes.
    expect((await f.host.check(urn, c.inputs, news)).failures).toEqual([]);
    expect(await f.host.diff(urn, c.id, c.outputs, news)).toEqual({ changes: "some", replaces: ["networkInterfaceId"], deleteBeforeReplace: true });
    // A count moving needs no deleteBeforeReplace.
    const countNews = f.inputs(name, { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 1 });
    expect(await f.host.diff(urn, c.id, c.outputs, countNews)).toEqual({ changes: "some", replaces: ["networkInterfaceId"], deleteBeforeReplace: false });
    // The engine's order for deleteBeforeReplace: delete the old, then create the new.
    await f.host.delete(urn, c.id, c.outputs);
    const moved = await f.host.create(urn, news);
    expect(moved.properties["privateIpAddresses"]).toEqual(["10.0.1.240"]);
    expect(addressesOn(f, D.eniAvailable)).toContain("10.0.1.240");
    expect(addressesOn(f, D.eniBound)).not.toContain("10.0.1.240");
    await f.host.delete(urn, moved.id, moved.properties);
  });

  it("renders the guest configuration for the owned addresses", async () => {
    const c = await up(f, "guest", { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.245"], guestOs: "debian", interfaceName: "eth1" });
    const gc = c.outputs["guestConfig"] as { os: string; files: { content: string }[] };
    expect(gc.os).toBe("debian");
    expect(gc.files.map((x) => x.content).join("\n")).toContain("10.0.1.245");
    await f.host.delete(f.urn("guest"), c.id, c.outputs);
  });

  it("read of a resource whose ENI is gone reports it gone", async () => {
    const r = await f.host.read(f.urn("ghost"), "eni-bp1gone/ghost", {
      resourceName: "ghost",
      networkInterfaceId: "eni-bp1gone",
      regionId: D.regionId,
      privateIpAddresses: ["10.0.1.250"],
      __provider: f.providerText,
    });
    expect(r.id).toBe("");
    // And delete of it is fine.
    await f.host.delete(f.urn("ghost"), "eni-bp1gone/ghost", { resourceName: "ghost", networkInterfaceId: "eni-bp1gone", regionId: D.regionId, privateIpAddresses: ["10.0.1.250"], __provider: f.providerText });
  });
});
