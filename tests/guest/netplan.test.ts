// The netplan drop-ins read by the real netplan (`netplan generate`, Debian's netplan.io): they merge
// with the image's DHCP file into one networkd file; the script writes them, runs `netplan apply` only
// when its file changed, and converges the interface.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";
import { GuestRoot, guestToolsOptedOut, guestToolsProblem } from "./guest-root";

const problem = guestToolsProblem(["ip", "netplan", "unshare", "chroot"]);
const CIDR = "10.99.0.0/24";
const PRIMARY = "10.99.0.5";
const render = (resourceKey: string, addresses: string[]): GuestConfig =>
  renderGuestConfig({ os: "netplan", cidrBlock: CIDR, addresses, primaryIpAddress: PRIMARY, resourceKey });

/** What cloud-init writes on an Ubuntu image: DHCP on the NIC, matched by MAC and named eth0. */
const CLOUD_INIT_NETPLAN = `network:
  version: 2
  ethernets:
    eth0:
      dhcp4: true
      match:
        macaddress: "00:16:3e:12:34:56"
      set-name: eth0
`;

const NETWORK_FILE = "/run/systemd/network/10-netplan-eth0.network";

describe.skipIf(problem !== undefined && guestToolsOptedOut())("netplan drop-ins with the real netplan", () => {
  it("netplan generate --root-dir merges two resources' drop-ins with the DHCP file, without warnings", () => {
    if (problem !== undefined) throw new Error(`cannot run the netplan tests: ${problem}`);
    const root = mkdtempSync(join(tmpdir(), "eni-ips-netplan-"));
    try {
      const put = (path: string, content: string, mode: number): void => {
        mkdirSync(dirname(join(root, path)), { recursive: true });
        writeFileSync(join(root, path), content);
        chmodSync(join(root, path), mode);
      };
      put("/etc/netplan/50-cloud-init.yaml", CLOUD_INIT_NETPLAN, 0o600);
      for (const config of [render("web", ["10.99.0.12", "10.99.0.9"]), render("db", ["10.99.0.20"])]) {
        for (const f of config.files) put(f.path, f.content, parseInt(f.mode ?? "644", 8));
      }
      const r = spawnSync("netplan", ["generate", "--root-dir", root], { encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toBe("");
      const network = readFileSync(join(root, NETWORK_FILE), "utf8");
      expect(network).toContain("PermanentMACAddress=00:16:3e:12:34:56\nName=eth0\n");
      expect(network).toContain("DHCP=ipv4\n");
      expect(network.match(/^Address=.*$/gm)).toEqual(["Address=10.99.0.20/24", "Address=10.99.0.9/24", "Address=10.99.0.12/24"]);
      expect(network).not.toMatch(/^Gateway=/m);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe("the script", () => {
    let g: GuestRoot;
    beforeEach(() => {
      if (problem !== undefined) throw new Error(`cannot run the netplan tests: ${problem}`);
      g = GuestRoot.create(`${PRIMARY}/24`, "10.99.0.253");
      g.write("/etc/netplan/50-cloud-init.yaml", CLOUD_INIT_NETPLAN, 0o600);
      g.write("/var/log/netplan.log", "");
      // networkd does not run here: `netplan apply` is the real `netplan generate` (what apply does
      // first), and the script's own ip fallback stands in for networkd's reconfigure.
      g.shim("netplan", '#!/bin/sh\necho "$*" >> /var/log/netplan.log\n[ "$1" = apply ] && exec /usr/sbin/netplan generate\nexec /usr/sbin/netplan "$@"\n');
    });
    afterEach(() => g?.destroy());

    const applies = (): number => g.read("/var/log/netplan.log").split("\n").filter((l) => l === "apply").length;
    const rendered = (): string[] => g.read(NETWORK_FILE).match(/^Address=.*$/gm) ?? [];

    it("writes the drop-in, applies once, and a second run applies nothing", () => {
      const config = render("web", ["10.99.0.9", "10.99.0.12"]);
      const r = g.run(config.script);
      expect(r, r.stderr).toMatchObject({ status: 0 });
      expect(g.read("/etc/netplan/60-eni-ips-eth0-web.yaml")).toBe(config.files[0]?.content);
      expect(execFileSync("stat", ["-c", "%a", join(g.dir, "etc/netplan/60-eni-ips-eth0-web.yaml")], { encoding: "utf8" }).trim()).toBe("600");
      expect(rendered()).toEqual(["Address=10.99.0.9/24", "Address=10.99.0.12/24"]);
      expect(g.addresses().map((a) => `${a.local}/${a.prefixlen}`)).toEqual(["10.99.0.5/24", "10.99.0.9/24", "10.99.0.12/24"]);
      expect(applies()).toBe(1);
      const again = g.run(config.script);
      expect(again).toMatchObject({ status: 0, stdout: "eni-ips: eth0: resource web has its 2 address(es), no change\n" });
      expect(applies()).toBe(1);
    });

    it("removes only the dropped address; a second resource's drop-in and addresses survive; delete removes the file", () => {
      expect(g.run(render("db", ["10.99.0.20"]).script).status).toBe(0);
      expect(g.run(render("web", ["10.99.0.9", "10.99.0.12"]).script).status).toBe(0);
      const shrink = g.run(render("web", ["10.99.0.9"]).script);
      expect(shrink.stdout).toContain("eni-ips: removed 10.99.0.12");
      expect(rendered()).toEqual(["Address=10.99.0.20/24", "Address=10.99.0.9/24"]);
      expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.20", "10.99.0.9"]);
      const gone = g.run(render("web", []).script);
      expect(gone.status, gone.stderr).toBe(0);
      expect(g.exists("/etc/netplan/60-eni-ips-eth0-web.yaml")).toBe(false);
      expect(rendered()).toEqual(["Address=10.99.0.20/24"]);
      expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.20"]);
      expect(g.sourceFor("10.99.0.77")).toBe(PRIMARY);
    });
  });
});
