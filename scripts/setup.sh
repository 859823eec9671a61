#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install every Debian package the project needs.  Idempotent and quiet on
# success: when everything is installed it does nothing (no apt-get update),
# so it costs well under a second on a warm machine.

set -euo pipefail

PACKAGES=(
	# toolchain and kernel build dependencies
	# (libc6-dev: only recommended by gcc, and apt runs --no-install-recommends)
	gcc libc6-dev make perl python3 xz-utils git bc bison flex libelf-dev libssl-dev
	dwarves kmod cpio rsync ccache sparse
	# kernels: 6.1 headers, 6.12 headers/image/source (meta packages, so the
	# versions follow Debian's point releases)
	linux-headers-amd64 linux-headers-6.12-amd64 linux-image-6.12-amd64
	linux-source-6.12
	# system tests
	qemu-system-x86 busybox-static
	fio sg3-utils lsscsi ethtool iproute2 linuxptp hyperv-daemons e2fsprogs
	iputils-ping netcat-openbsd iperf3
	# the peer lane: the ACPI table that describes the VMBus
	acpica-tools
)

missing_packages() {
	local p
	for p in "${PACKAGES[@]}"; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
			grep -q '^install ok installed$' || printf '%s\n' "$p"
	done
}

as_root() {
	if [[ $EUID -eq 0 ]]; then
		"$@"
	elif command -v sudo >/dev/null; then
		sudo "$@"
	else
		echo "setup.sh: need root (or sudo) to run: $*" >&2
		return 1
	fi
}

main() {
	local missing log
	mapfile -t missing < <(missing_packages)
	[[ ${#missing[@]} -eq 0 ]] && return 0

	echo "setup.sh: installing ${missing[*]}" >&2
	log=$(mktemp)
	# apt output only matters when it fails.
	if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q >"$log" 2>&1 ||
		! as_root env DEBIAN_FRONTEND=noninteractive \
			apt-get install -y -q --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
		cat "$log" >&2
		rm -f "$log"
		return 1
	fi
	rm -f "$log"
	mapfile -t missing < <(missing_packages)
	if [[ ${#missing[@]} -ne 0 ]]; then
		echo "setup.sh: still missing after install: ${missing[*]}" >&2
		return 1
	fi
}

main "$@"
