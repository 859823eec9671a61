# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Common helpers for the hvdrv build/test scripts.  Sourced, never run.
#
# Cache layout (everything heavy lives outside the repo so that a fresh clone
# stays small and a second run is fast):
#   $HVDRV_CACHE/ccache/                 shared by every kernel/UML/module build
#   $HVDRV_CACHE/src/<pkgver>/           extracted linux-source-6.12, per package version
#   $HVDRV_CACHE/debug-kernel/<key>/     O= build of the debug test kernel
#   $HVDRV_CACHE/uml/<key>/              UML source copy + kunit build dir
#   $HVDRV_CACHE/modules/<name>/         per-KDIR copies of the tree for M= builds
#   $HVDRV_CACHE/logs/<stamp>/           logs of scripts/run-tests.sh

HV_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HVDRV_CACHE=${HVDRV_CACHE:-$HOME/.cache/hvdrv}
CCACHE_DIR=${CCACHE_DIR:-$HVDRV_CACHE/ccache}
# The debug kernel (x86) and the UML kernel share this cache; 5G holds both.
CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-5G}
# The driver tree that is built and checked; the repo itself unless a test of
# the pipeline points it at another tree.
HVDRV_TREE=${HVDRV_TREE:-$HV_ROOT}
export HV_ROOT HVDRV_CACHE CCACHE_DIR CCACHE_MAXSIZE HVDRV_TREE

# The Kconfig symbols of our modules, as given to an M= build (used by the
# scripts that source this file).
# shellcheck disable=SC2034
HV_MODULE_CONFIG=(CONFIG_HYPERV_VMBUS=m CONFIG_HYPERV_VMBUSSIM=m CONFIG_HYPERV_UTILS=m
	CONFIG_HYPERV_STORAGE=m CONFIG_HYPERV_NET=m)

HV_SRC_PKG=linux-source-6.12
HV_SRC_TARBALL=/usr/src/linux-source-6.12.tar.xz

hv_log() { printf '%s\n' "$*" >&2; }
hv_die() { hv_log "error: $*"; exit 1; }

hv_nproc() { nproc 2>/dev/null || echo 2; }

# Version of the installed linux-source package: the key of the extraction.
hv_src_version() {
	dpkg-query -W -f='${Version}' "$HV_SRC_PKG" 2>/dev/null ||
		hv_die "$HV_SRC_PKG is not installed (run scripts/setup.sh)"
}

# Print the path of the extracted kernel source, extracting it on first use.
# Extraction goes to a temporary directory and is renamed into place, so an
# interrupted run never leaves a half-extracted tree behind a valid path.
hv_kernel_src() {
	local ver dir tmp
	ver=$(hv_src_version)
	dir=$HVDRV_CACHE/src/$ver
	if [[ ! -e $dir/.ok ]]; then
		[[ -r $HV_SRC_TARBALL ]] || hv_die "missing $HV_SRC_TARBALL"
		hv_log "extracting $HV_SRC_TARBALL (version $ver)"
		rm -rf "$dir" "$dir.tmp"
		tmp=$dir.tmp
		mkdir -p "$tmp"
		tar -C "$tmp" -xJf "$HV_SRC_TARBALL"
		mv "$tmp" "$dir"
		touch "$dir/.ok"
	fi
	printf '%s/linux-source-6.12\n' "$dir"
}

# sha256 over the given files plus extra strings; used as cache keys.
hv_key() {
	local f
	{
		for f in "$@"; do
			if [[ -f $f ]]; then cat "$f"; else printf '%s\n' "$f"; fi
		done
	} | sha256sum | cut -c1-16
}

# The configuration fragment of a test kernel, on stdout: for "debug",
# scripts/kernel/debug.config; for "perf", the same without its debugging
# section (and KALLSYMS_ALL, which needs DEBUG_KERNEL), with debugfs,
# which vmbussim's control files need.
hv_kernel_fragment() {
	local frag=$HV_ROOT/scripts/kernel/debug.config
	if [[ $1 == debug ]]; then
		cat "$frag"
		return
	fi
	sed -e '/^# --- debugging ---/,/^$/d' -e '/^CONFIG_KALLSYMS_ALL=/d' \
		-e 's/^CONFIG_LOCALVERSION=.*/CONFIG_LOCALVERSION="-hvperf"/' "$frag"
	printf '%s\n' CONFIG_DEBUG_FS=y
}

# Bump when scripts/build-debug-kernel.sh changes what it builds.
HV_KERNEL_RECIPE=2

# Build dir of a test kernel (debug or perf): its key hashes the fragment,
# the source version and the recipe.
hv_test_kernel_dir() {
	printf '%s/%s-kernel/%s\n' "$HVDRV_CACHE" "$1" \
		"$(hv_key "$(hv_kernel_fragment "$1")" "$(hv_src_version)" \
			"recipe $HV_KERNEL_RECIPE")"
}

hv_debug_kernel_dir() {
	hv_test_kernel_dir debug
}

# Debian's 6.12 kernel: newest /boot/vmlinuz-6.12.* and its headers.
hv_debian_kver() {
	local img
	img=$(find /boot -maxdepth 1 -name 'vmlinuz-6.12.*-amd64' | sort -V | tail -n1)
	[[ -n $img ]] || return 1
	basename "$img" | sed 's/^vmlinuz-//'
}

# Directory of the 6.1 headers (linux-headers-amd64 on Debian 12).
hv_kdir_61() {
	local d
	d=$(find /usr/src -maxdepth 1 -name 'linux-headers-6.1.*-amd64' | sort -V | tail -n1)
	[[ -n $d ]] || return 1
	printf '%s\n' "$d"
}

hv_kdir_612() {
	local kver
	kver=$(hv_debian_kver) || return 1
	[[ -d /usr/src/linux-headers-$kver ]] || return 1
	printf '/usr/src/linux-headers-%s\n' "$kver"
}

# Serialise users of one cache directory: several people (or CI jobs) on one
# machine run these scripts at once, and two builds in the same tree corrupt
# each other.  The lock is held until the calling script exits.
hv_lock() {
	local fd
	mkdir -p "$(dirname "$1")"
	exec {fd}>"$1.lock"
	if ! flock -n "$fd"; then
		hv_log "waiting for $1 (in use by another run)"
		flock "$fd"
	fi
}
