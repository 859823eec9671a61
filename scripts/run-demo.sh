#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The project's main job: install what is needed, build the debug kernel
# and our modules, boot the debug kernel in QEMU and run tests/demo.sh in
# the guest, showing its output.
#
#   scripts/run-demo.sh [--console] [--distro] [extra scripts/qemu/run.sh args]
#
# --console shows the whole serial console (kernel messages included);
# --distro uses Debian's 6.12 kernel instead of the debug kernel (fast).

set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"

main() {
	local preset=debug console=0 log rc=0
	while [[ $# -gt 0 ]]; do
		case $1 in
		--console) console=1; shift ;;
		--distro) preset=distro; shift ;;
		*) break ;;
		esac
	done
	"$HV_ROOT/scripts/setup.sh"
	if [[ $preset == debug ]]; then
		hv_log "demo: building the debug kernel (about 20 min the first time, cached after)"
		"$HV_ROOT/scripts/build-debug-kernel.sh" >/dev/null
	fi
	local args=(--preset "$preset" --name demo --logdir "$HVDRV_CACHE/logs/demo")
	[[ $console == 1 ]] && args+=(--verbose)
	"$HV_ROOT/scripts/qemu/run.sh" "${args[@]}" "$@" "$HV_ROOT/tests/demo.sh" || rc=$?
	log=$HVDRV_CACHE/logs/demo/demo.console.log
	if [[ $console == 0 ]]; then
		echo "===== demo output (guest) ====="
		# Our markers delimit the demo; kernel lines stay in the log.
		sed -n '/^HVTEST START demo/,/^HVTEST \(PASS\|FAIL\) demo/p' "$log" |
			sed '1d;$d'
		echo "===== full console log: $log ====="
	fi
	return "$rc"
}

main "$@"
