// ClientToken as the cloud keeps it: a success replays, a failure in the service burns the token
// (IdempotentFailed), a token whose first request still runs answers IdempotentProcessing, and a
// refusal before the service (throttling) leaves the token usable.
import * as $Ecs from "@alicloud/ecs20140526";
import { beforeEach, describe, expect, it } from "vitest";
import { DEMO_IDS } from "../../src/emulator";
import { sdkError, useEmulator } from "../helpers/emulator";

const R = "cn-hangzhou";

describe("ClientToken after failures", () => {
  const emu = useEmulator();
  beforeEach(() => emu().emulator.reset());
  const assign = (addresses: string[], clientToken: string, id: string = DEMO_IDS.eniAvailable) =>
    emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, privateIpAddress: addresses, clientToken }));
  const secondaries = (id: string = DEMO_IDS.eniAvailable) => emu().emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id)?.secondaryIpAddresses ?? [];

  it("burns a token whose request the service refused: IdempotentFailed on retry, a new token works", async () => {
    const refused = await sdkError(assign(["10.0.1.11"], "burnt-1"));
    expect(refused.code).toBe("InvalidPrivateIpAddress.Duplicated");
    // Same token, same parameters: not tried again, whatever the state now.
    await emu().ecs.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniWeb01, privateIpAddress: ["10.0.1.11"] }));
    const retry = await sdkError(assign(["10.0.1.11"], "burnt-1"));
    expect([retry.code, retry.statusCode]).toEqual(["IdempotentFailed", 400]);
    expect(secondaries()).toEqual([]);
    // Other parameters with the burnt token are still a mismatch.
    expect((await sdkError(assign(["10.0.1.12"], "burnt-1"))).code).toBe("IdempotentParameterMismatch");
    const fresh = await assign(["10.0.1.11"], "burnt-2");
    expect(fresh.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.11"]);
  });

  it("burns a token after a server error (500) and after Operation.Conflict", async () => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { serverError: { times: 1 } } } });
    expect((await sdkError(assign(["10.0.1.150"], "t-500"))).code).toBe("InternalError");
    expect((await sdkError(assign(["10.0.1.150"], "t-500"))).code).toBe("IdempotentFailed");
    expect(secondaries()).toEqual([]);

    emu().emulator.setFaults({ conflict: { busyMs: 60_000 } });
    await assign(["10.0.1.151"], "t-first");
    expect((await sdkError(assign(["10.0.1.152"], "t-conflict"))).code).toBe("Operation.Conflict");
    expect((await sdkError(assign(["10.0.1.152"], "t-conflict"))).code).toBe("IdempotentFailed");
    expect(secondaries()).toEqual(["10.0.1.151"]);
  });

  it("keeps a throttled token usable (refused before the service)", async () => {
    emu().emulator.setFaults({ throttlingCode: "rotate", actions: { AssignPrivateIpAddresses: { throttling: { times: 4 } } } });
    const codes: string[] = [];
    for (let i = 0; i < 4; i++) codes.push((await sdkError(assign(["10.0.1.160"], "t-throttled"))).code);
    expect(codes).toEqual(["Throttling", "Throttling.User", "Throttling.Api", "Rejected.Throttling"]);
    const ok = await assign(["10.0.1.160"], "t-throttled");
    expect(ok.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.160"]);
    expect(secondaries()).toEqual(["10.0.1.160"]);
  });

  it("answers IdempotentProcessing (403) while the first request with the token runs, then replays it", async () => {
    emu().emulator.setFaults({ actions: { AssignPrivateIpAddresses: { latencyMs: 300 } } });
    const first = assign(["10.0.1.170"], "t-slow");
    await new Promise((r) => setTimeout(r, 50));
    const meanwhile = await sdkError(assign(["10.0.1.170"], "t-slow"));
    expect([meanwhile.code, meanwhile.statusCode]).toEqual(["IdempotentProcessing", 403]);
    expect((await first).body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.170"]);
    const replay = await assign(["10.0.1.170"], "t-slow");
    expect(replay.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.170"]);
    expect(secondaries()).toEqual(["10.0.1.170"]);
    expect(emu().emulator.callCounts()["AssignPrivateIpAddresses"]).toBe(3);
  });

  it("replays CreateNetworkInterface for its token: one ENI, the same id", async () => {
    const create = () => emu().ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic, clientToken: "create-1" }));
    const before = emu().emulator.state().networkInterfaces.length;
    const a = await create();
    const b = await create();
    expect(b.body?.networkInterfaceId).toBe(a.body?.networkInterfaceId);
    expect(emu().emulator.state().networkInterfaces).toHaveLength(before + 1);
  });
});
