// SPDX-License-Identifier: GPL-2.0
/*
 * The per-channel sysfs directory, channels/<relid>/ under the device:
 * the channel's CPU (writable: moves the host's interrupts for the channel
 * to another CPU), its ring state and its counters.
 *
 * The channel's kobject is also its reference count: the channel is freed
 * when its last reference goes.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/kobject.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include "vmbus_private.h"

struct vmbus_chan_attr {
	struct attribute attr;
	ssize_t (*show)(struct vmbus_channel *ch, char *buf);
	ssize_t (*store)(struct vmbus_channel *ch, const char *buf,
			 size_t count);
};

#define to_chan_attr(a) container_of(a, struct vmbus_chan_attr, attr)
#define kobj_to_chan(k) container_of(k, struct vmbus_channel, kobj)

static ssize_t vmbus_chan_attr_show(struct kobject *kobj, struct attribute *a,
				    char *buf)
{
	const struct vmbus_chan_attr *attr = to_chan_attr(a);

	return attr->show ? attr->show(kobj_to_chan(kobj), buf) : -EIO;
}

static ssize_t vmbus_chan_attr_store(struct kobject *kobj, struct attribute *a,
				     const char *buf, size_t count)
{
	const struct vmbus_chan_attr *attr = to_chan_attr(a);

	return attr->store ? attr->store(kobj_to_chan(kobj), buf, count) : -EIO;
}

static const struct sysfs_ops vmbus_chan_sysfs_ops = {
	.show = vmbus_chan_attr_show,
	.store = vmbus_chan_attr_store,
};

#define VMBUS_CHAN_ATTR_RO(_name)					\
	static struct vmbus_chan_attr chan_attr_##_name =		\
		__ATTR(_name, 0444, _name##_show, NULL)
#define VMBUS_CHAN_ATTR_RW(_name)					\
	static struct vmbus_chan_attr chan_attr_##_name =		\
		__ATTR(_name, 0644, _name##_show, _name##_store)

/* Counters: read without a lock; they only ever grow. */
#define VMBUS_CHAN_COUNTER(_name, expr)					\
static ssize_t _name##_show(struct vmbus_channel *ch, char *buf)	\
{									\
	return sysfs_emit(buf, "%llu\n", (unsigned long long)(expr));	\
}									\
VMBUS_CHAN_ATTR_RO(_name)

VMBUS_CHAN_COUNTER(interrupts, READ_ONCE(ch->interrupts));
VMBUS_CHAN_COUNTER(events, READ_ONCE(ch->events));
VMBUS_CHAN_COUNTER(intr_in_full, READ_ONCE(ch->intr_in_full));
VMBUS_CHAN_COUNTER(intr_out_empty, READ_ONCE(ch->intr_out_empty));
VMBUS_CHAN_COUNTER(out_full_first, READ_ONCE(ch->out.full_first));
VMBUS_CHAN_COUNTER(out_full_total, READ_ONCE(ch->out.full_total));
VMBUS_CHAN_COUNTER(subchannel_id, ch->subchannel_index);
VMBUS_CHAN_COUNTER(monitor_id, ch->monitor_id);

/* Ring values: only while the channel is open. */
static ssize_t chan_ring_show(struct vmbus_channel *ch, char *buf,
			      u32 (*get)(struct vmbus_channel *ch))
{
	u32 val = 0;

	mutex_lock(&ch->lock);
	if (ch->state == VMBUS_CHAN_OPEN)
		val = get(ch);
	mutex_unlock(&ch->lock);
	return sysfs_emit(buf, "%u\n", val);
}

static u32 get_in_mask(struct vmbus_channel *ch)
{
	return le32_to_cpu(READ_ONCE(ch->in.ctrl->interrupt_mask));
}

static u32 get_out_mask(struct vmbus_channel *ch)
{
	return le32_to_cpu(READ_ONCE(ch->out.ctrl->interrupt_mask));
}

static u32 get_read_avail(struct vmbus_channel *ch)
{
	return vmbus_ring_read_avail(&ch->in);
}

static u32 get_write_avail(struct vmbus_channel *ch)
{
	return vmbus_ring_write_avail(&ch->out);
}

#define VMBUS_CHAN_RING(_name, get)					\
static ssize_t _name##_show(struct vmbus_channel *ch, char *buf)	\
{									\
	return chan_ring_show(ch, buf, get);				\
}									\
VMBUS_CHAN_ATTR_RO(_name)

VMBUS_CHAN_RING(in_mask, get_in_mask);
VMBUS_CHAN_RING(out_mask, get_out_mask);
VMBUS_CHAN_RING(read_avail, get_read_avail);
VMBUS_CHAN_RING(write_avail, get_write_avail);

