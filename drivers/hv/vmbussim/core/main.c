// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim: a simulated Hyper-V host for the VMBus.
 *
 * The module implements the hypervisor interface of the bus driver
 * (struct vmbus_hv_ops) in software: it receives the guest's posted
 * messages and signals, plays the host side of the channel-management
 * protocol and of a set of device models, and delivers messages and
 * events into the guest's SynIC pages. See Documentation/vmbussim.rst.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <linux/hyperv/compat.h>
#include <linux/hyperv/hvif.h>

#include "vmbussim.h"

struct vmbussim_host vmbussim = {
	.lock = __MUTEX_INITIALIZER(vmbussim.lock),
	.max_version = VMBUS_VERSION_WIN10_V5_3,
	.devs = LIST_HEAD_INIT(vmbussim.devs),
	.chans = LIST_HEAD_INIT(vmbussim.chans),
	.gpadls = LIST_HEAD_INIT(vmbussim.gpadls),
	.gpadl_lock = __MUTEX_INITIALIZER(vmbussim.gpadl_lock),
	.dev_lock = __SPIN_LOCK_UNLOCKED(vmbussim.dev_lock),
	.rx_lock = __SPIN_LOCK_UNLOCKED(vmbussim.rx_lock),
	.rx_queue = LIST_HEAD_INIT(vmbussim.rx_queue),
	.rx_work = __WORK_INITIALIZER(vmbussim.rx_work, vmbussim_rx_work),
	.sc_work = __WORK_INITIALIZER(vmbussim.sc_work, vmbussim_sc_work),
	.tx_lock = __SPIN_LOCK_UNLOCKED(vmbussim.tx_lock),
	.tx_queue = LIST_HEAD_INIT(vmbussim.tx_queue),
	.tx_work = __WORK_INITIALIZER(vmbussim.tx_work, vmbussim_tx_work),
};

static char *devices = "heartbeat";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "Comma-separated device models offered at load (default: heartbeat)");

static char *fault = "";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "Faults armed before the guest connects, separated by ';' (e.g. \"bogus_version\")");

static int vmbussim_max_version_set(const char *val, const struct kernel_param *kp)
{
	char buf[16];
	u32 v;

	strscpy(buf, val, sizeof(buf));
	v = vmbussim_parse_version(strim(buf));
	if (!v)
		return -EINVAL;
	vmbussim.max_version = v;
	return 0;
}

static int vmbussim_max_version_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%u.%u\n",
			  VMBUS_VERSION_MAJOR(vmbussim.max_version),
			  VMBUS_VERSION_MINOR(vmbussim.max_version));
}

static const struct kernel_param_ops vmbussim_max_version_ops = {
	.set = vmbussim_max_version_set,
	.get = vmbussim_max_version_get,
};
module_param_cb(max_version, &vmbussim_max_version_ops, NULL, 0444);
MODULE_PARM_DESC(max_version, "Highest VMBus version the host accepts, as major.minor (default 5.3)");

static int vmbussim_post_message(u32 connection_id, u32 message_type,
				 const void *payload, u32 size)
{
	if (message_type != SYNIC_MSG_VMBUS)
		return -EINVAL;
	if (READ_ONCE(vmbussim.panicking))
		return vmbussim_panic_post(payload, size);
	return vmbussim_rx_queue(connection_id, payload, size);
}

static int vmbussim_signal_event(u32 connection_id, u16 flag_number)
{
	return vmbussim_event(connection_id);
}

static void vmbussim_eom(void)
{
	queue_work(vmbussim.wq, &vmbussim.tx_work);
}

static u32 vmbussim_vp_index(unsigned int cpu)
{
	return cpu;
}

static const struct vmbus_hv_ops vmbussim_ops = {
	.name = "vmbussim",
	.owner = THIS_MODULE,
	.post_message = vmbussim_post_message,
	.signal_event = vmbussim_signal_event,
	.synic_enable = vmbussim_synic_enable,
	.synic_disable = vmbussim_synic_disable,
	.eom = vmbussim_eom,
	.vp_index = vmbussim_vp_index,
};

