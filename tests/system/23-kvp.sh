#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Data Exchange (KVP) with Debian's hv_kvp_daemon, unmodified: the host
# (vmbussim) pushes keys into pool 0 (ASCII, non-ASCII, a number) and the
# daemon stores them in /var/lib/hyperv/.kvp_pool_0; gets and deletes
# them; enumerates the guest's intrinsic keys until the daemon says there
# are no more; asks for the addresses of an adapter by MAC; sets a NIC's
# addresses (SET_IP_INFO) as far as Debian's daemon goes without a
# hv_set_ifconfig helper, then with a stand-in for it. A request
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

# IP injection (SET_IP_INFO). Hyper-V names the adapter by its VMBus
# instance GUID: the daemon looks for the interface whose device_id that
# is (a hv_netvsc NIC), writes what the host sent into
# /var/lib/hyperv/ifcfg-<interface> and runs the distribution's
# /usr/libexec/hypervkvpd/hv_set_ifconfig on it. Debian ships no such
# helper, so there the daemon fails the request after writing the file.
echo "add netvsp" >"$SIM/ctl" || fail "add netvsp"
wait_for 20 nic_bound || fail "hv_netvsc did not bind"
nicdev=$(dev_of_class "$NIC_CLASS")
nic=$(ls "$nicdev/net")
guid=$(cat "$nicdev/device_id")
ifcfg=/var/lib/hyperv/ifcfg-$nic
helper=/usr/libexec/hypervkvpd/hv_set_ifconfig
[ -e "$helper" ] && fail "$helper exists: test what it does"
rm -f "$ifcfg"
kvp setip "$guid" 10.9.8.7 255.255.255.0 10.9.8.1 10.9.8.53 2>/dev/null &&
	fail "SET_IP_INFO succeeded without $helper"
[ "$(ic_result status)" = 0x80004005 ] || fail "SET_IP_INFO without $helper: $(cat "$IC_SIM/result")"
echo "--- $ifcfg"
cat "$ifcfg" || fail "the daemon wrote no $ifcfg"
mac=$(tr a-f A-F </sys/class/net/"$nic"/address)
for l in "DEVICE=$nic" "HWADDR=$mac" BOOTPROTO=none IPADDR0=10.9.8.7 \
	NETMASK0=255.255.255.0 GATEWAY=10.9.8.1 DNS1=10.9.8.53; do
	grep -qix "$l" "$ifcfg" || fail "no line $l in $ifcfg"
done

# With a helper (the test's own, recording what it is given) the
# daemon's success reaches the host; several addresses, DHCP.
printf '#!/bin/sh\necho "$@" >/tmp/setip-args\ncp "$1" /tmp/setip-cfg\n' >"$helper"
chmod +x "$helper"
kvp setip "$guid" "10.9.8.7;10.9.8.8" "255.255.255.0;255.255.0.0" - \
	"10.9.8.53;10.9.8.54" || fail "SET_IP_INFO with $helper: $(cat "$IC_SIM/result")"
[ "$(cat /tmp/setip-args)" = "$ifcfg" ] || fail "$helper given '$(cat /tmp/setip-args)'"
echo "--- $helper got"
cat /tmp/setip-cfg
for l in IPADDR0=10.9.8.7 IPADDR1=10.9.8.8 NETMASK0=255.255.255.0 \
	NETMASK1=255.255.0.0 DNS1=10.9.8.53 DNS2=10.9.8.54; do
	grep -qx "$l" /tmp/setip-cfg || fail "no line $l for $helper"
done
grep -q GATEWAY /tmp/setip-cfg && fail "a gateway the host did not send"
kvp setip_dhcp "$guid" || fail "SET_IP_INFO with DHCP: $(cat "$IC_SIM/result")"
grep -qx BOOTPROTO=dhcp /tmp/setip-cfg || fail "DHCP not passed on: $(cat /tmp/setip-cfg)"
grep -q IPADDR /tmp/setip-cfg && fail "addresses with DHCP"
# An adapter the guest does not have is refused.
kvp setip "{00000000-0000-0000-0000-000000000001}" 10.9.8.7 255.255.255.0 2>/dev/null &&
	fail "SET_IP_INFO for an unknown adapter succeeded"
# The daemon's HV_GUID_NOTFOUND.
[ "$(ic_result status)" = 0x80041002 ] || fail "unknown adapter: $(cat "$IC_SIM/result")"
rm -f "$helper"
echo "remove $(cat "$nicdev/id")" >"$SIM/ctl" || fail "remove the NIC"

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
