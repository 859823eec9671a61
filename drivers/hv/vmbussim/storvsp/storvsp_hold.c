// SPDX-License-Identifier: GPL-2.0
/*
 * Subchannel I/O waits for the device: a Microsoft host serves a
 * subchannel only once the primary channel's initialisation has ended
 * (END_INITIALIZATION). Packets a subchannel takes before that are kept,
 * in order, and run when the device becomes ready; a subchannel that
 * closes meanwhile drops its own. While any are kept, later packets of
 * every subchannel queue behind them, so each channel's order holds.
 */

#include <linux/slab.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/vstor.h>

#include "../core/model.h"
#include "storvsp.h"

/* Packets kept at most: more before the device is ready ends the channel. */
#define STORVSP_HOLD_MAX	1024

/**
 * struct storvsp_held_pkt - a packet kept until the device is ready
 * @node: in struct storvsp.held
 * @ch: the subchannel it came on
 * @off: offset of its payload
 * @len: payload bytes
 * @pkt: the whole packet (header, GPA ranges, payload)
 */
struct storvsp_held_pkt {
	struct list_head node;
	struct vmbussim_chan *ch;
	u32 off;
	u32 len;
	u8 pkt[];
};

static void storvsp_run_held(struct storvsp_held_pkt *h, bool fc)
{
	const struct vmbus_packet_desc *desc = (const void *)h->pkt;
	struct vstor_packet pkt;
	u32 req_len;

	/* Checked when it was kept; parsed again into a fresh copy. */
	if (!storvsp_parse(desc, h->pkt + h->off, h->len, fc, &pkt, &req_len))
		storvsp_handle(h->ch, desc, &pkt, req_len);
}

static void storvsp_release_work(struct work_struct *work)
{
	struct storvsp *sp = container_of(work, struct storvsp, release_work);
	struct storvsp_held_pkt *h;

	mutex_lock(&sp->hold_lock);
	while (READ_ONCE(sp->ready) &&
	       (h = list_first_entry_or_null(&sp->held,
					     struct storvsp_held_pkt, node))) {
		storvsp_run_held(h, sp->fc);
		list_del(&h->node);
		atomic_dec(&sp->nr_held);
		kfree(h);
	}
	mutex_unlock(&sp->hold_lock);
}

/**
 * storvsp_hold_init() - set up the kept packets of a device
 * @sp: the device
 */
void storvsp_hold_init(struct storvsp *sp)
{
	mutex_init(&sp->hold_lock);
	INIT_LIST_HEAD(&sp->held);
	INIT_WORK(&sp->release_work, storvsp_release_work);
}

/**
 * storvsp_holding() - whether a subchannel's packet must wait
 * @sp: the device
 *
 * Any context.
 *
 * Return: true before the device is ready or while packets are kept.
 */
bool storvsp_holding(struct storvsp *sp)
{
	return !READ_ONCE(sp->ready) || atomic_read(&sp->nr_held);
}

/**
 * storvsp_hold() - keep a subchannel's packet if the device is not ready
 * @sp: the device
 * @ch: the subchannel
 * @desc: the whole packet, checked by storvsp_parse()
 * @data: its payload
 * @len: payload bytes
 *
 * Context: the subchannel's packet hook.
 *
 * Return: true if the packet was kept (or the channel ended: too many),
 * false if the caller runs it now.
 */
bool storvsp_hold(struct storvsp *sp, struct vmbussim_chan *ch,
		  const struct vmbus_packet_desc *desc, const void *data,
		  u32 len)
{
	u32 off = (const u8 *)data - (const u8 *)desc;
	struct storvsp_held_pkt *h;

	/*
	 * Ready and nothing kept: run it. A kept packet counts until it has
	 * run, so none of this channel's can still be running.
	 */
	if (!storvsp_holding(sp))
		return false;
	mutex_lock(&sp->hold_lock);
	if (!storvsp_holding(sp)) {
		mutex_unlock(&sp->hold_lock);
		return false;
	}
	h = atomic_read(&sp->nr_held) < STORVSP_HOLD_MAX ?
	    kmalloc(struct_size(h, pkt, off + len), GFP_KERNEL) : NULL;
	if (!h) {
		mutex_unlock(&sp->hold_lock);
		atomic64_inc(&sp->stats.fatal);
		vmbussim_chan_fail(ch, "too many requests before END_INITIALIZATION");
		return true;
	}
	h->ch = ch;
	h->off = off;
	h->len = len;
	memcpy(h->pkt, desc, off + len);
	list_add_tail(&h->node, &sp->held);
	atomic_inc(&sp->nr_held);
	mutex_unlock(&sp->hold_lock);
	return true;
}

/**
 * storvsp_release_held() - the device is ready: run the kept packets
 * @sp: the device, @sp->ready just set
 *
 * Always queued: a packet kept under @sp->hold_lock before the work takes
 * that lock is run by it; one that finds the lock after the work saw
 * @sp->ready (set before the work was queued) is not kept.
 */
void storvsp_release_held(struct storvsp *sp)
{
	queue_work(system_wq, &sp->release_work);
}

/**
 * storvsp_drop_held() - forget the kept packets of a channel
 * @sp: the device
 * @ch: a subchannel that closes, or NULL for all (device released; the
 *	release work must not run any more)
 *
 * Context: process; waits for a kept packet running on the channel.
 */
void storvsp_drop_held(struct storvsp *sp, struct vmbussim_chan *ch)
{
	struct storvsp_held_pkt *h, *tmp;

	if (!ch)
		cancel_work_sync(&sp->release_work);
	mutex_lock(&sp->hold_lock);
	list_for_each_entry_safe(h, tmp, &sp->held, node) {
		if (ch && h->ch != ch)
			continue;
		list_del(&h->node);
		atomic_dec(&sp->nr_held);
		kfree(h);
	}
	mutex_unlock(&sp->hold_lock);
}
