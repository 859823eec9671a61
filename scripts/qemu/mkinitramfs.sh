#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the busybox initramfs for one QEMU test run.
#
#   scripts/qemu/mkinitramfs.sh --kver KVER --modules DIR --out FILE
#       [--kind debug|distro] [--builtin DIR] [--symvers FILE]
#       [--distro-modules] [--peer DIR] TEST...
#
# Contents: busybox applets, the real kmod (with its shared libraries) as
# modprobe/insmod/..., our .ko files in /lib/modules/KVER/updates/ with
# modules.dep/modules.alias from the host's depmod, the tests, /init.
# --distro-modules also copies Debian's own drivers/hv modules into
# kernel/drivers/hv/, so tests can check that ours in updates/ win.
# --peer copies the peer lane's modules (DIR/*.ko, DIR/real/*.ko) into
# /peer/.
# A test can ask for host tools with a line "# hvtest-tools: fio ethtool",
# and for kernel modules with "# hvtest-kmods: sd_mod ext4 brd": on the
# distro kernel those (and the kernel modules ours depend on) are copied
# from /lib/modules/KVER with their dependencies; on the debug kernel they
# are built in and nothing is copied.

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/../lib.sh"

# Tools that busybox provides in a different flavour; kmod must win.
KMOD_TOOLS=(modprobe insmod rmmod lsmod modinfo depmod)

# Copy a host binary and the shared libraries it needs to the same paths.
copy_bin() {
	local bin=$1 lib
	mkdir -p "$STAGE$(dirname "$bin")"
	cp -L "$bin" "$STAGE$bin"
	# ldd prints "name => /path (addr)" or "/path (addr)" per library.
	while read -r lib; do
		[[ -e $STAGE$lib ]] && continue
		mkdir -p "$STAGE$(dirname "$lib")"
		cp -L "$lib" "$STAGE$lib"
	done < <(ldd "$bin" 2>/dev/null | grep -oE '/[^ ]+' || true)
}

# Replace any busybox applet of this name, then install the real tool.
# NAME may also be an absolute path (helper scripts outside PATH).
install_tool() {
	local name=$1 path
	path=$(PATH=/usr/sbin:/usr/bin:/sbin:/bin command -v "$name") ||
		hv_die "guest tool '$name' not found on the host (scripts/setup.sh?)"
	find "$STAGE" -name "${name##*/}" -type l -delete
	copy_bin "$path"
}

install_busybox() {
	local applet name
	mkdir -p "$STAGE"/{bin,sbin,usr/bin,usr/sbin}
	cp /bin/busybox "$STAGE/bin/busybox"
	while read -r applet; do
		name=${applet##*/}
		[[ " ${KMOD_TOOLS[*]} " == *" $name "* ]] && continue
		[[ -e $STAGE/$applet ]] || ln -s /bin/busybox "$STAGE/$applet"
	done < <(/bin/busybox --list-full)
}

install_kmod() {
	local t
	copy_bin /bin/kmod
	for t in "${KMOD_TOOLS[@]}"; do
		ln -sf /bin/kmod "$STAGE/sbin/$t"
	done
}

# Tools requested by the selected tests through "# hvtest-tools:" lines.
install_test_tools() {
	local t
	for t in $(sed -n 's/^# *hvtest-tools: *//p' "$@" /dev/null | tr -s ' ,' '\n' | sort -u); do
		install_tool "$t"
	done
}

# Kernel modules (not ours) a module path needs, dependencies first, as
# the host's modprobe resolves them against /lib/modules/KVER.
kmod_paths() {
	modprobe -S "$KVER" --show-depends "$1" 2>/dev/null |
		sed -n 's/^insmod \([^ ]*\).*/\1/p'
}

# Kernel modules our .ko files import from (modinfo depends), minus ours.
our_kmod_deps() {
	local ko dep ours
	ours=" $(for ko in "$MODULES"/*.ko; do basename "$ko" .ko; done | tr '\n' ' ') "
	for ko in "$MODULES"/*.ko; do
		for dep in $(/sbin/modinfo -F depends "$ko" | tr ',' ' '); do
			[[ $ours == *" $dep "* ]] || echo "$dep"
		done
	done
}

# Distro kernel only: copy requested modules and their dependencies.
install_test_kmods() {
	local name path n=0
	[[ $KIND == distro ]] || return 0
	for name in $( { our_kmod_deps; sed -n 's/^# *hvtest-kmods: *//p' "$@" /dev/null |
		tr -s ' ,' '\n'; } | sort -u); do
		for path in $(kmod_paths "$name"); do
			[[ -e $STAGE$path ]] && continue
			mkdir -p "$STAGE$(dirname "$path")"
			cp "$path" "$STAGE$path"
			n=$((n + 1))
		done
	done
	hv_log "initramfs: $n kernel modules copied for the tests"
}

