// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-tree overlay: drivers/hv/vmbus_bus_type.c for 6.1, in place of
 * that file (compat/compat.mk). 6.1's bus_register() writes into the bus
 * type (bus->p), so here it is writable; its match() and uevent() take a
 * non-const driver and device, and bus attributes' show() a non-const
 * bus, so the sources' callbacks are reached through wrappers. Keep the
 * rest the same as the sources' file.
 *
 * vmbus_private.h declares the bus type const, as the sources have it;
 * that declaration is renamed out of the way here. vmbus_bus.c, which
 * passes the bus to 6.1's functions, is built without the const warning
 * (hv-compat-noqual in drivers/hv/Kbuild).
 */

#include <linux/device.h>
#include <linux/sysfs.h>

#define vmbus_bus vmbus_bus_const_decl
#include "../../../../drivers/hv/vmbus_private.h"
#undef vmbus_bus

static ssize_t hibernation_show(struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static BUS_ATTR_RO(hibernation);

static struct attribute *vmbus_bus_attrs[] = {
	&bus_attr_hibernation.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vmbus_bus);

static int vmbus_match_61(struct device *d, struct device_driver *drv)
{
	return vmbus_match(d, drv);
}

static int vmbus_uevent_61(struct device *d, struct kobj_uevent_env *env)
{
	return vmbus_uevent(d, env);
}

struct bus_type vmbus_bus = {
	.name		= "vmbus",
	.match		= vmbus_match_61,
	.uevent		= vmbus_uevent_61,
	.probe		= vmbus_probe,
	.remove		= vmbus_remove,
	.shutdown	= vmbus_shutdown,
	.dma_configure	= vmbus_dma_configure,
	.dev_groups	= vmbus_dev_groups,
	.drv_groups	= vmbus_drv_groups,
	.bus_groups	= vmbus_bus_groups,
};
