#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Backup (VSS) with Debian's hv_vss_daemon, unmodified: the host's FREEZE
# makes the daemon freeze a mounted ext4 file system on a RAM disk (a
# write to it blocks), THAW releases it; HOT_BACKUP is answered with "no
# auto-recovery"; GET_DM_INFO by the driver itself; unknown operations are
# refused. With the daemon stopped the host gets a failure within the
# timeout and the file system is untouched; a killed daemon fails its
# request at once; a restarted one serves again.
# hvtest-tools: hv_vss_daemon mkfs.ext4
# hvtest-kmods: brd ext4

. /tests/system/hvtest-lib

TIMEOUT_PARAM=/sys/module/hv_utils/parameters/daemon_timeout_ms

vss() {
	echo "$1" >"$IC_SIM/request"
}

daemon_registered() {
	grep -q 'daemon: registered' "$HU"
}

start_daemon() {
	hv_vss_daemon -n &
	DPID=$!
	wait_for 10 daemon_registered || fail "the daemon did not register"
}

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim' && stack_down
stack_up
ic_add vss "$VSS_CLASS"
grep "^$IC_RELID " "$SIM/stats" | grep -q 'framework=3.0 service=5.0' ||
	fail "versions: $(grep "^$IC_RELID " "$SIM/stats")"
HU=/sys/kernel/debug/hv_utils/$(basename "$IC_DEV")/vss
[ -c /dev/vmbus/hv_vss ] || fail "no /dev/vmbus/hv_vss"

modprobe brd rd_nr=1 rd_size=16384 2>/dev/null
[ -b /dev/ram0 ] || fail "no /dev/ram0"
mkfs.ext4 -q /dev/ram0 || fail "mkfs"
mkdir -p /mnt/vss && mount -t ext4 /dev/ram0 /mnt/vss || fail "mount"

log_mark
vss freeze 2>/dev/null && fail "a freeze without a daemon succeeded"
expect_log "vss: no daemon"
vss dm_info || fail "GET_DM_INFO"
vss bad_op 2>/dev/null && fail "an unknown operation succeeded"
vss short 2>/dev/null && fail "a short request succeeded"

start_daemon
vss hot_backup || fail "HOT_BACKUP: $(cat "$IC_SIM/result")"
grep -q 'flags=0x5' "$IC_SIM/result" || fail "HOT_BACKUP flags: $(cat "$IC_SIM/result")"

# FREEZE blocks writers until THAW.
vss freeze || fail "FREEZE: $(cat "$IC_SIM/result")"
rm -f /tmp/written
(echo data >/mnt/vss/file && sync -f /mnt/vss/file; touch /tmp/written) &
sleep 3
[ -e /tmp/written ] && fail "a write went through a frozen file system"
vss thaw || fail "THAW: $(cat "$IC_SIM/result")"
wait_for 10 test -e /tmp/written || fail "the write stayed blocked after THAW"
[ "$(cat /mnt/vss/file)" = data ] || fail "the file lost its data"
echo "freeze held a write back; thaw released it"

# A stopped daemon: the request fails within the guest's timeout.
echo 2000 >"$TIMEOUT_PARAM"
kill -STOP "$DPID"
log_mark
t0=$(date +%s)
vss freeze 2>/dev/null && fail "a stopped daemon froze"
t=$(($(date +%s) - t0))
[ $t -le 6 ] || fail "the timeout took $t s"
expect_log "vss: the daemon did not answer in 2000 ms"
echo more >/mnt/vss/file2 && sync || fail "the file system is not writable"

# Killed mid-request, then restarted.
echo 30000 >"$TIMEOUT_PARAM"
log_mark
(vss hot_backup 2>/dev/null; echo "rc=$?" >/tmp/vss-rc) &
sleep 1
kill -KILL "$DPID"
wait_for 5 grep -q 'rc=1' /tmp/vss-rc || fail "the request did not fail when the daemon died"
expect_log "vss: the daemon went away"
start_daemon
timeout 10 hv_vss_daemon -n && fail "a second daemon ran"
vss freeze && vss thaw || fail "the restarted daemon: $(cat "$IC_SIM/result")"
kill "$DPID"
umount /mnt/vss || fail "umount"
cat "$HU"
grep "^$IC_RELID " "$SIM/stats"
