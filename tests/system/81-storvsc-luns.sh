#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_storvsc finds exactly the LUNs storvsp has, answered as a Hyper-V
# host answers: sparse LUN numbers on two targets with LUN 0 absent on
# both, then none at all. sysfs and lsscsi list those LUNs and nothing
# else, after hot changes and after a fresh scan (the driver rebound).
# An INQUIRY to an address without a LUN gets data with peripheral
# qualifier 3 (the midlayer then asks REPORT LUNS, which lists the
# target's LUNs), so scanning absent LUNs and empty targets costs the
# host no failed SRB and adds no phantom disk. A LUN removed, also the
# last of its target, answers INVALID_LUN and goes; every change comes
# as ENUMERATE_BUS, never REMOVE_DEVICE.
#
# hvtest-tools: lsscsi sg_luns
# hvtest-kmods: sd_mod sg

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

DRV=/sys/bus/vmbus/drivers/hv_storvsc
SCAN_TYPE=/sys/module/scsi_mod/parameters/scan
LOGGING=/proc/sys/dev/scsi/logging_level

# lun_set INST: the controller's SCSI devices as "target:lun ...", sorted.
lun_set() {
	_ls_h=$(stor_host "$1")
	ls /sys/class/scsi_device/ |
		sed -n "s/^$_ls_h:0:\([0-9]*\):\([0-9]*\)\$/\1 \2/p" |
		sort -n -k1,1 -k2,2 | tr ' \n' ': ' | sed 's/ $//'
}

# The LUNs of storvsp's table, in the same form.
model_set() {
	sed 's/ .*//' "$STOR/$1/luns" | tr ':' ' ' | sort -n -k1,1 -k2,2 |
		tr ' \n' ': ' | sed 's/ $//'
}

set_is() {
	[ "$(lun_set "$1")" = "$2" ]
}

