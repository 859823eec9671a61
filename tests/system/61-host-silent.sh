#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A host that never answers: vmbussim drops one type of its messages (its
# "drop" fault) and the guest, with host_timeout at 3 s, must give up on
# that wait with a clear line and go on. ALLOFFERS_DELIVERED: the bus
# connects and uses the devices offered. OPENCHANNEL_RESULT and
# GPADL_CREATED: the driver's probe fails, the device stays unbound and
# goes when the host removes it. MODIFYCHANNEL_RESPONSE: the CPU change
# fails and the channel keeps working. UNLOAD_RESPONSE (unload_timeout at
# 3 s): the bus goes on, and everything unloads (kmemleak checks what
# stayed).

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' && stack_down

step "no ALLOFFERS_DELIVERED"
log_mark
modprobe hv_vmbus host_timeout=3 || fail "modprobe hv_vmbus host_timeout=3"
modprobe vmbussim fault="drop 4" || fail "the bus gave up on a host without ALLOFFERS_DELIVERED"
expect_log "hv_vmbus: the host did not say all offers were delivered; going on"
wait_for 20 hb_bound || fail "heartbeat not bound"
hb_advancing "$(cat "$(hb_dev)/id")"

# new_heartbeat: add a heartbeat device; prints its instance. (Relids come
# from a pool: a new device may take the relid of one just removed.)
new_heartbeat() {
	_nh_before=$(awk '$2 == "heartbeat" { print $3 }' "$SIM/devices")
	echo "add heartbeat" >"$SIM/ctl" || return 1
	for _nh in $(awk '$2 == "heartbeat" { print $3 }' "$SIM/devices"); do
		echo "$_nh_before" | grep -qx "$_nh" || { echo "$_nh"; return 0; }
	done
	return 1
}

# silent_probe MSGTYPE: the host drops its next message of MSGTYPE while
# hv_utils probes a new heartbeat device.
silent_probe() {
	log_mark
	bad=$(sim_status msgs_bad)
	echo "drop $1" >"$SIM/fault" || fail "fault drop $1"
	inst=$(new_heartbeat) || fail "no new heartbeat device"
	expect_log "hv_vmbus: no answer of type $1 from the host"
	expect_log "$inst.*failed with error"
	[ -e "$BUS/$inst/driver" ] && fail "bound without the host's answer ($1)"
	# The guest closed what the host may have opened before its teardown.
	[ "$(sim_status msgs_bad)" = "$bad" ] ||
		fail "the host refused $(($(sim_status msgs_bad) - bad)) message(s) of the guest's give-up"
	echo "remove $inst" >"$SIM/ctl" || fail "remove $inst"
	wait_for 10 sh -c "[ ! -e $BUS/$inst ]" || fail "device $inst not removed"
	wait_for 10 sh -c "! grep -q ' $inst ' $SIM/devices" ||
		fail "device $inst not released"
}

step "no OPENCHANNEL_RESULT"
silent_probe 6
step "no GPADL_CREATED"
silent_probe 10

step "no MODIFYCHANNEL_RESPONSE"
d=$(hb_dev)
relid=$(cat "$d/id")
c=$d/channels/$relid
to=$(( ($(cat "$c/cpu") + 1) % 2 ))
log_mark
echo "drop 24" >"$SIM/fault" || fail "fault drop 24"
echo "$to" >"$c/cpu" 2>/dev/null && fail "CPU change reported done without an answer"
expect_log "hv_vmbus: no answer of type 24 from the host"
hb_advancing "$relid"

# UNLOAD, at the host's removal: the bus gives up after unload_timeout
# and everything still unloads.
step "no UNLOAD_RESPONSE"
echo 3 >/sys/module/hv_vmbus/parameters/unload_timeout || fail "unload_timeout"
echo "drop 17" >"$SIM/fault" || fail "fault drop 17"
log_mark
t0=$(date +%s)
stack_down
expect_log "hv_vmbus: no answer of type 17 from the host"
expect_log "hv_vmbus: the host did not confirm UNLOAD"
[ $(($(date +%s) - t0)) -le 30 ] || fail "the unload took $(($(date +%s) - t0)) s"
