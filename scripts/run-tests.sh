#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's test command.
#
#   scripts/run-tests.sh [STEP|GROUP...]
#
# Steps, in order (default: all):
#   setup                          scripts/setup.sh
#   debug-kernel                   build (or reuse) the cached debug kernel
#   build-6.1 build-6.12 build-debug   modules against each kernel
#   build-peer                     Linux's own Hyper-V modules and hvshim
#                                  against the debug kernel (the peer lane)
#   checkpatch kernel-doc sparse w1 exports    static gates
#   intree                         scripts/intree-gate.sh: the in-tree form
#                                  built inside linux-source-6.12, and
#                                  checkpatch in its in-tree mode
#   package                        scripts/package.sh: the Debian packages
#                                  built, lintian, installed on this
#                                  machine (DKMS), checked, purged
#   kunit                          KUnit under UML, one result per test case
#   qemu-debug qemu-distro         system tests in QEMU, one result per
#                                  test script plus "kernel log clean"
#   qemu-peer                      the peer lane's tests (tests/peer/) on
#                                  the debug kernel
# Groups: build (the four builds), gates (the six gates), qemu.
# HVDRV_QUICK=1 (no steps given): everything except the debug kernel and
# what needs it, and KUnit -- the fast loop while developing.
# HVTEST_GLOB selects system tests (e.g. HVTEST_GLOB='10-*'),
# HVTEST_APPEND adds kernel command line arguments.
#
# A failing step does not stop later ones; steps whose prerequisite failed
# are skipped.  Full logs: build/logs/<date>/ (build/logs/latest).  The last
# line is "N passed, N failed" (skipped results counted on the line
# before it); exit status 1 if any failed.
#
# The whole suite (no steps given) runs its last steps in three lanes at
# once: qemu-debug in one, kunit then qemu-distro and qemu-peer in the
# second, package in the third. A QEMU
# guest under TCG leaves most of the host's CPU idle (about 30% busy on
# two cores), so the lanes overlap instead of queueing; each lane's
# output is shown when both are done.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

ALL_STEPS=(setup debug-kernel build-6.1 build-6.12 build-debug build-peer
	checkpatch kernel-doc sparse w1 exports intree)
# Run after ALL_STEPS, side by side; a lane's steps run in order. package
# (DKMS builds, mostly waiting on the compiler) has a lane of its own: it
# installs into the host's /lib/modules/<kver>/updates/dkms and purges
# again, which the QEMU runs do not read (their initramfs takes only the
# distro's own modules from the host: scripts/qemu/mkinitramfs.sh).
ALL_LANES=("qemu-debug" "kunit qemu-distro qemu-peer" "package")
QUICK_STEPS=(setup build-6.1 build-6.12 checkpatch kernel-doc sparse exports qemu-distro)

declare -A FAILED_STEP=()

# Record one result line ("PASS|FAIL|SKIP name") and show it.
record() {
	printf '%s\n' "$*" >>"$RESULTS"
	printf '  %s\n' "$*"
}

# Run a command with output to the step log; on failure show its tail.
logged() {
	local log=$LOGDIR/$1.log
	shift
	if "$@" >"$log" 2>&1; then
		return 0
	fi
	echo "  --- last lines of $log ---"
	tail -n 25 "$log" | sed 's/^/  | /'
	return 1
}

# A step that is one result.
single() {
	local name=$1
	shift
	if logged "$name" "$@"; then
		record "PASS $name"
	else
		record "FAIL $name"
		FAILED_STEP[$name]=1
	fi
}

# A step that produces several result lines itself (PASS/FAIL ... lines on
# stdout, diagnostics on stderr).
multi() {
	local name=$1 rc=0 out
	shift
	out=$("$@" 2>"$LOGDIR/$name.log") || rc=$?
	grep -E '^(PASS|FAIL|SKIP) ' <<<"$out" | while read -r line; do record "$line"; done
	if [[ $rc != 0 ]]; then
		FAILED_STEP[$name]=1
		grep -q '^FAIL ' <<<"$out" || record "FAIL $name"
		echo "  --- diagnostics ($LOGDIR/$name.log) ---"
		tail -n 60 "$LOGDIR/$name.log" | sed 's/^/  | /'
	fi
}

requires() {
	local dep
	for dep in "$@"; do
		if [[ -n ${FAILED_STEP[$dep]:-} ]]; then
			record "SKIP $STEP (needs $dep, which failed)"
			FAILED_STEP[$STEP]=1
			return 1
		fi
	done
}

qemu_args() {
	local args=(--prebuilt --logdir "$LOGDIR" --name "$1" --preset "$2")
	[[ -z ${HVTEST_GLOB:-} ]] || args+=(--tests "$HVTEST_GLOB")
	[[ -z ${HVTEST_APPEND:-} ]] || args+=(--append "$HVTEST_APPEND")
	printf '%s\n' "${args[@]}"
}

# Modules against one kernel, into $HVDRV_CACHE/out/<name> (where the QEMU
# presets pick them up).
build_for() {
	local kdir
	case $1 in
	6.1) kdir=$(hv_kdir_61) || hv_die "no 6.1 headers" ;;
	6.12) kdir=$(hv_kdir_612) || hv_die "no 6.12 headers" ;;
	debug) kdir=$("$HV_ROOT/scripts/build-debug-kernel.sh") ;;
	esac
	"$HV_ROOT/scripts/build-modules.sh" "$kdir" "$HVDRV_CACHE/out/$1"
}

