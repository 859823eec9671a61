#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Host faults reach the application as I/O errors, never as silent
# corruption, and never as a hang: medium errors and SRB errors fail the
# read or write (and a failed write leaves the old data), delayed
# completions only slow I/O down, a malformed completion breaks the
# channel with a clear log line and fails the I/O, and a rescind of the
# controller under I/O ends every request. The LUN's data survives each
# of them, checked after the controller is offered again.
#
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# rd DISK BLOCK: read one 4 KiB block, direct, to /tmp/blk.
rd() {
	dd if="/dev/$1" of=/tmp/blk bs=4k count=1 skip="$2" iflag=direct 2>/dev/null
}

# wr DISK BLOCK FILE: write one 4 KiB block, direct.
wr() {
	dd if="$3" of="/dev/$1" bs=4k count=1 seek="$2" oflag=direct conv=notrunc 2>/dev/null
}

# intact DISK: the first 1 MiB still holds /tmp/pattern.
intact() {
	dd if="/dev/$1" of=/tmp/check bs=64k count=16 iflag=direct 2>/dev/null &&
		cmp -s /tmp/check /tmp/pattern
}

# back INST: rescind and re-offer the controller, print its disk 0:0.
back() {
	_r=$(stor_relid "$1")
	echo "rescind $_r" >"$SIM/ctl"
	wait_for 20 sh -c "[ ! -e $BUS/$1 ]" || fail "controller not removed"
	wait_for 10 sh -c "grep -q '^$_r .* released' $SIM/devices" || fail "relid $_r not released"
	echo "reoffer $1" >"$SIM/ctl"
	wait_for 30 stor_bound "$1" || fail "controller did not come back"
	stor_wait_disk "$1" 0:0
}

stor_modules
inst=$(stor_add) || fail "$inst"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
relid=$(stor_relid "$inst")
dd if=/dev/urandom of=/tmp/pattern bs=64k count=16 2>/dev/null
dd if=/tmp/pattern of="/dev/$d" bs=64k count=16 oflag=direct 2>/dev/null || fail "write pattern"
intact "$d" || fail "pattern not read back"
dd if=/dev/urandom of=/tmp/new bs=4k count=1 2>/dev/null

echo "medium error on read and on write"
stor_ctl "$inst" "fault sense_error 10"
rd "$d" 3 && fail "read with a medium error succeeded"
# A write error is retried by the midlayer: fail every try.
stor_ctl "$inst" "fault sense_error 10"
wr "$d" 5 /tmp/new && fail "write with a medium error succeeded"
stor_ctl "$inst" "fault sense_error 0"
intact "$d" || fail "data changed by failed I/O"

echo "SRB errors (retried by the midlayer, then failed)"
stor_ctl "$inst" "fault srb_error 100"
rd "$d" 7 && fail "read with SRB errors succeeded"
stor_ctl "$inst" "fault srb_error 0"
rd "$d" 7 || fail "read after SRB errors"
intact "$d" || fail "data changed after SRB errors"

echo "delayed completions"
stor_ctl "$inst" "fault delay_ms 400"
# Centiseconds since boot (date +%s is too coarse for 0.8 s).
t0=$(awk '{ printf "%d", $1 * 100 }' /proc/uptime)
rd "$d" 2 || fail "delayed read failed"
rd "$d" 4 || fail "delayed read failed"
stor_ctl "$inst" "fault delay_ms 0"
t=$(($(awk '{ printf "%d", $1 * 100 }' /proc/uptime) - t0))
[ "$t" -ge 80 ] || fail "two delayed reads took $t cs, want at least 80"
grep "^$relid " "$SIM/stats"

echo "malformed completion"
log_mark
stor_ctl "$inst" "fault bad_completion 1"
timeout 60 dd if="/dev/$d" of=/dev/null bs=4k count=1 skip=9 iflag=direct 2>/dev/null &&
	fail "read with a malformed completion succeeded"
expect_log "broken: malformed VSTOR completion"
expect_log "host broke the protocol"
rd "$d" 1 && fail "a broken controller still reads"
d=$(back "$inst") || fail "$d"
intact "$d" || fail "data changed after the malformed completion"

echo "sense length beyond the SRB"
log_mark
stor_ctl "$inst" "fault bad_sense_len 1"
rd "$d" 11 && fail "read with a bad sense length succeeded"
expect_log "broken: malformed VSTOR completion"
d=$(back "$inst") || fail "$d"
intact "$d" || fail "data changed after the bad sense length"

echo "rescind under I/O"
stor_ctl "$inst" "fault delay_ms 20"
(while dd if="/dev/$d" of=/dev/null bs=64k count=16 iflag=direct 2>/dev/null; do :; done; echo done >/tmp/reader) &
sleep 2
# back re-offered it: under the lowest free relid, maybe another one.
relid=$(stor_relid "$inst")
echo "rescind $relid" >"$SIM/ctl"
wait_for 60 test -e /tmp/reader || fail "I/O hangs after the rescind"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
stor_ctl "$inst" "fault delay_ms 0"
wait_for 10 sh -c "grep -q '^$relid .* released' $SIM/devices" || fail "relid not released"
# The re-offer takes the lowest free relid: name the device by instance.
echo "reoffer $inst" >"$SIM/ctl"
wait_for 30 stor_bound "$inst" || fail "controller did not come back"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
intact "$d" || fail "data changed after the rescind"
echo "remove $inst" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
