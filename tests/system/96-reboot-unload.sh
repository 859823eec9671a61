#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvtest-ends-vm
#
# The reboot path, which kexec takes too: with channels open, the guest's
# reboot notifier sends UNLOAD and waits for the host's answer before the
# machine restarts, so the next kernel finds a clean host. (Restart, not
# power off: the debug kernel has no ACPI power-off.)

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
console_expect 'vmbussim: guest unloaded'
console_expect 'reboot: Restarting system'
console_forbid 'did not confirm UNLOAD'
vm_ending
reboot -f
sleep 10
fail "the guest did not restart"
