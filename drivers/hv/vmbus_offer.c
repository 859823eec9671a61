// SPDX-License-Identifier: GPL-2.0
/*
 * Channel offers and rescinds: a validated offer becomes a channel (and,
 * for a primary channel, a device on the bus); a rescind removes it at any
 * moment, after which the relid is handed back with RELID_RELEASED.
 *
 * Offers, rescinds and removals run in host order on the message
 * workqueue. vmbus_conn.chan_lock protects the relid map's updates, the
 * list of primary channels and the subchannel lists; the interrupt path
 * reads the relid map under RCU.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/cpumask.h>
#include <linux/slab.h>

#include <linux/hyperv/spec/classes.h>

#include "vmbus_private.h"

/* Offers with no Linux driver that the bus does not even list. */
static const guid_t vmbus_ignored_classes[] = {
	VMBUS_CLASS_AVMA1,
	VMBUS_CLASS_AVMA2,
	VMBUS_CLASS_RDV,
	VMBUS_CLASS_IMC,
};

/* Classes whose channels carry bulk I/O and are spread over CPUs. */
static const guid_t vmbus_perf_classes[] = {
	VMBUS_CLASS_NIC,
	VMBUS_CLASS_SCSI,
	VMBUS_CLASS_IDE,
	VMBUS_CLASS_FC,
	VMBUS_CLASS_PCIE,
};

static bool vmbus_class_in(const guid_t *class, const guid_t *list,
			   unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (guid_equal(class, &list[i]))
			return true;
	return false;
}

/**
 * vmbus_offer_check() - validate an OFFERCHANNEL message
 * @o: the offer
 * @len: its payload size
 *
 * Return: 0, or -EBADMSG if the offer is short or names an impossible
 * relid or monitor id.
 */
int vmbus_offer_check(const struct vmbus_chanmsg_offer *o, u32 len)
{
	if (len < sizeof(*o))
		return -EBADMSG;
	if (le32_to_cpu(o->child_relid) > VMBUS_MAX_RELID)
		return -EBADMSG;
	if ((o->monitor_flags & VMBUS_OFFER_MONITOR_ALLOCATED) &&
	    o->monitor_id > VMBUS_MAX_MONITOR_ID)
		return -EBADMSG;
	return 0;
}

/**
 * vmbus_relid_channel() - the channel of a relid
 * @relid: the relid
 *
 * Return: the channel, or NULL.
 */
struct vmbus_channel *vmbus_relid_channel(u32 relid)
{
	struct vmbus_channel __rcu **map = READ_ONCE(vmbus_conn.relid_map);

	if (!map || relid > VMBUS_MAX_RELID)
		return NULL;
	return rcu_dereference_check(map[relid],
				     lockdep_is_held(&vmbus_conn.chan_lock));
}

static void vmbus_relid_publish(struct vmbus_channel *ch)
{
	lockdep_assert_held(&vmbus_conn.chan_lock);
	rcu_assign_pointer(vmbus_conn.relid_map[ch->relid], ch);
}

static void vmbus_relid_unpublish(struct vmbus_channel *ch)
{
	mutex_lock(&vmbus_conn.chan_lock);
	RCU_INIT_POINTER(vmbus_conn.relid_map[ch->relid], NULL);
	mutex_unlock(&vmbus_conn.chan_lock);
	/* The interrupt path may still be scheduling the channel. */
	synchronize_rcu();
	tasklet_kill(&ch->tasklet);
}

/* Pick the CPU the host interrupts for a new channel. */
static unsigned int vmbus_pick_cpu(const struct vmbus_channel *ch)
{
	static atomic_t next;
	unsigned int n, cpu;

	if (!vmbus_class_in(&ch->offer.if_type, vmbus_perf_classes,
			    ARRAY_SIZE(vmbus_perf_classes)))
		return vmbus_conn.connect_cpu;
	n = (unsigned int)atomic_inc_return(&next) % num_online_cpus();
	for_each_online_cpu(cpu)
		if (!n--)
			return cpu;
	return vmbus_conn.connect_cpu;
}

static struct vmbus_channel *vmbus_channel_new(const struct vmbus_chanmsg_offer *o)
{
	struct vmbus_channel *ch = kzalloc(sizeof(*ch), GFP_KERNEL);

	if (!ch)
		return NULL;
	vmbus_channel_init(ch);
	ch->offer = *o;
	ch->relid = le32_to_cpu(o->child_relid);
	ch->connection_id = le32_to_cpu(o->connection_id);
	ch->subchannel_index = le16_to_cpu(o->sub_channel_index);
	ch->monitored = o->monitor_flags & VMBUS_OFFER_MONITOR_ALLOCATED;
	ch->monitor_id = o->monitor_id;
	ch->target_cpu = vmbus_pick_cpu(ch);
	ch->target_vp = vmbus_conn.ops->vp_index(ch->target_cpu);
	return ch;
}

static struct vmbus_channel *vmbus_find_primary(const guid_t *instance)
{
	struct vmbus_channel *ch;

