// One owner per address within a run (found by the chaos soak): a failed check of an existing
// resource keeps what it owns, concurrent checks see each other, create re-validates against the
// other resources' ownership and pending demand, and creates on one ENI are serialized so
// re-validation and mutation see the same ENI. Through the real provider host against the emulator.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import type { Props } from "../helpers/provider-host";
import { addressesOn, startProviderFixture, up, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;
const WEB01_SEED = ["10.0.1.10", "10.0.1.11", "10.0.1.12"];

describe("an address has one owner in a run", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture();
  });
  afterAll(async () => f?.close());

  const reasons = (r: { failures: { reason: string }[] }) => r.failures.map((x) => x.reason).join("\n");
  const check = (name: string, olds: Props, args: Props) => f.host.check(f.urn(name), olds, f.inputs(name, args));

  it("a failed check of an existing resource keeps its addresses: another resource cannot adopt them", async () => {
    await f.restartHost();
    const a = await up(f, "owner", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.210"] });
    // An update of the owner that fails check (.255 is reserved) changes nothing in the account.
    const bad = await check("owner", a.inputs, { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.210", "10.0.1.255"] });
    expect(reasons(bad)).toContain("rule 4 (reserved_ip)");
    // .210 is still the owner's: adopting it elsewhere in the run is a duplicate, not a takeover.
    const adopter = await check("adopter", {}, { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.210"], adoptExisting: true });
    expect(reasons(adopter)).toContain("rule 2 (duplicate_ip)");
    expect(adopter.failures[0]!.reason).toContain("owner");
    // The owner still releases it on delete, and nothing else is left behind.
    await f.host.delete(f.urn("owner"), a.id, a.outputs);
    expect(addressesOn(f, D.eniWeb01)).toEqual(WEB01_SEED);
  });

  it("two checks in flight at once see each other: only one may claim an address", async () => {
    await f.restartHost();
    const mutationsBefore = f.em.emulator.callCounts().mutations;
    const [x, y] = await Promise.all([
      check("claim-x", {}, { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.211"] }),
      check("claim-y", {}, { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.211"], adoptExisting: true }),
    ]);
    const failed = [x, y].filter((r) => r.failures.length > 0);
    expect(failed).toHaveLength(1);
    expect(reasons(failed[0]!)).toContain("rule 2 (duplicate_ip)");
    expect(f.em.emulator.callCounts().mutations).toBe(mutationsBefore);
  });

  it("create re-validates against another resource's ownership recorded after its check", async () => {
    await f.restartHost();
    // "adopter" wants to take over .11, a foreign address on the ENI: fine at check time.
    const adoptArgs = { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.11"], adoptExisting: true };
    const checked = await check("adopter", {}, adoptArgs);
    expect(checked.failures).toEqual([]);
    // Then a refresh shows that "holder", a resource of this stack, owns .11.
    const holderState = {
      ...f.inputs("holder", { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.11"] }),
      regionId: D.regionId,
      vSwitchId: D.vSwitchApp,
      primaryIpAddress: "10.0.1.10",
      cidrBlock: "10.0.1.0/24",
    };
    const refreshed = await f.host.read(f.urn("holder"), `${D.eniWeb01}/holder`, holderState);
    expect(refreshed.properties["privateIpAddresses"]).toEqual(["10.0.1.11"]);
    const mutationsBefore = f.em.emulator.callCounts().mutations;
    const error = await f.host.create(f.urn("adopter"), checked.inputs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("rule 2 (duplicate_ip)");
    expect(error?.message).toContain("holder");
    expect(f.em.emulator.callCounts().mutations).toBe(mutationsBefore);
    expect(addressesOn(f, D.eniWeb01)).toEqual(WEB01_SEED);
  });

  it("two creates on one ENI are serialized: re-validation counts the other's pending demand, no over-commit", async () => {
    await f.restartHost();
    // eni-bp1demofree: Available, cap 10, only its primary on it. 1 + 4 + 4 = 9 fits at check time.
    const a = await check("burst-a", {}, { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 4 });
    const b = await check("burst-b", {}, { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 4 });
    expect([a.failures, b.failures]).toEqual([[], []]);
    // The account moves: someone else puts two addresses on the ENI. Now only one of the two fits.
    await f.em.ecs.assignPrivateIpAddresses(
      new $Ecs.AssignPrivateIpAddressesRequest({ regionId: D.regionId, networkInterfaceId: D.eniAvailable, privateIpAddress: ["10.0.1.230", "10.0.1.231"] }),
    );
    const results = await Promise.allSettled([f.host.create(f.urn("burst-a"), a.inputs), f.host.create(f.urn("burst-b"), b.inputs)]);
    const made = results.filter((r): r is PromiseFulfilledResult<{ id: string; properties: Props }> => r.status === "fulfilled");
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(made).toHaveLength(1);
    expect(refused).toHaveLength(1);
    // Refused by our re-validation with the rule, before any API call – not by the API mid-way.
    expect(String((refused[0]!.reason as Error).message)).toContain("rule 11 (eni_ip_limit)");
    expect(addressesOn(f, D.eniAvailable)).toHaveLength(3 + 4);
    await f.host.delete(f.urn("made"), made[0]!.value.id, made[0]!.value.properties);
    await f.em.ecs.unassignPrivateIpAddresses(
      new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: D.regionId, networkInterfaceId: D.eniAvailable, privateIpAddress: ["10.0.1.230", "10.0.1.231"] }),
    );
    expect(addressesOn(f, D.eniAvailable)).toEqual(["10.0.1.100"]);
  });
});
