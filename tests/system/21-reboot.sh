#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The host asks the guest to reboot through the shutdown service: hv_utils
# negotiates shutdown 3.2, answers, and runs the kernel's orderly reboot,
# which ends this boot (scripts/qemu/init judges it; QEMU exits because it
# runs with -no-reboot, and run.sh boots again for the remaining tests).

. /tests/system/hvtest-lib

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim ' && stack_down
stack_up
ic_add shutdown "$SD_CLASS"
grep "^$IC_RELID " "$SIM/stats" | grep -q 'framework=3.0 service=3.2' ||
	fail "versions: $(grep "^$IC_RELID " "$SIM/stats")"
expect_orderly reboot
log_mark
echo reboot >"$IC_SIM/request" || fail "the guest refused the reboot"
expect_log "the host asks to reboot$"
sleep 120
fail "no orderly reboot within 120 s"
