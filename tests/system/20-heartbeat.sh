#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The heartbeat driver binds through modalias autoload (nobody loads
# hv_utils by hand), negotiates IC framework 3.0 and service 3.0, and
# answers every heartbeat with its sequence number plus one; its channel
# counters and ring fields move as packets flow.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' && stack_down
lsmod | grep -q '^hv_utils' && fail "hv_utils is still loaded"
modprobe vmbussim || fail "modprobe vmbussim"
wait_for 20 hb_bound || fail "hv_utils not autoloaded and bound"
grep -q vmbus: /run/hotplug.log || fail "no modalias uevent seen"
d=$(hb_dev)
relid=$(cat "$d/id")
echo "heartbeat at $d relid $relid driver $(driver_of "$d")"
wait_for 10 sh -c "grep -q '^$relid .*framework=3.0 service=3.0' $SIM/stats" ||
	fail "negotiation: $(grep "^$relid " "$SIM/stats")"
[ "$(cat "$d/state")" = 3 ] || fail "channel not open: state $(cat "$d/state")"
hb_advancing "$relid"
# Versions offered lowest first (1.0, 3.0): 3.0 is the guest's choice.
ic_host_strict "$relid"
c=$d/channels/$relid
[ "$(cat "$c/interrupts")" -gt 0 ] || fail "no interrupts counted"
[ "$(cat "$c/events")" -gt 0 ] || fail "no callback runs counted"
[ "$(cat "$d/out_write_index")" -gt 0 ] || fail "nothing written to the host"
[ "$(cat "$d/in_write_index")" -gt 0 ] || fail "nothing written by the host"
grep "^$relid " "$SIM/stats"
