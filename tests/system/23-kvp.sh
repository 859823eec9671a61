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

kvp() {
	ic_request "$@"
}

daemon_service kvp "$KVP_CLASS" 'framework=3.0 service=4.0' hv_kvp_daemon

log_mark
kvp set 0 k v 2>/dev/null && fail "a set without a daemon succeeded"
grep -q 'no_daemon: 1' "$HU" || fail "no-daemon failure not counted: $(cat "$HU")"
expect_log "kvp: no daemon"

mkdir -p /var/lib/hyperv
daemon_start

# Keys into pool 0, through the daemon's own pool file.
kvp set 0 HostKey "hello from the host" || fail "set: $(cat "$IC_SIM/result")"
wait_for 5 grep -q HostKey /var/lib/hyperv/.kvp_pool_0 || fail "HostKey not in .kvp_pool_0"
kvp get 0 HostKey || fail "get: $(cat "$IC_SIM/result")"
[ "$(ic_result value)" = "hello from the host" ] || fail "get returned '$(ic_result value)'"
kvp set 0 Schlüssel "Grüße aus Köln €" || fail "non-ASCII set"
kvp get 0 Schlüssel || fail "non-ASCII get"
[ "$(ic_result value)" = "Grüße aus Köln €" ] || fail "non-ASCII value '$(ic_result value)'"
kvp set_u32 0 Number 42 || fail "set of a number"
kvp get 0 Number && [ "$(ic_result value)" = 42 ] || fail "number read back as '$(ic_result value)'"
kvp delete 0 HostKey || fail "delete"
kvp get 0 HostKey 2>/dev/null && fail "a deleted key is still there"
grep -q HostKey /var/lib/hyperv/.kvp_pool_0 && fail "HostKey still in .kvp_pool_0"

# The guest's intrinsic keys (pool 2), until the daemon says no more.
i=0
keys=
while kvp enum 2 $i 2>/dev/null; do
	echo "intrinsic: $(ic_result key)=$(ic_result value)"
	keys="$keys $(ic_result key)"
	i=$((i + 1))
	[ $i -lt 20 ] || fail "the enumeration does not end"
done
[ "$(ic_result status)" = 0x80070103 ] || fail "end of enumeration: $(cat "$IC_SIM/result")"
for k in FullyQualifiedDomainName IntegrationServicesVersion NetworkAddressIPv4 \
	OSName OSVersion OSMajorVersion ProcessorArchitecture; do
	echo "$keys" | grep -qw "$k" || fail "no intrinsic key $k"
done
kvp enum 2 5 && ic_result value | grep -q Debian || fail "OSName is '$(ic_result value)'"

# The addresses of an adapter, by its MAC address.
ip link add hvt0 type veth || fail "veth"
ip addr add 192.0.2.10/24 dev hvt0 || fail "address"
for n in /sys/class/net/*; do
	ip link set "${n##*/}" up || fail "link up ${n##*/}"
done
mac=$(tr a-f A-F </sys/class/net/hvt0/address)
kvp ipinfo "$mac" || fail "GET_IP_INFO: $(cat "$IC_SIM/result")"
cat "$IC_SIM/result"
ic_result ip | grep -q 192.0.2.10 || fail "address not returned"
ic_result subnet | grep -q 255.255.255.0 || fail "subnet not returned"
kvp ipinfo 00:00:00:00:00:01 2>/dev/null && fail "an unknown MAC found"

# A stopped daemon: the request fails after daemon_timeout_ms.
daemon_stopped_times_out get 0 Number
kill -CONT "$DPID"
sleep 1
kvp get 0 Number || fail "no answer after a timeout"
[ "$(ic_result value)" = 42 ] || fail "after a timeout: '$(ic_result value)'"

# Killed in the middle of a request: it fails at once; then restarted.
daemon_dies_midway get 0 Number
kvp get 0 Number && [ "$(ic_result value)" = 42 ] || fail "the restarted daemon: '$(ic_result value)'"
kill "$DPID"
cat "$HU"
grep "^$IC_RELID " "$SIM/stats"
