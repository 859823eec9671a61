#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvtest-ends-vm
#
# A restart with a storvsc disk in use: the bus unloads its connection
# first (reboot notifier), then sd's shutdown flushes the disk; the host
# answers nothing any more, so the flush must fail at once instead of
# waiting for ever, and the machine restarts. A read the host took and
# never answered (the host is muted) fails at the controller's shutdown
# instead of at its 180 s timeout.
#
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

stor_modules
inst=$(stor_add) || fail "$inst"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
dd if=/dev/urandom of="/dev/$d" bs=64k count=16 2>/dev/null || fail "write"
relid=$(stor_relid "$inst")
took=$(sim_field "$relid" pkts_in)
echo "mute $relid" >"$SIM/ctl" || fail "mute"
dd if="/dev/$d" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null &
wait_for 10 sim_took_more "$relid" "$took" || fail "the host took no read"
console_expect 'vmbussim: guest unloaded'
console_expect 'Synchronizing SCSI cache'
console_expect 'connection unloaded: stopped'
console_expect 'reboot: Restarting system'
console_forbid 'blocked for more than'
vm_ending
reboot -f
sleep 30
fail "the guest did not restart"
