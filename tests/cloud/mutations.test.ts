// Assign/unassign logic on a scripted in-memory transport and fake time: token stability across
// retries, read-back after ambiguous failures, stale reads, IpUnassigned handling, serialisation.
import { describe, expect, it } from "vitest";
import { CloudApiError, CloudTransportError, createCloudSession, DEFAULT_STALE_READ_WINDOW_MS, type RawBody, type RequestFields, type Transport } from "../../src/cloud";

type Fault = "throttle" | "conflict" | "server" | "lostAfterCommit" | "idempotentFailed" | "resetBeforeCommit";

function apiError(action: string, status: number, code: string): CloudApiError {
  return new CloudApiError({ action, code, message: code, statusCode: status, requestId: "REQ-" + code });
}

/** A tiny ENI store that speaks the wire shapes and misbehaves on cue. */
function fakeCloud(initial: Record<string, string[]>) {
  const enis = new Map(Object.entries(initial).map(([id, ips]) => [id, [...ips]]));
  const tokens = new Map<string, string[]>();
  const faults: Record<string, Fault[]> = {};
  const requests: { action: string; request: RequestFields }[] = [];
  /** Describes that still hide these addresses (stale reads). */
  const hidden = new Map<string, { ips: Set<string>; remaining: number }>();
  let staleDescribes = 0;
  let next = 50;
  let active = 0;
  let maxActive = 0;

  const eniJson = (id: string) => {
    const ips = enis.get(id) ?? [];
    const h = hidden.get(id);
    let shown = ips;
    if (h && h.remaining > 0) {
      h.remaining--;
      shown = ips.filter((a) => !h.ips.has(a));
    }
    return {
      NetworkInterfaceId: id,
      Status: "Available",
      Type: "Secondary",
      VSwitchId: "vsw-1",
      PrivateIpAddress: ips[0],
      PrivateIpSets: { PrivateIpSet: shown.map((a, i) => ({ PrivateIpAddress: a, Primary: i === 0 })) },
      SecurityGroupIds: { SecurityGroupId: ["sg-1"] },
    };
  };

  const transport: Transport = async (action, request): Promise<RawBody> => {
    requests.push({ action, request: structuredClone(request) });
    const fault = faults[action]?.shift();
    if (fault === "throttle") throw apiError(action, 400, "Throttling.User");
    if (fault === "conflict") throw apiError(action, 403, "Operation.Conflict");
    if (fault === "server") throw apiError(action, 500, "InternalError");
    if (fault === "idempotentFailed") throw apiError(action, 400, "IdempotentFailed");
    if (fault === "resetBeforeCommit") throw new CloudTransportError({ action, code: "ECONNRESET", message: "socket hang up", requestMayHaveBeenSent: true });
    active++;
    maxActive = Math.max(maxActive, active);
    await new Promise((r) => setTimeout(r, 1));
    active--;
    const id = request["networkInterfaceId"];
    if (action === "DescribeNetworkInterfaces") {
      const ids = (request["networkInterfaceId"] as string[]).filter((i) => enis.has(i));
      return { NextToken: "", NetworkInterfaceSets: { NetworkInterfaceSet: ids.map(eniJson) } };
    }
    if (typeof id !== "string" || !enis.has(id)) throw apiError(action, 404, "InvalidEniId.NotFound");
    const ips = enis.get(id)!;
    if (action === "AssignPrivateIpAddresses") {
      const token = request["clientToken"] as string;
      let assigned = tokens.get(token);
      if (assigned === undefined) {
        const explicit = request["privateIpAddress"] as string[] | undefined;
        if (explicit) {
          if (explicit.some((a) => ips.includes(a))) throw apiError(action, 403, "InvalidIp.IpAssigned");
          assigned = explicit;
        } else {
          assigned = Array.from({ length: request["secondaryPrivateIpAddressCount"] as number }, () => `10.0.0.${next++}`);
        }
        ips.push(...assigned);
        tokens.set(token, assigned);
        if (staleDescribes > 0) hidden.set(id, { ips: new Set(assigned), remaining: staleDescribes });
      }
      if (fault === "lostAfterCommit") throw new CloudTransportError({ action, code: "ECONNRESET", message: "socket hang up", requestMayHaveBeenSent: true });
      return { AssignedPrivateIpAddressesSet: { NetworkInterfaceId: id, PrivateIpSet: { PrivateIpAddress: assigned } } };
    }
    if (action === "UnassignPrivateIpAddresses") {
      const wanted = request["privateIpAddress"] as string[];
      if (wanted.some((a) => !ips.includes(a))) throw apiError(action, 403, "InvalidIp.IpUnassigned");
      enis.set(id, ips.filter((a) => !wanted.includes(a)));
      if (fault === "lostAfterCommit") throw new CloudTransportError({ action, code: "ECONNRESET", message: "socket hang up", requestMayHaveBeenSent: true });
      return { RequestId: "R" };
    }
    throw new Error(`unexpected ${action}`);
  };
  return {
    transport,
    enis,
    faults,
    requests,
    setStale: (n: number) => (staleDescribes = n),
    maxActive: () => maxActive,
  };
}

