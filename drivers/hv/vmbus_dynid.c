// SPDX-License-Identifier: GPL-2.0
/*
 * Dynamic ids and the bus's own sysfs files: a driver's new_id and
 * remove_id (/sys/bus/vmbus/drivers/<driver>/), which add and remove class
 * GUIDs the driver binds to at run time, as uio_hv_generic's users do;
 * and /sys/bus/vmbus/hibernation.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/device.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/sysfs.h>
#include <linux/uuid.h>

#include "vmbus_private.h"

/**
 * struct vmbus_dynid - a class GUID added through new_id
 * @node: entry in the driver's dynids list
 * @id: the id; driver_data is zero
 */
struct vmbus_dynid {
	struct list_head node;
	struct hv_vmbus_device_id id;
};

/**
 * vmbus_dynids_init() - start a driver with no dynamic id
 * @drv: the driver being registered
 */
void vmbus_dynids_init(struct hv_driver *drv)
{
	INIT_LIST_HEAD(&drv->dynids);
	spin_lock_init(&drv->dynids_lock);
}

static struct vmbus_dynid *vmbus_dynid_find(struct hv_driver *drv,
					    const guid_t *class)
{
	struct vmbus_dynid *d;

	lockdep_assert_held(&drv->dynids_lock);
	list_for_each_entry(d, &drv->dynids, node)
		if (guid_equal(&d->id.guid, class))
			return d;
	return NULL;
}

/**
 * vmbus_dynid_match() - whether @class was added to @drv through new_id
 * @drv: the driver
 * @class: a device's class GUID
 * @id: set to a copy of the dynamic id on a match (remove_id may free it)
 *
 * Return: true on a match.
 */
bool vmbus_dynid_match(struct hv_driver *drv, const guid_t *class,
		       struct hv_vmbus_device_id *id)
{
	struct vmbus_dynid *d;

	spin_lock(&drv->dynids_lock);
	d = vmbus_dynid_find(drv, class);
	if (d)
		*id = d->id;
	spin_unlock(&drv->dynids_lock);
	return d;
}

/**
 * vmbus_dynids_free() - forget every dynamic id of an unregistered driver
 * @drv: the driver
 */
void vmbus_dynids_free(struct hv_driver *drv)
{
	struct vmbus_dynid *d, *tmp;

	spin_lock(&drv->dynids_lock);
	list_for_each_entry_safe(d, tmp, &drv->dynids, node) {
		list_del(&d->node);
		kfree(d);
	}
	spin_unlock(&drv->dynids_lock);
}

/* new_id: add @class, then probe the unbound devices of that class. */
static int vmbus_dynid_add(struct hv_driver *drv, const guid_t *class)
{
	struct vmbus_dynid *d = kzalloc(sizeof(*d), GFP_KERNEL);

	if (!d)
		return -ENOMEM;
	guid_copy(&d->id.guid, class);
	spin_lock(&drv->dynids_lock);
	if (vmbus_dynid_find(drv, class)) {
		spin_unlock(&drv->dynids_lock);
		kfree(d);
		return -EEXIST;
	}
	list_add_tail(&d->node, &drv->dynids);
	spin_unlock(&drv->dynids_lock);
	return driver_attach(&drv->driver);
}

/* remove_id: forget @class; bound devices stay bound. */
static int vmbus_dynid_remove(struct hv_driver *drv, const guid_t *class)
{
	struct vmbus_dynid *d;

	spin_lock(&drv->dynids_lock);
	d = vmbus_dynid_find(drv, class);
	if (d)
		list_del(&d->node);
	spin_unlock(&drv->dynids_lock);
	kfree(d);
	return d ? 0 : -ENODEV;
}

static ssize_t vmbus_dynid_store(struct device_driver *driver, const char *buf,
				 size_t count,
				 int (*op)(struct hv_driver *drv,
					   const guid_t *class))
{
	guid_t class;
	int ret = guid_parse(buf, &class);

	if (!ret)
		ret = op(to_hv_driver(driver), &class);
	return ret ? ret : count;
}

static ssize_t new_id_store(struct device_driver *driver, const char *buf,
			    size_t count)
{
	return vmbus_dynid_store(driver, buf, count, vmbus_dynid_add);
}
static DRIVER_ATTR_WO(new_id);

static ssize_t remove_id_store(struct device_driver *driver, const char *buf,
			       size_t count)
{
	return vmbus_dynid_store(driver, buf, count, vmbus_dynid_remove);
}
static DRIVER_ATTR_WO(remove_id);

static struct attribute *vmbus_drv_attrs[] = {
	&driver_attr_new_id.attr,
	&driver_attr_remove_id.attr,
	NULL,
};

static const struct attribute_group vmbus_drv_group = {
	.attrs = vmbus_drv_attrs,
};

const struct attribute_group *vmbus_drv_groups[] = {
	&vmbus_drv_group,
	NULL,
};
