// The session against the emulator with the real SDK: facts over primary + secondary ENIs, and
// assign/unassign under injected faults ending with exactly the requested addresses, nothing leaked.
import { inspect } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { CloudApiError, createCloudSession, type CloudSession, type Transport } from "../../src/cloud";
import { createSdkClients } from "../../src/cloud/clients";
import { createCallTimeCredential } from "../../src/cloud/credentials";
import { readCloudSettings } from "../../src/cloud/settings";
import { createSdkTransport, MUTATION_ACTIONS } from "../../src/cloud/transport";
import type { AccountFacts } from "../../src/core";
import { DEMO_CREDENTIALS } from "../../src/emulator";
import { useEmulator } from "../helpers/emulator";

const ENI = "eni-bp1demofree"; // Available, 10.0.1.100 only, vsw-bp1demoapp 10.0.1.0/24, sg basic
const FAST = { maxAttempts: 8, baseDelayMs: 5, maxDelayMs: 40, maxElapsedMs: 10_000 };

/**
 * A controlled clock for a session's reads: the real SDK over HTTP, but each read waits until the test
 * lets it go (`step`, oldest first); mutations pass at once.
 */
function steppedReads(env: NodeJS.ProcessEnv) {
  const sdk = createSdkTransport(() => createSdkClients(readCloudSettings({ env }), createCallTimeCredential(env)));
  const waiting: Array<() => void> = [];
  let arrived: (() => void) | undefined;
  const transport: Transport = async (action, request) => {
    if (!MUTATION_ACTIONS.has(action)) {
      await new Promise<void>((resolve) => {
        waiting.push(resolve);
        arrived?.();
      });
    }
    return sdk(action, request);
  };
  return {
    transport,
    /** Until a read waits for its step ("read") or `work` is over ("done"). */
    async next(work: Promise<unknown>): Promise<"read" | "done"> {
      if (waiting.length > 0) return "read";
      const read = new Promise<"read">((resolve) => (arrived = () => resolve("read")));
      return Promise.race([read, work.then(() => "done" as const)]);
    },
    step(): void {
      waiting.shift()?.();
    },
  };
}

