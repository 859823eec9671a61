#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Demo run inside the QEMU guest by scripts/run-demo.sh: bring up the
# simulated host and show what appeared on the VMBus.  Tolerates missing
# pieces while the drivers are being written.

show() {
	f=$1/$2
	[ -r "$f" ] && printf '    %-10s %s\n' "$2:" "$(cat "$f" 2>/dev/null)"
}

echo "== modprobe vmbussim"
modprobe vmbussim || echo "(modprobe vmbussim failed)"
sleep 2

echo "== loaded modules"
lsmod

echo "== VMBus devices"
found=0
for d in /sys/bus/vmbus/devices/*/; do
	[ -d "$d" ] || continue
	found=1
	echo "  $(basename "$d")"
	show "$d" class_id
	show "$d" device_id
	show "$d" state
	if [ -L "$d/driver" ]; then
		printf '    %-10s %s\n' "driver:" "$(basename "$(readlink "$d/driver")")"
	else
		printf '    %-10s %s\n' "driver:" "(none)"
	fi
done
[ $found = 1 ] || echo "  (no /sys/bus/vmbus/devices yet)"

echo "== heartbeat"
# hv_utils keeps per-device state in debugfs (hv_utils/<device>/<service>).
hb=0
for f in /sys/kernel/debug/hv_utils/*/*; do
	[ -f "$f" ] || continue
	hb=1
	echo "  ${f#/sys/kernel/debug/}:"
	sed 's/^/    /' "$f" 2>/dev/null | head -n 20
done
[ $hb = 1 ] || echo "  (no heartbeat information yet)"

echo "== simulated host"
for f in status stats; do
	[ -r "/sys/kernel/debug/vmbussim/$f" ] || continue
	echo "  vmbussim/$f:"
	sed 's/^/    /' "/sys/kernel/debug/vmbussim/$f" | head -n 20
done

echo "== modalias autoload log"
cat /run/hotplug.log 2>/dev/null || echo "  (no uevents with a modalias)"

echo "== kernel messages from our drivers"
dmesg | grep -iE 'vmbus|hv_|heartbeat' | tail -n 40
exit 0
