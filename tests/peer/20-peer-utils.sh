#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux's own hv_utils on vmbussim's integration services: heartbeat,
# timesync (its PTP clock "hyperv"), KVP through Debian's hv_kvp_daemon
# (a key set by the host lands in the daemon's pool and enumerates back) and
# VSS through hv_vss_daemon (a file system frozen and thawed). Linux's
# hv_utils negotiates KVP only once its daemon runs.
#
# hvtest-tools: hv_kvp_daemon hv_vss_daemon ip bash mkfs.ext4
# hvtest-tools: /usr/libexec/hypervkvpd/hv_get_dhcp_info /usr/libexec/hypervkvpd/hv_get_dns_info
# hvtest-kmods: brd ext4

. /tests/system/hvtest-lib
. /tests/peer/peer-lib

peer_up
peer_utils
hb_advancing "$(cat "$(hb_dev)/id")"

step timesync
ic_add timesync "$TS_CLASS"
grep -l hyperv /sys/class/ptp/ptp*/clock_name >/dev/null 2>&1 ||
	fail "no PTP clock 'hyperv'"

step KVP
peer_ic_daemon kvp "$KVP_CLASS" hv_kvp_daemon
kvp_pid=$DPID
wait_for 20 sh -c "echo 'set 0 PeerKey from-the-host' >$IC_SIM/request" ||
	fail "KVP set: $(cat "$IC_SIM/result")"
wait_for 5 grep -q PeerKey /var/lib/hyperv/.kvp_pool_0 || fail "PeerKey not in .kvp_pool_0"
# The host reads a pool back by enumerating it (Hyper-V sends no GET).
ic_request enum 0 0 || fail "KVP enumerate: $(cat "$IC_SIM/result")"
[ "$(ic_result key)" = PeerKey ] && [ "$(ic_result value)" = from-the-host ] ||
	fail "KVP enumerate returned '$(ic_result key)'='$(ic_result value)'"

step VSS
modprobe brd rd_nr=1 rd_size=16384 2>/dev/null
mkfs.ext4 -q -F /dev/ram0 || fail "mkfs"
mkdir -p /mnt/vss && mount -t ext4 /dev/ram0 /mnt/vss || fail "mount"
peer_ic_daemon vss "$VSS_CLASS" hv_vss_daemon
vss_pid=$DPID
wait_for 20 ic_request freeze || fail "FREEZE: $(cat "$IC_SIM/result")"
ic_request thaw || fail "THAW: $(cat "$IC_SIM/result")"
touch /mnt/vss/after-thaw || fail "file system still frozen"
umount /mnt/vss

kill "$kvp_pid" "$vss_pid"
wait
peer_shim_clean
peer_down
