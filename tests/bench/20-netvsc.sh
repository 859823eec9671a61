#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# netvsc: TCP throughput from the guest's NIC to the far end of vmbussim's
# netvsp (a netdev in another namespace), and UDP 64-byte datagrams (a
# packet rate), on our stack and on Linux's own; a veth pair (no VMBus)
# is the baseline. Throughput, packets, CPU busy, the host's interrupts
# and the guest's signals per run.
#
# hvtest-tools: ip iperf3

. /tests/system/hvtest-lib
. /tests/peer/peer-lib
. /tests/bench/bench-lib

# iperf_run BENCH STACK ARGS...: the client in this namespace against
# the server in "far"; records the receiver's bits/s and packets.
iperf_run() {
	_ir_bench=$1 _ir_stack=$2
	shift 2
	iperf3 -c 10.9.0.2 -t "$SECS" -f k "$@" >/tmp/iperf.out 2>&1 ||
		{ cat /tmp/iperf.out; return 1; }
	_ir_kbps=$(awk '/receiver$/ { v = $(NF - 2); u = $(NF - 1) } END {
		if (u == "Mbits/sec") v *= 1000; if (u == "Gbits/sec") v *= 1000000
		printf "%d", v }' /tmp/iperf.out)
	[ "${_ir_kbps:-0}" -gt 0 ] || { cat /tmp/iperf.out; return 1; }
	result "$_ir_bench" "$_ir_stack" kbit_s "$_ir_kbps"
}

# bench_link STACK RELIDS: both runs over the link to 10.9.0.2.
bench_link() {
	ip netns exec far iperf3 -s -D -1 >/dev/null 2>&1 || fail "iperf3 server"
	sleep 1
	measure netvsc_tcp "$1" "$2" iperf_run netvsc_tcp "$1"
	ip netns exec far iperf3 -s -D -1 >/dev/null 2>&1 || fail "iperf3 server"
	sleep 1
	measure netvsc_udp64 "$1" "$2" iperf_run netvsc_udp64 "$1" -u -l 64 -b 0
}

for stack in ours upstream; do
	bench_up "$stack"
	[ "$stack" = upstream ] && { peer_insmod ucs2_string; peer_insmod hv_netvsc; }
	nic_up
	bench_link "$stack" "$(dev_relids "$(basename "$NICDEV")")"
	[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "$stack: host saw bad messages"
	nic_remove
	bench_down
done

# The baseline: a veth pair, the same addresses and namespaces.
ip netns add far || fail "netns add"
ip link add vb0 type veth peer name vb1 || fail "veth"
ip link set vb1 netns far
ip addr add 10.9.0.1/24 dev vb0
ip link set vb0 up
ip -n far addr add 10.9.0.2/24 dev vb1
ip -n far link set vb1 up
ip -n far link set lo up
bench_link veth ""
ip link del vb0
ip netns del far
