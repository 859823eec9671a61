#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `modprobe vmbussim` brings up the bus: our hv_vmbus (from updates/, not
# the distro's) connects at protocol 5.3, every default device appears
# with the sysfs files of Linux's stable ABI and the values the host
# offered (the monitor files only on a monitored channel), and the bus
# and its drivers have theirs.

. /tests/system/hvtest-lib

log_mark
modprobe vmbussim || fail "modprobe vmbussim"
grep -q O /sys/module/hv_vmbus/taint || fail "hv_vmbus is not the out-of-tree module"
path=$(modinfo -n hv_vmbus)
echo "hv_vmbus from $path"
case $path in */updates/*) ;; *) fail "hv_vmbus not taken from updates/" ;; esac
expect_log "hv_vmbus: connected to the vmbussim host, protocol 5.3"
grep -q "^version: 5.3" "$SIM/status" || fail "host did not record 5.3"

# device_type CLASS-ID: the number Linux's stable ABI gives the class in
# a device's "device" file (16 for a class outside its list).
device_type() {
	_dt=0
	for _c in 32412632-86cb-44a2-9b5c-50d1417354f5 \
		  ba6163d9-04a1-4d29-b605-72e2ffb1dc7f \
		  2f9bcc4a-0069-4af3-b76b-6fd0be528cda \
		  f8615163-df3e-46c5-913f-f2d2f965ed0e \
		  8c2eaf3d-32a7-4b09-ab99-bd1f1c86b501 \
		  44c4f61d-4444-4400-9d52-802e27ede19f \
		  da0a7802-e377-4aac-8e77-0558eb1073f8 \
		  f912ad6d-2b17-48ea-bd65-f927a61c7684 \
		  cfa8b69e-5b4a-4cc0-b98b-8ba1a1f3f95a \
		  a9a0f4e7-5a45-4d96-b827-8a841e8c03e6 \
		  9527e630-d0ae-497b-adce-e80ab0175caf \
		  57164f39-9115-4e78-ab55-382f3bd5422d \
		  0e0b6031-5213-4934-818b-38d90ced39db \
		  34d14be3-dee4-41c8-9ae7-6b174977c192 \
		  35fa2e29-ea23-4236-96ae-3a6ebacba440 \
		  525074dc-8985-46e2-8057-a307dc18a502; do
		[ "$1" = "{$_c}" ] && break
		_dt=$((_dt + 1))
	done
	printf '0x%x\n' "$_dt"
}

# Monitored channels have the monitor files, others none (stable ABI).
MONITOR_FILES="monitor_id server_monitor_pending client_monitor_pending
server_monitor_latency client_monitor_latency server_monitor_conn_id
client_monitor_conn_id"
CHAN_MONITOR_FILES="monitor_id pending latency"

# check_monitor_files DIR MONITORED FILES...
check_monitor_files() {
	_cm_dir=$1
	_cm_on=$2
	shift 2
	for _cm in "$@"; do
		if [ "$_cm_on" = 1 ]; then
			grep -qx '[0-9][0-9]*' "$_cm_dir/$_cm" || fail "$_cm_dir/$_cm: '$(cat "$_cm_dir/$_cm")'"
		elif [ -e "$_cm_dir/$_cm" ]; then
			fail "$_cm_dir/$_cm on a channel the host does not monitor"
		fi
	done
}

# check_device RELID MODEL INSTANCE: the device's files and their values.
check_device() {
	d=$BUS/$3
	[ -d "$d" ] || fail "no device $3 ($2)"
	for f in id state class_id device_id modalias numa_node vendor device \
		 channel_vp_mapping driver_override in_intr_mask in_read_index \
		 in_write_index in_read_bytes_avail in_write_bytes_avail \
		 out_intr_mask out_read_index out_write_index \
		 out_read_bytes_avail out_write_bytes_avail; do
		[ -r "$d/$f" ] || fail "$d/$f missing"
	done
	[ "$(cat "$d/id")" = "$1" ] || fail "$d/id is not $1"
	[ "$(cat "$d/device_id")" = "{$3}" ] || fail "device_id"
	want=$(guid_modalias "$(cat "$d/class_id")")
	[ "$(cat "$d/modalias")" = "$want" ] || fail "modalias $(cat "$d/modalias"), not $want"
	[ "$(cat "$d/vendor")" = 0x1414 ] || fail "vendor $(cat "$d/vendor")"
	want=$(device_type "$(cat "$d/class_id")")
	[ "$(cat "$d/device")" = "$want" ] || fail "device $(cat "$d/device"), not $want"
	grep -q "^$1:[0-9]" "$d/channel_vp_mapping" || fail "channel_vp_mapping"
	c=$d/channels/$1
	for f in cpu interrupts events intr_in_full intr_out_empty \
		 out_full_first out_full_total subchannel_id in_mask out_mask \
		 read_avail write_avail; do
		[ -r "$c/$f" ] || fail "$c/$f missing"
	done
	mon=$(sim_field "$1" monitored)
	# shellcheck disable=SC2086
	check_monitor_files "$d" "$mon" $MONITOR_FILES
	# shellcheck disable=SC2086
	check_monitor_files "$c" "$mon" $CHAN_MONITOR_FILES
	[ "$(cat "$c/subchannel_id")" = 0 ] || fail "primary with subchannel_id"
	echo "ok: $1 $2 $3: $(cat "$d/modalias") state $(cat "$d/state") monitored=$mon"
}

cat "$SIM/devices"
[ -n "$(cat "$SIM/devices")" ] || fail "vmbussim offers no device"
while read -r relid model instance state; do
	check_device "$relid" "$model" "$instance"
done <"$SIM/devices"

step "a monitored device"
echo 1 >"$SIM/monitor" || fail "switch monitored offers on"
echo "add echo-unclaimed" >"$SIM/ctl" || fail "add echo-unclaimed"
echo 0 >"$SIM/monitor"
wait_for 20 sh -c "grep -q ' echo-unclaimed ' $SIM/devices" || fail "no echo-unclaimed device"
read -r relid model instance state <<EOT
$(grep ' echo-unclaimed ' "$SIM/devices")
EOT
wait_for 20 test -d "$BUS/$instance" || fail "echo-unclaimed not on the bus"
[ "$(sim_field "$relid" monitored)" = 1 ] || fail "not offered monitored"
check_device "$relid" "$model" "$instance"
[ -e "$BUS/$instance/driver" ] && fail "a driver bound the unclaimed class"
echo "remove $relid" >"$SIM/ctl"
wait_for 10 sh -c "[ ! -e $BUS/$instance ]" || fail "echo-unclaimed not removed"

step "bus and driver files"
[ "$(cat /sys/bus/vmbus/hibernation)" = 0 ] ||
	fail "hibernation $(cat /sys/bus/vmbus/hibernation): this bus cannot hibernate"
for drv in /sys/bus/vmbus/drivers/*; do
	[ -f "$drv/new_id" ] && [ -f "$drv/remove_id" ] || fail "$drv: no new_id/remove_id"
done
