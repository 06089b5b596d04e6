// applyGuestConfig through Pulumi's dynamic-provider host against the emulator: the converging script
// runs on the ENI's instance through Cloud Assistant (RunCommand, Base64, then DescribeInvocationResults),
// in order around assign and unassign (the emulator's call log shows it), a failing script keeps the
// addresses recorded and the next update repairs the guest, Windows gets PowerShell, preview refuses
// an instance whose agent is not running (rule 15), and after a failover the next update configures
// the new instance.
import * as $Ecs from "@alicloud/ecs20140526";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_IDS, type CallRecord } from "../../src/emulator";
import { guestResourceKey, renderGuestConfig } from "../../src/guest";
import { ProviderCallError } from "../helpers/provider-host";
import { addressesOn, startProviderFixture, up, type ProviderFixture } from "./provider-fixture";

const D = DEMO_IDS;
const CIDR = "10.0.1.0/24";

/** The script the provider must send for `name`'s addresses (the same renderer, keyed by the resource). */
function scriptFor(name: string, os: string, interfaceName: string, primary: string, addresses: string[]): string {
  return renderGuestConfig({ os, interfaceName, addresses, cidrBlock: CIDR, primaryIpAddress: primary, resourceKey: guestResourceKey(name) }).script;
}

/** The mutating calls since `from` (sequence number), as "Action addresses/instance" lines. */
function mutationsSince(f: ProviderFixture, from: number): string[] {
  const shown = (c: CallRecord): string =>
    c.action === "RunCommand" ? `RunCommand ${(c.instanceIds ?? []).join(",")}` : `${c.action} ${(c.privateIpAddresses ?? []).join(",")}`;
  return f.em.emulator
    .calls()
    .filter((c) => c.seq > from && ["RunCommand", "AssignPrivateIpAddresses", "UnassignPrivateIpAddresses"].includes(c.action))
    .map(shown);
}

const lastSeq = (f: ProviderFixture): number => f.em.emulator.calls().at(-1)?.seq ?? 0;

