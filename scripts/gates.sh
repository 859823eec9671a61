#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Static gates over the C code we own.
#
#   scripts/gates.sh GATE...     GATE: checkpatch sparse w1 kernel-doc exports
#
# Each gate prints "PASS <gate>" or "FAIL <gate>" (offending lines on
# stderr) and writes its full output to $HVDRV_LOGDIR/gate-<gate>.log.
# Exit status: non-zero if any gate failed.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

LOGDIR=${HVDRV_LOGDIR:-$HVDRV_CACHE/logs/gates}

# Our *.c and *.h, relative to $HVDRV_TREE (the gates run there, so that
# reports name drivers/hv/foo.c): tracked or new files under drivers/,
# include/ and compat/, honouring .gitignore (so generated *.mod.c never
# count). compat/6.1/ holds 6.1's versions of a few definitions, spelled
# as 6.1's API wants them (a writable struct bus_type): checkpatch, which
# knows the current API, is not asked about those (the W=1 and sparse
# builds against 6.1 compile them).
our_sources() {
	cd "$HVDRV_TREE"
	if git rev-parse --git-dir >/dev/null 2>&1; then
		git ls-files -co --exclude-standard -- \
			'drivers/*.c' 'drivers/*.h' 'include/*.c' 'include/*.h' \
			'compat/*.c' 'compat/*.h'
	else
		find drivers include compat \( -name '*.c' -o -name '*.h' \) \
			! -name '*.mod.c' 2>/dev/null
	fi | while read -r f; do [[ -f $f ]] && printf '%s\n' "$f"; done | sort
}

# Print the offending lines (first 60) and fail when $1 is not empty.
judge() {
	local gate=$1 bad=$2
	if [[ -z $bad ]]; then
		echo "PASS $gate"
		return 0
	fi
	echo "FAIL $gate"
	{
		echo "--- $gate: offending lines (full log: $LOGDIR/gate-$gate.log) ---"
		printf '%s\n' "$bad" | head -n 60
	} >&2
	return 1
}

