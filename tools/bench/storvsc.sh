#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark of hv_storvsc against the kernel's brd RAM disk, in one QEMU
# guest on the distro preset (Debian's kernel, fio):
#
#   HVDRV_CACHE=... tools/bench/storvsc.sh [--logdir DIR] [run.sh options]
#
# The guest half (storvsc-guest.sh) prints "BENCH <device> <job> iops=
# kib_s=" lines; this prints them as a table with the ratio storvsc/brd
# of each job. Target: storvsc-1ch >= 0.7 x brd at rand4k-qd32.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../../scripts/lib.sh"

# shellcheck source=tools/bench/bench-lib.sh
. "$HV_ROOT/tools/bench/bench-lib.sh"

bench_run storvsc-bench "$HV_ROOT/tools/bench/storvsc-guest.sh" "$@"
awk '
$1 == "BENCH" {
	split($4, a, "="); split($5, b, "=")
	iops[$2, $3] = a[2]; bw[$2, $3] = b[2]
	if (!($2 in seen)) { seen[$2] = 1; devs[++nd] = $2 }
	if (!($3 in jseen)) { jseen[$3] = 1; jobs[++nj] = $3 }
}
END {
	printf "%-16s %-14s %10s %10s %8s\n", "device", "job", "IOPS", "MiB/s", "vs brd"
	for (j = 1; j <= nj; j++)
		for (d = 1; d <= nd; d++) {
			k = devs[d] SUBSEP jobs[j]
			if (!(k in iops))
				continue
			r = iops["brd", jobs[j]] ? sprintf("%.2f", iops[k] / iops["brd", jobs[j]]) : "-"
			printf "%-16s %-14s %10d %10.1f %8s\n", devs[d], jobs[j], iops[k], bw[k] / 1024, r
		}
}' "$LOG"
