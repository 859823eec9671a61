#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The bus's multiqueue and bulk-data paths, end to end through vmbussim's
# echo device: subchannels offered on request, opened by the driver, used
# round robin and withdrawn one at a time; GPA-direct packets whose pages
# the host reads and writes; a receive buffer shared as a GPADL, mapped by
# the host and named in transfer-page packets, then torn down; and the
# host refusing a GPADL and a channel open.

. /tests/system/hvtest-lib

# The host's channels of the echo device with instance $1 ("sub=N" lines).
sim_subchannels() {
	grep -c " $1 open sub=" "$SIM/devices"
}

lsmod | grep -q '^vmbussim ' || stack_up
echo "add echo" >"$SIM/ctl" || fail "add echo"
wait_for 20 echo_bound || fail "vmbussim_echo not bound"
d=$(dev_of_class "$ECHO_CLASS")
dev=$(basename "$d")
relid=$(cat "$d/id")

# --- subchannels ---
echo 3 >"$ECHO/$dev/subchannels" || fail "3 subchannels"
cat "$SIM/devices"
[ "$(echo_stat "$dev" channels)" = 4 ] || fail "guest has $(echo_stat "$dev" channels) channels, not 4"
[ "$(sim_subchannels "$dev")" = 3 ] || fail "host has not 3 open subchannels"
[ "$(ls "$d/channels" | wc -l)" = 4 ] || fail "sysfs lists $(ls "$d/channels" | wc -l) channels"
echo 2000 >"$ECHO/$dev/ping" || fail "ping over 4 channels"
[ "$(echo_stat "$dev" ok)" = 2000 ] || fail "echoes over 4 channels"
[ "$(echo_stat "$dev" bad)" = 0 ] || fail "bad echoes"
for sc in $(awk -v i="$dev" '$3 == i && /sub=/ { print $1 }' "$SIM/devices"); do
	[ "$(sim_field "$sc" pkts_in)" -ge 500 ] ||
		fail "subchannel relid $sc carried $(sim_field "$sc" pkts_in) packets"
	[ -e "$d/channels/$sc/subchannel_id" ] || fail "no sysfs for relid $sc"
done

# --- GPA-direct: the host reads and writes guest pages ---
echo 40 >"$ECHO/$dev/gpa" || fail "GPA-direct operations"
[ "$(sim_field "$relid" ops_failed)" = 0 ] || fail "host reported failed operations"

# --- receive buffer and transfer-page packets ---
echo 40 >"$ECHO/$dev/xfer" || fail "transfer-page operations"
[ "$(echo_stat "$dev" xfer_ok)" = 40 ] || fail "xfer_ok $(echo_stat "$dev" xfer_ok)"
[ "$(echo_stat "$dev" xfer_bad)" = 0 ] || fail "bad transfer-page packets"
wait_for 10 sh -c "[ \"\$(sed -n 's/^$relid .* xfer_done=\([0-9]*\).*/\1/p' $SIM/stats)\" = 40 ]" ||
	fail "host saw $(sim_field "$relid" xfer_done) completed transfer-page packets"
[ "$(sim_field "$relid" bad_comp)" = 0 ] || fail "stray completions"

# --- one subchannel withdrawn, the others keep working ---
sc=$(awk -v i="$dev" '$3 == i && /sub=2/ { print $1 }' "$SIM/devices")
echo "rescind $sc" >"$SIM/ctl" || fail "rescind subchannel $sc"
wait_for 10 sh -c "! grep -q '^$sc ' $SIM/devices" || fail "subchannel $sc not released"
[ "$(echo_stat "$dev" channels)" = 3 ] || fail "guest still uses the rescinded subchannel"
[ ! -e "$d/channels/$sc" ] || fail "sysfs still lists relid $sc"
ok0=$(echo_stat "$dev" ok)
echo 300 >"$ECHO/$dev/ping" || fail "ping after a subchannel rescind"
[ "$(echo_stat "$dev" ok)" = $((ok0 + 300)) ] || fail "echoes after a subchannel rescind"

# --- the host refuses a GPADL, then a channel open ---
log_mark
echo refuse_gpadl >"$SIM/fault" || fail "fault refuse_gpadl"
if echo 1 >"$ECHO/$dev/xfer" 2>/dev/null; then
	fail "a refused GPADL went unnoticed"
fi
expect_log "host refused GPADL"
echo 2 >"$ECHO/$dev/xfer" || fail "GPADL after a refusal"

log_mark
echo "$dev" >/sys/bus/vmbus/drivers/vmbussim_echo/unbind || fail "unbind"
wait_for 10 sh -c "! grep -q ' $dev open' $SIM/devices" || fail "host still has channels open"
echo refuse_open >"$SIM/fault" || fail "fault refuse_open"
if echo "$dev" >/sys/bus/vmbus/drivers/vmbussim_echo/bind 2>/dev/null; then
	fail "bound although the host refused the open"
fi
expect_log "host refused to open relid $relid"
echo "$dev" >/sys/bus/vmbus/drivers/vmbussim_echo/bind || fail "bind after a refusal"
wait_for 10 echo_bound || fail "echo device not bound again"
echo 100 >"$ECHO/$dev/ping" || fail "ping after rebinding"

echo "remove $relid" >"$SIM/ctl"
wait_for 10 sh -c "[ ! -e $BUS/$dev ]" || fail "echo device not removed"
wait_for 10 sh -c "! grep -q ' $dev ' $SIM/devices" || fail "host kept channels of the echo device"
