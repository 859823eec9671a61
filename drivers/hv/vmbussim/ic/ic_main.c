// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim_ic: the integration-component (IC) device models of the
 * simulated host (heartbeat, shutdown, timesync, KVP, VSS, fcopy), which
 * share ic_host.c, registered with the core when the module loads.
 */
#include <linux/debugfs.h>
#include <linux/module.h>

#include "../core/model.h"
#include "ic_host.h"

static const struct vmbussim_model *const ic_models[] = {
	&ic_model_heartbeat, &ic_model_shutdown, &ic_model_timesync,
	&ic_model_kvp, &ic_model_vss, &ic_model_fcopy,
};

static int __init ic_module_init(void)
{
	int ret;

	ret = vmbussim_models_register(ic_models, ARRAY_SIZE(ic_models));
	if (ret)
		return ret;
	debugfs_create_u32("heartbeat_period_ms", 0644, vmbussim_debugfs_root(),
			   &ic_heartbeat_period_ms);
	return 0;
}
module_init(ic_module_init);

static void __exit ic_module_exit(void)
{
	debugfs_lookup_and_remove("heartbeat_period_ms",
				  vmbussim_debugfs_root());
	vmbussim_models_unregister(ic_models, ARRAY_SIZE(ic_models));
}
module_exit(ic_module_exit);

MODULE_DESCRIPTION("vmbussim: integration-component models (heartbeat, shutdown, timesync, KVP, VSS, fcopy)");
MODULE_ALIAS("vmbussim-model-heartbeat");
MODULE_ALIAS("vmbussim-model-shutdown");
MODULE_ALIAS("vmbussim-model-timesync");
MODULE_ALIAS("vmbussim-model-kvp");
MODULE_ALIAS("vmbussim-model-vss");
MODULE_ALIAS("vmbussim-model-fcopy");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("VMBUSSIM");
