#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# What real SCSI tools see through hv_storvsc agrees with vmbussim's
# storvsp model: sg_inq (standard data and the serial-number page),
# sg_readcap (READ CAPACITY 10 and 16), sg_luns (REPORT LUNS), and the
# topology lsscsi and lsblk show for LUNs on two targets.
#
# hvtest-tools: sg_inq sg_readcap sg_luns lsscsi lsblk
# hvtest-kmods: sd_mod sg

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

stor_modules
inst=$(stor_add) || fail "$inst"
stor_ctl "$inst" "add 0:3 32M"
stor_ctl "$inst" "add 1:0 16M"
a=$(stor_wait_disk "$inst" 0:0) || fail "$a"
b=$(stor_wait_disk "$inst" 0:3) || fail "$b"
c=$(stor_wait_disk "$inst" 1:0) || fail "$c"
h=$(stor_host "$inst")
echo "host $h: $a (0:0) $b (0:3) $c (1:0)"
cat "$STOR/$inst/luns"

sg_inq "/dev/$a" >/tmp/inq || fail "sg_inq"
grep -q "Vendor identification: Msft" /tmp/inq || { cat /tmp/inq; fail "vendor"; }
grep -q "Product identification: Virtual Disk" /tmp/inq || { cat /tmp/inq; fail "product"; }
serial=$(sed -n 's/^3:0 .*serial=\([^ ]*\).*/\1/p' "$STOR/$inst/luns")
sg_inq -p 0x80 "/dev/$c" >/tmp/inq || fail "sg_inq -p 0x80"
grep -q "$serial" /tmp/inq || { cat /tmp/inq; fail "serial of 1:0 is not $serial"; }

sg_readcap "/dev/$b" >/tmp/cap || fail "sg_readcap"
grep -q "Last LBA=65535 " /tmp/cap || { cat /tmp/cap; fail "READ CAPACITY(10) of 0:3"; }
grep -q "Logical block length=512 bytes" /tmp/cap || { cat /tmp/cap; fail "block length"; }
sg_readcap --16 "/dev/$c" >/tmp/cap || fail "sg_readcap --16"
grep -q "Last LBA=32767 " /tmp/cap || { cat /tmp/cap; fail "READ CAPACITY(16) of 1:0"; }

sg_luns "/dev/$a" >/tmp/luns || fail "sg_luns"
cat /tmp/luns
grep -q "0000000000000000" /tmp/luns || fail "LUN 0 not reported"
grep -q "0003000000000000" /tmp/luns || fail "LUN 3 not reported"
[ "$(grep -c '^    00' /tmp/luns)" = 2 ] || fail "target 0 should report 2 LUNs"

lsscsi >/tmp/lsscsi || fail "lsscsi"
cat /tmp/lsscsi
for addr in "$h:0:0:0" "$h:0:0:3" "$h:0:1:0"; do
	grep "^\[$addr\]" /tmp/lsscsi | grep -Eq "disk[[:space:]]+Msft[[:space:]]+Virtual Disk" ||
		fail "lsscsi has no disk $addr"
done
[ "$(grep -c "^\[$h:" /tmp/lsscsi)" = 3 ] || fail "lsscsi shows other LUNs on host $h"
[ "$(lsblk -b -d -n -o SIZE "/dev/$b")" = $((32 << 20)) ] || fail "lsblk size of $b"
[ "$(lsblk -b -d -n -o SIZE "/dev/$c")" = $((16 << 20)) ] || fail "lsblk size of $c"
echo "remove $(stor_relid "$inst")" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
