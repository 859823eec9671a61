#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# `modprobe vmbussim` brings up the bus: our hv_vmbus (from updates/, not
# the distro's) connects at protocol 5.3, every default device appears
# with the sysfs attributes and values the host offered.

. /tests/system/hvtest-lib

log_mark
modprobe vmbussim || fail "modprobe vmbussim"
grep -q O /sys/module/hv_vmbus/taint || fail "hv_vmbus is not the out-of-tree module"
path=$(modinfo -n hv_vmbus)
echo "hv_vmbus from $path"
case $path in */updates/*) ;; *) fail "hv_vmbus not taken from updates/" ;; esac
expect_log "hv_vmbus: connected to the vmbussim host, protocol 5.3"
grep -q "^version: 5.3" "$SIM/status" || fail "host did not record 5.3"

cat "$SIM/devices"
[ -n "$(cat "$SIM/devices")" ] || fail "vmbussim offers no device"
while read -r relid model instance state; do
	d=$BUS/$instance
	[ -d "$d" ] || fail "no device $instance ($model)"
	for f in id state monitor_id class_id device_id modalias numa_node \
		 channel_vp_mapping driver_override in_intr_mask in_read_index \
		 in_write_index in_read_bytes_avail in_write_bytes_avail \
		 out_intr_mask out_read_index out_write_index \
		 out_read_bytes_avail out_write_bytes_avail; do
		[ -r "$d/$f" ] || fail "$d/$f missing"
	done
	[ "$(cat "$d/id")" = "$relid" ] || fail "$d/id is not $relid"
	[ "$(cat "$d/device_id")" = "{$instance}" ] || fail "device_id"
	want=$(guid_modalias "$(cat "$d/class_id")")
	[ "$(cat "$d/modalias")" = "$want" ] || fail "modalias $(cat "$d/modalias"), not $want"
	grep -q "^$relid:[0-9]" "$d/channel_vp_mapping" || fail "channel_vp_mapping"
	c=$d/channels/$relid
	for f in cpu pending latency interrupts events intr_in_full \
		 intr_out_empty out_full_first out_full_total monitor_id \
		 subchannel_id in_mask out_mask read_avail write_avail; do
		[ -r "$c/$f" ] || fail "$c/$f missing"
	done
	[ "$(cat "$c/subchannel_id")" = 0 ] || fail "primary with subchannel_id"
	echo "ok: $relid $model $instance: $(cat "$d/modalias") state $(cat "$d/state")"
done <"$SIM/devices"
