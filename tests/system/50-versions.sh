#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Version negotiation falls back, highest first, to what the host offers;
# before 5.0 the old connection id is used, and everything still works. The guest's own cap (hv_vmbus
# max_version) is honoured.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' && stack_down
for v in 5.0 4.1 4.0 3.0; do
	log_mark
	stack_up max_version="$v"
	expect_log "protocol $v"
	grep -q "^version: $v" "$SIM/status" || fail "host not at $v"
	hb_advancing "$(cat "$(hb_dev)/id")"
	stack_down
done

log_mark
modprobe hv_vmbus max_version=4.1 || fail "hv_vmbus max_version"
stack_up
expect_log "protocol 4.1"
stack_down

# Linux's form: the version number, (major << 16) | minor; shown so.
P=/sys/module/hv_vmbus/parameters/max_version
log_mark
modprobe hv_vmbus max_version=0x50002 || fail "hv_vmbus max_version=0x50002"
[ "$(cat $P)" = 327682 ] || fail "max_version reads $(cat $P), not 327682"
echo 4.x >$P 2>/dev/null && fail "max_version 4.x accepted"
stack_up
expect_log "protocol 5.2"
stack_down
