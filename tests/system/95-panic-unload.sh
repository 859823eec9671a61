#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# hvtest-ends-vm
#
# The crash path: when the guest panics, hv_vmbus sends UNLOAD without
# sleeping and polls the message pages for the answer, so that a kdump
# kernel finds a clean host. vmbussim notices the panic first and answers
# at once; the guest must see the answer (no "no UNLOAD answer" line)
# and reboot.

. /tests/system/hvtest-lib

lsmod | grep -q '^vmbussim ' || stack_up
wait_for 20 hb_bound || fail "heartbeat not bound"
echo 1 >/proc/sys/kernel/sysrq || fail "sysrq"
console_expect 'Kernel panic - not syncing: sysrq triggered crash'
console_expect 'vmbussim: guest panicked: answering its UNLOAD'
console_forbid 'no UNLOAD answer from the host'
vm_ending
echo c >/proc/sysrq-trigger
sleep 10
fail "the guest survived its panic"
