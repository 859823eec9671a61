#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of hv_netvsc against a veth pair, in one QEMU guest on the
# distro preset (Debian's kernel, iperf3):
#
#   HVDRV_CACHE=... tools/bench/netvsc.sh [--logdir DIR] [run.sh options]
#
# The guest half (netvsc-guest.sh) prints "BENCH <path> <test> k=v"
# lines; this prints TCP throughput and the 64-byte UDP packet rate of
# both paths with the ratio netvsc/veth, and the netvsc batching figures.
# Targets: TCP >= 0.7 x veth; at saturation >= 4 packets per VMBus send
# message and <= 0.05 guest->host signals per packet.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

# shellcheck source=tools/bench/bench-lib.sh
. "$HV_ROOT/tools/bench/bench-lib.sh"

bench_run netvsc-bench "$HV_ROOT/tools/bench/netvsc-guest.sh" "$@"
awk '
$1 == "BENCH" && $3 == "tcp" { split($4, a, "="); tcp[$2] = a[2] }
$1 == "BENCH" && $3 == "udp64" { split($4, a, "="); pps[$2] = a[2] }
$1 == "BENCH" && $3 == "pktgen64" { split($4, a, "="); pg[$2] = a[2] }
$1 == "BENCH" && $3 ~ /^batching-/ {
	split($4, a, "="); split($5, b, "="); t = substr($3, 10); ppm[t] = a[2]; spp[t] = b[2]
}
END {
	printf "%-26s %12s %12s %8s\n", "test", "netvsc", "veth", "ratio"
	printf "%-26s %12.0f %12.0f %8.2f\n", "TCP Mbit/s", tcp["netvsc"], tcp["veth"],
		tcp["veth"] ? tcp["netvsc"] / tcp["veth"] : 0
	printf "%-26s %12d %12d %8.2f\n", "UDP 64-byte pkt/s (iperf3)", pps["netvsc"], pps["veth"],
		pps["veth"] ? pps["netvsc"] / pps["veth"] : 0
	printf "%-26s %12d %12d %8.2f\n", "64-byte pkt/s (pktgen)", pg["netvsc"], pg["veth"],
		pg["veth"] ? pg["netvsc"] / pg["veth"] : 0
	printf "packets per send message: iperf3 %s, pktgen (saturation, target >= 4) %s\n",
		ppm["udp64"], ppm["pktgen64"]
	printf "signals per packet: iperf3 %s, pktgen (saturation, target <= 0.05) %s\n",
		spp["udp64"], spp["pktgen64"]
}' "$LOG"
