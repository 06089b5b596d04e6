#!/bin/sh
# eni-ips: converge eth0 to the secondary private IPv4 addresses of resource web (vSwitch 172.16.0.0/24).
# SUSE ifcfg: a block of this resource's IPADDR_N lines in /etc/sysconfig/network/ifcfg-eth0 for the next boot; ip addr adds and removes single addresses now (wicked ifreload would restart the interface).
# Addresses of other resources and of the system are never touched. Safe to run again: a second run changes nothing.
# Exit: 0 done, 1 apply failed, 2 not root, 3 no such interface, 4 tool missing, 5 wrong guestOs, 6 locked.
set -u
PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:$PATH
IF='eth0'
KEY='web'
ENTRIES='172.16.0.10/24=eth0:10 172.16.0.11/24=eth0:11'
STATE=/var/lib/eni-ips
CHANGED=0
GONE=''
say() { printf 'eni-ips: %s\n' "$*"; }
die() { rc=$1; shift; printf 'eni-ips: error: %s\n' "$*" >&2; exit "$rc"; }
[ "$(id -u)" = 0 ] || die 2 "run as root"
command -v ip >/dev/null 2>&1 || die 4 "ip (iproute2) is not installed"
command -v awk >/dev/null 2>&1 || die 4 "awk is not installed"
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

TARGET=/etc/sysconfig/network/ifcfg-eth0
STAGED=/etc/eni-ips/ifcfg-eth0-web.sles
B='# BEGIN eni-ips eth0 web'
E='# END eni-ips eth0 web'
[ -f "$TARGET" ] || die 5 "$TARGET does not exist: guestOs sles is for SUSE images, whose ifcfg files live there"
for a in $(awk -v b="$B" -v e="$E" '$0 == b { on = 1; next } $0 == e { on = 0 } on && /^IPADDR_[0-9]+=/ { sub(/^[^=]*=/, ""); gsub(/\047/, ""); print }' "$TARGET"); do
  case " $ENTRIES " in *" $a/"*) continue ;; esac
  GONE="$GONE $a"
  if present "$a"; then del_addr "$a"; say "removed $a"; CHANGED=1; fi
done
put_file "$STAGED" 0644 <<'ENI_IPS_EOF'
# BEGIN eni-ips eth0 web
# Secondary private IPv4 addresses of eth0 (vSwitch 172.16.0.0/24) of eni-ips resource web: this block is replaced on every run.
# Suffix N is the address's offset in the vSwitch block, stable when addresses come and go.

IPADDR_10='172.16.0.10'
NETMASK_10='24'
PREFIXLEN_10='24'
LABEL_10='10'

IPADDR_11='172.16.0.11'
NETMASK_11='24'
PREFIXLEN_11='24'
LABEL_11='11'
# END eni-ips eth0 web
ENI_IPS_EOF
awk -v b="$B" -v e="$E" -v f="$STAGED" 'function block() { if (f != "") while ((getline line < f) > 0) print line; done = 1 } $0 == b { if (!done) block(); skip = 1; next } skip { if ($0 == e) skip = 0; next } { print } END { if (!done) block() }' "$TARGET" > "$STATE/.ifcfg-$KEY" || die 1 "cannot read $TARGET"
put_file "$TARGET" "$(stat -c %a "$TARGET" 2>/dev/null || echo 644)" < "$STATE/.ifcfg-$KEY"
rm -f "$STATE/.ifcfg-$KEY"
for e in $ENTRIES; do
  a=${e%%=*}; l=${e#*=}
  present "${a%/*}" && continue
  out=$(ip addr add "$a" brd + dev "$IF" label "$l" 2>&1) || die 1 "ip addr add $a failed: $out"
  say "added $a ($l)"; CHANGED=1
done

settle=0
while :; do
  bad=''
  for e in $ENTRIES; do a=${e%%=*}; present "${a%/*}" || bad="$bad missing ${a%/*};"; done
  for a in $GONE; do present "$a" && bad="$bad still present $a;"; done
  if [ -z "$bad" ] || [ "$settle" -ge 0 ]; then break; fi
  settle=$((settle + 1)); sleep 1
done
[ -z "$bad" ] || die 1 "$IF is not as intended for resource $KEY:$bad"
n=0; for e in $ENTRIES; do n=$((n + 1)); done
if [ "$CHANGED" = 1 ]; then say "$IF: resource $KEY now has $n address(es)"; else say "$IF: resource $KEY has its $n address(es), no change"; fi
