#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmarks: our drivers and Linux's own (the peer lane's) on the same
# vmbussim, side by side, with a baseline that uses no VMBus (brd, veth),
# on the perf kernel (the debug kernel without its debugging options).
# Not part of the test suite: a long run whose figures go into
# Documentation/benchmarks.rst.
#
#   scripts/run-bench.sh [--tests GLOB] [--secs N]
#
# Installs what it needs (scripts/setup.sh), builds the perf kernel (about
# 20 min the first time, cached after), our modules and the peer's against
# it, boots it in QEMU with two CPUs and runs tests/bench/. Prints a table
# (build/bench/<date>/table.txt): per benchmark and metric, our figure,
# upstream's, their ratio, the baseline and our ratio to it.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

# table CONSOLE-LOG: the HVBENCH lines as a table.
table() {
	awk '
	/^HVBENCH / {
		key = $2 " " $4
		if (!(key in seen)) { seen[key] = 1; order[n++] = key }
		v[key, $3] = $5
		if ($3 != "ours" && $3 != "upstream") base[key] = $3
	}
	function ratio(a, b) { return (a == "" || b == "" || b == 0) ? "-" : sprintf("%.2f", a / b) }
	END {
		printf "%-30s %-14s %10s %10s %8s %10s %8s\n", "benchmark", "metric",
			"ours", "upstream", "ratio", "baseline", "ratio"
		for (i = 0; i < n; i++) {
			split(order[i], k, " ")
			o = v[order[i], "ours"]; u = v[order[i], "upstream"]
			bn = base[order[i]]; b = (bn == "") ? "" : v[order[i], bn]
			if (o == "" && u == "") continue
			printf "%-30s %-14s %10s %10s %8s %10s %8s\n", k[1], k[2],
				o == "" ? "-" : o, u == "" ? "-" : u, ratio(o, u),
				b == "" ? "-" : b " " bn, ratio(o, b)
		}
	}' "$1"
}

main() {
	local glob='*' secs=8 dir rc=0
	while [[ $# -gt 0 ]]; do
		case $1 in
		--tests) glob=$2; shift 2 ;;
		--secs) secs=$2; shift 2 ;;
		*) hv_die "usage: $0 [--tests GLOB] [--secs N]" ;;
		esac
	done
	"$HV_ROOT/scripts/setup.sh"
	dir=$HV_ROOT/build/bench/$(date +%Y%m%d-%H%M%S)
	mkdir -p "$dir"
	hv_log "bench: building the perf kernel (about 20 min the first time, cached after)"
	"$HV_ROOT/scripts/build-debug-kernel.sh" --perf >/dev/null
	"$HV_ROOT/scripts/qemu/run.sh" --preset bench --name bench --logdir "$dir" \
		--smp 2 --mem 2G --tests "$glob" --append "hvbench.secs=$secs" || rc=$?
	grep -a '^HVBENCH ' "$dir/bench.console.log" >"$dir/results.txt" || true
	table "$dir/results.txt" | tee "$dir/table.txt"
	hv_log "bench: table in $dir/table.txt, console in $dir/bench.console.log"
	return "$rc"
}

main "$@"
