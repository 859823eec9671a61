#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Requests through the request-id table, end to end: vmbussim's echo
# device completes each request with its own payload; the guest test
# driver (loaded by modalias) checks every completion's transaction id and
# every byte, over enough traffic to wrap both rings many times. A
# completion with a transaction id the guest never issued breaks the
# channel with a clear log line; a re-offer brings it back.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
echo "add echo" >"$SIM/ctl" || fail "add echo"
wait_for 20 echo_bound || fail "vmbussim_echo not autoloaded and bound"
d=$(dev_of_class "$ECHO_CLASS")
dev=$(basename "$d")
relid=$(cat "$d/id")
echo "echo device $dev relid $relid"

echo 3000 >"$ECHO/$dev/ping" || fail "ping 3000"
cat "$ECHO/$dev/stats"
grep "^$relid " "$SIM/stats"
[ "$(echo_stat "$dev" ok)" = 3000 ] || fail "not every echo came back intact"
[ "$(echo_stat "$dev" bad)" = 0 ] || fail "bad echoes"
[ "$(sim_field "$relid" send_fail)" = 0 ] || fail "host could not answer"
[ "$(sim_field "$relid" requests)" = 3000 ] || fail "host saw $(sim_field "$relid" requests) requests"

log_mark
echo "bad_trans_id $relid" >"$SIM/fault" || fail "fault bad_trans_id"
expect_log "relid $relid broken: completion with an unknown transaction id"
if echo 10 >"$ECHO/$dev/ping" 2>/dev/null; then
	fail "a broken channel still echoes"
fi

echo "rescind $relid" >"$SIM/ctl"
wait_for 10 sh -c "[ ! -e $BUS/$dev ]" || fail "echo device not removed"
sleep 1
echo "reoffer $relid" >"$SIM/ctl"
wait_for 20 echo_bound || fail "echo device did not come back"
dev=$(basename "$(dev_of_class "$ECHO_CLASS")")
echo 200 >"$ECHO/$dev/ping" || fail "ping after re-offer"
[ "$(echo_stat "$dev" ok)" = 200 ] || fail "echoes after re-offer"
echo "remove $(cat "$BUS/$dev/id")" >"$SIM/ctl"
wait_for 10 sh -c "[ ! -e $BUS/$dev ]" || fail "echo device not removed"
