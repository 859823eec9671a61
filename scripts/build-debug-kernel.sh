#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test kernel for QEMU: the debug kernel (KASAN, lockdep,
# kmemleak, ...) for the tests, or with --perf the same kernel without
# the debugging options, for benchmarks.
#
#   scripts/build-debug-kernel.sh [--debug|--perf] [--print-dir]
#
# allnoconfig + scripts/kernel/debug.config (--perf: its part before
# "--- debugging ---", with debugfs, named -hvperf: hv_kernel_fragment in
# lib.sh), x86_64, built with ccache into
# $HVDRV_CACHE/{debug,perf}-kernel/<key>/ (an O= tree that external
# modules can use as KDIR; <key>.config beside it is the fragment). The
# key hashes the fragment, the linux-source version and HV_KERNEL_RECIPE,
# so a warm run does nothing. Prints the build dir on stdout.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

FLAVOUR=debug

# Every option set in the fragment must survive olddefconfig; a silently
# dropped dependency would give a kernel that lacks a checker we rely on.
verify_config() {
	local cfg=$1 line sym bad=0
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*)
			grep -qxF -- "$line" "$cfg" && continue
			sym=${line%%=*}
			hv_log "config: wanted '$line', got '$(grep -E "^(# )?${sym}[= ]" "$cfg" || echo "$sym unset")'"
			bad=1 ;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			if grep -qE "^$sym=[ym]" "$cfg"; then
				hv_log "config: wanted $sym off, got $(grep -E "^$sym=" "$cfg")"
				bad=1
			fi ;;
		esac
	done <"$FRAGMENT"
	return "$bad"
}

kmake() {
	make -C "$SRC" O="$OUT" ARCH=x86_64 "$@"
}

configure() {
	hv_log "$FLAVOUR kernel: configuring in $OUT"
	kmake KCONFIG_ALLCONFIG="$FRAGMENT" allnoconfig >/dev/null
	kmake olddefconfig >/dev/null
	verify_config "$OUT/.config" || hv_die "$FRAGMENT did not apply cleanly"
}

build() {
	local jobs
	# HVDRV_JOBS: more jobs than cores helps on a machine shared with
	# other builds; it does not change the result, nor the cache key.
	jobs=${HVDRV_JOBS:-$(hv_nproc)}
	hv_log "$FLAVOUR kernel: building bzImage + modules (-j$jobs, ccache $CCACHE_DIR)"
	# modules produces Module.symvers, without which external modules see
	# every kernel symbol as undefined; modules_prepare is implied by modules
	# but spelled out because external builds depend on it.
	# Its output goes to stderr: stdout carries the build dir only.
	kmake CC="ccache gcc" -j"$jobs" bzImage modules modules_prepare >&2
	[[ -s $OUT/Module.symvers ]] || cp "$OUT/vmlinux.symvers" "$OUT/Module.symvers"
	kmake -s kernelrelease >"$OUT/kernelrelease"
}

main() {
	local print_dir=0
	while [[ $# -gt 0 ]]; do
		case $1 in
		--print-dir) print_dir=1 ;;
		--perf) FLAVOUR=perf ;;
		--debug) FLAVOUR=debug ;;
		*) hv_die "usage: $0 [--debug|--perf] [--print-dir]" ;;
		esac
		shift
	done
	OUT=$(hv_test_kernel_dir "$FLAVOUR")
	if [[ $print_dir == 1 ]]; then
		printf '%s\n' "$OUT"
		return 0
	fi
	# Two builds in one O= dir would corrupt it; a second caller waits and
	# then finds the finished build.
	hv_lock "$OUT"
	FRAGMENT=$OUT.config
	hv_kernel_fragment "$FLAVOUR" >"$FRAGMENT"
	if [[ $FLAVOUR == perf ]] &&
	   grep -qE '^CONFIG_(KASAN|PROVE_LOCKING|DEBUG_KMEMLEAK)=' "$FRAGMENT"; then
		hv_die "the perf kernel's fragment kept debugging options"
	fi
	if [[ -e $OUT/.ok ]]; then
		hv_log "$FLAVOUR kernel: cached ($OUT)"
	else
		SRC=$(hv_kernel_src)
		mkdir -p "$OUT" "$CCACHE_DIR"
		# Relative paths in ccache's hash let a rebuild under a new key
		# (new O= dir) hit the objects of the previous one.
		export CCACHE_BASEDIR=$HVDRV_CACHE
		configure
		build
		touch "$OUT/.ok"
		hv_log "$FLAVOUR kernel: done ($(cat "$OUT/kernelrelease"))"
	fi
	printf '%s\n' "$OUT"
}

main "$@"
