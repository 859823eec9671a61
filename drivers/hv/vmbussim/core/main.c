// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim: a simulated Hyper-V host for the VMBus. This is its core
 * module, vmbussim_core; the device models come in modules of their own
 * (ic/, storvsp/, netvsp/, echo/) and register with it (registry.c), and
 * the vmbussim module brings up the default machine (vmbussim_start()).
 *
 * The core implements the hypervisor interface of the bus driver
 * (struct vmbus_hv_ops) in software: it receives the guest's posted
 * messages and signals, plays the host side of the channel-management
 * protocol and of a set of device models, and delivers messages and
 * events into the guest's SynIC pages. See Documentation/vmbussim.rst.
 */
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <linux/hyperv/hvif.h>

#include "vmbussim.h"

/* A machine runs: vmbussim_start() succeeded, vmbussim_stop() not yet. */
static bool vmbussim_running;

struct vmbussim_host vmbussim;

/* Fresh host state for a machine: nothing of the previous one is left. */
static void vmbussim_host_init(u32 max_version)
{
	memset(&vmbussim, 0, sizeof(vmbussim));
	mutex_init(&vmbussim.lock);
	vmbussim.max_version = max_version;
	INIT_LIST_HEAD(&vmbussim.devs);
	INIT_LIST_HEAD(&vmbussim.chans);
	INIT_LIST_HEAD(&vmbussim.gpadls);
	mutex_init(&vmbussim.gpadl_lock);
	spin_lock_init(&vmbussim.dev_lock);
	spin_lock_init(&vmbussim.rx_lock);
	INIT_LIST_HEAD(&vmbussim.rx_queue);
	INIT_WORK(&vmbussim.rx_work, vmbussim_rx_work);
	INIT_WORK(&vmbussim.sc_work, vmbussim_sc_work);
	spin_lock_init(&vmbussim.tx_lock);
	INIT_LIST_HEAD(&vmbussim.tx_queue);
	INIT_WORK(&vmbussim.tx_work, vmbussim_tx_work);
}

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

/* Load the modules of the models named in @devices (not changed). */
static void vmbussim_request_models(const char *devices)
{
	char *list, *cur, *name;

	list = kstrdup(devices, GFP_KERNEL);
	if (!list)
		return;
	cur = list;
	while ((name = strsep(&cur, ",")))
		vmbussim_model_request(strim(name));
	kfree(list);
}

static int vmbussim_add_default_devices(const char *devices)
{
	char *list, *cur, *name;
	struct vmbussim_dev *dev;
	int ret = 0;

	list = kstrdup(devices ?: "", GFP_KERNEL);
	if (!list)
		return -ENOMEM;
	vmbussim_request_models(list);
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

static int vmbussim_arm_faults(const char *faults)
{
	char *list, *cur, *cmd;
	int ret = 0;

	list = kstrdup(faults ?: "", GFP_KERNEL);
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

/**
 * vmbussim_start() - bring up a machine: the host, its devices, and the
 *	guest's connection to it
 * @devices: comma-separated model names of the devices offered at once
 * @faults: faults armed before the guest connects, separated by ';'
 * @max_version: highest VMBus version the host accepts, as "major.minor"
 *	(NULL or empty: 5.3)
 *
 * The models named must be registered (their modules loaded). Returns
 * once the guest has connected and taken the offers. Process context.
 *
 * Return: 0, -EBUSY if a machine runs, or the error that stopped it.
 */
int vmbussim_start(const char *devices, const char *faults,
		   const char *max_version)
{
	u32 version = VMBUS_VERSION_WIN10_V5_3;
	int ret;

	if (max_version && *max_version) {
		char buf[16];

		strscpy(buf, max_version, sizeof(buf));
		version = vmbussim_parse_version(strim(buf));
		if (!version)
			return -EINVAL;
	}
	if (vmbussim_running)
		return -EBUSY;
	vmbussim_host_init(version);
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
	ret = vmbussim_add_default_devices(devices);
	if (!ret)
		ret = vmbussim_arm_faults(faults);
	if (ret)
		goto err_teardown;
	ret = vmbus_host_register(&vmbussim_ops);
	if (ret) {
		pr_err("vmbussim: the guest did not connect: %d\n", ret);
		goto err_teardown;
	}
	vmbussim_running = true;
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
EXPORT_SYMBOL_GPL(vmbussim_start);

/**
 * vmbussim_stop() - the host goes away: the guest disconnects and every
 *	device is freed (their model modules may unload afterwards)
 *
 * Process context; nothing happens if no machine runs.
 */
void vmbussim_stop(void)
{
	if (!vmbussim_running)
		return;
	vmbussim_debugfs_stop();
	/* The guest closes its channels and unloads while we still serve. */
	vmbus_host_unregister(&vmbussim_ops);
	vmbussim_panic_exit();
	vmbussim_teardown();
	vmbussim_debugfs_exit();
	destroy_workqueue(vmbussim.wq);
	destroy_workqueue(vmbussim.mgmt_wq);
	vmbussim_running = false;
}
EXPORT_SYMBOL_GPL(vmbussim_stop);

static int __init vmbussim_core_init(void)
{
	/* Valid (empty) host state before the first machine, for KUnit. */
	vmbussim_host_init(VMBUS_VERSION_WIN10_V5_3);
	vmbussim_debugfs_root_init();
	return 0;
}
module_init(vmbussim_core_init);

static void __exit vmbussim_core_exit(void)
{
	vmbussim_debugfs_root_exit();
}
module_exit(vmbussim_core_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for the VMBus: core");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("HYPERV_VMBUS");
