// SLES family (SUSE 11/12/15, openSUSE with wicked or sysconfig): the guide's IPADDR_N / NETMASK_N /
// LABEL_N lines, which belong inside the interface's own ifcfg file, as one marked block per resource.
// wicked has no per-address ifup (ifreload is ifdown + ifup), so the running system gets `ip addr`.
import { aliasLabels, type GuestPlan } from "./plan";
import type { FamilyRendering } from "./family";
import { heredoc, shellScript, shQuote } from "./shell-script";
import { GUEST_SCRIPT_EXIT } from "./types";

/**
 * awk program printing ifcfg FILE with the block between $b and $e replaced in place by the file $f
 * (appended when there was none; dropped when $f is empty), so the user's lines and other resources'
 * blocks stay where they are and a second run produces the same bytes.
 */
const REPLACE_BLOCK =
  `'function block() { if (f != "") while ((getline line < f) > 0) print line; done = 1 } ` +
  `$0 == b { if (!done) block(); skip = 1; next } skip { if ($0 == e) skip = 0; next } { print } END { if (!done) block() }'`;

export function renderSles(plan: GuestPlan): FamilyRendering {
  // The label check applies here too: LABEL_N='N' becomes the kernel label eth0:N.
  aliasLabels(plan);
  const target = `/etc/sysconfig/network/ifcfg-${plan.interfaceName}`;
  // Outside /etc/sysconfig/network on purpose: any ifcfg-* file there is read as an interface.
  const staged = `/etc/eni-ips/ifcfg-${plan.interfaceName}-${plan.resourceKey}.sles`;
  const begin = `# BEGIN eni-ips ${plan.interfaceName} ${plan.resourceKey}`;
  const end = `# END eni-ips ${plan.interfaceName} ${plan.resourceKey}`;

  const lines = [
    begin,
    `# Secondary private IPv4 addresses of ${plan.interfaceName} (vSwitch ${plan.cidrBlock}) of eni-ips resource ${plan.resourceKey}: this block is replaced on every run.`,
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
  const content = lines.join("\n");
  const has = plan.addresses.length > 0;
  const x = GUEST_SCRIPT_EXIT;

  const script = shellScript({
    plan,
    summary: `SUSE ifcfg: a block of this resource's IPADDR_N lines in ${target} for the next boot; ip addr adds and removes single addresses now (wicked ifreload would restart the interface).`,
    tools: [],
    labelled: true,
    body: [
      `TARGET=${target}`,
      `STAGED=${staged}`,
      `B=${shQuote(begin)}`,
      `E=${shQuote(end)}`,
      `[ -f "$TARGET" ] || die ${x.wrongFamily} "$TARGET does not exist: guestOs sles is for SUSE images, whose ifcfg files live there"`,
      // The old block is this resource's record: an address in it that the new set lacks is one it no longer owns.
      "for a in $(awk -v b=\"$B\" -v e=\"$E\" '$0 == b { on = 1; next } $0 == e { on = 0 } on && /^IPADDR_[0-9]+=/ { sub(/^[^=]*=/, \"\"); gsub(/\\047/, \"\"); print }' \"$TARGET\"); do",
      '  case " $ENTRIES " in *" $a/"*) continue ;; esac',
      '  GONE="$GONE $a"',
      '  if present "$a"; then del_addr "$a"; say "removed $a"; CHANGED=1; fi',
      "done",
      ...(has ? heredoc('put_file "$STAGED" 0644', content) : ['drop_file "$STAGED"']),
      `awk -v b="$B" -v e="$E" -v f="${has ? "$STAGED" : ""}" ${REPLACE_BLOCK} "$TARGET" > "$STATE/.ifcfg-$KEY" || die ${x.applyFailed} "cannot read $TARGET"`,
      'put_file "$TARGET" "$(stat -c %a "$TARGET" 2>/dev/null || echo 644)" < "$STATE/.ifcfg-$KEY"',
      'rm -f "$STATE/.ifcfg-$KEY"',
      "for e in $ENTRIES; do",
      '  a=${e%%=*}; l=${e#*=}',
      '  present "${a%/*}" && continue',
      `  out=$(ip addr add "$a" brd + dev "$IF" label "$l" 2>&1) || die ${x.applyFailed} "ip addr add $a failed: $out"`,
      '  say "added $a ($l)"; CHANGED=1',
      "done",
    ],
  });

  const probe = (a: string) => `ip -o -4 addr show dev ${plan.interfaceName} | grep -qF ' inet ${a}/'`;
  return {
    files: has ? [{ path: staged, content, mode: "0644" }] : [],
    script,
    commands: [
      `awk -v b=${shQuote(begin)} -v e=${shQuote(end)} -v f=${has ? staged : "''"} ${REPLACE_BLOCK} ${target} > ${target}.eni-ips-new && cat ${target}.eni-ips-new > ${target} && rm -f ${target}.eni-ips-new`,
      ...plan.addresses.map((a) => `${probe(a.address)} || ip addr add ${a.address}/${plan.prefixLength} brd + dev ${plan.interfaceName} label ${plan.interfaceName}:${a.alias}`),
    ],
    notes: [
      `The lines belong in ${target}; the first command replaces this resource's block (between "${begin}" and "${end}") in place, or appends it, leaving the rest of the file and other resources' blocks alone.`,
      "wicked has no per-address equivalent of ifup (ifreload on a changed file is ifdown + ifup, which drops connections), so the running system gets `ip addr add`/`ip addr del` of exactly the changed addresses, with the same eth0:N labels wicked gives them at the next boot.",
      `Suffixes and labels are the addresses' offsets in ${plan.cidrBlock}${has ? ` (${plan.addresses.map((a) => `${a.address} -> ${plan.interfaceName}:${a.alias}`).join(", ")})` : ""}; removing an address never renumbers the others.`,
      `No gateway in the block: the default route (gateway ${plan.gateway}) stays with ${plan.interfaceName}'s own settings.`,
    ],
  };
}
