// The cloud layer against the emulator's cloud-like answers, real SDK over HTTP: burnt ClientTokens
// (IdempotentFailed), a request still running under our token (IdempotentProcessing) behind a socket
// timeout, the four throttling codes, a read-only key (Forbidden.RAM), and counts the API calls "for
// reference only" (TotalCount under NextToken, EcsCount) that must not change the facts.
import { afterEach, describe, expect, it } from "vitest";
import { CloudApiError, createCloudSession, type CloudSession, type RequestFields, type Transport } from "../../src/cloud";
import { createSdkClients } from "../../src/cloud/clients";
import { createCallTimeCredential } from "../../src/cloud/credentials";
import { readCloudSettings } from "../../src/cloud/settings";
import { createSdkTransport } from "../../src/cloud/transport";
import type { AccountFacts } from "../../src/core";
import { DEMO_CREDENTIALS, DEMO_READONLY_CREDENTIALS } from "../../src/emulator";
import { useEmulator } from "../helpers/emulator";

const ENI = "eni-bp1demofree"; // Available, 10.0.1.100 only, vsw-bp1demoapp 10.0.1.0/24
// Throttled and still-running answers get their own, larger budget (the defaults wait up to 30 s).
const FAST = { maxAttempts: 8, maxThrottledAttempts: 100, baseDelayMs: 5, maxDelayMs: 40, maxElapsedMs: 20_000 };

/** The real SDK transport, with every request recorded and `rewrite` applied to every answer. */
function recordingTransport(env: NodeJS.ProcessEnv, options: { timeouts?: { connectTimeoutMs?: number; readTimeoutMs?: number }; rewrite?: (action: string, request: RequestFields, body: Record<string, unknown>) => Record<string, unknown>; request?: (action: string, request: RequestFields) => RequestFields } = {}) {
  const sdk = createSdkTransport(() => createSdkClients(readCloudSettings({ env }), createCallTimeCredential(env), options.timeouts));
  const sent: { action: string; request: RequestFields }[] = [];
  const transport: Transport = async (action, request) => {
    const r = options.request ? options.request(action, request) : request;
    sent.push({ action, request: structuredClone(r) });
    const body = await sdk(action, r);
    return options.rewrite ? options.rewrite(action, r, structuredClone(body) as Record<string, unknown>) : body;
  };
  const tokens = () => sent.filter((s) => s.action === "AssignPrivateIpAddresses").map((s) => s.request["clientToken"] as string);
  return { transport, sent, tokens };
}