describe("applyGuestConfig through the provider host", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture({ emulator: { limits: { commandRunMs: 100 } } });
  });
  afterAll(async () => f?.close());

  it("assigns before the script that adds, runs the script that removes before unassigning, and removes on delete", async () => {
    const name = "web-guest";
    const urn = f.urn(name);
    const args = { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.200", "10.0.1.201"], guestOs: "alinux3", interfaceName: "eth0", applyGuestConfig: true };
    let seq = lastSeq(f);
    const created = await up(f, name, args);
    expect(mutationsSince(f, seq)).toEqual(["AssignPrivateIpAddresses 10.0.1.200,10.0.1.201", `RunCommand ${D.instanceWeb01}`]);
    const scripts = f.em.emulator.scripts();
    const first = scripts.at(-1)!;
    expect(first).toMatchObject({ instanceId: D.instanceWeb01, type: "RunShellScript", status: "Success", exitCode: 0 });
    // The alias resolved to NetworkManager, keyed by the resource, the primary kept first.
    expect(first.content).toBe(scriptFor(name, "networkmanager", "eth0", "10.0.1.10", ["10.0.1.200", "10.0.1.201"]));
    expect(first.content).toContain("nmcli");
    expect(first.timeout).toBeGreaterThan(0);
    expect(created.outputs["guestApplied"]).toMatchObject({
      instanceId: D.instanceWeb01,
      os: "networkmanager",
      interfaceName: "eth0",
      addresses: ["10.0.1.200", "10.0.1.201"],
      invokeId: first.invokeId,
    });
    expect(created.outputs["applyGuestConfig"]).toBe(true);
    // Nothing more to do: diff says none (the guest holds what the state says).
    expect((await f.host.diff(urn, created.id, created.outputs, created.inputs)).changes).toBe("none");

    // Swap .200 for .202: the guest lets go of .200 first, then the cloud; .202 is used once assigned.
    const news = f.inputs(name, { ...args, privateIpAddresses: ["10.0.1.201", "10.0.1.202"] });
    expect((await f.host.check(urn, created.inputs, news)).failures).toEqual([]);
    seq = lastSeq(f);
    const updated = await f.host.update(urn, created.id, created.outputs, news);
    expect(mutationsSince(f, seq)).toEqual([
      `RunCommand ${D.instanceWeb01}`,
      "UnassignPrivateIpAddresses 10.0.1.200",
      "AssignPrivateIpAddresses 10.0.1.202",
      `RunCommand ${D.instanceWeb01}`,
    ]);
    const [removes, adds] = f.em.emulator.scripts().slice(-2);
    expect(removes!.content).toBe(scriptFor(name, "networkmanager", "eth0", "10.0.1.10", ["10.0.1.201"]));
    expect(adds!.content).toBe(scriptFor(name, "networkmanager", "eth0", "10.0.1.10", ["10.0.1.201", "10.0.1.202"]));
    expect(updated.properties["guestApplied"]).toMatchObject({ addresses: ["10.0.1.201", "10.0.1.202"], invokeId: adds!.invokeId });

    // A pure shrink takes one script (before the unassign), not a second identical one after it.
    const shrink = f.inputs(name, { ...args, privateIpAddresses: ["10.0.1.202"] });
    expect((await f.host.check(urn, news, shrink)).failures).toEqual([]);
    seq = lastSeq(f);
    const shrunk = await f.host.update(urn, created.id, updated.properties, shrink);
    expect(mutationsSince(f, seq)).toEqual([`RunCommand ${D.instanceWeb01}`, "UnassignPrivateIpAddresses 10.0.1.201"]);

    // Delete: the script without the resource's addresses, then the unassign.
    seq = lastSeq(f);
    await f.host.delete(urn, created.id, shrunk.properties, shrink);
    expect(mutationsSince(f, seq)).toEqual([`RunCommand ${D.instanceWeb01}`, "UnassignPrivateIpAddresses 10.0.1.202"]);
    expect(f.em.emulator.scripts().at(-1)!.content).toBe(scriptFor(name, "networkmanager", "eth0", "10.0.1.10", []));
    expect(addressesOn(f, D.eniWeb01)).toEqual(["10.0.1.10", "10.0.1.11", "10.0.1.12"]);
  });

  it("a new interface: the old one lets go of the addresses before the new one brings them up", async () => {
    const name = "moving-guest";
    const urn = f.urn(name);
    const args = { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.220"], guestOs: "debian", interfaceName: "eth0", applyGuestConfig: true };
    const created = await up(f, name, args);
    const news = f.inputs(name, { ...args, interfaceName: "eth1" });
    expect((await f.host.check(urn, created.inputs, news)).failures).toEqual([]);
    expect(await f.host.diff(urn, created.id, created.outputs, news)).toMatchObject({ changes: "some", replaces: [] });
    const seq = lastSeq(f);
    const updated = await f.host.update(urn, created.id, created.outputs, news);
    expect(mutationsSince(f, seq)).toEqual([`RunCommand ${D.instanceWeb01}`, `RunCommand ${D.instanceWeb01}`]);
    const [dropsOld, bringsUp] = f.em.emulator.scripts().slice(-2);
    expect(dropsOld!.content).toBe(scriptFor(name, "debian", "eth0", "10.0.1.10", []));
    expect(bringsUp!.content).toBe(scriptFor(name, "debian", "eth1", "10.0.1.10", ["10.0.1.220"]));
    expect(updated.properties["guestApplied"]).toMatchObject({ interfaceName: "eth1", addresses: ["10.0.1.220"] });
    await f.host.delete(urn, created.id, updated.properties, news);
    expect(f.em.emulator.scripts().at(-1)!.content).toBe(scriptFor(name, "debian", "eth1", "10.0.1.10", []));
  });

  it("a failing script fails the create with its exit code and last lines, keeps the addresses recorded, and the next update repairs the guest", async () => {
    const name = "flaky-guest";
    const urn = f.urn(name);
    const args = { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.210"], guestOs: "debian", interfaceName: "eth0", applyGuestConfig: true };
    const output = ["writing /etc/network/interfaces.d/eni-ips-flaky-guest", "ifup: interface eth0:210 failed", "eni-ips: 10.0.1.210 is not on eth0"].join("\n");
    f.em.emulator.setFaults({ commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Failed", exitCode: 1, output, times: 1 }] } });
    const checked = await f.host.check(urn, {}, f.inputs(name, args));
    expect(checked.failures).toEqual([]);
    const error = await f.host.create(urn, checked.inputs).then(
      () => undefined,
      (e: unknown) => e,
    );
    f.em.emulator.setFaults(undefined);
    expect(error).toBeInstanceOf(ProviderCallError);
    const failed = error as ProviderCallError;
    expect(failed.message).toContain(`${name}: the guest script (debian, eth0) for 10.0.1.210 on ${D.instanceWeb01} ended Failed with exit code 1 (ExitCodeNonzero`);
    expect(failed.message).toContain("| eni-ips: 10.0.1.210 is not on eth0");
    expect(failed.message).toContain("the next `pulumi up` runs the guest script again");
    // Pulumi's partial state: the address is assigned and recorded, no guest record.
    expect(failed.initFailed?.properties["privateIpAddresses"]).toEqual(["10.0.1.210"]);
    expect(failed.initFailed?.properties["guestApplied"]).toBeUndefined();
    expect(addressesOn(f, D.eniWeb01)).toContain("10.0.1.210");
    const partial = failed.initFailed!.properties;
    const id = failed.initFailed!.id;

    // The next `pulumi up` (a new run): the guest is not in sync, so an update that only runs the script.
    await f.restartHost();
    expect((await f.host.check(urn, checked.inputs, checked.inputs)).failures).toEqual([]);
    expect(await f.host.diff(urn, id, partial, checked.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const seq = lastSeq(f);
    const repaired = await f.host.update(urn, id, partial, checked.inputs);
    expect(mutationsSince(f, seq)).toEqual([`RunCommand ${D.instanceWeb01}`]);
    expect(f.em.emulator.scripts().at(-1)!.content).toBe(scriptFor(name, "debian", "eth0", "10.0.1.10", ["10.0.1.210"]));
    expect(repaired.properties["guestApplied"]).toMatchObject({ instanceId: D.instanceWeb01, addresses: ["10.0.1.210"] });
    expect((await f.host.diff(urn, id, repaired.properties, checked.inputs)).changes).toBe("none");

    // A timed-out removal on delete stops the delete before anything is unassigned.
    f.em.emulator.setFaults({ commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Timeout", output: "waiting for ifdown", times: 1 }] } });
    const del = await f.host.delete(urn, id, repaired.properties, checked.inputs).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    f.em.emulator.setFaults(undefined);
    expect(del?.message).toContain("removing its addresses");
    expect(del?.message).toContain("ended Timeout (ExecutionTimeout");
    expect(del?.message).toContain("Nothing was unassigned");
    expect(addressesOn(f, D.eniWeb01)).toContain("10.0.1.210");
    await f.host.delete(urn, id, repaired.properties, checked.inputs);
    expect(addressesOn(f, D.eniWeb01)).not.toContain("10.0.1.210");
  });

  it("a script that fails before an unassign stops the update there: nothing unassigned, the old state kept, the next up finishes", async () => {
    const name = "swap-guest";
    const urn = f.urn(name);
    const args = { networkInterfaceId: D.eniWeb01, privateIpAddresses: ["10.0.1.230"], guestOs: "netplan", applyGuestConfig: true };
    const created = await up(f, name, args);
    const news = f.inputs(name, { ...args, privateIpAddresses: ["10.0.1.231"] });
    expect((await f.host.check(urn, created.inputs, news)).failures).toEqual([]);
    f.em.emulator.setFaults({ commands: { outcomes: [{ instanceId: D.instanceWeb01, status: "Failed", exitCode: 4, output: "netplan: command not found", times: 1 }] } });
    let seq = lastSeq(f);
    const error = await f.host.update(urn, created.id, created.outputs, news).then(
      () => undefined,
      (e: unknown) => e as ProviderCallError,
    );
    f.em.emulator.setFaults(undefined);
    expect(mutationsSince(f, seq)).toEqual([`RunCommand ${D.instanceWeb01}`]);
    expect(error?.message).toContain("removing its addresses");
    expect(error?.message).toContain("exit code 4");
    expect(error?.message).toContain("Nothing was unassigned");
    expect(error?.initFailed?.properties["privateIpAddresses"]).toEqual(["10.0.1.230"]);
    expect(error?.initFailed?.properties["guestApplied"]).toEqual(created.outputs["guestApplied"]);
    expect(addressesOn(f, D.eniWeb01)).toContain("10.0.1.230");
    expect(addressesOn(f, D.eniWeb01)).not.toContain("10.0.1.231");

    seq = lastSeq(f);
    const finished = await f.host.update(urn, created.id, error!.initFailed!.properties, news);
    expect(mutationsSince(f, seq)).toEqual([
      `RunCommand ${D.instanceWeb01}`,
      "UnassignPrivateIpAddresses 10.0.1.230",
      "AssignPrivateIpAddresses 10.0.1.231",
      `RunCommand ${D.instanceWeb01}`,
    ]);
    expect(finished.properties["guestApplied"]).toMatchObject({ addresses: ["10.0.1.231"] });
    await f.host.delete(urn, created.id, finished.properties, news);
  });

  it("Windows: the PowerShell script through RunPowerShellScript; a Linux family on it is rule 15", async () => {
    const name = "win-guest";
    const args = { networkInterfaceId: D.eniAdvanced, privateIpAddresses: ["10.0.1.71"], guestOs: "windows", interfaceName: "Ethernet 2", applyGuestConfig: true };
    const wrong = await f.host.check(f.urn(name), {}, f.inputs(name, { ...args, guestOs: "debian", interfaceName: "eth1" }));
    expect(wrong.failures).toHaveLength(1);
    expect(wrong.failures[0]!.property).toBe("guestOs");
    expect(wrong.failures[0]!.reason).toContain("rule 15 (guest_agent_unavailable)");
    expect(wrong.failures[0]!.reason).toContain(`Cloud Assistant reports ${D.instanceWindows}`);

    const seq = lastSeq(f);
    const created = await up(f, name, args);
    expect(mutationsSince(f, seq)).toEqual(["AssignPrivateIpAddresses 10.0.1.71", `RunCommand ${D.instanceWindows}`]);
    const script = f.em.emulator.scripts().at(-1)!;
    expect(script).toMatchObject({ type: "RunPowerShellScript", instanceId: D.instanceWindows, status: "Success" });
    expect(script.content).toBe(scriptFor(name, "windows", "Ethernet 2", "10.0.1.70", ["10.0.1.71"]));
    expect(created.outputs["guestApplied"]).toMatchObject({ os: "windows", interfaceName: "Ethernet 2", addresses: ["10.0.1.71"] });
    await f.host.delete(f.urn(name), created.id, created.outputs, created.inputs);
    expect(f.em.emulator.scripts().at(-1)!.type).toBe("RunPowerShellScript");
  });

  it("preview: rule 15 when the agent is not running or the ENI has no instance, with no call that changes anything", async () => {
    const seq = lastSeq(f);
    const stopped = await f.host.check(f.urn("stopped-guest"), {}, f.inputs("stopped-guest", { networkInterfaceId: D.eniStopped, secondaryPrivateIpAddressCount: 1, guestOs: "rhel9", applyGuestConfig: true }));
    expect(stopped.failures).toHaveLength(1);
    expect(stopped.failures[0]).toMatchObject({ property: "applyGuestConfig" });
    expect(stopped.failures[0]!.reason).toContain("stopped-guest");
    expect(stopped.failures[0]!.reason).toContain(`Cloud Assistant agent of ${D.instanceStopped}`);
    expect(stopped.failures[0]!.reason).toContain("rule 15 (guest_agent_unavailable)");

    const free = await f.host.check(f.urn("free-guest"), {}, f.inputs("free-guest", { networkInterfaceId: D.eniAvailable, secondaryPrivateIpAddressCount: 1, guestOs: "debian", applyGuestConfig: true }));
    expect(free.failures).toHaveLength(1);
    expect(free.failures[0]!.reason).toContain(`${D.eniAvailable} is Available and bound to no instance`);
    expect(free.failures[0]!.reason).toContain("rule 15 (guest_agent_unavailable)");

    // Without guestOs there is no script to run; a non-boolean is rule 14.
    const noOs = await f.host.check(f.urn("no-os"), {}, f.inputs("no-os", { networkInterfaceId: D.eniWeb01, secondaryPrivateIpAddressCount: 1, applyGuestConfig: true }));
    expect(noOs.failures).toMatchObject([{ property: "guestOs" }]);
    expect(noOs.failures[0]!.reason).toContain("guestOs is not set: expected a guest OS family or image name, as applyGuestConfig is true");
    expect(noOs.failures[0]!.reason).toContain("rule 14 (invalid_input)");
    const notBool = await f.host.check(f.urn("not-bool"), {}, f.inputs("not-bool", { networkInterfaceId: D.eniWeb01, secondaryPrivateIpAddressCount: 1, guestOs: "debian", applyGuestConfig: "yes" }));
    expect(notBool.failures.map((x) => x.reason)).toEqual([expect.stringContaining('applyGuestConfig "yes" is not valid: expected true or false')]);

    expect(mutationsSince(f, seq)).toEqual([]);
  });

  it("an agent that stops between preview and up: create refuses before assigning anything", async () => {
    const name = "agent-gone";
    const args = { networkInterfaceId: D.eniWeb02Full, privateIpAddresses: [], guestOs: "netplan", applyGuestConfig: true };
    await f.restartHost();
    const checked = await f.host.check(f.urn(name), {}, f.inputs(name, args));
    expect(checked.failures).toEqual([]);
    f.em.emulator.setCloudAssistant(D.instanceWeb02, false);
    const seq = lastSeq(f);
    try {
      const error = await f.host.create(f.urn(name), checked.inputs).then(
        () => undefined,
        (e: unknown) => e as ProviderCallError,
      );
      expect(error?.message).toContain("nothing was changed");
      expect(error?.message).toContain("rule 15 (guest_agent_unavailable)");
      expect(error?.initFailed).toBeUndefined();
      expect(mutationsSince(f, seq)).toEqual([]);
    } finally {
      f.em.emulator.setCloudAssistant(D.instanceWeb02, true);
    }
  });
});

describe("applyGuestConfig after a failover", () => {
  let f: ProviderFixture;
  beforeAll(async () => {
    f = await startProviderFixture({ emulator: { limits: { commandRunMs: 100 } } });
  });
  afterAll(async () => f?.close());

  async function moveEni(to: string): Promise<void> {
    const ecs = f.em.ecs;
    await ecs.detachNetworkInterface(new $Ecs.DetachNetworkInterfaceRequest({ regionId: D.regionId, networkInterfaceId: D.eniBound, instanceId: D.instanceWeb01 }));
    await ecs.attachNetworkInterface(new $Ecs.AttachNetworkInterfaceRequest({ regionId: D.regionId, networkInterfaceId: D.eniBound, instanceId: to }));
  }

  it("refresh changes only instanceId; the next up is an update that configures the new instance", async () => {
    const name = "vips";
    const urn = f.urn(name);
    const args = { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.180"], guestOs: "debian", interfaceName: "eth1", applyGuestConfig: true };
    const plain = { networkInterfaceId: D.eniBound, privateIpAddresses: ["10.0.1.181"], guestOs: "debian", interfaceName: "eth1" };
    const created = await up(f, name, args);
    const other = await up(f, "plain", plain);
    expect(created.outputs["guestApplied"]).toMatchObject({ instanceId: D.instanceWeb01 });
    expect(other.outputs["guestApplied"]).toBeUndefined();

    await moveEni(D.instanceWeb02);
    // pulumi refresh (a new process)
    await f.restartHost();
    const refreshed = await f.host.read(urn, created.id, created.outputs, created.inputs);
    const refreshedPlain = await f.host.read(f.urn("plain"), other.id, other.outputs, other.inputs);
    const changedKeys = (a: Record<string, unknown>, b: Record<string, unknown>): string[] =>
      [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k])).sort();
    expect(changedKeys(created.outputs, refreshed.properties)).toEqual(["instanceId"]);
    expect(changedKeys(other.outputs, refreshedPlain.properties)).toEqual(["instanceId"]);
    expect(refreshed.properties["instanceId"]).toBe(D.instanceWeb02);

    // pulumi up: no diff without applyGuestConfig; with it, an update that runs the script on web02.
    await f.restartHost();
    expect((await f.host.check(f.urn("plain"), other.inputs, other.inputs)).failures).toEqual([]);
    expect((await f.host.diff(f.urn("plain"), other.id, refreshedPlain.properties, other.inputs)).changes).toBe("none");
    expect((await f.host.check(urn, created.inputs, created.inputs)).failures).toEqual([]);
    expect(await f.host.diff(urn, created.id, refreshed.properties, created.inputs)).toEqual({ changes: "some", replaces: [], deleteBeforeReplace: false });
    const seq = lastSeq(f);
    const updated = await f.host.update(urn, created.id, refreshed.properties, created.inputs);
    expect(mutationsSince(f, seq)).toEqual([`RunCommand ${D.instanceWeb02}`]);
    expect(f.em.emulator.scripts().at(-1)!.content).toBe(scriptFor(name, "debian", "eth1", "10.0.1.20", ["10.0.1.180"]));
    expect(updated.properties["guestApplied"]).toMatchObject({ instanceId: D.instanceWeb02, addresses: ["10.0.1.180"] });
    expect((await f.host.diff(urn, created.id, updated.properties, created.inputs)).changes).toBe("none");
  });
});
