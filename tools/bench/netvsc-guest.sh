#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest half of tools/bench/netvsc.sh (run by scripts/qemu/run.sh as a
# test): TCP throughput and 64-byte UDP packet rate (two senders) with
# iperf3 across hv_netvsc <-> vsimN and across a veth pair, the far ends
# in network namespaces. Prints "BENCH <path> <key>=<value>..." lines, then the
# netvsc batching counters: packets per VMBus send message and
# guest->host signals per packet, taken over the 64-byte run.
# hvtest-tools: ip iperf3 ethtool
# hvtest-kmods: veth

. /tests/system/hvtest-lib

SECS=10

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

# tx_sum KIND: the NIC's tx_queue_N_KIND counters summed over its queues.
tx_sum() {
	ethtool -S "$NIC" | awk -v k="$1" '$1 ~ "^tx_queue_[0-9]+_" k ":$" { s += $2 } END { print s + 0 }'
}

# sig_sum: guest->host signals on all of netvsp's channels.
sig_sum() {
	awk '$2 == "netvsp" { for (i = 4; i <= NF; i++) if ($i ~ /^signals_in=/) { split($i, a, "="); s += a[2] } }
		END { print s + 0 }' "$SIM/stats"
}

for path in netvsc veth; do
	[ $path = netvsc ] && addr=10.9.0.2 || addr=10.8.0.2
	line=$(run $addr)
	mbps=$(echo "$line" | awk '{ for (i = 1; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }')
	[ -n "$mbps" ] || { cat /tmp/iperf.out; fail "no TCP result on $path"; }
	echo "BENCH $path tcp mbps=$mbps"
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
echo "BENCH-INFO netvsc udp64: $((p1 - p0)) packets in $((m1 - m0)) send messages, $((s1 - s0)) signals"
awk -v p=$((p1 - p0)) -v m=$((m1 - m0)) -v s=$((s1 - s0)) 'BEGIN {
	printf "BENCH netvsc batching pkts_per_msg=%.2f signals_per_pkt=%.4f\n", m ? p / m : 0, p ? s / p : 0 }'
echo "BENCH-DONE"
ip netns del vfar
nic_remove