describe("cloud layer on the emulator's cloud-like answers", () => {
  const emu = useEmulator({ readOnlyCredentials: [{ ...DEMO_READONLY_CREDENTIALS }] });
  afterEach(() => emu().emulator.reset());

  const secondaries = (id: string): string[] => emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id)?.secondaryIpAddresses ?? [];
  const session = (transport: Transport, timeouts?: { connectTimeoutMs?: number; readTimeoutMs?: number }): CloudSession =>
    createCloudSession({ env: emu().env, retry: FAST, readBackDelayMs: 5, transport, ...(timeouts ? { timeouts } : {}) });

  it("a 5xx burns the token: the retry with it answers IdempotentFailed, the ENI is read, a new token assigns once", async () => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { serverError: { times: 1 } } } });
    const rec = recordingTransport(emu().env);
    const s = session(rec.transport);
    expect(await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.201", "10.0.1.202"] })).toEqual(["10.0.1.201", "10.0.1.202"]);
    const [first, second, third] = rec.tokens();
    expect(rec.tokens()).toHaveLength(3);
    expect(second).toBe(first);
    expect(third).not.toBe(first);
    expect(s.stats().byError).toEqual({ InternalError: 1, IdempotentFailed: 1 });
    // The 5xx left the outcome open, so the burnt token's answer was checked against a fresh read.
    expect(rec.sent.map((x) => x.action)).toEqual(["AssignPrivateIpAddresses", "AssignPrivateIpAddresses", "DescribeNetworkInterfaces", "AssignPrivateIpAddresses"]);
    expect(secondaries(ENI)).toEqual(["10.0.1.201", "10.0.1.202"]);
  });

  it("a count under a burnt token gets exactly its count, once", async () => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { serverError: { times: 2, code: "ServiceUnavailable" } } } });
    const rec = recordingTransport(emu().env);
    const s = session(rec.transport);
    const got = await s.assignPrivateIpAddresses(ENI, { secondaryPrivateIpAddressCount: 3 });
    expect(got).toHaveLength(3);
    expect(secondaries(ENI).sort()).toEqual([...got].sort());
    expect(s.stats().byError).toEqual({ ServiceUnavailable: 2, IdempotentFailed: 2 });
    expect(new Set(rec.tokens()).size).toBe(3);
  });

  it("Operation.Conflict burns the token too: the next attempt resends under a new one at once, without a read (the refusal was definite)", async () => {
    emu().emulator.setFaults({ conflict: { times: 1 } });
    const rec = recordingTransport(emu().env);
    const s = session(rec.transport);
    expect(await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.203"] })).toEqual(["10.0.1.203"]);
    expect(rec.sent.map((x) => x.action)).toEqual(["AssignPrivateIpAddresses", "AssignPrivateIpAddresses", "AssignPrivateIpAddresses"]);
    const [a, b, c] = rec.tokens();
    expect([a === b, b === c]).toEqual([true, false]);
    expect(s.stats().byError).toEqual({ "Operation.Conflict": 1, IdempotentFailed: 1 });
    expect(secondaries(ENI)).toEqual(["10.0.1.203"]);
  });

  it.each([
    ["a socket timeout (httpx's ConnectTimeout, on a connected but silent server)", { connectTimeoutMs: 250, readTimeoutMs: 10_000 }, "ConnectTimeout"],
    ["a read timeout", { connectTimeoutMs: 10_000, readTimeoutMs: 250 }, "ReadTimeout"],
  ])("after %s the request is still running: IdempotentProcessing is waited out with the same token, and the addresses are ours", async (_name, timeouts, code) => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { latencyMs: 900 } } });
    const rec = recordingTransport(emu().env, { timeouts });
    const s = session(rec.transport, timeouts);
    expect(await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.204", "10.0.1.205"] })).toEqual(["10.0.1.204", "10.0.1.205"]);
    expect(new Set(rec.tokens()).size).toBe(1);
    const errors = s.stats().byError;
    expect(errors[code]).toBe(1);
    expect(errors["IdempotentProcessing"]).toBeGreaterThanOrEqual(1);
    expect(errors["IdempotentFailed"]).toBeUndefined();
    expect(secondaries(ENI)).toEqual(["10.0.1.204", "10.0.1.205"]);
  });

  it("an unassign whose answer did not come before the socket timeout is settled by reading the ENI, not reported as failed", async () => {
    const s0 = session(recordingTransport(emu().env).transport);
    await s0.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.208", "10.0.1.209"] });
    emu().emulator.setFaults({ actions: { UnassignPrivateIpAddresses: { latencyMs: 600 } } });
    const timeouts = { connectTimeoutMs: 200, readTimeoutMs: 10_000 };
    const rec = recordingTransport(emu().env, { timeouts });
    // Few attempts: every one of them times out while the first is still being carried out.
    const s = createCloudSession({ env: emu().env, retry: { ...FAST, maxAttempts: 2 }, readBackDelayMs: 5, transport: rec.transport, timeouts });
    await s.unassignPrivateIpAddresses(ENI, ["10.0.1.208", "10.0.1.209"]);
    expect(s.stats().byError["ConnectTimeout"]).toBeGreaterThanOrEqual(2);
    expect(secondaries(ENI)).toEqual([]);
    // The requests still on their way end before the next test starts.
    await new Promise((r) => setTimeout(r, 700));
  });

  it("every throttling code is throttling: retried, and counted as such", async () => {
    emu().emulator.setFaults({ throttlingCode: "rotate", actions: { AssignPrivateIpAddresses: { throttling: { times: 4 } } } });
    const rec = recordingTransport(emu().env);
    const s = session(rec.transport);
    expect(await s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.206"] })).toEqual(["10.0.1.206"]);
    expect(s.stats()).toMatchObject({ mutations: 5, throttled: 4, byError: { Throttling: 1, "Throttling.User": 1, "Throttling.Api": 1, "Rejected.Throttling": 1 } });
    // A throttled request never reached the service: its token stays good.
    expect(new Set(rec.tokens()).size).toBe(1);
  });

  it("a read-only key reads, and its mutation is refused once with Forbidden.RAM naming the permission", async () => {
    const env = { ...emu().env, ALIBABA_CLOUD_ACCESS_KEY_ID: DEMO_READONLY_CREDENTIALS.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEMO_READONLY_CREDENTIALS.accessKeySecret };
    const s = createCloudSession({ env, retry: FAST });
    const facts = await s.gatherFacts([ENI]);
    expect(facts.enis.find((e) => e.networkInterfaceId === ENI)?.privateIpAddresses).toEqual(["10.0.1.100"]);
    for (const [call, permission] of [
      [() => s.assignPrivateIpAddresses(ENI, { privateIpAddresses: ["10.0.1.207"] }), "ecs:AssignPrivateIpAddresses"],
      [() => s.unassignPrivateIpAddresses(ENI, ["10.0.1.100"]), "ecs:UnassignPrivateIpAddresses"],
    ] as const) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CloudApiError);
      expect(error).toMatchObject({ code: "Forbidden.RAM", statusCode: 403, permission });
      expect((error as Error).message).toContain(`needs the permission ${permission}`);
      for (const secret of [DEMO_READONLY_CREDENTIALS.accessKeySecret, DEMO_CREDENTIALS.accessKeySecret]) expect(JSON.stringify(error) + String(error)).not.toContain(secret);
    }
    expect(s.stats().mutations).toBe(2); // not retried
    expect(secondaries(ENI)).toEqual([]);
  });

  it("TotalCount under NextToken and EcsCount/AvailableInstanceAmount do not change the facts", async () => {
    const ids = ["eni-bp1fleetsparesec", "eni-bp1demoweb01", "eni-bp1demoadv", ENI];
    const sorted = (f: AccountFacts) => ({
      enis: [...f.enis].sort((a, b) => a.networkInterfaceId.localeCompare(b.networkInterfaceId)),
      vSwitches: [...f.vSwitches].sort((a, b) => a.vSwitchId.localeCompare(b.vSwitchId)),
      securityGroups: [...f.securityGroups].sort((a, b) => a.securityGroupId.localeCompare(b.securityGroupId)),
      instances: [...f.instances].sort((a, b) => a.instanceId.localeCompare(b.instanceId)),
      instanceTypes: [...f.instanceTypes].sort((a, b) => a.instanceTypeId.localeCompare(b.instanceTypeId)),
    });
    const plain = createCloudSession({ env: emu().env, retry: FAST });
    const reference = sorted(await plain.gatherFacts(ids));
    const region = await plain.listNetworkInterfaceIds();
    // Small pages, so NextToken paging really runs, and every count the API calls "for reference
    // only" made wrong: the emulator's TotalCount is per page already; here it is nonsense.
    let n = 0;
    const rec = recordingTransport(emu().env, {
      request: (action, r) => (action === "DescribeNetworkInterfaces" || action === "DescribeInstances" ? { ...r, maxResults: 10 } : action === "DescribeSecurityGroups" ? { ...r, isQueryEcsCount: true } : r),
      rewrite: (_action, _r, body) => {
        n++;
        if ("TotalCount" in body) body["TotalCount"] = n % 2 === 0 ? 0 : 99_999;
        const groups = (body["SecurityGroups"] as { SecurityGroup?: Record<string, unknown>[] } | undefined)?.SecurityGroup ?? [];
        for (const g of groups) {
          expect(g).toHaveProperty("EcsCount"); // asked for, so the emulator answers it
          g["EcsCount"] = 0;
          g["AvailableInstanceAmount"] = 0;
        }
        return body;
      },
    });
    const odd = createCloudSession({ env: emu().env, retry: FAST, transport: rec.transport });
    expect(sorted(await odd.gatherFacts(ids))).toEqual(reference);
    expect(await odd.listNetworkInterfaceIds()).toEqual(region);
    // Paging followed NextToken over many small pages, and the quota usage of the full group (1,990
    // of 2,000) still came from its member ENIs.
    expect(rec.sent.filter((x) => x.request["nextToken"] !== undefined).length).toBeGreaterThan(20);
    expect(reference.securityGroups.find((g) => g.securityGroupId === "sg-bp1demofull")?.privateIpAddressCount).toBe(1990);
  });
});
