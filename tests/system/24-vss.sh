#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Backup (VSS) with Debian's hv_vss_daemon, unmodified: the host's FREEZE
# makes the daemon freeze a mounted ext4 file system on a RAM disk (a
# write to it blocks), THAW releases it, also after a FREEZE as large as
# Hyper-V sends (6260 bytes, with its disk list); HOT_BACKUP is answered
# with "no auto-recovery"; GET_DM_INFO by the driver itself; unknown
# operations are refused. With the daemon stopped the host gets a failure within the
# timeout and the file system is untouched; a killed daemon fails its
# request at once; a restarted one serves again.
# hvtest-tools: hv_vss_daemon mkfs.ext4
# hvtest-kmods: brd ext4

. /tests/system/hvtest-lib

vss() {
	ic_request "$@"
}

daemon_service vss "$VSS_CLASS" 'framework=3.0 service=5.0' hv_vss_daemon

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

daemon_start
vss hot_backup || fail "HOT_BACKUP: $(cat "$IC_SIM/result")"
grep -q 'flags=0x5' "$IC_SIM/result" || fail "HOT_BACKUP flags: $(cat "$IC_SIM/result")"

# frozen_then_thawed FILE: a write to FILE (on the frozen file system)
# stays blocked until THAW lets it through with its data.
frozen_then_thawed() {
	rm -f /tmp/written
	(echo data >"$1" && sync -f "$1"; touch /tmp/written) &
	sleep 3
	[ -e /tmp/written ] && fail "a write to $1 went through a frozen file system"
	vss thaw || fail "THAW: $(cat "$IC_SIM/result")"
	wait_for 10 test -e /tmp/written || fail "the write to $1 stayed blocked after THAW"
	[ "$(cat "$1")" = data ] || fail "$1 lost its data"
}

# FREEZE blocks writers until THAW.
vss freeze || fail "FREEZE: $(cat "$IC_SIM/result")"
frozen_then_thawed /mnt/vss/file
echo "freeze held a write back; thaw released it"

# Hyper-V's FREEZE lists the VM's disks after the operation: up to 6260
# bytes in all, more than a page. The guest takes it whole, the daemon
# freezes, and the answer is as long as the request.
vss freeze_max || fail "the largest FREEZE: $(cat "$IC_SIM/result")"
[ "$(ic_result len)" -ge 6232 ] || fail "answer to the largest FREEZE: $(cat "$IC_SIM/result")"
frozen_then_thawed /mnt/vss/file3
echo "a FREEZE of 6260 bytes froze; thaw released the write"

# A stopped daemon: the request fails within the guest's timeout.
daemon_stopped_times_out freeze
echo more >/mnt/vss/file2 && sync || fail "the file system is not writable"

# Killed mid-request, then restarted.
daemon_dies_midway hot_backup
vss freeze && vss thaw || fail "the restarted daemon: $(cat "$IC_SIM/result")"
kill "$DPID"
umount /mnt/vss || fail "umount"
cat "$HU"
grep "^$IC_RELID " "$SIM/stats"
