// The networkmanager script's `nmcli connection modify` commands, run by the real nmcli in offline mode
// against a keyfile of the interface's connection (no daemon), must leave exactly the intended
// `addressN=` lines; the keyfile rendering must read back through nmcli unchanged.
//
// A stand-in answers the few questions the script asks a running NetworkManager (is it running, which
// connection is active on eth0, which addresses it holds) from that keyfile, hands every `connection
// modify` to `nmcli --offline`, and plays `device reapply` the way NetworkManager does it: add the
// connection's new addresses to the device, remove the ones it had applied and the connection dropped.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";
import { GuestRoot, guestToolsOptedOut, guestToolsProblem } from "./guest-root";

const problem = guestToolsProblem(["ip", "nmcli", "unshare", "chroot"]);
const CIDR = "10.99.0.0/24";
const PRIMARY = "10.99.0.5";
const KEYFILE = "/etc/NetworkManager/system-connections/System-eth0.nmconnection";
const render = (resourceKey: string, addresses: string[]): GuestConfig =>
  renderGuestConfig({ os: "networkmanager", cidrBlock: CIDR, addresses, primaryIpAddress: PRIMARY, resourceKey });

const NMCLI_STANDIN = `#!/bin/sh
# Stand-in for nmcli talking to a running NetworkManager; see the test's header.
K=${KEYFILE}
echo "$*" >> /var/log/nmcli.log
UUID=$(sed -n 's/^uuid=//p' "$K")
addresses() { sed -n 's/^address[0-9]*=\\([^,]*\\).*/\\1/p' "$K"; }
case "$*" in
  "-t -f RUNNING general") echo running ;;
  "-t -f UUID,DEVICE connection show --active") echo "$UUID:eth0" ;;
  "-g UUID,FILENAME connection show") echo "$UUID:$K" ;;
  "-g ipv4.addresses connection show uuid $UUID") addresses | paste -sd, - | sed 's/,/, /g' ;;
  "connection modify uuid $UUID "*)
    shift 4
    /usr/bin/nmcli --offline connection modify "$@" < "$K" > "$K.new" || exit 1
    mv "$K.new" "$K" ;;
  "device reapply eth0")
    touch /var/lib/applied
    for a in $(addresses); do grep -qxF "$a" /var/lib/applied || ip addr add "$a" dev eth0 2>/dev/null; done
    for a in $(cat /var/lib/applied); do addresses | grep -qxF "$a" || [ "$a" = "${PRIMARY}/24" ] || ip addr del "$a" dev eth0; done
    addresses > /var/lib/applied ;;
  *) echo "nmcli stand-in: unexpected arguments: $*" >&2; exit 2 ;;
esac
`;

/** A connection profile as the real nmcli writes it for a DHCP interface. */
function dhcpKeyfile(...extra: string[]): string {
  const base = execFileSync("nmcli", ["--offline", "connection", "add", "type", "ethernet", "con-name", "System eth0", "ifname", "eth0", "ipv4.method", "auto", ...extra], { encoding: "utf8" });
  return base;
}

const addressLines = (keyfile: string): string[] => keyfile.split("\n").filter((l) => /^address\d+=/.test(l));

