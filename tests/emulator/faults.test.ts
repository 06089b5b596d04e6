// Fault injection through the real SDK: each fault shows up as a client would see it, and the
// PRNG makes probabilistic faults reproducible.
import * as $Ecs from "@alicloud/ecs20140526";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { prng } from "../../src/emulator/faults";
import { sdkError, startEmulatorFixture, useEmulator } from "../helpers/emulator";

const R = "cn-hangzhou";

describe("fault injection", () => {
  const emu = useEmulator();
  beforeEach(() => emu().emulator.reset());
  const describeEni = (id: string = DEMO_IDS.eniWeb01) =>
    emu().ecs.describeNetworkInterfaces(new $Ecs.DescribeNetworkInterfacesRequest({ regionId: R, networkInterfaceId: [id] }));
  const assign = (extra: Partial<$Ecs.AssignPrivateIpAddressesRequest>, id: string = DEMO_IDS.eniWeb01) =>
    emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, ...extra }));
  const secondaries = (id: string) => emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id)?.secondaryIpAddresses ?? [];

  it("throttles with the documented Throttling (400) and x-acs-retry-after, a given number of times", async () => {
    emu().emulator.setFaults({ actions: { DescribeNetworkInterfaces: { throttling: { times: 2, retryAfterMs: 250 } } } });
    const first = await sdkError(describeEni());
    expect([first.name, first.code, first.statusCode, first.retryAfter]).toEqual(["ThrottlingError", "Throttling", 400, 250]);
    expect((await sdkError(describeEni())).code).toBe("Throttling");
    const third = await describeEni();
    expect(third.body?.networkInterfaceSets?.networkInterfaceSet).toHaveLength(1);
    // Other actions are untouched.
    await assign({ secondaryPrivateIpAddressCount: 1 });
  });

  it("answers Throttling.User, Throttling.Api or Rejected.Throttling when chosen, or rotates through all four", async () => {
    const codeOf = async () => (await sdkError(describeEni())).code;
    for (const code of ["Throttling.User", "Throttling.Api", "Rejected.Throttling"] as const) {
      emu().emulator.setFaults({ actions: { DescribeNetworkInterfaces: { throttling: { times: 1, code } } } });
      const err = await sdkError(describeEni());
      // The SDK classes every code containing "Throttling" as a ThrottlingError.
      expect([err.name, err.code, err.statusCode]).toEqual(["ThrottlingError", code, 400]);
    }
    emu().emulator.setFaults({ throttlingCode: "rotate", actions: { "*": { throttling: { times: 5 } } } });
    expect([await codeOf(), await codeOf(), await codeOf(), await codeOf(), await codeOf()]).toEqual(["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling", "Throttling"]);
    // The top-level code also applies to the mutation rate limit; a rule's own code wins.
    emu().emulator.setFaults({ throttlingCode: "Throttling.Api", mutationRateLimit: { perSecond: 1 }, actions: { DescribeInstances: { throttling: { times: 1, code: "Throttling.User" } } } });
    await assign({ secondaryPrivateIpAddressCount: 1 }, DEMO_IDS.eniStopped);
    expect((await sdkError(assign({ secondaryPrivateIpAddressCount: 1 }, DEMO_IDS.eniStopped))).code).toBe("Throttling.Api");
    expect((await sdkError(emu().ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R })))).code).toBe("Throttling.User");
  });

  it("answers InternalError (500) and ServiceUnavailable (503) as ServerError, without acting", async () => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { serverError: { times: 1 } }, "*": { serverError: { times: 1, code: "ServiceUnavailable" } } } });
    const e500 = await sdkError(assign({ secondaryPrivateIpAddressCount: 1 }));
    expect([e500.name, e500.code, e500.statusCode]).toEqual(["ServerError", "InternalError", 500]);
    expect(secondaries(DEMO_IDS.eniWeb01)).toHaveLength(2);
    const e503 = await sdkError(describeEni());
    expect([e503.code, e503.statusCode]).toEqual(["ServiceUnavailable", 503]);
  });

  it("delays answers by latencyMs", async () => {
    emu().emulator.setFaults({ actions: { DescribeNetworkInterfaces: { latencyMs: 150 } } });
    const t0 = Date.now();
    await describeEni();
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
  });

  it("loses the response after committing the change; a retry with the same ClientToken returns the result", async () => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { responseLost: { times: 1 } } } });
    const lost = await sdkError(assign({ privateIpAddress: ["10.0.1.77"], clientToken: "lost-1" }));
    expect(lost.statusCode).toBeUndefined(); // a transport error (socket hang up), not an API error
    expect(String(lost.code ?? lost.message)).toMatch(/ECONNRESET|socket hang up/);
    expect(secondaries(DEMO_IDS.eniWeb01)).toContain("10.0.1.77");
    const retry = await assign({ privateIpAddress: ["10.0.1.77"], clientToken: "lost-1" });
    expect(retry.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.77"]);
    expect(secondaries(DEMO_IDS.eniWeb01).filter((ip) => ip === "10.0.1.77")).toHaveLength(1);
    // Without the token a retry is a new request and meets the address it already owns.
    expect((await sdkError(assign({ privateIpAddress: ["10.0.1.77"] }))).code).toBe("InvalidIp.IpAssigned");
  });

  it("answers Operation.Conflict (403) for a mutation on an ENI inside its busy window", async () => {
    emu().emulator.setFaults({ conflict: { busyMs: 60_000 } });
    await assign({ secondaryPrivateIpAddressCount: 1 });
    const err = await sdkError(assign({ secondaryPrivateIpAddressCount: 1 }));
    expect([err.code, err.statusCode]).toEqual(["Operation.Conflict", 403]);
    // Another ENI is not busy.
    await assign({ secondaryPrivateIpAddressCount: 1 }, DEMO_IDS.eniAvailable);
    expect(secondaries(DEMO_IDS.eniWeb01)).toHaveLength(3);
  });

  it("answers Operation.Conflict with a probability, reproducibly for a seed", async () => {
    const outcomes = async (): Promise<string[]> => {
      emu().emulator.reset();
      emu().emulator.setFaults({ seed: 42, conflict: { probability: 0.5 } });
      const out: string[] = [];
      for (let i = 0; i < 12; i++) {
        try {
          await assign({ secondaryPrivateIpAddressCount: 1 }, DEMO_IDS.eniStopped);
          out.push("ok");
        } catch (e) {
          out.push((e as { code: string }).code);
        }
      }
      return out;
    };
    const a = await outcomes();
    expect(a).toContain("ok");
    expect(a).toContain("Operation.Conflict");
    expect(await outcomes()).toEqual(a);
  });

  it("hides newly assigned addresses from the next N describes (stale reads)", async () => {
    emu().emulator.setFaults({ staleReads: { describes: 2 } });
    await assign({ privateIpAddress: ["10.0.1.88"] });
    const visible = async () => (await describeEni()).body?.networkInterfaceSets?.networkInterfaceSet?.[0]?.privateIpSets?.privateIpSet?.map((s) => s.privateIpAddress);
    expect(await visible()).not.toContain("10.0.1.88");
    expect(await visible()).not.toContain("10.0.1.88");
    expect(await visible()).toContain("10.0.1.88");
  });

  it("throttles mutations over the per-second rate limit", async () => {
    emu().emulator.setFaults({ mutationRateLimit: { perSecond: 3 } });
    const results = await Promise.allSettled(Array.from({ length: 5 }, () => assign({ secondaryPrivateIpAddressCount: 1 }, DEMO_IDS.eniStopped)));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(rejected.map((r) => (r.reason as { code: string }).code)).toEqual(["Throttling", "Throttling"]);
    // Reads are not limited.
    await Promise.all(Array.from({ length: 5 }, () => describeEni()));
  });

  it("takes faults from the admin endpoint and from the start options", async () => {
    const post = await fetch(`${emu().url}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ actions: { DescribeInstances: { throttling: { times: 1 } } } }) });
    expect(post.status).toBe(200);
    const err = await sdkError(emu().ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R })));
    expect(err.code).toBe("Throttling");
    const bad = await fetch(`${emu().url}/_emulator/faults`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ nonsense: 1 }) });
    expect(bad.status).toBe(400);
    const other = await startEmulatorFixture({ faults: { actions: { "*": { serverError: { times: 1 } } } } });
    try {
      expect((await sdkError(other.ecs.describeInstances(new $Ecs.DescribeInstancesRequest({ regionId: R })))).code).toBe("InternalError");
    } finally {
      await other.close();
    }
  });

  it("uses a deterministic PRNG", () => {
    const a = prng(7);
    const b = prng(7);
    const xs = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(xs);
    expect(new Set(xs).size).toBe(5);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe("admin endpoints", () => {
  const emu = useEmulator();
  it("serves state, calls and reset to loopback clients", async () => {
    await emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.99"] }));
    const calls = (await (await fetch(`${emu().url}/_emulator/calls`)).json()) as Record<string, number>;
    expect(calls).toMatchObject({ AssignPrivateIpAddresses: 1, mutations: 1, reads: 0 });
    const state = (await (await fetch(`${emu().url}/_emulator/state`)).json()) as { networkInterfaces: { networkInterfaceId: string; secondaryIpAddresses: string[] }[] };
    expect(state.networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniAvailable)?.secondaryIpAddresses).toEqual(["10.0.1.99"]);
    expect((await fetch(`${emu().url}/_emulator/reset`, { method: "POST" })).status).toBe(200);
    expect(emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniAvailable)?.secondaryIpAddresses).toEqual([]);
    expect(emu().emulator.callCounts()).toEqual({ reads: 0, mutations: 0 });
    expect((await fetch(`${emu().url}/_emulator/nope`)).status).toBe(404);
  });
});
