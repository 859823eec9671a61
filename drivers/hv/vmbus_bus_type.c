// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbus bus type and its bus-wide attributes; its callbacks are in
 * vmbus_bus.c.
 */

#include <linux/device.h>
#include <linux/sysfs.h>

#include "vmbus_private.h"

/*
 * Whether the VM may hibernate: read by tools that set up a swap area for
 * hibernation. Linux's bus says whether the host offers it (ACPI S4); this
 * bus does not save and restore its channels across hibernation, so it
 * says no whatever the host offers.
 */
static ssize_t hibernation_show(const struct bus_type *bus, char *buf)
{
	return sysfs_emit(buf, "0\n");
}
static BUS_ATTR_RO(hibernation);

static struct attribute *vmbus_bus_attrs[] = {
	&bus_attr_hibernation.attr,
	NULL,
};
ATTRIBUTE_GROUPS(vmbus_bus);

const struct bus_type vmbus_bus = {
	.name		= "vmbus",
	.match		= vmbus_match,
	.uevent		= vmbus_uevent,
	.probe		= vmbus_probe,
	.remove		= vmbus_remove,
	.shutdown	= vmbus_shutdown,
	.dma_configure	= vmbus_dma_configure,
	.dev_groups	= vmbus_dev_groups,
	.drv_groups	= vmbus_drv_groups,
	.bus_groups	= vmbus_bus_groups,
};
