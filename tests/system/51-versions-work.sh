#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The protocol versions below the newest, each doing real work with the
# host capped there: VMBus 5.1 and 5.2 (echo requests, a disk, a NIC, and
# a CPU rebind, which the host does not answer below 5.3); VSTOR 6.0 and
# 5.1 (I/O checked byte for byte); NVSP 5, 4, 2 and 1, the last three
# with NDIS 6.1 (traffic both ways, content checked; jumbo frames from
# NVSP 2 on, standard frames only at NVSP 1).
#
# hvtest-tools: ip ping nc sha256sum ethtool cmp
# hvtest-kmods: sd_mod

. /tests/system/hvtest-lib
. /tests/system/storvsc-lib

# disk_io INST: 4 MiB of random data written to LUN 0:0 with direct I/O
# and read back the same.
disk_io() {
	_di=$(stor_wait_disk "$1" 0:0) || fail "$_di"
	dd if=/dev/urandom of=/tmp/di.pat bs=64k count=64 2>/dev/null
	dd if=/tmp/di.pat of="/dev/$_di" bs=64k oflag=direct conv=notrunc 2>/dev/null ||
		fail "write to $_di"
	dd if="/dev/$_di" of=/tmp/di.chk bs=64k count=64 iflag=direct 2>/dev/null ||
		fail "read from $_di"
	cmp -s /tmp/di.pat /tmp/di.chk || fail "$_di read back other data"
	rm -f /tmp/di.pat /tmp/di.chk
}

# stor_round: a controller added, I/O on its disk, the controller removed.
stor_round() {
	_sr=$(stor_add) || fail "$_sr"
	disk_io "$_sr"
	_sr_relid=$(stor_relid "$_sr")
	stor_host_strict "$_sr_relid"
	sim_field "$_sr_relid" version
	echo "remove $_sr_relid" >"$SIM/ctl" || fail "remove storvsp"
	wait_for 20 sh -c "[ ! -e $(stor_dev "$_sr") ]" || fail "controller not removed"
}

# nic_round NAME: a NIC added, the guest at NVSP NAME, traffic checked.
nic_round() {
	nic_up
	ethtool -i "$NIC" | grep -q "firmware-version: NVSP $1" ||
		fail "not NVSP $1: $(ethtool -i "$NIC" | grep firmware)"
	ping -q -c 3 -i 0.05 -W 2 10.9.0.2 || fail "NVSP $1: ping"
	ping -q -c 3 -i 0.05 -W 2 -s 1472 10.9.0.2 || fail "NVSP $1: ping 1472"
	tcp_both "$(scaled 2 1)"
	# Jumbo frames from NVSP 2 on: NVSP 1 has no NDIS configuration to
	# tell the host the MTU.
	if [ "$1" = 0.2 ]; then
		ip link set "$NIC" mtu 1501 2>/dev/null && fail "NVSP 1: a jumbo MTU accepted"
	else
		ip link set "$NIC" mtu 4000 || fail "NVSP $1: mtu 4000"
		ip -n far link set "$VSIM" mtu 4000
		ping -q -c 3 -i 0.05 -W 2 -M do -s 3972 10.9.0.2 || fail "NVSP $1: jumbo ping"
	fi
	[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "NVSP $1: the host saw bad messages"
	[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "NVSP $1: the host ended the channel"
	nic_remove
}

# host_cpu_is RELID CPU: the host targets CPU for channel RELID.
host_cpu_is() {
	[ "$(sim_field "$1" cpu)" = "$2" ]
}

lsmod | grep -q '^vmbussim ' && stack_down
modprobe sd_mod 2>/dev/null

# --- VMBus 5.1 and 5.2 ---
for v in 5.1 5.2; do
	step "VMBus $v"
	log_mark
	stack_up max_version="$v"
	expect_log "protocol $v"
	grep -q "^version: $v" "$SIM/status" || fail "host not at $v"
	# A rebind below 5.3: no answer comes, the host targets the CPU.
	d=$(hb_dev)
	relid=$(cat "$d/id")
	for cpu in 1 0; do
		t0=$(date +%s)
		echo "$cpu" >"$d/channels/$relid/cpu" || fail "$v: cpu $cpu"
		[ $(($(date +%s) - t0)) -le 2 ] || fail "$v: the rebind waited for an answer"
		# Unanswered, the move reaches the host a little later.
		wait_for 5 host_cpu_is "$relid" "$cpu" ||
			fail "$v: host targets CPU $(sim_field "$relid" cpu), not $cpu"
		hb_advancing "$relid"
	done
	echo "add echo" >"$SIM/ctl" || fail "add echo"
	wait_for 20 echo_bound || fail "$v: echo not bound"
	e=$(basename "$(dev_of_class "$ECHO_CLASS")")
	echo 500 >"$ECHO/$e/ping" || fail "$v: ping 500"
	[ "$(echo_stat "$e" ok)" = 500 ] || fail "$v: echoes lost"
	stor_round
	modprobe hv_netvsc || fail "modprobe hv_netvsc"
	nic_round 6.1
	stack_down
done

# --- VSTOR 6.0 and 5.1 ---
for v in 0x600:6.0 0x501:5.1; do
	step "VSTOR ${v#*:}"
	stack_up storvsp_max_version="${v%%:*}"
	log_mark
	inst=$(stor_add) || fail "$inst"
	expect_log "VSTOR ${v#*:}, max transfer"
	[ "$(sim_field "$(stor_relid "$inst")" version)" = "${v#*:}" ] ||
		fail "host at VSTOR $(sim_field "$(stor_relid "$inst")" version)"
	disk_io "$inst"
	stor_host_strict "$(stor_relid "$inst")"
	stack_down
done

# --- NVSP 5, 4, 2 and 1 ---
for v in 0x50000:5.0 0x40000:4.0 0x30002:3.2 0x2:0.2; do
	step "NVSP ${v#*:}"
	stack_up netvsp_max_version="${v%%:*}"
	modprobe hv_netvsc || fail "modprobe hv_netvsc"
	nic_round "${v#*:}"
	stack_down
done