# expect_set INST "T:L ...": the guest's LUNs become exactly those, which
# are storvsp's; lsscsi shows each as a disk and nothing else.
expect_set() {
	wait_for 60 set_is "$1" "$2" ||
		fail "LUNs of the controller: '$(lun_set "$1")', want '$2'"
	[ "$(model_set "$1")" = "$2" ] || fail "storvsp has '$(model_set "$1")', want '$2'"
	_es_h=$(stor_host "$1")
	lsscsi >/tmp/lsscsi || fail "lsscsi"
	[ "$(grep -c "^\[$_es_h:" /tmp/lsscsi)" = "$(echo "$2" | wc -w)" ] ||
		{ cat /tmp/lsscsi; fail "lsscsi shows other LUNs than '$2'"; }
	for _es in $2; do
		grep "^\[$_es_h:0:$_es\]" /tmp/lsscsi |
			grep -Eq "disk[[:space:]]+Msft[[:space:]]+Virtual Disk" ||
			{ cat /tmp/lsscsi; fail "lsscsi has no disk $_es"; }
		# sd is done with the LUN (its probe's commands) once it has a disk.
		_es_d=$(stor_wait_disk "$1" "$_es") || fail "$_es_d"
	done
	echo "LUNs: ${2:-none}"
}

# scan_costs_nothing INST ARGS: a scan of the host (sysfs "scan" ARGS)
# gets no failed SRB from the host and leaves the LUNs as they were.
scan_costs_nothing() {
	_sc_before=$(lun_set "$1")
	_sc_errors=$(sim_field "$relid" errors)
	echo "$2" >"/sys/class/scsi_host/host$(stor_host "$1")/scan" || fail "scan $2"
	[ "$(sim_field "$relid" errors)" = "$_sc_errors" ] ||
		fail "scan '$2': the host failed $(($(sim_field "$relid" errors) - _sc_errors)) SRBs"
	[ "$(lun_set "$1")" = "$_sc_before" ] || fail "scan '$2' changed the LUNs to '$(lun_set "$1")'"
}

# rebind INST: unbind and bind hv_storvsc, its scan synchronous.
rebind() {
	echo "$1" >"$DRV/unbind" || fail "unbind"
	echo "$1" >"$DRV/bind" || fail "bind"
	stor_bound "$1" || fail "hv_storvsc did not bind again"
}

stor_modules
# Scans in the caller's context: a bind returns with its scan done.
old_scan=$(cat "$SCAN_TYPE" 2>/dev/null)
[ -z "$old_scan" ] || echo sync >"$SCAN_TYPE" || fail "scsi_mod scan=sync"
inst=$(stor_add) || fail "$inst"
relid=$(stor_relid "$inst")
h=$(stor_host "$inst")
expect_set "$inst" "0:0"

step "sparse LUNs on two targets, LUN 0 absent on both"
for a in 0:4 0:200 1:1 1:254; do
	stor_ctl "$inst" "add $a 1M"
done
stor_ctl "$inst" "remove 0:0"
expect_set "$inst" "0:4 0:200 1:1 1:254"
d=$(stor_disk "$inst" 1:1) || fail "no disk for 1:1"
sg_luns "/dev/$d" >/tmp/luns || fail "sg_luns"
cat /tmp/luns
grep -q "0001000000000000" /tmp/luns || fail "REPORT LUNS of target 1 misses LUN 1"
grep -q "00fe000000000000" /tmp/luns || fail "REPORT LUNS of target 1 misses LUN 254"
[ "$(grep -c '^    00' /tmp/luns)" = 2 ] || fail "REPORT LUNS of target 1 lists other LUNs"

step "a fresh scan finds the same LUNs"
rebind "$inst"
expect_set "$inst" "0:4 0:200 1:1 1:254"

step "scans of absent LUNs add nothing and the host fails no SRB"
# Debian's kernel has CONFIG_SCSI_LOGGING, the debug kernel not (its
# logging_level file is there all the same). The scan's level-2
# messages (shown above level 2) name qualifier 3.
logging=0
[ "$HVTEST_KIND" = distro ] && [ -w "$LOGGING" ] && logging=1
[ $logging = 0 ] || echo $((3 << 6)) >"$LOGGING"
log_mark
scan_costs_nothing "$inst" "0 1 5"
scan_costs_nothing "$inst" "0 0 0"
scan_costs_nothing "$inst" "- - -"
if [ $logging = 1 ]; then
	echo 0 >"$LOGGING"
	expect_log "$h:0:1:5: scsi scan: peripheral qualifier of 3"
	expect_log "$h:0:0:0: scsi scan: peripheral qualifier of 3"
else
	echo "no SCSI logging in this kernel: qualifier 3 not seen in the log"
fi

step "hot removal of a target's LUNs, the last one too, and hot add"
stor_ctl "$inst" "remove 1:254"
expect_set "$inst" "0:4 0:200 1:1"
stor_ctl "$inst" "remove 1:1"
expect_set "$inst" "0:4 0:200"
stor_ctl "$inst" "add 1:9 1M"
expect_set "$inst" "0:4 0:200 1:9"

step "a controller without LUNs"
for a in 0:4 0:200 1:9; do
	stor_ctl "$inst" "remove $a"
done
expect_set "$inst" ""
scan_costs_nothing "$inst" "- - -"
rebind "$inst"
expect_set "$inst" ""
scan_costs_nothing "$inst" "- - -"
stor_ctl "$inst" "add 0:0 1M"
expect_set "$inst" "0:0"

stats=/sys/kernel/debug/hv_storvsc/$inst/stats
cat "$stats"
grep -q " remove_device=0" "$stats" || fail "the host sent REMOVE_DEVICE"
grep -q " enumerate_bus=1 " "$stats" || fail "the LUN added since the rebind: not one ENUMERATE_BUS"

[ -z "$old_scan" ] || echo "$old_scan" >"$SCAN_TYPE"
echo "remove $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