function session(cloud: ReturnType<typeof fakeCloud>, extra: { maxAttempts?: number } = {}) {
  const sleeps: number[] = [];
  const s = createCloudSession({
    env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" },
    transport: cloud.transport,
    retry: { maxAttempts: extra.maxAttempts ?? 5, baseDelayMs: 100, maxDelayMs: 1000, maxElapsedMs: 60_000 },
    // The backoff schedule is asserted exactly here; pacing has tests of its own (pacer.test.ts).
    pacing: false,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    random: () => 0.5,
  });
  return { s, sleeps };
}

const tokensOf = (cloud: ReturnType<typeof fakeCloud>) => cloud.requests.filter((r) => r.action === "AssignPrivateIpAddresses").map((r) => r.request["clientToken"]);

describe("assignPrivateIpAddresses", () => {
  it("retries throttling and conflicts with one ClientToken and backoff", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.faults["AssignPrivateIpAddresses"] = ["throttle", "conflict", "server"];
    const { s, sleeps } = session(cloud);
    expect(await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.9"] })).toEqual(["10.0.0.9"]);
    const tokens = tokensOf(cloud);
    expect(tokens).toHaveLength(4);
    expect(new Set(tokens).size).toBe(1);
    expect(String(tokens[0]).length).toBeLessThanOrEqual(64);
    expect(sleeps).toEqual([50, 100, 200]);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1", "10.0.0.9"]);
    expect(s.stats()).toMatchObject({ mutations: 4, byAction: { AssignPrivateIpAddresses: 4 } });
  });

  it("a new logical request gets a new token", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    const { s } = session(cloud);
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.9"] });
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.10"] });
    expect(new Set(tokensOf(cloud)).size).toBe(2);
  });

  it("a lost response is settled by the idempotent retry: a count assigns once", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.faults["AssignPrivateIpAddresses"] = ["lostAfterCommit"];
    const { s } = session(cloud);
    const got = await s.assignPrivateIpAddresses("eni-1", { secondaryPrivateIpAddressCount: 2 });
    expect(got).toHaveLength(2);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1", ...got]);
  });

  it("when every retry is lost, a read-back against the addresses present before decides (count)", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1", "10.0.0.2"] });
    cloud.faults["AssignPrivateIpAddresses"] = ["lostAfterCommit", "lostAfterCommit", "lostAfterCommit"];
    const { s } = session(cloud, { maxAttempts: 3 });
    const got = await s.assignPrivateIpAddresses("eni-1", { secondaryPrivateIpAddressCount: 3 });
    expect(got).toHaveLength(3);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1", "10.0.0.2", ...got]);
    expect(new Set(tokensOf(cloud)).size).toBe(1);
  });

  it("a read-back waits out stale reads before concluding (explicit addresses)", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.setStale(2);
    cloud.faults["AssignPrivateIpAddresses"] = ["lostAfterCommit", "lostAfterCommit"];
    const { s } = session(cloud, { maxAttempts: 2 });
    expect(await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.7", "10.0.0.8"] })).toEqual(["10.0.0.7", "10.0.0.8"]);
  });

  it("an ambiguous failure that did not happen rethrows the error after the read-back", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.faults["AssignPrivateIpAddresses"] = ["resetBeforeCommit", "resetBeforeCommit"];
    const { s } = session(cloud, { maxAttempts: 2 });
    await expect(s.assignPrivateIpAddresses("eni-1", { secondaryPrivateIpAddressCount: 1 })).rejects.toBeInstanceOf(CloudTransportError);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1"]);
  });

  it("IdempotentFailed means the earlier request failed: retry with a new token", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.faults["AssignPrivateIpAddresses"] = ["server", "idempotentFailed"];
    const { s } = session(cloud);
    expect(await s.assignPrivateIpAddresses("eni-1", { secondaryPrivateIpAddressCount: 1 })).toHaveLength(1);
    const tokens = tokensOf(cloud);
    expect(tokens[0]).toBe(tokens[1]);
    expect(tokens[2]).not.toBe(tokens[1]);
    expect(cloud.enis.get("eni-1")).toHaveLength(2);
  });

  it("non-retryable errors surface at once, typed", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    const { s } = session(cloud);
    await expect(s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.1"] })).rejects.toMatchObject({
      name: "CloudApiError",
      code: "InvalidIp.IpAssigned",
      requestId: "REQ-InvalidIp.IpAssigned",
    });
    expect(s.stats().mutations).toBe(1);
  });

  it("serialises mutations on one ENI", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    const { s } = session(cloud);
    await Promise.all([
      s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.20"] }),
      s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.21"] }),
      s.unassignPrivateIpAddresses("eni-1", ["10.0.0.20"]),
    ]);
    expect(cloud.maxActive()).toBe(1);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1", "10.0.0.21"]);
  });
});

