#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of tools/bench/netvsc.sh (run by scripts/qemu/run.sh as a
# test): TCP throughput (median of three runs per path, the paths taking
# turns) and 64-byte UDP packet rate (two senders) with iperf3, and the 64-byte rate at saturation with the kernel's pktgen
# (two threads on one queue, through the qdisc, which hands a backlog
# over with xmit_more: bursts of one skb sent several times need
# IFF_TX_SKB_SHARING, which netvsc does not offer), across hv_netvsc <->
# vsimN and across a veth pair, the far ends in network namespaces.
# Prints "BENCH <path> <key>=<value>..." lines, then the netvsc batching
# counters: packets per VMBus send message and guest->host signals per
# packet, over the iperf3 64-byte run and over the pktgen run.
# hvtest-tools: ip iperf3 ethtool tc
# hvtest-kmods: veth pktgen

. /tests/system/hvtest-lib
. /tests/system/netmq-lib

SECS=10
TCP_ROUNDS=3

lsmod | grep -q '^vmbussim' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
ip link add vb0 type veth peer name vb1 || fail "veth"
ip netns add vfar || fail "netns vfar"
ip link set vb1 netns vfar
ip addr add 10.8.0.1/24 dev vb0
ip -n vfar addr add 10.8.0.2/24 dev vb1
ip link set vb0 up
ip -n vfar link set lo up
ip -n vfar link set vb1 up
ping -q -c 2 -W 2 10.8.0.2 >/dev/null || fail "veth does not ping"
ping -q -c 2 -W 2 10.9.0.2 >/dev/null || fail "netvsc does not ping"
ip netns exec far iperf3 -s -D -p 5201 || fail "iperf3 server (far)"
ip netns exec vfar iperf3 -s -D -p 5201 || fail "iperf3 server (vfar)"
sleep 1

# iperf3 -c ADDR ARGS: the receiver's summary line.
run() {
	_a=$1
	shift
	iperf3 -c "$_a" -p 5201 -t "$SECS" -f m "$@" 2>&1 | tee /tmp/iperf.out |
		grep -E 'receiver$' | tail -1
}

# sig_sum: guest->host signals on all of netvsp's channels.
sig_sum() {
	awk '$2 == "netvsp" { for (i = 4; i <= NF; i++) if ($i ~ /^signals_in=/) { split($i, a, "="); s += a[2] } }
		END { print s + 0 }' "$SIM/stats"
}

# TCP: the paths take turns, TCP_ROUNDS runs each; the median of each
# path's runs is its figure (single runs vary by a third under TCG on a
# shared host).
median() {
	tr ' ' '\n' | grep . | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
tcp_netvsc="" tcp_veth=""
for round in $(seq "$TCP_ROUNDS"); do
	for path in netvsc veth; do
		[ $path = netvsc ] && addr=10.9.0.2 || addr=10.8.0.2
		line=$(run $addr)
		mbps=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }')
		[ -n "$mbps" ] || { cat /tmp/iperf.out; fail "no TCP result on $path"; }
		echo "BENCH-INFO $path tcp round $round: $mbps Mbit/s"
		if [ $path = netvsc ]; then
			tcp_netvsc="$tcp_netvsc $mbps"
		else
			tcp_veth="$tcp_veth $mbps"
		fi
	done
done
echo "BENCH netvsc tcp mbps=$(echo "$tcp_netvsc" | median)"
echo "BENCH veth tcp mbps=$(echo "$tcp_veth" | median)"

for path in netvsc veth; do
	[ $path = netvsc ] && addr=10.9.0.2 || addr=10.8.0.2
	if [ $path = netvsc ]; then
		p0=$(tx_sum packets)
		m0=$(tx_sum msgs)
		s0=$(sig_sum)
	fi
	# Two senders, one per vCPU, to saturate the path.
	line=$(run $addr -u -b 0 -l 18 -P 2)
	[ $path = netvsc ] && {
		p1=$(tx_sum packets)
		m1=$(tx_sum msgs)
		s1=$(sig_sum)
	}
	# "... 0.00-10.00 sec  X MBytes  Y Mbits/sec  J ms  lost/total (P%)  receiver"
	pkts=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) { split($i, a, "/"); print a[2] - a[1] } }')
	[ -n "$pkts" ] || { cat /tmp/iperf.out; fail "no UDP result on $path"; }
	echo "BENCH $path udp64 pps=$((pkts / SECS))"
