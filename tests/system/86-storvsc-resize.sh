#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Changes the guest learns from UNIT ATTENTION sense: storvsp resizes a
# LUN at run time (CAPACITY DATA HAS CHANGED on its next command) and
# the disk's size follows, growing and shrinking, its data kept; a LUN
# added without a bus-change packet is announced by REPORTED LUNS DATA
# HAS CHANGED on another LUN of its target, and its disk appears.
#
# hvtest-tools: blockdev
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# size_is DISK BYTES
size_is() {
	[ "$(blockdev --getsize64 "/dev/$1")" = "$2" ]
}

# poke DISK: one direct read, which takes the pending UNIT ATTENTION.
poke() {
	dd if="/dev/$1" of=/dev/null bs=4k count=1 iflag=direct 2>/dev/null
}

stor_modules
inst=$(stor_add) || fail "$inst"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
relid=$(stor_relid "$inst")
size_is "$d" $((64 << 20)) || fail "size $(blockdev --getsize64 "/dev/$d")"
dd if=/dev/urandom of=/tmp/pattern bs=64k count=16 2>/dev/null
dd if=/tmp/pattern of="/dev/$d" bs=64k oflag=direct 2>/dev/null || fail "write"

echo "grow to 96 MiB"
log_mark
stor_ctl "$inst" "resize 0:0 96M"
size_is "$d" $((64 << 20)) || fail "the size changed before the guest was told"
poke "$d" || fail "the read that took the UNIT ATTENTION failed"
wait_for 30 size_is "$d" $((96 << 20)) || fail "size after growing: $(blockdev --getsize64 "/dev/$d")"
expect_log "detected capacity change"
dd if="/dev/$d" of=/tmp/check bs=64k count=16 iflag=direct 2>/dev/null || fail "read back"
cmp -s /tmp/check /tmp/pattern || fail "data changed by the resize"
dd if=/tmp/pattern of="/dev/$d" bs=64k seek=$((95 * 16)) oflag=direct 2>/dev/null ||
	fail "write past the old end"

echo "shrink to 32 MiB"
stor_ctl "$inst" "resize 0:0 32M"
poke "$d" || fail "the read that took the UNIT ATTENTION failed"
wait_for 30 size_is "$d" $((32 << 20)) || fail "size after shrinking: $(blockdev --getsize64 "/dev/$d")"
dd if="/dev/$d" of=/tmp/check bs=64k count=16 iflag=direct 2>/dev/null || fail "read back"
cmp -s /tmp/check /tmp/pattern || fail "data changed by shrinking"

echo "REPORTED LUNS DATA HAS CHANGED"
stor_ctl "$inst" "add 0:3 16M quiet"
sleep 2
stor_disk "$inst" 0:3 >/dev/null && fail "LUN 0:3 appeared without any notice"
poke "$d" || fail "the read that took the UNIT ATTENTION failed"
d3=$(stor_wait_disk "$inst" 0:3) || fail "$d3"
size_is "$d3" $((16 << 20)) || fail "size of $d3"
grep "^$relid " "$SIM/stats"

echo "malformed resize commands are refused"
echo "resize 0:0" >"$STOR/$inst/ctl" 2>/dev/null && fail "resize without a size accepted"
echo "resize 0:9 32M" >"$STOR/$inst/ctl" 2>/dev/null && fail "resize of a missing LUN accepted"
echo "resize 0:0 1k" >"$STOR/$inst/ctl" 2>/dev/null && fail "resize below the minimum accepted"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
