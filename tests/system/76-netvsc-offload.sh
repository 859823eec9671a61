#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# hv_netvsc's offloads against vmbussim's netvsp, the far end vsimN in
# another network namespace: ethtool -k shows what the host offers and
# the host's parameters follow ethtool -K; TCP bulk transfers (IPv4 and
# IPv6, both ways, at MTU 1500 and 9000) and UDP datagrams arrive intact
# with TSO on and off and with checksum offload off, the far stack sees
# no bad checksums and the host's counters show the offloads were used;
# the same over an 802.1Q VLAN on both ends.
# hvtest-tools: ip ping nc sha256sum ethtool
# hvtest-kmods: 8021q

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
modprobe hv_netvsc || fail "modprobe hv_netvsc"
nic_up
echo "NIC $NIC, far end $VSIM"

# Host parameter bits (model_netvsp.h NETVSP_OFF_*): TCP/UDP checksums
# both families 0x1e, receive checksums 0x20, LSOv2 IPv4/IPv6 0xc0.
OFF_ALL=0xfe
OFF_NO_LSO=0x3e

feature() {
	ethtool -k "$NIC" | grep -Eq "^[[:space:]]*$1: $2" ||
		fail "ethtool -k: $1 not $2: $(ethtool -k "$NIC" | grep "$1")"
}

# snmp_errors NETNS-CMD: bad checksums and header errors the stack counted.
snmp_errors() {
	$1 cat /proc/net/snmp /proc/net/snmp6 | awk '
		/^(Tcp|Udp|Ip):/ { if (!h[$1]) { for (i = 2; i <= NF; i++) n[$1, i] = $i; h[$1] = 1; next }
				    for (i = 2; i <= NF; i++) if (n[$1, i] ~ /CsumErrors|InHdrErrors/) s += $i }
		/^(Udp6InCsumErrors|Ip6InHdrErrors)/ { s += $2 }
		END { print s + 0 }'
}

# Reading urandom while the kernel patches it at "crng init done" can
# trip an int3 under TCG: wait for that first (traffic feeds the pool).
_i=0
while [ $_i -lt 30 ] && ! dmesg | grep -q "crng init done"; do
	ping -q -c 5 -i 0.2 -W 1 10.9.0.2 >/dev/null
	_i=$((_i + 1))
done
sleep 1
# 16 MiB per transfer; 1 MiB on the (much slower) debug kernel, where
# three rounds of traffic at 2 MiB took 75 s.
tcp_blob "$(scaled 16 1)"

# udp_one PORT ADDR FAMILY WHERE: a datagram to ADDR, the listener in
# WHERE (a command prefix, or empty for here), content checked. UDP may
# lose one (e.g. to neighbour discovery): send again, up to 15 times,
# until the listener has one.
exited() {
	! kill -0 "$1" 2>/dev/null
}

udp_one() {
	rm -f /tmp/ugot
	$4 timeout 20 /usr/bin/nc "$3" -u -l -W 1 "$1" >/tmp/ugot &
	_pid=$!
	wait_for 5 sock_listening udp "$1" ${4:+far} || fail "no UDP listener on port $1"
	_n=0
	while ! exited "$_pid" && [ $_n -lt 15 ]; do
		if [ -n "$4" ]; then
			/usr/bin/nc -u -w 0 "$2" "$1" </tmp/dgram
		else
			ip netns exec far /usr/bin/nc -u -w 0 "$2" "$1" </tmp/dgram
		fi
		_n=$((_n + 1))
		wait_for 1 exited "$_pid"
	done
	wait
	cmp -s /tmp/dgram /tmp/ugot || fail "UDP datagram to $2 lost or corrupted"
}

# udp_both PORT: datagrams each way over IPv4 and IPv6.
udp_both() {
	head -c 1400 /tmp/blob >/tmp/dgram
	udp_one "$1" 10.9.0.2 -4 "ip netns exec far"
	udp_one "$1" fd09::2 -6 "ip netns exec far"
	udp_one "$1" 10.9.0.1 -4 ""
	udp_one "$1" fd09::1 -6 ""
}

# traffic TAG: bulk both ways over IPv4, out over IPv6, UDP both ways.
traffic() {
	step "traffic: $1"
	tcp_out 5001 10.9.0.2
	tcp_in 5002 10.9.0.1
	tcp_out 5003 fd09::2 -6
	udp_both 5004
}

far="ip netns exec far"
no_errors() {
	[ "$(snmp_errors "$far")" = 0 ] || fail "far end counted bad checksums: $(snmp_errors "$far")"
	[ "$(snmp_errors "")" = 0 ] || fail "guest counted bad checksums: $(snmp_errors "")"
	[ "$(sim_field "$RELID" bad_msgs)" = 0 ] || fail "host saw bad messages"
	[ "$(sim_field "$RELID" refused)" = 0 ] || fail "host refused disabled offloads"
	[ "$(sim_field "$RELID" csum_rx_bad)" = 0 ] || fail "host saw bad checksums"
	[ "$(sim_field "$RELID" fatal)" = 0 ] || fail "the guest broke a host rule"
	[ "$(sim_field "$RELID" tx_split)" = 0 ] || fail "the guest split an RNDIS header across GPA ranges"
}

