// ENI lifecycle for failover, with the delays of the cloud on: attach (Attaching -> InUse), detach
// (Detaching -> Available) and delete (Deleting -> gone) return at once and finish later; the
// addresses travel with the ENI and limits follow its binding. The clock is the test's.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS, demoSeed, startEmulator } from "../../src/emulator";
import { sdkError, startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";

const R = "cn-hangzhou";
const ips = (body: { privateIpSets?: { privateIpSet?: { privateIpAddress?: string }[] } } | undefined) =>
  (body?.privateIpSets?.privateIpSet ?? []).map((s) => s.privateIpAddress ?? "");

describe("ENI lifecycle", () => {
  let now = Date.now();
  let fx: EmulatorFixture;
  beforeAll(async () => {
    const seed = demoSeed();
    // An ENI bound to the Starting instance: detaching it must wait for the instance.
    seed.networkInterfaces.push({ networkInterfaceId: "eni-bp1onstarting", vSwitchId: DEMO_IDS.vSwitchApp, securityGroupIds: [DEMO_IDS.sgBasic], primaryIpAddress: "10.0.1.120", instanceId: DEMO_IDS.instanceStarting });
    fx = await startEmulatorFixture({ seed, limits: { transitionMs: 5_000 }, clock: () => now });
  });
  afterAll(() => fx.close());

  const describeEni = async (id: string) =>
    (await fx.ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: id }))).body;
  const assignOne = (id: string) =>
    fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, secondaryPrivateIpAddressCount: 1 }));
  const emu = (id: string) => fx.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === id);
  const detach = (id: string, instanceId: string) =>
    fx.ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id, instanceId }));

  it("creates, attaches, moves and deletes an ENI with its addresses, each slow step visible", async () => {
    const created = await fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({
      regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic, secondaryPrivateIpAddressCount: 2, networkInterfaceName: "failover",
    }));
    const id = created.body?.networkInterfaceId ?? "";
    expect(id).toMatch(/^eni-/);
    // Create is synchronous: Available at once, with a primary and two secondaries picked at random.
    expect(created.body?.status).toBe("Available");
    const addresses = ips(created.body);
    expect(addresses).toHaveLength(3);
    expect(new Set(addresses).size).toBe(3);

    await fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id, instanceId: DEMO_IDS.instanceStopped }));
    const attaching = await describeEni(id);
    expect([attaching?.status, attaching?.instanceId]).toEqual(["Attaching", DEMO_IDS.instanceStopped]);
    const busy = await sdkError(assignOne(id));
    expect([busy.code, busy.statusCode]).toEqual(["InvalidOperation.InvalidEniState", 400]);
    now += 4_999;
    expect((await describeEni(id))?.status).toBe("Attaching");
    now += 2;
    const attached = await describeEni(id);
    expect([attached?.status, attached?.instanceId]).toEqual(["InUse", DEMO_IDS.instanceStopped]);
    // Bound to an ecs.c7.4xlarge: 30 per ENI now, not the Available cap of 10.
    await fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, secondaryPrivateIpAddressCount: 12 }));

    await detach(id, DEMO_IDS.instanceStopped);
    expect((await describeEni(id))?.status).toBe("Detaching");
    expect((await sdkError(assignOne(id))).code).toBe("InvalidOperation.InvalidEniState");
    const early = await sdkError(fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id })));
    expect(early.code).toBe("InvalidOperation.InvalidEniState");
    // Detaching again while it detaches is accepted and changes nothing.
    await detach(id, DEMO_IDS.instanceStopped);
    now += 5_001;
    const detached = await describeEni(id);
    expect([detached?.status, detached?.instanceId]).toEqual(["Available", ""]);

    // 15 addresses do not fit an ecs.g6.large (6 per ENI).
    const tooMany = await sdkError(fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id, instanceId: DEMO_IDS.instanceWeb02 })));
    expect(tooMany.code).toBe("InvalidOperation.Ipv4CountExceeded");

    const owned = emu(id)?.secondaryIpAddresses ?? [];
    await fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id }));
    expect((await describeEni(id))?.status).toBe("Deleting");
    expect((await sdkError(assignOne(id))).code).toBe("InvalidOperation.InvalidEniState");
    // Its addresses stay taken while it is deleted; a second delete is accepted.
    const stillTaken = await sdkError(fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: [owned[0] ?? ""] })));
    expect(stillTaken.code).toBe("InvalidPrivateIpAddress.Duplicated");
    await fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id }));
    now += 5_001;
    const gone = await sdkError(describeEni(id));
    expect(gone.code).toBe("InvalidEniId.NotFound");
    // Its addresses are free again.
    const reuse = await fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: [owned[0] ?? ""] }));
    expect(reuse.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual([owned[0]]);
  });

  it("checks the instance state on detach, and detaches an ENI stuck in Detaching", async () => {
    const starting = await sdkError(detach("eni-bp1onstarting", DEMO_IDS.instanceStarting));
    expect([starting.code, starting.statusCode]).toEqual(["InvalidOperation.InvalidEcsState", 400]);
    expect(emu("eni-bp1onstarting")?.status).toBe("InUse");
    // The demo's ENI caught mid-detach (no due time) is let go by a second detach.
    await detach(DEMO_IDS.eniDetaching, DEMO_IDS.instanceWeb01);
    expect(emu(DEMO_IDS.eniDetaching)?.status).toBe("Detaching");
    now += 5_001;
    expect((await describeEni(DEMO_IDS.eniDetaching))?.status).toBe("Available");
  });

  it("refuses attaching to a full instance, detaching a primary ENI and deleting an attached ENI", async () => {
    const starting = await sdkError(fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, instanceId: DEMO_IDS.instanceStarting })));
    expect(starting.code).toBe("InvalidOperation.InvalidEcsState");
    // ecs.t6-c1m2.large takes 2 ENIs: its primary plus one more (an Attaching one counts).
    await fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, instanceId: DEMO_IDS.instanceBurst }));
    const extra = await fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic }));
    const full = await sdkError(fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: extra.body?.networkInterfaceId ?? "", instanceId: DEMO_IDS.instanceBurst })));
    expect([full.code, full.statusCode]).toEqual(["EniPerInstanceLimitExceeded", 403]);
    const primary = await sdkError(detach(DEMO_IDS.eniWeb01, DEMO_IDS.instanceWeb01));
    expect(primary.code).toBe("InvalidOperation.DetachPrimaryEniNotAllowed");
    const attached = await sdkError(fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound })));
    expect(attached.code).toBe("InvalidOperation.InvalidEniState");
  });

  it("refuses a create in an exhausted vSwitch, with a taken address, or with both group parameters", async () => {
    const exhausted = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchSmall, securityGroupId: DEMO_IDS.sgBasic, secondaryPrivateIpAddressCount: 2 })));
    expect([exhausted.code, exhausted.statusCode]).toEqual(["QuotaExceeded.PrivateIpAddress", 400]);
    const taken = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic, primaryIpAddress: "10.0.1.10" })));
    expect(taken.code).toBe("InvalidPrivateIpAddress.Duplicated");
    const noGroup = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: "sg-nope" })));
    expect([noGroup.code, noGroup.statusCode]).toEqual(["InvalidSecurityGroupId.NotFound", 404]);
    const before = fx.emulator.state().networkInterfaces.length;
    const both = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic, securityGroupIds: [DEMO_IDS.sgBasic] })));
    expect([both.code, both.statusCode]).toEqual(["InvalidParameter", 400]);
    expect(fx.emulator.state().networkInterfaces).toHaveLength(before);
  });
});

