#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The host rescinds the heartbeat channel: the device goes away, the guest
# closes the channel (which the host serves until then) and sends
# RELID_RELEASED; the host offers it again and it comes back, bound
# and answering. Repeated, and once while the driver is being probed.

. /tests/system/hvtest-lib

gone() {
	[ ! -e "$BUS/$1" ]
}

released() {
	case $(sim_state "$1") in
	released|RELEASED) return 0 ;;
	esac
	return 1
}

lsmod | grep -q '^vmbussim ' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
hb_rescind_rounds 5

# Rescind right after the offer, while hv_utils probes and opens.
d=$(hb_dev)
relid=$(cat "$d/id")
echo "rescind $relid" >"$SIM/ctl"
wait_for 10 released "$relid" || fail "no RELID_RELEASED"
echo "reoffer $relid" >"$SIM/ctl"
echo "rescind $relid" >"$SIM/ctl" 2>/dev/null
sleep 2
echo "reoffer $relid" >"$SIM/ctl" 2>/dev/null
wait_for 20 hb_bound || fail "heartbeat did not come back after a racing rescind"
hb_advancing "$(cat "$(hb_dev)/id")"

# Relids come from a pool, lowest free first, as on a Microsoft host: once
# the guest released the heartbeat's relid a new device takes it, and the
# heartbeat, offered again, comes back under another relid. A guest that
# kept anything of the old channel under its relid would mix the two up.
d=$(hb_dev)
hb_inst=$(basename "$d")
relid=$(cat "$d/id")
echo "rescind $relid" >"$SIM/ctl" || fail "rescind $relid"
wait_for 10 gone "$hb_inst" || fail "heartbeat $hb_inst still present"
wait_for 10 released "$relid" || fail "no RELID_RELEASED of $relid"
echo "add echo" >"$SIM/ctl" || fail "add echo"
wait_for 20 echo_bound || fail "vmbussim_echo not bound"
e=$(dev_of_class "$ECHO_CLASS")
edev=$(basename "$e")
[ "$(cat "$e/id")" = "$relid" ] ||
	fail "the new device got relid $(cat "$e/id"), not the free $relid"
echo "reoffer $hb_inst" >"$SIM/ctl" || fail "reoffer $hb_inst"
wait_for 20 hb_bound || fail "heartbeat did not come back under a new relid"
new=$(cat "$(hb_dev)/id")
echo "heartbeat: relid $relid, then $new; echo device: relid $relid"
[ "$new" != "$relid" ] || fail "the heartbeat got back relid $relid, which echo holds"
[ "$(sim_relid "$hb_inst")" = "$new" ] || fail "the guest's relid $new is not the host's"
hb_advancing "$new"
echo 500 >"$ECHO/$edev/ping" || fail "ping on the reused relid $relid"
[ "$(echo_stat "$edev" ok)" = 500 ] || fail "echoes on the reused relid $relid"
echo "remove $edev" >"$SIM/ctl" || fail "remove $edev"
wait_for 10 gone "$edev" || fail "echo device not removed"
