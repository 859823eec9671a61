#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge the serial console log of one QEMU test run.
#
#   scripts/qemu/check-log.sh [--ends-vm] [--qemu-status N] LOG LABEL TEST-NAME...
#
# Prints one result line per test ("PASS LABEL: name", "SKIP LABEL: name
# (why)" for a test that exited 77 after "SKIP: why", or "FAIL LABEL: name
# (why)") plus "LABEL: kernel log clean", which fails on any kernel splat, on
# kmemleak reports, or when the VM never reached the end of /init.  Details
# of failures go to stderr.  Exit status: 0 only if everything passed.
#
# --ends-vm: the boot ran one test that ends the VM (tests/system/hvtest-lib:
# console_expect, console_forbid, vm_ending). It passes if it reached
# "HVTEST ENDING" without failing, QEMU then exited by itself (--qemu-status
# 0), every EXPECT regex matches a console line after the ENDING line and
# no FORBID regex does, and the kernel log is clean up to the ENDING line
# (what follows may be a panic on purpose). No separate "kernel log clean"
# line is printed.

set -euo pipefail

# shellcheck source=scripts/qemu/splats.sh
. "$(dirname "$0")/splats.sh"

FAILED=0

result() {
	printf '%s %s: %s\n' "$1" "$LABEL" "$2"
	[[ $1 == PASS || $1 == SKIP ]] || FAILED=1
}

# Output of one test, from its START marker to its end marker.
test_output() {
	awk -v n="$1" '
		$0 ~ "HVTEST START " n "$" { on = 1 }
		on { print }
		on && $0 ~ "HVTEST (PASS|FAIL|SKIP) " n "( |$)" { exit }
	' "$LOG" | tail -n 80
}

# The end of a test name in a marker line: the line's end, or a kernel
# message the serial console glued to it (printk does not wait for a
# line that user space has not finished).
NAME_END='([^-_.0-9A-Za-z]|$)'

check_test() {
	local name=$1
	local took
	if grep -qE "HVTEST PASS $name$NAME_END" "$LOG"; then
		# /init's "(N s)": how long the test took, for the summary.
		took=$(grep -m1 -oE "HVTEST PASS $name \([0-9]+ s\)" "$LOG" |
			grep -oE '[0-9]+ s' || true)
		result PASS "$name${took:+ ($took)}"
		return
	fi
	if grep -qE "HVTEST SKIP $name$NAME_END" "$LOG"; then
		result SKIP "$name ($(test_output "$name" | grep -m1 '^SKIP: ' | cut -c7-100))"
		return
	fi
	if grep -qE "HVTEST START $name\$" "$LOG"; then
		result FAIL "$name ($(fail_reason "$name"))"
		echo "--- $LABEL: output of $name (last lines) ---" >&2
		test_output "$name" >&2
	else
		result FAIL "$name (never started)"
	fi
}

# Why a started test failed, in one line (the result line carries it, so
# that a CI summary without the logs still says why).
fail_reason() {
	local why
	# Anywhere in a line: a tool's progress output (fio) may not end with
	# a newline before the test's FAIL.
	why=$(test_output "$1" | grep -m1 -o 'FAIL: .*' | cut -c7-100)
	[[ -n $why ]] || why="no result: hang, crash or timeout"
	printf '%s\n' "$why"
}

# The console without kmemleak's report lines inside the windows a test
# opened for a leak it checked and cleared itself (HVTEST KNOWN-LEAK
# BEGIN/END: the peer lane, for a leak of Linux's own hv_vmbus); each
# dropped line is left empty, so line numbers stay those of the log.
without_known_leaks() {
	awk '/^HVTEST KNOWN-LEAK BEGIN/ { k = 1 }
		/^HVTEST KNOWN-LEAK END/ { k = 0 }
		{ if (k && /kmemleak: .*new suspected memory leak/) print ""; else print }' "$LOG"
}