done
batching() {
	echo "BENCH-INFO netvsc $1: $2 packets in $3 send messages, $4 signals"
	awk -v t="$1" -v p="$2" -v m="$3" -v s="$4" 'BEGIN {
		printf "BENCH netvsc batching-%s pkts_per_msg=%.2f signals_per_pkt=%.4f\n",
			t, m ? p / m : 0, p ? s / p : 0 }'
}
batching udp64 $((p1 - p0)) $((m1 - m0)) $((s1 - s0))

# pktgen DEV DSTIP NETNS FARDEV: PG_COUNT 60-byte frames (64 on the
# wire) sent by two kernel threads, one per vCPU, through the qdisc to
# FARDEV in NETNS, UDP to DSTIP, an address NETNS does not have (its
# stack drops them and sends nothing back). Both send the same flow, so
# both feed one transmit queue: while one CPU hands the queue's backlog
# to the driver, the other queues behind it, which is what a saturated
# queue sees. Prints the rate at which the frames arrived at FARDEV
# (frames the qdisc dropped as over its limit do not count), over the
# longer of the two threads' runs.
PG_COUNT=300000
PG_THREADS="0 1"
pg() {
	echo "$2" >"/proc/net/pktgen/$1" || fail "pktgen $1: $2"
}
far_rx() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"
}
pg_usecs() {
	sed -n 's/^Result: OK: \([0-9]*\)(c.*/\1/p' "/proc/net/pktgen/$1"
}
pktgen() {
	_mac=$(ip -n "$3" link show "$4" | awk '/ether/ { print $2 }')
	for _t in $PG_THREADS; do
		pg "kpktgend_$_t" rem_device_all
		pg "kpktgend_$_t" "add_device $1@$_t"
		for _c in "count $((PG_COUNT / 2))" "pkt_size 60" "xmit_mode queue_xmit" \
			  "delay 0" "dst $2" "dst_mac $_mac" "udp_dst_min 9" "udp_dst_max 9"; do
			pg "$1@$_t" "$_c"
		done
	done
	_r0=$(far_rx "$3" "$4")
	pg pgctrl start
	sleep 1
	_r1=$(far_rx "$3" "$4")
	_us=0
	for _t in $PG_THREADS; do
		_u=$(pg_usecs "$1@$_t")
		[ -n "$_u" ] && [ "$_u" -gt "$_us" ] && _us=$_u
		grep -A1 '^Result' "/proc/net/pktgen/$1@$_t" | sed "s/^/BENCH-INFO pktgen $1@$_t: /" >&2
	done
	[ "$_us" -gt 0 ] && echo $(((_r1 - _r0) * 1000000 / _us))
}
modprobe pktgen || fail "modprobe pktgen"
p0=$(tx_sum packets) m0=$(tx_sum msgs) s0=$(sig_sum)
pps=$(pktgen "$NIC" 10.9.0.77 far "$VSIM")
p1=$(tx_sum packets) m1=$(tx_sum msgs) s1=$(sig_sum)
ethtool -S "$NIC" | grep -E 'tx_queue_[0-9]+_(dropped|busy)' | sed 's/^/BENCH-INFO /'
/usr/sbin/tc -s qdisc show dev "$NIC" | sed 's/^/BENCH-INFO /'
[ -n "$pps" ] || fail "no pktgen result on netvsc"
echo "BENCH netvsc pktgen64 pps=$pps"
pps=$(pktgen vb0 10.8.0.77 vfar vb1)
[ -n "$pps" ] || fail "no pktgen result on veth"
echo "BENCH veth pktgen64 pps=$pps"
batching pktgen64 $((p1 - p0)) $((m1 - m0)) $((s1 - s0))
for _t in $PG_THREADS; do
	pg "kpktgend_$_t" rem_device_all
done
echo "BENCH-DONE"
ip netns del vfar
nic_remove
