// SPDX-License-Identifier: GPL-2.0
/*
 * The vmbus bus type: one device per primary channel, named by its
 * instance GUID, matched to drivers by class GUID (or driver_override),
 * with a MODALIAS that lets udev load the driver.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/device.h>
#include <linux/slab.h>

#include "vmbus_private.h"

static struct device *vmbus_root;

static const struct hv_vmbus_device_id *
vmbus_match_id(const struct hv_vmbus_device_id *id, const guid_t *class)
{
	for (; id && !guid_is_null(&id->guid); id++)
		if (guid_equal(&id->guid, class))
			return id;
	return NULL;
}

/*
 * With driver_override set only the named driver binds, and it binds
 * whatever its id table says; its probe gets a zeroed id then. Otherwise
 * the driver's dynamic ids (new_id) come first, then its id table. @id
 * gets a copy of the matching id.
 */
static bool vmbus_dev_match(const struct hv_device *dev, struct hv_driver *drv,
			    struct hv_vmbus_device_id *id)
{
	const struct hv_vmbus_device_id *match;

	memset(id, 0, sizeof(*id));
	if (dev->driver_override)
		return !strcmp(dev->driver_override, drv->name);
	if (vmbus_dynid_match(drv, &dev->class_id, id))
		return true;
	match = vmbus_match_id(drv->id_table, &dev->class_id);
	if (match)
		*id = *match;
	return match;
}

/**
 * vmbus_match() - the bus's match(): does @drv bind @d?
 * @d: a vmbus device
 * @drv: a vmbus driver
 *
 * Return: 1 if it does, else 0.
 */
int vmbus_match(struct device *d, const struct device_driver *drv)
{
	struct hv_vmbus_device_id id;

	return vmbus_dev_match(to_hv_device(d), to_hv_driver(drv), &id);
}

/**
 * vmbus_uevent() - the bus's uevent(): the variables udev loads drivers by
 * @d: a vmbus device
 * @env: the event's environment
 *
 * Return: 0 or a negative errno.
 */
int vmbus_uevent(const struct device *d, struct kobj_uevent_env *env)
{
	const struct hv_device *dev = to_hv_device(d);
	int ret;

	ret = add_uevent_var(env, "MODALIAS=vmbus:%*phN",
			     (int)sizeof(dev->class_id), &dev->class_id);
	if (ret)
		return ret;
	ret = add_uevent_var(env, "CLASS_ID={%pUl}", &dev->class_id);
	if (ret)
		return ret;
	return add_uevent_var(env, "DEVICE_ID={%pUl}", &dev->instance_id);
}

/**
 * vmbus_probe() - the bus's probe(): bind the matching driver to @d
 * @d: a vmbus device
 *
 * Return: 0 or a negative errno.
 */
int vmbus_probe(struct device *d)
{
	struct hv_device *dev = to_hv_device(d);
	struct hv_driver *drv = to_hv_driver(d->driver);
	struct hv_vmbus_device_id id;

	if (!vmbus_dev_match(dev, drv, &id) || !drv->probe)
		return -ENODEV;
	/* The device is going away: do not start talking to the host. */
	if (READ_ONCE(dev->channel->rescinded) ||
	    !READ_ONCE(vmbus_conn.connected))
		return -ENODEV;
	return drv->probe(dev, &id);
}

/**
 * vmbus_remove() - the bus's remove(): unbind the driver of @d
 * @d: a vmbus device
 */
void vmbus_remove(struct device *d)
{
	struct hv_driver *drv = to_hv_driver(d->driver);

	if (drv->remove)
		drv->remove(to_hv_device(d));
}

/**
 * vmbus_shutdown() - the bus's shutdown(): quiesce @d for reboot
 * @d: a vmbus device
 */
void vmbus_shutdown(struct device *d)
{
	struct hv_driver *drv;

	if (!d->driver)
		return;
	drv = to_hv_driver(d->driver);
	if (drv->shutdown)
		drv->shutdown(to_hv_device(d));
}

static void vmbus_device_release(struct device *d)
{
	struct hv_device *dev = to_hv_device(d);

	kobject_put(&dev->channel->kobj);
	kfree(dev->driver_override);
	kfree(dev);
}

/**
 * vmbus_device_add() - add the device of a primary channel
 * @ch: the channel, published in the relid map
 *
 * Return: 0 or a negative errno; on error nothing of the device remains.
 */
int vmbus_device_add(struct vmbus_channel *ch)
{
	struct hv_device *dev;
	int ret;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	guid_copy(&dev->class_id, &ch->offer.if_type);
	guid_copy(&dev->instance_id, &ch->offer.if_instance);
	dev->channel = ch;
	kobject_get(&ch->kobj);
	ch->device = dev;

	device_initialize(&dev->device);
	dev->device.bus = &vmbus_bus;
	dev->device.parent = vmbus_root;
	dev->device.release = vmbus_device_release;
	vmbus_dma_init_device(dev);
	set_dev_node(&dev->device, cpu_to_node(ch->target_cpu));
	ret = dev_set_name(&dev->device, "%pUl", &dev->instance_id);
	if (ret)
		goto err_put;
	ret = device_add(&dev->device);
	if (ret)
		goto err_put;
	ret = vmbus_channel_sysfs_add(ch);
	if (ret) {
		device_del(&dev->device);
		goto err_put;
	}
	return 0;

err_put:
	ch->device = NULL;
	put_device(&dev->device);
	return ret;
}

/**
 * vmbus_device_remove() - unbind and delete a device; the caller drops
 * the last reference with put_device() once the channel is gone
 * @dev: the device
 */
void vmbus_device_remove(struct hv_device *dev)
{
	vmbus_channel_sysfs_del(dev->channel);
	device_del(&dev->device);
}

/**
 * __vmbus_driver_register() - register a client driver on the vmbus bus
 * @drv: the driver
 * @owner: the module that owns it
 * @mod_name: its module name
 *
 * Use vmbus_driver_register() or module_vmbus_driver().
 *
 * Return: 0 or a negative errno.
 */
int __vmbus_driver_register(struct hv_driver *drv, struct module *owner,
			    const char *mod_name)
{
	drv->driver.name = drv->name;
	drv->driver.owner = owner;
	drv->driver.mod_name = mod_name;
	drv->driver.bus = &vmbus_bus;
	vmbus_dynids_init(drv);
	return driver_register(&drv->driver);
}
EXPORT_SYMBOL_GPL(__vmbus_driver_register);

/**
 * vmbus_driver_unregister() - unregister a client driver
 * @drv: the driver given to vmbus_driver_register()
 */
void vmbus_driver_unregister(struct hv_driver *drv)
{
	driver_unregister(&drv->driver);
	vmbus_dynids_free(drv);
}
EXPORT_SYMBOL_GPL(vmbus_driver_unregister);

/**
 * vmbus_bus_init() - register the bus and its root device
 *
 * Return: 0 or a negative errno.
 */
int vmbus_bus_init(void)
{
	int ret = bus_register(&vmbus_bus);

	if (ret)
		return ret;
	vmbus_root = root_device_register("vmbus");
	if (IS_ERR(vmbus_root)) {
		bus_unregister(&vmbus_bus);
		return PTR_ERR(vmbus_root);
	}
	return 0;
}

/**
 * vmbus_bus_exit() - unregister the bus
 */
void vmbus_bus_exit(void)
{
	root_device_unregister(vmbus_root);
	bus_unregister(&vmbus_bus);
}
