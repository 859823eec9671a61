#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Writing a channel's sysfs cpu file moves the host's interrupts for it
# (MODIFYCHANNEL, acknowledged at 5.3): the host then targets the new CPU
# and heartbeats keep flowing. Bad CPUs are refused.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
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

# A MODIFYCHANNEL for a channel the host has rescinded is answered with a
# failure, as on a Microsoft host. With host messages delayed the guest
# moves the channel before it learns of the rescind: the move must fail
# at once (the failure or the rescind ends its wait), and the answer that
# comes after the rescind must do no harm.
inst=$(basename "$d")
relid=$(cat "$d/id")
c=$d/channels/$relid
bad=$(sim_status msgs_bad)
echo "delay_ms 500" >"$SIM/fault" || fail "delay host messages"
echo "rescind $relid" >"$SIM/ctl" || fail "rescind $relid"
t0=$(date +%s)
if echo 1 >"$c/cpu" 2>/dev/null; then
	fail "a rescinded channel moved"
fi
echo "delay_ms 0" >"$SIM/fault"
[ $(($(date +%s) - t0)) -le 5 ] || fail "the move waited for the rescinded host"
[ "$(sim_status msgs_bad)" -gt "$bad" ] ||
	fail "the host saw no MODIFYCHANNEL for the rescinded relid $relid"
wait_for 10 sim_released "$relid" || fail "relid $relid not released"
echo "reoffer $inst" >"$SIM/ctl" || fail "reoffer $inst"
wait_for 20 hb_bound || fail "heartbeat did not come back"
hb_advancing "$(cat "$(hb_dev)/id")"
