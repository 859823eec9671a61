#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc driven at saturation by the kernel's pktgen. netvsc writes
# into an skb it sends as GPA ranges (the RNDIS header in its headroom),
# so it must not offer IFF_TX_SKB_SHARING: pktgen's burst and clone_skb,
# which hand one skb over several times, are refused (a burst crashed
# the kernel in pskb_expand_head when they were not). Frames sent
# through the qdisc faster than the host takes them all reach the host:
# what the NIC counts as sent the host delivered or counted as dropped.
# Skipped where the kernel has no pktgen (the debug kernel).
# hvtest-tools: ip ping ethtool nc
# hvtest-kmods: pktgen

. /tests/system/hvtest-lib
. /tests/system/netmq-lib

modprobe pktgen 2>/dev/null || skip "no pktgen in this kernel"
lsmod | grep -q '^vmbussim' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up

PG=/proc/net/pktgen
pg() {
	echo "$2" >"$PG/$1"
}

# tx_sum KIND: the NIC's tx_queue_N_KIND counters summed over its queues.
tx_sum() {
	ethtool -S "$NIC" | awk -v k="$1" '$1 ~ "^tx_queue_[0-9]+_" k ":$" { s += $2 } END { print s + 0 }'
}

# host_sum: frames the host took from the guest, delivered or dropped
# (drops also counts frames to the guest, and none come back here).
host_sum() {
	echo $(($(sim_field "$RELID" tx_frames) + $(sim_field "$RELID" drops)))
}

pg kpktgend_0 rem_device_all || fail "pktgen rem_device_all"
pg kpktgend_0 "add_device $NIC" || fail "pktgen add_device $NIC"
pg "$NIC" "burst 16" 2>/dev/null && fail "pktgen burst accepted: netvsc offers skb sharing"
pg "$NIC" "clone_skb 8" 2>/dev/null && fail "pktgen clone_skb accepted: netvsc offers skb sharing"

mac=$(ip -n far link show "$VSIM" | awk '/ether/ { print $2 }')
for c in "count 50000" "pkt_size 60" "xmit_mode queue_xmit" "delay 0" \
	 "dst 10.9.0.2" "dst_mac $mac" "udp_dst_min 9" "udp_dst_max 9"; do
	pg "$NIC" "$c" || fail "pktgen $NIC: $c"
done
# A listener on the discard port: no ICMP errors come back, and every
# frame the host counts is one the NIC sent.
ip netns exec far /usr/bin/nc -u -l 9 >/dev/null &
sink=$!
wait_for 5 sock_listening udp 9 far || fail "no UDP listener at the far end"
p0=$(tx_sum packets) d0=$(tx_sum dropped) m0=$(tx_sum msgs) h0=$(host_sum)
pg pgctrl start || fail "pktgen start"
grep -A1 Result "$PG/$NIC"
p1=$(tx_sum packets) d1=$(tx_sum dropped) m1=$(tx_sum msgs)
sent=$((p1 - p0 - (d1 - d0)))
[ "$sent" -ge 1000 ] || fail "only $sent frames reached the host's rings"
# The host works through what is still in the ring.
host_has() {
	[ $(($(host_sum) - h0)) -ge "$1" ]
}
wait_for 10 host_has "$sent" ||
	fail "NIC sent $sent frames, the host took $(($(host_sum) - h0))"
# A few more for neighbour discovery, never a frame twice.
[ $(($(host_sum) - h0)) -le $((sent + 20)) ] ||
	fail "NIC sent $sent frames, the host took $(($(host_sum) - h0))"
echo "sent $sent frames in $((m1 - m0)) send messages"
pg kpktgend_0 rem_device_all
kill "$sink"
wait
ping -q -c 2 -W 2 10.9.0.2 >/dev/null || fail "no traffic after pktgen"
[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
nic_remove