check_kernel_log() {
	local splats leaks clean=1 why=""
	splats=$(without_known_leaks | splats_in)
	# Objects listed by "cat /sys/kernel/debug/kmemleak" (no timestamp).
	leaks=$(sed -n '/HVTEST KMEMLEAK BEGIN/,/HVTEST KMEMLEAK END/p' "$LOG" |
		grep -n 'unreferenced object' || true)
	if [[ -n $splats || -n $leaks ]]; then
		clean=0
		why=$(printf '%s\n' "$splats" "$leaks" | sed '/^$/d' | head -n1 | cut -c1-100)
		echo "--- $LABEL: offending kernel log lines ---" >&2
		printf '%s\n' "$splats" "$leaks" | sed '/^$/d' | head -n 60 >&2
	fi
	# Every boot (a test may end one on purpose) must reach the end.
	if ! grep -q '^HVTEST DONE' "$LOG" ||
		[[ $(grep -c '^HVTEST BOOTED' "$LOG") != $(grep -c '^HVTEST DONE' "$LOG") ]]; then
		clean=0
		why=${why:-"the VM did not reach the end of /init"}
		echo "--- $LABEL: VM did not reach the end of /init (hang, panic or timeout); log tail: ---" >&2
		tail -n 40 "$LOG" >&2
	fi
	if [[ $clean == 1 ]]; then
		result PASS "kernel log clean"
	else
		result FAIL "kernel log clean ($why)"
	fi
}

# Why an ending test failed, or nothing if it passed.
ending_problem() {
	local name=$1 end re
	grep -qE "HVTEST START $name$NAME_END" "$LOG" || { echo "never started"; return; }
	grep -qE "HVTEST FAIL $name$NAME_END" "$LOG" && { echo "failed before its end"; return; }
	grep -qE "HVTEST PASS $name$NAME_END" "$LOG" && { echo "the VM did not end"; return; }
	end=$(grep -n '^HVTEST ENDING' "$LOG" | head -n1 | cut -d: -f1)
	[[ -n $end ]] || { echo "never reached its end"; return; }
	[[ $QEMU_STATUS == 0 ]] || { echo "QEMU did not exit by itself (status $QEMU_STATUS)"; return; }
	[[ -z $(head -n "$end" "$LOG" | splats_in) ]] ||
		{ echo "kernel splat before its end: $(head -n "$end" "$LOG" | splats_in | head -n1)"; return; }
	while IFS= read -r re; do
		tail -n +"$end" "$LOG" | grep -qE -- "$re" || { echo "console lacks: $re"; return; }
	done < <(sed -n 's/^HVTEST EXPECT //p' "$LOG")
	while IFS= read -r re; do
		if tail -n +"$end" "$LOG" | grep -qE -- "$re"; then
			echo "console shows: $re"
			return
		fi
	done < <(sed -n 's/^HVTEST FORBID //p' "$LOG")
	return 0
}

check_ending_test() {
	local name=$1 why
	why=$(ending_problem "$name")
	if [[ -z $why ]]; then
		result PASS "$name"
		return
	fi
	result FAIL "$name ($why)"
	echo "--- $LABEL: $name: $why; log tail: ---" >&2
	tail -n 40 "$LOG" >&2
}

main() {
	local t ends_vm=0
	QEMU_STATUS=0
	while [[ $# -gt 0 ]]; do
		case $1 in
		--ends-vm) ends_vm=1; shift ;;
		--qemu-status) QEMU_STATUS=$2; shift 2 ;;
		*) break ;;
		esac
	done
	[[ $# -ge 2 ]] || { echo "usage: $0 [--ends-vm] [--qemu-status N] LOG LABEL TEST-NAME..." >&2; exit 2; }
	LOG=$1 LABEL=$2
	shift 2
	if [[ $ends_vm == 1 ]]; then
		for t in "$@"; do
			check_ending_test "$t"
		done
		return "$FAILED"
	fi
	for t in "$@"; do
		check_test "$t"
	done
	check_kernel_log
	return "$FAILED"
}

main "$@"
