// The debian script and fragment against the real ifupdown (ifup/ifdown/ifquery from Debian's package)
// on a real kernel interface in a network namespace.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";
import { GuestRoot, guestToolsOptedOut, guestToolsProblem } from "./guest-root";

const problem = guestToolsProblem(["ip", "ifup", "unshare", "chroot"]);
const CIDR = "10.99.0.0/24";
const PRIMARY = "10.99.0.5";
const render = (resourceKey: string, addresses: string[]): GuestConfig =>
  renderGuestConfig({ os: "debian", cidrBlock: CIDR, addresses, primaryIpAddress: PRIMARY, resourceKey });

describe.skipIf(problem !== undefined && guestToolsOptedOut())("debian script with the real ifupdown", () => {
  let g: GuestRoot;
  beforeEach(() => {
    if (problem !== undefined) throw new Error(`cannot run the ifupdown tests: ${problem}`);
    g = GuestRoot.create(`${PRIMARY}/24`, "10.99.0.253");
    // A Debian 12 cloud image's file: DHCP on eth0 and the interfaces.d directory sourced.
    g.write("/etc/network/interfaces", "source /etc/network/interfaces.d/*\n\nauto lo\niface lo inet loopback\n\nallow-hotplug eth0\niface eth0 inet dhcp\n");
    for (const d of ["if-pre-up.d", "if-up.d", "if-down.d", "if-post-down.d"]) g.write(`/etc/network/${d}/.keep`, "");
    g.write("/run/network/.keep", "");
  });
  afterEach(() => g?.destroy());

  it("brings up exactly the intended addresses with prefix and labels; the primary stays the source", () => {
    const config = render("web", ["10.99.0.12", "10.99.0.9", "10.99.0.100"]);
    const r = g.run(config.script);
    expect(r, r.stderr).toMatchObject({ status: 0 });
    expect(r.stdout).toContain("eni-ips: added 10.99.0.9/24 (eth0:9)");
    expect(g.read("/etc/network/interfaces.d/eni-ips-eth0-web.cfg")).toBe(config.files[0]?.content);
    expect(g.addresses()).toEqual([
      { local: PRIMARY, prefixlen: 24, label: "eth0" },
      { local: "10.99.0.9", prefixlen: 24, label: "eth0:9", secondary: true },
      { local: "10.99.0.12", prefixlen: 24, label: "eth0:12", secondary: true },
      { local: "10.99.0.100", prefixlen: 24, label: "eth0:100", secondary: true },
    ]);
    expect(g.sourceFor("10.99.0.77")).toBe(PRIMARY);
    expect(g.sourceFor("192.0.2.1")).toBe(PRIMARY);
    // ifupdown recorded each alias, so a later ifdown works without --force.
    expect(g.read("/run/network/ifstate.eth0:9")).toBe("eth0:9\n");
  });

  it("changes nothing when run a second time", () => {
    const config = render("web", ["10.99.0.9", "10.99.0.12"]);
    expect(g.run(config.script).status).toBe(0);
    const before = { interfaces: g.read("/etc/network/interfaces"), fragment: g.read("/etc/network/interfaces.d/eni-ips-eth0-web.cfg"), addresses: g.addresses() };
    const again = g.run(config.script);
    expect(again).toMatchObject({ status: 0, stderr: "" });
    expect(again.stdout).toBe("eni-ips: eth0: resource web has its 2 address(es), no change\n");
    expect({ interfaces: g.read("/etc/network/interfaces"), fragment: g.read("/etc/network/interfaces.d/eni-ips-eth0-web.cfg"), addresses: g.addresses() }).toEqual(before);
  });

  it("removes only the address the resource dropped, keeping the others' labels", () => {
    expect(g.run(render("web", ["10.99.0.9", "10.99.0.12", "10.99.0.100"]).script).status).toBe(0);
    const r = g.run(render("web", ["10.99.0.9", "10.99.0.100"]).script);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("eni-ips: removed 10.99.0.12 (eth0:12)");
    expect(g.addresses().map((a) => `${a.local}/${a.prefixlen} ${a.label}`)).toEqual(["10.99.0.5/24 eth0", "10.99.0.9/24 eth0:9", "10.99.0.100/24 eth0:100"]);
    expect(g.read("/etc/network/interfaces.d/eni-ips-eth0-web.cfg")).not.toContain("10.99.0.12");
    expect(g.sourceFor("10.99.0.77")).toBe(PRIMARY);
  });

  it("never touches a second resource's addresses on the same interface", () => {
    expect(g.run(render("db", ["10.99.0.20", "10.99.0.21"]).script).status).toBe(0);
    expect(g.run(render("web", ["10.99.0.9", "10.99.0.12"]).script).status).toBe(0);
    // web drops one address, then everything (its delete): db's aliases and fragment stay.
    expect(g.run(render("web", ["10.99.0.9"]).script).status).toBe(0);
    const deleted = g.run(render("web", []).script);
    expect(deleted.status, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain("eni-ips: removed /etc/network/interfaces.d/eni-ips-eth0-web.cfg");
    expect(g.exists("/etc/network/interfaces.d/eni-ips-eth0-web.cfg")).toBe(false);
    expect(g.read("/etc/network/interfaces.d/eni-ips-eth0-db.cfg")).toBe(render("db", ["10.99.0.20", "10.99.0.21"]).files[0]?.content);
    expect(g.addresses().map((a) => `${a.local} ${a.label}`)).toEqual(["10.99.0.5 eth0", "10.99.0.20 eth0:20", "10.99.0.21 eth0:21"]);
  });

  it("adds one source line for its fragments when the interfaces file sources nothing, once", () => {
    g.write("/etc/network/interfaces", "auto lo\niface lo inet loopback\n");
    const config = render("web", ["10.99.0.9"]);
    expect(g.run(config.script).status).toBe(0);
    expect(g.run(render("db", ["10.99.0.20"]).script).status).toBe(0);
    expect(g.read("/etc/network/interfaces")).toBe("auto lo\niface lo inet loopback\n\nsource /etc/network/interfaces.d/eni-ips-*.cfg\n");
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.9", "10.99.0.20"]);
  });

  it("puts back an alias removed behind its back, although ifupdown still records it as up", () => {
    const config = render("web", ["10.99.0.9"]);
    expect(g.run(config.script).status).toBe(0);
    g.ip("addr", "del", "10.99.0.9/24", "dev", "eth0");
    const r = g.run(config.script);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain("eni-ips: added 10.99.0.9/24 (eth0:9)");
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.9"]);
  });

  it("brings up /16 offsets as labels the kernel accepts, with the /16 prefix", () => {
    g.destroy();
    g = GuestRoot.create("10.98.0.5/16", "10.98.255.253");
    g.write("/etc/network/interfaces", "source /etc/network/interfaces.d/*\n");
    for (const d of ["if-pre-up.d", "if-up.d", "if-down.d", "if-post-down.d"]) g.write(`/etc/network/${d}/.keep`, "");
    const r = g.run(renderGuestConfig({ os: "debian", cidrBlock: "10.98.0.0/16", addresses: ["10.98.255.250", "10.98.1.2"], resourceKey: "web" }).script);
    expect(r.status, r.stderr).toBe(0);
    expect(g.addresses()).toEqual([
      { local: "10.98.0.5", prefixlen: 16, label: "eth0" },
      { local: "10.98.1.2", prefixlen: 16, label: "eth0:258", secondary: true },
      { local: "10.98.255.250", prefixlen: 16, label: "eth0:65530", secondary: true },
    ]);
  });

  it("exits 3 with a clear message when the interface does not exist", () => {
    const r = g.run(renderGuestConfig({ os: "debian", interfaceName: "eth7", cidrBlock: CIDR, addresses: ["10.99.0.9"], resourceKey: "web" }).script);
    expect(r.status).toBe(3);
    expect(r.stderr).toBe("eni-ips: error: interface eth7 does not exist on this instance (is the ENI attached, and is this its device name?)\n");
    expect(g.exists("/etc/network/interfaces.d/eni-ips-eth7-web.cfg")).toBe(false);
  });
});
