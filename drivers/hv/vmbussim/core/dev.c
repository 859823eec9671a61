// SPDX-License-Identifier: GPL-2.0
/*
 * Devices of the simulated host: creation, offer, rescind, re-offer and
 * removal, and the subchannels a device model offers on the guest's
 * request.
 *
 * A channel holds a relid from its offer until the guest releases it or
 * the connection ends (chan.c: the relid pool); a released device offered
 * again gets the lowest free relid, which need not be the one it had.
 * Subchannels live from the model's offer until the guest releases them
 * or disconnects.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmbussim.h"

void *vmbussim_dev_priv(const struct vmbussim_dev *dev)
{
	return dev->priv;
}
EXPORT_SYMBOL_GPL(vmbussim_dev_priv);

void vmbussim_dev_set_priv(struct vmbussim_dev *dev, void *priv)
{
	dev->priv = priv;
}
EXPORT_SYMBOL_GPL(vmbussim_dev_set_priv);

/**
 * vmbussim_dev_instance() - a device's instance GUID
 * @dev: the device
 *
 * Return: the GUID, set before the model's @init runs.
 */
const guid_t *vmbussim_dev_instance(const struct vmbussim_dev *dev)
{
	return &dev->instance;
}
EXPORT_SYMBOL_GPL(vmbussim_dev_instance);

/**
 * vmbussim_dev_model() - the model a device was created from
 * @dev: the device
 *
 * Return: the model (for hooks that several models share).
 */
const struct vmbussim_model *vmbussim_dev_model(const struct vmbussim_dev *dev)
{
	return dev->model;
}
EXPORT_SYMBOL_GPL(vmbussim_dev_model);

u32 vmbussim_dev_relid(const struct vmbussim_dev *dev)
{
	return dev->chans[0]->relid;
}
EXPORT_SYMBOL_GPL(vmbussim_dev_relid);

struct vmbussim_chan *vmbussim_dev_chan(struct vmbussim_dev *dev, u16 index)
{
	return index < dev->nr_chans ? READ_ONCE(dev->chans[index]) : NULL;
}
EXPORT_SYMBOL_GPL(vmbussim_dev_chan);

/* The device's state is its primary channel's. */
enum vmbussim_dev_state vmbussim_dev_state(const struct vmbussim_dev *dev)
{
	return dev->chans[0]->state;
}

/**
 * vmbussim_dev_add() - create a device and offer it if the guest listens
 * @model_name: the model's name; its module must have registered it
 *
 * Return: the device or an ERR_PTR().
 */
struct vmbussim_dev *vmbussim_dev_add(const char *model_name)
{
	const struct vmbussim_model *model;
	struct vmbussim_chan *ch;
	struct vmbussim_dev *dev;
	u16 devno;
	int ret;

	lockdep_assert_held(&vmbussim.lock);
	/* Holds the model's module until the device is freed. */
	model = vmbussim_model_get(model_name);
	if (!model)
		return ERR_PTR(-ENOENT);
	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev) {
		vmbussim_model_put(model);
		return ERR_PTR(-ENOMEM);
	}
	dev->model = model;
	/* 76736d<model>-<number>-0000-0000-000000000000 ("vsm") */
	devno = vmbussim.model_devno[model->index]++;
	dev->instance = GUID_INIT(0x76736d00 | model->index, devno,
				  0, 0, 0, 0, 0, 0, 0, 0, 0);
	ret = model->ops->init(dev);
	if (ret)
		goto err_free_dev;
	ch = vmbussim_chan_new(dev, 0);
	if (IS_ERR(ch)) {
		ret = PTR_ERR(ch);
		goto err_release_model;
	}
	list_add_tail(&dev->node, &vmbussim.devs);
	if (vmbussim.conn == VMBUSSIM_CONN_OFFERED)
		vmbussim_offer(ch);
	return dev;

err_release_model:
	model->ops->release(dev);
err_free_dev:
	kfree(dev);
	vmbussim_model_put(model);
	return ERR_PTR(ret);
}

/**
 * vmbussim_dev_lookup() - find a device by relid or instance GUID
 * @relid_or_guid: decimal relid (of any of its channels) or GUID text
 *
 * Return: the device or NULL.
 */