# checkpatch.pl runs in place in the extracted kernel source, so that
# spelling.txt and const_structs.checkpatch sit beside it (without them
# those checks are skipped silently), with that source as its tree
# (--root): it learns the kernel's type names (struct Scsi_Host) from the
# kernel's include/, not from a git repository (GIT_DIR points nowhere,
# or it would read ours). It keeps that list in a .checkpatch-camelcase.*
# file here, which .gitignore names. No check type is ignored.
gate_checkpatch() {
	local src log=$LOGDIR/gate-checkpatch.log files
	src=$(hv_kernel_src)
	mapfile -t files < <(our_sources | grep -v '^compat/6\.1/')
	[[ ${#files[@]} -gt 0 ]] || { echo "FAIL checkpatch (no sources)"; return 1; }
	(cd "$HVDRV_TREE" && GIT_DIR=/nonexistent perl "$src/scripts/checkpatch.pl" \
		--root="$src" --strict --show-types --no-summary -f "${files[@]}") \
		>"$log" 2>&1 || true
	judge checkpatch "$(grep -E '^(ERROR|WARNING|CHECK):|^#[0-9]+: FILE:' "$log" || true)"
}

gate_kernel_doc() {
	local src log=$LOGDIR/gate-kernel-doc.log files
	src=$(hv_kernel_src)
	mapfile -t files < <(our_sources)
	[[ ${#files[@]} -gt 0 ]] || { echo "FAIL kernel-doc (no sources)"; return 1; }
	(cd "$HVDRV_TREE" && perl "$src/scripts/kernel-doc" -none -Wall "${files[@]}") \
		>"$log" 2>&1 || true
	# -none prints nothing but diagnostics.
	judge kernel-doc "$(grep -v '^$' "$log" || true)"
}

# A clean build (--clean) so that every file is compiled and checked.
gate_build() {
	local name=$1 kdir=$2 log=$3
	shift 3
	"$HV_ROOT/scripts/build-modules.sh" --clean --name "gate-$name" "$kdir" \
		"$HVDRV_CACHE/out/gate-$name" "$@" >"$log" 2>&1
}

gate_sparse() {
	local log=$LOGDIR/gate-sparse.log kdir rc=0
	kdir=$(hv_kdir_612) || { echo "FAIL sparse (no 6.12 headers)"; return 1; }
	gate_build sparse "$kdir" "$log" C=2 CHECK=sparse || rc=$?
	# Sparse also complains about kernel headers; only our files count.
	local bad
	bad=$(grep -E "^$HVDRV_CACHE/modules/gate-sparse/[^:]+:[0-9]+:[0-9]+: (warning|error):" "$log" |
		sed "s|^$HVDRV_CACHE/modules/gate-sparse/||" || true)
	[[ $rc == 0 ]] || bad=$(printf '%s\nbuild failed:\n%s' "$bad" "$(tail -n 30 "$log")")
	judge sparse "$bad"
}

# W=1 against every kernel we ship for; any compiler or modpost warning fails.
gate_w1() {
	local log=$LOGDIR/gate-w1.log name kdir rc bad="" dbg
	: >"$log"
	dbg=$("$HV_ROOT/scripts/build-debug-kernel.sh") || { echo "FAIL w1 (no debug kernel)"; return 1; }
	for name in 6.1 6.12 debug; do
		case $name in
		6.1) kdir=$(hv_kdir_61) ;;
		6.12) kdir=$(hv_kdir_612) ;;
		debug) kdir=$dbg ;;
		esac
		rc=0
		gate_build "w1-$name" "$kdir" "$log.$name" W=1 || rc=$?
		cat "$log.$name" >>"$log"
		bad+=$(grep -i 'warning:' "$log.$name" |
			sed "s|$HVDRV_CACHE/modules/gate-w1-$name/||; s|^|$name: |" || true)
		[[ $rc == 0 ]] || bad+=$(printf '\n%s: build failed:\n%s' "$name" "$(tail -n 30 "$log.$name")")
		rm -f "$log.$name"
	done
	judge w1 "$bad"
}

# An EXPORT_SYMBOL of ours must not clash with a vmlinux export of either
# Debian kernel: modpost rejects re-exporting a vmlinux symbol.
gate_exports() {
	local log=$LOGDIR/gate-exports.log ours vmlinux name kdir
	: >"$log"
	for name in 6.1 6.12; do
		case $name in
		6.1) kdir=$(hv_kdir_61) ;;
		6.12) kdir=$(hv_kdir_612) ;;
		esac
		# The (incremental) build run-tests.sh does anyway: exports depend
		# on the sources only, so no clean build is needed here.
		"$HV_ROOT/scripts/build-modules.sh" "$kdir" "$HVDRV_CACHE/out/$name" >"$log.build" 2>&1 ||
			{ cat "$log.build" >>"$log"; echo "FAIL exports ($name build failed)"; return 1; }
		awk '{print $2}' "$HVDRV_CACHE/out/$name/Module.symvers" >>"$log.ours"
		awk '$3 == "vmlinux" {print $2}' "$kdir/Module.symvers" >>"$log.vmlinux"
	done
	ours=$(sort -u "$log.ours")
	vmlinux=$(sort -u "$log.vmlinux")
	rm -f "$log.build" "$log.ours" "$log.vmlinux"
	printf 'our exports:\n%s\n' "$ours" >>"$log"
	judge exports "$(comm -12 <(printf '%s\n' "$ours") <(printf '%s\n' "$vmlinux") |
		sed '/^$/d; s/^/exported by vmlinux too: /')"
}

main() {
	local gate rc=0
	[[ $# -gt 0 ]] || hv_die "usage: $0 checkpatch|sparse|w1|kernel-doc|exports..."
	mkdir -p "$LOGDIR"
	for gate in "$@"; do
		case $gate in
		checkpatch) gate_checkpatch || rc=1 ;;
		kernel-doc) gate_kernel_doc || rc=1 ;;
		sparse) gate_sparse || rc=1 ;;
		w1) gate_w1 || rc=1 ;;
		exports) gate_exports || rc=1 ;;
		*) hv_die "unknown gate $gate" ;;
		esac
	done
	return "$rc"
}

main "$@"
