// SPDX-License-Identifier: GPL-2.0
/*
 * Devices of the simulated host: creation, offer, open and close of their
 * channel, rescind, re-offer and removal, and the packet API of models.
 *
 * A device keeps its relid for its whole life, also while rescinded and
 * released, so a re-offered device comes back under the same relid and
 * no other device can take it meanwhile.
 */
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmbussim.h"

static const struct vmbussim_model *const vmbussim_models[] = {
	&vmbussim_model_heartbeat,
	&vmbussim_model_echo,
};

static const struct vmbussim_model *vmbussim_model_find(const char *name)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vmbussim_models); i++)
		if (!strcmp(vmbussim_models[i]->name, name))
			return vmbussim_models[i];
	return NULL;
}

const char *vmbussim_dev_state_name(enum vmbussim_dev_state state)
{
	switch (state) {
	case VMBUSSIM_DEV_NEW:
		return "new";
	case VMBUSSIM_DEV_OFFERED:
		return "offered";
	case VMBUSSIM_DEV_OPEN:
		return "open";
	case VMBUSSIM_DEV_RESCINDED:
		return "rescinded";
	case VMBUSSIM_DEV_RELEASED:
		return "released";
	}
	return "?";
}

void *vmbussim_dev_priv(const struct vmbussim_dev *dev)
{
	return dev->priv;
}

void vmbussim_dev_set_priv(struct vmbussim_dev *dev, void *priv)
{
	dev->priv = priv;
}

u32 vmbussim_dev_relid(const struct vmbussim_dev *dev)
{
	return dev->relid;
}

/* Signal the guest that the inbound ring of @dev has packets. */
void vmbussim_dev_signal(struct vmbussim_dev *dev)
{
	if (vmbussim_synic_signal(READ_ONCE(dev->target_cpu), dev->relid))
		dev->stats.signals_out++;
}

int vmbussim_send(struct vmbussim_dev *dev, u16 type, u16 flags,
		  u64 trans_id, const void *buf, u32 len)
{
	struct vmbus_packet_desc desc;
	unsigned long irqflags;
	bool signal;
	int ret;

	if (len > VMBUSSIM_MAX_PKT)
		return -EMSGSIZE;
	desc.type = cpu_to_le16(type);
	desc.offset8 = cpu_to_le16(sizeof(desc) / 8);
	desc.len8 = cpu_to_le16((sizeof(desc) + ALIGN(len, 8)) / 8);
	desc.flags = cpu_to_le16(flags);
	desc.trans_id = cpu_to_le64(trans_id);
	spin_lock_irqsave(&dev->ring_lock, irqflags);
	ret = vmbussim_ring_write_raw(dev, &desc, buf, len, &signal);
	spin_unlock_irqrestore(&dev->ring_lock, irqflags);
	if (signal)
		vmbussim_dev_signal(dev);
	return ret;
}

static void vmbussim_dev_work(struct work_struct *work)
{
	struct vmbussim_dev *dev = container_of(work, struct vmbussim_dev,
						work);

	vmbussim_ring_read(dev);
	if (READ_ONCE(dev->tx_blocked) && READ_ONCE(dev->open) &&
	    dev->model->ops->writable)
		dev->model->ops->writable(dev);
}

/* Give @dev the lowest free relid. */
static int vmbussim_relid_alloc(struct vmbussim_dev *dev)
{
	u32 relid;
	int ret = -ENOSPC;

	spin_lock_irq(&vmbussim.dev_lock);
	for (relid = 1; relid <= VMBUS_MAX_RELID; relid++) {
		if (!vmbussim.relids[relid]) {
			vmbussim.relids[relid] = dev;
			dev->relid = relid;
			ret = 0;
			break;
		}
	}
	spin_unlock_irq(&vmbussim.dev_lock);
	return ret;
}

/* Keep host.devs sorted by relid, so offers go out in relid order. */
static void vmbussim_dev_insert(struct vmbussim_dev *dev)
{
	struct vmbussim_dev *pos;

	list_for_each_entry(pos, &vmbussim.devs, node) {
		if (pos->relid > dev->relid) {
			list_add_tail(&dev->node, &pos->node);
			return;
		}
	}
	list_add_tail(&dev->node, &vmbussim.devs);
}

