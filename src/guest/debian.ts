// Debian family (Ubuntu 14/16, Debian 8/9, ifupdown): the guide's `auto eth0:N` / `iface eth0:N inet
// static` stanzas, rendered as a fragment of their own instead of an edit of /etc/network/interfaces.
import { aliasLabels, labelOf, MANAGED_MARKER, type GuestPlan } from "./plan";
import type { GuestConfig } from "./types";

const INTERFACES = "/etc/network/interfaces";

export function debianFragmentPath(interfaceName: string): string {
  return `/etc/network/interfaces.d/eni-ips-${interfaceName}.cfg`;
}

export function renderDebian(plan: GuestPlan): GuestConfig {
  const labels = aliasLabels(plan);
  const path = debianFragmentPath(plan.interfaceName);
  const stanzas = plan.addresses.map((a) => {
    const label = labelOf(labels, a);
    // No `gateway` line (the guide has one per stanza): ifupdown adds a default route for each, the
    // second `ip route add default` fails with "File exists" and takes that alias down with it.
    return [`auto ${label}`, `iface ${label} inet static`, `    address ${a.address}`, `    netmask ${plan.netmask}`].join("\n");
  });
  const content = [
    `${MANAGED_MARKER}: secondary private IPv4 addresses of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}).`,
    "# Alias numbers are the addresses' offsets in the vSwitch block: stable when addresses come and go.",
    `# No gateway lines: the default route stays with ${plan.interfaceName}'s own stanza.`,
    "",
    stanzas.join("\n\n"),
    "",
  ].join("\n");

  // A file of our own can be replaced whole on every render (removal included) without parsing the
  // user's interfaces file. It only counts if that file sources it: Ubuntu cloud images have
  // `source /etc/network/interfaces.d/*.cfg`, Debian `source /etc/network/interfaces.d/*`; an
  // explicit line is added only when neither (nor an earlier explicit one) is there, so the stanzas
  // are never read twice. `source-directory` skips names with dots, hence the explicit line then.
  const escaped = path.replace(/\./g, "\\.");
  const sourced =
    `grep -Eqs '^[[:space:]]*source[[:space:]]+(/etc/network/interfaces\\.d/(\\*|\\*\\.cfg)|${escaped})[[:space:]]*$' ${INTERFACES}` +
    ` || printf '\\nsource ${path}\\n' >> ${INTERFACES}`;

  return {
    os: "debian",
    files: [{ path, content, mode: "0644" }],
    commands: [sourced, "systemctl restart networking"],
    notes: [
      "Ubuntu 14 and Debian 8 without systemd: run `service networking restart` instead of `systemctl restart networking`.",
      `The stanzas live in ${path} (replaced whole on every render) rather than in ${INTERFACES}; the first command makes ${INTERFACES} source it if it does not already.`,
      `Alias numbers are the addresses' offsets in ${plan.cidrBlock} (${plan.addresses.map((a) => `${a.address} -> ${labelOf(labels, a)}`).join(", ")}); removing an address never renumbers the others.`,
      `No gateway lines on purpose: a second default route makes ifup fail; the default route (gateway ${plan.gateway}) stays with ${plan.interfaceName}'s own stanza.`,
      `An address removed from the fragment stays up until reboot: ifupdown no longer knows it. Drop it now with \`ip addr del ADDRESS/${plan.prefixLength} dev ${plan.interfaceName}\`.`,
    ],
  };
}
