#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Hot add and removal of LUNs while another LUN is busy: storvsp adds
# LUNs on two targets and removes them (each change an ENUMERATE_BUS, as
# from a Microsoft host; the removed LUN, also the last of its target,
# answers INVALID_LUN) while fio writes and verifies LUN 0:0; the new
# disks appear and work, the removed ones go, fio sees no error and no
# mismatch. Then an unclean stop of the host side (the controller
# rescinded while a file system on it is being written) leaves a file
# system that fsck finds clean once the journal is replayed.
#
# hvtest-tools: fio mkfs.ext4 fsck.ext4
# hvtest-kmods: sd_mod ext4

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

stor_modules
inst=$(stor_add) || fail "$inst"
relid=$(stor_relid "$inst")
d0=$(stor_wait_disk "$inst" 0:0) || fail "$d0"
dd if=/dev/urandom of=/tmp/pattern bs=64k count=4 2>/dev/null

stor_fio "/dev/$d0" 64 --thread --name=busy --filename="/dev/$d0" --direct=1 --ioengine=libaio \
	--iodepth=8 --rw=randwrite --bs=4k --size="$(scaled 64 16)M" --verify=crc32c \
	--verify_fatal=1 --do_verify=1 --randrepeat=0 --output=/tmp/fio.out &
fio_pid=$!

stor_ctl "$inst" "add 0:5 32M"
d5=$(stor_wait_disk "$inst" 0:5) || fail "$d5"
stor_ctl "$inst" "add 1:7 16M"
d17=$(stor_wait_disk "$inst" 1:7) || fail "$d17"
echo "hot added: $d5 (0:5) $d17 (1:7) while $d0 is busy"
for d in "$d5" "$d17"; do
	dd if=/tmp/pattern of="/dev/$d" bs=64k oflag=direct 2>/dev/null || fail "write $d"
	dd if="/dev/$d" of=/tmp/check bs=64k count=4 iflag=direct 2>/dev/null || fail "read $d"
	cmp -s /tmp/check /tmp/pattern || fail "data of $d"
done
stor_ctl "$inst" "remove 0:5"
stor_wait_gone "$inst" 0:5
stor_ctl "$inst" "remove 1:7"
stor_wait_gone "$inst" 1:7
echo "hot removed 0:5 and 1:7"
stats=/sys/kernel/debug/hv_storvsc/$inst/stats
cat "$stats"
grep -q " remove_device=0" "$stats" || fail "a removal came as REMOVE_DEVICE"
[ "$(sed -n 's/.* enumerate_bus=\([0-9]*\).*/\1/p' "$stats")" -ge 4 ] ||
	fail "not every change came as ENUMERATE_BUS"
kill -0 "$fio_pid" 2>/dev/null || fail "fio ended before the hot removal: the LUN was not busy"
[ -b "/dev/$d0" ] || fail "the busy LUN went away"
wait "$fio_pid" || { cat /tmp/fio.out; fail "fio on the busy LUN"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out; fail "fio errors"; }

echo "unclean stop of the host side"
mkfs.ext4 -q -F "/dev/$d0" || fail "mkfs.ext4"
mkdir -p /mnt/s
mount -t ext4 "/dev/$d0" /mnt/s || fail "mount"
(i=0; while dd if=/dev/urandom of=/mnt/s/f$i bs=64k count=8 conv=fsync 2>/dev/null; do
	i=$((i + 1)); done; echo done >/tmp/writer) &
sleep 3
echo "rescind $relid" >"$SIM/ctl"
wait_for 60 test -e /tmp/writer || fail "the writer hangs after the rescind"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
umount -l /mnt/s
wait_for 10 sh -c "grep -q '^$relid .* released' $SIM/devices" || fail "relid not released"
# The re-offer takes the lowest free relid: name the device by instance.
echo "reoffer $inst" >"$SIM/ctl"
wait_for 30 stor_bound "$inst" || fail "controller did not come back"
d0=$(stor_wait_disk "$inst" 0:0) || fail "$d0"
# Replay the journal only: a repair here would hide damage.
fsck.ext4 -fy -E journal_only "/dev/$d0"
fsck.ext4 -fn "/dev/$d0" || fail "file system damaged by the unclean stop"
echo "remove $inst" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
