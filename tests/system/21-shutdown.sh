#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The shutdown service: a request with unknown flags is refused, a
# hibernation request becomes a uevent (EVENT=hibernate) for userspace,
# and a forced power-off request runs the kernel's orderly poweroff, which
# ends this boot (scripts/qemu/init judges it; run.sh boots again for the
# remaining tests).

. /tests/system/hvtest-lib

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim ' && stack_down
stack_up
ic_add shutdown "$SD_CLASS"
log_mark
echo "flags 8" >"$IC_SIM/request" 2>/dev/null && fail "flags 8 accepted"
expect_log "shutdown: malformed request"
[ "$(sim_field "$IC_RELID" failed)" = 1 ] || fail "refusal not seen by the host"
echo hibernate >"$IC_SIM/request" || fail "the guest refused to hibernate"
wait_for 10 grep -q 'EVENT=hibernate' /run/hotplug.log || fail "no hibernate uevent"
grep EVENT= /run/hotplug.log
expect_orderly poweroff
echo "poweroff force" >"$IC_SIM/request" || fail "the guest refused to power off"
expect_log "the host asks to power off (forced)"
sleep 120
fail "no orderly poweroff within 120 s"
