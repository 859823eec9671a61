#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc against vmbussim's netvsp: the synthetic NIC in this network
# namespace, its far end vsimN in another. Pings both ways over IPv4 and
# IPv6 at several sizes, up to jumbo frames after an MTU change; a TCP
# bulk transfer whose content is checked on the far side; the interface
# taken down and up; a new MAC address, set as the host's configuration
# parameter "NetworkAddress", that the far end learns and that survives
# an MTU change (the host's adapter re-initialised); the device removed
# and offered again.
# hvtest-tools: ip ping nc sha256sum

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
echo "NIC $NIC, far end $VSIM"

ping_both() {
	ping -q -c 3 -i 0.05 -W 2 "$@" 10.9.0.2 || fail "ping 10.9.0.2 $*"
	ip netns exec far ping -q -c 3 -i 0.05 -W 2 "$@" 10.9.0.1 || fail "ping 10.9.0.1 $*"
	ping -q -6 -c 3 -i 0.05 -W 2 "$@" fd09::2 || fail "ping fd09::2 $*"
	ip netns exec far ping -q -6 -c 3 -i 0.05 -W 2 "$@" fd09::1 || fail "ping fd09::1 $*"
}

step pings
for size in 56 200 1000 1472; do
	ping_both -s "$size"
done

# Jumbo frames: the host allows 9000.
step jumbo
ip link set "$NIC" mtu 9000 || fail "mtu 9000"
ip -n far link set "$VSIM" mtu 9000 || fail "far mtu 9000"
for size in 1473 4000 8952; do
	ping_both -s "$size" -M do
done
ip link set "$NIC" mtu 9001 2>/dev/null && fail "MTU above the host's limit accepted"
ip link set "$NIC" mtu 67 2>/dev/null && fail "MTU below 68 accepted"
ip link set "$NIC" mtu 1500 || fail "mtu 1500"
ip -n far link set "$VSIM" mtu 1500

# TCP bulk both ways, content checked.
step TCP
tcp_both "$(scaled 8 2)"

# Down and up, then traffic again.
step "down and up"
ip link set "$NIC" down
ip link set "$NIC" up
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after down/up"

# A new MAC address: the far end learns it, and it stays across an MTU
# change, which re-initialises the host's adapter.
mac_of() {
	cat /sys/class/net/"$NIC"/address
}
far_sees_mac() {
	ip -n far neigh flush dev "$VSIM"
	ip netns exec far ping -q -c 1 -W 1 10.9.0.1 >/dev/null &&
		ip -n far neigh show 10.9.0.1 dev "$VSIM" | grep -qi "lladdr $1"
}
# host_mac_is MAC: the host's adapter uses MAC.
host_mac_is() {
	[ "$(sim_field "$RELID" mac)" = "$1" ]
}
step "MAC address"
perm=$(mac_of)
new=00:15:5d:aa:bb:cc
cfg=$(sim_field "$RELID" mac_cfg)
ip link set "$NIC" address "$new" || fail "set address $new"
[ "$(mac_of)" = "$new" ] || fail "address is $(mac_of), not $new"
# Set as Hyper-V takes it: the "NetworkAddress" configuration parameter,
# never the current-address object (which the host refuses).
host_mac_is "$new" || fail "host uses $(sim_field "$RELID" mac), not $new"
[ "$(sim_field "$RELID" mac_cfg)" = $((cfg + 1)) ] ||
	fail "host took $(sim_field "$RELID" mac_cfg) configuration parameters, not $((cfg + 1))"
[ "$(sim_field "$RELID" mac_oid_refused)" = 0 ] ||
	fail "the guest set the current-address object"
wait_for 10 far_sees_mac "$new" || fail "far end does not reach $new"
ip link set "$NIC" mtu 4000 || fail "mtu 4000 with the new address"
[ "$(mac_of)" = "$new" ] || fail "address $(mac_of) after the MTU change, not $new"
host_mac_is "$new" || fail "host lost $new in the MTU change"
wait_for 10 far_sees_mac "$new" || fail "far end does not reach $new after the MTU change"
ip link set "$NIC" mtu 1500 || fail "mtu 1500"
ip link set "$NIC" address "$perm" || fail "set address back"
host_mac_is "$perm" || fail "host uses $(sim_field "$RELID" mac), not $perm"
wait_for 10 far_sees_mac "$perm" || fail "far end does not reach $perm"

# The host sees no bad messages; every frame went through. The host
# holds the guest to a Microsoft host's rules (NVSP order, one RNDIS
# initialisation per connection, completions of sent packets only, the
# RNDIS header of a frame in its first GPA range): through the address
# and MTU changes above the guest broke none of them.
[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
[ "$(sim_field "$RELID" bad_comp)" = 0 ] || fail "host saw bad completions"
[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "the guest broke a host rule: $(dmesg | grep 'no longer served' | tail -1)"
[ "$(sim_field "$RELID" tx_split)" = 0 ] || fail "the guest split an RNDIS header across GPA ranges"
ethtool -S "$NIC" 2>/dev/null | head -12

nic_remove
