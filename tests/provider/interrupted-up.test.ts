// An interrupted `pulumi up`: the provider host is killed (SIGKILL) after an assign reached the API but
// before the create returned, so Pulumi recorded nothing. The next `pulumi up` (a fresh host) reports
// explicit addresses as in use, with the way to take them back (adoptExisting: true), and adopting
// them works; a count cannot tell its orphans from anyone's addresses: it gets other addresses and the
// orphans stay (README, known limits).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { addressesOn, startProviderFixture, type ProviderFixture } from "./provider-fixture";

const ENI = DEMO_IDS.eniBound; // secondary ENI on i-bp1demoweb01: 10.0.1.20 + .21, .22; up to 15 addresses
const ORIGINAL = ["10.0.1.20", "10.0.1.21", "10.0.1.22"];
/** Long enough for the kill to land while the assign is being carried out. */
const ASSIGN_LATENCY_MS = 1500;

async function until(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("a pulumi up killed after its assign reached the API", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture();
  });
  afterAll(async () => f?.close());

  /** check, then create until the assign has reached the emulator, then kill -9 the host; resolves once
   *  the emulator has carried the assign out. Returns the addresses it left on the ENI. */
  async function createAndKill(name: string, args: Record<string, unknown>): Promise<string[]> {
    const before = addressesOn(f, ENI);
    const checked = await f.host.check(f.urn(name), {}, f.inputs(name, { networkInterfaceId: ENI, ...args }));
    expect(checked.failures).toEqual([]);
    const assignsBefore = f.em.emulator.callCounts()["AssignPrivateIpAddresses"] ?? 0;
    f.em.emulator.setFaults({ actions: { AssignPrivateIpAddresses: { latencyMs: ASSIGN_LATENCY_MS } } });
    const creating = f.host.create(f.urn(name), checked.inputs).then(
      () => "returned",
      () => "failed",
    );
    await until("the assign to reach the emulator", () => (f.em.emulator.callCounts()["AssignPrivateIpAddresses"] ?? 0) > assignsBefore);
    await f.host.kill();
    expect(await creating).toBe("failed"); // Pulumi got no answer: nothing was recorded in state
    await until("the emulator to carry the assign out", () => addressesOn(f, ENI).length > before.length);
    f.em.emulator.setFaults(undefined);
    return addressesOn(f, ENI).filter((a) => !before.includes(a));
  }

  it("explicit addresses: the next up refuses them as in use and says how to take them back; adopting them works", async () => {
    const wanted = ["10.0.1.191", "10.0.1.192"];
    const orphans = await createAndKill("vips", { privateIpAddresses: wanted });
    expect(orphans).toEqual(wanted);

    // The next `pulumi up`: a new provider process, no state for "vips".
    const host = await f.restartHost();
    const again = await host.check(f.urn("vips"), {}, f.inputs("vips", { networkInterfaceId: ENI, privateIpAddresses: wanted }));
    expect(again.failures.map((x) => x.property)).toEqual(["privateIpAddresses", "privateIpAddresses"]);
    for (const [i, failure] of again.failures.entries()) {
      expect(failure.reason).toContain(`${wanted[i]} is already a secondary address of ${ENI}`);
      expect(failure.reason).toContain("[rule 5 (ip_in_use)]");
      expect(failure.reason).toContain("adoptExisting: true");
    }

    // Taking them back as the message says: the resource owns exactly them, nothing assigned twice.
    const adopting = await host.check(f.urn("vips"), {}, f.inputs("vips", { networkInterfaceId: ENI, privateIpAddresses: wanted, adoptExisting: true }));
    expect(adopting.failures).toEqual([]);
    const mutations = f.em.emulator.callCounts().mutations;
    const created = await host.create(f.urn("vips"), adopting.inputs);
    expect(created.properties["privateIpAddresses"]).toEqual(wanted);
    expect(f.em.emulator.callCounts().mutations).toBe(mutations); // adopted, not assigned again
    expect(addressesOn(f, ENI)).toEqual([...ORIGINAL, ...wanted]);
    await host.delete(f.urn("vips"), created.id, created.properties);
    expect(addressesOn(f, ENI)).toEqual(ORIGINAL);
  });

  it("a count: the next up gets other addresses and the orphans stay on the ENI", async () => {
    const orphans = await createAndKill("pool", { secondaryPrivateIpAddressCount: 2 });
    expect(orphans).toHaveLength(2);

    const host = await f.restartHost();
    const again = await host.check(f.urn("pool"), {}, f.inputs("pool", { networkInterfaceId: ENI, secondaryPrivateIpAddressCount: 2 }));
    expect(again.failures).toEqual([]);
    const created = await host.create(f.urn("pool"), again.inputs);
    const owned = created.properties["privateIpAddresses"] as string[];
    expect(owned).toHaveLength(2);
    expect(owned.filter((a) => orphans.includes(a))).toEqual([]);
    expect(addressesOn(f, ENI)).toEqual([...ORIGINAL, ...orphans, ...owned]);
    // Destroying the resource releases what it owns; the orphans are nobody's and stay.
    await host.delete(f.urn("pool"), created.id, created.properties);
    expect(addressesOn(f, ENI)).toEqual([...ORIGINAL, ...orphans]);
  });
});
