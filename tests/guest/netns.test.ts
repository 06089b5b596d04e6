// The rendered Linux configuration, applied to a real kernel interface inside a throwaway network
// namespace, must bring up exactly the intended addresses with the right prefix and label, and leave
// the primary address the source of traffic.
//
// ifup / ifupdown / wicked / netplan are not installed here (and would act on the host), so each
// rendered file is parsed and translated into the `ip addr add` its tool runs for it:
//   rhel    initscripts ifup-aliases:  ip addr add IPADDR/prefix(NETMASK) brd + dev eth0 label DEVICE
//   debian  ifupdown inet static:      ip addr add address/prefix(netmask) broadcast + dev eth0 label eth0:N
//   sles    sysconfig/wicked:          ip addr add IPADDR_N/PREFIXLEN_N dev eth0 label eth0:LABEL_N
//   netplan systemd-networkd:          ip addr add a/p dev eth0
// The parsers are strict (unknown keys fail), so a rendering mistake surfaces as a test failure.
import { execFileSync, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { renderGuestConfig, type GuestConfig } from "../../src/guest";

const NS = `eni-ips-guest-${process.pid}`;
/** A private range used only inside the namespace; nothing leaves it (a veth pair with both ends inside). */
const CIDR = "10.99.0.0/24";
const PRIMARY = "10.99.0.5";

function probeNetns(): { ok: boolean; reason: string } {
  if (process.platform !== "linux") return { ok: false, reason: "not Linux" };
  const probe = `eni-ips-probe-${process.pid}`;
  const add = spawnSync("ip", ["netns", "add", probe], { encoding: "utf8" });
  if (add.error) return { ok: false, reason: `ip not available (${add.error.message}); install iproute2` };
  if (add.status !== 0) return { ok: false, reason: `ip netns add not permitted: ${add.stderr.trim()}` };
  const veth = spawnSync("ip", ["-n", probe, "link", "add", "eth0", "type", "veth", "peer", "name", "peer0"], { encoding: "utf8" });
  spawnSync("ip", ["netns", "del", probe]);
  if (veth.status !== 0) return { ok: false, reason: `veth not available in a namespace: ${veth.stderr.trim()}` };
  return { ok: true, reason: "" };
}

const probe = probeNetns();
const canUseNetns = probe.ok;
if (!canUseNetns) console.warn(`[tests/guest/netns] skipped: ${probe.reason}`);

function ip(...args: string[]): string {
  return execFileSync("ip", ["-n", NS, ...args], { encoding: "utf8" });
}

interface Applied {
  readonly address: string;
  readonly prefixLength: number;
  readonly label: string;
}

function netmaskToPrefix(netmask: string): number {
  const n = netmask.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
  const prefix = 32 - Math.log2(2 ** 32 - n);
  if (!Number.isInteger(prefix)) throw new Error(`non-contiguous netmask ${netmask}`);
  return prefix;
}

function keyValues(content: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const line of content.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([A-Z0-9_]+)=(?:'([^']*)'|([^'\s]*))$/.exec(line);
    if (!m || m[1] === undefined) throw new Error(`not a KEY=value line: ${line}`);
    map.set(m[1], m[2] ?? m[3] ?? "");
  }
  return map;
}

function fromRhel(config: GuestConfig): Applied[] {
  return config.files.map((f) => {
    const kv = keyValues(f.content);
    expect([...kv.keys()].sort()).toEqual(["BOOTPROTO", "DEVICE", "IPADDR", "NETMASK", "ONBOOT", "TYPE"]);
    expect(f.path).toBe(`/etc/sysconfig/network-scripts/ifcfg-${kv.get("DEVICE")}`);
    return { address: kv.get("IPADDR") ?? "", prefixLength: netmaskToPrefix(kv.get("NETMASK") ?? ""), label: kv.get("DEVICE") ?? "" };
  });
}

function fromDebian(config: GuestConfig): Applied[] {
  const content = config.files[0]?.content ?? "";
  const autos = new Set<string>();
  const applied: { address: string; netmask: string; label: string }[] = [];
  let current: { address: string; netmask: string; label: string } | undefined;
  for (const raw of content.split("\n")) {
    const line = raw.trim();
    if (line === "" || line.startsWith("#")) continue;
    const [word, ...rest] = line.split(/\s+/);
    if (word === "auto") rest.forEach((r) => autos.add(r));
    else if (word === "iface") {
      expect(rest.slice(1)).toEqual(["inet", "static"]);
      current = { address: "", netmask: "", label: rest[0] ?? "" };
      applied.push(current);
    } else if ((word === "address" || word === "netmask") && current) current[word] = rest[0] ?? "";
    else throw new Error(`unexpected interfaces line: ${raw}`);
  }
  // ifup -a only brings up `auto` stanzas.
  expect([...autos].sort()).toEqual(applied.map((a) => a.label).sort());
  return applied.map((a) => ({ address: a.address, prefixLength: netmaskToPrefix(a.netmask), label: a.label }));
}

