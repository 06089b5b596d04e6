// RHEL family with network-scripts (CentOS 6/7, Red Hat 6/7, Alibaba Cloud Linux 2): one alias file per
// address, as in Alibaba's guide, brought up and down one at a time with initscripts' ifup/ifdown.
import { aliasLabels, labelOf, resourceMarker, type GuestPlan } from "./plan";
import type { FamilyRendering } from "./family";
import { heredoc, shellScript, shQuote } from "./shell-script";
import { GUEST_SCRIPT_EXIT } from "./types";

const DIR = "/etc/sysconfig/network-scripts";

/**
 * The alias file with @ADDR@ and @LABEL@ left open: the script fills it in per address with sed (one
 * copy in the script instead of one per address keeps a 49-address script well under Cloud Assistant's
 * size limit), and `files` fills it in the same way, so both always agree.
 */
function aliasTemplate(plan: GuestPlan): string {
  return [
    `${resourceMarker(plan)}: secondary private IPv4 address @ADDR@ of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}).`,
    "# The alias number is the address's offset in the vSwitch block, so it never changes when other addresses come and go.",
    // Alibaba's guide also sets GATEWAY here. We leave it out on purpose: a GATEWAY in an alias file
    // lets ifup rewrite the default route through the alias (on a secondary ENI, through another
    // interface), which can cut the instance off; the parent's own config keeps the default route.
    `# No GATEWAY: the default route stays with ${plan.interfaceName}'s own configuration.`,
    "DEVICE=@LABEL@",
    "TYPE=Ethernet",
    "BOOTPROTO=static",
    "ONBOOT=yes",
    "IPADDR=@ADDR@",
    `NETMASK=${plan.netmask}`,
    "",
  ].join("\n");
}

export function renderRhel(plan: GuestPlan): FamilyRendering {
  const labels = aliasLabels(plan);
  const template = aliasTemplate(plan);
  const files = plan.addresses.map((a) => {
    const label = labelOf(labels, a);
    return { path: `${DIR}/ifcfg-${label}`, mode: "0644", content: template.replace(/@ADDR@/g, a.address).replace(/@LABEL@/g, label) };
  });
  const marker = `${resourceMarker(plan)}:`;
  const x = GUEST_SCRIPT_EXIT;

  const script = shellScript({
    plan,
    summary: `network-scripts: one ${DIR}/ifcfg-${plan.interfaceName}:N file per address; ifup/ifdown bring single aliases up and down, never the whole interface.`,
    tools: [["ifup", "ifup (network-scripts) is not installed: RHEL 8+, Alibaba Cloud Linux 3 and Anolis 8 use guestOs networkmanager"]],
    labelled: true,
    body: [
      `DIR=${DIR}`,
      `MARK=${shQuote(marker)}`,
      // initscripts' ifup hands NetworkManager-controlled devices to NetworkManager, which reactivates
      // the whole connection: refuse rather than disrupt.
      'if command -v nmcli >/dev/null 2>&1 && [ "$(nmcli -t -f RUNNING general 2>/dev/null)" = running ] && nmcli -t -f DEVICE,STATE device 2>/dev/null | grep -q "^$IF:connected"; then',
      `  die ${x.wrongFamily} "NetworkManager manages $IF: render with guestOs networkmanager"`,
      "fi",
      // This resource's alias files carry its marker on the first line: one of them that the new set
      // lacks is an address it no longer owns. Other resources' and hand-made files are left alone.
      'for f in "$DIR/ifcfg-$IF":*; do',
      '  [ -f "$f" ] || continue',
      '  case "$(head -n 1 "$f")" in "$MARK"*) ;; *) continue ;; esac',
      '  l=${f##*/ifcfg-}',
      '  case " $ENTRIES " in *"=$l "*) continue ;; esac',
      "  a=$(sed -n 's/^IPADDR=//p' \"$f\")",
      '  if [ -n "$a" ]; then',
      '    GONE="$GONE $a"',
      '    if present "$a"; then ifdown "$l" >/dev/null 2>&1; present "$a" && del_addr "$a"; say "removed $a ($l)"; CHANGED=1; fi',
      "  fi",
      '  drop_file "$f"',
      "done",
      ...(plan.addresses.length > 0
        ? [
            "alias_file() {",
            ...heredoc('  sed -e "s|@ADDR@|$1|g" -e "s|@LABEL@|$2|g"', template),
            "}",
            "for e in $ENTRIES; do",
            '  a=${e%%=*}; a=${a%/*}; l=${e#*=}',
            `  alias_file "$a" "$l" > "$STATE/.alias-$KEY" || die ${x.applyFailed} "cannot write $STATE/.alias-$KEY"`,
            '  put_file "$DIR/ifcfg-$l" 0644 < "$STATE/.alias-$KEY"',
            "done",
            'rm -f "$STATE/.alias-$KEY"',
          ]
        : []),
      "for e in $ENTRIES; do",
      '  a=${e%%=*}; l=${e#*=}',
      '  present "${a%/*}" && continue',
      `  out=$(ifup "$l" 2>&1) || die ${x.applyFailed} "ifup $l failed: $out"`,
      '  say "added $a ($l)"; CHANGED=1',
      "done",
    ],
  });

  // A person's version of the same: take down and remove this resource's stale alias files, bring up the missing ones.
  const keep = plan.addresses.map((a) => `ifcfg-${labelOf(labels, a)}`).join("|");
  const cleanup =
    `for f in ${DIR}/ifcfg-${plan.interfaceName}:*; do case "\${f##*/}" in ${keep === "" ? "" : `${keep}) ;; `}` +
    `*) if head -n 1 "$f" | grep -qF ${shQuote(marker)}; then ifdown "\${f##*/ifcfg-}"; rm -f -- "$f"; fi ;; esac; done`;
  const probe = (a: string) => `ip -o -4 addr show dev ${plan.interfaceName} | grep -qF ' inet ${a}/'`;
  return {
    files,
    script,
    commands: [cleanup, ...plan.addresses.map((a) => `${probe(a.address)} || ifup ${labelOf(labels, a)}`)],
    notes: [
      `Each alias comes up on its own with \`ifup ${plan.interfaceName}:N\` (only when its address is missing) and goes with \`ifdown ${plan.interfaceName}:N\`, which flushes that label only: no \`systemctl restart network\`, which takes the whole interface down.`,
      `This resource's alias files start with "${marker}"; the cleanup takes down and deletes those not in the current set and leaves other resources' and hand-made alias files alone.`,
      `Alias numbers are the addresses' offsets in ${plan.cidrBlock}${plan.addresses.length > 0 ? ` (${plan.addresses.map((a) => `${a.address} -> ${labelOf(labels, a)}`).join(", ")})` : ""}; removing an address never renumbers the others.`,
      `The alias files carry no GATEWAY on purpose: the default route stays with ${plan.interfaceName}'s own configuration (gateway ${plan.gateway}).`,
      "RHEL 8+, CentOS Stream, Rocky, AlmaLinux, Anolis 8 and Alibaba Cloud Linux 3 use NetworkManager: use guestOs networkmanager there (the script refuses a NetworkManager-managed interface).",
    ],
  };
}
