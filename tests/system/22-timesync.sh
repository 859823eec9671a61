#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Time synchronisation: the host (vmbussim) puts its clock an hour ahead
# and sends SYNC: the guest's clock follows. phc_ctl reads the PTP clock
# "hyperv" and agrees with the host's time within 1 s (TCG runs slowly and
# the clock is extrapolated from the last sample). A sample 10 s off steps
# the clock; one 2 s off does not, but the PTP clock shows it. Stale,
# malformed and pre-1970 samples are ignored or refused; probes answered.
# hvtest-tools: phc_ctl

. /tests/system/hvtest-lib

# abs_diff_below A B LIMIT: |A - B| < LIMIT, for decimal seconds.
abs_diff_below() {
	awk -v a="$1" -v b="$2" -v l="$3" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < l) }'
}

guest_off() {
	awk -v h="$(cat "$IC_SIM/host_time")" -v g="$(date +%s)" 'BEGIN { printf "%d\n", h - g }'
}

clock_follows() {
	_off=$(guest_off)
	[ "$_off" -ge -2 ] && [ "$_off" -le 2 ]
}

phc_time() {
	phc_ctl "/dev/$ptp" get 2>&1 | sed -n 's/.*clock time is \([0-9.]*\).*/\1/p'
}

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim ' && stack_down
stack_up
ic_add timesync "$TS_CLASS"
grep "^$IC_RELID " "$SIM/stats" | grep -q 'framework=3.0 service=4.0' ||
	fail "versions: $(grep "^$IC_RELID " "$SIM/stats")"
wait_for 5 sh -c "[ \$(sed -n 's/^$IC_RELID .* syncs=\([0-9]*\).*/\1/p' $SIM/stats) -ge 1 ]" ||
	fail "no SYNC right after the negotiation: $(grep "^$IC_RELID " "$SIM/stats")"
HU=/sys/kernel/debug/hv_utils/$(basename "$IC_DEV")/timesync

# The PTP clock.
ptp=
for c in /sys/class/ptp/ptp*; do
	[ "$(cat "$c/clock_name")" = hyperv ] && ptp=$(basename "$c")
done
[ -n "$ptp" ] || fail "no PTP clock named hyperv"
[ -c "/dev/$ptp" ] || fail "no /dev/$ptp"
echo "PTP clock hyperv is $ptp"

# SYNC an hour ahead.
start=$(date +%s)
echo "offset 3600" >"$IC_SIM/request" || fail "offset"
log_mark
echo sync >"$IC_SIM/request" || fail "the guest refused SYNC"
wait_for 10 clock_follows || fail "clock did not follow SYNC: off by $(guest_off) s"
expect_log "timesync: clock set to host time"
now=$(date +%s)
[ $((now - start)) -ge 3590 ] || fail "clock moved by $((now - start)) s only"
echo "guest clock moved by $((now - start)) s"

# phc_ctl against the host's time.
phc=$(phc_time)
host=$(cat "$IC_SIM/host_time")
[ -n "$phc" ] || fail "phc_ctl: $(phc_ctl "/dev/$ptp" get 2>&1)"
echo "phc_ctl: $phc host: $host"
abs_diff_below "$phc" "$host" 1 || fail "PTP clock $phc vs host $host"

# Samples: 2 s off leaves the clock alone but moves the PTP clock; 10 s
# off steps the clock (sample_thresh_ms is 5000).
steps=$(sed -n 's/^steps: //p' "$HU")
echo "offset 3602" >"$IC_SIM/request" || fail "offset"
echo sample >"$IC_SIM/request" || fail "the guest refused a sample"
sleep 2
[ "$(sed -n 's/^steps: //p' "$HU")" = "$steps" ] || fail "a 2 s sample stepped the clock"
abs_diff_below "$(phc_time)" "$(cat "$IC_SIM/host_time")" 1 ||
	fail "PTP clock did not take the sample"
abs_diff_below "$(phc_time)" "$(date +%s)" 1 && fail "PTP clock equals the guest clock"
echo "offset 3610" >"$IC_SIM/request" || fail "offset"
echo sample >"$IC_SIM/request" || fail "the guest refused a sample"
wait_for 10 clock_follows || fail "clock did not follow a sample 8 s off: $(guest_off) s"

# Stale, malformed, probes.
stale=$(sed -n 's/^stale: //p' "$HU")
echo stale >"$IC_SIM/request" || fail "the guest refused a stale sample"
[ "$(sed -n 's/^stale: //p' "$HU")" = $((stale + 1)) ] || fail "stale sample not ignored"
log_mark
echo short >"$IC_SIM/request" 2>/dev/null && fail "short sample accepted"
echo "flags 0x80" >"$IC_SIM/request" 2>/dev/null && fail "unknown flags accepted"
echo zero >"$IC_SIM/request" 2>/dev/null && fail "time before 1970 accepted"
expect_log "timesync: malformed message"
echo probe >"$IC_SIM/request" || fail "probe not answered"
clock_follows || fail "clock moved by bad samples: $(guest_off) s"
cat "$HU"

# The host's own messages: a SYNC right after the negotiation (the clock
# follows a reopened channel with no request from here), then a SAMPLE
# every 5 s.
# (Samples stop while unbound: the offset changes then, so that only the
# SYNC can carry it.)
ic_host_strict "$IC_RELID"
samples=$(sim_field "$IC_RELID" samples)
inst=$(basename "$IC_DEV")
echo "$inst" >/sys/bus/vmbus/drivers/hv_utils/unbind || fail "unbind"
echo "offset 7200" >"$IC_SIM/request" || fail "offset"
echo "$inst" >/sys/bus/vmbus/drivers/hv_utils/bind || fail "bind"
wait_for 20 ic_negotiated "$IC_RELID" || fail "not negotiated after the rebind"
wait_for 10 clock_follows || fail "clock did not follow the SYNC after the negotiation: $(guest_off) s"
echo "guest clock follows the host's SYNC after a reopen"
wait_for 15 sh -c "[ \$(sed -n 's/^$IC_RELID .* samples=\([0-9]*\).*/\1/p' $SIM/stats) -gt $samples ]" ||
	fail "no periodic sample: $(grep "^$IC_RELID " "$SIM/stats")"
ic_host_strict "$IC_RELID"

# Back to the real time.
echo "offset 0" >"$IC_SIM/request" && echo sync >"$IC_SIM/request" || fail "sync back"
wait_for 10 clock_follows || fail "clock did not come back"
grep "^$IC_RELID " "$SIM/stats"
