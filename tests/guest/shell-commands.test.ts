// The rendered shell commands that edit files (rhel stale-alias cleanup, debian `source` guard, sles
// block replacement) run for real under sh against temporary copies of the guest paths.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";

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

describe("rhel cleanup", () => {
  it("removes only our alias files for addresses no longer declared", () => {
    const dir = `${root}/etc/sysconfig/network-scripts`;
    writeFiles(renderGuestConfig({ os: "rhel", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7", "10.0.0.8", "10.0.0.9"] }));
    writeFileSync(`${dir}/ifcfg-eth0`, "DEVICE=eth0\nBOOTPROTO=dhcp\n");
    writeFileSync(`${dir}/ifcfg-eth0:50`, "DEVICE=eth0:50\nIPADDR=10.0.0.50\n"); // hand-made: must survive
    writeFileSync(`${dir}/ifcfg-eth1:8`, "# Managed by eni-ips: other interface\n"); // other interface: must survive

    const next = renderGuestConfig({ os: "rhel", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7", "10.0.0.9"] });
    writeFiles(next);
    runOnGuest(next.commands[0] ?? "");
    expect(readdirSync(dir).sort()).toEqual(["ifcfg-eth0", "ifcfg-eth0:50", "ifcfg-eth0:7", "ifcfg-eth0:9", "ifcfg-eth1:8"]);
  });
});

describe("debian source guard", () => {
  const config = renderGuestConfig({ os: "debian", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7"] });
  const guard = config.commands[0] ?? "";
  const explicit = "source /etc/network/interfaces.d/eni-ips-eth0.cfg";

  const cases: [string, string, boolean][] = [
    ["a Debian `source .../*`", "auto lo\niface lo inet loopback\nsource /etc/network/interfaces.d/*\n", false],
    ["an Ubuntu cloud `source .../*.cfg`", "source /etc/network/interfaces.d/*.cfg\nauto eth0\niface eth0 inet dhcp\n", false],
    ["our explicit line from an earlier run", `auto eth0\niface eth0 inet dhcp\n\n${explicit}\n`, false],
    ["`source-directory`, which skips names with dots", "source-directory /etc/network/interfaces.d\nauto eth0\niface eth0 inet dhcp\n", true],
    ["no source line", "auto eth0\niface eth0 inet dhcp\n", true],
    ["a commented-out source line", "# source /etc/network/interfaces.d/*\nauto eth0\niface eth0 inet dhcp\n", true],
  ];
  for (const [what, before, adds] of cases) {
    it(`${adds ? "adds" : "does not add"} an explicit source line given ${what}`, () => {
      execFileSync("mkdir", ["-p", `${root}/etc/network`]);
      const path = `${root}/etc/network/interfaces`;
      writeFileSync(path, before);
      runOnGuest(guard, "/etc/network/interfaces");
      runOnGuest(guard, "/etc/network/interfaces"); // idempotent: a second run never adds a second line
      const after = readFileSync(path, "utf8");
      expect(after).toBe(adds ? `${before}\n${explicit}\n` : before);
    });
  }
});

describe("sles block replacement", () => {
  it("replaces the previous block and keeps the user's settings", () => {
    const target = `${root}/etc/sysconfig/network/ifcfg-eth0`;
    execFileSync("mkdir", ["-p", `${root}/etc/sysconfig/network`]);
    const own = "BOOTPROTO='dhcp'\nSTARTMODE='auto'\n";
    writeFileSync(target, own);

    const first = renderGuestConfig({ os: "sles", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7", "10.0.0.8"] });
    writeFiles(first);
    for (const c of first.commands.slice(0, 2)) runOnGuest(c);
    expect(readFileSync(target, "utf8")).toBe(own + (first.files[0]?.content ?? ""));

    const second = renderGuestConfig({ os: "sles", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.8", "10.0.0.9"] });
    writeFiles(second);
    for (const c of second.commands.slice(0, 2)) runOnGuest(c);
    const after = readFileSync(target, "utf8");
    expect(after).toBe(own + (second.files[0]?.content ?? ""));
    expect(after).not.toContain("IPADDR_7=");
    expect(after.match(/# BEGIN eni-ips eth0/g)).toHaveLength(1);
  });
});