install_modules() {
	local mdir=$STAGE/lib/modules/$KVER f
	mkdir -p "$mdir/updates" "$STAGE/etc/depmod.d"
	cp "$MODULES"/*.ko "$mdir/updates/"
	if [[ $DISTRO_MODULES == 1 ]]; then
		mkdir -p "$mdir/kernel/drivers/hv"
		cp /lib/modules/"$KVER"/kernel/drivers/hv/*.ko* "$mdir/kernel/drivers/hv/"
		BUILTIN=${BUILTIN:-/lib/modules/$KVER}
	fi
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[[ -n $BUILTIN && -e $BUILTIN/$f ]] && cp "$BUILTIN/$f" "$mdir/"
	done
	# Spelled out rather than relying on kmod's default order.
	echo "search updates built-in" >"$STAGE/etc/depmod.d/hvtest.conf"
	# Unresolved symbols are reported against the kernel's Module.symvers
	# (Debian's /boot/System.map is a placeholder, so not against that).
	local mapargs=()
	[[ -n $SYMVERS ]] && mapargs=(-e -E "$SYMVERS")
	# Debian's hv modules lose their provider when our hv_vmbus shadows
	# theirs; those warnings are expected, any other is shown.
	/sbin/depmod -C "$STAGE/etc/depmod.d" -b "$STAGE" "${mapargs[@]}" "$KVER" 2>&1 |
		{ grep -vE '/kernel/drivers/hv/.* (needs unknown symbol|disagrees about version of symbol)' || true; } >&2
}

# Host-side check with the same kmod the guest runs: every module of ours
# resolves (by name and by each of its aliases) to the copy in updates/.
verify_modprobe() {
	local ko mod alias dep
	for ko in "$MODULES"/*.ko; do
		mod=$(basename "$ko" .ko)
		dep=$(modprobe -d "$STAGE" -S "$KVER" -C "$STAGE/etc/modprobe.d" \
			--show-depends "$mod" | tail -n1)
		[[ $dep == *"/updates/$mod.ko"* ]] ||
			hv_die "modprobe $mod resolves to '$dep', not updates/"
		while read -r alias; do
			modprobe -d "$STAGE" -S "$KVER" -C "$STAGE/etc/modprobe.d" \
				-R "$alias" | grep -qx "${mod//-/_}" ||
				hv_die "alias $alias does not resolve to $mod"
		done < <(/sbin/modinfo -F alias "$ko")
	done
}

# The peer lane's modules go to /peer, out of modules.dep: they have our
# modules' names and are loaded by path (tests/peer/peer-lib).
install_peer() {
	[[ -n $PEER ]] || return 0
	mkdir -p "$STAGE/peer/real"
	cp "$PEER"/*.ko "$STAGE/peer/"
	cp "$PEER"/real/*.ko "$STAGE/peer/real/"
}

install_tests() {
	local t d
	mkdir -p "$STAGE/tests/extra"
	# The whole directories, so that tests can source shared helpers.
	for d in "$HV_ROOT"/tests/*/; do
		d=$(basename "$d")
		mkdir -p "$STAGE/tests/$d"
		cp -r "$HV_ROOT/tests/$d/." "$STAGE/tests/$d/"
	done
	: >"$STAGE/tests/list"
	for t in "$@"; do
		d=$(realpath "$(dirname "$t")")
		if [[ $(dirname "$d") == "$(realpath "$HV_ROOT/tests")" ]]; then
			echo "/tests/$(basename "$d")/$(basename "$t")" >>"$STAGE/tests/list"
		else
			cp "$t" "$STAGE/tests/extra/"
			echo "/tests/extra/$(basename "$t")" >>"$STAGE/tests/list"
		fi
	done
}

install_init() {
	mkdir -p "$STAGE"/{dev,proc,sys,tmp,run,root,mnt,var/lib/hyperv}
	install -m 0755 "$HV_ROOT/scripts/qemu/init" "$STAGE/init"
	install -m 0755 "$HV_ROOT/scripts/qemu/hotplug" "$STAGE/sbin/hvtest-hotplug"
	# The kernel's orderly_reboot() runs /sbin/reboot without arguments:
	# that ends the run through /init (see there); anything else is busybox.
	rm -f "$STAGE/sbin/reboot"
	printf '#!/bin/sh\n[ $# -eq 0 ] && exec /init orderly reboot\nexec /bin/busybox reboot "$@"\n' \
		>"$STAGE/sbin/reboot"
	chmod 0755 "$STAGE/sbin/reboot"
	mkdir -p "$STAGE/etc/modprobe.d"
	printf 'root:x:0:0:root:/root:/bin/sh\n' >"$STAGE/etc/passwd"
	printf 'root:x:0:\n' >"$STAGE/etc/group"
	# The KVP daemon reports the OS from it.
	cp /etc/os-release "$STAGE/etc/os-release"
	printf 'HVTEST_KIND=%s\nHVTEST_KVER=%s\n' "$KIND" "$KVER" >"$STAGE/etc/hvtest.conf"
}

pack() {
	(cd "$STAGE" && find . | LC_ALL=C sort | cpio -o -H newc -R 0:0 --quiet) |
		gzip -1 >"$OUT"
}

main() {
	KVER="" MODULES="" OUT="" KIND=debug BUILTIN="" SYMVERS="" DISTRO_MODULES=0 PEER=""
	while [[ $# -gt 0 ]]; do
		case $1 in
		--kver) KVER=$2; shift 2 ;;
		--modules) MODULES=$2; shift 2 ;;
		--out) OUT=$2; shift 2 ;;
		--kind) KIND=$2; shift 2 ;;
		--builtin) BUILTIN=$2; shift 2 ;;
		--symvers) SYMVERS=$2; shift 2 ;;
		--distro-modules) DISTRO_MODULES=1; shift ;;
		--peer) PEER=$2; shift 2 ;;
		--) shift; break ;;
		-*) hv_die "unknown option $1" ;;
		*) break ;;
		esac
	done
	[[ -n $KVER && -d $MODULES && -n $OUT ]] ||
		hv_die "usage: $0 --kver KVER --modules DIR --out FILE [options] TEST..."
	STAGE=$(mktemp -d)
	trap 'rm -rf "$STAGE"' EXIT
	install_busybox
	install_kmod
	install_init
	install_test_tools "$@"
	install_test_kmods "$@"
	install_modules
	verify_modprobe
	install_peer
	install_tests "$@"
	pack
}

main "$@"