struct vmbussim_dev *vmbussim_dev_lookup(const char *relid_or_guid)
{
	struct vmbussim_chan *ch;
	struct vmbussim_dev *dev;
	guid_t guid;
	u32 relid;

	lockdep_assert_held(&vmbussim.lock);
	if (!kstrtou32(relid_or_guid, 10, &relid)) {
		ch = vmbussim_chan_lookup_relid(relid);
		return ch ? ch->dev : NULL;
	}
	if (guid_parse(relid_or_guid, &guid))
		return NULL;
	list_for_each_entry(dev, &vmbussim.devs, node)
		if (guid_equal(&dev->instance, &guid))
			return dev;
	return NULL;
}

/**
 * vmbussim_dev_offer() - offer a device not yet offered in this connection
 * @dev: the device
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_dev_offer(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	if (vmbussim_dev_state(dev) != VMBUSSIM_DEV_NEW)
		return 0;
	return vmbussim_offer(dev->chans[0]);
}

/**
 * vmbussim_dev_rescind() - withdraw an offered or open device: its
 *	subchannels first, then its primary channel
 * @dev: the device
 *
 * Return: 0 or -EINVAL if the device is not offered.
 */
int vmbussim_dev_rescind(struct vmbussim_dev *dev)
{
	u16 i;

	lockdep_assert_held(&vmbussim.lock);
	for (i = dev->nr_chans; i-- > 1;)
		if (dev->chans[i])
			vmbussim_chan_rescind(dev->chans[i]);
	return vmbussim_chan_rescind(dev->chans[0]);
}

/* The primary is released and no subchannel is left. */
static bool vmbussim_dev_idle(const struct vmbussim_dev *dev)
{
	return dev->nr_chans == 1 &&
	       vmbussim_dev_state(dev) == VMBUSSIM_DEV_RELEASED;
}

/**
 * vmbussim_chan_released() - the guest released the relid of @ch
 * @ch: a rescinded channel
 */
void vmbussim_chan_released(struct vmbussim_chan *ch)
{
	struct vmbussim_dev *dev = ch->dev;

	lockdep_assert_held(&vmbussim.lock);
	/*
	 * Hyper-V lets a guest release a channel rescinded while open
	 * without closing it; the host end closes now. (Linux closes first.)
	 */
	if (vmbussim_chan_serving(ch)) {
		vmbussim.released_unclosed++;
		vmbussim_chan_close(ch);
	}
	vmbussim_gpadl_drop_relid(ch->relid);
	if (ch->index) {
		vmbussim_chan_free(ch);
		/* Offers held back for its index may go out now. */
		queue_work(vmbussim.mgmt_wq, &vmbussim.sc_work);
	} else {
		vmbussim_relid_free(ch);
		ch->state = VMBUSSIM_DEV_RELEASED;
	}
	if (dev->remove_pending && vmbussim_dev_idle(dev))
		vmbussim_dev_free(dev);
}

/**
 * vmbussim_dev_reoffer() - offer a released device again
 * @dev: the device
 *
 * It gets the lowest free relid, as any new offer.
 *
 * Return: 0 or -EINVAL if the guest has not released all its channels.
 */
