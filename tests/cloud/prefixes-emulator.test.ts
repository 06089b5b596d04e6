// IPv4 prefixes through the cloud layer, the real SDK against the emulator: facts show every ENI's
// prefixes and each vSwitch's prefix reservations (VPC ListVSwitchCidrReservations); prefix assign
// and unassign carry the address calls' guarantees (one token across retries, read-back after an
// ambiguous failure, "already gone" counts as released) and end with exactly what was asked.
import { afterEach, describe, expect, it } from "vitest";
import { CloudApiError, createCloudSession, type CloudSession } from "../../src/cloud";
import { DEMO_PREFIX_IDS, demoSeedWithPrefixes } from "../../src/emulator";
import { useEmulator } from "../helpers/emulator";

const P = DEMO_PREFIX_IDS;
const FAST = { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 40, maxElapsedMs: 10_000 };

describe("IPv4 prefixes through the cloud session", () => {
  const emu = useEmulator({ seed: demoSeedWithPrefixes() });
  afterEach(() => emu().emulator.reset());

  const session = (): CloudSession => createCloudSession({ env: emu().env, retry: FAST, readBackDelayMs: 5 });
  const prefixesOf = (id: string): string[] => emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id)?.ipv4Prefixes ?? [];

  it("gathers the ENI's prefixes and the vSwitch's prefix reservations; a prefix counts as one in the group", async () => {
    const facts = await session().gatherFacts([P.eni]);
    expect(facts.enis.find((e) => e.networkInterfaceId === P.eni)).toMatchObject({ ipv4Prefixes: ["10.0.3.64/28"], privateIpAddresses: ["10.0.3.10"] });
    expect(facts.vSwitches).toEqual([expect.objectContaining({ vSwitchId: P.vSwitch, cidrReservations: [{ vSwitchCidrReservationId: P.reservation, cidrBlock: "10.0.3.64/26" }] })]);
    // Every other vSwitch read says it has none (known: none, not unknown).
    const other = await session().gatherFacts(["eni-bp1demofree"]);
    expect(other.vSwitches[0]?.cidrReservations).toEqual([]);
  });

  it("assigns explicit and counted prefixes and releases them, and the facts follow", async () => {
    const s = session();
    expect(await s.assignIpv4Prefixes(P.eni, { ipv4Prefixes: ["10.0.3.80/28"] })).toEqual(["10.0.3.80/28"]);
    const counted = await s.assignIpv4Prefixes(P.eni, { ipv4PrefixCount: 2 });
    expect(counted).toEqual(["10.0.3.96/28", "10.0.3.112/28"]);
    expect(prefixesOf(P.eni)).toEqual(["10.0.3.64/28", "10.0.3.80/28", ...counted]);
    const after = await s.gatherFacts([P.eni]);
    expect(after.enis.find((e) => e.networkInterfaceId === P.eni)?.ipv4Prefixes).toHaveLength(4);
    await s.unassignIpv4Prefixes(P.eni, ["10.0.3.80/28", ...counted]);
    expect(prefixesOf(P.eni)).toEqual(["10.0.3.64/28"]);
    expect(s.stats().byAction).toMatchObject({ AssignPrivateIpAddresses: 2, UnassignPrivateIpAddresses: 1 });
  });

  it("refuses with the API's code and no retry when the reservation has no free /28", async () => {
    const s = session();
    const error = await s.assignIpv4Prefixes(P.eni, { ipv4PrefixCount: 4 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    expect((error as CloudApiError).code).toBe("InvalidVSwitchId.IpNotEnough");
    expect(s.stats().byAction["AssignPrivateIpAddresses"]).toBe(1);
    expect(prefixesOf(P.eni)).toEqual(["10.0.3.64/28"]);
  });

  it.each([
    ["throttling", { actions: { AssignPrivateIpAddresses: { throttling: { times: 2 } } } }],
    ["lost responses after commit", { actions: { AssignPrivateIpAddresses: { responseLost: { times: 2 } }, UnassignPrivateIpAddresses: { responseLost: { times: 1 } } } }],
    ["5xx", { actions: { AssignPrivateIpAddresses: { serverError: { times: 2 } }, UnassignPrivateIpAddresses: { serverError: { times: 1 } } } }],
  ])("under %s: ends with exactly the requested prefixes, nothing leaked", async (_name, faults) => {
    const s = session();
    emu().emulator.setFaults(faults);
    const explicit = await s.assignIpv4Prefixes(P.eni, { ipv4Prefixes: ["10.0.3.80/28"] });
    const counted = await s.assignIpv4Prefixes(P.eni, { ipv4PrefixCount: 1 });
    expect(explicit).toEqual(["10.0.3.80/28"]);
    expect(counted).toHaveLength(1);
    emu().emulator.setFaults(undefined);
    expect(prefixesOf(P.eni).sort()).toEqual(["10.0.3.64/28", ...explicit, ...counted].sort());
    emu().emulator.setFaults(faults);
    await s.unassignIpv4Prefixes(P.eni, [...explicit, ...counted]);
    emu().emulator.setFaults(undefined);
    expect(prefixesOf(P.eni)).toEqual(["10.0.3.64/28"]);
    expect(s.stats().mutations).toBeGreaterThan(3);
  });

  it("unassign treats prefixes and ENIs already gone as released", async () => {
    const s = session();
    await s.assignIpv4Prefixes(P.eni, { ipv4Prefixes: ["10.0.3.80/28"] });
    await s.unassignIpv4Prefixes(P.eni, ["10.0.3.80/28", "10.0.3.96/28"]);
    expect(prefixesOf(P.eni)).toEqual(["10.0.3.64/28"]);
    await expect(s.unassignIpv4Prefixes("eni-bp1nonexistent", ["10.0.3.80/28"])).resolves.toBeUndefined();
  });
});
