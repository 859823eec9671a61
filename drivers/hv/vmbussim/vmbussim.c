// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim: the default machine of the simulated Hyper-V host.
 *
 * Loading this module brings up a host (the vmbussim_core module) with
 * the devices of its devices parameter and connects the guest's bus to
 * it; unloading it takes the host away. The device models come from the
 * model modules, which register them with the core; the core loads the
 * module of a model not registered yet (module alias
 * vmbussim-model-<name>). See Documentation/vmbussim.rst.
 */
#include <linux/module.h>
#include <linux/moduleparam.h>

#include "core/model.h"

static char *devices = "heartbeat";
module_param(devices, charp, 0444);
MODULE_PARM_DESC(devices, "Comma-separated device models offered at load (default: heartbeat)");

static char *fault = "";
module_param(fault, charp, 0444);
MODULE_PARM_DESC(fault, "Faults armed before the guest connects, separated by ';' (e.g. \"bogus_version\")");

static char *max_version = "5.3";
module_param(max_version, charp, 0444);
MODULE_PARM_DESC(max_version, "Highest VMBus version the host accepts, as major.minor (default 5.3)");

static int __init vmbussim_machine_init(void)
{
	return vmbussim_start(devices, fault, max_version);
}
module_init(vmbussim_machine_init);

static void __exit vmbussim_machine_exit(void)
{
	vmbussim_stop();
}
module_exit(vmbussim_machine_exit);

MODULE_DESCRIPTION("Simulated Hyper-V host for the VMBus: the default machine");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("VMBUSSIM");
