// `eni-ips guest-config` run in-process with captured streams (run-guest-config.ts).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";
import { runGuestConfig } from "./run-guest-config";

const run = (...argv: string[]): ReturnType<typeof runGuestConfig> => runGuestConfig(argv);

describe("eni-ips guest-config", () => {
  it("prints the text format matching the reviewed golden file", async () => {
    const r = await run("--os", "rhel", "--cidr", "172.16.0.0/24", "--primary", "172.16.0.5", "--resource", "web", "172.16.0.11", "172.16.0.10");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toBe(readFileSync(join(__dirname, "golden", "rhel.txt"), "utf8"));
    expect(r.stdout.startsWith("# file: /etc/sysconfig/network-scripts/ifcfg-eth0:10\n")).toBe(true);
    expect(r.stdout).toContain("\n# run:\n");
  });

  it("prints the GuestConfig as JSON", async () => {
    const r = await run("--format", "json", "--os", "netplan", "--interface", "ens5", "--cidr", "10.0.0.0/16", "10.0.3.4");
    expect(r.code).toBe(0);
    const config = JSON.parse(r.stdout) as GuestConfig;
    expect(config).toEqual(renderGuestConfig({ os: "netplan", interfaceName: "ens5", cidrBlock: "10.0.0.0/16", addresses: ["10.0.3.4"] }));
    expect(config.files[0]).toMatchObject({ path: "/etc/netplan/60-eni-ips-ens5-default.yaml", mode: "0600" });
    expect(config.files[0]?.content).toContain("    ens5:\n      addresses: [10.0.3.4/16]\n");
    expect(config.commands).toEqual(["netplan apply"]);
  });

  it("prints the script, the cloud-init user-data and the keyfile alone", async () => {
    const args = ["--os", "alinux3", "--cidr", "172.16.0.0/24", "--primary", "172.16.0.5", "--resource", "web", "172.16.0.10"];
    const config = renderGuestConfig({ os: "networkmanager", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"], primaryIpAddress: "172.16.0.5", resourceKey: "web" });
    expect(await run("--format", "script", ...args)).toEqual({ code: 0, stdout: config.script, stderr: "" });
    expect(await run("--format", "cloud-init", ...args)).toEqual({ code: 0, stdout: config.cloudInit, stderr: "" });
    expect(await run("--format", "keyfile", ...args)).toEqual({ code: 0, stdout: config.keyfile?.content, stderr: "" });
  });

  it("renders the removal of a named resource's addresses when given no address", async () => {
    const r = await run("--format", "script", "--os", "debian", "--cidr", "172.16.0.0/24", "--resource", "web");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(renderGuestConfig({ os: "debian", cidrBlock: "172.16.0.0/24", addresses: [], resourceKey: "web" }).script);
    expect(r.stdout).toContain("ENTRIES=''\n");
  });

  it("prints help with exit 0", async () => {
    const r = await run("--help");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("usage: eni-ips guest-config");
  });

  const bad: [string, string[], RegExp][] = [
    ["no --os", ["--cidr", "10.0.0.0/24", "10.0.0.5"], /--os is required/],
    ["no --cidr", ["--os", "rhel", "10.0.0.5"], /--cidr is required/],
    ["no address and no resource", ["--os", "rhel", "--cidr", "10.0.0.0/24"], /at least one .*--resource KEY/],
    ["a keyfile for another family", ["--os", "debian", "--cidr", "10.0.0.0/24", "--format", "keyfile", "10.0.0.5"], /--format keyfile is for --os networkmanager/],
    ["cloud-init for windows", ["--os", "windows", "--cidr", "10.0.0.0/24", "--format", "cloud-init", "10.0.0.5"], /Windows images do not read #cloud-config/],
    ["networkmanager without --primary", ["--os", "rocky", "--cidr", "10.0.0.0/24", "10.0.0.5"], /networkmanager needs the ENI's primary address/],
    ["an unknown option", ["--os", "rhel", "--cidr", "10.0.0.0/24", "--bogus", "10.0.0.5"], /bogus/],
    ["an unknown format", ["--os", "rhel", "--cidr", "10.0.0.0/24", "--format", "yaml", "10.0.0.5"], /--format must be one of text, json, script, cloud-init, keyfile/],
    ["an unknown OS", ["--os", "plan9", "--cidr", "10.0.0.0/24", "10.0.0.5"], /unknown OS family "plan9"/],
    ["an address outside the block", ["--os", "debian", "--cidr", "10.0.0.0/24", "10.0.1.5"], /outside the vSwitch CIDR block 10\.0\.0\.0\/24/],
    ["an invalid address", ["--os", "sles", "--cidr", "10.0.0.0/24", "10.0.0.x"], /not an IPv4 address/],
    ["a traversing interface", ["--os", "rhel", "--interface", "../x", "--cidr", "10.0.0.0/24", "10.0.0.5"], /interface name/],
  ];
  for (const [what, argv, message] of bad) {
    it(`exits 2 with a message on stderr for ${what}`, async () => {
      const r = await run(...argv);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr).toMatch(/^eni-ips guest-config: /);
      expect(r.stderr).toMatch(message);
    });
  }
});