	lockdep_assert_held(&vmbus_conn.chan_lock);
	list_for_each_entry(ch, &vmbus_conn.channels, sc_node)
		if (guid_equal(&ch->offer.if_instance, instance))
			return ch;
	return NULL;
}

static void vmbus_send_relid_released(u32 relid)
{
	struct vmbus_chanmsg_relid msg = {
		.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_RELID_RELEASED),
		.child_relid = cpu_to_le32(relid),
	};

	vmbus_post_msg(&msg, sizeof(msg), true);
}

/* Attach a subchannel offer to its primary channel. */
static void vmbus_add_subchannel(struct vmbus_channel *ch)
{
	void (*cb)(struct vmbus_channel *sc);
	struct vmbus_channel *primary;

	mutex_lock(&vmbus_conn.chan_lock);
	primary = vmbus_find_primary(&ch->offer.if_instance);
	if (!primary || !vmbus_conn.connected) {
		mutex_unlock(&vmbus_conn.chan_lock);
		pr_err_ratelimited("subchannel offer %u without a primary channel dropped\n",
				   ch->relid);
		kobject_put(&ch->kobj);
		return;
	}
	ch->primary = primary;
	ch->device = primary->device;
	list_add_tail(&ch->sc_node, &primary->subchannels);
	vmbus_relid_publish(ch);
	mutex_unlock(&vmbus_conn.chan_lock);

	vmbus_channel_sysfs_add(ch);
	mutex_lock(&vmbus_conn.chan_lock);
	cb = primary->sc_callback;
	mutex_unlock(&vmbus_conn.chan_lock);
	if (cb)
		cb(ch);
}

static void vmbus_add_primary(struct vmbus_channel *ch)
{
	mutex_lock(&vmbus_conn.chan_lock);
	if (!vmbus_conn.connected) {
		mutex_unlock(&vmbus_conn.chan_lock);
		kobject_put(&ch->kobj);
		return;
	}
	list_add_tail(&ch->sc_node, &vmbus_conn.channels);
	vmbus_relid_publish(ch);
	mutex_unlock(&vmbus_conn.chan_lock);

	if (vmbus_device_add(ch)) {
		pr_err("adding the device of relid %u failed\n", ch->relid);
		mutex_lock(&vmbus_conn.chan_lock);
		list_del_init(&ch->sc_node);
		mutex_unlock(&vmbus_conn.chan_lock);
		vmbus_relid_unpublish(ch);
		kobject_put(&ch->kobj);
	}
}

/**
 * vmbus_on_offer() - the host offered a channel
 * @o: the offer, copied out of the message slot
 *
 * Runs on the message workqueue.
 */
void vmbus_on_offer(const struct vmbus_chanmsg_offer *o)
{
	struct vmbus_channel *ch;
	u32 relid = le32_to_cpu(o->child_relid);

	if (vmbus_offer_check(o, sizeof(*o))) {
		pr_err_ratelimited("invalid offer (relid %u) dropped\n", relid);
		return;
	}
	if (vmbus_class_in(&o->if_type, vmbus_ignored_classes,
			   ARRAY_SIZE(vmbus_ignored_classes)))
		return;
	rcu_read_lock();
	ch = vmbus_relid_channel(relid);
	rcu_read_unlock();
	if (ch) {
		pr_err_ratelimited("offer for relid %u that is in use dropped\n",
				   relid);
		return;
	}
	ch = vmbus_channel_new(o);
	if (!ch)
		return;
	if (ch->subchannel_index)
		vmbus_add_subchannel(ch);
	else
		vmbus_add_primary(ch);
}

/**
 * vmbus_set_subchannel_callback() - be told of each new subchannel
 * @primary: the device's primary channel
 * @cb: called on the bus's message workqueue for every subchannel the
 *	host offers from now on; it may open the subchannel. NULL to stop.
 *
 * A multiqueue driver sets this before it asks its host for subchannels
 * (in its device protocol), together with
 * vmbus_set_subchannel_rescind_callback(). Closing the primary channel
 * closes its subchannels and clears both callbacks.
 */
void vmbus_set_subchannel_callback(struct vmbus_channel *primary,
				   void (*cb)(struct vmbus_channel *sc))
{
	mutex_lock(&vmbus_conn.chan_lock);
	primary->sc_callback = cb;
	mutex_unlock(&vmbus_conn.chan_lock);
}
EXPORT_SYMBOL_GPL(vmbus_set_subchannel_callback);

/**
 * vmbus_set_subchannel_rescind_callback() - be told when the host
 *	withdraws a subchannel
 * @primary: the device's primary channel
 * @cb: called on the bus's message workqueue when the host rescinds a
 *	subchannel the driver opened, before the bus closes and frees it;
 *	the driver stops using the subchannel in it (after it returns the
 *	channel is gone). NULL to stop.
 */
void vmbus_set_subchannel_rescind_callback(struct vmbus_channel *primary,
					   void (*cb)(struct vmbus_channel *sc))
{
	mutex_lock(&vmbus_conn.chan_lock);
	primary->sc_rescind_callback = cb;
	mutex_unlock(&vmbus_conn.chan_lock);
}
EXPORT_SYMBOL_GPL(vmbus_set_subchannel_rescind_callback);

