// Behaviour of renderGuestConfig beyond the golden example: alias numbering, ordering, block sizes,
// and the typed errors for bad input.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  GUEST_OS_ALIASES,
  GUEST_OS_FAMILIES,
  GuestConfigError,
  guestResourceKey,
  renderGuestConfig,
  resolveGuestOs,
  type GuestConfigErrorCode,
  type GuestConfigInput,
} from "../../src/guest";

function codeOf(fn: () => unknown): GuestConfigErrorCode | "no error" {
  try {
    fn();
  } catch (error) {
    if (error instanceof GuestConfigError) return error.code;
    throw error;
  }
  return "no error";
}

describe("alias numbering", () => {
  it("numbers aliases by the address's offset in the block, not by list position", () => {
    const config = renderGuestConfig({ os: "rhel", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.200"] });
    expect(config.files.map((f) => f.path)).toEqual(["/etc/sysconfig/network-scripts/ifcfg-eth0:200"]);
    expect(config.files[0]?.content).toContain("DEVICE=eth0:200\n");
  });

  it("keeps every other alias file byte for byte when one address is removed", () => {
    const before = renderGuestConfig({ os: "rhel", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7", "10.0.0.8", "10.0.0.9"] });
    const after = renderGuestConfig({ os: "rhel", cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7", "10.0.0.9"] });
    expect(after.files).toEqual(before.files.filter((f) => !f.path.endsWith(":8")));
    // The stale file is removed by the cleanup command, which keeps only the survivors.
    expect(after.commands[0]).toContain("ifcfg-eth0:7|ifcfg-eth0:9)");
    expect(after.commands[0]).not.toContain(":8");
  });

  it("keeps debian stanzas and sles suffixes of the survivors when one address is removed", () => {
    for (const os of ["debian", "sles"] as const) {
      const after = renderGuestConfig({ os, cidrBlock: "10.0.0.0/24", addresses: ["10.0.0.7", "10.0.0.9"] });
      const text = after.files[0]?.content ?? "";
      expect(text).toMatch(os === "debian" ? /iface eth0:7 inet static\n {4}address 10\.0\.0\.7\n/ : /IPADDR_7='10\.0\.0\.7'/);
      expect(text).toMatch(os === "debian" ? /iface eth0:9 inet static\n {4}address 10\.0\.0\.9\n/ : /IPADDR_9='10\.0\.0\.9'/);
      expect(text).not.toContain("10.0.0.8");
    }
  });

  it("uses large, unique alias numbers in a /16", () => {
    const config = renderGuestConfig({ os: "debian", cidrBlock: "10.1.0.0/16", addresses: ["10.1.200.7", "10.1.0.9"] });
    const content = config.files[0]?.content ?? "";
    expect(content).toContain("iface eth0:9 inet static\n    address 10.1.0.9\n    netmask 255.255.0.0\n");
    expect(content).toContain("iface eth0:51207 inet static\n    address 10.1.200.7\n    netmask 255.255.0.0\n");
    expect(config.notes.join("\n")).toContain("gateway 10.1.255.253");
  });

  it("handles the smallest vSwitch, a /29, and refuses its reserved tail", () => {
    const config = renderGuestConfig({ os: "sles", cidrBlock: "192.168.1.8/29", addresses: ["192.168.1.12", "192.168.1.9"] });
    const content = config.files[0]?.content ?? "";
    expect(content).toMatch(/IPADDR_1='192\.168\.1\.9'\nNETMASK_1='29'\nPREFIXLEN_1='29'\nLABEL_1='1'/);
    expect(content).toMatch(/IPADDR_4='192\.168\.1\.12'\nNETMASK_4='29'/);
    expect(content.indexOf("IPADDR_1=")).toBeLessThan(content.indexOf("IPADDR_4="));
    const rhel = renderGuestConfig({ os: "rhel", cidrBlock: "192.168.1.8/29", addresses: ["192.168.1.9"] });
    expect(rhel.files[0]?.content).toContain("NETMASK=255.255.255.248\n");
    expect(rhel.notes.join("\n")).toContain("gateway 192.168.1.13");
    for (const reserved of ["192.168.1.8", "192.168.1.13", "192.168.1.14", "192.168.1.15"]) {
      expect(codeOf(() => renderGuestConfig({ os: "rhel", cidrBlock: "192.168.1.8/29", addresses: [reserved] }))).toBe("reserved_ip");
    }
  });

  it("renders a single address as a single alias", () => {
    for (const os of GUEST_OS_FAMILIES) {
      const config = renderGuestConfig({ os, cidrBlock: "172.16.4.0/22", addresses: ["172.16.5.1"], primaryIpAddress: "172.16.4.5" });
      const all = [...config.files, ...(config.keyfile ? [config.keyfile] : [])].map((f) => f.content).join("\n");
      expect(all.split("172.16.5.1").length - 1, os).toBeGreaterThanOrEqual(1);
      if (os === "rhel") expect(config.files).toHaveLength(1);
      const expected = { sles: "IPADDR_257=", netplan: "[172.16.5.1/22]", networkmanager: "address2=172.16.5.1/22", windows: "@('172.16.5.1')" }[os as string] ?? "eth0:257";
      expect(all, os).toContain(expected);
    }
  });

  it("never writes a gateway into alias configuration", () => {
    for (const os of ["rhel", "debian", "sles", "netplan"] as const) {
      const config = renderGuestConfig({ os, cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10", "172.16.0.11"] });
      for (const f of config.files) expect(f.content, os).not.toMatch(/^\s*(GATEWAY|gateway|routes:|dhcp4:)/m);
    }
  });
});

describe("ordering and determinism", () => {
  const block = { size: 256 }; // 10.99.0.0/24; .252 is kept for the primary
  const usable = fc.integer({ min: 1, max: block.size - 5 }).map((offset) => `10.99.0.${offset}`);

  it("gives the same output for any order of the same addresses, sorted numerically", () => {
    fc.assert(
      fc.property(fc.uniqueArray(usable, { minLength: 1, maxLength: 12 }), fc.constantFrom(...GUEST_OS_FAMILIES), (addresses, os) => {
        const input = { os, cidrBlock: "10.99.0.0/24", addresses, primaryIpAddress: "10.99.0.252" };
        const sorted = [...addresses].sort((a, b) => Number(a.split(".")[3]) - Number(b.split(".")[3]));
        const forward = renderGuestConfig(input);
        expect(renderGuestConfig({ ...input, addresses: [...addresses].reverse() })).toEqual(forward);
        expect(renderGuestConfig({ ...input, addresses: sorted })).toEqual(forward);
        // Numeric, not lexicographic: 10.99.0.9 comes before 10.99.0.10.
        const text = (forward.keyfile?.content ?? forward.files.map((f) => f.content).join("\n")).replace("10.99.0.252", "");
        const positions = sorted.map((a) => text.search(new RegExp(`${a.replace(/\./g, "\\.")}(?!\\d)`)));
        expect(positions.every((p) => p >= 0)).toBe(true);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      }),
      { numRuns: 150 },
    );
  });

  it("returns equal output on repeated calls", () => {
    const input: GuestConfigInput = { os: "windows", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.9", "172.16.0.10"], primaryIpAddress: "172.16.0.5" };
    expect(JSON.stringify(renderGuestConfig(input))).toBe(JSON.stringify(renderGuestConfig(input)));
  });
});

describe("input validation", () => {
  const base = { os: "rhel", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"] } as const;
  const cases: [string, GuestConfigInput, GuestConfigErrorCode][] = [
    ["an unknown OS", { ...base, os: "freebsd" }, "unknown_os"],
    ["an address that is not a dotted quad", { ...base, addresses: ["172.16.0.256"] }, "invalid_ip"],
    ["an address with leading zeros", { ...base, addresses: ["172.16.0.010"] }, "invalid_ip"],
    ["an address with a prefix", { ...base, addresses: ["172.16.0.10/24"] }, "invalid_ip"],
    ["an address outside the block", { ...base, addresses: ["172.16.1.10"] }, "outside_cidr"],
    ["the network address", { ...base, addresses: ["172.16.0.0"] }, "reserved_ip"],
    ["the gateway", { ...base, addresses: ["172.16.0.253"] }, "reserved_ip"],
    ["the broadcast address", { ...base, addresses: ["172.16.0.255"] }, "reserved_ip"],
    ["a duplicate address", { ...base, addresses: ["172.16.0.10", "172.16.0.10"] }, "duplicate_ip"],
    ["the primary address among the secondaries", { ...base, primaryIpAddress: "172.16.0.10" }, "primary_ip"],
    ["a primary address outside the block", { ...base, primaryIpAddress: "10.0.0.5" }, "outside_cidr"],
    ["addresses that are not a list", { ...base, addresses: undefined as unknown as string[] }, "no_addresses"],
    ["networkmanager without the primary address", { ...base, os: "networkmanager" }, "missing_primary"],
    ["a resource key with a slash", { ...base, resourceKey: "stack/web" }, "invalid_resource_key"],
    ["an empty resource key", { ...base, resourceKey: "" }, "invalid_resource_key"],
    ["a resource key of 65 characters", { ...base, resourceKey: "k".repeat(65) }, "invalid_resource_key"],
    ["a CIDR without a prefix", { ...base, cidrBlock: "172.16.0.0" }, "invalid_cidr"],
    ["a CIDR wider than a vSwitch", { ...base, cidrBlock: "172.16.0.0/8" }, "invalid_cidr"],
    ["a CIDR narrower than a vSwitch", { ...base, cidrBlock: "172.16.0.0/30" }, "invalid_cidr"],
    ["an interface name climbing out of the directory", { ...base, interfaceName: "../../etc/x" }, "invalid_interface"],
    ["an interface name of dots only", { ...base, interfaceName: ".." }, "invalid_interface"],
    ["an interface name with a space on Linux", { ...base, interfaceName: "eth 0" }, "invalid_interface"],
    ["an interface name with a quote on Windows", { ...base, os: "windows", interfaceName: "Ethernet'; rm" }, "invalid_interface"],
    ["an interface name longer than Linux allows", { ...base, interfaceName: "abcdefghijklmnop" }, "invalid_interface"],
    ["a label longer than Linux allows", { ...base, cidrBlock: "10.0.0.0/16", addresses: ["10.0.200.1"], interfaceName: "enp0s31f6x" }, "label_too_long"],
  ];
  for (const [what, input, code] of cases) {
    it(`rejects ${what} with ${code}`, () => {
      let caught: unknown;
      try {
        renderGuestConfig(input);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(GuestConfigError);
      expect((caught as GuestConfigError).code).toBe(code);
      expect((caught as GuestConfigError).name).toBe("GuestConfigError");
      expect((caught as GuestConfigError).message.length).toBeGreaterThan(10);
    });
  }

  it("accepts the same long name under netplan, which uses no labels", () => {
    const input = { os: "netplan", cidrBlock: "10.0.0.0/16", addresses: ["10.0.200.1"], interfaceName: "enp0s31f6x" };
    expect(renderGuestConfig(input).files[0]?.path).toBe("/etc/netplan/60-eni-ips-enp0s31f6x-default.yaml");
  });

  it("accepts a Windows alias with an inner space and keeps it out of the file name", () => {
    const config = renderGuestConfig({ os: "windows", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"], interfaceName: "Ethernet 2" });
    expect(config.files[0]?.path).toBe("C:\\ProgramData\\eni-ips\\eni-ips-Ethernet-2-default.ps1");
    expect(config.files[0]?.content).toContain("$InterfaceAlias = 'Ethernet 2'\n");
  });

  it("defaults the interface to eth0 on Linux and Ethernet on Windows", () => {
    expect(renderGuestConfig({ ...base, os: "netplan" }).files[0]?.content).toContain("    eth0:\n");
    expect(renderGuestConfig({ ...base, os: "windows" }).files[0]?.content).toContain("$InterfaceAlias = 'Ethernet'\n");
  });

  it("normalizes a CIDR given with host bits to the block the vSwitch covers", () => {
    const config = renderGuestConfig({ os: "netplan", cidrBlock: "172.16.0.77/24", addresses: ["172.16.0.10"] });
    expect(config.files[0]?.content).toContain("(vSwitch 172.16.0.0/24)");
  });
});

describe("windows script", () => {
  it("adds every secondary address with SkipAsSource so the primary stays the source", () => {
    const script = renderGuestConfig({ os: "windows", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"], primaryIpAddress: "172.16.0.5" }).files[0]?.content ?? "";
    expect(script).toContain("New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -PrefixLength $PrefixLength -SkipAsSource $true");
    // The primary is set without SkipAsSource, with the gateway, before any secondary is added.
    const primaryAt = script.indexOf("-IPAddress $PrimaryIpAddress -PrefixLength $PrefixLength -DefaultGateway $Gateway");
    expect(primaryAt).toBeGreaterThan(0);
    expect(primaryAt).toBeLessThan(script.indexOf("foreach ($address in $SecondaryAddresses)"));
    expect(script).toContain("$PrimaryIpAddress = '172.16.0.5'\n");
    expect(script).toContain("$Gateway = '172.16.0.253'\n");
    // Idempotence: present addresses are skipped.
    expect(script).toMatch(/if \(\$null -ne \$existing\) \{[\s\S]*?continue/);
  });
});

describe("image aliases", () => {
  it("accepts exactly the NetworkManager images' names and renders the networkmanager family for them", () => {
    expect(Object.keys(GUEST_OS_ALIASES).sort()).toEqual(["alinux3", "almalinux", "anolis8", "centos-stream", "rhel8", "rhel9", "rocky"]);
    for (const alias of Object.keys(GUEST_OS_ALIASES)) {
      const config = renderGuestConfig({ os: alias, cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"], primaryIpAddress: "172.16.0.5" });
      expect(config.os, alias).toBe("networkmanager");
      expect(config).toEqual(renderGuestConfig({ os: "networkmanager", cidrBlock: "172.16.0.0/24", addresses: ["172.16.0.10"], primaryIpAddress: "172.16.0.5" }));
    }
    // rhel stays network-scripts (RHEL/CentOS 6-7, Alibaba Cloud Linux 2); no guessing for near misses.
    expect(resolveGuestOs("rhel")).toBe("rhel");
    for (const near of ["alinux2", "rhel7", "centos", "Rocky", "alma"]) expect(resolveGuestOs(near), near).toBeUndefined();
  });
});

describe("resource keys", () => {
  const input = (resourceKey: string | undefined, addresses = ["172.16.0.10"]): GuestConfigInput => ({
    os: "debian",
    cidrBlock: "172.16.0.0/24",
    addresses,
    primaryIpAddress: "172.16.0.5",
    ...(resourceKey !== undefined ? { resourceKey } : {}),
  });

  it("names every file, block, state record and profile after the resource", () => {
    const paths = (os: string, key: string): string[] => {
      const c = renderGuestConfig({ ...input(key), os });
      return [...c.files.map((f) => f.path), ...(c.keyfile ? [c.keyfile.path] : [])];
    };
    expect(paths("debian", "web")).toEqual(["/etc/network/interfaces.d/eni-ips-eth0-web.cfg"]);
    expect(paths("netplan", "web")).toEqual(["/etc/netplan/60-eni-ips-eth0-web.yaml"]);
    expect(paths("sles", "web")).toEqual(["/etc/eni-ips/ifcfg-eth0-web.sles"]);
    expect(paths("networkmanager", "web")).toEqual(["/etc/NetworkManager/system-connections/eni-ips-eth0-web.nmconnection"]);
    expect(paths("windows", "web")).toEqual(["C:\\ProgramData\\eni-ips\\eni-ips-Ethernet-web.ps1"]);
    // rhel alias files are named by address (one owner each) and marked with the owner on line 1.
    const rhel = renderGuestConfig({ ...input("web"), os: "rhel" });
    expect(rhel.files[0]?.content.split("\n")[0]).toBe("# Managed by eni-ips for resource web: secondary private IPv4 address 172.16.0.10 of eth0 (vSwitch 172.16.0.0/24).");
    expect(renderGuestConfig({ ...input("web"), os: "sles" }).files[0]?.content).toMatch(/^# BEGIN eni-ips eth0 web\n[\s\S]*\n# END eni-ips eth0 web\n$/);
    expect(renderGuestConfig({ ...input("web"), os: "networkmanager" }).script).toContain("KEY='web'\n");
    expect(renderGuestConfig(input(undefined)).resourceKey).toBe("default");
  });

  it("guestResourceKey keeps valid names and maps any other name to a distinct valid key", () => {
    expect(guestResourceKey("web-vips")).toBe("web-vips");
    const keys = ["my stack/web", "my stack web", "Ünïcode", "/", "x".repeat(100)].map(guestResourceKey);
    expect(new Set(keys).size).toBe(keys.length);
    for (const key of keys) expect(() => renderGuestConfig(input(key)), key).not.toThrow();
    expect(keys[0]).toMatch(/^my-stack-web-[0-9a-f]{8}$/);
    expect(guestResourceKey("my stack/web")).toBe(keys[0]);
  });
});

describe("removal (an empty address list)", () => {
  for (const os of GUEST_OS_FAMILIES) {
    it(`${os}: renders a script that removes the resource's addresses and writes no configuration file`, () => {
      const config = renderGuestConfig({ os, cidrBlock: "172.16.0.0/24", addresses: [], resourceKey: "web" });
      // Windows' one file is the script itself, which its command runs.
      expect(config.files).toEqual(os === "windows" ? [{ path: "C:\\ProgramData\\eni-ips\\eni-ips-Ethernet-web.ps1", content: config.script }] : []);
      expect(config.script).toMatch(os === "windows" ? /\$SecondaryAddresses = @\(\)\n/ : /^ENTRIES=''$/m);
      if (os !== "windows") expect(config.cloudInit).toContain("#cloud-config\n");
    });
  }
});

describe("script size", () => {
  // Cloud Assistant's RunCommand takes at most 24 KB of Base64 command content. The largest input: 49
  // secondary addresses (an Available ENI's 50 with the primary) with 5-digit aliases, a 15-character
  // interface name and a 64-character resource key.
  const addresses = Array.from({ length: 49 }, (_, i) => `10.1.${200 + Math.floor(i / 10)}.${10 + i}`);
  for (const os of GUEST_OS_FAMILIES) {
    it(`${os}: fits RunCommand's 24 KB after Base64 with 49 addresses`, () => {
      const config = renderGuestConfig({
        os,
        cidrBlock: "10.1.0.0/16",
        addresses,
        primaryIpAddress: "10.1.0.5",
        interfaceName: os === "windows" ? "Ethernet 2" : "eth1",
        resourceKey: "k".repeat(64),
      });
      expect(Buffer.from(config.script, "utf8").toString("base64").length).toBeLessThanOrEqual(24 * 1024);
    });
  }
});
