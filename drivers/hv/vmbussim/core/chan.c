// SPDX-License-Identifier: GPL-2.0
/*
 * Channels of the simulated host: relids, open and close of the host end,
 * rescind, the guest's signals, and the send API of device models.
 *
 * A channel is a device's primary channel or one of its subchannels. Its
 * work item reads the guest's outbound ring and hands packets to the
 * model; it never takes host.lock, so the management path may cancel it
 * while holding that lock.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "vmbussim.h"

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

struct vmbussim_dev *vmbussim_chan_dev(const struct vmbussim_chan *ch)
{
	return ch->dev;
}
EXPORT_SYMBOL_GPL(vmbussim_chan_dev);

u16 vmbussim_chan_index(const struct vmbussim_chan *ch)
{
	return ch->index;
}
EXPORT_SYMBOL_GPL(vmbussim_chan_index);

u32 vmbussim_chan_relid(const struct vmbussim_chan *ch)
{
	return ch->relid;
}
EXPORT_SYMBOL_GPL(vmbussim_chan_relid);

/* Signal the guest that the inbound ring of @ch has packets. */
void vmbussim_chan_signal(struct vmbussim_chan *ch)
{
	if (vmbussim_synic_signal(READ_ONCE(ch->target_cpu), ch->relid))
		ch->stats.signals_out++;
}
EXPORT_SYMBOL_GPL(vmbussim_chan_signal);

/*
 * For a model with batch_signals, a send from the channel's reader (its
 * work item, or a signal taking packets at once) signals once, at the
 * end of its batch (vmbussim_chan_signal_flush()), as a host answering a
 * batch of requests does: one interrupt instead of one per answer. A full
 * ring signals at once, so that the guest drains it. Other senders signal
 * at once. Only the reader touches batch_signal.
 */
static bool vmbussim_chan_batching(const struct vmbussim_chan *ch)
{
	if (!ch->dev->model->batch_signals)
		return false;
	/* current_work() alone would also match an interrupt of that work. */
	return vmbussim_chan_now(ch) ||
	       (in_task() && current_work() == &ch->work);
}

/**
 * vmbussim_chan_signal_flush() - give the signal a batch owes the guest
 * @ch: the channel; called by its reader
 */
void vmbussim_chan_signal_flush(struct vmbussim_chan *ch)
{
	if (ch->batch_signal) {
		ch->batch_signal = false;
		vmbussim_chan_signal(ch);
	}
}

static void vmbussim_chan_signal_batched(struct vmbussim_chan *ch,
					 bool signal, bool full)
{
	if (!vmbussim_chan_batching(ch)) {
		if (signal)
			vmbussim_chan_signal(ch);
		return;
	}
	ch->batch_signal |= signal;
	if (full)
		vmbussim_chan_signal_flush(ch);
}

int vmbussim_send_ext(struct vmbussim_chan *ch, u16 type, u16 flags,
		      u64 trans_id, const void *hdr, u32 hdr_len,
		      const void *buf, u32 len)
{
	struct vmbus_packet_desc desc;
	unsigned long irqflags;
	bool signal;
	int ret;

	if (len > VMBUSSIM_MAX_PKT || hdr_len > VMBUSSIM_MAX_PKT ||
	    !IS_ALIGNED(hdr_len, 8))
		return -EMSGSIZE;
	desc.type = cpu_to_le16(type);
	desc.offset8 = cpu_to_le16((sizeof(desc) + hdr_len) / 8);
	desc.len8 = cpu_to_le16((sizeof(desc) + hdr_len + ALIGN(len, 8)) / 8);
	desc.flags = cpu_to_le16(flags);
	desc.trans_id = cpu_to_le64(trans_id);
	spin_lock_irqsave(&ch->ring_lock, irqflags);
	ret = vmbussim_ring_write_raw(ch, &desc, hdr, hdr_len, buf, len,
				      &signal);
	spin_unlock_irqrestore(&ch->ring_lock, irqflags);
	vmbussim_chan_signal_batched(ch, signal, ret == -EAGAIN);
	/* A signal cannot wait for room: the work writes it later. */
	if (ret == -EAGAIN && vmbussim_chan_now(ch))
		ret = vmbussim_chan_park(ch, &desc, hdr, hdr_len, buf, len);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbussim_send_ext);

