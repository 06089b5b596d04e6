// NetworkManager family (Alibaba Cloud Linux 3, Anolis 8, RHEL 8/9, CentOS Stream, Rocky, AlmaLinux):
// the addresses go into the interface's active connection with `nmcli connection modify +/-ipv4.addresses`
// (persistent) and reach the device with `nmcli device reapply`, which adds and removes exactly the
// changed addresses; `nmcli connection up` would re-add all of them. Plus a keyfile for offline images.
import { createHash } from "node:crypto";
import type { GuestPlan } from "./plan";
import type { FamilyRendering } from "./family";
import { shellScript, shQuote, STATE_DIR } from "./shell-script";
import { GUEST_SCRIPT_EXIT, type GuestFile } from "./types";

/** Where the script records which addresses each resource put into the interface's connection. */
export function networkManagerStatePath(interfaceName: string, resourceKey: string): string {
  return `${STATE_DIR}/networkmanager/${interfaceName}/${resourceKey}`;
}

/** A stable UUID for the offline profile (name-based, like UUID v5, from SHA-256): same input, same file. */
function profileUuid(plan: GuestPlan): string {
  const h = createHash("sha256").update(`eni-ips:${plan.interfaceName}:${plan.resourceKey}`).digest("hex");
  const variant = ((parseInt(h.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A complete connection profile of the interface for images built offline (Packer, a mounted disk):
 * DHCP as the image has it, plus the primary address first and this resource's addresses. Written in
 * the form `nmcli --offline` prints, so NetworkManager reads it back unchanged.
 */
function keyfile(plan: GuestPlan): GuestFile {
  const addresses = [plan.primaryIpAddress, ...plan.addresses.map((a) => a.address)].filter((a): a is string => a !== undefined);
  return {
    path: `/etc/NetworkManager/system-connections/eni-ips-${plan.interfaceName}-${plan.resourceKey}.nmconnection`,
    mode: "0600",
    content: [
      "[connection]",
      `id=eni-ips ${plan.interfaceName} ${plan.resourceKey}`,
      `uuid=${profileUuid(plan)}`,
      "type=ethernet",
      `interface-name=${plan.interfaceName}`,
      "",
      "[ethernet]",
      "",
      "[ipv4]",
      ...addresses.map((a, i) => `address${i + 1}=${a}/${plan.prefixLength}`),
      "method=auto",
      "",
      "[ipv6]",
      "addr-gen-mode=default",
      "method=auto",
      "",
      "[proxy]",
      "",
    ].join("\n"),
  };
}

export function renderNetworkManager(plan: GuestPlan): FamilyRendering {
  const x = GUEST_SCRIPT_EXIT;
  const primary = plan.primaryIpAddress === undefined ? "" : `${plan.primaryIpAddress}/${plan.prefixLength}`;
  const wanted = plan.addresses.map((a) => `${a.address}/${plan.prefixLength}`);
  const stateFile = networkManagerStatePath(plan.interfaceName, plan.resourceKey);

  const script = shellScript({
    plan,
    summary: "NetworkManager: nmcli connection modify +/-ipv4.addresses on the interface's active connection (persistent), then nmcli device reapply (only the changed addresses move).",
    tools: [["nmcli", "nmcli (NetworkManager) is not installed: CentOS/RHEL 6-7 and Alibaba Cloud Linux 2 use guestOs rhel"]],
    labelled: false,
    settleSeconds: 10,
    body: [
      `PRIMARY=${shQuote(primary)}`,
      `NMSTATE=${STATE_DIR}/networkmanager/$IF`,
      'SF="$NMSTATE/$KEY"',
      'PMARK="$NMSTATE/.primary"',
      `[ "$(nmcli -t -f RUNNING general 2>/dev/null)" = running ] || die ${x.wrongFamily} "NetworkManager is not running: guestOs networkmanager needs it (network-scripts images use guestOs rhel)"`,
      "UUID=$(nmcli -t -f UUID,DEVICE connection show --active | awk -F: -v d=\"$IF\" '$2 == d { print $1; exit }')",
      `[ -n "$UUID" ] || die ${x.wrongFamily} "no active NetworkManager connection on $IF (see nmcli device)"`,
      // A connection written by cloud-init is rewritten by cloud-init 23.4+ at boot, dropping our changes.
      "FN=$(nmcli -g UUID,FILENAME connection show 2>/dev/null | awk -F: -v u=\"$UUID\" '$1 == u { print $2; exit }')",
      'case "$FN" in *cloud-init*) say "warning: $FN was written by cloud-init, which may rewrite it at boot; run this script again after a reboot" ;; esac',
      "addrs() { nmcli -g ipv4.addresses connection show uuid \"$UUID\" | tr ',' '\\n' | tr -d ' \\\\' | grep -v '^$'; }",
      'has() { addrs | grep -qxF "$1"; }',
      `modify() { out=$(nmcli connection modify uuid "$UUID" "$@" 2>&1) || die ${x.applyFailed} "nmcli connection modify $*: $out"; MOD=1; }`,
      `mkdir -p "$NMSTATE" || die ${x.applyFailed} "cannot create $NMSTATE"`,
      // The state file lists what this resource put into the connection; the connection itself cannot
      // say which resource an address belongs to. Old and new are recorded before any change, so an
      // interrupted run still knows every address it may have added.
      'OLD=$(cat "$SF" 2>/dev/null)',
      `{ for a in $OLD $ENTRIES; do printf '%s\\n' "$a"; done; } | sort -u > "$SF.new" && mv -f "$SF.new" "$SF" || die ${x.applyFailed} "cannot write $SF"`,
      "MOD=0",
      "for a in $OLD; do",
      '  case " $ENTRIES " in *" $a "*) continue ;; esac',
      '  GONE="$GONE ${a%/*}"',
      '  if has "$a"; then modify -ipv4.addresses "$a"; say "removed $a"; fi',
      "done",
      // NetworkManager makes the first static address the kernel's primary one: the ENI's primary goes first.
      'if [ -n "$ENTRIES" ] && [ "$(addrs | head -n 1)" != "$PRIMARY" ]; then',
      '  has "$PRIMARY" || printf \'%s\\n\' "$PRIMARY" > "$PMARK"',
      "  rest=$(addrs | grep -vxF \"$PRIMARY\" | tr '\\n' ',')",
      '  modify ipv4.addresses "$PRIMARY${rest:+,${rest%,}}"',
      '  say "primary address $PRIMARY first in the connection"',
      "fi",
      "add=''",
      'for a in $ENTRIES; do has "$a" || add="$add${add:+,}$a"; done',
      'if [ -n "$add" ]; then modify +ipv4.addresses "$add"; say "added $add"; fi',
      // The primary entry eni-ips added goes with the last resource's addresses.
      'if [ -z "$ENTRIES" ] && [ -f "$PMARK" ]; then',
      "  others=''",
      '  for f in "$NMSTATE"/*; do [ -s "$f" ] && [ "$f" != "$SF" ] && others=1; done',
      '  p=$(cat "$PMARK")',
      '  if [ -z "$others" ]; then',
      '    [ "$(addrs)" = "$p" ] && { modify -ipv4.addresses "$p"; say "removed the primary entry $p eni-ips had added"; }',
      '    rm -f "$PMARK"',
      "  fi",
      "fi",
      'if [ "$MOD" = 1 ]; then',
      `  out=$(nmcli device reapply "$IF" 2>&1) || die ${x.applyFailed} "nmcli device reapply $IF: $out"`,
      '  say "nmcli device reapply $IF"; CHANGED=1',
      "fi",
      'if [ -n "$ENTRIES" ]; then { for a in $ENTRIES; do printf \'%s\\n\' "$a"; done; } > "$SF"; else rm -f "$SF"; fi',
    ],
  });

  const conn = `"$(nmcli -g GENERAL.CONNECTION device show ${plan.interfaceName})"`;
  return {
    files: [],
    script,
    keyfile: keyfile(plan),
    commands:
      wanted.length === 0
        ? []
        : [`nmcli connection modify ${conn} +ipv4.addresses "${[primary, ...wanted].join(",")}"`, `nmcli device reapply ${plan.interfaceName}`],
    notes: [
      `The addresses go into ${plan.interfaceName}'s active connection (\`nmcli connection modify … +ipv4.addresses\`), which NetworkManager keeps across reboots; \`nmcli device reapply ${plan.interfaceName}\` then adds or removes exactly the changed addresses. \`nmcli connection up\` is never used: it re-adds every address and drops connections.`,
      `The ENI's primary address ${primary || "(given with the addresses)"} stays the connection's first address: NetworkManager makes the first static address the kernel's primary one, and a secondary one there would become the source of traffic within the subnet.`,
      `A connection holds addresses of every resource on the interface, so the script records this resource's own in ${stateFile}; it removes (\`-ipv4.addresses\`) only those listed there that the new set lacks. The primary entry is removed with the last resource's addresses, and only if eni-ips added it.`,
      "The keyfile is for images built offline: a complete profile of the interface (DHCP, the primary address, this resource's addresses). NetworkManager activates one profile per interface, so on a running instance, or with several resources on one interface, use the script.",
      "Where cloud-init wrote the connection (its file name says so), cloud-init 23.4+ rewrites it at every boot: run the script again after a reboot (cloud-init's runcmd, or Cloud Assistant).",
    ],
  };
}
