#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A hostile host: malformed offers, oversized messages, answers for relids
# that do not exist, malformed ring packets, a refused version and a host
# that accepts a version but fails the connection. Each gives a clear log
# line and no crash (the harness checks the kernel log), and the bus keeps
# working.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
relid=$(cat "$(hb_dev)/id")

# Two offers: one 100 bytes long, one for relid 4000 (beyond the relids
# the event flags can signal). Both are dropped, each with its line, and
# neither becomes a device.
log_mark
echo malformed_offer >"$SIM/fault" || fail "fault malformed_offer"
expect_log "hv_vmbus: malformed message from the host (type 1, 100 bytes) dropped"
expect_log "hv_vmbus: invalid offer (relid 4000) dropped"
ls "$BUS" | grep -q '^badbad00' && fail "a malformed offer became a device"
hb_advancing "$relid"

log_mark
echo oversized_msg >"$SIM/fault" || fail "fault oversized_msg"
echo "add heartbeat" >"$SIM/ctl"
expect_log "hv_vmbus: oversized message"

log_mark
echo bad_relid >"$SIM/fault" || fail "fault bad_relid"
expect_log "hv_vmbus: unexpected message type"
hb_advancing "$relid"

# A completion for a transaction the guest never started: hv_utils drops
# it with a line and the heartbeat goes on.
log_mark
echo "bad_trans_id $relid" >"$SIM/fault" || fail "fault bad_trans_id"
expect_log "heartbeat: dropping packet of type 11, 8 bytes"
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

# A host whose VERSION_RESPONSE is garbled (payload_size 250 > 240): the
# guest drops it, gives up after its timeout, the load fails cleanly, and
# a sane host connects afterwards.
# The guest waits host_timeout (3 s here, 30 by default) for the answer.
stack_down
log_mark
modprobe hv_vmbus host_timeout=3 || fail "modprobe hv_vmbus host_timeout=3"
if modprobe vmbussim fault=bogus_version; then
	fail "connected to a host with a garbled version response"
fi
expect_log "hv_vmbus: oversized message (250 bytes)"
expect_log "hv_vmbus: no protocol version agreed"
lsmod | grep -q '^vmbussim ' && fail "vmbussim stayed loaded"
echo 30 >/sys/module/hv_vmbus/parameters/host_timeout || fail "host_timeout back to 30"

# A host that accepts the version but fails the connection
# (connection_state not SUCCESSFUL) stays disconnected: the guest must not
# go on to wait for offers that never come. The load fails at once.
stack_down
log_mark
t0=$(cut -d. -f1 /proc/uptime)
if modprobe vmbussim fault=conn_failed; then
	fail "connected to a host that failed the connection"
fi
took=$(($(cut -d. -f1 /proc/uptime) - t0))
expect_log "vmbussim: failing the connection at version 5.3"
expect_log "hv_vmbus: the host accepted protocol 5.3 but failed the connection (state 2)"
[ "$took" -lt 20 ] || fail "the failed connection took $took s (waited for offers?)"
lsmod | grep -q '^vmbussim ' && fail "vmbussim stayed loaded"
stack_up
hb_advancing "$(cat "$(hb_dev)/id")"
