// A count gets addresses the provider picks itself: the lowest free ones of the vSwitch that no
// declaration of the run claims, assigned explicitly – so a count never takes an address a later
// resource names (preview passing, apply failing with InvalidIp.IpAssigned), and an address taken
// meanwhile by someone else is picked around. Through the real provider host against the emulator.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import type { Props } from "../helpers/provider-host";
import { addressesOn, startProviderFixture, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;
// vsw-bp1demosmall (10.0.2.0/28): .1-.10 in use on its two ENIs, only .11 and .12 free.
const SMALL_A = ["10.0.2.1", "10.0.2.2", "10.0.2.3", "10.0.2.4", "10.0.2.5", "10.0.2.6"];
const SMALL_B = ["10.0.2.7", "10.0.2.8", "10.0.2.9", "10.0.2.10"];

describe("count addresses are picked by the provider", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture();
  });
  afterAll(async () => f?.close());

  const check = async (name: string, args: Props): Promise<Props> => {
    const r = await f.host.check(f.urn(name), {}, f.inputs(name, args));
    expect(r.failures).toEqual([]);
    return r.inputs;
  };

  it("a count applied first does not take the address a later declaration names", async () => {
    await f.restartHost();
    // The API, asked for a count, would pick the lowest free address: .11, the one "named" wants.
    const countInputs = await check("counted", { networkInterfaceId: D.eniSmallA, secondaryPrivateIpAddressCount: 1 });
    const namedInputs = await check("named", { networkInterfaceId: D.eniSmallB, privateIpAddresses: ["10.0.2.11"] });
    const counted = await f.host.create(f.urn("counted"), countInputs);
    expect(counted.properties["privateIpAddresses"]).toEqual(["10.0.2.12"]);
    const named = await f.host.create(f.urn("named"), namedInputs);
    expect(named.properties["privateIpAddresses"]).toEqual(["10.0.2.11"]);
    expect(addressesOn(f, D.eniSmallA)).toEqual([...SMALL_A, "10.0.2.12"]);
    expect(addressesOn(f, D.eniSmallB)).toEqual([...SMALL_B, "10.0.2.11"]);

    await f.host.delete(f.urn("counted"), counted.id, counted.properties);
    await f.host.delete(f.urn("named"), named.id, named.properties);
    expect(addressesOn(f, D.eniSmallA)).toEqual(SMALL_A);
    expect(addressesOn(f, D.eniSmallB)).toEqual(SMALL_B);
  });

  it("counts created in parallel on two ENIs of one vSwitch pick different addresses, none refused", async () => {
    await f.restartHost();
    const aInputs = await check("count-a", { networkInterfaceId: D.eniSmallA, secondaryPrivateIpAddressCount: 1 });
    const bInputs = await check("count-b", { networkInterfaceId: D.eniSmallB, secondaryPrivateIpAddressCount: 1 });
    const mutationsBefore = f.em.emulator.callCounts().mutations;
    const [a, b] = await Promise.all([f.host.create(f.urn("count-a"), aInputs), f.host.create(f.urn("count-b"), bInputs)]);
    // One assign each: an in-flight pick is claimed, so the other create picks around it.
    expect(f.em.emulator.callCounts().mutations - mutationsBefore).toBe(2);
    const got = [...(a.properties["privateIpAddresses"] as string[]), ...(b.properties["privateIpAddresses"] as string[])];
    expect(got.sort()).toEqual(["10.0.2.11", "10.0.2.12"]);
    await f.host.delete(f.urn("count-a"), a.id, a.properties);
    await f.host.delete(f.urn("count-b"), b.id, b.properties);
    expect(addressesOn(f, D.eniSmallA)).toEqual(SMALL_A);
    expect(addressesOn(f, D.eniSmallB)).toEqual(SMALL_B);
  });

  it("an address taken behind a stale read is picked around, not reported as a failure", async () => {
    await f.restartHost();
    const countInputs = await check("counted", { networkInterfaceId: D.eniSmallA, secondaryPrivateIpAddressCount: 1 });
    // Someone else takes .11 and every describe of the provider for a while still misses it, so
    // the provider picks .11, the API answers InvalidPrivateIpAddress.Duplicated, and it picks again.
    f.em.emulator.setFaults({ seed: 3, staleReads: { describes: 50 } });
    await f.em.ecs.assignPrivateIpAddresses(
      new $Ecs.AssignPrivateIpAddressesRequest({ regionId: D.regionId, networkInterfaceId: D.eniSmallB, privateIpAddress: ["10.0.2.11"] }),
    );
    const mutationsBefore = f.em.emulator.callCounts().mutations;
    const counted = await f.host.create(f.urn("counted"), countInputs);
    const mutations = f.em.emulator.callCounts().mutations - mutationsBefore;
    f.em.emulator.setFaults(undefined);
    expect(counted.properties["privateIpAddresses"]).toEqual(["10.0.2.12"]);
    expect(addressesOn(f, D.eniSmallA)).toEqual([...SMALL_A, "10.0.2.12"]);
    expect(addressesOn(f, D.eniSmallB)).toEqual([...SMALL_B, "10.0.2.11"]);
    expect(mutations).toBe(2); // the refused pick of .11, then .12

    await f.host.delete(f.urn("counted"), counted.id, counted.properties);
    await f.em.ecs.unassignPrivateIpAddresses(
      new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: D.regionId, networkInterfaceId: D.eniSmallB, privateIpAddress: ["10.0.2.11"] }),
    );
    expect(addressesOn(f, D.eniSmallA)).toEqual(SMALL_A);
    expect(addressesOn(f, D.eniSmallB)).toEqual(SMALL_B);
  });

  it("a count that finds no free address unclaimed by the run is refused with its rule, before any change", async () => {
    await f.restartHost();
    const countInputs = await check("counted", { networkInterfaceId: D.eniSmallA, secondaryPrivateIpAddressCount: 1 });
    // Checked later, "named" claims both free addresses (explicit lists are not judged against the
    // vSwitch's free count, the addresses themselves are).
    const namedInputs = await check("named", { networkInterfaceId: D.eniSmallB, privateIpAddresses: ["10.0.2.11", "10.0.2.12"] });
    const mutationsBefore = f.em.emulator.callCounts().mutations;
    const error = await f.host.create(f.urn("counted"), countInputs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain("rule 13 (vswitch_exhausted)");
    expect(f.em.emulator.callCounts().mutations).toBe(mutationsBefore);
    const named = await f.host.create(f.urn("named"), namedInputs);
    expect(named.properties["privateIpAddresses"]).toEqual(["10.0.2.11", "10.0.2.12"]);
    await f.host.delete(f.urn("named"), named.id, named.properties);
    expect(addressesOn(f, D.eniSmallA)).toEqual(SMALL_A);
    expect(addressesOn(f, D.eniSmallB)).toEqual(SMALL_B);
  });
});
