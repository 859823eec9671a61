#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Load and unload the whole stack again and again: each time the bus
# connects, heartbeat binds and answers, and everything goes away cleanly
# (the harness's kmemleak scan and log check run after this test).

. /tests/system/hvtest-lib

cycles=$(hvtest_arg cycles "$(scaled 100 10)")
lsmod | grep -q '^vmbussim ' && stack_down
i=0
while [ $i -lt "$cycles" ]; do
	i=$((i + 1))
	# A short heartbeat period: the first answer comes without waiting.
	stack_up heartbeat_period_ms=20
	relid=$(cat "$(hb_dev)/id")
	wait_for 10 hb_ok_above "$relid" 1 || fail "cycle $i: no heartbeat answered"
	stack_down
	lsmod | grep -q '^hv_vmbus' && fail "cycle $i: hv_vmbus still loaded"
done
echo "ok: $cycles load/unload cycles"
