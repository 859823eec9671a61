#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the Debian packages of debian/ and test them on this machine.
#
#   scripts/package.sh [--no-install]
#
# 1. Installs the build dependencies with apt (debhelper, dh-dkms, dkms,
#    lintian; openssl, with which dkms makes its signing key).
# 2. Builds hyperv-drivers-dkms and hyperv-drivers-tests-dkms with
#    `dpkg-buildpackage -b` from a copy of the tree (it writes its output
#    next to the tree it builds), into $HVDRV_CACHE/package/; runs lintian.
# 3. Unless --no-install: installs both with apt as a user would, checks
#    that DKMS built, signed and installed the modules for every kernel
#    with headers, that modprobe and the initramfs take them over the
#    distro's, that a kernel upgrade's DKMS hook rebuilds them, then
#    purges the packages and checks the distro's own drivers are back.
#
# One "PASS|FAIL package: ..." line per check on stdout, diagnostics on
# stderr; exit status 1 if any check failed.
#
# This installs into the host's /lib/modules/<kver>/updates/dkms/ and
# rebuilds the host's initramfs, for the length of the test. The QEMU
# runs do not use either: they boot their own initramfs, built by
# scripts/qemu/mkinitramfs.sh from our modules in $HVDRV_CACHE/out/ and
# the distro's own modules under kernel/, resolved with the host's
# modules.dep only for modules that are not Hyper-V ones (sd_mod, ext4,
# ...), whose entries the install does not change.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

BUILD_DEPS=(debhelper dh-dkms dkms lintian openssl)
PKGS=(hyperv-drivers-dkms hyperv-drivers-tests-dkms)
MAIN_MODULES=(hv_vmbus hv_utils hv_storvsc hv_netvsc)
TEST_MODULES=(vmbussim vmbussim_core vmbussim_ic vmbussim_storvsp vmbussim_netvsp
	vmbussim_echodev vmbussim_echo)
OUT=$HVDRV_CACHE/package
# Set by a test install, so that a later run may purge what it left
# behind; a package installed any other way is never touched.
MARK=$OUT/.installed-by-test
MOK=/var/lib/dkms/mok.pub

FAILED=0

pass() { echo "PASS package: $*"; }
fail() {
	echo "FAIL package: $*"
	FAILED=1
}
# check NAME CMD...: one result line for a command, with its time when
# it took a while.
check() {
	local name=$1 t0=$SECONDS t
	shift
	if "$@" >&2; then t=pass; else t=fail; fi
	[[ $((SECONDS - t0)) -lt 2 ]] || name+=" ($((SECONDS - t0)) s)"
	$t "$name"
}

apt_get() {
	env DEBIAN_FRONTEND=noninteractive apt-get -q -y -o DPkg::Lock::Timeout=600 "$@"
}

install_build_deps() {
	local p missing=()
	for p in "${BUILD_DEPS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0
	apt_get update >&2
	apt_get install --no-install-recommends "${missing[@]}" >&2
}

# The version in debian/changelog, which dkms.conf must repeat.
pkg_version() {
	dpkg-parsechangelog -l "$HVDRV_TREE/debian/changelog" -S Version
}

# Our tracked and new files (as the gates see the tree), never build
# output, copied to DEST.
copy_tree() {
	local dest=$1
	mkdir -p "$dest"
	(cd "$HVDRV_TREE" && git ls-files -co --exclude-standard -z |
		while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
		cpio -0 -pdm --quiet "$dest")
}

build() {
	local ver=$1 work=$OUT/work
	rm -rf "$work" "$OUT"/*.deb "$OUT"/*.changes "$OUT"/*.buildinfo
	copy_tree "$work/hyperv-drivers-$ver"
	(cd "$work/hyperv-drivers-$ver" && dpkg-buildpackage -b -us -uc) >&2 || return 1
	mv "$work"/*.deb "$work"/*.changes "$work"/*.buildinfo "$OUT/"
	rm -rf "$work"
}

run_lintian() {
	# Info tags shown too; errors and warnings fail (debian/*.lintian-overrides
	# explain each override).
	lintian --info --display-info --fail-on error,warning "$OUT"/*.changes >&2
}

# Kernels with headers, as dkms builds for them.
kernels() {
	local b k
	for b in /lib/modules/*/build; do
		[[ -e $b/include ]] || continue
		k=${b%/build}
		echo "${k##*/}"
	done
}

# The installed module file of ours for kernel $1, module $2.
installed_ko() {
	compgen -G "/lib/modules/$1/updates/dkms/$2.ko*" | head -n1
}

# What modprobe finds for $2 on kernel $1 (depmod's precedence).
found_ko() {
	modinfo -k "$1" -n "$2" 2>/dev/null || true
}

