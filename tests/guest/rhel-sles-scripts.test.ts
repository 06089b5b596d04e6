// The rhel and sles scripts on a real kernel interface in a network namespace. SUSE's script needs no
// tool beyond ip and awk, so it runs as is. For rhel, initscripts' ifup/ifdown (Red Hat's
// network-scripts) do not exist on Debian: a stand-in does for an alias what their ifup-eth and
// ifdown-eth do (add IPADDR/prefix with the alias label; flush that label), so what is checked here is the
// script's own logic: which files it writes and deletes, which aliases it brings up or down, and that it
// leaves other resources' and hand-made files alone. The file contents themselves are golden-checked.
import { readdirSync, rmSync } from "node:fs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";
import { GuestRoot, guestToolsOptedOut, guestToolsProblem, INITSCRIPTS_STANDIN } from "./guest-root";

const problem = guestToolsProblem(["ip", "unshare", "chroot"]);
const CIDR = "10.99.0.0/24";
const PRIMARY = "10.99.0.5";
const render = (os: string, resourceKey: string, addresses: string[]): GuestConfig =>
  renderGuestConfig({ os, cidrBlock: CIDR, addresses, primaryIpAddress: PRIMARY, resourceKey });


describe.skipIf(problem !== undefined && guestToolsOptedOut())("sles script on a real interface", () => {
  let g: GuestRoot;
  const OWN = "BOOTPROTO='dhcp'\nSTARTMODE='auto'\n";
  const IFCFG = "/etc/sysconfig/network/ifcfg-eth0";
  beforeEach(() => {
    if (problem !== undefined) throw new Error(`cannot run the script tests: ${problem}`);
    g = GuestRoot.create(`${PRIMARY}/24`, "10.99.0.253");
    g.write(IFCFG, OWN);
  });
  afterEach(() => g?.destroy());

  const block = (key: string, addresses: string[]): string => render("sles", key, addresses).files[0]?.content ?? "";

  it("adds each resource's block and labelled addresses; replaces a block in place; a second run changes nothing", () => {
    expect(g.run(render("sles", "web", ["10.99.0.12", "10.99.0.9"]).script).status).toBe(0);
    expect(g.run(render("sles", "db", ["10.99.0.20"]).script).status).toBe(0);
    expect(g.read(IFCFG)).toBe(OWN + block("web", ["10.99.0.9", "10.99.0.12"]) + block("db", ["10.99.0.20"]));
    expect(g.addresses().map((a) => `${a.local}/${a.prefixlen} ${a.label}`)).toEqual(["10.99.0.5/24 eth0", "10.99.0.9/24 eth0:9", "10.99.0.12/24 eth0:12", "10.99.0.20/24 eth0:20"]);

    const shrink = g.run(render("sles", "web", ["10.99.0.9"]).script);
    expect(shrink.status, shrink.stderr).toBe(0);
    expect(shrink.stdout).toContain("eni-ips: removed 10.99.0.12\n");
    expect(g.read(IFCFG)).toBe(OWN + block("web", ["10.99.0.9"]) + block("db", ["10.99.0.20"]));
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.9", "10.99.0.20"]);
    expect(g.sourceFor("10.99.0.77")).toBe(PRIMARY);

    const again = g.run(render("sles", "web", ["10.99.0.9"]).script);
    expect(again).toMatchObject({ status: 0, stderr: "", stdout: "eni-ips: eth0: resource web has its 1 address(es), no change\n" });
  });

  it("delete removes the resource's block, staged file and addresses only", () => {
    expect(g.run(render("sles", "db", ["10.99.0.20"]).script).status).toBe(0);
    expect(g.run(render("sles", "web", ["10.99.0.9"]).script).status).toBe(0);
    const r = g.run(render("sles", "web", []).script);
    expect(r.status, r.stderr).toBe(0);
    expect(g.read(IFCFG)).toBe(OWN + block("db", ["10.99.0.20"]));
    expect(g.exists("/etc/eni-ips/ifcfg-eth0-web.sles")).toBe(false);
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.20"]);
  });

  it("exits 5 when the interface has no SUSE ifcfg file, and 3 when the interface is missing", () => {
    expect(g.run(renderGuestConfig({ os: "sles", interfaceName: "eth9", cidrBlock: CIDR, addresses: ["10.99.0.9"] }).script).status).toBe(3);
    rmSync(`${g.dir}${IFCFG}`);
    const r = g.run(render("sles", "web", ["10.99.0.9"]).script);
    expect(r).toMatchObject({ status: 5, stderr: "eni-ips: error: /etc/sysconfig/network/ifcfg-eth0 does not exist: guestOs sles is for SUSE images, whose ifcfg files live there\n" });
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY]);
  });
});

