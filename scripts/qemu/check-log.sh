#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge the serial console log of one QEMU test run.
#
#   scripts/qemu/check-log.sh LOG LABEL TEST-NAME...
#
# Prints one result line per test ("PASS LABEL: name" / "FAIL LABEL: name")
# plus "LABEL: kernel log clean", which fails on any kernel splat, on
# kmemleak reports, or when the VM never reached the end of /init.  Details
# of failures go to stderr.  Exit status: 0 only if everything passed.

set -euo pipefail

# Kernel messages that fail a run.  Only lines carrying a printk timestamp
# are searched, so that test output such as "grep WARNING:" cannot match.
SPLATS='BUG:|WARNING:|KASAN|UBSAN|kmemleak: .*new suspected memory leak|possible circular locking|possible recursive locking|INFO: |Oops|Call Trace|general protection|list_add corruption|list_del corruption|sleeping function called from invalid context|inconsistent lock state|Kernel panic'
STAMP='\[ *[0-9]+\.[0-9]+\]'

FAILED=0

result() {
	printf '%s %s: %s\n' "$1" "$LABEL" "$2"
	[[ $1 == PASS ]] || FAILED=1
}

# Output of one test, from its START marker to its end marker.
test_output() {
	awk -v n="$1" '
		$0 ~ "HVTEST START " n "$" { on = 1 }
		on { print }
		on && $0 ~ "HVTEST (PASS|FAIL) " n "( |$)" { exit }
	' "$LOG" | tail -n 80
}

check_test() {
	local name=$1
	if grep -qE "HVTEST PASS $name\$" "$LOG"; then
		result PASS "$name"
		return
	fi
	result FAIL "$name"
	if grep -qE "HVTEST START $name\$" "$LOG"; then
		echo "--- $LABEL: output of $name (last lines) ---" >&2
		test_output "$name" >&2
	else
		echo "--- $LABEL: $name never started ---" >&2
	fi
}

check_kernel_log() {
	local splats leaks clean=1
	splats=$(grep -nE "$STAMP.*($SPLATS)" "$LOG" || true)
	# Objects listed by "cat /sys/kernel/debug/kmemleak" (no timestamp).
	leaks=$(sed -n '/HVTEST KMEMLEAK BEGIN/,/HVTEST KMEMLEAK END/p' "$LOG" |
		grep -n 'unreferenced object' || true)
	if [[ -n $splats || -n $leaks ]]; then
		clean=0
		echo "--- $LABEL: offending kernel log lines ---" >&2
		printf '%s\n' "$splats" "$leaks" | sed '/^$/d' | head -n 60 >&2
	fi
	# Every boot (a test may end one on purpose) must reach the end.
	if ! grep -q '^HVTEST DONE' "$LOG" ||
		[[ $(grep -c '^HVTEST BOOTED' "$LOG") != $(grep -c '^HVTEST DONE' "$LOG") ]]; then
		clean=0
		echo "--- $LABEL: VM did not reach the end of /init (hang, panic or timeout); log tail: ---" >&2
		tail -n 40 "$LOG" >&2
	fi
	if [[ $clean == 1 ]]; then
		result PASS "kernel log clean"
	else
		result FAIL "kernel log clean"
	fi
}

main() {
	[[ $# -ge 2 ]] || { echo "usage: $0 LOG LABEL TEST-NAME..." >&2; exit 2; }
	LOG=$1 LABEL=$2
	shift 2
	local t
	for t in "$@"; do
		check_test "$t"
	done
	check_kernel_log
	return "$FAILED"
}

main "$@"
