#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc driven at saturation by the kernel's pktgen. netvsc writes
# into an skb it sends as GPA ranges (the RNDIS header in its headroom),
# so it must not offer IFF_TX_SKB_SHARING: pktgen's burst and clone_skb,
# which hand one skb over several times, are refused (a burst crashed
# the kernel in pskb_expand_head when they were not). Then 50000 frames
# through the qdisc, faster than the host takes them: each reaches the
# NIC, every frame the NIC counts reaches the host once, and traffic
# flows afterwards.
# Skipped where the kernel has no pktgen (the debug kernel).
# hvtest-tools: ip ping ethtool tc
# hvtest-kmods: pktgen

. /tests/system/hvtest-lib
. /tests/system/netmq-lib

modprobe pktgen 2>/dev/null || skip "no pktgen in this kernel"
lsmod | grep -q '^vmbussim ' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
# Nothing but pktgen's frames while it runs: no IPv6 (router
# solicitations, DAD) on the NIC, and a qdisc that drops only when full,
# telling pktgen so. fq_codel, the usual default, drops frames it had
# accepted once they wait too long, and nothing would account for them.
if [ -e "/proc/sys/net/ipv6/conf/$NIC/disable_ipv6" ]; then
	echo 1 >"/proc/sys/net/ipv6/conf/$NIC/disable_ipv6"
fi
/usr/sbin/tc qdisc replace dev "$NIC" root pfifo limit 1000 ||
	fail "tc qdisc replace"

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
# A frame still on its way to the host would count on one side only.
sleep 1
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
# still be reading the ring: wait until every frame pktgen queued (it
# counts 50000 that the qdisc accepted) reached the NIC, counted or
# dropped, and every frame the NIC counted and did not drop reached the
# host.
host_settled() {
	[ $(($(nic_counted) + $(nic_dropped))) -ge 50000 ] &&
		[ "$(host_took)" -ge $(($(nic_counted) - $(nic_dropped))) ]
}
wait_for 10 host_settled ||
	fail "pktgen queued 50000 frames, the NIC counted $(nic_counted) and dropped $(nic_dropped), the host took $(host_took)"
[ "$(host_took)" -le "$(nic_counted)" ] ||
	fail "NIC counted $(nic_counted) frames, the host took $(host_took): some twice"
sent=$(nic_counted)
[ "$sent" -ge 1000 ] || fail "the NIC sent only $sent frames"
echo "sent $sent frames in $(($(tx_sum msgs) - m0)) send messages"
pg kpktgend_0 rem_device_all
ping -q -c 2 -W 2 10.9.0.2 >/dev/null || fail "no traffic after pktgen"
[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "the guest broke a host rule"
nic_remove
# pktgen logged each frame the full qdisc refused through net_ratelimit(),
# whose budget the NIC drivers' messages share: wait for a new window, so
# that the log lines the next test expects are not suppressed.
sleep "$(cat /proc/sys/net/core/message_cost)"