# Our module $2 on kernel $1: installed by dkms under updates/dkms/, the
# very file dkms built (so not the distro's, which has no such copy),
# built for that kernel, found first by modprobe, and signed with dkms's
# key when it has one.
check_module() {
	local k=$1 m=$2 dkms_name=$3 ver=$4 ko built signer serial
	ko=$(installed_ko "$k" "$m")
	if [[ -z $ko ]]; then
		echo "$m: nothing in /lib/modules/$k/updates/dkms/" >&2
		return 1
	fi
	built=$(compgen -G "/var/lib/dkms/$dkms_name/$ver/$k/*/module/$m.ko*" | head -n1)
	if [[ -z $built ]] || ! cmp -s "$ko" "$built"; then
		echo "$ko differs from what dkms built ($built)" >&2
		return 1
	fi
	if [[ $(modinfo -F vermagic "$ko") != "$k "* ]]; then
		echo "$ko: vermagic $(modinfo -F vermagic "$ko"), not $k" >&2
		return 1
	fi
	if [[ $(found_ko "$k" "$m") != "$ko" ]]; then
		echo "modinfo -k $k -n $m gives '$(found_ko "$k" "$m")', not $ko" >&2
		return 1
	fi
	[[ -f $MOK ]] || return 0
	signer=$(modinfo -F signer "$ko")
	serial=$(openssl x509 -inform DER -in "$MOK" -noout -serial | sed 's/^serial=//')
	if [[ $signer != "DKMS module signing key" ||
		$(modinfo -F sig_key "$ko" | tr -d ':') != "$serial" ]]; then
		echo "$ko: signer '$signer', key $(modinfo -F sig_key "$ko"), not $MOK ($serial)" >&2
		return 1
	fi
}

dkms_installed() {
	local status
	status=$(dkms status -m "$1" -v "$2" -k "$3" 2>/dev/null)
	echo "$status" >&2
	[[ $status == *": installed" ]]
}

# What a kernel upgrade does: the new kernel's package runs
# /etc/kernel/postinst.d/dkms, which rebuilds every AUTOINSTALL module
# for it. Taken away from kernel $2 first, the set must come back there,
# ours again (dkms's version check skipped: see debian/rules).
kernel_hook() {
	local ver=$1 k=$2 m
	dkms remove -m hyperv-drivers-tests -v "$ver" -k "$k" &&
		dkms remove -m hyperv-drivers -v "$ver" -k "$k" || return 1
	[[ -z $(installed_ko "$k" hv_vmbus) ]] || return 1
	/etc/kernel/postinst.d/dkms "$k" || return 1
	dkms_installed hyperv-drivers "$ver" "$k" &&
		dkms_installed hyperv-drivers-tests "$ver" "$k" || return 1
	for m in "${MAIN_MODULES[@]}" "${TEST_MODULES[@]}"; do
		check_module "$k" "$m" "$(dkms_name "$m")" "$ver" || return 1
	done
}

dkms_name() {
	case $1 in
	vmbussim*) echo hyperv-drivers-tests ;;
	*) echo hyperv-drivers ;;
	esac
}

# The initramfs of kernel $1 holds our hv_vmbus and hv_storvsc ($2 = ours)
# or the distro's ($2 = distro).
check_initramfs() {
	local list
	list=$(lsinitramfs "/boot/initrd.img-$1") || return 1
	case $2 in
	ours)
		grep -qF "lib/modules/$1/updates/dkms/hv_vmbus.ko" <<<"$list" &&
			grep -qF "lib/modules/$1/updates/dkms/hv_storvsc.ko" <<<"$list" ;;
	distro)
		! grep -qF "lib/modules/$1/updates/dkms/" <<<"$list" &&
			grep -qF "lib/modules/$1/kernel/drivers/hv/hv_vmbus.ko" <<<"$list" ;;
	esac
}

