#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc multiqueue against netvsp: subchannels and vRSS by default
# (one channel per CPU), frames from many flows spread over the receive
# queues by the host's Toeplitz hash and over the transmit queues by the
# host's send table; ethtool -l/-L, -x/-X, -n/-N, -g/-G and msglvl report and change
# what they should; an MTU change reaches the host.
# hvtest-tools: ip ping ethtool

. /tests/system/hvtest-lib
. /tests/system/netmq-lib

lsmod | grep -q '^vmbussim ' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
far_addrs_add
ncpu=$(grep -c ^processor /proc/cpuinfo)

# --- default: one channel per CPU, at most the host's 8 ---
step "default: one channel per CPU, at most the host's 8"
want=$ncpu; [ "$want" -gt 8 ] && want=8
# The subchannels granted at probe are put to use by a work item.
wait_for 10 channels_are "$want" ||
	fail "channels $(channels), want $want"
ethtool -l "$NIC" | grep -A4 'Pre-set' | grep -q 'Combined:.*8' || fail "max combined is not 8"
[ "$(sim_field "$RELID" rss_entries)" = 128 ] || fail "host has no indirection table"
grep -q " sub=1" "$SIM/devices" || fail "no subchannel in the host's list"

# --- flows spread over the queues both ways ---
step "flows spread over the queues both ways"
# The Toeplitz hash is linear in its input, and these 16 flows differ in
# 5 address bits only: under the key drawn at boot they reach fewer than
# 3 of 4 queues in about 6% of boots, 1 of 2 in about 3%. The flow checks
# use the published RSS verification key, under which they reach every
# queue of 2 to 7, and 6 of 8.
key=6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa
ethtool -X "$NIC" hkey "$key" || fail "-X hkey"
ethtool -x "$NIC" | grep -A1 'RSS hash key' | tail -1 | grep -q "^$key" || fail "key not read back"
QSNAP_BEFORE=$(qsnap rx)
flows_in
queues_moved rx 2 || fail "received flows stayed on one queue"
QSNAP_BEFORE=$(qsnap tx)
flows_out
queues_moved tx 2 || fail "sent flows stayed on one queue"
echo "host per-channel frames: $(sim_field "$RELID" chan_frames)"

# --- the host's send table steers transmit ---
step "the host's send table steers transmit"
# The host sent its table once every channel the guest asked for was
# open, as a Microsoft host does: bucket i on channel i modulo the
# channels.
n=$(channels)
[ "$(send_table)" = "$(send_table_mod "$n")" ] ||
	fail "send table '$(send_table)', want '$(send_table_mod "$n")'"
if [ "$n" -ge 2 ]; then
	echo send_table_to1 >"$SIM/netvsp_fault" || fail "send_table_to1"
	[ "$(send_table)" = "$(seq 0 15 | sed 's/.*/1/' | xargs)" ] ||
		fail "send table '$(send_table)' after send_table_to1"
	QSNAP_BEFORE=$(qsnap tx)
	flows_out
	[ "$(queues_which tx)" = 1 ] ||
		fail "table to channel 1: frames sent on queues '$(queues_which tx)'"
	echo send_table_spread >"$SIM/netvsp_fault" || fail "send_table_spread"
	[ "$(send_table)" = "$(send_table_mod "$n")" ] || fail "send table not spread again"
	QSNAP_BEFORE=$(qsnap tx)
	flows_out
	queues_moved tx 2 || fail "spread send table: sent flows on one queue"
fi

