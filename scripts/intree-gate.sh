#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The in-tree gate: the in-tree form (scripts/intree.sh) built inside
# Debian's linux-source-6.12 as part of the kernel, and checkpatch --strict
# run there in its in-tree mode.
#
#   scripts/intree-gate.sh
#
# Prints "PASS|FAIL intree-build", "PASS|FAIL intree-checkpatch" and
# "PASS|FAIL intree-overlay" (compat/6.1/'s files set the members of the
# files they stand in for; diagnostics on stderr, logs in
# $HVDRV_LOGDIR/intree-*.log).
#
# Kept in $HVDRV_CACHE/intree/<source version>/:
#   src/         a hard-link copy of the extracted source (which is never
#                written: scripts/intree.sh replaces files, never writes
#                through a link), our in-tree form merged in
#   obj/         the O= build: x86_64_defconfig, then hv.config (below)
#   checkpatch/  checkpatch's report of each file, by content
# so that a run after a small change rebuilds and rechecks only that.
#
# The kernel's own Hyper-V code is not built: our drivers/hv/Kconfig
# replaces the kernel's, which defines CONFIG_HYPERV (the platform), so
# every part that needs it (the x86 platform code, hv_balloon, pci-hyperv,
# hid-hyperv, hyperv_fb, hyperv_drm, hyperv-keyboard, the vsock transport)
# has an undefined dependency and stays off; build_config checks that no
# other *HYPERV* option is set. Without CONFIG_HYPERV our vmbus_hyperv.c
# (real Hyper-V) is not built here either: the out-of-tree builds compile
# it, against Debian's kernels, which have the platform.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

LOGDIR=${HVDRV_LOGDIR:-$HVDRV_CACHE/logs/intree}

# Besides our options: what they need, and what lets every file of ours
# compile (FC attributes for storvsc's FC code, KUnit for the tests).
HV_INTREE_CONFIG="CONFIG_MODULES=y
CONFIG_NET=y
CONFIG_INET=y
CONFIG_SCSI=y
CONFIG_SCSI_FC_ATTRS=m
CONFIG_DEBUG_FS=y
CONFIG_KUNIT=y"

# Every option our Kconfig files define, =m (tristate) or =y (bool), so
# that a new module is built here without a change to this script.
our_options() {
	# shellcheck disable=SC2016 # awk's fields, not shell expansion
	find "$HVDRV_TREE/drivers" -name Kconfig -print0 | xargs -0 awk '
		/^config / { sym = $2; next }
		sym && /^[[:space:]]+tristate/ { print "CONFIG_" sym "=m"; sym = "" }
		sym && /^[[:space:]]+bool/ { print "CONFIG_" sym "=y"; sym = "" }
	' | sort -u
}

# The O= configuration: made again when its fragment changes.
build_config() {
	local src=$1 obj=$2 frag=$3 missing extra
	if ! cmp -s "$frag" "$obj/.hv-fragment"; then
		hv_log "intree: configuring $obj"
		make -C "$src" O="$obj" x86_64_defconfig
		(cd "$src" && scripts/kconfig/merge_config.sh -m -O "$obj" "$obj/.config" "$frag")
		make -C "$src" O="$obj" olddefconfig
		cp "$frag" "$obj/.hv-fragment"
	fi
	missing=$(grep -vxFf "$obj/.config" "$frag" || true)
	[[ -z $missing ]] || { hv_log "intree: not set as asked: $missing"; return 1; }
	extra=$(grep -E '^CONFIG_([A-Z0-9_]*_)?HYPERV(_[A-Z0-9_]*)?=' "$obj/.config" |
		grep -vxFf "$frag" || true)
	[[ -z $extra ]] || { hv_log "intree: other Hyper-V options set: $extra"; return 1; }
}

# Our module objects in a directory whose Makefile is the kernel's (only
# they are built there, not the kernel's other SCSI drivers).
spliced_targets() {
	# shellcheck disable=SC2016 # make syntax, not shell expansion
	sed -n 's|^obj-\$(CONFIG_[A-Z0-9_]*)[[:space:]]*+=[[:space:]]*\([a-z0-9_]*\.o\)$|drivers/scsi/\1|p' \
		"$HVDRV_TREE/drivers/scsi/Makefile"
}

build() {
	local src=$1 obj=$2 log=$LOGDIR/intree-build.log targets
	mapfile -t targets < <(spliced_targets)
	{
		make -C "$src" O="$obj" CC="ccache gcc" -j"$(hv_nproc)" prepare &&
		make -C "$src" O="$obj" CC="ccache gcc" -j"$(hv_nproc)" W=1 \
			drivers/hv/ drivers/net/hyperv/ "${targets[@]}"
	} >"$log" 2>&1 || { tail -n 40 "$log" >&2; return 1; }
	if grep -E 'warning:|error:' "$log" >&2; then
		return 1
	fi
}

