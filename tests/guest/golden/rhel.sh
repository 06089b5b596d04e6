#!/bin/sh
# eni-ips: converge eth0 to the secondary private IPv4 addresses of resource web (vSwitch 172.16.0.0/24).
# network-scripts: one /etc/sysconfig/network-scripts/ifcfg-eth0:N file per address; ifup/ifdown bring single aliases up and down, never the whole interface.
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
command -v ifup >/dev/null 2>&1 || die 4 'ifup (network-scripts) is not installed: RHEL 8+, Alibaba Cloud Linux 3 and Anolis 8 use guestOs networkmanager'
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

DIR=/etc/sysconfig/network-scripts
MARK='# Managed by eni-ips for resource web:'
if command -v nmcli >/dev/null 2>&1 && [ "$(nmcli -t -f RUNNING general 2>/dev/null)" = running ] && nmcli -t -f DEVICE,STATE device 2>/dev/null | grep -q "^$IF:connected"; then
  die 5 "NetworkManager manages $IF: render with guestOs networkmanager"
fi
for f in "$DIR/ifcfg-$IF":*; do
  [ -f "$f" ] || continue
  case "$(head -n 1 "$f")" in "$MARK"*) ;; *) continue ;; esac
  l=${f##*/ifcfg-}
  case " $ENTRIES " in *"=$l "*) continue ;; esac
  a=$(sed -n 's/^IPADDR=//p' "$f")
  if [ -n "$a" ]; then
    GONE="$GONE $a"
    if present "$a"; then ifdown "$l" >/dev/null 2>&1; present "$a" && del_addr "$a"; say "removed $a ($l)"; CHANGED=1; fi
  fi
  drop_file "$f"
done
alias_file() {
  sed -e "s|@ADDR@|$1|g" -e "s|@LABEL@|$2|g" <<'ENI_IPS_EOF'
# Managed by eni-ips for resource web: secondary private IPv4 address @ADDR@ of eth0 (vSwitch 172.16.0.0/24).
# The alias number is the address's offset in the vSwitch block, so it never changes when other addresses come and go.
# No GATEWAY: the default route stays with eth0's own configuration.
DEVICE=@LABEL@
TYPE=Ethernet
BOOTPROTO=static
ONBOOT=yes
IPADDR=@ADDR@
NETMASK=255.255.255.0
ENI_IPS_EOF
}
for e in $ENTRIES; do
  a=${e%%=*}; a=${a%/*}; l=${e#*=}
  alias_file "$a" "$l" > "$STATE/.alias-$KEY" || die 1 "cannot write $STATE/.alias-$KEY"
  put_file "$DIR/ifcfg-$l" 0644 < "$STATE/.alias-$KEY"
done
rm -f "$STATE/.alias-$KEY"
for e in $ENTRIES; do
  a=${e%%=*}; l=${e#*=}
  present "${a%/*}" && continue
  out=$(ifup "$l" 2>&1) || die 1 "ifup $l failed: $out"
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
