// Debian family (Ubuntu 14/16, Debian 8–12 images with ifupdown): the guide's `auto eth0:N` / `iface
// eth0:N inet static` stanzas, in a fragment file of the resource's own instead of an edit of
// /etc/network/interfaces, brought up and down one alias at a time with ifup/ifdown.
import { aliasLabels, labelOf, resourceMarker, type GuestPlan } from "./plan";
import { heredoc, shellScript } from "./shell-script";
import type { FamilyRendering } from "./family";
import { GUEST_SCRIPT_EXIT } from "./types";

const INTERFACES = "/etc/network/interfaces";
/** One `source` line covers the fragments of every resource and interface, and matches nothing harmlessly. */
const SOURCE_GLOB = "/etc/network/interfaces.d/eni-ips-*.cfg";

export function debianFragmentPath(interfaceName: string, resourceKey: string): string {
  return `/etc/network/interfaces.d/eni-ips-${interfaceName}-${resourceKey}.cfg`;
}

/**
 * The fragment only counts if /etc/network/interfaces sources it: Debian images have `source
 * /etc/network/interfaces.d/*`, Ubuntu cloud images `source /etc/network/interfaces.d/*.cfg`; our glob
 * line is added only when neither (nor itself) is there, so no stanza is read twice. `source-directory`
 * skips names with dots, hence our line then too.
 */
const SOURCED = `grep -Eqs '^[[:space:]]*source[[:space:]]+/etc/network/interfaces\\.d/(\\*|\\*\\.cfg|eni-ips-\\*\\.cfg)[[:space:]]*$' ${INTERFACES}`;
const ADD_SOURCE = `printf '\\nsource ${SOURCE_GLOB}\\n' >> ${INTERFACES}`;

export function debianSourceGuard(): string {
  return `${SOURCED} || ${ADD_SOURCE}`;
}

export function renderDebian(plan: GuestPlan): FamilyRendering {
  const labels = aliasLabels(plan);
  const path = debianFragmentPath(plan.interfaceName, plan.resourceKey);
  const stanzas = plan.addresses.map((a) => {
    const label = labelOf(labels, a);
    // No `gateway` line (the guide has one per stanza): ifupdown adds a default route for each, the
    // `ip route add default` fails with "File exists" and ifup exits 1 with the address unrecorded.
    return [`auto ${label}`, `iface ${label} inet static`, `    address ${a.address}`, `    netmask ${plan.netmask}`].join("\n");
  });
  const content = [
    `${resourceMarker(plan)}: secondary private IPv4 addresses of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}).`,
    "# Alias numbers are the addresses' offsets in the vSwitch block: stable when addresses come and go.",
    `# No gateway lines: the default route stays with ${plan.interfaceName}'s own stanza.`,
    "",
    stanzas.join("\n\n"),
    "",
  ].join("\n");
  const files = plan.addresses.length > 0 ? [{ path, content, mode: "0644" }] : [];

  const script = shellScript({
    plan,
    summary: `ifupdown: the aliases live in ${path}; ifup/ifdown bring single aliases up and down, never the whole interface.`,
    tools: [["ifup", "ifup (ifupdown) is not installed: Ubuntu 18.04+ images use guestOs netplan"]],
    labelled: true,
    body: [
      `FRAG=${path}`,
      `if ! ${SOURCED}; then ${ADD_SOURCE} && say "${INTERFACES} now sources ${SOURCE_GLOB}"; CHANGED=1; fi`,
      // The old fragment is this resource's record of what it configured: an alias in it that the new
      // set lacks is one it no longer owns. ifdown needs that stanza, so it runs before the rewrite.
      'if [ -f "$FRAG" ]; then',
      "  for old in $(awk '$1 == \"iface\" { l = $2 } $1 == \"address\" && l != \"\" { print $2 \"=\" l; l = \"\" }' \"$FRAG\"); do",
      '    a=${old%%=*}; l=${old#*=}',
      '    case " $ENTRIES " in *" $a/"*) continue ;; esac',
      '    GONE="$GONE $a"',
      "    present \"$a\" || continue",
      // --force: ifupdown may not have recorded the alias (brought up at boot by another path).
      '    ifdown --force "$l" >/dev/null 2>&1',
      '    present "$a" && del_addr "$a"',
      '    say "removed $a ($l)"; CHANGED=1',
      "  done",
      "fi",
      ...(plan.addresses.length > 0 ? heredoc('put_file "$FRAG" 0644', content) : ['drop_file "$FRAG"']),
      "for e in $ENTRIES; do",
      '  a=${e%%=*}; l=${e#*=}',
      '  present "${a%/*}" && continue',
      `  ifquery "$l" >/dev/null 2>&1 || die ${GUEST_SCRIPT_EXIT.applyFailed} "ifupdown does not read $l from $FRAG: check the source lines of ${INTERFACES}"`,
      // --force: a stale ifstate record ("already configured") must not stop a missing alias.
      `  out=$(ifup --force "$l" 2>&1) || die ${GUEST_SCRIPT_EXIT.applyFailed} "ifup $l failed: $out"`,
      '  say "added $a ($l)"; CHANGED=1',
      "done",
    ],
  });

  const probe = (a: string) => `ip -o -4 addr show dev ${plan.interfaceName} | grep -qF ' inet ${a}/'`;
  return {
    files,
    script,
    commands: [debianSourceGuard(), ...plan.addresses.map((a) => `${probe(a.address)} || ifup --force ${labelOf(labels, a)}`)],
    notes: [
      `The stanzas live in ${path}, this resource's own file (replaced whole, never merged); the first command makes ${INTERFACES} source ${SOURCE_GLOB} unless it already sources the directory.`,
      `Each alias is brought up on its own with \`ifup --force eth0:N\` (only when its address is missing): never \`systemctl restart networking\`, which runs \`ifdown -a\`, releases the DHCP primary address and drops SSH and the Cloud Assistant agent.`,
      `Aliases this resource no longer owns are those in its previous ${path} that the new set lacks: the script takes them down with \`ifdown --force\` before it rewrites the file. Other resources' fragments are never read or written.`,
      `Alias numbers are the addresses' offsets in ${plan.cidrBlock}${plan.addresses.length > 0 ? ` (${plan.addresses.map((a) => `${a.address} -> ${labelOf(labels, a)}`).join(", ")})` : ""}; removing an address never renumbers the others.`,
      `No gateway lines on purpose: a second default route makes ifup fail; the default route (gateway ${plan.gateway}) stays with ${plan.interfaceName}'s own stanza.`,
    ],
  };
}
