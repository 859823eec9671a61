#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Resets: commands the host ends with BUS_RESET or ABORTED (as around a
# host reset) are retried and succeed; a command the host ends with
# TIMEOUT runs the midlayer's error handler, whose device reset waits for
# the host and lets the command be retried; SG_SCSI_RESET (sg_reset) of
# the device and of the host under I/O, the host reset sending RESET_BUS.
# No I/O hangs, none fails, the data read back is what was written.
#
# hvtest-tools: sg_reset
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# put DISK FILE: write FILE (1 MiB) at the start of DISK, direct.
put() {
	dd if="$2" of="/dev/$1" bs=64k count=16 oflag=direct conv=notrunc 2>/dev/null
}

# holds DISK FILE: the first 1 MiB of DISK is FILE.
holds() {
	dd if="/dev/$1" of=/tmp/check bs=64k count=16 iflag=direct 2>/dev/null &&
		cmp -s /tmp/check "$2"
}

stor_modules
inst=$(stor_add) || fail "$inst"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
relid=$(stor_relid "$inst")
dd if=/dev/urandom of=/tmp/p1 bs=64k count=16 2>/dev/null
dd if=/dev/urandom of=/tmp/p2 bs=64k count=16 2>/dev/null
put "$d" /tmp/p1 || fail "write the pattern"

echo "BUS_RESET and ABORTED: retried"
stor_ctl "$inst" "fault bus_reset 3"
put "$d" /tmp/p2 || fail "a write the host reset failed"
stor_ctl "$inst" "fault aborted 2"
holds "$d" /tmp/p2 || fail "a read the host aborted failed or read wrong data"
[ "$(sim_field "$relid" faults)" = 5 ] || fail "faults fired: $(sim_field "$relid" faults)"

echo "TIMEOUT: the error handler resets the device"
log_mark
stor_ctl "$inst" "fault timeout 1"
timeout 120 dd if=/tmp/p1 of="/dev/$d" bs=64k count=16 oflag=direct conv=notrunc 2>/dev/null ||
	fail "a write the host timed out failed"
expect_log "device reset: waiting for the host"
holds "$d" /tmp/p1 || fail "data after the device reset"

echo "sg_reset of the device and of the host under I/O"
stor_ctl "$inst" "fault delay_ms 5"
rm -f /tmp/resets-reader
(n=0; while [ $n -lt 15 ] && holds "$d" /tmp/p1; do n=$((n + 1)); done
	echo $n >/tmp/resets-reader.n; mv /tmp/resets-reader.n /tmp/resets-reader) &
sleep 1
log_mark
timeout 120 sg_reset -d "/dev/$d" || fail "sg_reset -d"
timeout 120 sg_reset -H "/dev/$d" || fail "sg_reset -H"
expect_log "host reset"
wait_for 120 test -e /tmp/resets-reader || fail "I/O hangs after the resets"
[ "$(cat /tmp/resets-reader)" = 15 ] ||
	fail "read $(cat /tmp/resets-reader) of 15 times right around the resets"
stor_ctl "$inst" "fault delay_ms 0"
[ "$(sim_field "$relid" resets)" -ge 1 ] || fail "RESET_BUS did not reach the host"
grep "^$relid " "$SIM/stats"
holds "$d" /tmp/p1 || fail "data after the resets"

echo "a reset of a stopped controller fails at once"
log_mark
stor_ctl "$inst" "fault bad_completion 1"
timeout 60 dd if="/dev/$d" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null &&
	fail "read with a malformed completion succeeded"
expect_log "host broke the protocol"
timeout 30 sg_reset -H "/dev/$d" && fail "host reset of a stopped controller succeeded"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
