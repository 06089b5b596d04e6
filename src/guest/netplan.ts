// Netplan (Ubuntu 18.04 and later): a drop-in file that only adds addresses to the interface. Netplan
// merges files by interface id, so the cloud image's own file keeps dhcp4 for the primary address.
import type { GuestPlan } from "./plan";
import type { GuestConfig } from "./types";

export function renderNetplan(plan: GuestPlan): GuestConfig {
  // 60- sorts after cloud-init's 50-cloud-init.yaml: later files add to the same interface's list.
  const path = `/etc/netplan/60-eni-ips-${plan.interfaceName}.yaml`;
  const list = plan.addresses.map((a) => `${a.address}/${plan.prefixLength}`).join(", ");
  const content = [
    `# Managed by eni-ips: secondary private IPv4 addresses of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}).`,
    "# Only adds addresses: dhcp4, routes and the gateway stay with the interface's other netplan files.",
    "network:",
    "  version: 2",
    "  ethernets:",
    `    ${plan.interfaceName}:`,
    `      addresses: [${list}]`,
    "",
  ].join("\n");
  return {
    os: "netplan",
    // netplan warns about (and newer releases refuse) world-readable configuration files.
    files: [{ path, content, mode: "0600" }],
    commands: ["netplan apply"],
    notes: [
      `${path} sorts after 50-cloud-init.yaml; netplan merges both definitions of ${plan.interfaceName}, so dhcp4 keeps the primary address and the default route (gateway ${plan.gateway}).`,
      "If the image names the interface by a match/set-name block under another id, use that id as the interface name.",
      `Removing an address: render again without it and run \`netplan apply\`; if the address is still listed by \`ip addr show ${plan.interfaceName}\`, drop it with \`ip addr del ADDRESS/${plan.prefixLength} dev ${plan.interfaceName}\`.`,
      "Check that outbound traffic still leaves from the primary address: `ip route get 8.8.8.8` should show `src` equal to the primary address.",
    ],
  };
}