run_step() {
	local s=$HV_ROOT/scripts args
	STEP=$1
	echo "==> $STEP"
	case $STEP in
	setup) single setup "$s/setup.sh" ;;
	debug-kernel) single debug-kernel "$s/build-debug-kernel.sh" ;;
	build-6.1 | build-6.12) single "$STEP" build_for "${STEP#build-}" ;;
	build-debug)
		requires debug-kernel || return 0
		single build-debug build_for debug ;;
	build-peer)
		requires debug-kernel || return 0
		single build-peer "$s/build-peer.sh" "$HVDRV_CACHE/out/peer" ;;
	checkpatch | kernel-doc | sparse | exports)
		multi "$STEP" "$s/gates.sh" "$STEP" ;;
	intree) multi intree "$s/intree-gate.sh" ;;
	w1)
		requires debug-kernel || return 0
		multi w1 "$s/gates.sh" w1 ;;
	package) multi package "$s/package.sh" ;;
	kunit) multi kunit "$s/kunit.sh" ;;
	qemu-debug)
		requires debug-kernel build-debug || return 0
		mapfile -t args < <(qemu_args qemu-debug debug)
		multi qemu-debug "$s/qemu/run.sh" "${args[@]}" ;;
	qemu-distro)
		requires build-6.12 || return 0
		mapfile -t args < <(qemu_args qemu-distro distro)
		multi qemu-distro "$s/qemu/run.sh" "${args[@]}" ;;
	qemu-peer)
		requires build-debug build-peer || return 0
		mapfile -t args < <(HVTEST_GLOB=${HVPEER_GLOB:-} qemu_args qemu-peer peer)
		multi qemu-peer "$s/qemu/run.sh" "${args[@]}" ;;
	*) hv_die "unknown step $STEP" ;;
	esac
}

expand_steps() {
	local a
	for a in "$@"; do
		case $a in
		build) printf '%s\n' build-6.1 build-6.12 build-debug build-peer ;;
		gates) printf '%s\n' checkpatch kernel-doc sparse w1 exports intree ;;
		qemu) printf '%s\n' qemu-debug qemu-distro qemu-peer ;;
		*) printf '%s\n' "$a" ;;
		esac
	done
}

summary() {
	local pass fail skip
	pass=$(grep -c '^PASS ' "$RESULTS" || true)
	fail=$(grep -c '^FAIL ' "$RESULTS" || true)
	skip=$(grep -c '^SKIP ' "$RESULTS" || true)
	echo
	echo "Logs: $LOGDIR"
	if [[ $fail -gt 0 ]]; then
		echo "Failed:"
		grep '^FAIL ' "$RESULTS" | sed 's/^/  /'
	fi
	# The last line is always "N passed, N failed" (CI reads it).
	[[ $skip -eq 0 ]] || echo "$skip skipped (not counted below)"
	echo "$pass passed, $fail failed"
	[[ $fail -eq 0 ]]
}

# Run steps in order, with their times.
run_steps() {
	local s t0
	for s in "$@"; do
		t0=$SECONDS
		run_step "$s"
		printf '    (%s: %ds)\n' "$s" $((SECONDS - t0))
	done
}

# Run each lane (a string of steps) in the background, output to a file,
# then show the lanes' output in order. A lane sees the failures of the
# steps before the lanes (FAILED_STEP is copied into its subshell).
run_lanes() {
	local lane i=0 pids=() t0=$SECONDS
	for lane in "$@"; do
		# shellcheck disable=SC2086 # a lane is a list of step names
		run_steps $lane >"$LOGDIR/lane-$i.out" 2>&1 &
		pids+=($!)
		i=$((i + 1))
	done
	for i in "${!pids[@]}"; do
		wait "${pids[$i]}" || true
		echo "==> lane: ${*:$((i + 1)):1}"
		cat "$LOGDIR/lane-$i.out"
	done
	printf '    (lanes: %ds)\n' $((SECONDS - t0))
}

main() {
	local steps=() lanes=() start
	if [[ $# -gt 0 ]]; then
		mapfile -t steps < <(expand_steps "$@")
	elif [[ ${HVDRV_QUICK:-0} == 1 ]]; then
		steps=("${QUICK_STEPS[@]}")
	else
		steps=("${ALL_STEPS[@]}")
		lanes=("${ALL_LANES[@]}")
	fi
	LOGDIR=${HVDRV_LOGDIR:-$HV_ROOT/build/logs/$(date -u +%Y%m%d-%H%M%S)}
	RESULTS=$LOGDIR/results
	export HVDRV_LOGDIR=$LOGDIR
	mkdir -p "$LOGDIR"
	ln -sfn "$LOGDIR" "$HV_ROOT/build/logs/latest" 2>/dev/null || true
	: >"$RESULTS"
	start=$SECONDS
	run_steps "${steps[@]}"
	[[ ${#lanes[@]} -eq 0 ]] || run_lanes "${lanes[@]}"
	echo "Total time: $(((SECONDS - start) / 60))m$(((SECONDS - start) % 60))s"
	summary
}

main "$@"
