#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Data pages through the DMA API, with every one bounced: this boot has
# swiotlb=force, so the page numbers hv_storvsc and hv_netvsc hand the
# host are those of swiotlb's bounce buffers, never of the data itself.
# Reads come back only if the driver unmaps (the bounce buffer is copied
# back then), writes reach the disk only if it maps before the send. fio
# writes and verifies random blocks of random sizes, files go through
# ext4 and back after dropping the caches, TCP bulk data goes both ways
# through the NIC with its content checked; swiotlb's own counters show
# it bounced, and once the devices are gone that no mapping is left.
#
# hvtest-append: swiotlb=force
# hvtest-tools: mkfs.ext4 fsck.ext4 fio md5sum ip ping nc sha256sum
# hvtest-kmods: sd_mod sg ext4

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

TLB=/sys/kernel/debug/swiotlb

grep -qw swiotlb=force /proc/cmdline || fail "booted without swiotlb=force"
[ -r $TLB/io_tlb_used ] || fail "no $TLB/io_tlb_used"
used0=$(cat $TLB/io_tlb_used)
echo "swiotlb: $(cat $TLB/io_tlb_nslabs) slabs, $used0 in use"

# tlb_bounced: bounce slots were used since boot (the high-water mark,
# where the kernel keeps one; otherwise slots in use now).
tlb_bounced() {
	if [ -r $TLB/io_tlb_used_hiwater ]; then
		[ "$(cat $TLB/io_tlb_used_hiwater)" -gt "$used0" ]
	else
		[ "$(cat $TLB/io_tlb_used)" -gt "$used0" ]
	fi
}

step storvsc
stor_modules
inst=$(stor_add) || fail "$inst"
relid=$(stor_relid "$inst")
stor_ctl "$inst" "add 0:1 64M"
d0=$(stor_wait_disk "$inst" 0:0) || fail "$d0"
d1=$(stor_wait_disk "$inst" 0:1) || fail "$d1"
mkfs.ext4 -q -F "/dev/$d0" || fail "mkfs.ext4"
mkdir -p /mnt/s
mount -t ext4 "/dev/$d0" /mnt/s || fail "mount"
for i in 1 2 3; do
	dd if=/dev/urandom of=/mnt/s/f$i bs=64k count=$((i * 16)) 2>/dev/null || fail "write f$i"
done
sums=$(cd /mnt/s && md5sum f1 f2 f3)
umount /mnt/s || fail "umount"
echo 3 >/proc/sys/vm/drop_caches
mount -t ext4 "/dev/$d0" /mnt/s || fail "mount again"
[ "$(cd /mnt/s && md5sum f1 f2 f3)" = "$sums" ] || fail "files changed on disk"
umount /mnt/s || fail "umount again"
fsck.ext4 -fn "/dev/$d0" || fail "fsck"
mb=$(scaled 64 16)
errors=$(sim_field "$relid" errors)
stor_fio "/dev/$d1" "$mb" --thread --name=verify --filename="/dev/$d1" --direct=1 \
	--ioengine=libaio --iodepth=16 --rw=randwrite --bsrange=512-256k --size=${mb}M \
	--verify=crc32c --verify_fatal=1 --do_verify=1 --randrepeat=0 \
	--output=/tmp/fio.out || { cat /tmp/fio.out; fail "fio verify"; }
grep -q "err= 0" /tmp/fio.out || { cat /tmp/fio.out; fail "fio reported errors"; }
[ "$(sim_field "$relid" bad_requests)" = 0 ] || fail "host saw malformed requests"
[ "$(sim_field "$relid" errors)" = "$errors" ] || fail "host saw failed SRBs"
stor_host_strict "$relid"
tlb_bounced || fail "storvsc I/O used no bounce buffer"
echo "swiotlb after storvsc: $(cat $TLB/io_tlb_used) in use, high water $(cat $TLB/io_tlb_used_hiwater 2>/dev/null)"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"

step netvsc
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
for size in 56 1472; do
	ping -q -c 3 -i 0.05 -W 2 -s "$size" 10.9.0.2 || fail "ping -s $size"
done
# Bulk TCP: GSO frames larger than a send section go GPA-direct.
tcp_both "$(scaled 8 2)"
[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "the guest broke a host rule"
nic_remove

# Nothing stays mapped once the devices are gone.
wait_for 10 sh -c "[ \$(cat $TLB/io_tlb_used) -le $used0 ]" ||
	fail "swiotlb slots still in use: $(cat $TLB/io_tlb_used), $used0 at the start"
