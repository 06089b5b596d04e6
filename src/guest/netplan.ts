// Netplan (Ubuntu 18.04 and later): a drop-in file per resource that only adds addresses to the
// interface. Netplan merges every file's definition of one interface id, appending address lists, so
// the cloud image's own file keeps dhcp4 for the primary address and other resources keep theirs.
import type { GuestPlan } from "./plan";
import { resourceMarker } from "./plan";
import type { FamilyRendering } from "./family";
import { heredoc, shellScript } from "./shell-script";
import { GUEST_SCRIPT_EXIT } from "./types";

export function netplanDropInPath(interfaceName: string, resourceKey: string): string {
  // 60- sorts after cloud-init's 50-cloud-init.yaml, which cloud-init rewrites at boot: never edit it.
  return `/etc/netplan/60-eni-ips-${interfaceName}-${resourceKey}.yaml`;
}

export function renderNetplan(plan: GuestPlan): FamilyRendering {
  const path = netplanDropInPath(plan.interfaceName, plan.resourceKey);
  const list = plan.addresses.map((a) => `${a.address}/${plan.prefixLength}`).join(", ");
  const content = [
    `${resourceMarker(plan)}: secondary private IPv4 addresses of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}).`,
    "# Only adds addresses: dhcp4, routes and the gateway stay with the interface's other netplan files.",
    "network:",
    "  version: 2",
    "  ethernets:",
    `    ${plan.interfaceName}:`,
    `      addresses: [${list}]`,
    "",
  ].join("\n");
  const has = plan.addresses.length > 0;
  const x = GUEST_SCRIPT_EXIT;

  const script = shellScript({
    plan,
    summary: `netplan: the addresses live in ${path}; \`netplan apply\` runs only when that file changed, then ip addr settles what the backend left undone.`,
    tools: [["netplan", "netplan is not installed: Debian images with ifupdown use guestOs debian"]],
    labelled: false,
    body: [
      `FILE=${path}`,
      // The previous drop-in is this resource's record: an address in it that the new set lacks is one
      // it no longer owns.
      'if [ -f "$FILE" ]; then',
      "  for a in $(sed -n 's/^ *addresses: *\\[\\(.*\\)\\] *$/\\1/p' \"$FILE\" | tr ',' ' '); do",
      '    a=${a%/*}',
      '    case " $ENTRIES " in *" $a/"*) continue ;; esac',
      '    GONE="$GONE $a"',
      "  done",
      "fi",
      "before=$CHANGED; CHANGED=0",
      // netplan warns about (and newer releases refuse) world-readable configuration files.
      ...(has ? heredoc('put_file "$FILE" 0600', content) : ['drop_file "$FILE"']),
      'if [ "$CHANGED" = 1 ]; then',
      `  out=$(netplan apply 2>&1) || die ${x.applyFailed} "netplan apply failed: $out"`,
      '  say "netplan apply"',
      "fi",
      '[ "$before" = 1 ] && CHANGED=1',
      // networkd may keep an address it no longer configures, or not have added one yet.
      'for a in $GONE; do if present "$a"; then del_addr "$a"; say "removed $a"; CHANGED=1; fi; done',
      "for a in $ENTRIES; do",
      '  present "${a%/*}" && continue',
      `  out=$(ip addr add "$a" brd + dev "$IF" 2>&1) || die ${x.applyFailed} "ip addr add $a failed: $out"`,
      '  say "added $a"; CHANGED=1',
      "done",
    ],
    settleSeconds: 5,
  });

  return {
    // netplan warns about (and newer releases refuse) world-readable configuration files.
    files: has ? [{ path, content, mode: "0600" }] : [],
    script,
    commands: ["netplan apply"],
    notes: [
      `${path} is this resource's own drop-in; it sorts after 50-cloud-init.yaml (which cloud-init rewrites at boot, so it is never edited) and netplan appends its addresses to ${plan.interfaceName}'s definition, so dhcp4 keeps the primary address and the default route (gateway ${plan.gateway}).`,
      "`netplan apply` is the least disruptive apply netplan has: with the networkd backend it reloads and reconfigures the interface, briefly. The script runs it only when the drop-in changed, then removes with `ip addr del` any address of this resource the backend left behind.",
      "If the image names the interface by a match/set-name block under another id, use that id as the interface name.",
      "Check that outbound traffic still leaves from the primary address: `ip route get 8.8.8.8` should show `src` equal to the primary address.",
    ],
  };
}