int vmbussim_dev_reoffer(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	if (!vmbussim_dev_idle(dev) || dev->remove_pending)
		return -EINVAL;
	dev->chans[0]->state = VMBUSSIM_DEV_NEW;
	if (vmbussim.conn == VMBUSSIM_CONN_OFFERED)
		return vmbussim_offer(dev->chans[0]);
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
	switch (vmbussim_dev_state(dev)) {
	case VMBUSSIM_DEV_NEW:
	case VMBUSSIM_DEV_RELEASED:
		if (dev->nr_chans == 1) {
			vmbussim_dev_free(dev);
			return 0;
		}
		dev->remove_pending = true;
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
 * vmbussim_dev_disconnect() - the connection is gone: close every channel
 *	of @dev, drop its subchannels, and free it if removal was pending
 * @dev: the device
 */
void vmbussim_dev_disconnect(struct vmbussim_dev *dev)
{
	u16 i;

	lockdep_assert_held(&vmbussim.lock);
	vmbussim_dev_forget_subchannels(dev);
	for (i = dev->nr_chans; i-- > 1;)
		if (dev->chans[i])
			vmbussim_chan_free(dev->chans[i]);
	if (vmbussim_chan_serving(dev->chans[0]))
		vmbussim_chan_close(dev->chans[0]);
	vmbussim_relid_free(dev->chans[0]);
	if (dev->remove_pending) {
		vmbussim_dev_free(dev);
		return;
	}
	dev->chans[0]->state = VMBUSSIM_DEV_NEW;
}

/**
 * vmbussim_dev_free() - free a device and all its channels
 * @dev: the device
 */
void vmbussim_dev_free(struct vmbussim_dev *dev)
{
	u16 i;

	lockdep_assert_held(&vmbussim.lock);
	for (i = dev->nr_chans; i-- > 0;)
		if (dev->chans[i])
			vmbussim_chan_free(dev->chans[i]);
	list_del(&dev->node);
	dev->model->ops->release(dev);
	vmbussim_model_put(dev->model);
	kfree(dev);
}

/**
 * vmbussim_dev_forget_subchannels() - the guest must ask for subchannels
 *	anew (its primary channel closed, or the connection went down)
 * @dev: the device
 */
void vmbussim_dev_forget_subchannels(struct vmbussim_dev *dev)
{
	lockdep_assert_held(&vmbussim.lock);
	spin_lock_irq(&vmbussim.dev_lock);
	dev->sc_requested = 0;
	spin_unlock_irq(&vmbussim.dev_lock);
	dev->sc_offered = 0;
}

/**
 * vmbussim_offer_subchannels() - offer more subchannels of a device
 * @dev: the device; its primary channel is open
 * @count: how many to add
 *
 * Any context (typically a model's @packet hook answering the guest's
 * request). The offers go out from the management work, after this
 * returns.
 *
 * Return: 0, or -EINVAL if the device would have more than
 * VMBUSSIM_MAX_SUBCHANNELS.
 */
int vmbussim_offer_subchannels(struct vmbussim_dev *dev, u16 count)
{
	unsigned long flags;
	int ret = 0;

	spin_lock_irqsave(&vmbussim.dev_lock, flags);
	if (count > VMBUSSIM_MAX_SUBCHANNELS - dev->sc_requested)
		ret = -EINVAL;
	else
		dev->sc_requested += count;
	spin_unlock_irqrestore(&vmbussim.dev_lock, flags);
	if (!ret)
		queue_work(vmbussim.mgmt_wq, &vmbussim.sc_work);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbussim_offer_subchannels);

/* Offer the subchannels one device asked for. */
static void vmbussim_dev_add_subchannels(struct vmbussim_dev *dev)
{
	struct vmbussim_chan *ch;
	u16 want;

	spin_lock_irq(&vmbussim.dev_lock);
	want = dev->sc_requested;
	spin_unlock_irq(&vmbussim.dev_lock);
	if (vmbussim_dev_state(dev) != VMBUSSIM_DEV_OPEN)
		return;
	while (dev->sc_offered < want) {
		/*
		 * The guest still holds a rescinded subchannel with this
		 * index (its primary closed and opened again meanwhile):
		 * offer once it releases it (vmbussim_chan_released()).
		 */
		if (dev->chans[dev->sc_offered + 1])
			return;
		ch = vmbussim_chan_new(dev, dev->sc_offered + 1);
		if (IS_ERR(ch)) {
			pr_warn("vmbussim: %pUl: subchannel %u: %ld\n",
				&dev->instance, dev->sc_offered + 1,
				PTR_ERR(ch));
			return;
		}
		dev->sc_offered++;
		vmbussim_offer(ch);
	}
}

/**
 * vmbussim_sc_work() - offer the subchannels models asked for
 * @work: host.sc_work
 *
 * Runs on the ordered management queue, so it never races with the
 * handling of the guest's messages.
 */
void vmbussim_sc_work(struct work_struct *work)
{
	struct vmbussim_dev *dev;

	mutex_lock(&vmbussim.lock);
	if (vmbussim.conn == VMBUSSIM_CONN_OFFERED)
		list_for_each_entry(dev, &vmbussim.devs, node)
			vmbussim_dev_add_subchannels(dev);
	mutex_unlock(&vmbussim.lock);
}