int vmbussim_send(struct vmbussim_chan *ch, u16 type, u16 flags,
		  u64 trans_id, const void *buf, u32 len)
{
	return vmbussim_send_ext(ch, type, flags, trans_id, NULL, 0, buf, len);
}
EXPORT_SYMBOL_GPL(vmbussim_send);

static void vmbussim_chan_work(struct work_struct *work)
{
	struct vmbussim_chan *ch = container_of(work, struct vmbussim_chan,
						work);
	const struct vmbussim_model_ops *ops = ch->dev->model->ops;

	if (!vmbussim_reader_get(ch))
		return;
	if (vmbussim_chan_unpark(ch))
		vmbussim_ring_read(ch);
	if (READ_ONCE(ch->tx_blocked) && READ_ONCE(ch->open) && ops->writable)
		ops->writable(ch);
	vmbussim_chan_signal_flush(ch);
	vmbussim_reader_put(ch);
}

/* Keep host.chans sorted by relid, so offers go out in relid order. */
static void vmbussim_chan_insert(struct vmbussim_chan *ch)
{
	struct vmbussim_chan *pos;

	list_for_each_entry(pos, &vmbussim.chans, node) {
		if (pos->relid > ch->relid) {
			list_add_tail(&ch->node, &pos->node);
			return;
		}
	}
	list_add_tail(&ch->node, &vmbussim.chans);
}

/**
 * vmbussim_chan_has_relid() - @ch holds a relid (offered, open, rescinded)
 * @ch: the channel
 *
 * Return: true if the guest knows the channel by @ch->relid; otherwise
 * @ch->relid is the relid it had last (0: none yet).
 */
bool vmbussim_chan_has_relid(const struct vmbussim_chan *ch)
{
	lockdep_assert_held(&vmbussim.lock);
	return ch->relid && vmbussim.relids[ch->relid] == ch;
}

/**
 * vmbussim_relid_alloc() - give @ch the lowest free relid
 * @ch: a channel about to be offered
 *
 * As a Microsoft host does, relids come from a pool: the guest's
 * RELID_RELEASED (or the end of the connection) returns one, and the next
 * offer takes the lowest free one, so a device offered again may come
 * back under another relid and another device may get its old one.
 * (OpenVMM's vmbus_server allocates channel ids this way, from 1.)
 *
 * Return: 0 or -ENOSPC.
 */
int vmbussim_relid_alloc(struct vmbussim_chan *ch)
{
	u32 relid;

	lockdep_assert_held(&vmbussim.lock);
	if (vmbussim_chan_has_relid(ch))
		return 0;
	for (relid = 1; relid <= VMBUS_MAX_RELID; relid++)
		if (!vmbussim.relids[relid])
			break;
	if (relid > VMBUS_MAX_RELID)
		return -ENOSPC;
	spin_lock_irq(&vmbussim.dev_lock);
	vmbussim.relids[relid] = ch;
	spin_unlock_irq(&vmbussim.dev_lock);
	ch->relid = relid;
	list_del(&ch->node);
	vmbussim_chan_insert(ch);
	return 0;
}

/**
 * vmbussim_relid_free() - return the relid (and monitor id) of @ch to the pool
 * @ch: the channel; its host end is closed
 *
 * @ch->relid keeps the number, for the device list and the ctl file, until
 * the channel is offered again.
 */
void vmbussim_relid_free(struct vmbussim_chan *ch)
{
	lockdep_assert_held(&vmbussim.lock);
	vmbussim_monitor_release(ch);
	if (!vmbussim_chan_has_relid(ch))
		return;
	spin_lock_irq(&vmbussim.dev_lock);
	vmbussim.relids[ch->relid] = NULL;
	spin_unlock_irq(&vmbussim.dev_lock);
	/* No signal can queue the work any more. */
	cancel_work_sync(&ch->work);
}

/**
 * vmbussim_chan_new() - create channel @index of @dev
 * @dev: the device
 * @index: 0 for the primary channel, else the subchannel's index
 *
 * Return: the channel (state NEW, not offered, no relid yet) or an
 * ERR_PTR().
 */
struct vmbussim_chan *vmbussim_chan_new(struct vmbussim_dev *dev, u16 index)
{
	struct vmbussim_chan *ch;

