#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the peer lane: Linux's own Hyper-V guest modules, compiled unmodified
# from Debian's linux-source-6.12 against the debug kernel, and hvshim, our
# Hyper-V platform for a kernel without CONFIG_HYPERV.
#
#   scripts/build-peer.sh [--perf] OUTDIR
#
# --perf builds against the perf kernel (scripts/build-debug-kernel.sh
# --perf) instead of the debug kernel, for the benchmarks.
#
# Upstream's sources are copied from the extracted linux-source into
# $HVDRV_CACHE/peer/<key>/ (never into the repository) beside our own Kbuild
# files (scripts/peer/kbuild/) and built there once per key (source version,
# debug kernel, Kbuild files, this script). hvshim is built from the tree on
# every call, incrementally. OUTDIR receives hv_vmbus, hv_utils, hv_storvsc,
# hv_netvsc, ucs2_string, hvshim (.ko) and the VMBus ACPI table
# (vmbus-ssdt.aml); OUTDIR/real our own modules built to reach the host
# through our real-Hyper-V provider, over hvshim.
#
# Fails, naming them, when upstream's modules import a symbol that neither
# the debug kernel, nor hvshim, nor another peer module exports: a Debian
# point release that changed what the modules need.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

PEER=$HV_ROOT/scripts/peer

# Upstream's files the modules are built from, relative to the source.
UPSTREAM_FILES=(drivers/hv drivers/net/hyperv drivers/scsi/storvsc_drv.c
	lib/ucs2_string.c)

copy_upstream() {
	local src=$1 tree=$2 f
	for f in "${UPSTREAM_FILES[@]}"; do
		mkdir -p "$tree/$(dirname "$f")"
		cp -r "$src/$f" "$tree/$f"
	done
	# Our Kbuild files take precedence over upstream's Makefiles.
	cp "$PEER/kbuild/top.Kbuild" "$tree/Kbuild"
	cp "$PEER/kbuild/hv.Kbuild" "$tree/drivers/hv/Kbuild"
	cp "$PEER/kbuild/net.Kbuild" "$tree/drivers/net/hyperv/Kbuild"
	cp "$PEER/kbuild/scsi.Kbuild" "$tree/drivers/scsi/Kbuild"
	cp "$PEER/kbuild/lib.Kbuild" "$tree/lib/Kbuild"
}

build_upstream() {
	local kdir=$1 dir=$2 src
	hv_lock "$dir"
	[[ -e $dir/.ok ]] && return 0
	src=$(hv_kernel_src)
	rm -rf "$dir/tree"
	copy_upstream "$src" "$dir/tree"
	hv_log "peer: building Linux's Hyper-V modules in $dir/tree"
	# Undefined symbols are judged by check_imports, with a clearer message.
	make -C "$kdir" M="$dir/tree" KBUILD_MODPOST_WARN=1 \
		KBUILD_EXTRA_SYMBOLS="$SHIM/Module.symvers" \
		CC="ccache gcc" -j"$(hv_nproc)" modules
	touch "$dir/.ok"
}

build_shim() {
	local kdir=$1 copy=$HVDRV_CACHE/peer/shim-$FLAVOUR
	hv_lock "$copy"
	mkdir -p "$copy/drivers/hv"
	rsync -a -c --delete "$HVDRV_TREE/include/" "$copy/include/"
	rsync -a -c --delete "$HVDRV_TREE/compat/" "$copy/compat/"
	rsync -a -c --delete --exclude='*.o' --exclude='*.ko' --exclude='*.mod*' \
		--exclude='.*.cmd' --exclude=Module.symvers --exclude=modules.order \
		"$HVDRV_TREE/drivers/hv/peer/" "$copy/drivers/hv/peer/"
	SHIM=$copy/drivers/hv/peer
	# Built from scratch with W=1 and sparse each time (five small files):
	# the static gates' builds are against Debian's kernels, where a
	# Hyper-V kernel's own symbols rule this module out.
	make -C "$kdir" M="$SHIM" clean >/dev/null
	make -C "$kdir" M="$SHIM" W=1 C=2 CHECK=sparse \
		-j"$(hv_nproc)" modules 2>&1 | tee "$copy/build.log"
	if grep -E "^$SHIM/[^:]+:[0-9]+:[0-9]+: (warning|error):|warning:" "$copy/build.log" >&2; then
		hv_die "hvshim: the build above has warnings"
	fi
}

# Our modules with the real-Hyper-V provider, for a kernel whose Hyper-V
# platform is hvshim. hvshim exports the provider interface of our bus
# (vmbus_host_register(), vmbus_host_unregister(), vmbus_isr()) to
# vmbussim, and a kernel refuses a second module exporting a name: here
# our bus's own are renamed.
build_real() {
	local kdir=$1 out=$2 rename="" f
	for f in vmbus_host_register vmbus_host_unregister vmbus_isr; do
		rename+=" -D$f=${f}_over_shim"
	done
	"$HV_ROOT/scripts/build-modules.sh" --name "peer-real-$FLAVOUR" "$kdir" "$out" \
		CONFIG_HYPERV=m KBUILD_EXTRA_SYMBOLS="$SHIM/Module.symvers" \
		KCFLAGS="-DCONFIG_HYPERV_MODULE=1$rename"
	rm -f "$out"/vmbussim*.ko
}

# Every symbol a peer module imports must come from somewhere.
check_imports() {
	local kdir=$1 tree=$2 out=$3 missing
	missing=$(comm -23 \
		<(for ko in "$out"/*.ko; do nm -u "$ko"; done |
			awk '{print $2}' | sed 's/^__crc_//' | sort -u) \
		<(cat "$kdir/Module.symvers" "$tree/Module.symvers" "$SHIM/Module.symvers" |
			awk '{print $2}' | sort -u))
	# Symbols a module resolves at link time against the kernel's
	# relocations are not exports; only those listed matter.
	missing=$(grep -vE '^(__fentry__|__x86_indirect_thunk_.*|__x86_return_thunk|_GLOBAL_OFFSET_TABLE_)$' <<<"$missing" || true)
	if [[ -n $missing ]]; then
		hv_log "peer: Linux's Hyper-V modules import symbols nobody exports:"
		sed 's/^/  /' <<<"$missing" >&2
		hv_log "peer: a new linux-source ($(hv_src_version)) needs them from hvshim (drivers/hv/peer/)"
		return 1
	fi
}

FLAVOUR=debug

main() {
	local out kdir key dir
	if [[ ${1:-} == --perf ]]; then
		FLAVOUR=perf
		shift
	fi
	out=${1:-}
	[[ -n $out ]] || hv_die "usage: $0 [--perf] OUTDIR"
	kdir=$("$HV_ROOT/scripts/build-debug-kernel.sh" "--$FLAVOUR")
	key=$(hv_key "$(hv_src_version)" "$kdir" "$0" "$PEER"/kbuild/*)
	dir=$HVDRV_CACHE/peer/$key
	build_shim "$kdir"
	build_upstream "$kdir" "$dir"
	mkdir -p "$out"
	find "$out" -maxdepth 1 -name '*.ko' -delete
	find "$dir/tree" -name '*.ko' -exec cp {} "$out/" \;
	cp "$SHIM/hvshim.ko" "$out/"
	build_real "$kdir" "$out/real"
	iasl -p "$out/vmbus-ssdt" "$PEER/vmbus-ssdt.asl" >/dev/null
	check_imports "$kdir" "$dir/tree" "$out"
	hv_log "peer: $(cd "$out" && echo *.ko) in $out"
}

main "$@"
