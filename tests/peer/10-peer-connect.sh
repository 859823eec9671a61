#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux's own hv_vmbus, found through the ACPI VMBus device, connects to
# vmbussim through hvshim at every VMBus version the host speaks, finds
# exactly the devices the host offers, and unloads cleanly; load/unload
# cycles leave nothing behind.

. /tests/system/hvtest-lib
. /tests/peer/peer-lib

ls /sys/bus/acpi/devices | grep -qi "^vmbus:" || fail "no ACPI VMBus device"

for v in 5.3 5.2 5.1 5.0 4.1 4.0 3.0; do
	step "version $v"
	log_mark
	peer_up max_version="$v" devices=heartbeat,shutdown,timesync
	expect_log "Vmbus version:$v"
	grep -q "^version: $v" "$SIM/status" || fail "host not at $v"
	n_host=$(wc -l <"$SIM/devices")
	n_bus=$(ls "$BUS" | wc -l)
	[ "$n_host" = "$n_bus" ] || fail "host offers $n_host devices, bus has $n_bus"
	while read -r relid model instance state; do
		[ "$(cat "$BUS/$instance/id")" = "$relid" ] ||
			fail "$instance: id $(cat "$BUS/$instance/id"), host says $relid"
	done <"$SIM/devices"
	peer_utils
	hb_advancing "$(cat "$(hb_dev)/id")"
	peer_shim_clean
	peer_down
	[ -z "$(ls "$BUS" 2>/dev/null)" ] || fail "devices left after unload"
done