/**
 * vmbussim_dev_add() - create a device and offer it if the guest listens
 * @model_name: the model's name
 *
 * Return: the device or an ERR_PTR().
 */
struct vmbussim_dev *vmbussim_dev_add(const char *model_name)
{
	const struct vmbussim_model *model = vmbussim_model_find(model_name);
	struct vmbussim_dev *dev;
	u16 devno;
	int ret;

	lockdep_assert_held(&vmbussim.lock);
	if (!model)
		return ERR_PTR(-ENOENT);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return ERR_PTR(-ENOMEM);
	dev->model = model;
	spin_lock_init(&dev->ring_lock);
	INIT_WORK(&dev->work, vmbussim_dev_work);
	/* 76736d<model>-<number>-0000-0000-000000000000 ("vsm") */
	devno = vmbussim.model_devno[model->index]++;
	dev->instance = GUID_INIT(0x76736d00 | model->index, devno,
				  0, 0, 0, 0, 0, 0, 0, 0, 0);
	ret = model->ops->init(dev);
	if (ret)
		goto err_free_dev;
	ret = vmbussim_relid_alloc(dev);
	if (ret)
		goto err_release_model;
	vmbussim_dev_insert(dev);
	if (vmbussim.conn == VMBUSSIM_CONN_OFFERED)
		vmbussim_offer(dev);
	return dev;

err_release_model:
	model->ops->release(dev);
err_free_dev:
	kfree(dev);
	return ERR_PTR(ret);
}

struct vmbussim_dev *vmbussim_dev_find(u32 relid)
{
	lockdep_assert_held(&vmbussim.lock);
	if (!relid || relid > VMBUS_MAX_RELID)
		return NULL;
	return vmbussim.relids[relid];
}

/**
 * vmbussim_dev_lookup() - find a device by relid or instance GUID
 * @relid_or_guid: decimal relid or GUID text
 *
 * Return: the device or NULL.
 */
struct vmbussim_dev *vmbussim_dev_lookup(const char *relid_or_guid)
{
	struct vmbussim_dev *dev;
	guid_t guid;
	u32 relid;

	lockdep_assert_held(&vmbussim.lock);
	if (!kstrtou32(relid_or_guid, 10, &relid))
		return vmbussim_dev_find(relid);
	if (guid_parse(relid_or_guid, &guid))
		return NULL;
	list_for_each_entry(dev, &vmbussim.devs, node)
		if (guid_equal(&dev->instance, &guid))
			return dev;
	return NULL;
}

/**
 * vmbussim_dev_open() - open the host end of a channel
 * @dev: an offered device
 * @gpadl: the rings' GPADL (checked)
 * @offset: first page of the inbound ring (checked)
 * @cpu: target CPU (checked)
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_dev_open(struct vmbussim_dev *dev, struct vmbussim_gpadl *gpadl,
		      u32 offset, unsigned int cpu)
{
	int ret;

	lockdep_assert_held(&vmbussim.lock);
	ret = vmbussim_ring_map(dev, gpadl, offset);
	if (ret)
		return ret;
	gpadl->in_use = true;
	dev->gpadl = gpadl;
	WRITE_ONCE(dev->target_cpu, cpu);
	spin_lock_irq(&dev->ring_lock);
	dev->broken = false;
	dev->tx_blocked = false;
	WRITE_ONCE(dev->open, true);
	spin_unlock_irq(&dev->ring_lock);
	dev->state = VMBUSSIM_DEV_OPEN;
	ret = dev->model->ops->open(dev);
	if (ret) {
		pr_warn("vmbussim: relid %u: model open failed: %d\n",
			dev->relid, ret);
		vmbussim_dev_close(dev);
	}
	return ret;
}

/**
 * vmbussim_dev_close() - close the host end of a channel
 * @dev: an open device
 *
 * Afterwards the host does not touch the rings or the GPADL pages.
 */
void vmbussim_dev_close(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	spin_lock_irq(&dev->ring_lock);
	WRITE_ONCE(dev->open, false);
	spin_unlock_irq(&dev->ring_lock);
	/* A work queued after this finds the channel closed and returns. */
	cancel_work_sync(&dev->work);
	dev->model->ops->close(dev);
	vmbussim_ring_unmap(dev);
	if (dev->gpadl)
		dev->gpadl->in_use = false;
	dev->gpadl = NULL;
	dev->state = VMBUSSIM_DEV_OFFERED;
}