describe("stale reads after our own mutations", () => {
  it("describeEni shows what the API said it assigned even while describes lag", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.setStale(3);
    const { s } = session(cloud);
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.30"] });
    expect((await s.describeEni("eni-1"))?.privateIpAddresses).toEqual(["10.0.0.1", "10.0.0.30"]);
  });

  it("unassign after IpUnassigned releases what is still there, not trusting a stale read", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.setStale(5);
    const { s } = session(cloud);
    const got = await s.assignPrivateIpAddresses("eni-1", { secondaryPrivateIpAddressCount: 2 });
    // 10.0.0.99 was never there: the call is refused with IpUnassigned, the read-back is stale.
    await s.unassignPrivateIpAddresses("eni-1", [...got, "10.0.0.99"]);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1"]);
  });
});

describe("stale-read correction expires", () => {
  /** A session on a hand-driven clock. */
  function clocked(cloud: ReturnType<typeof fakeCloud>, staleReadWindowMs?: number) {
    let t = 1_700_000_000_000;
    const s = createCloudSession({
      env: { ALIBABA_CLOUD_REGION_ID: "cn-hangzhou" },
      transport: cloud.transport,
      retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1, maxElapsedMs: 60_000 },
      pacing: false,
      sleep: async () => {},
      now: () => t,
      ...(staleReadWindowMs === undefined ? {} : { staleReadWindowMs }),
    });
    return { s, advance: (ms: number) => (t += ms) };
  }
  const addressesOf = async (s: ReturnType<typeof clocked>["s"], id: string) => (await s.describeEni(id))?.privateIpAddresses;

  it("an assigned address removed out of band before any read agreed shows as drift once the window (default 120 s) has passed", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.setStale(1_000); // no describe ever catches up on its own
    const { s, advance } = clocked(cloud);
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.30"] });
    cloud.enis.set("eni-1", ["10.0.0.1"]); // someone else unassigns it, behind our back
    // Inside the window the session cannot tell this from a lagging read: it keeps its own outcome.
    advance(119_999);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.30"]);
    // From the window's end on, the account's word stands: the address is gone, and stays gone.
    advance(1);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1"]);
    advance(1);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1"]);
  });

  it("inside the window stale reads are still corrected, both ways", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1", "10.0.0.2"] });
    cloud.setStale(3);
    const { s, advance } = clocked(cloud);
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.31"] });
    await s.unassignPrivateIpAddresses("eni-1", ["10.0.0.2"]);
    // A stale read that still shows the released address (the API lags the other way too).
    cloud.enis.get("eni-1")!.push("10.0.0.2");
    advance(60_000);
    // Describes hide .31 (stale) and show .2 (stale): both corrected.
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.31"]);
    advance(59_999);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.31"]);
    // Past the window: the read is taken as it is (.31 hidden by the one stale describe left, .2 back).
    advance(1);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.2"]);
    // And a read that has caught up shows the truth.
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.31", "10.0.0.2"]);
  });

  it("a read that agrees ends the correction before the window does", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.setStale(1);
    const { s, advance } = clocked(cloud);
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.32"] });
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.32"]); // stale, corrected
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.32"]); // caught up: agrees
    cloud.enis.set("eni-1", ["10.0.0.1"]); // now removed out of band
    advance(1_000); // well inside the window
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1"]);
  });

  it("the window is a session option", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1"] });
    cloud.setStale(1_000);
    const { s, advance } = clocked(cloud, 5_000);
    await s.assignPrivateIpAddresses("eni-1", { privateIpAddresses: ["10.0.0.33"] });
    cloud.enis.set("eni-1", ["10.0.0.1"]);
    advance(4_999);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1", "10.0.0.33"]);
    advance(1);
    expect(await addressesOf(s, "eni-1")).toEqual(["10.0.0.1"]);
    expect(DEFAULT_STALE_READ_WINDOW_MS).toBe(120_000);
    // 0 turns the correction off: a lagging read is taken as it is, even at once.
    const lagging = fakeCloud({ "eni-2": ["10.0.0.1"] });
    lagging.setStale(1);
    const off = clocked(lagging, 0);
    await off.s.assignPrivateIpAddresses("eni-2", { privateIpAddresses: ["10.0.0.34"] });
    expect(await addressesOf(off.s, "eni-2")).toEqual(["10.0.0.1"]);
    expect(await addressesOf(off.s, "eni-2")).toEqual(["10.0.0.1", "10.0.0.34"]);
  });
});