/* The host's monitor state of the channel, if it is monitored. */
static ssize_t pending_show(struct vmbus_channel *ch, char *buf)
{
	const struct vmbus_monitor_page *mp = vmbus_conn.monitor_pages[1];
	u32 bits = 0;

	if (ch->monitored && mp)
		bits = le32_to_cpu(READ_ONCE(mp->trigger_group[ch->monitor_id / 32].pending));
	return sysfs_emit(buf, "%d\n", !!(bits & BIT(ch->monitor_id % 32)));
}
VMBUS_CHAN_ATTR_RO(pending);

static ssize_t latency_show(struct vmbus_channel *ch, char *buf)
{
	const struct vmbus_monitor_page *mp = vmbus_conn.monitor_pages[1];
	unsigned int group = ch->monitor_id / 32, bit = ch->monitor_id % 32;
	u16 latency = 0;

	if (ch->monitored && mp)
		latency = le16_to_cpu(READ_ONCE(mp->latency[group][bit]));
	return sysfs_emit(buf, "%u\n", latency);
}
VMBUS_CHAN_ATTR_RO(latency);

static ssize_t cpu_show(struct vmbus_channel *ch, char *buf)
{
	return sysfs_emit(buf, "%u\n", READ_ONCE(ch->target_cpu));
}

static ssize_t cpu_store(struct vmbus_channel *ch, const char *buf,
			 size_t count)
{
	unsigned int cpu;
	int ret;

	ret = kstrtouint(buf, 0, &cpu);
	if (ret)
		return ret;
	ret = vmbus_channel_set_cpu(ch, cpu);
	return ret ? ret : count;
}
VMBUS_CHAN_ATTR_RW(cpu);

static struct attribute *vmbus_chan_attrs[] = {
	&chan_attr_cpu.attr,
	&chan_attr_interrupts.attr,
	&chan_attr_events.attr,
	&chan_attr_intr_in_full.attr,
	&chan_attr_intr_out_empty.attr,
	&chan_attr_out_full_first.attr,
	&chan_attr_out_full_total.attr,
	&chan_attr_subchannel_id.attr,
	&chan_attr_monitor_id.attr,
	&chan_attr_in_mask.attr,
	&chan_attr_out_mask.attr,
	&chan_attr_read_avail.attr,
	&chan_attr_write_avail.attr,
	&chan_attr_pending.attr,
	&chan_attr_latency.attr,
	NULL,
};

/* The monitor files exist only for a channel the host monitors. */
static umode_t vmbus_chan_attr_visible(struct kobject *kobj,
				       struct attribute *attr, int n)
{
	const struct vmbus_channel *ch = kobj_to_chan(kobj);

	if (!ch->monitored && (attr == &chan_attr_monitor_id.attr ||
			       attr == &chan_attr_pending.attr ||
			       attr == &chan_attr_latency.attr))
		return 0;
	return attr->mode;
}

static const struct attribute_group vmbus_chan_group = {
	.attrs = vmbus_chan_attrs,
	.is_visible = vmbus_chan_attr_visible,
};
__ATTRIBUTE_GROUPS(vmbus_chan);

static void vmbus_chan_kobj_release(struct kobject *kobj)
{
	kfree(kobj_to_chan(kobj));
}

static const struct kobj_type vmbus_chan_ktype = {
	.sysfs_ops = &vmbus_chan_sysfs_ops,
	.default_groups = vmbus_chan_groups,
	.release = vmbus_chan_kobj_release,
};

/**
 * vmbus_channel_kobj_init() - start a channel's reference count at one
 * @ch: the new channel
 */
void vmbus_channel_kobj_init(struct vmbus_channel *ch)
{
	kobject_init(&ch->kobj, &vmbus_chan_ktype);
}

/**
 * vmbus_channel_sysfs_add() - show a channel under its device's channels/
 * @ch: the channel; its device is in sysfs
 *
 * Return: 0 or a negative errno.
 */
int vmbus_channel_sysfs_add(struct vmbus_channel *ch)
{
	struct vmbus_channel *primary = ch->primary ?: ch;
	int ret;

	if (!ch->primary) {
		primary->channels_dir =
			kobject_create_and_add("channels",
					       &ch->device->device.kobj);
		if (!primary->channels_dir)
			return -ENOMEM;
	}
	ret = kobject_add(&ch->kobj, primary->channels_dir, "%u", ch->relid);
	if (ret)
		return ret;
	ch->kobj_added = true;
	kobject_uevent(&ch->kobj, KOBJ_ADD);
	return 0;
}

/**
 * vmbus_channel_sysfs_del() - remove a channel's directory
 * @ch: the channel
 */
void vmbus_channel_sysfs_del(struct vmbus_channel *ch)
{
	if (ch->kobj_added) {
		kobject_del(&ch->kobj);
		ch->kobj_added = false;
	}
	if (!ch->primary && ch->channels_dir) {
		kobject_put(ch->channels_dir);
		ch->channels_dir = NULL;
	}
}