/**
 * vmbussim_dev_rescind() - withdraw an offered or open device
 * @dev: the device
 *
 * Return: 0 or -EINVAL if the device is not offered.
 */
int vmbussim_dev_rescind(struct vmbussim_dev *dev)
{
	struct vmbus_chanmsg_relid msg = {};

	lockdep_assert_held(&vmbussim.lock);
	if (dev->state == VMBUSSIM_DEV_OPEN)
		vmbussim_dev_close(dev);
	if (dev->state != VMBUSSIM_DEV_OFFERED)
		return -EINVAL;
	msg.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_RESCIND_CHANNELOFFER);
	msg.child_relid = cpu_to_le32(dev->relid);
	dev->state = VMBUSSIM_DEV_RESCINDED;
	return vmbussim_post(&msg, sizeof(msg));
}

/**
 * vmbussim_dev_released() - the guest released the relid of @dev
 * @dev: a rescinded device
 */
void vmbussim_dev_released(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	vmbussim_gpadl_drop_relid(dev->relid);
	if (dev->remove_pending) {
		vmbussim_dev_free(dev);
		return;
	}
	dev->state = VMBUSSIM_DEV_RELEASED;
}

/**
 * vmbussim_dev_reoffer() - offer a released device again
 * @dev: the device
 *
 * Return: 0 or -EINVAL if the guest has not released it.
 */
int vmbussim_dev_reoffer(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	if (dev->state != VMBUSSIM_DEV_RELEASED || dev->remove_pending)
		return -EINVAL;
	dev->state = VMBUSSIM_DEV_NEW;
	if (vmbussim.conn == VMBUSSIM_CONN_OFFERED)
		return vmbussim_offer(dev);
	return 0;
}

/**
 * vmbussim_dev_remove() - rescind @dev and forget it once released
 * @dev: the device
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_dev_remove(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	switch (dev->state) {
	case VMBUSSIM_DEV_NEW:
	case VMBUSSIM_DEV_RELEASED:
		vmbussim_dev_free(dev);
		return 0;
	case VMBUSSIM_DEV_RESCINDED:
		dev->remove_pending = true;
		return 0;
	default:
		dev->remove_pending = true;
		return vmbussim_dev_rescind(dev);
	}
}

/**
 * vmbussim_dev_free() - free a device the guest no longer knows
 * @dev: the device
 */
void vmbussim_dev_free(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	if (dev->state == VMBUSSIM_DEV_OPEN)
		vmbussim_dev_close(dev);
	list_del(&dev->node);
	spin_lock_irq(&vmbussim.dev_lock);
	vmbussim.relids[dev->relid] = NULL;
	spin_unlock_irq(&vmbussim.dev_lock);
	/* No signal can queue the work any more. */
	cancel_work_sync(&dev->work);
	dev->model->ops->release(dev);
	kfree(dev);
}

/**
 * vmbussim_event() - the guest signalled an event connection
 * @conn_id: the connection id (from the channel's offer)
 *
 * Any context.
 *
 * Return: 0 or -EINVAL for a connection id of no device.
 */
int vmbussim_event(u32 conn_id)
{
	struct vmbussim_dev *dev;
	unsigned long flags;
	u32 relid;
	int ret = 0;

	if (conn_id <= VMBUSSIM_CONN_ID_BASE ||
	    conn_id > VMBUSSIM_CONN_ID_BASE + VMBUS_MAX_RELID)
		return -EINVAL;
	relid = conn_id - VMBUSSIM_CONN_ID_BASE;
	spin_lock_irqsave(&vmbussim.dev_lock, flags);
	dev = vmbussim.relids[relid];
	if (!dev) {
		ret = -EINVAL;
	} else if (READ_ONCE(dev->open)) {
		dev->stats.signals_in++;
		queue_work(vmbussim.wq, &dev->work);
	}
	spin_unlock_irqrestore(&vmbussim.dev_lock, flags);
	if (ret)
		pr_warn_ratelimited("vmbussim: signal on unknown connection %#x\n",
				    conn_id);
	return ret;
}
