#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Malformed IC messages to every service (shorter than the headers, a
# lying msgsize, an unknown type, a well-formed message larger than the
# service takes, a negotiation with no common version, and each
# service's own bad bodies: truncated KVP records, oversize keys,
# bad UTF-16, unknown operations, bad WRITE sizes, ...) are refused with a
# rate-limited log line and the service keeps working. Then each service
# is rescinded and offered again, the daemon-backed ones while a request
# waits on a stopped daemon: the request fails, the device comes back and
# serves. Last, vmbussim unloads with all of them open. The harness fails the run on any KASAN, lockdep or kmemleak
# report.
# hvtest-tools: hv_kvp_daemon hv_vss_daemon hv_fcopy_daemon

. /tests/system/hvtest-lib

# add_ic NAME MODEL CLASS: ic_add, and remember the device as NAME.
add_ic() {
	ic_add "$2" "$3"
	eval "${1}_RELID=$IC_RELID ${1}_SIM=$IC_SIM ${1}_HU=/sys/kernel/debug/hv_utils/$(basename "$IC_DEV")/$2"
}

req() {
	echo "$2" >"$1/request"
}

registered() {
	grep -q 'daemon: registered' "$1"
}

# start_daemon NAME DAEMON: run it and wait for its registration.
start_daemon() {
	eval "_hu=\$${1}_HU"
	"$2" -n &
	eval "${1}_PID=$!"
	wait_for 10 registered "$_hu" || fail "$2 did not register"
}

# works NAME: one good request of the service.
works() {
	case $1 in
	SD) req "$SD_SIM" hibernate ;;
	TS) req "$TS_SIM" probe ;;
	KVP) req "$KVP_SIM" "set 0 Fault ok" && req "$KVP_SIM" "get 0 Fault" &&
		grep -q '^value=ok' "$KVP_SIM/result" ;;
	VSS) req "$VSS_SIM" hot_backup ;;
	FC) req "$FC_SIM" "copy overwrite /tmp/fc-src /tmp/ fc-dst" && cmp -s /tmp/fc-src /tmp/fc-dst ;;
	esac
}

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim ' && stack_down
stack_up
add_ic SD shutdown "$SD_CLASS"
add_ic TS timesync "$TS_CLASS"
add_ic KVP kvp "$KVP_CLASS"
add_ic VSS vss "$VSS_CLASS"
add_ic FC fcopy "$FCOPY_CLASS"
mkdir -p /var/lib/hyperv
echo "fcopy fault test" >/tmp/fc-src
start_daemon KVP hv_kvp_daemon
start_daemon VSS hv_vss_daemon
start_daemon FC hv_fcopy_daemon

# Framework-level faults, on every service.
for s in SD TS KVP VSS FC; do
	eval "sim=\$${s}_SIM"
	log_mark
	for f in short msgsize unknown_type; do
		echo "$f" >"$sim/fault" || fail "$s: fault $f not sent"
	done
	expect_log "dropping malformed message"
	expect_log "unexpected message type 42"
	# Larger than any service takes (two pages at most): dropped, and
	# the channel stays up (the bus used to break it).
	echo "oversized 8200" >"$sim/fault" || fail "$s: oversized message not sent"
	expect_log "dropping a message of 8200 bytes, larger than"
	# A message of exactly the maximum (one page for shutdown, two for
	# VSS) is still read, and refused: it is a heartbeat.
	case $s in
	SD) max="4096 shutdown" ;;
	VSS) max="8192 vss" ;;
	*) max= ;;
	esac
	if [ -n "$max" ]; then
		echo "oversized ${max% *}" >"$sim/fault" || fail "$s: message of ${max% *} bytes not sent"
		expect_log "${max#* }: unexpected message type 1\$"
	fi
	echo bad_version >"$sim/fault" 2>/dev/null && fail "$s: negotiated version 9.0"
	expect_log "host offers no version we support"
	wait_for 10 works "$s" || fail "$s does not work after the faults"
done

# Service faults.
log_mark
req "$SD_SIM" "flags 8" 2>/dev/null && fail "shutdown flags 8 accepted"
for f in short "flags 0x80" zero; do
	req "$TS_SIM" "$f" 2>/dev/null && fail "timesync $f accepted"
done
for f in bad_op bad_pool oversize_key odd_key huge_value truncated bad_utf16; do
	req "$KVP_SIM" "$f" 2>/dev/null && fail "kvp $f accepted"
done
for f in bad_op short; do
	req "$VSS_SIM" "$f" 2>/dev/null && fail "vss $f accepted"
done
for f in bad_op bad_size short_start empty_name; do
	req "$FC_SIM" "$f" 2>/dev/null && fail "fcopy $f accepted"
done
expect_log "kvp: malformed request"
expect_log "kvp: request with bad strings"
for s in SD TS KVP VSS FC; do
	works "$s" || fail "$s does not work after its faults"
done

# Log lines are rate-limited (10 per 5 s per call site): after a quiet
# interval, 60 malformed messages give far fewer lines.
sleep 6
log_mark
i=0
while [ $i -lt 60 ]; do
	echo short >"$KVP_SIM/fault"
	i=$((i + 1))
done
sleep 1
n=$(log_since_mark | grep -c 'dropping malformed message')
echo "60 malformed messages, $n log lines"
[ "$n" -ge 1 ] && [ "$n" -lt 30 ] || fail "$n log lines for 60 messages"

# Rescind and re-offer, the daemon-backed services while a request waits.
gone() {
	[ "$(sim_state "$1")" = released ]
}

for s in SD TS KVP VSS FC; do
	eval "relid=\$${s}_RELID sim=\$${s}_SIM pid=\${${s}_PID:-}"
	rm -f /tmp/inflight-rc
	if [ -n "$pid" ]; then
		kill -STOP "$pid"
		case $s in
		KVP) cmd="get 0 Fault" ;;
		VSS) cmd=freeze ;;
		FC) cmd="copy overwrite /tmp/fc-src /tmp/ fc-dst2" ;;
		esac
		(req "$sim" "$cmd" 2>/dev/null; echo "rc=$?" >/tmp/inflight-rc) &
		sleep 1
	fi
	inst=$(awk -v r="$relid" '$1 == r && NF == 4 { print $3 }' "$SIM/devices")
	echo "rescind $relid" >"$SIM/ctl" || fail "$s: rescind"
	wait_for 20 gone "$relid" || fail "$s: not released: $(sim_state "$relid")"
	if [ -n "$pid" ]; then
		wait_for 10 grep -q 'rc=1' /tmp/inflight-rc || fail "$s: the request in flight did not fail"
		kill -KILL "$pid"
	fi
	# The re-offer takes the lowest free relid, maybe another one.
	echo "reoffer $inst" >"$SIM/ctl" || fail "$s: reoffer"
	relid=$(sim_relid "$inst")
	eval "${s}_RELID=$relid"
	wait_for 20 ic_negotiated "$relid" || fail "$s: not negotiated again"
	case $s in
	KVP) start_daemon KVP hv_kvp_daemon ;;
	VSS) start_daemon VSS hv_vss_daemon ;;
	FC) start_daemon FC hv_fcopy_daemon ;;
	esac
	works "$s" || fail "$s does not work after a re-offer"
	echo "$s: rescinded with a request in flight, offered again, works"
done
for p in "$KVP_PID" "$VSS_PID" "$FC_PID"; do
	kill "$p"
done
grep -E "^($SD_RELID|$TS_RELID|$KVP_RELID|$VSS_RELID|$FC_RELID) " "$SIM/stats"
# The host unloads with every IC device still offered and open.
stack_down