describe.skipIf(problem !== undefined && guestToolsOptedOut())("networkmanager script against nmcli --offline", () => {
  let g: GuestRoot;
  beforeEach(() => {
    if (problem !== undefined) throw new Error(`cannot run the NetworkManager tests: ${problem}`);
    g = GuestRoot.create(`${PRIMARY}/24`, "10.99.0.253");
    g.shim("nmcli", NMCLI_STANDIN);
    g.write(KEYFILE, dhcpKeyfile(), 0o600);
    g.write("/var/log/nmcli.log", "");
  });
  afterEach(() => g?.destroy());

  const log = (): string[] => g.read("/var/log/nmcli.log").split("\n").filter((l) => l.startsWith("connection modify") || l.startsWith("device reapply"));

  it("puts the primary first, then the resource's addresses, and reapplies once", () => {
    const r = g.run(render("web", ["10.99.0.12", "10.99.0.9"]).script);
    expect(r, r.stderr).toMatchObject({ status: 0 });
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24", "address2=10.99.0.9/24", "address3=10.99.0.12/24"]);
    const uuid = /^uuid=(.*)$/m.exec(g.read(KEYFILE))?.[1] ?? "";
    expect(log()).toEqual([
      `connection modify uuid ${uuid} ipv4.addresses 10.99.0.5/24`,
      `connection modify uuid ${uuid} +ipv4.addresses 10.99.0.9/24,10.99.0.12/24`,
      "device reapply eth0",
    ]);
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.9", "10.99.0.12"]);
    expect(g.sourceFor("10.99.0.77")).toBe(PRIMARY);
    expect(g.read("/var/lib/eni-ips/networkmanager/eth0/web")).toBe("10.99.0.9/24\n10.99.0.12/24\n");
  });

  it("changes nothing when run a second time", () => {
    const config = render("web", ["10.99.0.9"]);
    expect(g.run(config.script).status).toBe(0);
    const keyfile = g.read(KEYFILE);
    const before = log().length;
    const again = g.run(config.script);
    expect(again).toMatchObject({ status: 0, stderr: "", stdout: "eni-ips: eth0: resource web has its 1 address(es), no change\n" });
    expect(log()).toHaveLength(before);
    expect(g.read(KEYFILE)).toBe(keyfile);
  });

  it("removes only what the resource no longer owns; another resource's addresses survive; the last delete takes the primary entry it added", () => {
    expect(g.run(render("web", ["10.99.0.9", "10.99.0.12"]).script).status).toBe(0);
    expect(g.run(render("db", ["10.99.0.20"]).script).status).toBe(0);
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24", "address2=10.99.0.9/24", "address3=10.99.0.12/24", "address4=10.99.0.20/24"]);

    const shrink = g.run(render("web", ["10.99.0.9"]).script);
    expect(shrink.stdout).toContain("eni-ips: removed 10.99.0.12/24");
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24", "address2=10.99.0.9/24", "address3=10.99.0.20/24"]);
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY, "10.99.0.9", "10.99.0.20"]);

    expect(g.run(render("web", []).script).status).toBe(0);
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24", "address2=10.99.0.20/24"]);
    expect(g.exists("/var/lib/eni-ips/networkmanager/eth0/web")).toBe(false);

    const last = g.run(render("db", []).script);
    expect(last.status, last.stderr).toBe(0);
    expect(addressLines(g.read(KEYFILE))).toEqual([]);
    expect(g.addresses().map((a) => a.local)).toEqual([PRIMARY]);
    expect(g.sourceFor("192.0.2.1")).toBe(PRIMARY);
  });

  it("keeps a static primary the image already had, and puts the primary ahead of a hand-made address", () => {
    g.write(KEYFILE, dhcpKeyfile("ipv4.addresses", "10.99.0.50/24"), 0o600);
    expect(g.run(render("web", ["10.99.0.9"]).script).status).toBe(0);
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24", "address2=10.99.0.50/24", "address3=10.99.0.9/24"]);
    expect(g.run(render("web", []).script).status).toBe(0);
    // eni-ips added the primary entry, and the hand-made address is still there: the primary stays first.
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24", "address2=10.99.0.50/24"]);

    g.write(KEYFILE, dhcpKeyfile("ipv4.addresses", "10.99.0.5/24"), 0o600);
    rmSync(join(g.dir, "var/lib/eni-ips"), { recursive: true, force: true });
    expect(g.run(render("web", ["10.99.0.9"]).script).status).toBe(0);
    expect(g.run(render("web", []).script).status).toBe(0);
    expect(addressLines(g.read(KEYFILE))).toEqual(["address1=10.99.0.5/24"]);
  });

  it("exits 3 with a clear message when the interface does not exist", () => {
    const r = g.run(renderGuestConfig({ os: "rocky", interfaceName: "eth2", cidrBlock: CIDR, addresses: ["10.99.0.9"], primaryIpAddress: PRIMARY }).script);
    expect(r).toMatchObject({ status: 3, stderr: "eni-ips: error: interface eth2 does not exist on this instance (is the ENI attached, and is this its device name?)\n" });
  });
});

describe.skipIf(problem !== undefined && guestToolsOptedOut())("networkmanager keyfile read back by nmcli --offline", () => {
  it("is read back unchanged, every address in order with the primary first", () => {
    if (problem !== undefined) throw new Error(`cannot run the NetworkManager tests: ${problem}`);
    const dir = mkdtempSync(join(tmpdir(), "eni-ips-nm-"));
    try {
      const addresses = ["10.1.200.7", "10.1.0.9", "10.1.3.4"];
      const keyfile = renderGuestConfig({ os: "alinux3", cidrBlock: "10.1.0.0/16", addresses, primaryIpAddress: "10.1.0.5", resourceKey: "web" }).keyfile;
      expect(keyfile?.path).toBe("/etc/NetworkManager/system-connections/eni-ips-eth0-web.nmconnection");
      writeFileSync(join(dir, "k"), keyfile?.content ?? "");
      const back = execFileSync("sh", ["-c", `nmcli --offline connection modify < ${join(dir, "k")}`], { encoding: "utf8" });
      expect(back).toBe(keyfile?.content);
      expect(addressLines(back)).toEqual(["address1=10.1.0.5/16", "address2=10.1.0.9/16", "address3=10.1.3.4/16", "address4=10.1.200.7/16"]);
      // nmcli drops what it cannot parse, so a wrong line would be missing above; and the profile is complete.
      expect(readFileSync(join(dir, "k"), "utf8")).toMatch(/^interface-name=eth0$/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
