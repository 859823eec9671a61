#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_storvsc end to end against vmbussim's storvsp with RAM LUNs: the
# controller binds, its LUNs become disks; an ext4 file system is made,
# files written and read back after dropping the caches, fsck is clean;
# fio writes random blocks of random sizes over a whole LUN and verifies
# every one (zero mismatches).
#
# hvtest-tools: mkfs.ext4 fsck.ext4 fio md5sum
# hvtest-kmods: sd_mod sg ext4

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

stor_modules
inst=$(stor_add) || fail "$inst"
relid=$(stor_relid "$inst")
echo "storvsp $inst relid $relid"
stor_ctl "$inst" "add 0:1 96M"
d0=$(stor_wait_disk "$inst" 0:0) || fail "$d0"
d1=$(stor_wait_disk "$inst" 0:1) || fail "$d1"
echo "disks: $d0 (0:0) $d1 (0:1)"
[ "$(cat /sys/block/"$d0"/size)" = $((64 * 2048)) ] || fail "$d0 size $(cat /sys/block/"$d0"/size)"
[ "$(cat /sys/block/"$d1"/size)" = $((96 * 2048)) ] || fail "$d1 size $(cat /sys/block/"$d1"/size)"
grep "^$relid " "$SIM/stats"

# A file system, files written, read back from the disk.
mkfs.ext4 -q -F "/dev/$d0" || fail "mkfs.ext4"
mkdir -p /mnt/s
mount -t ext4 "/dev/$d0" /mnt/s || fail "mount"
for i in 1 2 3 4; do
	dd if=/dev/urandom of=/mnt/s/f$i bs=64k count=$((i * 16)) 2>/dev/null || fail "write f$i"
done
sums=$(cd /mnt/s && md5sum f1 f2 f3 f4)
umount /mnt/s || fail "umount"
echo 3 >/proc/sys/vm/drop_caches
mount -t ext4 "/dev/$d0" /mnt/s || fail "mount again"
[ "$(cd /mnt/s && md5sum f1 f2 f3 f4)" = "$sums" ] || fail "files changed on disk"
umount /mnt/s || fail "umount again"
fsck.ext4 -fn "/dev/$d0" || fail "fsck after clean use"

# Random writes over the whole LUN, every block verified.
errors=$(sim_field "$relid" errors)
stor_fio "/dev/$d1" 96 --thread --name=verify --filename="/dev/$d1" --direct=1 --ioengine=libaio \
	--iodepth=16 --rw=randwrite --bsrange=4k-256k --size=96M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --randrepeat=0 \
	--output=/tmp/fio.out || { cat /tmp/fio.out; fail "fio verify"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out; fail "fio reported errors"; }
grep -i "verify" /tmp/fio.out | head -3
grep "^$relid " "$SIM/stats"
[ "$(sim_field "$relid" errors)" = "$errors" ] || fail "host saw failed SRBs"
[ "$(sim_field "$relid" written)" -ge $((96 << 20)) ] || fail "fio did not reach the host"
[ "$(sim_field "$relid" bad_requests)" = 0 ] || fail "host saw malformed requests"
stor_host_strict "$relid"
# Reads and writes of a RAM LUN are answered in the guest's signal.
[ "$(sim_field "$relid" pkts_now)" -gt 1000 ] || fail "no SRB answered in the signal"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
