#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Linux's own hv_vmbus and hv_utils when the host withdraws a device and
# offers it again: the device goes, Linux's bus closes the channel (which
# the host serves until then) before it releases the relid, and the
# re-offered device binds and answers again, five times over. A relid
# released may come back for another offer.

. /tests/system/hvtest-lib
. /tests/peer/peer-lib

peer_up
peer_utils
for round in 1 2 3 4 5; do
	d=$(hb_dev) || fail "no heartbeat device"
	inst=$(basename "$d")
	relid=$(cat "$d/id")
	closes=$(sim_status rescinded_closes)
	echo "round $round: rescind relid $relid"
	echo "rescind $relid" >"$SIM/ctl" || fail "rescind $relid"
	wait_for 10 sh -c "[ ! -e $BUS/$inst ]" || fail "device $inst still present"
	wait_for 10 sh -c "[ \"\$(awk -v r=$relid '\$1 == r { print \$4 }' $SIM/devices)\" = released ]" ||
		fail "no RELID_RELEASED: $(grep "^$relid " "$SIM/devices")"
	rescind_closed "$closes" ||
		fail "channel not closed before its release: $(cat "$SIM/status")"
	echo "reoffer $inst" >"$SIM/ctl" || fail "reoffer $inst"
	wait_for 20 hb_bound || fail "heartbeat did not come back"
	hb_advancing "$(cat "$(hb_dev)/id")"
done
peer_shim_clean
peer_down
