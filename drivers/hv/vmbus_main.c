// SPDX-License-Identifier: GPL-2.0
/*
 * hv_vmbus: the VMBus bus driver for Linux guests on Microsoft Hyper-V.
 *
 * Module set-up: the bus, the unload notifiers, and the connection to
 * real Hyper-V when the kernel runs on it. On any other machine the bus
 * waits for a hypervisor-interface provider such as vmbussim.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "vmbus_private.h"

struct vmbus_connection vmbus_conn = {
	.waiters_lock = __SPIN_LOCK_UNLOCKED(vmbus_conn.waiters_lock),
	.waiters = LIST_HEAD_INIT(vmbus_conn.waiters),
	.answer_waits = LIST_HEAD_INIT(vmbus_conn.answer_waits),
	.chan_lock = __MUTEX_INITIALIZER(vmbus_conn.chan_lock),
	.channels = LIST_HEAD_INIT(vmbus_conn.channels),
	.offers_done = COMPLETION_INITIALIZER(vmbus_conn.offers_done),
	.next_gpadl = ATOMIC_INIT(0xe1e10),
};

unsigned int vmbus_max_version = VMBUS_VERSION_WIN10_V5_3;

/*
 * max_version caps the protocol versions the bus offers the host: the
 * version number as Linux's bus takes and shows it ((major << 16) |
 * minor, decimal or 0x-prefixed hex, e.g. 0x50002), or major.minor.
 */
static int vmbus_max_version_set(const char *val, const struct kernel_param *kp)
{
	unsigned int major, minor, version;

	if (strchr(val, '.')) {
		if (sscanf(val, "%u.%u", &major, &minor) != 2 ||
		    major > 0xffff || minor > 0xffff)
			return -EINVAL;
		version = VMBUS_VERSION(major, minor);
	} else if (kstrtouint(val, 0, &version)) {
		return -EINVAL;
	}
	vmbus_max_version = version;
	return 0;
}

static int vmbus_max_version_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u\n", vmbus_max_version);
}

static const struct kernel_param_ops vmbus_max_version_ops = {
	.set = vmbus_max_version_set,
	.get = vmbus_max_version_get,
};
module_param_cb(max_version, &vmbus_max_version_ops, NULL, 0644);
MODULE_PARM_DESC(max_version,
		 "Highest VMBus protocol version to offer: (major << 16) | minor, or major.minor (default 5.3)");

unsigned int vmbus_host_timeout_s = 30;
module_param_named(host_timeout, vmbus_host_timeout_s, uint, 0644);
MODULE_PARM_DESC(host_timeout,
		 "Seconds to wait for the host to answer a request, 1 to 600 (default 30)");

unsigned int vmbus_unload_timeout_s = 100;
module_param_named(unload_timeout, vmbus_unload_timeout_s, uint, 0644);
MODULE_PARM_DESC(unload_timeout,
		 "Seconds to wait for the host to confirm UNLOAD, 1 to 600 (default 100)");

static int __init vmbus_init(void)
{
	int ret = vmbus_bus_init();

	if (ret)
		return ret;
	ret = vmbus_unload_notifiers_init();
	if (ret) {
		vmbus_bus_exit();
		return ret;
	}
	vmbus_host_init();
	return 0;
}

static void __exit vmbus_exit(void)
{
	vmbus_host_exit();
	vmbus_unload_notifiers_exit();
	vmbus_bus_exit();
}

module_init(vmbus_init);
module_exit(vmbus_exit);

MODULE_DESCRIPTION("Microsoft Hyper-V VMBus bus driver");
MODULE_LICENSE("GPL");