	lockdep_assert_held(&vmbussim.lock);
	if (WARN_ON_ONCE(dev->chans[index]))
		return ERR_PTR(-EBUSY);
	ch = kzalloc(sizeof(*ch), GFP_KERNEL);
	if (!ch)
		return ERR_PTR(-ENOMEM);
	ch->dev = dev;
	ch->index = index;
	spin_lock_init(&ch->ring_lock);
	INIT_WORK(&ch->work, vmbussim_chan_work);
	ch->monitor_id = VMBUSSIM_NO_MONITOR_ID;
	vmbussim_chan_insert(ch);
	dev->chans[index] = ch;
	dev->nr_chans = max_t(u16, dev->nr_chans, index + 1);
	return ch;
}

/**
 * vmbussim_chan_free() - forget a channel the guest no longer knows
 * @ch: the channel
 */
void vmbussim_chan_free(struct vmbussim_chan *ch)
{
	struct vmbussim_dev *dev = ch->dev;

	lockdep_assert_held(&vmbussim.lock);
	if (vmbussim_chan_serving(ch))
		vmbussim_chan_close(ch);
	vmbussim_relid_free(ch);
	list_del(&ch->node);
	dev->chans[ch->index] = NULL;
	while (dev->nr_chans && !dev->chans[dev->nr_chans - 1])
		dev->nr_chans--;
	kfree(ch->parked);
	kfree(ch);
}

/* The channel that holds @relid now, or NULL. */
struct vmbussim_chan *vmbussim_chan_find(u32 relid)
{
	lockdep_assert_held(&vmbussim.lock);
	if (!relid || relid > VMBUS_MAX_RELID)
		return NULL;
	return vmbussim.relids[relid];
}

/**
 * vmbussim_chan_lookup_relid() - a channel by relid, for the ctl file
 * @relid: the relid
 *
 * Return: the channel that holds @relid, else a channel not offered now
 * whose last relid it was (a released device, to offer it again), else
 * NULL.
 */
struct vmbussim_chan *vmbussim_chan_lookup_relid(u32 relid)
{
	struct vmbussim_chan *ch = vmbussim_chan_find(relid);

	if (ch || !relid)
		return ch;
	list_for_each_entry(ch, &vmbussim.chans, node)
		if (ch->relid == relid)
			return ch;
	return NULL;
}

/**
 * vmbussim_chan_open() - open the host end of a channel
 * @ch: an offered channel
 * @gpadl: the rings' GPADL (checked)
 * @offset: first page of the inbound ring (checked)
 * @cpu: target CPU (checked)
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_chan_open(struct vmbussim_chan *ch, struct vmbussim_gpadl *gpadl,
		       u32 offset, unsigned int cpu)
{
	int ret;

	lockdep_assert_held(&vmbussim.lock);
	ret = vmbussim_chan_now_open(ch) ?: vmbussim_ring_map(ch, gpadl, offset);
	if (ret)
		return ret;
	gpadl->in_use = true;
	ch->gpadl = gpadl;
	WRITE_ONCE(ch->target_cpu, cpu);
	spin_lock_irq(&ch->ring_lock);
	ch->broken = false;
	ch->tx_blocked = false;
	WRITE_ONCE(ch->open, true);
	spin_unlock_irq(&ch->ring_lock);
	ch->state = VMBUSSIM_DEV_OPEN;
	vmbussim_monitor_open(ch);
	ret = ch->dev->model->ops->open(ch);
	if (ret) {
		pr_warn("vmbussim: relid %u: model open failed: %d\n",
			ch->relid, ret);
		vmbussim_chan_close(ch);
		return ret;
	}
	/* The first look at the ring unmasks the guest's signals. */
	queue_work(vmbussim.wq, &ch->work);
	return 0;
}

/*
 * When the guest closes a primary channel the host withdraws its
 * subchannels; the guest asks for new ones after it reopens the primary.
 * (What Hyper-V does here is inferred from guests' handling of subchannel
 * rescinds after a close, not documented.)
 */
static void vmbussim_chan_rescind_subchannels(struct vmbussim_dev *dev)
{
	u16 i;

	vmbussim_dev_forget_subchannels(dev);
	for (i = 1; i < dev->nr_chans; i++)
		if (dev->chans[i])
			vmbussim_chan_rescind(dev->chans[i]);
}

