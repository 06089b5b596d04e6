// A read-only key (a RAM user without write permissions): reads like the main key, and every mutation
// gets Forbidden.RAM (403) with an AccessDeniedDetail naming the action, changing nothing.
import * as $Ecs from "@alicloud/ecs20140526";
import * as $Vpc from "@alicloud/vpc20160428";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { emulator as emulatorCommand } from "../../src/cli/commands/emulator";
import { DEMO_IDS, DEMO_READONLY_CREDENTIALS } from "../../src/emulator";
import { sdkError, useEmulator } from "../helpers/emulator";

const R = "cn-hangzhou";

describe("read-only credentials", () => {
  const emu = useEmulator({ readOnlyCredentials: [{ ...DEMO_READONLY_CREDENTIALS }] });

  it("read exactly what the main key reads", async () => {
    const ro = emu().ecsClient({ ...DEMO_READONLY_CREDENTIALS });
    const req = () => new $Ecs.DescribeNetworkInterfacesRequest({ regionId: R, networkInterfaceId: [DEMO_IDS.eniWeb01, DEMO_IDS.eniBound] });
    const mine = (await emu().ecs.describeNetworkInterfaces(req())).body?.networkInterfaceSets;
    expect((await ro.describeNetworkInterfaces(req())).body?.networkInterfaceSets).toEqual(mine);
    const vsw = await emu().vpcClient({ ...DEMO_READONLY_CREDENTIALS }).describeVSwitchAttributes(new $Vpc.DescribeVSwitchAttributesRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchSmall }));
    expect(vsw.body?.availableIpAddressCount).toBe(2);
  });

  it("get Forbidden.RAM (403) on every mutation, with the action named, and change nothing", async () => {
    const ro = emu().ecsClient({ ...DEMO_READONLY_CREDENTIALS });
    const before = emu().emulator.state();
    const calls: [string, Promise<unknown>][] = [
      ["AssignPrivateIpAddresses", ro.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: 1, clientToken: "ro-1" }))],
      ["UnassignPrivateIpAddresses", ro.unassignPrivateIpAddresses(new $Ecs.UnassignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniWeb01, privateIpAddress: ["10.0.1.11"] }))],
      ["CreateNetworkInterface", ro.createNetworkInterface(new $Ecs.CreateNetworkInterfaceRequest({ regionId: R, vSwitchId: DEMO_IDS.vSwitchApp, securityGroupId: DEMO_IDS.sgBasic }))],
      ["AttachNetworkInterface", ro.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, instanceId: DEMO_IDS.instanceWeb01 }))],
      ["DetachNetworkInterface", ro.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniBound, instanceId: DEMO_IDS.instanceWeb01 }))],
      ["DeleteNetworkInterface", ro.deleteNetworkInterface(new $Ecs.DeleteNetworkInterfaceRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable }))],
    ];
    for (const [action, call] of calls) {
      const err = (await sdkError(call)) as Awaited<ReturnType<typeof sdkError>> & { accessDeniedDetail?: Record<string, string> };
      expect([action, err.code, err.statusCode]).toEqual([action, "Forbidden.RAM", 403]);
      expect(err.accessDeniedDetail?.["AuthAction"]).toBe(`ecs:${action}`);
    }
    expect(emu().emulator.state()).toEqual(before);
    // The refused token was never registered: the main key may use it.
    const ok = await emu().ecs.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: 1, clientToken: "ro-1" }));
    expect(ok.body?.assignedPrivateIpAddressesSet?.privateIpSet?.privateIpAddress).toHaveLength(1);
  });

  it("come from ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID/_SECRET for eni-ips emulator", async () => {
    const stdout = new PassThrough();
    let out = "";
    stdout.on("data", (d: Buffer) => (out += d.toString()));
    const env = { ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID: "ro-key", ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_SECRET: "ro-secret" };
    const done = emulatorCommand(["--port", "0"], { stdout, stderr: new PassThrough(), env, cwd: process.cwd() });
    for (let i = 0; i < 200 && !out.includes("\n"); i++) await new Promise((r) => setTimeout(r, 10));
    const endpoint = /http:\/\/(127\.0\.0\.1:\d+)/.exec(out)?.[1] ?? "";
    const client = (accessKeyId: string, accessKeySecret: string) => new $Ecs.default({ accessKeyId, accessKeySecret, endpoint, protocol: "http", regionId: R } as never);
    try {
      const ro = client("ro-key", "ro-secret");
      const read = await ro.describeNetworkInterfaceAttribute(new $Ecs.DescribeNetworkInterfaceAttributeRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable }));
      expect(read.body?.privateIpAddress).toBe("10.0.1.100");
      const write = await sdkError(ro.assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: 1 })));
      expect(write.code).toBe("Forbidden.RAM");
      // The demo key still has full rights next to it.
      await client("eni-ips-demo", "eni-ips-demo-secret").assignPrivateIpAddresses(new $Ecs.AssignPrivateIpAddressesRequest({ regionId: R, networkInterfaceId: DEMO_IDS.eniAvailable, secondaryPrivateIpAddressCount: 1 }));
    } finally {
      process.emit("SIGTERM");
    }
    expect(await done).toBe(0);
    const half = emulatorCommand([], { stdout: new PassThrough(), stderr: new PassThrough(), env: { ENI_IPS_EMULATOR_READONLY_ACCESS_KEY_ID: "ro-key" }, cwd: process.cwd() });
    await expect(half).rejects.toMatchObject({ name: "UsageError" });
  });
});
