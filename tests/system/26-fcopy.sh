#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# File copy (Guest Services) with Debian's hv_fcopy_daemon, unmodified:
# the host copies a 5 MiB file into a directory the daemon creates, and a
# file with a non-ASCII name; the checksums match. An existing file is
# refused without the overwrite flag and replaced with it; a cancelled
# copy leaves no file. Malformed requests are refused; a stopped daemon
# times out; a killed daemon fails its request; a second daemon cannot
# open the device; a restarted one copies again.
# hvtest-tools: hv_fcopy_daemon

. /tests/system/hvtest-lib

TIMEOUT_PARAM=/sys/module/hv_utils/parameters/daemon_timeout_ms

fcopy() {
	echo "$*" >"$IC_SIM/request"
}

result() {
	sed -n "s/^$1=//p" "$IC_SIM/result"
}

daemon_registered() {
	grep -q 'daemon: registered' "$HU"
}

start_daemon() {
	hv_fcopy_daemon -n &
	DPID=$!
	wait_for 10 daemon_registered || fail "the daemon did not register"
}

same_file() {
	[ "$(sha256sum <"$1")" = "$(sha256sum <"$2")" ]
}

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim' && stack_down
stack_up
ic_add fcopy "$FCOPY_CLASS"
grep "^$IC_RELID " "$SIM/stats" | grep -q 'framework=3.0 service=1.1' ||
	fail "versions: $(grep "^$IC_RELID " "$SIM/stats")"
HU=/sys/kernel/debug/hv_utils/$(basename "$IC_DEV")/fcopy
[ -c /dev/vmbus/hv_fcopy ] || fail "no /dev/vmbus/hv_fcopy"

mkdir -p /tmp/host
dd if=/dev/urandom of=/tmp/host/big.bin bs=1024 count=5120 2>/dev/null || fail "dd"
echo "small file" >/tmp/host/small.txt

log_mark
fcopy copy - /tmp/host/small.txt /tmp small.txt 2>/dev/null && fail "a copy without a daemon succeeded"
expect_log "fcopy: no daemon"

start_daemon
t0=$(date +%s)
# The daemon creates the directories that end with a slash.
fcopy copy create_path /tmp/host/big.bin /tmp/guest/new/dir/ big.bin ||
	fail "copy of 5 MiB: $(cat "$IC_SIM/result")"
echo "5 MiB copied in $(($(date +%s) - t0)) s"
[ "$(result bytes)" = 5242880 ] || fail "bytes sent: $(result bytes)"
same_file /tmp/host/big.bin /tmp/guest/new/dir/big.bin || fail "checksums differ"

fcopy copy - /tmp/host/small.txt /tmp/guest "Grüße € ☃.txt" || fail "non-ASCII name"
same_file /tmp/host/small.txt "/tmp/guest/Grüße € ☃.txt" || fail "non-ASCII file differs"

# Overwrite as the daemon defines it.
fcopy copy - /tmp/host/small.txt /tmp/guest/new/dir big.bin 2>/dev/null &&
	fail "an existing file was overwritten without the flag"
[ "$(result step)" = start ] && [ "$(result status)" = 0x80070050 ] ||
	fail "refusal: $(cat "$IC_SIM/result")"
same_file /tmp/host/big.bin /tmp/guest/new/dir/big.bin || fail "the refused copy changed the file"
fcopy copy overwrite /tmp/host/small.txt /tmp/guest/new/dir big.bin || fail "overwrite"
same_file /tmp/host/small.txt /tmp/guest/new/dir/big.bin || fail "not overwritten"

# Cancel after three pieces: no file left.
fcopy cancel 3 - /tmp/host/big.bin /tmp/guest cancelled.bin || fail "cancel: $(cat "$IC_SIM/result")"
[ "$(result step)" = cancel ] || fail "cancel: $(cat "$IC_SIM/result")"
[ -e /tmp/guest/cancelled.bin ] && fail "a cancelled copy left its file"

# Malformed requests.
log_mark
for f in bad_op bad_size short_start empty_name; do
	fcopy "$f" 2>/dev/null && fail "$f accepted"
done
expect_log "fcopy: malformed request"
expect_log "fcopy: bad file name"

# A stopped daemon times out; a killed one fails its request at once.
echo 2000 >"$TIMEOUT_PARAM"
kill -STOP "$DPID"
log_mark
fcopy copy - /tmp/host/small.txt /tmp/guest late.txt 2>/dev/null && fail "a stopped daemon copied"
expect_log "fcopy: the daemon did not answer in 2000 ms"
echo 30000 >"$TIMEOUT_PARAM"
log_mark
(fcopy copy - /tmp/host/small.txt /tmp/guest late2.txt 2>/dev/null; echo "rc=$?" >/tmp/fc-rc) &
sleep 1
kill -KILL "$DPID"
wait_for 5 grep -q 'rc=1' /tmp/fc-rc || fail "the request did not fail when the daemon died"
expect_log "fcopy: the daemon went away"
start_daemon
timeout 10 hv_fcopy_daemon -n && fail "a second daemon ran"
fcopy copy overwrite /tmp/host/big.bin /tmp/guest again.bin || fail "the restarted daemon"
same_file /tmp/host/big.bin /tmp/guest/again.bin || fail "checksums differ after a restart"
kill "$DPID"
cat "$HU"
grep "^$IC_RELID " "$SIM/stats"