# After the purge: nothing of ours left, and modprobe finds the distro's
# module again (or none, on a kernel whose image is not installed).
check_restored() {
	local k=$1 m=$2 f
	f=$(found_ko "$k" "$m")
	if [[ -n $(installed_ko "$k" "$m") || $f == */updates/* ]]; then
		echo "$m on $k: still $f" >&2
		return 1
	fi
	echo "$m on $k: ${f:-none (no kernel image)}" >&2
}

purge() {
	apt_get purge "${PKGS[@]}" >&2
}

installed_any() {
	local p
	for p in "${PKGS[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q ' installed$' && return 0
	done
	return 1
}

# depmod writes modules.* into /lib/modules/<kver> of a kernel that has
# headers only (no image, so no modules.dep before); the test takes them
# away again so that it leaves the host as it found it.
NO_DEP_KERNELS=()
note_kernels_without_deps() {
	local k
	for k in $(kernels); do
		[[ -e /lib/modules/$k/modules.dep ]] || NO_DEP_KERNELS+=("$k")
	done
}
tidy_kernels_without_deps() {
	local k
	for k in "${NO_DEP_KERNELS[@]}"; do
		rm -f /lib/modules/"$k"/modules.*
	done
}

install_test() {
	local ver=$1 k m debs
	if installed_any; then
		if [[ -e $MARK ]]; then
			echo "purging the packages a previous test run left installed" >&2
			purge
		else
			fail "install test (hyperv-drivers packages installed, not by a test: left alone)"
			return
		fi
	fi
	note_kernels_without_deps
	mapfile -t debs < <(compgen -G "$OUT/*.deb")
	touch "$MARK"
	# Debian's kernel headers compile through ccache when
	# DEBIAN_KERNEL_USE_CCACHE is set (their .kernelvariables); dkms
	# keeps the environment, so repeated runs compile little.
	check "install ${PKGS[*]} with apt" env DEBIAN_KERNEL_USE_CCACHE=1 \
		CCACHE_DIR="$CCACHE_DIR" nice -n 10 \
		env DEBIAN_FRONTEND=noninteractive apt-get -q -y \
		-o DPkg::Lock::Timeout=600 --no-install-recommends install "${debs[@]}"
	if [[ -f $MOK ]]; then
		pass "dkms signing key $MOK ($(openssl x509 -inform DER -in "$MOK" -noout -subject))"
	else
		echo "no $MOK: dkms signed nothing (no openssl?)" >&2
		fail "dkms signing key $MOK"
	fi
	for k in $(kernels); do
		check "$k: dkms status hyperv-drivers installed" dkms_installed hyperv-drivers "$ver" "$k"
		for m in "${MAIN_MODULES[@]}"; do
			check "$k: $m ours (updates/dkms, found first, signed)" \
				check_module "$k" "$m" hyperv-drivers "$ver"
		done
		check "$k: dkms status hyperv-drivers-tests installed" \
			dkms_installed hyperv-drivers-tests "$ver" "$k"
		for m in "${TEST_MODULES[@]}"; do
			check "$k: $m ours (updates/dkms, found first, signed)" \
				check_module "$k" "$m" hyperv-drivers-tests "$ver"
		done
		if [[ -e /boot/initrd.img-$k ]]; then
			check "$k: initramfs holds our hv_vmbus and hv_storvsc" \
				check_initramfs "$k" ours
		fi
	done

	k=$(kernels | sort -V | tail -n1)
	check "$k: a kernel install (/etc/kernel/postinst.d/dkms) rebuilds both sets" \
		env DEBIAN_KERNEL_USE_CCACHE=1 CCACHE_DIR="$CCACHE_DIR" nice -n 10 \
		"$0" --kernel-hook "$ver" "$k"

	check "purge ${PKGS[*]}" purge
	rm -f "$MARK"
	check "dkms status empty after purge" test -z "$(dkms status hyperv-drivers 2>/dev/null)$(dkms status hyperv-drivers-tests 2>/dev/null)"
	for k in $(kernels); do
		for m in "${MAIN_MODULES[@]}" "${TEST_MODULES[@]}"; do
			check "$k: $m back to the distro's after purge" check_restored "$k" "$m"
		done
		if [[ -e /boot/initrd.img-$k ]]; then
			check "$k: initramfs holds the distro's hv_vmbus again" \
				check_initramfs "$k" distro
		fi
	done
	tidy_kernels_without_deps
}

main() {
	local install=1 ver
	case ${1:-} in
	--no-install) install=0 ;;
	# Internal: kernel_hook in the environment install_test gives it.
	--kernel-hook)
		kernel_hook "$2" "$3"
		return ;;
	"") ;;
	*) hv_die "usage: $0 [--no-install]" ;;
	esac
	[[ $EUID -eq 0 ]] || hv_die "run as root (apt, dkms)"
	mkdir -p "$OUT"
	# One user of the host's dkms and package state at a time.
	exec {lockfd}>/run/lock/hvdrv-package.lock
	flock "$lockfd"

	check "build dependencies (${BUILD_DEPS[*]})" install_build_deps
	ver=$(pkg_version)
	check "dpkg-buildpackage -b ($ver)" build "$ver"
	if ! compgen -G "$OUT/*.deb" >/dev/null; then
		return 1
	fi
	check "lintian" run_lintian
	if [[ $install == 1 ]]; then
		install_test "$ver"
	fi
	[[ $FAILED == 0 ]]
}

main "$@"
