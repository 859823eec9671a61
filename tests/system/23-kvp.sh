#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Data Exchange (KVP) with Debian's hv_kvp_daemon, unmodified: the host
# (vmbussim) pushes keys into pool 0 (ASCII, non-ASCII, a number) and the
# daemon stores them in /var/lib/hyperv/.kvp_pool_0; gets and deletes
# them; enumerates the guest's intrinsic keys until the daemon says there
# are no more; asks for the addresses of an adapter by MAC. A request
# without a daemon fails at once; a stopped daemon times out; a daemon
# killed mid-request fails it at once; a second daemon cannot open the
# device; a restarted daemon serves again.
# hvtest-tools: hv_kvp_daemon ip bash
# hvtest-tools: /usr/libexec/hypervkvpd/hv_get_dhcp_info /usr/libexec/hypervkvpd/hv_get_dns_info
# hvtest-kmods: veth

. /tests/system/hvtest-lib

TIMEOUT_PARAM=/sys/module/hv_utils/parameters/daemon_timeout_ms

kvp() {
	echo "$*" >"$IC_SIM/request"
}

result() {
	sed -n "s/^$1=//p" "$IC_SIM/result"
}

daemon_registered() {
	grep -q 'daemon: registered' "$HU"
}

start_daemon() {
	hv_kvp_daemon -n &
	DPID=$!
	wait_for 10 daemon_registered || fail "the daemon did not register"
}

# Fresh: device numbers and the daemons' devices start over.
lsmod | grep -q '^vmbussim' && stack_down
stack_up
ic_add kvp "$KVP_CLASS"
grep "^$IC_RELID " "$SIM/stats" | grep -q 'framework=3.0 service=4.0' ||
	fail "versions: $(grep "^$IC_RELID " "$SIM/stats")"
HU=/sys/kernel/debug/hv_utils/$(basename "$IC_DEV")/kvp
[ -c /dev/vmbus/hv_kvp ] || fail "no /dev/vmbus/hv_kvp"

log_mark
kvp set 0 k v 2>/dev/null && fail "a set without a daemon succeeded"
grep -q 'no_daemon: 1' "$HU" || fail "no-daemon failure not counted: $(cat "$HU")"
expect_log "kvp: no daemon"

mkdir -p /var/lib/hyperv
start_daemon

# Keys into pool 0, through the daemon's own pool file.
kvp set 0 HostKey "hello from the host" || fail "set: $(cat "$IC_SIM/result")"
wait_for 5 grep -q HostKey /var/lib/hyperv/.kvp_pool_0 || fail "HostKey not in .kvp_pool_0"
kvp get 0 HostKey || fail "get: $(cat "$IC_SIM/result")"
[ "$(result value)" = "hello from the host" ] || fail "get returned '$(result value)'"
kvp set 0 Schlüssel "Grüße aus Köln €" || fail "non-ASCII set"
kvp get 0 Schlüssel || fail "non-ASCII get"
[ "$(result value)" = "Grüße aus Köln €" ] || fail "non-ASCII value '$(result value)'"
kvp set_u32 0 Number 42 || fail "set of a number"
kvp get 0 Number && [ "$(result value)" = 42 ] || fail "number read back as '$(result value)'"
kvp delete 0 HostKey || fail "delete"
kvp get 0 HostKey 2>/dev/null && fail "a deleted key is still there"
grep -q HostKey /var/lib/hyperv/.kvp_pool_0 && fail "HostKey still in .kvp_pool_0"

# The guest's intrinsic keys (pool 2), until the daemon says no more.
i=0
keys=
while kvp enum 2 $i 2>/dev/null; do
	echo "intrinsic: $(result key)=$(result value)"
	keys="$keys $(result key)"
	i=$((i + 1))
	[ $i -lt 20 ] || fail "the enumeration does not end"
done
[ "$(result status)" = 0x80070103 ] || fail "end of enumeration: $(cat "$IC_SIM/result")"
for k in FullyQualifiedDomainName IntegrationServicesVersion NetworkAddressIPv4 \
	OSName OSVersion OSMajorVersion ProcessorArchitecture; do
	echo "$keys" | grep -qw "$k" || fail "no intrinsic key $k"
done
kvp enum 2 5 && result value | grep -q Debian || fail "OSName is '$(result value)'"

# The addresses of an adapter, by its MAC address.
ip link add hvt0 type veth || fail "veth"
ip addr add 192.0.2.10/24 dev hvt0 || fail "address"
for n in /sys/class/net/*; do
	ip link set "${n##*/}" up || fail "link up ${n##*/}"
done
mac=$(tr a-f A-F </sys/class/net/hvt0/address)
kvp ipinfo "$mac" || fail "GET_IP_INFO: $(cat "$IC_SIM/result")"
cat "$IC_SIM/result"
result ip | grep -q 192.0.2.10 || fail "address not returned"
result subnet | grep -q 255.255.255.0 || fail "subnet not returned"
kvp ipinfo 00:00:00:00:00:01 2>/dev/null && fail "an unknown MAC found"

# A stopped daemon: the request fails after daemon_timeout_ms.
echo 2000 >"$TIMEOUT_PARAM"
kill -STOP "$DPID"
log_mark
t0=$(date +%s)
kvp get 0 Number 2>/dev/null && fail "a stopped daemon answered"
t=$(($(date +%s) - t0))
[ $t -le 6 ] || fail "the timeout took $t s"
expect_log "kvp: the daemon did not answer in 2000 ms"
kill -CONT "$DPID"
sleep 1
kvp get 0 Number || fail "no answer after a timeout"
[ "$(result value)" = 42 ] || fail "after a timeout: '$(result value)'"

# Killed in the middle of a request: it fails at once.
echo 30000 >"$TIMEOUT_PARAM"
kill -STOP "$DPID"
log_mark
(kvp get 0 Number 2>/dev/null; echo "rc=$?" >/tmp/kvp-rc) &
sleep 1
kill -KILL "$DPID"
wait_for 5 grep -q 'rc=1' /tmp/kvp-rc || fail "the request did not fail when the daemon died"
expect_log "kvp: the daemon went away"

# Restarted; a second daemon cannot open the device.
start_daemon
timeout 10 hv_kvp_daemon -n && fail "a second daemon ran"
kvp get 0 Number && [ "$(result value)" = 42 ] || fail "the restarted daemon: '$(result value)'"
kill "$DPID"
cat "$HU"
grep "^$IC_RELID " "$SIM/stats"
