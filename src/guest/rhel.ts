// RHEL family (CentOS 6/7, Red Hat 6/7, Alibaba Cloud Linux 2): one network-scripts alias file per
// address, as in Alibaba's guide, read by initscripts' ifup-aliases when the parent device comes up.
import { aliasLabels, labelOf, MANAGED_MARKER, type GuestPlan } from "./plan";
import type { GuestConfig, GuestFile } from "./types";

const DIR = "/etc/sysconfig/network-scripts";

export function renderRhel(plan: GuestPlan): GuestConfig {
  const labels = aliasLabels(plan);
  const files: GuestFile[] = plan.addresses.map((a) => {
    const label = labelOf(labels, a);
    return {
      path: `${DIR}/ifcfg-${label}`,
      mode: "0644",
      content: [
        `${MANAGED_MARKER}: secondary private IPv4 address ${a.address} of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}).`,
        `# Alias ${a.alias} is the address's offset in the vSwitch block, so it never changes when other addresses come and go.`,
        // Alibaba's guide also sets GATEWAY here. We leave it out on purpose: a GATEWAY in an alias file
        // lets ifup rewrite the default route through the alias (on a secondary ENI, through another
        // interface), which can cut the instance off; the parent's own config keeps the default route.
        `# No GATEWAY: the default route stays with ${plan.interfaceName}'s own configuration.`,
        `DEVICE=${label}`,
        "TYPE=Ethernet",
        "BOOTPROTO=static",
        "ONBOOT=yes",
        `IPADDR=${a.address}`,
        `NETMASK=${plan.netmask}`,
        "",
      ].join("\n"),
    };
  });

  // Alias files of addresses no longer declared would bring them back at the next restart; remove
  // those we wrote earlier (marker line) and leave any hand-made alias files alone.
  const keep = plan.addresses.map((a) => `ifcfg-${labelOf(labels, a)}`).join("|");
  const cleanup =
    `for f in ${DIR}/ifcfg-${plan.interfaceName}:*; do case "\${f##*/}" in ${keep}) ;; ` +
    `*) if grep -qs '^${MANAGED_MARKER}' "$f"; then rm -f -- "$f"; fi ;; esac; done`;

  return {
    os: "rhel",
    files,
    commands: [cleanup, "systemctl restart network"],
    notes: [
      "CentOS 6 / Red Hat 6 have no systemd: run `service network restart` instead of `systemctl restart network`.",
      `Alias numbers are the addresses' offsets in ${plan.cidrBlock} (${plan.addresses.map((a) => `${a.address} -> ${labelOf(labels, a)}`).join(", ")}); removing an address never renumbers the others.`,
      `The alias files carry no GATEWAY on purpose: the default route stays with ${plan.interfaceName}'s own configuration (gateway ${plan.gateway}).`,
      "The restart briefly takes the interface down; run it from the console (VNC) if an SSH session over this interface must not drop.",
      "RHEL 8+, CentOS 8+ and Alibaba Cloud Linux 3 use NetworkManager without alias support: use `nmcli connection modify ... +ipv4.addresses` there instead.",
    ],
  };
}