function fromSles(config: GuestConfig, interfaceName: string): Applied[] {
  const kv = keyValues(config.files[0]?.content ?? "");
  const applied: Applied[] = [];
  for (const [key, value] of kv) {
    const m = /^IPADDR_(\d+)$/.exec(key);
    if (!m) continue;
    const n = m[1] ?? "";
    expect(kv.get(`NETMASK_${n}`)).toBe(kv.get(`PREFIXLEN_${n}`));
    applied.push({ address: value, prefixLength: Number(kv.get(`PREFIXLEN_${n}`)), label: `${interfaceName}:${kv.get(`LABEL_${n}`)}` });
  }
  expect(kv.size).toBe(applied.length * 4);
  return applied;
}

function fromNetplan(config: GuestConfig, interfaceName: string): Applied[] {
  const doc = parseYaml(config.files[0]?.content ?? "") as { network: { version: number; ethernets: Record<string, { addresses: string[] }> } };
  expect(doc.network.version).toBe(2);
  expect(Object.keys(doc.network.ethernets)).toEqual([interfaceName]);
  expect(Object.keys(doc.network.ethernets[interfaceName] ?? {})).toEqual(["addresses"]);
  return (doc.network.ethernets[interfaceName]?.addresses ?? []).map((cidr) => {
    const [address = "", prefix = ""] = cidr.split("/");
    return { address, prefixLength: Number(prefix), label: interfaceName };
  });
}

function apply(applied: readonly Applied[]): void {
  for (const a of applied) ip("addr", "add", `${a.address}/${a.prefixLength}`, "brd", "+", "dev", "eth0", "label", a.label);
}

interface AddrInfo {
  local: string;
  prefixlen: number;
  label: string;
  secondary?: boolean;
}

function addresses(): AddrInfo[] {
  const [link] = JSON.parse(ip("-j", "-4", "addr", "show", "eth0")) as { addr_info: AddrInfo[] }[];
  return (link?.addr_info ?? []).map(({ local, prefixlen, label, secondary }) => ({ local, prefixlen, label, ...(secondary ? { secondary } : {}) }));
}

describe.skipIf(!canUseNetns)("rendered Linux configuration on a real interface (network namespace)", () => {
  beforeAll(() => {
    execFileSync("ip", ["netns", "add", NS]);
    ip("link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
    ip("link", "set", "peer0", "up");
    ip("link", "set", "eth0", "up");
  });

  afterAll(() => {
    spawnSync("ip", ["netns", "del", NS]);
  });

  /** Fresh eth0 with only the primary address, as DHCP would leave it. */
  function resetToPrimary(): void {
    ip("addr", "flush", "dev", "eth0");
    ip("addr", "add", `${PRIMARY}/24`, "brd", "+", "dev", "eth0");
  }

  const secondaries = ["10.99.0.12", "10.99.0.9", "10.99.0.100"];
  const expected = (labelled: boolean): AddrInfo[] => [
    { local: PRIMARY, prefixlen: 24, label: "eth0" },
    ...["10.99.0.9", "10.99.0.12", "10.99.0.100"].map((local) => ({
      local,
      prefixlen: 24,
      label: labelled ? `eth0:${local.split(".")[3]}` : "eth0",
      secondary: true,
    })),
  ];

  const families = [
    { os: "rhel", translate: (c: GuestConfig) => fromRhel(c), labelled: true },
    { os: "debian", translate: (c: GuestConfig) => fromDebian(c), labelled: true },
    { os: "sles", translate: (c: GuestConfig) => fromSles(c, "eth0"), labelled: true },
    { os: "netplan", translate: (c: GuestConfig) => fromNetplan(c, "eth0"), labelled: false },
  ] as const;

  for (const { os, translate, labelled } of families) {
    it(`${os}: brings up exactly the intended addresses, prefix and labels, primary still the source`, () => {
      resetToPrimary();
      const config = renderGuestConfig({ os, cidrBlock: CIDR, addresses: secondaries, primaryIpAddress: PRIMARY });
      apply(translate(config));
      expect(addresses()).toEqual(expected(labelled));
      // The kernel picks the primary (first, non-secondary) address as source for the subnet.
      expect(ip("-4", "route", "get", "10.99.0.77")).toMatch(new RegExp(`\\bsrc ${PRIMARY.replace(/\./g, "\\.")}\\b`));
    });
  }

  it("rhel: after removing one address the survivors come up under the same labels", () => {
    resetToPrimary();
    apply(fromRhel(renderGuestConfig({ os: "rhel", cidrBlock: CIDR, addresses: ["10.99.0.9", "10.99.0.100"] })));
    expect(addresses()).toEqual(expected(true).filter((a) => a.local !== "10.99.0.12"));
  });

  it("debian: /16 offsets become labels the kernel accepts, with the /16 prefix", () => {
    ip("addr", "flush", "dev", "eth0");
    ip("addr", "add", "10.98.0.5/16", "brd", "+", "dev", "eth0");
    apply(fromDebian(renderGuestConfig({ os: "debian", cidrBlock: "10.98.0.0/16", addresses: ["10.98.255.250", "10.98.1.2"] })));
    expect(addresses()).toEqual([
      { local: "10.98.0.5", prefixlen: 16, label: "eth0" },
      { local: "10.98.1.2", prefixlen: 16, label: "eth0:258", secondary: true },
      { local: "10.98.255.250", prefixlen: 16, label: "eth0:65530", secondary: true },
    ]);
  });
});