describe("cloud session on the emulator", () => {
  const emu = useEmulator();
  afterEach(() => emu().emulator.reset());

  const session = (retry = FAST): CloudSession => createCloudSession({ env: emu().env, retry, readBackDelayMs: 5 });
  const addressesOf = (id: string): string[] => {
    const eni = emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id);
    return eni === undefined ? [] : [eni.primaryIpAddress, ...(eni.secondaryIpAddresses ?? [])];
  };

  it("gathers facts: group usage over primary and secondary ENIs, instance, type, vSwitch", async () => {
    const s = session();
    const facts = await s.gatherFacts(["eni-bp1fleetsparesec", "eni-bp1demoweb01", "eni-bp1demoadv", "eni-does-not-exist"]);
    const state = emu().emulator.state();
    const inFull = state.networkInterfaces.filter((e) => e.securityGroupIds.includes("sg-bp1demofull"));
    const expected = inFull.reduce((n, e) => n + 1 + (e.secondaryIpAddresses ?? []).length, 0);
    expect(expected).toBe(1990);
    const groups = Object.fromEntries(facts.securityGroups.map((g) => [g.securityGroupId, g]));
    expect(groups["sg-bp1demofull"]).toEqual({ securityGroupId: "sg-bp1demofull", securityGroupType: "normal", privateIpAddressCount: 1990 });
    expect(groups["sg-bp1demoadvanced"]?.securityGroupType).toBe("enterprise");
    const basicUsage = state.networkInterfaces.filter((e) => e.securityGroupIds.includes("sg-bp1demobasic")).reduce((n, e) => n + 1 + (e.secondaryIpAddresses ?? []).length, 0);
    expect(groups["sg-bp1demobasic"]?.privateIpAddressCount).toBe(basicUsage);
    const web01 = facts.enis.find((e) => e.networkInterfaceId === "eni-bp1demoweb01");
    expect(web01).toMatchObject({ type: "Primary", instanceId: "i-bp1demoweb01", primaryIpAddress: "10.0.1.10" });
    expect(web01?.privateIpAddresses).toEqual(addressesOf("eni-bp1demoweb01"));
    expect(facts.instances).toContainEqual({ instanceId: "i-bp1demoweb01", status: "Running", instanceType: "ecs.g7.xlarge" });
    expect(facts.instanceTypes).toContainEqual({ instanceTypeId: "ecs.g7.xlarge", eniPrivateIpAddressQuantity: 15 });
    expect(facts.vSwitches.map((v) => v.vSwitchId).sort()).toEqual(["vsw-bp1demoapp", "vsw-bp1demofleet"]);
    // Every ENI of those vSwitches is in the facts (in-use addresses), the unknown id is not.
    const vswEnis = state.networkInterfaces.filter((e) => e.vSwitchId === "vsw-bp1demoapp" || e.vSwitchId === "vsw-bp1demofleet");
    expect(facts.enis).toHaveLength(vswEnis.length);
    expect(facts.enis.some((e) => e.networkInterfaceId === "eni-does-not-exist")).toBe(false);
  });

  it("keeps every fact it read when a mutation of ours drops cached reads while it is still reading", async () => {
    const ids = ["eni-bp1fleetsparesec", "eni-bp1demoweb01"];
    const reference = await session().gatherFacts(ids);
    const sorted = (f: AccountFacts) => ({
      enis: f.enis.map((e) => e.networkInterfaceId).sort(),
      vSwitches: [...f.vSwitches].sort((a, b) => a.vSwitchId.localeCompare(b.vSwitchId)),
      securityGroups: [...f.securityGroups].sort((a, b) => a.securityGroupId.localeCompare(b.securityGroupId)),
    });
    expect(reference.securityGroups.find((g) => g.securityGroupId === "sg-bp1demofull")?.privateIpAddressCount).toBe(1990);
    // The mutation lands after `k` reads of the gather have been answered, for every k: each read
    // waits for its step, so every point of the gather is hit once, without timers.
    let steps = 0;
    for (let k = 0; k === 0 || k <= steps; k++) {
      const clock = steppedReads(emu().env);
      const s = createCloudSession({ env: emu().env, retry: FAST, transport: clock.transport });
      const gathering = s.gatherFacts(ids);
      let answered = 0;
      for (;;) {
        if (answered === k) {
          // Releasing an address web01 does not hold: the API answers InvalidIp.IpUnassigned, the
          // session counts it released and drops web01's cached reads (its vSwitch, its groups).
          await s.unassignPrivateIpAddresses("eni-bp1demoweb01", ["10.0.1.250"]);
        }
        if ((await clock.next(gathering)) === "done") break;
        clock.step();
        answered++;
      }
      steps = Math.max(steps, answered);
      expect(sorted(await gathering), `mutation after ${k} of ${answered} reads`).toEqual(sorted(reference));
      expect(s.stats().mutations).toBe(1);
    }
    expect(steps).toBeGreaterThanOrEqual(5);
  });

  it("assigns and unassigns (explicit and count) and invalidates its own cached reads", async () => {
    const s = session();
    const before = await s.gatherFacts([ENI]);
    const available = before.vSwitches[0]?.availableIpAddressCount ?? 0;
    expect(await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.200", "10.0.1.201"] })).toEqual(["10.0.1.200", "10.0.1.201"]);
    const counted = await s.assignPrivateIpAddresses(ENI, { secondaryPrivateIpAddressCount: 2 });
    expect(counted).toHaveLength(2);
    expect(addressesOf(ENI)).toEqual(["10.0.1.100", "10.0.1.200", "10.0.1.201", ...counted]);
    const after = await s.gatherFacts([ENI]);
    expect(after.enis.find((e) => e.networkInterfaceId === ENI)?.privateIpAddresses).toHaveLength(5);
    expect(after.vSwitches[0]?.availableIpAddressCount).toBe(available - 4);
    await s.unassignPrivateIpAddresses(ENI, ["10.0.1.200", "10.0.1.201", ...counted]);
    expect(addressesOf(ENI)).toEqual(["10.0.1.100"]);
  });

  it.each([
    ["throttling", { actions: { AssignPrivateIpAddresses: { throttling: { times: 3 } } } }],
    ["throttling with retry-after", { actions: { AssignPrivateIpAddresses: { throttling: { times: 2, retryAfterMs: 30 } } } }],
    ["5xx", { actions: { AssignPrivateIpAddresses: { serverError: { times: 2 } }, UnassignPrivateIpAddresses: { serverError: { times: 1, code: "ServiceUnavailable" as const } } } }],
    ["lost responses after commit", { actions: { AssignPrivateIpAddresses: { responseLost: { times: 2 } }, UnassignPrivateIpAddresses: { responseLost: { times: 1 } } } }],
    ["Operation.Conflict", { conflict: { times: 3 } }], // the next three mutations, whatever the timing (a busy window raced the client)
    ["stale reads", { staleReads: { describes: 2 } }],
    ["rate limit", { mutationRateLimit: { perSecond: 1 } }],
    ["everything at once", { seed: 7, actions: { "*": { throttling: { probability: 0.2 }, serverError: { probability: 0.1 }, responseLost: { probability: 0.2 } } }, staleReads: { describes: 1 }, conflict: { busyMs: 10 } }],
  ])("under %s: ends with exactly the requested addresses, nothing leaked", async (_name, faults) => {
    // A 1-per-second limit needs waits of a second; the other faults clear within milliseconds.
    const s = session("mutationRateLimit" in faults ? { ...FAST, maxDelayMs: 1200 } : FAST);
    emu().emulator.setFaults(faults);
    const explicit = await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.210", "10.0.1.211"] });
    expect(explicit).toEqual(["10.0.1.210", "10.0.1.211"]);
    const counted = await s.assignPrivateIpAddresses(ENI, { secondaryPrivateIpAddressCount: 3 });
    expect(counted).toHaveLength(3);
    // Read right after the mutations (stale reads hide new addresses): the session still reports them.
    expect((await s.describeEni(ENI))?.privateIpAddresses).toEqual(expect.arrayContaining([...explicit, ...counted]));
    emu().emulator.setFaults(undefined);
    expect(addressesOf(ENI).sort()).toEqual(["10.0.1.100", ...explicit, ...counted].sort());
    emu().emulator.setFaults(faults);
    await s.unassignPrivateIpAddresses(ENI, [...explicit, ...counted]);
    emu().emulator.setFaults(undefined);
    expect(addressesOf(ENI)).toEqual(["10.0.1.100"]);
    // The faults really fired: more calls than the three logical mutations (stale reads add none).
    if (!("staleReads" in faults && Object.keys(faults).length === 1)) expect(s.stats().mutations).toBeGreaterThan(3);
  });

  it("keeps code and request id of a non-retryable error (InvalidVSwitchId.IpInvalid) and does not retry it", async () => {
    const s = session();
    const error = await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["192.168.9.9"] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CloudApiError);
    const api = error as CloudApiError;
    expect(api.code).toBe("InvalidVSwitchId.IpInvalid");
    expect(api.statusCode).toBe(403);
    expect(api.requestId).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect(api.action).toBe("AssignPrivateIpAddresses");
    expect(api.cause).toBeDefined();
    expect(s.stats().byAction["AssignPrivateIpAddresses"]).toBe(1);
    expect(addressesOf(ENI)).toEqual(["10.0.1.100"]);
  });

  it("unassign treats addresses and ENIs already gone as released", async () => {
    const s = session();
    await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.220"] });
    await s.unassignPrivateIpAddresses(ENI, ["10.0.1.220", "10.0.1.221"]);
    expect(addressesOf(ENI)).toEqual(["10.0.1.100"]);
    await expect(s.unassignPrivateIpAddresses("eni-bp1nonexistent", ["10.0.1.5"])).resolves.toBeUndefined();
  });

  it("shows no credential in errors or in anything the session exposes", async () => {
    const secret = DEMO_CREDENTIALS.accessKeySecret;
    const s = session();
    const facts = await s.gatherFacts([ENI]);
    const apiError = await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["192.168.9.9"] }).catch((e: unknown) => e);
    const badKey = createCloudSession({ env: { ...emu().env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: "wrong-secret-value" }, retry: FAST });
    const authError = await badKey.gatherFacts([ENI]).catch((e: unknown) => e);
    expect(authError).toBeInstanceOf(CloudApiError);
    const noRegion = await createCloudSession({ env: { ALIBABA_CLOUD_ACCESS_KEY_ID: "x", ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret } })
      .gatherFacts([ENI])
      .catch((e: unknown) => e);
    expect(noRegion).toMatchObject({ name: "CloudConfigError", code: "MissingRegion" });
    for (const thing of [s, s.stats(), facts, apiError, authError, noRegion, badKey]) {
      for (const text of [JSON.stringify(thing), String(thing), inspect(thing, { depth: 8 })]) {
        expect(text).not.toContain(secret);
        expect(text).not.toContain("wrong-secret-value");
      }
    }
  });
});
