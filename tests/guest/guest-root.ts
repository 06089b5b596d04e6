// A throwaway "guest" for running the rendered scripts unmodified: a network namespace whose eth0 (one
// end of a veth pair) holds the DHCP-style primary address and the default route, and a chroot whose
// /etc, /run and /var are temporary directories while /usr (the host's real ifupdown, nmcli, netplan,
// ip) is bind-mounted read-only. The script's absolute paths (/etc/network/…, /var/lib/eni-ips) land in
// the temporary root and its `ip` calls in the namespace, so nothing reaches the host.
//
// Stand-ins for daemons the test cannot run go in the root's /usr/local/bin, which the scripts search
// first; each says what real program it stands for and delegates to it where one exists.
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** Debian packages whose real tools the guest tests run; `.ci/run` installs them. */
export const GUEST_TOOLS = {
  ip: "iproute2",
  ifup: "ifupdown",
  netplan: "netplan.io",
  nmcli: "network-manager",
  "cloud-init": "cloud-init",
  unshare: "util-linux",
  chroot: "coreutils",
} as const;

/**
 * Why the guest tests cannot run here, or undefined when they can. A missing tool is a failure, not a
 * skip: CI installs every tool (.ci/run), so absence means a broken setup. A developer without root can
 * opt out explicitly with ENI_IPS_GUEST_TOOLS=skip (ignored on CI).
 */
export function guestToolsProblem(tools: readonly (keyof typeof GUEST_TOOLS)[]): string | undefined {
  if (process.platform !== "linux") return "the guest tests need Linux (network namespaces)";
  if (process.getuid?.() !== 0) return "the guest tests need root (network namespaces, mounts, chroot)";
  const missing = tools.filter((t) => spawnSync("sh", ["-c", `command -v ${t}`]).status !== 0);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map((t) => GUEST_TOOLS[t]))].join(" ");
    return `missing ${missing.join(", ")}: apt-get install -y --no-install-recommends ${packages} (as .ci/run does)`;
  }
  return undefined;
}

/** True when the problem may be skipped: only by an explicit opt-out, never on CI. */
export function guestToolsOptedOut(): boolean {
  return process.env["ENI_IPS_GUEST_TOOLS"] === "skip" && process.env["CI"] === undefined;
}

export interface RunResult {
  readonly status: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface AddrInfo {
  readonly local: string;
  readonly prefixlen: number;
  readonly label: string;
  readonly secondary?: boolean;
}

/**
 * Stand-in for initscripts' ifup/ifdown (Red Hat's network-scripts, not packaged for Debian) on an alias
 * config, doing what their ifup-eth and ifdown-eth do for one: add IPADDR with the prefix of NETMASK
 * and the alias label; flush that label. Logs each call to /var/log/ifup.log.
 */
export const INITSCRIPTS_STANDIN = `#!/bin/sh
# Stand-in for initscripts' ifup/ifdown on an alias config (ifup-eth / ifdown-eth).
echo "\${0##*/} $*" >> /var/log/ifup.log
. "/etc/sysconfig/network-scripts/ifcfg-$1" || exit 1
REAL=\${DEVICE%%:*}
prefix=0; for o in $(echo "$NETMASK" | tr . ' '); do while [ "$o" -gt 0 ]; do prefix=$((prefix + o % 2)); o=$((o / 2)); done; done
case "\${0##*/}" in
  ifup) ip addr add "$IPADDR/$prefix" brd + dev "$REAL" label "$DEVICE" ;;
  ifdown) ip addr flush dev "$REAL" label "$DEVICE" scope global ;;
esac
`;

let counter = 0;

export class GuestRoot {
  readonly dir: string;
  readonly ns: string;
  private readonly shims: string;

  private constructor(dir: string, ns: string) {
    this.dir = dir;
    this.ns = ns;
    this.shims = join(dir, "..", "shims");
  }