/**
 * vmbussim_chan_close() - close the host end of a channel
 * @ch: a channel whose host end is open (vmbussim_chan_serving())
 *
 * Afterwards the host does not touch the rings or the GPADL pages. A
 * channel closed while offered stays offered; one rescinded while open
 * stays rescinded, waiting for the guest to release its relid.
 */
void vmbussim_chan_close(struct vmbussim_chan *ch)
{
	lockdep_assert_held(&vmbussim.lock);
	spin_lock_irq(&ch->ring_lock);
	WRITE_ONCE(ch->open, false);
	spin_unlock_irq(&ch->ring_lock);
	vmbussim_monitor_close(ch);
	vmbussim_chan_now_close(ch);
	/* A work queued after this finds the channel closed and returns. */
	cancel_work_sync(&ch->work);
	ch->dev->model->ops->close(ch);
	vmbussim_ring_unmap(ch);
	if (ch->gpadl)
		ch->gpadl->in_use = false;
	ch->gpadl = NULL;
	if (ch->state != VMBUSSIM_DEV_OPEN)
		return;
	ch->state = VMBUSSIM_DEV_OFFERED;
	if (!ch->index)
		vmbussim_chan_rescind_subchannels(ch->dev);
}

/**
 * vmbussim_chan_serving() - the host end of @ch is open
 * @ch: the channel
 *
 * Also true of a channel rescinded while open: as Hyper-V does, the host
 * keeps serving its rings (so requests in flight complete, which Linux's
 * drivers wait for before they close) until the guest closes the channel
 * or releases its relid.
 *
 * Return: true if the rings are served.
 */
bool vmbussim_chan_serving(const struct vmbussim_chan *ch)
{
	lockdep_assert_held(&vmbussim.lock);
	return ch->open;
}

/**
 * vmbussim_chan_rescind() - withdraw an offered or open channel
 * @ch: the channel
 *
 * An open channel stays open on the host's side (vmbussim_chan_serving()).
 *
 * Return: 0 or -EINVAL if the channel is neither offered nor open.
 */
int vmbussim_chan_rescind(struct vmbussim_chan *ch)
{
	struct vmbus_chanmsg_relid msg = {};

	lockdep_assert_held(&vmbussim.lock);
	if (ch->state != VMBUSSIM_DEV_OFFERED && ch->state != VMBUSSIM_DEV_OPEN)
		return -EINVAL;
	msg.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_RESCIND_CHANNELOFFER);
	msg.child_relid = cpu_to_le32(ch->relid);
	ch->state = VMBUSSIM_DEV_RESCINDED;
	return vmbussim_post(&msg, sizeof(msg));
}

/**
 * vmbussim_event() - the guest signalled an event connection
 * @conn_id: the connection id (from the channel's offer)
 *
 * Any context.
 *
 * Return: 0 or -EINVAL for a connection id of no channel.
 */
int vmbussim_event(u32 conn_id)
{
	struct vmbussim_chan *ch;
	unsigned long flags;
	bool now = false;
	u32 relid;
	int ret = 0;

	if (conn_id <= VMBUSSIM_CONN_ID_BASE ||
	    conn_id > VMBUSSIM_CONN_ID_BASE + VMBUS_MAX_RELID)
		return -EINVAL;
	relid = conn_id - VMBUSSIM_CONN_ID_BASE;
	/* A channel seen open stays mapped until this section ends. */
	rcu_read_lock();
	spin_lock_irqsave(&vmbussim.dev_lock, flags);
	ch = vmbussim.relids[relid];
	if (!ch) {
		ret = -EINVAL;
	} else if (READ_ONCE(ch->open)) {
		ch->stats.signals_in++;
		/* Models' locks are not taken in interrupts: only tasks. */
		now = ch->dev->model->ops->packet_now && in_task();
		if (!now)
			queue_work(vmbussim.wq, &ch->work);
	}
	spin_unlock_irqrestore(&vmbussim.dev_lock, flags);
	if (now && !vmbussim_chan_read_now(ch))
		queue_work(vmbussim.wq, &ch->work);
	rcu_read_unlock();
	if (ret)
		pr_warn_ratelimited("vmbussim: signal on unknown connection %#x\n",
				    conn_id);
	return ret;
}