# checkpatch --strict in the kernel tree (its in-tree mode: it knows the
# kernel's types and structures), one file at a time, each report kept
# by the file's content and path and by checkpatch itself.
checkpatch_one() {
	local src=$1 cache=$2 f=$3 key
	key=$(cat "$src/$f" "$src/scripts/checkpatch.pl" <(echo "$f") | sha256sum | cut -c1-32)
	if [[ ! -f $cache/$key ]]; then
		(cd "$src" && GIT_DIR=/nonexistent perl scripts/checkpatch.pl --strict \
			--show-types --no-summary -f "$f") >"$cache/$key.tmp" 2>&1 || true
		mv "$cache/$key.tmp" "$cache/$key"
	fi
	cat "$cache/$key"
}

checkpatch() {
	local src=$1 form=$2 cache=$3 log=$LOGDIR/intree-checkpatch.log files
	mkdir -p "$cache"
	mapfile -t files < <(cd "$form" && find . -name '*.[ch]' -o -name Kconfig |
		sed 's|^\./||' | grep -vx 'drivers/scsi/Kconfig' | sort)
	[[ ${#files[@]} -gt 0 ]] || { hv_log "intree: no files"; return 1; }
	# The first run lists the kernel's CamelCase names (a minute); the
	# others then read that list.
	checkpatch_one "$src" "$cache" "${files[0]}" >"$log"
	export -f checkpatch_one
	printf '%s\n' "${files[@]:1}" |
		xargs -P "$(hv_nproc)" -I{} bash -c 'checkpatch_one "$@"' _ "$src" "$cache" {} >>"$log"
	if grep -E '^(ERROR|WARNING|CHECK):|^#[0-9]+: FILE:' "$log" >&2; then
		return 1
	fi
}

# compat/6.1/<file> stands in for <file> in the 6.1 build: it must set
# the same members in its initializers, or a change made to one alone
# would go unseen there.
overlay_members() {
	sed -n 's/^[[:space:]]*\(\.[a-z_0-9]*\)[[:space:]]*=.*/\1/p' "$1" | sort
}

overlay() {
	local f ours rc=0
	while IFS= read -r f; do
		ours=$HVDRV_TREE/${f#compat/*/}
		if [[ ! -f $ours ]]; then
			hv_log "intree: $f stands in for ${f#compat/*/}, which is gone"
			rc=1
		elif ! diff <(overlay_members "$ours") <(overlay_members "$HVDRV_TREE/$f") >&2; then
			hv_log "intree: $f sets other members than ${f#compat/*/} (above)"
			rc=1
		fi
	done < <(cd "$HVDRV_TREE" && find compat -mindepth 2 -path 'compat/include' -prune -o \
		-name '*.c' -print)
	return "$rc"
}

result() {
	local name=$1 t0=$SECONDS
	shift
	if "$@"; then
		echo "PASS $name"
	else
		echo "FAIL $name"
		RC=1
	fi
	hv_log "intree: $name: $((SECONDS - t0))s"
}

main() {
	local ksrc dir src obj form t0=$SECONDS
	RC=0
	mkdir -p "$LOGDIR"
	ksrc=$(hv_kernel_src)
	dir=$HVDRV_CACHE/intree/$(hv_src_version)
	src=$dir/src obj=$dir/obj form=$dir/form
	hv_lock "$dir"
	if [[ ! -e $dir/.src-ok ]]; then
		hv_log "intree: linking a copy of $ksrc"
		rm -rf "$src" "$src.tmp"
		mkdir -p "$dir"
		cp -al "$ksrc" "$src.tmp"
		mv "$src.tmp" "$src"
		touch "$dir/.src-ok"
	fi
	rm -rf "$form"
	"$HV_ROOT/scripts/intree.sh" --kernel "$ksrc" "$form"
	"$HV_ROOT/scripts/intree.sh" --kernel "$ksrc" "$src"
	mkdir -p "$obj"
	{ echo "$HV_INTREE_CONFIG"; our_options; } | sort -u >"$dir/hv.config"
	if build_config "$src" "$obj" "$dir/hv.config" >"$LOGDIR/intree-config.log" 2>&1; then
		result intree-build build "$src" "$obj"
	else
		tail -n 20 "$LOGDIR/intree-config.log" >&2
		echo "FAIL intree-build (configuration)"
		RC=1
	fi
	result intree-checkpatch checkpatch "$src" "$form" "$dir/checkpatch"
	result intree-overlay overlay
	hv_log "intree: total $((SECONDS - t0))s"
	return "$RC"
}

main "$@"
