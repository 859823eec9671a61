# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by the benchmark scripts (sourced after scripts/lib.sh).

# bench_run NAME GUEST [--logdir DIR] [run.sh options]: boot one guest on
# the distro preset that runs the guest half GUEST, check that it finished
# (a BENCH-DONE line), print its BENCH-INFO lines, and set LOG to the
# console log (DIR/NAME.console.log, DIR by default $HVDRV_CACHE/logs/bench).
bench_run() {
	local name=$1 guest=$2 logdir=$HVDRV_CACHE/logs/bench
	shift 2
	if [[ ${1:-} == --logdir ]]; then
		logdir=$2
		shift 2
	fi
	mkdir -p "$logdir"
	"$HV_ROOT/scripts/qemu/run.sh" --preset distro --name "$name" --logdir "$logdir" \
		"$@" "$guest" || hv_die "the benchmark run failed"
	LOG=$logdir/$name.console.log
	grep -q '^BENCH-DONE' "$LOG" || hv_die "no results in $LOG"
	grep '^BENCH-INFO' "$LOG"
}
