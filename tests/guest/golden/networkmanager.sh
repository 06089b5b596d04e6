#!/bin/sh
# eni-ips: converge eth0 to the secondary private IPv4 addresses of resource web (vSwitch 172.16.0.0/24).
# NetworkManager: nmcli connection modify +/-ipv4.addresses on the interface's active connection (persistent), then nmcli device reapply (only the changed addresses move).
# Addresses of other resources and of the system are never touched. Safe to run again: a second run changes nothing.
# Exit: 0 done, 1 apply failed, 2 not root, 3 no such interface, 4 tool missing, 5 wrong guestOs, 6 locked.
set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
IF='eth0'
KEY='web'
ENTRIES='172.16.0.10/24 172.16.0.11/24'
STATE=/var/lib/eni-ips
CHANGED=0
GONE=''
say() { printf 'eni-ips: %s\n' "$*"; }
die() { rc=$1; shift; printf 'eni-ips: error: %s\n' "$*" >&2; exit "$rc"; }
[ "$(id -u)" = 0 ] || die 2 "run as root"
command -v ip >/dev/null 2>&1 || die 4 "ip (iproute2) is not installed"
command -v awk >/dev/null 2>&1 || die 4 "awk is not installed"
command -v nmcli >/dev/null 2>&1 || die 4 'nmcli (NetworkManager) is not installed: CentOS/RHEL 6-7 and Alibaba Cloud Linux 2 use guestOs rhel'
ip link show dev "$IF" >/dev/null 2>&1 || die 3 "interface $IF does not exist on this instance (is the ENI attached, and is this its device name?)"
mkdir -p "$STATE" || die 1 "cannot create $STATE"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$STATE/.lock-$IF"
  flock -w 120 9 || die 6 "another eni-ips script has held $STATE/.lock-$IF for 2 minutes"
fi
present() { ip -o -4 addr show dev "$IF" | grep -F " inet $1/" >/dev/null; }
cidr_of() { ip -o -4 addr show dev "$IF" | awk -v a="$1" '{ for (i = 1; i < NF; i++) if ($i == "inet") { split($(i + 1), p, "/"); if (p[1] == a) print $(i + 1) } }'; }
# put_file PATH MODE < CONTENT: replace PATH only when the content differs (a second run writes nothing).
put_file() {
  new="$STATE/.new-$KEY"; cat > "$new" || die 1 "cannot write $new"
  if [ -f "$1" ] && [ "$(wc -c < "$1")" = "$(wc -c < "$new")" ] && [ "$(cat "$1")" = "$(cat "$new")" ]; then rm -f "$new"; return 1; fi
  mkdir -p "$(dirname "$1")" && chmod "$2" "$new" && mv -f "$new" "$1" || die 1 "cannot write $1"
  say "wrote $1"; CHANGED=1
}
drop_file() { if [ -e "$1" ]; then rm -f "$1" || die 1 "cannot remove $1"; say "removed $1"; CHANGED=1; fi; }
# del_addr ADDRESS: the kernel address with whatever prefix it carries.
del_addr() { c=$(cidr_of "$1"); [ -z "$c" ] || ip addr del "$c" dev "$IF"; }

PRIMARY='172.16.0.5/24'
NMSTATE=/var/lib/eni-ips/networkmanager/$IF
SF="$NMSTATE/$KEY"
PMARK="$NMSTATE/.primary"
[ "$(nmcli -t -f RUNNING general 2>/dev/null)" = running ] || die 5 "NetworkManager is not running: guestOs networkmanager needs it (network-scripts images use guestOs rhel)"
UUID=$(nmcli -t -f UUID,DEVICE connection show --active | awk -F: -v d="$IF" '$2 == d { print $1; exit }')
[ -n "$UUID" ] || die 5 "no active NetworkManager connection on $IF (see nmcli device)"
FN=$(nmcli -g UUID,FILENAME connection show 2>/dev/null | awk -F: -v u="$UUID" '$1 == u { print $2; exit }')
case "$FN" in *cloud-init*) say "warning: $FN was written by cloud-init, which may rewrite it at boot; run this script again after a reboot" ;; esac
addrs() { nmcli -g ipv4.addresses connection show uuid "$UUID" | tr ',' '\n' | tr -d ' \\' | grep -v '^$'; }
has() { addrs | grep -qxF "$1"; }
modify() { out=$(nmcli connection modify uuid "$UUID" "$@" 2>&1) || die 1 "nmcli connection modify $*: $out"; MOD=1; }
mkdir -p "$NMSTATE" || die 1 "cannot create $NMSTATE"
OLD=$(cat "$SF" 2>/dev/null)
{ for a in $OLD $ENTRIES; do printf '%s\n' "$a"; done; } | sort -u > "$SF.new" && mv -f "$SF.new" "$SF" || die 1 "cannot write $SF"
MOD=0
for a in $OLD; do
  case " $ENTRIES " in *" $a "*) continue ;; esac
  GONE="$GONE ${a%/*}"
  if has "$a"; then modify -ipv4.addresses "$a"; say "removed $a"; fi
done
if [ -n "$ENTRIES" ] && [ "$(addrs | head -n 1)" != "$PRIMARY" ]; then
  has "$PRIMARY" || printf '%s\n' "$PRIMARY" > "$PMARK"
  rest=$(addrs | grep -vxF "$PRIMARY" | tr '\n' ',')
  modify ipv4.addresses "$PRIMARY${rest:+,${rest%,}}"
  say "primary address $PRIMARY first in the connection"
fi
add=''
for a in $ENTRIES; do has "$a" || add="$add${add:+,}$a"; done
if [ -n "$add" ]; then modify +ipv4.addresses "$add"; say "added $add"; fi
if [ -z "$ENTRIES" ] && [ -f "$PMARK" ]; then
  others=''
  for f in "$NMSTATE"/*; do [ -s "$f" ] && [ "$f" != "$SF" ] && others=1; done
  p=$(cat "$PMARK")
  if [ -z "$others" ]; then
    [ "$(addrs)" = "$p" ] && { modify -ipv4.addresses "$p"; say "removed the primary entry $p eni-ips had added"; }
    rm -f "$PMARK"
  fi
fi
if [ "$MOD" = 1 ]; then
  out=$(nmcli device reapply "$IF" 2>&1) || die 1 "nmcli device reapply $IF: $out"
  say "nmcli device reapply $IF"; CHANGED=1
fi
if [ -n "$ENTRIES" ]; then { for a in $ENTRIES; do printf '%s\n' "$a"; done; } > "$SF"; else rm -f "$SF"; fi

settle=0
while :; do
  bad=''
  for e in $ENTRIES; do a=${e%%=*}; present "${a%/*}" || bad="$bad missing ${a%/*};"; done
  for a in $GONE; do present "$a" && bad="$bad still present $a;"; done
  if [ -z "$bad" ] || [ "$settle" -ge 10 ]; then break; fi
  settle=$((settle + 1)); sleep 1
done
[ -z "$bad" ] || die 1 "$IF is not as intended for resource $KEY:$bad"
n=0; for e in $ENTRIES; do n=$((n + 1)); done
if [ "$CHANGED" = 1 ]; then say "$IF: resource $KEY now has $n address(es)"; else say "$IF: resource $KEY has its $n address(es), no change"; fi
