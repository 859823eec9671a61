#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A Fibre Channel class controller (storvsp_fc): hv_storvsc binds, asks
# for the adapter's world-wide names (FCHBA_DATA) and, with the kernel's
# FC transport class, shows them in /sys/class/fc_host/hostN (else in
# its log); names the host changes later follow; a host that refuses
# FCHBA_DATA leaves the names 0 and the disks working; malformed name
# commands are refused. Its LUN reads back what was written.
#
# hvtest-kmods: sd_mod scsi_transport_fc

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# names_are INST PORT NODE: what the guest shows for the controller.
names_are() {
	_na_h=$(stor_host "$1")
	if [ -d /sys/class/fc_host ]; then
		[ "$(cat /sys/class/fc_host/host"$_na_h"/port_name)" = "$2" ] &&
			[ "$(cat /sys/class/fc_host/host"$_na_h"/node_name)" = "$3" ]
	else
		log_since_mark | grep -q "$1: FC port name $2, node name $3"
	fi
}

stor_modules
modprobe scsi_transport_fc 2>/dev/null
DRV=/sys/bus/vmbus/drivers/hv_storvsc
log_mark
inst=$(stor_add storvsp_fc) || fail "$inst"
relid=$(stor_relid "$inst")
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
grep "^$relid " "$SIM/stats"
port=$(sim_field "$relid" port_name)
node=$(sim_field "$relid" node_name)
[ -n "$port" ] && [ "$port" != 0x0 ] || fail "storvsp_fc has no port name"
if [ -d /sys/class/fc_host ]; then
	echo "fc_host: $(ls /sys/class/fc_host)"
	wait_for 10 names_are "$inst" "$port" "$node" ||
		fail "fc_host shows $(cat /sys/class/fc_host/host*/port_name)"
else
	echo "no FC transport class in this kernel: names from the log"
	names_are "$inst" "$port" "$node" || fail "no log line with the names"
fi
dd if=/dev/urandom of=/tmp/pattern bs=64k count=4 2>/dev/null
dd if=/tmp/pattern of="/dev/$d" bs=64k oflag=direct 2>/dev/null || fail "write"
dd if="/dev/$d" of=/tmp/check bs=64k count=4 iflag=direct 2>/dev/null || fail "read"
cmp -s /tmp/check /tmp/pattern || fail "data"

if [ -d /sys/class/fc_host ]; then
	echo "names changed by the host"
	stor_ctl "$inst" "wwn 21000024ff000001 20000024ff000001"
	wait_for 10 names_are "$inst" 0x21000024ff000001 0x20000024ff000001 ||
		fail "fc_host did not follow: $(cat /sys/class/fc_host/host*/port_name)"
fi

echo "malformed name commands"
echo "wwn 12" >"$STOR/$inst/ctl" 2>/dev/null && fail "wwn with one name accepted"
echo "wwn xyz 12" >"$STOR/$inst/ctl" 2>/dev/null && fail "wwn with a bad name accepted"

echo "a host that refuses FCHBA_DATA"
stor_ctl "$inst" "fault fchba_fail 1"
echo "$inst" >"$DRV/unbind" || fail "unbind"
log_mark
echo "$inst" >"$DRV/bind" || fail "bind"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
expect_log "host gave no FC names"
if [ -d /sys/class/fc_host ]; then
	names_are "$inst" 0x0 0x0 || fail "names after a refusal: $(cat /sys/class/fc_host/host*/port_name)"
fi
dd if="/dev/$d" of=/tmp/check bs=64k count=4 iflag=direct 2>/dev/null || fail "read after the refusal"
cmp -s /tmp/check /tmp/pattern || fail "data after the refusal"

echo "a SCSI class device refuses wwn"
sinst=$(stor_add) || fail "$sinst"
echo "wwn 1 2" >"$STOR/$sinst/ctl" 2>/dev/null && fail "wwn accepted by a SCSI class device"
# Both go, the SCSI controller while its scan may still run.
for i in "$relid" "$(stor_relid "$sinst")"; do
	echo "remove $i" >"$SIM/ctl"
done
wait_for 20 sh -c "[ ! -e $BUS/$inst ] && [ ! -e $BUS/$sinst ]" || fail "controllers not removed"
