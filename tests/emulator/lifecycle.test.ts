// ENI lifecycle for failover: create, attach (Attaching -> InUse), detach (Detaching -> Available),
// delete; the addresses travel with the ENI and limits follow its binding.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS, demoSeed } from "../../src/emulator";
import { sdkError, startEmulatorFixture, type EmulatorFixture } from "../helpers/emulator";

const R = "cn-hangzhou";

describe("ENI lifecycle", () => {
  let now = Date.now();
  let fx: EmulatorFixture;
  beforeAll(async () => {
    const seed = demoSeed();
    seed.limits = { transitionMs: 5_000 };
    fx = await startEmulatorFixture({ seed, clock: () => now });
  });
  afterAll(() => fx.close());

  const status = async (id: string) =>
    (await fx.ecs.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: id }))).body;

  it("creates, attaches, moves and deletes an ENI with its addresses", async () => {
    const created = await fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({
      regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic, secondaryPrivateIpAddressCount: 2, networkInterfaceName: "failover",
    }));
    const id = created.body?.networkInterfaceId ?? "";
    expect(id).toMatch(/^eni-/);
    expect(created.body?.status).toBe("Available");
    // Lowest free addresses: .1 primary, .2 and .3 secondary.
    expect(created.body?.privateIpSets?.privateIpSet?.map((s) => s.privateIpAddress)).toEqual(["10.0.1.1", "10.0.1.2", "10.0.1.3"]);

    await fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id, instanceId: DEMO_IDS.instanceStopped }));
    expect((await status(id))?.status).toBe("Attaching");
    const busy = await sdkError(fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, secondaryPrivateIpAddressCount: 1 })));
    expect(busy.code).toBe("InvalidOperation.InvalidEniState");
    now += 5_001;
    const attached = await status(id);
    expect([attached?.status, attached?.instanceId]).toEqual(["InUse", DEMO_IDS.instanceStopped]);
    // Bound to an ecs.c7.4xlarge: 30 per ENI now, not the Available cap of 10.
    await fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: id, secondaryPrivateIpAddressCount: 12 }));

    await fx.ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id, instanceId: DEMO_IDS.instanceStopped }));
    expect((await status(id))?.status).toBe("Detaching");
    const early = await sdkError(fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id })));
    expect(early.code).toBe("InvalidOperation.InvalidEniState");
    now += 5_001;
    expect((await status(id))?.status).toBe("Available");

    // 15 addresses do not fit an ecs.g6.large (6 per ENI).
    const tooMany = await sdkError(fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id, instanceId: DEMO_IDS.instanceWeb02 })));
    expect(tooMany.code).toBe("InvalidOperation.Ipv4CountExceeded");

    await fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: id }));
    const gone = await sdkError(status(id));
    expect(gone.code).toBe("InvalidEniId.NotFound");
    // Its addresses are free again.
    const reuse = await fx.ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, privateIpAddress: ["10.0.1.1"] }));
    expect(reuse.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toEqual(["10.0.1.1"]);
  });

  it("refuses attaching to a full instance, detaching a primary ENI and deleting an attached ENI", async () => {
    const starting = await sdkError(fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, instanceId: DEMO_IDS.instanceStarting })));
    expect(starting.code).toBe("InvalidOperation.InvalidEcsState");
    // ecs.t6-c1m2.large takes 2 ENIs: its primary plus one more.
    await fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, instanceId: DEMO_IDS.instanceBurst }));
    const extra = await fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic }));
    const full = await sdkError(fx.ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: extra.body?.networkInterfaceId ?? "", instanceId: DEMO_IDS.instanceBurst })));
    expect([full.code, full.statusCode]).toEqual(["EniPerInstanceLimitExceeded", 403]);
    const primary = await sdkError(fx.ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniWeb01, instanceId: DEMO_IDS.instanceWeb01 })));
    expect(primary.code).toBe("InvalidOperation.DetachPrimaryEniNotAllowed");
    const attached = await sdkError(fx.ecs.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound })));
    expect(attached.code).toBe("InvalidOperation.InvalidEniState");
  });

  it("refuses a create in an exhausted vSwitch or with a taken address", async () => {
    const exhausted = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchSmall, securityGroupId: DEMO_IDS.sgBasic, secondaryPrivateIpAddressCount: 2 })));
    expect(exhausted.code).toBe("InvalidVSwitchId.IpNotEnough");
    const taken = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic, primaryIpAddress: "10.0.1.10" })));
    expect(taken.code).toBe("InvalidPrivateIpAddress.Duplicated");
    const noGroup = await sdkError(fx.ecs.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: "sg-nope" })));
    expect([noGroup.code, noGroup.statusCode]).toEqual(["InvalidSecurityGroupId.NotFound", 404]);
  });
});
