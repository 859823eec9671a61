#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Monitored channels, as Hyper-V offers storage and network channels: the
# guest notifies the host by setting the channel's bit in its monitor page
# instead of signalling an event, and the host's scan of the page picks
# the notifications up. Echo traffic over a monitored device and its
# subchannels must arrive intact with no event signals at all. Monitor ids
# come from the host's own pool (from 0), not from the relid: a guest that
# derived one from the other would set the wrong bit and lose every
# notification.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
echo 1 >"$SIM/monitor" || fail "switch monitored offers on"
echo "add echo" >"$SIM/ctl" || fail "add echo"
wait_for 20 echo_bound || fail "vmbussim_echo not bound"
d=$(dev_of_class "$ECHO_CLASS")
dev=$(basename "$d")
relid=$(cat "$d/id")

[ "$(sim_field "$relid" monitored)" = 1 ] || fail "relid $relid not offered monitored"
mid=$(sim_field "$relid" monitor_id)
[ "$(cat "$d/monitor_id")" = "$mid" ] ||
	fail "guest sees monitor id $(cat "$d/monitor_id"), the host gave $mid"
[ "$mid" != "$relid" ] || fail "monitor id $mid taken from the relid"
echo 2 >"$ECHO/$dev/subchannels" || fail "2 monitored subchannels"
echo 0 >"$SIM/monitor"
echo 1500 >"$ECHO/$dev/ping" || fail "ping over monitored channels"
[ "$(echo_stat "$dev" ok)" = 1500 ] || fail "echoes over monitored channels"
echo 10 >"$ECHO/$dev/gpa" || fail "GPA-direct over a monitored channel"
grep " $dev " "$SIM/devices"
chans=$(awk -v i="$dev" '$3 == i { print $1 }' "$SIM/devices")
[ "$(echo "$chans" | wc -w)" = 3 ] || fail "channels of $dev: '$chans', want 3"
for ch in $chans; do
	grep "^$ch " "$SIM/stats"
	[ "$(sim_field "$ch" monitored)" = 1 ] || fail "relid $ch not monitored"
	[ "$(sim_field "$ch" signals_in)" = 0 ] ||
		fail "relid $ch: the guest signalled a monitored channel"
	[ "$(sim_field "$ch" monitor_hits)" -gt 0 ] ||
		fail "relid $ch: no notification through the monitor page"
done

echo "remove $relid" >"$SIM/ctl"
wait_for 10 sh -c "[ ! -e $BUS/$dev ]" || fail "echo device not removed"
