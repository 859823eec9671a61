// SPDX-License-Identifier: GPL-2.0
/*
 * The bus side of the hypervisor interface, as hvshim offers it: vmbussim
 * registers its ops here exactly as it would with our hv_vmbus (the same
 * exported names, in the same namespace), so one vmbussim.ko hosts either
 * stack. The guest bus above is Linux's own hv_vmbus, which reaches the
 * host through the hypercalls and MSRs of the other files.
 */

#define pr_fmt(fmt) "hvshim: " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <asm/mshyperv.h>

#include "hvshim.h"

/*
 * The names our hv_vmbus exports to providers, in its namespace (a bare
 * name before 6.13, a string since); the platform symbols of the other
 * files have none, as the kernel's own.
 */
#ifdef HV_COMPAT_IMPORT_NS_TOKEN
#define HVSHIM_BUS_NS	HYPERV_VMBUS
#else
#define HVSHIM_BUS_NS	"HYPERV_VMBUS"
#endif

static DEFINE_SPINLOCK(hvshim_host_lock);
static const struct vmbus_hv_ops __rcu *hvshim_host_ops;
/*
 * The guest's VMBus interrupt handler (hv_setup_vmbus_handler()). Read in
 * hard interrupt context, an RCU-sched read-side section: removal waits
 * a grace period before the handler's module may go.
 */
static void (*hvshim_vmbus_handler)(void);

static bool hvshim_ops_complete(const struct vmbus_hv_ops *ops)
{
	return ops->post_message && ops->signal_event && ops->synic_enable &&
	       ops->synic_disable && ops->eom && ops->vp_index;
}

/**
 * vmbus_host_register() - a hypervisor-interface provider arrives
 * @ops: the provider's operations, valid until vmbus_host_unregister()
 *
 * Unlike our bus, the shim does not connect here: Linux's hv_vmbus,
 * loaded afterwards, connects through the hypercalls.
 *
 * Return: 0, -EINVAL for incomplete ops, -EBUSY if a provider is there.
 */
int vmbus_host_register(const struct vmbus_hv_ops *ops)
{
	int ret = 0;

	if (!hvshim_ops_complete(ops))
		return -EINVAL;
	spin_lock(&hvshim_host_lock);
	if (rcu_access_pointer(hvshim_host_ops))
		ret = -EBUSY;
	else
		rcu_assign_pointer(hvshim_host_ops, ops);
	spin_unlock(&hvshim_host_lock);
	if (!ret)
		pr_info("host %s registered\n", ops->name);
	return ret;
}
EXPORT_SYMBOL_NS_GPL(vmbus_host_register, HVSHIM_BUS_NS);

/**
 * vmbus_host_unregister() - a hypervisor-interface provider leaves
 * @ops: the operations given to vmbus_host_register()
 *
 * The provider is pinned while a guest CPU has its SynIC attached
 * (hvshim_host_get()), so it can leave only once the guest disconnected.
 */
void vmbus_host_unregister(const struct vmbus_hv_ops *ops)
{
	spin_lock(&hvshim_host_lock);
	if (rcu_access_pointer(hvshim_host_ops) == ops)
		RCU_INIT_POINTER(hvshim_host_ops, NULL);
	else
		ops = NULL;
	spin_unlock(&hvshim_host_lock);
	if (!ops) {
		pr_warn("unregistering a host that is not registered\n");
		return;
	}
	/* Hypercalls run with preemption off: wait for those in flight. */
	synchronize_rcu();
	pr_info("host unregistered\n");
}
EXPORT_SYMBOL_NS_GPL(vmbus_host_unregister, HVSHIM_BUS_NS);

/**
 * vmbus_isr() - the host raises the VMBus interrupt on this CPU
 *
 * Runs the handler the guest's bus installed, as the hypervisor
 * callback vector does on Hyper-V. Hard interrupt context.
 */
void vmbus_isr(void)
{
	void (*handler)(void);

	handler = READ_ONCE(hvshim_vmbus_handler);
	if (handler)
		handler();
}
EXPORT_SYMBOL_NS_GPL(vmbus_isr, HVSHIM_BUS_NS);

/**
 * hvshim_host_get() - the registered host, pinned
 *
 * Return: the host's ops with a reference on its module, or NULL.
 */
const struct vmbus_hv_ops *hvshim_host_get(void)
{
	const struct vmbus_hv_ops *ops;

	rcu_read_lock();
	ops = rcu_dereference(hvshim_host_ops);
	if (ops && !try_module_get(ops->owner))
		ops = NULL;
	rcu_read_unlock();
	return ops;
}

/**
 * hvshim_host_put() - unpin a host returned by hvshim_host_get()
 * @ops: the host
 */
void hvshim_host_put(const struct vmbus_hv_ops *ops)
{
	module_put(ops->owner);
}

/**
 * hvshim_host_rcu() - the registered host, inside an RCU read-side section
 *
 * Return: the host's ops, valid until the section ends, or NULL.
 */
const struct vmbus_hv_ops *hvshim_host_rcu(void)
{
	return rcu_dereference_check(hvshim_host_ops, rcu_read_lock_any_held());
}

/**
 * hvshim_host_present() - whether a host is registered
 *
 * Return: true if a provider registered and has not left.
 */
bool hvshim_host_present(void)
{
	return rcu_access_pointer(hvshim_host_ops);
}

/**
 * hv_setup_vmbus_handler() - install the guest's VMBus interrupt handler
 * @handler: called in hard interrupt context for every VMBus interrupt
 */
void hv_setup_vmbus_handler(void (*handler)(void))
{
	WRITE_ONCE(hvshim_vmbus_handler, handler);
}
EXPORT_SYMBOL_GPL(hv_setup_vmbus_handler);

/**
 * hv_remove_vmbus_handler() - remove the guest's VMBus interrupt handler
 *
 * Returns once no interrupt runs the old handler any more.
 */
void hv_remove_vmbus_handler(void)
{
	WRITE_ONCE(hvshim_vmbus_handler, NULL);
	synchronize_rcu();
}
EXPORT_SYMBOL_GPL(hv_remove_vmbus_handler);
