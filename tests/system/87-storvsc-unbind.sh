#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The flush on removal: unbinding hv_storvsc from a live controller, or
# removing the module, sends sd's SYNCHRONIZE CACHE to the host, which
# carries it out (no "Synchronize Cache failed" line); after a rescind
# the controller goes at once, without waiting for a host that is gone,
# also while its probe waits for the host's answer to a control request.
#
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

DRV=/sys/bus/vmbus/drivers/hv_storvsc

# unbound INST: the controller has no driver and no disk.
unbound() {
	! stor_disk "$1" 0:0 >/dev/null 2>&1 && [ ! -e "$(stor_dev "$1")/driver" ]
}

# flushed_on INST HOW: the removal HOW (a command) makes the host run a
# SYNCHRONIZE CACHE and the disk go, with no failed flush in the log.
flushed_on() {
	_fo_relid=$(stor_relid "$1")
	_fo_syncs=$(sim_field "$_fo_relid" syncs)
	log_mark
	sh -c "$2" || fail "$2"
	wait_for 30 unbound "$1" ||
		fail "still bound after: $2"
	[ "$(sim_field "$_fo_relid" syncs)" -gt "$_fo_syncs" ] ||
		fail "no SYNCHRONIZE CACHE reached the host on: $2"
	log_since_mark | grep -i "synchronize cache.*failed" && fail "a flush failed on: $2"
	return 0
}

stor_modules
inst=$(stor_add) || fail "$inst"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
grep -q "write back" "/sys/block/$d/device/scsi_disk/"*/cache_type ||
	fail "the disk has no write cache: sd would not flush"

echo "unbind"
relid=$(stor_relid "$inst")
stor_host_strict "$relid"
flushed_on "$inst" "echo $inst >$DRV/unbind"
# Closing the primary channel resets the host: the guest starts over.
[ "$(sim_field "$relid" state)" = begin ] ||
	fail "host state after the close: $(sim_field "$relid" state)"
echo "$inst" >"$DRV/bind" || fail "bind"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"
stor_host_strict "$relid"

echo "rmmod"
flushed_on "$inst" "rmmod hv_storvsc"
modprobe hv_storvsc || fail "modprobe hv_storvsc"
wait_for 30 stor_bound "$inst" || fail "not bound after modprobe"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"

echo "rescind: no wait for the host"
relid=$(stor_relid "$inst")
log_mark
t0=$(date +%s)
echo "rescind $relid" >"$SIM/ctl"
wait_for 20 sh -c "[ ! -e $BUS/$inst ]" || fail "controller not removed"
[ $(($(date +%s) - t0)) -le 10 ] || fail "the removal waited for the gone host"
log_since_mark | grep "hv_storvsc" | grep -v "withdrew\|LUN gone" && fail "hv_storvsc logged on a rescind"
wait_for 10 sh -c "grep -q '^$relid .* released' $SIM/devices" || fail "relid not released"
echo "reoffer $relid" >"$SIM/ctl"
wait_for 30 stor_bound "$inst" || fail "controller did not come back"
d=$(stor_wait_disk "$inst" 0:0) || fail "$d"

echo "rescind while the probe waits for the host"
log_mark
# The re-offer took the lowest free relid, not necessarily the old one.
relid=$(stor_relid "$inst")
rescind_in_probe "$relid" "$BUS/$inst" hv_storvsc
if log_since_mark | grep "no answer"; then
	fail "the probe timed out instead of seeing the rescind"
fi