describe("unassignPrivateIpAddresses", () => {
  it("treats an ENI that is gone as released", async () => {
    const cloud = fakeCloud({});
    const { s } = session(cloud);
    await expect(s.unassignPrivateIpAddresses("eni-gone", ["10.0.0.5"])).resolves.toBeUndefined();
  });

  it("a lost response is settled: the retry's IpUnassigned plus the read-back say it is done", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1", "10.0.0.2", "10.0.0.3"] });
    cloud.faults["UnassignPrivateIpAddresses"] = ["lostAfterCommit"];
    const { s } = session(cloud);
    await s.unassignPrivateIpAddresses("eni-1", ["10.0.0.2", "10.0.0.3"]);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1"]);
  });

  it("releases only what is really gone and unassigns the rest", async () => {
    const cloud = fakeCloud({ "eni-1": ["10.0.0.1", "10.0.0.2", "10.0.0.3"] });
    const { s } = session(cloud);
    await s.unassignPrivateIpAddresses("eni-1", ["10.0.0.2", "10.0.0.4", "10.0.0.3"]);
    expect(cloud.enis.get("eni-1")).toEqual(["10.0.0.1"]);
    expect(cloud.requests.filter((r) => r.action === "UnassignPrivateIpAddresses").map((r) => r.request["privateIpAddress"])).toEqual([
      ["10.0.0.2", "10.0.0.4", "10.0.0.3"],
      ["10.0.0.2", "10.0.0.3"],
    ]);
  });
});