# --- ethtool -L ---
step "ethtool -L"
ethtool -L "$NIC" combined 4 || fail "-L 4"
[ "$(channels)" = 4 ] || fail "channels $(channels) after -L 4"
[ "$(ls -d /sys/class/net/"$NIC"/queues/tx-* | wc -l)" = 4 ] || fail "not 4 tx queues"
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after -L 4"
QSNAP_BEFORE=$(qsnap rx)
flows_in
queues_moved rx 3 || fail "4 channels: received flows on fewer than 3 queues"
ethtool -L "$NIC" combined 9 2>/dev/null && fail "-L 9 accepted (host max 8)"
ethtool -L "$NIC" combined 1 || fail "-L 1"
[ "$(channels)" = 1 ] || fail "channels $(channels) after -L 1"
# The guest closed every subchannel: the host has none open.
no_sc_open() {
	! awk '$NF ~ /^sub=/ && $4 == "open"' "$SIM/devices" | grep -q .
}
wait_for 10 no_sc_open || fail "host still has subchannels open: $(grep ' sub=' "$SIM/devices")"
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after -L 1"
ethtool -L "$NIC" combined 2 || fail "-L 2"
[ "$(channels)" = 2 ] || fail "channels $(channels) after -L 2"

# --- ethtool -x/-X: everything to queue 0, then back ---
step "ethtool -x/-X: everything to queue 0, then back"
ethtool -x "$NIC" | grep -q 'RX flow hash indirection table for .* with 2 RX ring' ||
	fail "-x does not show 2 rings: $(ethtool -x "$NIC" | head -3)"
ethtool -X "$NIC" equal 1 || fail "-X equal 1"
ethtool -x "$NIC" | awk '/^ *[0-9]+:/ { for (i = 2; i <= NF; i++) if ($i != 0) bad = 1 } END { exit bad }' ||
	fail "table not all 0 after -X equal 1"
QSNAP_BEFORE=$(qsnap rx)
flows_in
queues_moved rx 2 && fail "-X equal 1: flows still reach queue 1"
ethtool -X "$NIC" default || fail "-X default"
# The host follows the key: under a key of zeros every flow hashes to 0,
# which the table sends to queue 0.
zero=$(echo "$key" | sed 's/[0-9a-f][0-9a-f]/00/g')
ethtool -X "$NIC" hkey "$zero" || fail "-X hkey zeros"
QSNAP_BEFORE=$(qsnap rx)
flows_in
queues_moved rx 2 && fail "key of zeros: flows still reach queue 1"
ethtool -X "$NIC" hkey "$key" || fail "-X hkey back"
QSNAP_BEFORE=$(qsnap rx)
flows_in
queues_moved rx 2 || fail "key back: received flows on one queue"
# A table set with -X that names queue 1 holds the channel count (the
# ethtool core refuses -L below it) until -X default releases it.
ethtool -X "$NIC" weight 1 1 || fail "-X weight 1 1"
ethtool -L "$NIC" combined 1 2>/dev/null && fail "-L 1 accepted below the table set by -X"
[ "$(channels)" = 2 ] || fail "channels $(channels) after a refused -L"
ethtool -X "$NIC" default || fail "-X default after weight"
ethtool -L "$NIC" combined 1 || fail "-L 1 after -X default"
ethtool -L "$NIC" combined 2 || fail "-L 2 again"

# --- hash fields ---
step "hash fields"
ethtool -n "$NIC" rx-flow-hash tcp4 | grep -q 'L4 bytes 0 & 1' || fail "tcp4 hashes no ports"
ethtool -n "$NIC" rx-flow-hash udp4 | grep -q 'L4 bytes' && fail "udp4 claims ports"
ethtool -N "$NIC" rx-flow-hash tcp4 sd || fail "-N tcp4 sd"
ethtool -n "$NIC" rx-flow-hash tcp4 | grep -q 'L4 bytes' && fail "tcp4 still hashes ports"
# ethtool exits 0 even when the driver refuses: check the message and state.
ethtool -N "$NIC" rx-flow-hash udp4 sdfn 2>&1 | grep -q 'Cannot change' ||
	fail "udp4 sdfn not refused"
ethtool -n "$NIC" rx-flow-hash udp4 | grep -q 'L4 bytes' && fail "udp4 sdfn took effect"
ethtool -N "$NIC" rx-flow-hash tcp4 sdfn || fail "-N tcp4 sdfn"
ethtool -n "$NIC" rx-flow-hash tcp6 | grep -q 'L4 bytes 2 & 3' || fail "tcp6 hashes no ports"

