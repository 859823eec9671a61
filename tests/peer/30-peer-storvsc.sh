#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux's own hv_storvsc on vmbussim's storvsp: the SCSI scan finds exactly
# the host's LUNs (no phantom disk for an absent target or LUN), an ext4
# file system is made and checked, random writes over a LUN are verified,
# the SCSI commands of sg3-utils answer, and a LUN added and removed at
# run time appears and goes.
#
# hvtest-tools: mkfs.ext4 fsck.ext4 fio sg_inq sg_readcap sg_luns
# hvtest-kmods: sd_mod sg ext4

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib
. /tests/peer/peer-lib

# stor_luns INST: the H:C:T:L of every SCSI device of the controller.
stor_luns() {
	for _sl in "$(stor_dev "$1")"/host*/target*/[0-9]*:*:*:*; do
		[ -e "$_sl" ] && basename "$_sl"
	done | sed 's/^[0-9]*://' | sort
}

peer_up
peer_utils
peer_insmod hv_storvsc
inst=$(stor_add) || fail "$inst"
relid=$(stor_relid "$inst")
stor_ctl "$inst" "add 0:1 32M"
d0=$(stor_wait_disk "$inst" 0:0) || fail "$d0"
d1=$(stor_wait_disk "$inst" 0:1) || fail "$d1"

step "the LUN set"
luns=$(stor_luns "$inst" | tr '\n' ' ')
echo "LUNs seen: $luns"
[ "$luns" = "0:0:0 0:0:1 " ] || fail "scan found '$luns', the host has 0:0:0 0:0:1"

step "file system"
mkfs.ext4 -q -F "/dev/$d0" || fail "mkfs.ext4"
mkdir -p /mnt/p
mount -t ext4 "/dev/$d0" /mnt/p || fail "mount"
dd if=/dev/urandom of=/mnt/p/f bs=64k count=64 2>/dev/null || fail "write"
sum=$(md5sum </mnt/p/f)
umount /mnt/p
echo 3 >/proc/sys/vm/drop_caches
mount -t ext4 "/dev/$d0" /mnt/p || fail "mount again"
[ "$(md5sum </mnt/p/f)" = "$sum" ] || fail "file changed on disk"
umount /mnt/p
fsck.ext4 -fn "/dev/$d0" || fail "fsck"

step "verified random writes"
stor_fio "/dev/$d1" 32 --thread --name=verify --filename="/dev/$d1" --direct=1 \
	--ioengine=libaio --iodepth=8 --rw=randwrite --bsrange=4k-128k --size=32M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --randrepeat=0 \
	--output=/tmp/fio.out || { cat /tmp/fio.out; fail "fio verify"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out; fail "fio reported errors"; }

step "sg3-utils"
sg_inq "/dev/$d0" | grep -q "Peripheral device type: disk" || fail "sg_inq"
sg_readcap "/dev/$d1" | grep -q "Last LBA=65535" || fail "sg_readcap"
sg_luns "/dev/$d0" >/tmp/luns || fail "sg_luns"
grep -q "2 lun entr" /tmp/luns || { cat /tmp/luns; fail "REPORT LUNS does not list 2 LUNs"; }

step "LUN hot add and remove"
stor_ctl "$inst" "add 0:2 16M"
d2=$(stor_wait_disk "$inst" 0:2) || fail "$d2"
stor_ctl "$inst" "remove 0:2"
stor_wait_gone "$inst" 0:2
[ "$(sim_field "$relid" bad_requests)" = 0 ] || fail "host saw malformed requests"

# The driver goes before the controller. Linux's storvsc sends nothing
# after a rescind (its ring write fails) yet never completes the command,
# so sd's SYNCHRONIZE CACHE in the removal of a controller with disks
# waits for ever, whatever the host does; Hyper-V removes disks of a
# running VM as LUNs (above), not the controller (Documentation/peer.rst).
rmmod hv_storvsc || fail "rmmod hv_storvsc"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
peer_shim_clean
peer_down
