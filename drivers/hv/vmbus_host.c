// SPDX-License-Identifier: GPL-2.0
/*
 * The provider of the hypervisor interface: real Hyper-V when the kernel
 * runs on it, otherwise whichever provider registers (vmbussim). The bus
 * connects to the host when a provider arrives and disconnects when it
 * leaves.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/module.h>
#include <linux/mutex.h>

#include "vmbus_private.h"
#include "vmbus_hyperv.h"

static DEFINE_MUTEX(vmbus_host_lock);
static const struct vmbus_hv_ops *vmbus_platform_ops;

static bool vmbus_ops_complete(const struct vmbus_hv_ops *ops)
{
	return ops->post_message && ops->signal_event && ops->synic_enable &&
	       ops->synic_disable && ops->eom && ops->vp_index;
}

/**
 * vmbus_host_register() - a hypervisor-interface provider arrives
 * @ops: the provider's operations; they must stay valid until
 *	vmbus_host_unregister()
 *
 * Connects the bus to the host behind @ops: negotiates the protocol,
 * takes the host's offers and adds their devices. Returns once the offers
 * have been delivered.
 *
 * Return: 0, -EBUSY if another provider is registered, or the error that
 * made the connection fail.
 */
int vmbus_host_register(const struct vmbus_hv_ops *ops)
{
	int ret;

	if (!vmbus_ops_complete(ops))
		return -EINVAL;
	mutex_lock(&vmbus_host_lock);
	if (vmbus_conn.ops) {
		ret = -EBUSY;
		goto out_unlock;
	}
	WRITE_ONCE(vmbus_conn.ops, ops);
	ret = vmbus_connect();
	if (ret)
		WRITE_ONCE(vmbus_conn.ops, NULL);
out_unlock:
	mutex_unlock(&vmbus_host_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_host_register);

/**
 * vmbus_host_unregister() - a hypervisor-interface provider leaves
 * @ops: the operations given to vmbus_host_register()
 *
 * Removes every device, unloads the connection and disables the SynIC.
 * On return the bus no longer calls into @ops.
 */
void vmbus_host_unregister(const struct vmbus_hv_ops *ops)
{
	mutex_lock(&vmbus_host_lock);
	if (vmbus_conn.ops == ops) {
		vmbus_disconnect();
		WRITE_ONCE(vmbus_conn.ops, NULL);
	} else {
		pr_warn("unregistering provider %s that is not in use\n",
			ops->name);
	}
	mutex_unlock(&vmbus_host_lock);
}
EXPORT_SYMBOL_GPL(vmbus_host_unregister);

/**
 * vmbus_host_init() - connect to real Hyper-V if the kernel runs on it
 */
void vmbus_host_init(void)
{
	const struct vmbus_hv_ops *ops = vmbus_hyperv_probe();
	int ret;

	if (!ops) {
		pr_info("no Hyper-V host found; waiting for a provider\n");
		return;
	}
	ret = vmbus_host_register(ops);
	if (ret) {
		pr_err("connecting to Hyper-V failed: %d\n", ret);
		vmbus_hyperv_remove();
		return;
	}
	vmbus_platform_ops = ops;
}

/**
 * vmbus_host_exit() - disconnect from real Hyper-V at module unload
 */
void vmbus_host_exit(void)
{
	if (!vmbus_platform_ops)
		return;
	vmbus_host_unregister(vmbus_platform_ops);
	vmbus_hyperv_remove();
	vmbus_platform_ops = NULL;
}