# --- rings: -G resizes both buffers (the host's adapter re-initialised) ---
step "rings: -G resizes both buffers (the host's adapter re-initialised)"
# ring_now RX|TX: the current value ethtool -g reports.
ring_now() {
	ethtool -g "$NIC" | awk -v k="$1:" '/Current hardware settings/ { c = 1 }
		c && $1 == k { print $2; exit }'
}
ethtool -g "$NIC"
rx0=$(ring_now RX) tx0=$(ring_now TX)
[ "$tx0" = "$(sim_field "$RELID" tx_sections)" ] || fail "-g TX $tx0, host has $(sim_field "$RELID" tx_sections) sections"
# 500 frames of 1514 bytes: 757760 bytes, 419 host slots of 1806 (256
# bytes of header room, the 1514-byte MTU of the NDIS configuration, a
# 36-byte tail, as a Microsoft host cuts them); 64 sections of 6144 bytes.
ethtool -G "$NIC" rx 500 tx 64 || fail "-G rx 500 tx 64"
[ "$(ring_now RX)" = 500 ] && [ "$(ring_now TX)" = 64 ] ||
	fail "-g after -G: RX $(ring_now RX) TX $(ring_now TX)"
[ "$(sim_field "$RELID" slot_size)" = 1806 ] || fail "host slots of $(sim_field "$RELID" slot_size) bytes"
[ "$(sim_field "$RELID" rx_slots)" = 419 ] && [ "$(sim_field "$RELID" tx_sections)" = 64 ] ||
	fail "host uses $(sim_field "$RELID" rx_slots) slots, $(sim_field "$RELID" tx_sections) sections"
[ "$(channels)" = 2 ] || fail "channels $(channels) after -G"
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after -G"
QSNAP_BEFORE=$(qsnap rx)
flows_in
queues_moved rx 2 || fail "after -G: received flows on one queue"
ethtool -G "$NIC" rx 100 2>/dev/null && fail "-G rx 100 (below 256 KiB) accepted"
ethtool -G "$NIC" tx 5 2>/dev/null && fail "-G tx 5 (below 64 KiB) accepted"
[ "$(ring_now RX)" = 500 ] || fail "a refused -G changed RX to $(ring_now RX)"
ethtool -G "$NIC" rx "$rx0" tx "$tx0" || fail "-G back to rx $rx0 tx $tx0"
[ "$(ring_now RX)" = "$rx0" ] && [ "$(ring_now TX)" = "$tx0" ] ||
	fail "-g after -G back: RX $(ring_now RX) TX $(ring_now TX)"
wait_for 10 ping -c 1 -W 1 10.9.0.2 || fail "no traffic after -G back"

# --- msglevel ---
step "msglevel"
ethtool -s "$NIC" msglvl 0x7 || fail "msglvl"
ethtool "$NIC" | grep -q 'Current message level: 0x00000007' || fail "msglvl not read back"

# --- MTU: the host follows ---
step "MTU: the host follows"
[ "$(sim_field "$RELID" mtu)" = 1500 ] || fail "host MTU $(sim_field "$RELID" mtu), want 1500"
ip -n far link set "$VSIM" mtu 9000
ip link set "$NIC" mtu 4000 || fail "mtu 4000"
[ "$(sim_field "$RELID" mtu)" = 4000 ] || fail "host MTU $(sim_field "$RELID" mtu) after change"
[ "$(channels)" = 2 ] || fail "channels $(channels) after an MTU change"
drops=$(sim_field "$RELID" mtu_drops)
ip netns exec far ping -q -c 2 -W 1 -s 6000 10.9.0.1 >/dev/null && fail "6000-byte ping past MTU 4000"
[ "$(sim_field "$RELID" mtu_drops)" -gt "$drops" ] || fail "host did not hold frames to the MTU"
ip link set "$NIC" mtu 9000 || fail "mtu 9000"
ip netns exec far ping -q -c 2 -W 2 -s 6000 10.9.0.1 || fail "6000-byte ping at MTU 9000"
ip link set "$NIC" mtu 1500 || fail "mtu 1500"

[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
ethtool -S "$NIC" | grep -E 'queue_[0-3]_packets'
nic_remove
