#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc under churn with traffic flowing both ways (flood pings):
# 100 channel-count changes (ethtool -L), 100 MTU changes (10 each on
# the debug kernel) and 10 down/up cycles. Nothing may hang or leak
# (the debug kernel's checks run on the log), every change must take
# effect, and traffic and a checked TCP transfer must work afterwards.
# hvtest-tools: ip ping ethtool nc sha256sum

. /tests/system/hvtest-lib
. /tests/system/netmq-lib

lsmod | grep -q '^vmbussim ' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
ip -n far link set "$VSIM" mtu 9000
# The debug kernel under TCG runs one change in several seconds with
# flood pings: 100 of each do not fit its run.
N=${NETMQ_ITER:-$(scaled 100 10)}

traffic_start
start=$(date +%s)
i=0
while [ $i -lt "$N" ]; do
	c=$((i % 4 + 1))
	ethtool -L "$NIC" combined $c || fail "-L $c (change $i)"
	[ "$(channels)" = $c ] || fail "channels $(channels) after -L $c (change $i)"
	i=$((i + 1))
done
echo "$N channel changes in $(( $(date +%s) - start )) s"
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after the channel changes"

start=$(date +%s)
for m in $(seq 1 "$N"); do
	case $((m % 4)) in
	0) mtu=1500 ;; 1) mtu=9000 ;; 2) mtu=1280 ;; 3) mtu=4000 ;;
	esac
	ip link set "$NIC" mtu $mtu || fail "mtu $mtu (change $m)"
	[ "$(sim_field "$RELID" mtu)" = $mtu ] || fail "host MTU $(sim_field "$RELID" mtu), want $mtu"
done
echo "$N MTU changes in $(( $(date +%s) - start )) s"
ip link set "$NIC" mtu 1500
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after the MTU changes"

for i in 1 2 3 4 5 6 7 8 9 10; do
	ip link set "$NIC" down || fail "down $i"
	ip link set "$NIC" up || fail "up $i"
done
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after down/up"
traffic_stop

# A checked TCP transfer on the settled NIC.
ethtool -L "$NIC" combined 2 || fail "-L 2"
tcp_blob 2
tcp_out 5001 10.9.0.2
[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
[ "$(sim_field "$RELID" bad_comp)" = 0 ] || fail "host saw bad completions"
[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "the guest broke a host rule"
echo "receive packets: $(sim_field "$RELID" rx_pkts), with several frames: $(sim_field "$RELID" rx_multi)"
ethtool -S "$NIC" | grep -E 'queue_[0-3]_(packets|dropped)'
nic_remove
