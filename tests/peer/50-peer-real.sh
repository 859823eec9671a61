#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Our own stack through its real-Hyper-V provider (vmbus_hyperv.c: the
# hypercall page, hv_get_msr/hv_set_msr read-modify-write, the kernel's
# VMBus interrupt hook), with hvshim as the platform: the code that talks
# to Hyper-V runs. The bus connects, hv_utils answers the heartbeat,
# hv_storvsc writes and reads back a disk, hv_netvsc pings.
#
# hvtest-tools: ip ping
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib
. /tests/peer/peer-lib

REAL=$PEER/real
# Our hv_vmbus, which leaks nothing: no leak is cleared at its unload.
PEER_REAL=1

: >/run/hvtest-noautoload
log_mark
peer_insmod hvshim
sim_insmod
insmod "$REAL/hv_vmbus.ko" || fail "insmod our hv_vmbus over hvshim"
expect_log "hv_vmbus: connected to the hyperv host, protocol 5.3"
insmod "$REAL/hv_utils.ko" || fail "insmod hv_utils"
wait_for 20 hb_bound || fail "hv_utils did not bind to heartbeat"
hb_advancing "$(cat "$(hb_dev)/id")"

step storvsc
insmod "$REAL/hv_storvsc.ko" || fail "insmod hv_storvsc"
inst=$(stor_add) || fail "$inst"
d0=$(stor_wait_disk "$inst" 0:0) || fail "$d0"
dd if=/dev/urandom of=/tmp/pat bs=64k count=64 2>/dev/null
dd if=/tmp/pat of="/dev/$d0" bs=64k oflag=direct 2>/dev/null || fail "write"
dd if="/dev/$d0" of=/tmp/back bs=64k count=64 iflag=direct 2>/dev/null || fail "read"
cmp -s /tmp/pat /tmp/back || fail "the disk returned other data"
echo "remove $(stor_relid "$inst")" >"$SIM/ctl"

step netvsc
insmod "$REAL/hv_netvsc.ko" || fail "insmod hv_netvsc"
nic_up
ping -q -c 3 -i 0.05 -W 2 10.9.0.2 || fail "ping"
nic_remove

peer_shim_clean
peer_down
