#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build our modules against one kernel build tree.
#
#   scripts/build-modules.sh [--clean] [--name NAME] KDIR OUTDIR [make args...]
#
# Out-of-tree builds write objects next to the sources, so every KDIR gets its
# own copy of the tree under $HVDRV_CACHE/modules/<name>/ (rsync, without .git
# and build artefacts); builds for 6.1, 6.12 and the debug kernel can then
# coexist and stay incremental.  --clean forces a full rebuild, which the
# warning gates need: an up-to-date object prints no warnings.  The .ko files
# and Module.symvers end up in OUTDIR; make output goes to stdout/stderr.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

usage() {
	hv_die "usage: $0 [--clean] [--name NAME] KDIR OUTDIR [make args...]"
}

sync_tree() {
	local dst=$1 f
	mkdir -p "$dst"
	# Excluded files are not deleted in dst (no --delete-excluded), so the
	# objects of the previous build stay and the build is incremental.
	# Files are compared by content (-c), and every file copied gets the
	# current time: rsync would give it the source's time, which can be
	# older than an object built from other sources (another worktree or
	# branch), and make would keep that stale object.
	rsync -a -c --delete --out-format='%n' \
		--exclude=.git --exclude=/build/ --exclude=/.hv-tree \
		--exclude='*.o' --exclude='*.ko' --exclude='*.mod' --exclude='*.mod.c' \
		--exclude='.*.cmd' --exclude='*.a' --exclude=Module.symvers \
		--exclude=modules.order --exclude='.tmp_versions' \
		"$HVDRV_TREE/" "$dst/" |
		while IFS= read -r f; do
			if [[ -f $dst/$f ]]; then
				touch "$dst/$f"
			fi
		done
}

main() {
	local clean=0 name="" kdir outdir copy
	while [[ $# -gt 0 ]]; do
		case $1 in
		--clean) clean=1; shift ;;
		--name) name=$2; shift 2 ;;
		-*) usage ;;
		*) break ;;
		esac
	done
	[[ $# -ge 2 ]] || usage
	kdir=$(realpath "$1")
	outdir=$2
	shift 2
	[[ -e $kdir/Makefile ]] || hv_die "$kdir is not a kernel build tree"
	[[ -n $name ]] || name=$(basename "$kdir")-$(hv_key "$kdir")
	copy=$HVDRV_CACHE/modules/$name

	hv_lock "$copy"
	# Objects built from another tree (a second worktree with the same
	# cache) cannot be trusted: start that copy afresh.
	if [[ $(cat "$copy/.hv-tree" 2>/dev/null) != "$HVDRV_TREE" ]]; then
		rm -rf "$copy"
	fi
	sync_tree "$copy"
	echo "$HVDRV_TREE" >"$copy/.hv-tree"
	if [[ $clean == 1 ]]; then
		make -C "$kdir" M="$copy" clean >/dev/null
	fi
	make -C "$kdir" M="$copy" "${HV_MODULE_CONFIG[@]}" \
		-j"$(hv_nproc)" "$@" modules

	mkdir -p "$outdir"
	find "$outdir" -maxdepth 1 -name '*.ko' -delete
	find "$copy" -name '*.ko' -exec cp {} "$outdir/" \;
	cp "$copy/Module.symvers" "$outdir/Module.symvers"
	[[ -n $(find "$outdir" -maxdepth 1 -name '*.ko') ]] ||
		hv_die "no .ko built against $kdir"
}

main "$@"