describe.skipIf(problem !== undefined && guestToolsOptedOut())("rhel script on a real interface (initscripts stand-in)", () => {
  let g: GuestRoot;
  const DIR = "/etc/sysconfig/network-scripts";
  beforeEach(() => {
    if (problem !== undefined) throw new Error(`cannot run the script tests: ${problem}`);
    g = GuestRoot.create(`${PRIMARY}/24`, "10.99.0.253");
    g.shim("ifup", INITSCRIPTS_STANDIN);
    g.shim("ifdown", INITSCRIPTS_STANDIN);
    g.write(`${DIR}/ifcfg-eth0`, "DEVICE=eth0\nBOOTPROTO=dhcp\nONBOOT=yes\n");
    g.write("/var/log/ifup.log", "");
  });
  afterEach(() => g?.destroy());

  const listing = (): string[] => readdirSync(`${g.dir}${DIR}`).sort();

  it("writes exactly the rendered alias files and brings up only the missing aliases", () => {
    const config = render("rhel", "web", ["10.99.0.12", "10.99.0.9"]);
    const r = g.run(config.script);
    expect(r, r.stderr).toMatchObject({ status: 0 });
    for (const f of config.files) expect(g.read(f.path)).toBe(f.content);
    expect(g.read("/var/log/ifup.log")).toBe("ifup eth0:9\nifup eth0:12\n");
    expect(g.addresses().map((a) => `${a.local}/${a.prefixlen} ${a.label}`)).toEqual(["10.99.0.5/24 eth0", "10.99.0.9/24 eth0:9", "10.99.0.12/24 eth0:12"]);
    const again = g.run(config.script);
    expect(again).toMatchObject({ status: 0, stdout: "eni-ips: eth0: resource web has its 2 address(es), no change\n" });
    expect(g.read("/var/log/ifup.log")).toBe("ifup eth0:9\nifup eth0:12\n");
  });

  it("takes down and deletes only its own stale aliases; another resource's and hand-made files stay", () => {
    g.write(`${DIR}/ifcfg-eth0:50`, "DEVICE=eth0:50\nIPADDR=10.99.0.50\nNETMASK=255.255.255.0\n");
    expect(g.run(render("rhel", "db", ["10.99.0.20"]).script).status).toBe(0);
    expect(g.run(render("rhel", "web", ["10.99.0.9", "10.99.0.12"]).script).status).toBe(0);
    const r = g.run(render("rhel", "web", ["10.99.0.9"]).script);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("eni-ips: removed 10.99.0.12 (eth0:12)");
    expect(listing()).toEqual(["ifcfg-eth0", "ifcfg-eth0:20", "ifcfg-eth0:50", "ifcfg-eth0:9"]);
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.20", "10.99.0.9"]);
    expect(g.run(render("rhel", "web", []).script).status).toBe(0);
    expect(listing()).toEqual(["ifcfg-eth0", "ifcfg-eth0:20", "ifcfg-eth0:50"]);
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.20"]);
    expect(g.read("/var/log/ifup.log")).toContain("ifdown eth0:12\nifdown eth0:9\n");
  });

  it("refuses, exit 5, an interface NetworkManager manages", () => {
    g.shim("nmcli", '#!/bin/sh\ncase "$*" in "-t -f RUNNING general") echo running ;; "-t -f DEVICE,STATE device") echo "eth0:connected" ;; esac\n');
    const r = g.run(render("rhel", "web", ["10.99.0.9"]).script);
    expect(r).toMatchObject({ status: 5, stderr: "eni-ips: error: NetworkManager manages eth0: render with guestOs networkmanager\n" });
    expect(listing()).toEqual(["ifcfg-eth0"]);
  });
});
