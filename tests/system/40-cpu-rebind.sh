#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writing a channel's sysfs cpu file moves the host's interrupts for it
# (MODIFYCHANNEL, acknowledged at 5.3): the host then targets the new CPU
# and heartbeats keep flowing. Bad CPUs are refused.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
[ "$(grep -c ^processor /proc/cpuinfo)" -ge 2 ] || fail "needs 2 CPUs"
d=$(hb_dev)
relid=$(cat "$d/id")
c=$d/channels/$relid

for cpu in 1 0 1; do
	echo "$cpu" >"$c/cpu" || fail "writing cpu $cpu"
	[ "$(cat "$c/cpu")" = "$cpu" ] || fail "cpu reads $(cat "$c/cpu")"
	[ "$(sim_field "$relid" cpu)" = "$cpu" ] || fail "host targets CPU $(sim_field "$relid" cpu)"
	grep -q "^$relid:$cpu$" "$d/channel_vp_mapping" || fail "channel_vp_mapping"
	hb_advancing "$relid"
	echo "ok: relid $relid on CPU $cpu"
done
if echo 64 >"$c/cpu" 2>/dev/null; then
	fail "CPU 64 accepted"
fi
if echo foo >"$c/cpu" 2>/dev/null; then
	fail "CPU foo accepted"
fi
[ "$(cat "$c/cpu")" = 1 ] || fail "a refused write changed the CPU"
echo 0 >"$c/cpu"