  /** A fresh guest: eth0 with `primary` ("10.99.0.5/24", as a DHCP lease would give) and a default route via `gateway`. */
  static create(primary: string, gateway: string): GuestRoot {
    const base = mkdtempSync(join(tmpdir(), "eni-ips-guest-"));
    const dir = join(base, "root");
    const ns = `eni-ips-g${process.pid}-${counter++}`;
    for (const d of ["etc", "run", "var/lib", "tmp", "proc", "sys", "dev", "usr"]) mkdirSync(join(dir, d), { recursive: true });
    // Debian 12 has a merged /usr: the top-level directories are links into it.
    for (const link of ["bin", "sbin", "lib", "lib64"]) if (existsSync(`/usr/${link}`)) symlinkSync(`usr/${link}`, join(dir, link));
    for (const f of ["/etc/ld.so.cache", "/etc/passwd", "/etc/group"]) if (existsSync(f)) copyFileSync(f, join(dir, f));
    // Debian's awk, pager and friends are links through /etc/alternatives.
    execFileSync("cp", ["-a", "/etc/alternatives", join(dir, "etc")]);
    mkdirSync(join(base, "shims", "bin"), { recursive: true });
    const root = new GuestRoot(dir, ns);
    execFileSync("ip", ["netns", "add", ns]);
    root.ip("link", "add", "eth0", "type", "veth", "peer", "name", "peer0");
    root.ip("link", "set", "peer0", "up");
    root.ip("link", "set", "eth0", "up");
    // `dynamic` marks it as a lease, as on an instance; the kernel lists it first (not secondary).
    root.ip("addr", "add", primary, "brd", "+", "dev", "eth0", "valid_lft", "86400", "preferred_lft", "86400");
    root.ip("route", "add", "default", "via", gateway, "dev", "eth0");
    return root;
  }

  ip(...args: string[]): string {
    return execFileSync("ip", ["-n", this.ns, ...args], { encoding: "utf8" });
  }

  /** Writes a file under the root (path is the guest's absolute path). */
  write(path: string, content: string, mode = 0o644): void {
    const local = join(this.dir, path);
    mkdirSync(dirname(local), { recursive: true });
    writeFileSync(local, content);
    chmodSync(local, mode);
  }

  read(path: string): string {
    return readFileSync(join(this.dir, path), "utf8");
  }

  exists(path: string): boolean {
    return existsSync(join(this.dir, path));
  }

  /** A stand-in program found before the real one (the scripts put /usr/local/bin first in PATH). */
  shim(name: string, content: string): void {
    const path = join(this.shims, "bin", name);
    writeFileSync(path, content);
    chmodSync(path, 0o755);
  }

  /** Runs a script with /bin/sh inside the namespace and the chroot, as root. */
  run(script: string): RunResult {
    this.write("/tmp/eni-ips-script.sh", script, 0o700);
    const d = this.dir;
    const setup = [
      `mount --bind /usr ${d}/usr`,
      `mount -o remount,bind,ro ${d}/usr`,
      `mount --bind ${this.shims} ${d}/usr/local`,
      `mount -t proc proc ${d}/proc`,
      `mount --bind /sys ${d}/sys`,
      `mount --bind /dev ${d}/dev`,
      `exec chroot ${d} /bin/sh /tmp/eni-ips-script.sh`,
    ].join(" && ");
    const r = spawnSync("ip", ["netns", "exec", this.ns, "unshare", "-m", "--propagation", "private", "sh", "-c", setup], {
      encoding: "utf8",
      env: { PATH: "/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C" },
      timeout: 60_000,
    });
    if (r.error) throw r.error;
    return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
  }

  addresses(): AddrInfo[] {
    const [link] = JSON.parse(this.ip("-j", "-4", "addr", "show", "dev", "eth0")) as { addr_info: AddrInfo[] }[];
    return (link?.addr_info ?? []).map(({ local, prefixlen, label, secondary }) => ({ local, prefixlen, label, ...(secondary ? { secondary } : {}) }));
  }

  /** The source address the kernel picks for a destination. */
  sourceFor(destination: string): string {
    const m = /\bsrc (\S+)/.exec(this.ip("-4", "route", "get", destination));
    return m?.[1] ?? "";
  }

  destroy(): void {
    spawnSync("ip", ["netns", "del", this.ns]);
    rmSync(join(this.dir, ".."), { recursive: true, force: true });
  }
}
