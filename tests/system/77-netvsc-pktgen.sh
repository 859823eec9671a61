#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc driven at saturation by the kernel's pktgen. netvsc writes
# into an skb it sends as GPA ranges (the RNDIS header in its headroom),
# so it must not offer IFF_TX_SKB_SHARING: pktgen's burst and clone_skb,
# which hand one skb over several times, are refused (a burst crashed
# the kernel in pskb_expand_head when they were not). Then 50000 frames
# through the qdisc, faster than the host takes them: the host never
# takes more frames than the NIC counted, and traffic flows afterwards.
# Skipped where the kernel has no pktgen (the debug kernel).
# hvtest-tools: ip ping ethtool
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

# host_sum: frames the host took from the guest, delivered or dropped
# (drops also counts frames to the guest; none go there during the run).
host_sum() {
	echo $(($(sim_field "$RELID" tx_frames) + $(sim_field "$RELID" drops)))
}

pg kpktgend_0 rem_device_all || fail "pktgen rem_device_all"
# pktgen holds the NIC until it lets go: also when this test fails.
trap 'echo rem_device_all >"$PG/kpktgend_0"' EXIT
pg kpktgend_0 "add_device $NIC" || fail "pktgen add_device $NIC"
pg "$NIC" "burst 16" 2>/dev/null && fail "pktgen burst accepted: netvsc offers skb sharing"
pg "$NIC" "clone_skb 8" 2>/dev/null && fail "pktgen clone_skb accepted: netvsc offers skb sharing"

# To an address the far end does not have: its stack drops the frames
# (no forwarding) and sends nothing back, so the host's counters hold
# only frames from the NIC.
mac=$(ip -n far link show "$VSIM" | awk '/ether/ { print $2 }')
for c in "count 50000" "pkt_size 60" "xmit_mode queue_xmit" "delay 0" \
	 "dst 10.9.0.77" "dst_mac $mac" "udp_dst_min 9" "udp_dst_max 9"; do
	pg "$NIC" "$c" || fail "pktgen $NIC: $c"
done
p0=$(tx_sum packets) d0=$(tx_sum dropped) m0=$(tx_sum msgs) h0=$(host_sum)
pg pgctrl start || fail "pktgen start"
grep -A1 Result "$PG/$NIC"

# nic_counted: frames the NIC counted as sent since the start; some of
# them it may have dropped afterwards (a failed flush of a section),
# which its dropped counter then also holds, next to frames it dropped
# before counting them.
nic_counted() {
	echo $(($(tx_sum packets) - p0))
}
nic_dropped() {
	echo $(($(tx_sum dropped) - d0))
}
host_took() {
	echo $(($(host_sum) - h0))
}
# The qdisc may still hold frames when pktgen returns, and the host may
# still be reading the ring. Every frame the NIC counted should reach
# the host once (less those it dropped); not asserted yet: in a full run
# after tests 73-76 (with a flood of other traffic on the NIC that one
# of them left behind) the host took 325 frames fewer than the NIC
# counted, without a drop on either side. Printed until that is
# understood.
host_settled() {
	[ "$(host_took)" -ge $(($(nic_counted) - $(nic_dropped))) ]
}
wait_for 10 host_settled ||
	echo "note: NIC counted $(nic_counted) frames and $(nic_dropped) dropped, the host took $(host_took)"
[ "$(host_took)" -le "$(nic_counted)" ] ||
	fail "NIC counted $(nic_counted) frames, the host took $(host_took): some twice"
sent=$(nic_counted)
[ "$sent" -ge 1000 ] || fail "the NIC sent only $sent frames"
echo "sent $sent frames in $(($(tx_sum msgs) - m0)) send messages"
pg kpktgend_0 rem_device_all
ping -q -c 2 -W 2 10.9.0.2 >/dev/null || fail "no traffic after pktgen"
[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
nic_remove