static int vmbussim_add_default_devices(void)
{
	char *list, *cur, *name;
	struct vmbussim_dev *dev;
	int ret = 0;

	list = kstrdup(devices ?: "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	mutex_lock(&vmbussim.lock);
	while ((name = strsep(&cur, ","))) {
		name = strim(name);
		if (!*name)
			continue;
		dev = vmbussim_dev_add(name);
		if (IS_ERR(dev)) {
			ret = PTR_ERR(dev);
			pr_err("vmbussim: cannot add device '%s': %d\n", name,
			       ret);
			break;
		}
	}
	mutex_unlock(&vmbussim.lock);
	kfree(list);
	return ret;
}

static int vmbussim_arm_faults(void)
{
	char *list, *cur, *cmd;
	int ret = 0;

	list = kstrdup(fault ?: "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	cur = list;
	while (!ret && (cmd = strsep(&cur, ";"))) {
		if (*strim(cmd))
			ret = vmbussim_fault_apply(cmd);
	}
	kfree(list);
	return ret;
}

/* Forget everything; the guest no longer uses the host. */
static void vmbussim_teardown(void)
{
	struct vmbussim_dev *dev, *tmp;

	flush_workqueue(vmbussim.mgmt_wq);
	vmbussim_rx_flush();
	mutex_lock(&vmbussim.lock);
	vmbussim_disconnect();
	list_for_each_entry_safe(dev, tmp, &vmbussim.devs, node)
		vmbussim_dev_free(dev);
	mutex_unlock(&vmbussim.lock);
	/* Queued by a model before its channel closed: finds no device. */
	cancel_work_sync(&vmbussim.sc_work);
	cancel_work_sync(&vmbussim.tx_work);
	vmbussim_tx_flush();
	vmbussim_synic_exit();
}

static int __init vmbussim_init(void)
{
	int ret;

	vmbussim.mgmt_wq = alloc_ordered_workqueue("vmbussim_mgmt", 0);
	if (!vmbussim.mgmt_wq)
		return -ENOMEM;
	vmbussim.wq = alloc_workqueue("vmbussim", WQ_UNBOUND, 0);
	if (!vmbussim.wq) {
		ret = -ENOMEM;
		goto err_destroy_mgmt_wq;
	}
	vmbussim_monitor_init();
	vmbussim_synic_init();
	vmbussim_panic_init();
	/* Before any device: models create their files under it. */
	vmbussim_debugfs_init();
	ret = vmbussim_add_default_devices();
	if (!ret)
		ret = vmbussim_arm_faults();
	if (ret)
		goto err_teardown;
	ret = vmbus_host_register(&vmbussim_ops);
	if (ret) {
		pr_err("vmbussim: the guest did not connect: %d\n", ret);
		goto err_teardown;
	}
	return 0;

err_teardown:
	vmbussim_debugfs_stop();
	vmbussim_panic_exit();
	vmbussim_teardown();
	vmbussim_debugfs_exit();
	destroy_workqueue(vmbussim.wq);
err_destroy_mgmt_wq:
	destroy_workqueue(vmbussim.mgmt_wq);
	return ret;
}
module_init(vmbussim_init);

static void __exit vmbussim_exit(void)
{
	vmbussim_debugfs_stop();
	/* The guest closes its channels and unloads while we still serve. */
	vmbus_host_unregister(&vmbussim_ops);
	vmbussim_panic_exit();
	vmbussim_teardown();
	vmbussim_debugfs_exit();
	destroy_workqueue(vmbussim.wq);
	destroy_workqueue(vmbussim.mgmt_wq);
}
module_exit(vmbussim_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for the VMBus");
MODULE_LICENSE("GPL");
VMBUS_HOST_IMPORT_NS();
