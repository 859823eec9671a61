#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# driver_override: a device whose override names another driver is not
# bound by its own driver; clearing the override lets it bind again, and
# the service works after the rebind. A driver's new_id and remove_id
# add and remove a class it binds to.

. /tests/system/hvtest-lib

DRV=/sys/bus/vmbus/drivers/hv_utils

lsmod | grep -q '^vmbussim ' || stack_up
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

# Dynamic ids: a device of a class no driver names binds to the echo
# driver once its class is written to the driver's new_id, and works; a
# malformed or repeated id is refused; after remove_id it binds no more.
step "new_id and remove_id"
lsmod | grep -q '^vmbussim_echo ' || modprobe vmbussim_echo || fail "modprobe vmbussim_echo"
EDRV=/sys/bus/vmbus/drivers/vmbussim_echo
UCLASS=b5f3b0d4-2d6a-4f0c-9a55-6d9e0c7e1a02
echo "add echo-unclaimed" >"$SIM/ctl" || fail "add echo-unclaimed"
wait_for 20 dev_of_class "$UCLASS" >/dev/null || fail "no echo-unclaimed device"
u=$(dev_of_class "$UCLASS")
ud=$(basename "$u")
urelid=$(cat "$u/id")
[ -e "$u/driver" ] && fail "the unclaimed class bound without a dynamic id"
echo "not-a-guid" >"$EDRV/new_id" 2>/dev/null && fail "malformed new_id accepted"
echo "$UCLASS" >"$EDRV/new_id" || fail "new_id"
wait_for 10 test -e "$ECHO/$ud/ping" || fail "echo driver did not bind through new_id"
[ "$(driver_of "$u")" = vmbussim_echo ] || fail "bound to $(driver_of "$u")"
echo "$UCLASS" >"$EDRV/new_id" 2>/dev/null && fail "repeated new_id accepted"
echo 50 >"$ECHO/$ud/ping" || fail "ping through a dynamic id"
[ "$(echo_stat "$ud" ok)" = 50 ] || fail "echoes through a dynamic id"
echo "$UCLASS" >"$EDRV/remove_id" || fail "remove_id"
echo "$UCLASS" >"$EDRV/remove_id" 2>/dev/null && fail "remove_id of a removed id accepted"
echo "$ud" >"$EDRV/unbind" || fail "unbind"
echo "$ud" >/sys/bus/vmbus/drivers_probe 2>/dev/null
[ -e "$u/driver" ] && fail "bound again after remove_id"
echo "remove $urelid" >"$SIM/ctl"
wait_for 10 sh -c "[ ! -e $u ]" || fail "echo-unclaimed not removed"
