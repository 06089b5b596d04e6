// The facts index grows as facts are read: ENIs, vSwitches and groups added later, or one ENI read
// again, show in every lookup at once (address maps and group sums kept up to date, not rebuilt for
// the whole account).
import { describe, expect, it } from "vitest";
import { parseIpv4 } from "../../src/core/address";
import { FactsIndex } from "../../src/core/facts-index";
import { eni, securityGroup, vSwitch } from "./fixtures";

const ip = (a: string): number => parseIpv4(a)!;

describe("FactsIndex", () => {
  it("keeps a vSwitch's address map up to date as ENIs of it arrive after it was built", () => {
    const index = new FactsIndex({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24")], enis: [eni("eni-1", { primary: "10.0.0.10" })] });
    expect(index.vSwitch("vsw-a")!.used.get(ip("10.0.0.20"))).toBeUndefined();
    expect(index.vSwitch("vsw-a")!.freeBefore).toBe(251);
    index.add({ enis: [eni("eni-2", { primary: "10.0.0.20", secondaries: ["10.0.0.21"] })] });
    expect(index.vSwitch("vsw-a")!.used.get(ip("10.0.0.21"))).toBe("eni-2");
    expect(index.vSwitch("vsw-a")!.freeBefore).toBe(249);
  });

  it("replaces an ENI read again: its old addresses leave the maps and sums, its new ones enter", () => {
    const index = new FactsIndex({
      vSwitches: [vSwitch("vsw-a", "10.0.0.0/24")],
      securityGroups: [securityGroup("sg-basic", "normal")],
      enis: [eni("eni-1", { primary: "10.0.0.10", secondaries: ["10.0.0.11", "10.0.0.12"] }), eni("eni-2", { primary: "10.0.0.20" })],
    });
    const sg = index.securityGroups.get("sg-basic")!;
    expect(index.securityGroupCount(sg)).toBe(4);
    expect(index.vSwitch("vsw-a")!.used.get(ip("10.0.0.12"))).toBe("eni-1");
    index.add({ enis: [eni("eni-1", { primary: "10.0.0.10", secondaries: ["10.0.0.13"] })] });
    expect(index.vSwitch("vsw-a")!.used.get(ip("10.0.0.12"))).toBeUndefined();
    expect(index.vSwitch("vsw-a")!.used.get(ip("10.0.0.13"))).toBe("eni-1");
    expect(index.eniAddressCount(index.enis.get("eni-1")!)).toBe(2);
    expect(index.securityGroupCount(sg)).toBe(3);
  });

  it("moves an ENI read again in another vSwitch and another group", () => {
    const index = new FactsIndex({
      vSwitches: [vSwitch("vsw-a", "10.0.0.0/24"), vSwitch("vsw-b", "10.0.1.0/24")],
      securityGroups: [securityGroup("sg-basic", "normal"), securityGroup("sg-other", "normal")],
      enis: [eni("eni-1", { primary: "10.0.0.10" })],
    });
    expect(index.vSwitch("vsw-a")!.used.size).toBe(1);
    expect(index.securityGroupCount(index.securityGroups.get("sg-basic")!)).toBe(1);
    index.add({ enis: [eni("eni-1", { primary: "10.0.1.10", vSwitchId: "vsw-b", securityGroupIds: ["sg-other"] })] });
    expect(index.vSwitch("vsw-a")!.used.size).toBe(0);
    expect(index.vSwitch("vsw-b")!.used.get(ip("10.0.1.10"))).toBe("eni-1");
    expect(index.securityGroupCount(index.securityGroups.get("sg-basic")!)).toBe(0);
    expect(index.securityGroupCount(index.securityGroups.get("sg-other")!)).toBe(1);
  });

  it("forgets an ENI that no longer exists", () => {
    const index = new FactsIndex({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24")], securityGroups: [securityGroup("sg-basic", "normal")], enis: [eni("eni-1", { primary: "10.0.0.10" })] });
    index.vSwitch("vsw-a");
    index.forgetEni("eni-1");
    expect(index.enis.get("eni-1")).toBeUndefined();
    expect(index.vSwitch("vsw-a")!.used.size).toBe(0);
    expect(index.securityGroupCount(index.securityGroups.get("sg-basic")!)).toBe(0);
    index.forgetEni("eni-never");
  });

  it("uses a group's own count when the facts give it, whatever ENIs it knows", () => {
    const index = new FactsIndex({ securityGroups: [securityGroup("sg-basic", "normal", 1500)], enis: [eni("eni-1", { primary: "10.0.0.10" })] });
    expect(index.securityGroupCount(index.securityGroups.get("sg-basic")!)).toBe(1500);
  });

  it("takes a vSwitch's new CIDR when it is read again", () => {
    const index = new FactsIndex({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24")], enis: [eni("eni-1", { primary: "10.0.0.10" })] });
    expect(index.vSwitch("vsw-a")!.freeBefore).toBe(251);
    index.add({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/28")] });
    expect(index.vSwitch("vsw-a")!.freeBefore).toBe(11);
    expect(index.vSwitch("vsw-a")!.used.get(ip("10.0.0.10"))).toBe("eni-1");
  });

  it("reads ENIs again and again (as every check of a run may) and stays exact", () => {
    const index = new FactsIndex({ vSwitches: [vSwitch("vsw-a", "10.0.0.0/24")], securityGroups: [securityGroup("sg-basic", "normal")] });
    const enis = Array.from({ length: 20 }, (_, k) => eni(`eni-${k}`, { primary: `10.0.0.${10 + k}` }));
    index.add({ enis });
    index.vSwitch("vsw-a");
    for (let round = 0; round < 300; round++) {
      const k = round % 20;
      // Each read moves eni-k's one secondary address; the others stay.
      index.add({ enis: [eni(`eni-${k}`, { primary: `10.0.0.${10 + k}`, secondaries: [`10.0.0.${100 + (round % 50)}`] })] });
    }
    const used = index.vSwitch("vsw-a")!.used;
    const expected = new Map<number, string>();
    for (let k = 0; k < 20; k++) {
      expected.set(ip(`10.0.0.${10 + k}`), `eni-${k}`);
      const last = 280 + k; // the last round that read eni-k
      expected.set(ip(`10.0.0.${100 + (last % 50)}`), `eni-${k}`);
    }
    expect(new Map([...used].sort((a, b) => a[0] - b[0]))).toEqual(new Map([...expected].sort((a, b) => a[0] - b[0])));
    expect(index.securityGroupCount(index.securityGroups.get("sg-basic")!)).toBe(40);
  });
});
