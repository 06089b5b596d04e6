// The rendered `commands` (a person's way, beside the script) do what they say: the debian `source`
// guard and the sles block replacement run under sh against temporary copies of the guest paths; the
// rhel commands, which call ifup/ifdown, run in a throwaway guest (network namespace and chroot).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";
import { GuestRoot, guestToolsOptedOut, guestToolsProblem, INITSCRIPTS_STANDIN } from "./guest-root";

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "eni-ips-guest-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/**
 * Point guest paths at the temporary root, then run the command with sh. By default every /etc/ path
 * moves; `onlyFile` moves just that file where it stands as a whole argument, so paths that are data
 * (the debian guard's grep pattern and the line it appends) stay as the guest would see them.
 */
function runOnGuest(command: string, onlyFile?: string): void {
  const local =
    onlyFile === undefined
      ? command.replace(/(?<![\w.])\/etc\//g, `${root}/etc/`)
      : command.replace(new RegExp(`(?<=\\s)${onlyFile.replace(/[./]/g, "\\$&")}(?=\\s|$)`, "g"), `${root}${onlyFile}`);
  // Never let a command reach the host's real /etc (these tests run as root).
  expect(local).not.toBe(command);
  expect(local).not.toMatch(/\b(ifup|ifdown|ip|nmcli|netplan)\b/);
  if (onlyFile !== undefined) expect(local.split(/\s+/)).not.toContain(onlyFile);
  execFileSync("sh", ["-c", local]);
}

function writeFiles(config: GuestConfig): void {
  for (const f of config.files) {
    const path = `${root}${f.path}`;
    execFileSync("mkdir", ["-p", path.slice(0, path.lastIndexOf("/"))]);
    writeFileSync(path, f.content);
  }
}

describe("debian source guard", () => {
  const config = renderGuestConfig({ os: "debian", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7"] });
  const guard = config.commands[0] ?? "";
  const ours = "source /etc/network/interfaces.d/eni-ips-*.cfg";

  const cases: [string, string, boolean][] = [
    ["a Debian `source .../*`", "auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n", false],
    ["an Ubuntu cloud `source .../*.cfg`", "source /etc/network/interfaces.d/*.cfg\nauto eth0\niface eth0 inet dhcp\n", false],
    ["our line from an earlier run", `auto eth0\niface eth0 inet dhcp\n\n${ours}\n`, false],
    ["`source-directory`, which skips names with dots", "source-directory /etc/network/interfaces.d\nauto eth0\niface eth0 inet dhcp\n", true],
    ["no source line", "auto eth0\niface eth0 inet dhcp\n", true],
    ["a commented-out source line", "# source /etc/network/interfaces.d/*\nauto eth0\niface eth0 inet dhcp\n", true],
  ];
  for (const [what, before, adds] of cases) {
    it(`${adds ? "adds" : "does not add"} our source line given ${what}`, () => {
      execFileSync("mkdir", ["-p", `${root}/etc/network`]);
      const path = `${root}/etc/network/interfaces`;
      writeFileSync(path, before);
      runOnGuest(guard, "/etc/network/interfaces");
      runOnGuest(guard, "/etc/network/interfaces"); // idempotent: a second run never adds a second line
      const after = readFileSync(path, "utf8");
      expect(after).toBe(adds ? `${before}\n${ours}\n` : before);
    });
  }
});

describe("sles block replacement", () => {
  const render = (resourceKey: string, addresses: string[]): GuestConfig => renderGuestConfig({ os: "sles", cidrBlock: "10.0.0.0/24", addresses, resourceKey });

  it("replaces the resource's block in place, keeping the user's settings and another resource's block", () => {
    const target = `${root}/etc/sysconfig/network/ifcfg-eth0`;
    execFileSync("mkdir", ["-p", `${root}/etc/sysconfig/network`]);
    const own = "BOOTPROTO='dhcp'\nSTARTMODE='auto'\n";
    writeFileSync(target, own);
    const apply = (config: GuestConfig): void => {
      writeFiles(config);
      runOnGuest(config.commands[0] ?? "");
    };
    const web = render("web", ["10.0.0.7", "10.0.0.8"]);
    const db = render("db", ["10.0.0.20"]);
    apply(web);
    apply(db);
    expect(readFileSync(target, "utf8")).toBe(own + (web.files[0]?.content ?? "") + (db.files[0]?.content ?? ""));

    const web2 = render("web", ["10.0.0.8", "10.0.0.9"]);
    apply(web2);
    apply(web2);
    const after = readFileSync(target, "utf8");
    expect(after).toBe(own + (web2.files[0]?.content ?? "") + (db.files[0]?.content ?? ""));
    expect(after).not.toContain("IPADDR_7=");

    apply(render("web", []));
    expect(readFileSync(target, "utf8")).toBe(own + (db.files[0]?.content ?? ""));
  });
});

const problem = guestToolsProblem(["ip", "unshare", "chroot"]);

describe.skipIf(problem !== undefined && guestToolsOptedOut())("rhel commands in a throwaway guest (initscripts stand-in)", () => {
  it("take down and delete only the resource's stale alias files, then bring up the missing aliases", () => {
    if (problem !== undefined) throw new Error(`cannot run the rhel commands: ${problem}`);
    const g = GuestRoot.create("10.0.0.5/24", "10.0.0.253");
    try {
      g.shim("ifup", INITSCRIPTS_STANDIN);
      g.shim("ifdown", INITSCRIPTS_STANDIN);
      const dir = "/etc/sysconfig/network-scripts";
      const render = (resourceKey: string, addresses: string[]): GuestConfig => renderGuestConfig({ os: "rhel", cidrBlock: "10.0.0.0/24", addresses, resourceKey });
      const apply = (config: GuestConfig): void => {
        for (const f of config.files) g.write(f.path, f.content);
        const r = g.run(`set -e\nPATH=/usr/local/bin:$PATH\n${config.commands.join("\n")}\n`);
        expect(r.status, r.stderr).toBe(0);
      };
      g.write(`${dir}/ifcfg-eth0`, "DEVICE=eth0\nBOOTPROTO=dhcp\n");
      g.write(`${dir}/ifcfg-eth0:50`, "DEVICE=eth0:50\nIPADDR=10.0.0.50\nNETMASK=255.255.255.0\n"); // hand-made: must survive
      apply(render("db", ["10.0.0.20"]));
      apply(render("web", ["10.0.0.7", "10.0.0.8", "10.0.0.9"]));
      apply(render("web", ["10.0.0.7", "10.0.0.9"]));
      expect(readdirSync(`${g.dir}${dir}`).sort()).toEqual(["ifcfg-eth0", "ifcfg-eth0:20", "ifcfg-eth0:50", "ifcfg-eth0:7", "ifcfg-eth0:9"]);
      expect(g.addresses().map((a) => `${a.local} ${a.label}`)).toEqual(["10.0.0.5 eth0", "10.0.0.20 eth0:20", "10.0.0.7 eth0:7", "10.0.0.9 eth0:9"]);
    } finally {
      g.destroy();
    }
  });
});