# --- everything on: the host's counters show each offload in use ---
step "everything on: the host's counters show each offload in use"
feature tcp-segmentation-offload on
feature tx-checksum-ipv4 on
feature tx-checksum-ipv6 on
feature rx-checksumming on
[ "$(sim_field "$RELID" offloads)" = $OFF_ALL ] ||
	fail "host offloads $(sim_field "$RELID" offloads), want $OFF_ALL"
traffic "all offloads"
for k in lso lso_segs csum_tx csum_rx; do
	[ "$(sim_field "$RELID" $k)" -gt 0 ] || fail "host counter $k is 0"
done
segs=$(sim_field "$RELID" lso_segs)
[ "$segs" -gt "$(sim_field "$RELID" lso)" ] || fail "no LSO packet held more than one MSS"
no_errors

# --- TSO off: the host's LSO parameters follow ---
step "TSO off: the host's LSO parameters follow"
lso=$(sim_field "$RELID" lso)
ind=$(sim_field "$RELID" offload_ind)
ethtool -K "$NIC" tso off || fail "tso off"
# A Microsoft host answers an offload SET with the offloads in force, as
# a TASK_OFFLOAD_CURRENT_CONFIG indication the guest must take.
[ "$(sim_field "$RELID" offload_ind)" -gt "$ind" ] || fail "no offload indication after tso off"
feature tcp-segmentation-offload off
[ "$(sim_field "$RELID" offloads)" = $OFF_NO_LSO ] ||
	fail "host offloads $(sim_field "$RELID" offloads) after tso off"
traffic "TSO off"
[ "$(sim_field "$RELID" lso)" = "$lso" ] || fail "LSO used while off"
no_errors

# --- checksum offloads off: the host completes and vouches for nothing ---
step "checksum offloads off: the host completes and vouches for nothing"
csum=$(sim_field "$RELID" csum_tx)
csrx=$(sim_field "$RELID" csum_rx)
ethtool -K "$NIC" tx off rx off || fail "tx/rx off"
feature rx-checksumming off
[ "$(sim_field "$RELID" offloads)" = 0x0 ] ||
	fail "host offloads $(sim_field "$RELID" offloads) after tx/rx off"
traffic "checksum offloads off"
[ "$(sim_field "$RELID" csum_tx)" = "$csum" ] || fail "checksums left to the host while off"
[ "$(sim_field "$RELID" csum_rx)" = "$csrx" ] || fail "checksum info sent while off"
no_errors

ethtool -K "$NIC" tx on rx on tso on || fail "offloads back on"
[ "$(sim_field "$RELID" offloads)" = $OFF_ALL ] || fail "host offloads not restored"

# --- jumbo frames: TSO with an MSS near 9000 ---
step "jumbo frames: TSO with an MSS near 9000"
segs=$(sim_field "$RELID" lso_segs)
ip link set "$NIC" mtu 9000 || fail "mtu 9000"
ip -n far link set "$VSIM" mtu 9000 || fail "far mtu 9000"
tcp_out 5005 10.9.0.2
tcp_in 5006 10.9.0.1
ip link set "$NIC" mtu 1500
ip -n far link set "$VSIM" mtu 1500
[ "$(sim_field "$RELID" lso_segs)" -gt "$segs" ] || fail "no LSO at MTU 9000"
no_errors

# --- 802.1Q: tags inserted and stripped by the host ---
step "802.1Q: tags inserted and stripped by the host"
if modprobe 8021q 2>/dev/null || [ -d /proc/net/vlan ]; then
	ip link add link "$NIC" name vl10 type vlan id 10 || fail "vlan on $NIC"
	ip -n far link add link "$VSIM" name vl10 type vlan id 10 || fail "vlan on $VSIM"
	ip addr add 10.9.10.1/24 dev vl10
	ip -n far addr add 10.9.10.2/24 dev vl10
	ip link set vl10 up
	ip -n far link set vl10 up
	ping -q -c 3 -i 0.2 -W 2 -s 1472 10.9.10.2 || fail "ping over VLAN"
	ip netns exec far ping -q -c 3 -i 0.2 -W 2 10.9.10.1 || fail "ping over VLAN from far"
	segs=$(sim_field "$RELID" lso_segs)
	tcp_out 5007 10.9.10.2
	tcp_in 5008 10.9.10.1
	[ "$(sim_field "$RELID" lso_segs)" -gt "$segs" ] || fail "no LSO over the VLAN"
	[ "$(sim_field "$RELID" vlan_tx)" -gt 0 ] || fail "host inserted no tags"
	[ "$(sim_field "$RELID" vlan_rx)" -gt 0 ] || fail "host stripped no tags"
	ip link del vl10
	no_errors
else
	echo "SKIP: this kernel has no 802.1Q support"
fi

# Frames the far end's GSO handed over in one burst share a transfer-page
# packet, as a Microsoft host builds them: several slots, each range the
# whole slot, the frame at the host's data offset.
[ "$(sim_field "$RELID" rx_multi)" -gt 0 ] || fail "no receive packet held several frames"
echo "receive packets $(sim_field "$RELID" rx_pkts), several frames $(sim_field "$RELID" rx_multi), at most $(sim_field "$RELID" rx_ranges_max)"
ethtool -S "$NIC" | grep -E 'queue_0_(packets|msgs)'
nic_remove
