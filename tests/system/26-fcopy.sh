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

fcopy() {
	ic_request "$@"
}

same_file() {
	[ "$(sha256sum <"$1")" = "$(sha256sum <"$2")" ]
}

daemon_service fcopy "$FCOPY_CLASS" 'framework=3.0 service=1.1' hv_fcopy_daemon

mkdir -p /tmp/host
dd if=/dev/urandom of=/tmp/host/big.bin bs=1024 count=5120 2>/dev/null || fail "dd"
echo "small file" >/tmp/host/small.txt

log_mark
fcopy copy - /tmp/host/small.txt /tmp small.txt 2>/dev/null && fail "a copy without a daemon succeeded"
expect_log "fcopy: no daemon"

daemon_start
t0=$(date +%s)
# The daemon creates the directories that end with a slash.
fcopy copy create_path /tmp/host/big.bin /tmp/guest/new/dir/ big.bin ||
	fail "copy of 5 MiB: $(cat "$IC_SIM/result")"
echo "5 MiB copied in $(($(date +%s) - t0)) s"
[ "$(ic_result bytes)" = 5242880 ] || fail "bytes sent: $(ic_result bytes)"
same_file /tmp/host/big.bin /tmp/guest/new/dir/big.bin || fail "checksums differ"

fcopy copy - /tmp/host/small.txt /tmp/guest "Grüße € ☃.txt" || fail "non-ASCII name"
same_file /tmp/host/small.txt "/tmp/guest/Grüße € ☃.txt" || fail "non-ASCII file differs"

# Overwrite as the daemon defines it.
fcopy copy - /tmp/host/small.txt /tmp/guest/new/dir big.bin 2>/dev/null &&
	fail "an existing file was overwritten without the flag"
[ "$(ic_result step)" = start ] && [ "$(ic_result status)" = 0x80070050 ] ||
	fail "refusal: $(cat "$IC_SIM/result")"
same_file /tmp/host/big.bin /tmp/guest/new/dir/big.bin || fail "the refused copy changed the file"
fcopy copy overwrite /tmp/host/small.txt /tmp/guest/new/dir big.bin || fail "overwrite"
same_file /tmp/host/small.txt /tmp/guest/new/dir/big.bin || fail "not overwritten"

# Cancel after three pieces: no file left.
fcopy cancel 3 - /tmp/host/big.bin /tmp/guest cancelled.bin || fail "cancel: $(cat "$IC_SIM/result")"
[ "$(ic_result step)" = cancel ] || fail "cancel: $(cat "$IC_SIM/result")"
[ -e /tmp/guest/cancelled.bin ] && fail "a cancelled copy left its file"

# Malformed requests.
log_mark
for f in bad_op bad_size short_start empty_name; do
	fcopy "$f" 2>/dev/null && fail "$f accepted"
done
expect_log "fcopy: malformed request"
expect_log "fcopy: bad file name"

# A stopped daemon times out; a killed one fails its request at once.
daemon_stopped_times_out copy - /tmp/host/small.txt /tmp/guest late.txt
daemon_dies_midway copy - /tmp/host/small.txt /tmp/guest late2.txt
fcopy copy overwrite /tmp/host/big.bin /tmp/guest again.bin || fail "the restarted daemon"
same_file /tmp/host/big.bin /tmp/guest/again.bin || fail "checksums differ after a restart"
kill "$DPID"
cat "$HU"
grep "^$IC_RELID " "$SIM/stats"