/**
 * vmbus_close_subchannels() - close every open subchannel of a primary
 * @primary: the primary channel, about to be closed
 *
 * The driver is told of no further subchannel: both callbacks are
 * cleared first. Each subchannel is closed with a reference held, so a
 * rescind racing with this cannot free it underneath.
 */
void vmbus_close_subchannels(struct vmbus_channel *primary)
{
	struct vmbus_channel *sc, *open;

	for (;;) {
		open = NULL;
		mutex_lock(&vmbus_conn.chan_lock);
		primary->sc_callback = NULL;
		primary->sc_rescind_callback = NULL;
		list_for_each_entry(sc, &primary->subchannels, sc_node) {
			if (READ_ONCE(sc->state) != VMBUS_CHAN_OFFERED) {
				open = sc;
				kobject_get(&open->kobj);
				break;
			}
		}
		mutex_unlock(&vmbus_conn.chan_lock);
		if (!open)
			return;
		vmbus_close(open);
		kobject_put(&open->kobj);
	}
}

/**
 * vmbus_subchannel_index() - which subchannel of its device a channel is
 * @ch: a channel
 *
 * Return: 0 for the primary channel, n for subchannel n.
 */
u16 vmbus_subchannel_index(const struct vmbus_channel *ch)
{
	return ch->subchannel_index;
}
EXPORT_SYMBOL_GPL(vmbus_subchannel_index);

/* Forget a subchannel; tell its driver first if it opened it. */
static void vmbus_remove_subchannel(struct vmbus_channel *sc)
{
	void (*cb)(struct vmbus_channel *sc);
	u32 relid = sc->relid;

	mutex_lock(&vmbus_conn.chan_lock);
	cb = sc->primary->sc_rescind_callback;
	mutex_unlock(&vmbus_conn.chan_lock);
	if (cb && READ_ONCE(sc->rescinded) &&
	    READ_ONCE(sc->state) != VMBUS_CHAN_OFFERED)
		cb(sc);
	if (READ_ONCE(sc->state) != VMBUS_CHAN_OFFERED)
		vmbus_close(sc);
	vmbus_channel_sysfs_del(sc);
	mutex_lock(&vmbus_conn.chan_lock);
	list_del_init(&sc->sc_node);
	mutex_unlock(&vmbus_conn.chan_lock);
	vmbus_relid_unpublish(sc);
	if (READ_ONCE(sc->rescinded))
		vmbus_send_relid_released(relid);
	kobject_put(&sc->kobj);
}

/* Remove a primary channel's device, its subchannels and the channel. */
static void vmbus_remove_primary(struct vmbus_channel *ch)
{
	struct hv_device *dev = ch->device;
	struct vmbus_channel *sc, *tmp;

	vmbus_device_remove(dev);
	if (READ_ONCE(ch->state) != VMBUS_CHAN_OFFERED) {
		dev_warn(&dev->device, "driver left the channel open\n");
		vmbus_close(ch);
	}
	list_for_each_entry_safe(sc, tmp, &ch->subchannels, sc_node)
		vmbus_remove_subchannel(sc);
	mutex_lock(&vmbus_conn.chan_lock);
	list_del_init(&ch->sc_node);
	mutex_unlock(&vmbus_conn.chan_lock);
	vmbus_relid_unpublish(ch);
	if (READ_ONCE(ch->rescinded))
		vmbus_send_relid_released(ch->relid);
	/* Drops the device's reference to the channel. */
	put_device(&dev->device);
	kobject_put(&ch->kobj);
}

/**
 * vmbus_on_rescind() - the host withdrew a channel
 * @relid: the channel
 *
 * Runs on the message workqueue, after the offer of the channel.
 */
void vmbus_on_rescind(u32 relid)
{
	struct vmbus_channel *ch;
	bool connected;

	mutex_lock(&vmbus_conn.chan_lock);
	ch = vmbus_relid_channel(relid);
	connected = vmbus_conn.connected;
	if (ch)
		WRITE_ONCE(ch->rescinded, true);
	mutex_unlock(&vmbus_conn.chan_lock);
	if (!ch) {
		pr_err_ratelimited("rescind of unknown relid %u ignored\n",
				   relid);
		return;
	}
	vmbus_waiters_abort(relid, false);
	/* While disconnecting, vmbus_remove_all_channels() removes it. */
	if (!connected)
		return;
	if (ch->primary)
		vmbus_remove_subchannel(ch);
	else
		vmbus_remove_primary(ch);
}

/**
 * vmbus_remove_all_channels() - remove every device, at disconnect
 */
void vmbus_remove_all_channels(void)
{
	struct vmbus_channel *ch;

	for (;;) {
		mutex_lock(&vmbus_conn.chan_lock);
		ch = list_first_entry_or_null(&vmbus_conn.channels,
					      struct vmbus_channel, sc_node);
		mutex_unlock(&vmbus_conn.chan_lock);
		if (!ch)
			break;
		vmbus_remove_primary(ch);
	}
}
