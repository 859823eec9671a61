// SPDX-License-Identifier: GPL-2.0
/*
 * hv_utils: the Hyper-V integration services. One vmbus driver binds every
 * IC device whose class is in the id table; each entry's driver_data names
 * the service that the class offers.
 */
#include <linux/module.h>
#include <linux/mod_devicetable.h>

#include <linux/hyperv/spec/classes.h>
#include <linux/hyperv/vmbus.h>

#include "ic.h"

#define IC_SERVICE_ID(class, svc) \
	{ .guid = class, .driver_data = (kernel_ulong_t)&(svc) }

static const struct hv_vmbus_device_id ic_ids[] = {
	IC_SERVICE_ID(VMBUS_CLASS_HEARTBEAT, ic_heartbeat_service),
	IC_SERVICE_ID(VMBUS_CLASS_SHUTDOWN, ic_shutdown_service),
	IC_SERVICE_ID(VMBUS_CLASS_TIMESYNC, ic_timesync_service),
	IC_SERVICE_ID(VMBUS_CLASS_KVP, ic_kvp_service),
	IC_SERVICE_ID(VMBUS_CLASS_VSS, ic_vss_service),
	IC_SERVICE_ID(VMBUS_CLASS_FCOPY, ic_fcopy_service),
	{ }
};
MODULE_DEVICE_TABLE(vmbus, ic_ids);

static int ic_probe(struct hv_device *hdev,
		    const struct hv_vmbus_device_id *id)
{
	return ic_probe_service(hdev,
				(const struct ic_service *)id->driver_data);
}

static struct hv_driver ic_driver = {
	.name = KBUILD_MODNAME,
	.id_table = ic_ids,
	.probe = ic_probe,
	.remove = ic_remove_service,
};

static int __init ic_init(void)
{
	int err;

	ic_debugfs_init();
	err = vmbus_driver_register(&ic_driver);
	if (err)
		ic_debugfs_exit();
	return err;
}
module_init(ic_init);

static void __exit ic_exit(void)
{
	vmbus_driver_unregister(&ic_driver);
	ic_debugfs_exit();
}
module_exit(ic_exit);

MODULE_DESCRIPTION("Microsoft Hyper-V integration services");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("HYPERV_VMBUS");