describe("default delays", () => {
  it("are on in startEmulator() (1.5 s), and transitionMs 0 makes attach, detach and delete immediate", async () => {
    let now = Date.now();
    const slow = await startEmulator({ clock: () => now });
    const instant = await startEmulatorFixture();
    try {
      expect(slow.state().limits?.transitionMs).toBe(1_500);
      expect(instant.emulator.state().limits?.transitionMs).toBe(0);
      const ecs = new $Ecs.default({ accessKeyId: "eni-ips-demo", accessKeySecret: "eni-ips-demo-secret", endpoint: slow.endpoint, protocol: "http", regionId: R } as never);
      await ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound, instanceId: DEMO_IDS.instanceWeb01 }));
      expect(slow.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniBound)?.status).toBe("Detaching");
      now += 1_500;
      await ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound }));
      expect(slow.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniBound)?.status).toBe("Available");

      await instant.ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound, instanceId: DEMO_IDS.instanceWeb01 }));
      expect(instant.emulator.state().networkInterfaces.find((e) => e.networkInterfaceId === DEMO_IDS.eniBound)?.status).toBe("Available");
      await instant.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound }));
      expect(instant.emulator.state().networkInterfaces.some((e) => e.networkInterfaceId === DEMO_IDS.eniBound)).toBe(false);
    } finally {
      await slow.close();
      await instant.close();
    }
  });
});
