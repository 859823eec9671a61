#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux's own hv_netvsc on vmbussim's netvsp: pings both ways over IPv4 and
# IPv6 up to jumbo frames, TCP both ways with its content checked, the
# ethtool views and a channel change, an MTU change, a new MAC address
# (set while down: Linux's driver refuses a live change), the link taken
# down and up.
#
# hvtest-tools: ip ping nc sha256sum ethtool

. /tests/system/hvtest-lib
. /tests/peer/peer-lib

ping_both() {
	ping -q -c 3 -i 0.05 -W 2 "$@" 10.9.0.2 || fail "ping 10.9.0.2 $*"
	ip netns exec far ping -q -c 3 -i 0.05 -W 2 "$@" 10.9.0.1 || fail "ping 10.9.0.1 $*"
	ping -q -6 -c 3 -i 0.05 -W 2 "$@" fd09::2 || fail "ping fd09::2 $*"
	ip netns exec far ping -q -6 -c 3 -i 0.05 -W 2 "$@" fd09::1 || fail "ping fd09::1 $*"
}

peer_up
peer_insmod ucs2_string
peer_insmod hv_netvsc
nic_up
echo "NIC $NIC, far end $VSIM"

step pings
for size in 56 1472; do
	ping_both -s "$size"
done
step jumbo
ip link set "$NIC" mtu 9000 || fail "mtu 9000"
ip -n far link set "$VSIM" mtu 9000 || fail "far mtu 9000"
ping_both -s 8952 -M do
ip link set "$NIC" mtu 1500 || fail "mtu 1500"
ip -n far link set "$VSIM" mtu 1500

step TCP
tcp_both "$(scaled 4 1)"

step ethtool
for o in -k -l -g -S -x; do
	ethtool "$o" "$NIC" >/tmp/ethtool.out 2>&1 || { cat /tmp/ethtool.out; fail "ethtool $o"; }
done
ethtool -L "$NIC" combined 1 || fail "ethtool -L combined 1"
ethtool -l "$NIC" | tail -n 5 | grep -q "Combined:.*1" || fail "not 1 channel"
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after the channel change"

# Linux's driver changes the address only while the interface is down.
step "MAC address"
new=00:15:5d:aa:bb:cc
ip link set "$NIC" down
ip link set "$NIC" address "$new" || fail "set address $new"
ip link set "$NIC" up
wait_for 10 sh -c "ip link show $NIC | grep -q LOWER_UP" || fail "no carrier after the address change"
ip -n far neigh flush dev "$VSIM"
wait_for 10 ip netns exec far ping -q -c 1 -W 1 10.9.0.1 || fail "no traffic to $new"
ip -n far neigh show 10.9.0.1 dev "$VSIM" | grep -qi "lladdr $new" ||
	fail "far end does not see $new"

step "down and up"
ip link set "$NIC" down
ip link set "$NIC" up
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after down/up"

[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
[ "$(sim_field "$RELID" bad_comp)" = 0 ] || fail "host saw bad completions"
[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "Linux's netvsc broke a host rule"
[ "$(sim_field "$RELID" tx_split)" = 0 ] || fail "Linux's netvsc split an RNDIS header across GPA ranges"
closes=$(sim_status rescinded_closes)
nic_remove
wait_for 10 rescind_closed "$closes" ||
	fail "NIC channel not closed before its release: $(cat "$SIM/status")"
peer_shim_clean
peer_down
