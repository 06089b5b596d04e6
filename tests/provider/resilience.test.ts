// Concurrent creates and deletes on one ENI, as `pulumi up` runs independent resources in parallel,
// under injected throttling (the four codes in turn), 5xx, Operation.Conflict, lost responses and stale
// reads, with the emulator burning the ClientToken of every request that failed in the service (so
// retries meet IdempotentFailed): every resource ends owning exactly what it declared, the ENI holds
// exactly the declared addresses, nothing leaks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import type { Props } from "../helpers/provider-host";
import { addressesOn, startProviderFixture, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;
const ORIGINAL = ["10.0.1.20", "10.0.1.21", "10.0.1.22"];

describe("concurrent creates on one ENI under faults", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture();
  });
  afterAll(async () => f?.close());

  it("ends with exactly the declared addresses and releases them all", async () => {
    const decls: { name: string; args: Props }[] = [
      { name: "r1", args: { privateIpAddresses: ["10.0.1.161", "10.0.1.162"] } },
      { name: "r2", args: { privateIpAddresses: ["10.0.1.163", "10.0.1.164"] } },
      { name: "r3", args: { privateIpAddresses: ["10.0.1.165"] } },
      { name: "c1", args: { secondaryPrivateIpAddressCount: 2 } },
      { name: "c2", args: { secondaryPrivateIpAddressCount: 3 } },
    ];
    // Checks run one at a time (preview and the first half of up), all before any fault.
    const checked: { name: string; inputs: Props }[] = [];
    for (const d of decls) {
      const res = await f.host.check(f.urn(d.name), {}, f.inputs(d.name, { networkInterfaceId: D.eniBound, ...d.args }));
      expect(res.failures).toEqual([]);
      checked.push({ name: d.name, inputs: res.inputs });
    }
    f.em.emulator.setFaults({
      seed: 11,
      throttlingCode: "rotate",
      actions: {
        AssignPrivateIpAddresses: { throttling: { probability: 0.3 }, serverError: { probability: 0.15 }, responseLost: { probability: 0.3 } },
        UnassignPrivateIpAddresses: { throttling: { probability: 0.3 }, responseLost: { probability: 0.3 } },
        DescribeNetworkInterfaces: { throttling: { probability: 0.2 } },
      },
      conflict: { busyMs: 150 },
      staleReads: { describes: 2 },
    });

    const created = await Promise.all(checked.map(async (c) => ({ ...c, ...(await f.host.create(f.urn(c.name), c.inputs)) })));
    const byName = new Map(created.map((c) => [c.name, c.properties["privateIpAddresses"] as string[]]));
    expect(byName.get("r1")).toEqual(["10.0.1.161", "10.0.1.162"]);
    expect(byName.get("r2")).toEqual(["10.0.1.163", "10.0.1.164"]);
    expect(byName.get("r3")).toEqual(["10.0.1.165"]);
    expect(byName.get("c1")).toHaveLength(2);
    expect(byName.get("c2")).toHaveLength(3);
    const owned = [...byName.values()].flat();
    expect(new Set(owned).size).toBe(owned.length); // nobody claims another's address
    const faultsSeen = f.em.emulator.callCounts();
    f.em.emulator.setFaults(undefined);
    expect([...addressesOn(f, D.eniBound)].sort()).toEqual([...ORIGINAL, ...owned].sort());

    f.em.emulator.setFaults({
      seed: 12,
      throttlingCode: "rotate",
      actions: { UnassignPrivateIpAddresses: { throttling: { probability: 0.3 }, serverError: { probability: 0.15 }, responseLost: { probability: 0.3 } } },
      conflict: { busyMs: 150 },
    });
    await Promise.all(created.map((c) => f.host.delete(f.urn(c.name), c.id, c.properties)));
    f.em.emulator.setFaults(undefined);
    expect(addressesOn(f, D.eniBound)).toEqual(ORIGINAL);
    // The faults really happened: more mutating calls than the 5 creates needed.
    expect(faultsSeen.mutations).toBeGreaterThan(5);
  });

  it("a failure after partial progress reports what is really owned in state", async () => {
    const name = "partial";
    const c = await f.host.create(f.urn(name), (await f.host.check(f.urn(name), {}, f.inputs(name, { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.171"] }))).inputs);
    // The update releases .171, then every assign fails for good.
    f.em.emulator.setFaults({ actions: { AssignPrivateIpAddresses: { serverError: { probability: 1 } } } });
    const news = f.inputs(name, { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.172"] });
    const err = await f.host.update(f.urn(name), c.id, c.properties, news).catch((e: unknown) => e);
    f.em.emulator.setFaults(undefined);
    expect(err).toMatchObject({ method: "Update" });
    const partial = (err as { initFailed?: { properties: Props } }).initFailed;
    expect(partial?.properties["privateIpAddresses"]).toEqual([]);
    expect(addressesOn(f, D.eniBound)).toEqual(ORIGINAL);
    // The next up finishes the job from the state the failure reported.
    const done = await f.host.update(f.urn(name), c.id, partial!.properties, news);
    expect(done.properties["privateIpAddresses"]).toEqual(["10.0.1.172"]);
    await f.host.delete(f.urn(name), c.id, done.properties);
    expect(addressesOn(f, D.eniBound)).toEqual(ORIGINAL);
  });
});
