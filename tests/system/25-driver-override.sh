#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# driver_override: a device whose override names another driver is not
# bound by its own driver; clearing the override lets it bind again, and
# the service works after the rebind.

. /tests/system/hvtest-lib

DRV=/sys/bus/vmbus/drivers/hv_utils

lsmod | grep -q '^vmbussim' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
d=$(hb_dev)
dev=$(basename "$d")
[ -z "$(cat "$d/driver_override")" ] || fail "override set from the start"

echo "$dev" >"$DRV/unbind" || fail "unbind"
[ -e "$d/driver" ] && fail "still bound after unbind"
echo nobody >"$d/driver_override" || fail "set override"
[ "$(cat "$d/driver_override")" = nobody ] || fail "override reads $(cat "$d/driver_override")"
echo "$dev" >/sys/bus/vmbus/drivers_probe 2>/dev/null
if echo "$dev" >"$DRV/bind" 2>/dev/null; then
	fail "hv_utils bound despite the override"
fi
[ -e "$d/driver" ] && fail "bound despite the override"

echo >"$d/driver_override" || fail "clear override"
[ -z "$(cat "$d/driver_override")" ] || fail "override not cleared"
echo "$dev" >"$DRV/bind" || fail "bind after clearing"
wait_for 10 hb_bound || fail "not bound after clearing"
hb_advancing "$(cat "$d/id")"
