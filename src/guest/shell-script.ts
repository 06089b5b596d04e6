// The frame every Linux family's converging script shares: a POSIX sh prelude (root and interface
// checks, a per-interface lock, address probes, write-only-if-changed), the family's body, and a final
// check that the interface holds exactly what this resource wants. Families only write their body.
import type { GuestPlan } from "./plan";
import { GUEST_SCRIPT_EXIT } from "./types";

/** Where scripts keep what they must remember between runs, and their lock files. */
export const STATE_DIR = "/var/lib/eni-ips";

/** Single-quoted sh word; our inputs are validated, the escaping is belt and braces. */
export function shQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

const EOF_MARK = "ENI_IPS_EOF";

/** A here-document feeding `content` verbatim (quoted delimiter: no expansion) to `command`. */
export function heredoc(command: string, content: string): string[] {
  const body = content.endsWith("\n") ? content.slice(0, -1) : content;
  if (body.split("\n").includes(EOF_MARK)) throw new Error(`internal: content contains the here-document delimiter ${EOF_MARK}`);
  return [`${command} <<'${EOF_MARK}'`, body, EOF_MARK];
}

export interface ShellScriptSpec {
  readonly plan: GuestPlan;
  /** One line on what the family does, for the script's header. */
  readonly summary: string;
  /** `command -v` checks: [tool, message when it is missing]. */
  readonly tools: readonly (readonly [string, string])[];
  /**
   * The entries the body loops over, one word each: `ADDRESS/PREFIX`, with `=LABEL` appended for
   * families that label their aliases.
   */
  readonly labelled: boolean;
  readonly body: readonly string[];
  /** Seconds the final check waits for addresses to appear or go (daemons apply asynchronously). */
  readonly settleSeconds?: number;
}

/** Space-separated `ADDRESS/PREFIX[=LABEL]` words of the plan, in plan order. */
export function entryWords(plan: GuestPlan, labelled: boolean): string {
  return plan.addresses.map((a) => `${a.address}/${plan.prefixLength}${labelled ? `=${plan.interfaceName}:${a.alias}` : ""}`).join(" ");
}

export function shellScript(spec: ShellScriptSpec): string {
  const { plan } = spec;
  const x = GUEST_SCRIPT_EXIT;
  const lines = [
    "#!/bin/sh",
    `# eni-ips: converge ${plan.interfaceName} to the secondary private IPv4 addresses of resource ${plan.resourceKey} (vSwitch ${plan.cidrBlock}).`,
    `# ${spec.summary}`,
    "# Addresses of other resources and of the system are never touched. Safe to run again: a second run changes nothing.",
    `# Exit: ${x.ok} done, ${x.applyFailed} apply failed, ${x.notPrivileged} not root, ${x.noInterface} no such interface, ${x.missingTool} tool missing, ${x.wrongFamily} wrong guestOs, ${x.locked} locked.`,
    "set -u",
    "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH",
    `IF=${shQuote(plan.interfaceName)}`,
    `KEY=${shQuote(plan.resourceKey)}`,
    `ENTRIES=${shQuote(entryWords(plan, spec.labelled))}`,
    `STATE=${STATE_DIR}`,
    "CHANGED=0",
    "GONE=''",
    "say() { printf 'eni-ips: %s\\n' \"$*\"; }",
    "die() { rc=$1; shift; printf 'eni-ips: error: %s\\n' \"$*\" >&2; exit \"$rc\"; }",
    `[ "$(id -u)" = 0 ] || die ${x.notPrivileged} "run as root"`,
    `command -v ip >/dev/null 2>&1 || die ${x.missingTool} "ip (iproute2) is not installed"`,
    `command -v awk >/dev/null 2>&1 || die ${x.missingTool} "awk is not installed"`,
    ...spec.tools.map(([tool, message]) => `command -v ${tool} >/dev/null 2>&1 || die ${x.missingTool} ${shQuote(message)}`),
    `ip link show dev "$IF" >/dev/null 2>&1 || die ${x.noInterface} "interface $IF does not exist on this instance (is the ENI attached, and is this its device name?)"`,
    // Scripts of several resources may reach one instance at once (parallel creates); edits of shared
    // files (interfaces, ifcfg, the connection) must not interleave.
    `mkdir -p "$STATE" || die ${x.applyFailed} "cannot create $STATE"`,
    "if command -v flock >/dev/null 2>&1; then",
    '  exec 9>"$STATE/.lock-$IF"',
    `  flock -w 120 9 || die ${x.locked} "another eni-ips script has held $STATE/.lock-$IF for 2 minutes"`,
    "fi",
    'present() { ip -o -4 addr show dev "$IF" | grep -F " inet $1/" >/dev/null; }',
    "cidr_of() { ip -o -4 addr show dev \"$IF\" | awk -v a=\"$1\" '{ for (i = 1; i < NF; i++) if ($i == \"inet\") { split($(i + 1), p, \"/\"); if (p[1] == a) print $(i + 1) } }'; }",
    "# put_file PATH MODE < CONTENT: replace PATH only when the content differs (a second run writes nothing).",
    // The new content waits in the state directory, not beside the target: a half-written file in
    // interfaces.d or netplan/ would be read by the next ifup or netplan run.
    "put_file() {",
    `  new="$STATE/.new-$KEY"; cat > "$new" || die ${x.applyFailed} "cannot write $new"`,
    '  if [ -f "$1" ] && [ "$(wc -c < "$1")" = "$(wc -c < "$new")" ] && [ "$(cat "$1")" = "$(cat "$new")" ]; then rm -f "$new"; return 1; fi',
    `  mkdir -p "$(dirname "$1")" && chmod "$2" "$new" && mv -f "$new" "$1" || die ${x.applyFailed} "cannot write $1"`,
    '  say "wrote $1"; CHANGED=1',
    "}",
    `drop_file() { if [ -e "$1" ]; then rm -f "$1" || die ${x.applyFailed} "cannot remove $1"; say "removed $1"; CHANGED=1; fi; }`,
    "# del_addr ADDRESS: the kernel address with whatever prefix it carries.",
    'del_addr() { c=$(cidr_of "$1"); [ -z "$c" ] || ip addr del "$c" dev "$IF"; }',
    "",
    ...spec.body,
    "",
    // The result is judged on the interface itself, whatever the tools reported on the way.
    "settle=0",
    "while :; do",
    "  bad=''",
    '  for e in $ENTRIES; do a=${e%%=*}; present "${a%/*}" || bad="$bad missing ${a%/*};"; done',
    '  for a in $GONE; do present "$a" && bad="$bad still present $a;"; done',
    `  if [ -z "$bad" ] || [ "$settle" -ge ${spec.settleSeconds ?? 0} ]; then break; fi`,
    "  settle=$((settle + 1)); sleep 1",
    "done",
    `[ -z "$bad" ] || die ${x.applyFailed} "$IF is not as intended for resource $KEY:$bad"`,
    'n=0; for e in $ENTRIES; do n=$((n + 1)); done',
    'if [ "$CHANGED" = 1 ]; then say "$IF: resource $KEY now has $n address(es)"; else say "$IF: resource $KEY has its $n address(es), no change"; fi',
    "",
  ];
  return lines.join("\n");
}
