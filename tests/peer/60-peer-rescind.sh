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
hb_rescind_rounds 5
peer_shim_clean
peer_down
