// SLES family (SUSE 11/12, openSUSE 42): the guide's IPADDR_N / NETMASK_N / LABEL_N lines, which belong
// inside the interface's own ifcfg file. We render them as a marked block plus commands that replace
// the previous block, so the user's primary settings in that file are never rewritten.
import { aliasLabels, type GuestPlan } from "./plan";
import type { GuestConfig } from "./types";

export function renderSles(plan: GuestPlan): GuestConfig {
  // The label check applies here too: LABEL_N='N' becomes the kernel label eth0:N.
  aliasLabels(plan);
  const target = `/etc/sysconfig/network/ifcfg-${plan.interfaceName}`;
  // Outside /etc/sysconfig/network on purpose: any ifcfg-* file there is read as an interface.
  const fragment = `/etc/eni-ips/ifcfg-${plan.interfaceName}.sles`;
  const begin = `# BEGIN eni-ips ${plan.interfaceName}`;
  const end = `# END eni-ips ${plan.interfaceName}`;

  const lines = [
    begin,
    `# Secondary private IPv4 addresses of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}), managed by eni-ips: this block is replaced on every render.`,
    "# Suffix N is the address's offset in the vSwitch block, stable when addresses come and go.",
  ];
  for (const a of plan.addresses) {
    lines.push(
      "",
      `IPADDR_${a.alias}='${a.address}'`,
      // The guide's NETMASK_N takes the prefix length; PREFIXLEN_N says the same thing under the name
      // ifcfg(5) documents for it, so either reading of the file gets the right mask.
      `NETMASK_${a.alias}='${plan.prefixLength}'`,
      `PREFIXLEN_${a.alias}='${plan.prefixLength}'`,
      `LABEL_${a.alias}='${a.alias}'`,
    );
  }
  lines.push(end, "");

  return {
    os: "sles",
    files: [{ path: fragment, content: lines.join("\n"), mode: "0644" }],
    commands: [
      `sed -i '/^${begin}$/,/^${end}$/d' ${target}`,
      `cat ${fragment} >> ${target}`,
      "systemctl restart network",
    ],
    notes: [
      "SUSE 11 without systemd: run `service network restart` instead of `systemctl restart network`.",
      `The lines belong in ${target}; the commands delete the block of an earlier render and append the new one, leaving the rest of the file alone.`,
      `Suffixes and labels are the addresses' offsets in ${plan.cidrBlock} (${plan.addresses.map((a) => `${a.address} -> ${plan.interfaceName}:${a.alias}`).join(", ")}); removing an address never renumbers the others.`,
      `No gateway in the block: the default route (gateway ${plan.gateway}) stays with ${plan.interfaceName}'s own settings.`,
    ],
  };
}
