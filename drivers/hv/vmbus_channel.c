// SPDX-License-Identifier: GPL-2.0
/*
 * Channels for client drivers: open (rings, GPADL, OPENCHANNEL), close,
 * sending and receiving packets, and running the driver's callback when
 * the host signals the channel.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "vmbus_private.h"

/* Callback rounds in one tasklet run before yielding the CPU. */
#define VMBUS_CALLBACK_ROUNDS	16

static void vmbus_chan_tasklet(struct tasklet_struct *t)
{
	struct vmbus_channel *ch = from_tasklet(ch, t, tasklet);
	void (*callback)(void *ctx) = READ_ONCE(ch->callback);
	unsigned int round;

	if (!callback || READ_ONCE(ch->broken))
		return;
	WRITE_ONCE(ch->events, ch->events + 1);
	for (round = 0; round < VMBUS_CALLBACK_ROUNDS; round++) {
		/* The host need not signal while we are draining anyway. */
		vmbus_ring_mask(&ch->in);
		callback(ch->ctx);
		/* Unmasking reports what arrived meanwhile: drain it too. */
		if (!vmbus_ring_unmask(&ch->in) || READ_ONCE(ch->broken))
			return;
	}
	tasklet_schedule(&ch->tasklet);
}

/**
 * vmbus_channel_init() - set up a new channel's locks, lists and tasklet
 * @ch: the zeroed channel
 */
void vmbus_channel_init(struct vmbus_channel *ch)
{
	mutex_init(&ch->lock);
	INIT_LIST_HEAD(&ch->subchannels);
	INIT_LIST_HEAD(&ch->sc_node);
	tasklet_setup(&ch->tasklet, vmbus_chan_tasklet);
	ch->state = VMBUS_CHAN_OFFERED;
	vmbus_channel_kobj_init(ch);
}

/**
 * vmbus_chan_sched() - the host signalled the channel
 * @ch: the channel
 *
 * Called from the interrupt handler; RCU keeps @ch from being freed.
 */
void vmbus_chan_sched(struct vmbus_channel *ch)
{
	RCU_LOCKDEP_WARN(!rcu_read_lock_held(), "outside an RCU read section");
	WRITE_ONCE(ch->interrupts, ch->interrupts + 1);
	if (READ_ONCE(ch->callback))
		tasklet_schedule(&ch->tasklet);
}

/*
 * Signal the host about the channel.
 *
 * A monitored channel sets its trigger bit in the guest-to-host monitor
 * page, which the hypervisor scans; otherwise the guest signals the
 * channel's event directly.
 */
static void vmbus_channel_signal(struct vmbus_channel *ch)
{
	struct vmbus_monitor_page *mp = vmbus_conn.monitor_pages[1];

	if (ch->monitored) {
		set_bit(ch->monitor_id % 32,
			(unsigned long *)&mp->trigger_group[ch->monitor_id / 32].pending);
		return;
	}
	vmbus_conn.ops->signal_event(ch->connection_id, 0);
}

/**
 * vmbus_channel_break() - stop using a channel the host abused
 * @ch: the channel
 * @why: what the host did, for the log
 *
 * Logs once; from then on nothing is read from the channel and sends
 * fail. The driver notices through errors and the device stays until it
 * is removed.
 */
void vmbus_channel_break(struct vmbus_channel *ch, const char *why)
{
	if (xchg(&ch->broken, true))
		return;
	WRITE_ONCE(ch->in.broken, true);
	pr_err_ratelimited("%s: relid %u broken: %s\n",
			   vmbus_chan_dbg_name(ch), ch->relid, why);
}
EXPORT_SYMBOL_GPL(vmbus_channel_break);

/**
 * vmbus_channel_broken() - whether vmbus_channel_break() happened
 * @ch: the channel
 *
 * Return: true once the channel is broken.
 */
bool vmbus_channel_broken(const struct vmbus_channel *ch)
{
	return READ_ONCE(ch->broken);
}
EXPORT_SYMBOL_GPL(vmbus_channel_broken);

/**
 * vmbus_channel_host_gone() - whether the host will answer nothing more
 *	on the channel
 * @ch: a primary channel or subchannel
 *
 * True once the host rescinded the channel (set as soon as the rescind
 * message arrives, before the bus removes the device) or the connection
 * was unloaded (reboot, power-off, kexec). A driver's remove() can tell a
 * rescind from an unbind, where the host still answers; its I/O path can
 * fail requests at once instead of waiting for answers that never come.
 *
 * Return: true if nothing sent on @ch will be answered.
 */
bool vmbus_channel_host_gone(const struct vmbus_channel *ch)
{
	return READ_ONCE(ch->rescinded) || READ_ONCE(vmbus_conn.unloaded);
}
EXPORT_SYMBOL_GPL(vmbus_channel_host_gone);

/**
 * vmbus_channel_device() - the device a channel belongs to
 * @ch: a primary channel or subchannel
 *
 * Return: the device of the channel's primary channel.
 */
struct hv_device *vmbus_channel_device(const struct vmbus_channel *ch)
{
	return ch->device;
}
EXPORT_SYMBOL_GPL(vmbus_channel_device);

/**
 * vmbus_proto_version() - the VMBus protocol version in use
 *
 * Return: VMBUS_VERSION(major, minor) of the connection, 0 if none.
 */
u32 vmbus_proto_version(void)
{
	return vmbus_conn.version;
}
EXPORT_SYMBOL_GPL(vmbus_proto_version);

static int vmbus_open_check(const struct vmbus_open_params *p)
{
	if (!p->callback || p->user_data_len > VMBUS_OPEN_USER_DATA_BYTES ||
	    (p->user_data_len && !p->user_data))
		return -EINVAL;
	if (!PAGE_ALIGNED(p->send_ring_size) || !PAGE_ALIGNED(p->recv_ring_size) ||
	    p->send_ring_size < 2 * PAGE_SIZE || p->recv_ring_size < 2 * PAGE_SIZE)
		return -EINVAL;
	if (p->max_pkt_size < sizeof(struct vmbus_packet_desc))
		return -EINVAL;
	return 0;
}

static int vmbus_rings_alloc(struct vmbus_channel *ch,
			     const struct vmbus_open_params *p)
{
	u32 send_pages = p->send_ring_size >> PAGE_SHIFT;
	u32 recv_pages = p->recv_ring_size >> PAGE_SHIFT;
	int ret;

	ch->ring_order = get_order(p->send_ring_size + p->recv_ring_size);
	ch->ring_pages = alloc_pages(GFP_KERNEL | __GFP_ZERO, ch->ring_order);
	if (!ch->ring_pages)
		return -ENOMEM;
	ret = vmbus_ring_init(&ch->out, ch->ring_pages, send_pages, 0);
	if (ret)
		goto err_free_pages;
	ret = vmbus_ring_init(&ch->in, ch->ring_pages + send_pages, recv_pages,
			      p->max_pkt_size);
	if (ret)
		goto err_cleanup_out;
	ret = vmbus_rqstor_init(&ch->rqstor, p->rqst_slots);
	if (ret)
		goto err_cleanup_in;
	return 0;

err_cleanup_in:
	vmbus_ring_cleanup(&ch->in);
err_cleanup_out:
	vmbus_ring_cleanup(&ch->out);
err_free_pages:
	__free_pages(ch->ring_pages, ch->ring_order);
	ch->ring_pages = NULL;
	return ret;
}

/*
 * Tell the host to stop using the channel's rings: after a close, and
 * after an OPENCHANNEL whose answer never came (the host may have opened
 * the channel), before the rings' GPADL is torn down. Also after a
 * rescind: the host serves a rescinded channel until it is closed.
 */
static void vmbus_post_close(struct vmbus_channel *ch)
{
	struct vmbus_chanmsg_relid msg = {
		.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_CLOSECHANNEL),
		.child_relid = cpu_to_le32(ch->relid),
	};

	if (!READ_ONCE(vmbus_conn.unloaded))
		vmbus_post_msg(&msg, sizeof(msg), true);
}

static int vmbus_send_open(struct vmbus_channel *ch,
			   const struct vmbus_open_params *p, u32 send_pages)
{
	const struct vmbus_chanmsg_open_result *resp;
	struct vmbus_chanmsg_open *msg;
	struct vmbus_waiter *w;
	int ret = -ENOMEM;

	msg = kzalloc(sizeof(*msg), GFP_KERNEL);
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!msg || !w)
		goto out_free;
	msg->hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_OPENCHANNEL);
	msg->child_relid = cpu_to_le32(ch->relid);
	msg->openid = cpu_to_le32(ch->relid);
	msg->ring_gpadl = cpu_to_le32(ch->ring_gpadl);
	msg->target_vp = cpu_to_le32(ch->target_vp);
	msg->downstream_ring_offset = cpu_to_le32(send_pages);
	if (p->user_data_len)
		memcpy(msg->user_data, p->user_data, p->user_data_len);

	vmbus_waiter_init_chan(w, VMBUS_CHANMSG_OPENCHANNEL_RESULT, ch);
	w->key = ch->relid;
	w->match_relid = true;
	w->match_key = true;
	ret = vmbus_request(msg, sizeof(*msg), w);
	resp = (const void *)w->resp;
	if (ret == -ETIMEDOUT || ret == -ENODEV)
		vmbus_post_close(ch);
	if (!ret && le32_to_cpu(resp->status)) {
		pr_err("%s: host refused to open relid %u: %#x\n",
		       vmbus_chan_dbg_name(ch), ch->relid,
		       le32_to_cpu(resp->status));
		ret = -EIO;
	}
out_free:
	kfree(w);
	kfree(msg);
	return ret;
}

/*
 * Undo a GPADL. If the host did not confirm, it may still write the
 * pages: leak them rather than hand them back to the allocator.
 */
static void vmbus_release_rings(struct vmbus_channel *ch)
{
	bool host_kept = ch->ring_gpadl &&
			 vmbus_gpadl_destroy(ch, ch->ring_gpadl);

	if (host_kept)
		pr_err("%s: relid %u: host kept the ring pages; leaking them\n",
		       vmbus_chan_dbg_name(ch), ch->relid);
	vmbus_rqstor_destroy(&ch->rqstor);
	vmbus_ring_cleanup(&ch->in);
	vmbus_ring_cleanup(&ch->out);
	if (!host_kept)
		__free_pages(ch->ring_pages, ch->ring_order);
	ch->ring_pages = NULL;
	ch->ring_gpadl = 0;
}

/**
 * vmbus_open() - open a channel: create its rings and ask the host to
 *	use them
 * @ch: a channel the driver's device owns, not open yet
 * @p: ring sizes, callback and other parameters
 *
 * May sleep. The callback may run as soon as this returns, or before.
 *
 * Return: 0, -ENODEV if the channel was rescinded, -EBUSY if it is open,
 * -EINVAL for bad parameters, or another errno.
 */
int vmbus_open(struct vmbus_channel *ch, const struct vmbus_open_params *p)
{
	u32 send_pages = p->send_ring_size >> PAGE_SHIFT;
	int ret = vmbus_open_check(p);

	if (ret)
		return ret;
	mutex_lock(&ch->lock);
	ret = -EBUSY;
	if (ch->state != VMBUS_CHAN_OFFERED)
		goto out_unlock;
	ret = -ENODEV;
	if (READ_ONCE(ch->rescinded))
		goto out_unlock;
	ret = vmbus_rings_alloc(ch, p);
	if (ret)
		goto out_unlock;
	ret = vmbus_gpadl_establish(ch, ch->ring_pages,
				    (p->send_ring_size + p->recv_ring_size) >> PAGE_SHIFT,
				    &ch->ring_gpadl);
	if (ret)
		goto err_release_rings;
	WRITE_ONCE(ch->broken, false);
	ch->ctx = p->ctx;
	WRITE_ONCE(ch->callback, p->callback);
	WRITE_ONCE(ch->state, VMBUS_CHAN_OPENING);
	ret = vmbus_send_open(ch, p, send_pages * (PAGE_SIZE / HV_PAGE_SIZE));
	if (ret)
		goto err_stop_callback;
	WRITE_ONCE(ch->state, VMBUS_CHAN_OPEN);
	mutex_unlock(&ch->lock);
	return 0;

err_stop_callback:
	WRITE_ONCE(ch->callback, NULL);
	tasklet_kill(&ch->tasklet);
	WRITE_ONCE(ch->state, VMBUS_CHAN_OFFERED);
err_release_rings:
	vmbus_release_rings(ch);
out_unlock:
	mutex_unlock(&ch->lock);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_open);

/**
 * vmbus_close() - close an open channel
 * @ch: the channel
 *
 * Tells the host (also after a rescind: the host serves a rescinded
 * channel's rings until it is closed), waits for the callback to finish,
 * and frees the rings once the host let go of them (GPADL_TORNDOWN).
 * Closing a primary channel closes its open subchannels first; the driver
 * must have stopped using them. May sleep; a no-op on a channel that is
 * not open.
 */
void vmbus_close(struct vmbus_channel *ch)
{
	if (!ch->primary)
		vmbus_close_subchannels(ch);
	mutex_lock(&ch->lock);
	if (ch->state == VMBUS_CHAN_OFFERED) {
		mutex_unlock(&ch->lock);
		return;
	}
	vmbus_post_close(ch);
	/* No new callback runs; wait for the one that may be running. */
	WRITE_ONCE(ch->callback, NULL);
	tasklet_kill(&ch->tasklet);
	vmbus_release_rings(ch);
	WRITE_ONCE(ch->state, VMBUS_CHAN_OFFERED);
	mutex_unlock(&ch->lock);
}
EXPORT_SYMBOL_GPL(vmbus_close);

/**
 * vmbus_chan_usable() - whether packets may be sent on a channel
 * @ch: the channel
 *
 * Return: 0, -ENODEV after a rescind or once the connection is unloaded
 * (nothing reads the ring any more), -EIO when broken, -EINVAL when
 * closed.
 */
int vmbus_chan_usable(const struct vmbus_channel *ch)
{
	if (vmbus_channel_host_gone(ch))
		return -ENODEV;
	if (READ_ONCE(ch->broken))
		return -EIO;
	/*
	 * The host may send as soon as it answered OPENCHANNEL, and the
	 * driver may answer before vmbus_open() returns: only a closed
	 * channel has no rings.
	 */
	if (READ_ONCE(ch->state) == VMBUS_CHAN_OFFERED)
		return -EINVAL;
	return 0;
}

/**
 * vmbus_chan_write() - write one packet to a channel's outbound ring
 * @ch: a usable channel
 * @kv: the packet: descriptor first, padded to a multiple of 8 bytes
 * @kv_count: entries in @kv
 *
 * Signals the host only when the ring was empty and the host is not
 * polling it.
 *
 * Return: 0, -EAGAIN when the ring is full, -EIO when the host corrupted
 * the ring (the channel is then broken).
 */
int vmbus_chan_write(struct vmbus_channel *ch, const struct kvec *kv,
		     unsigned int kv_count)
{
	bool signal = false;
	int ret = vmbus_ring_write(&ch->out, kv, kv_count, &signal);

	if (ret == -EIO)
		vmbus_channel_break(ch, "host corrupted the outbound ring");
	if (!ret && signal) {
		WRITE_ONCE(ch->intr_out_empty, ch->intr_out_empty + 1);
		vmbus_channel_signal(ch);
	}
	return ret;
}

/**
 * vmbus_sendpacket() - send one packet on a channel
 * @ch: an open channel
 * @buf: the payload
 * @len: its size; the packet is padded to a multiple of 8 bytes
 * @trans_id: the transaction id the packet carries (for a completion, the
 *	id of the host's request)
 * @type: the packet type, usually VMBUS_PKT_DATA_INBAND or VMBUS_PKT_COMP
 * @flags: VMBUS_PKT_FLAG_*
 *
 * Any context. Signals the host only when the ring was empty and the host
 * is not polling it.
 *
 * Return: 0, -EAGAIN when the ring is full, -ENODEV after a rescind, -EIO
 * on a broken channel, -EINVAL if the channel is not open or the packet
 * cannot fit.
 */
int vmbus_sendpacket(struct vmbus_channel *ch, const void *buf, u32 len,
		     u64 trans_id, enum vmbus_packet_type type, u16 flags)
{
	static const u8 zeros[8];
	u32 padded = ALIGN(len, 8);
	u32 pktlen = sizeof(struct vmbus_packet_desc) + padded;
	struct vmbus_packet_desc desc = {
		.type = cpu_to_le16(type),
		.offset8 = cpu_to_le16(sizeof(desc) >> 3),
		.len8 = cpu_to_le16(pktlen >> 3),
		.flags = cpu_to_le16(flags),
		.trans_id = cpu_to_le64(trans_id),
	};
	struct kvec kv[3] = {
		{ .iov_base = &desc, .iov_len = sizeof(desc) },
		{ .iov_base = (void *)buf, .iov_len = len },
		{ .iov_base = (void *)zeros, .iov_len = padded - len },
	};
	int ret = vmbus_chan_usable(ch);

	if (ret)
		return ret;
	if (pktlen > U16_MAX << 3)
		return -EINVAL;
	return vmbus_chan_write(ch, kv, ARRAY_SIZE(kv));
}
EXPORT_SYMBOL_GPL(vmbus_sendpacket);

/**
 * vmbus_send_request() - send a packet that the host completes
 * @ch: an open channel with a request table (rqst_slots)
 * @buf: the payload
 * @len: its size
 * @cookie: the driver's value for vmbus_complete_request() to return
 *
 * The packet goes as VMBUS_PKT_DATA_INBAND with
 * VMBUS_PKT_FLAG_COMPLETION_REQUESTED and a transaction id from the
 * channel's request table, never a guest address.
 *
 * Return: as vmbus_sendpacket(), or -ENOSPC when every id is in use.
 */
int vmbus_send_request(struct vmbus_channel *ch, const void *buf, u32 len,
		       u64 cookie)
{
	u64 id;
	int ret;

	ret = vmbus_rqstor_get(&ch->rqstor, cookie, &id);
	if (ret)
		return ret;
	ret = vmbus_sendpacket(ch, buf, len, id, VMBUS_PKT_DATA_INBAND,
			       VMBUS_PKT_FLAG_COMPLETION_REQUESTED);
	if (ret)
		vmbus_rqstor_put(&ch->rqstor, id);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_send_request);

/**
 * vmbus_complete_request() - accept the host's completion of a request
 * @ch: the channel
 * @trans_id: the transaction id the host's completion carries
 * @cookie: set to the cookie given to vmbus_send_request()
 *
 * An id the guest did not issue, or already completed, breaks the
 * channel: the host is lying about what it completes.
 *
 * Return: 0, or -EBADMSG for an unknown id.
 */
int vmbus_complete_request(struct vmbus_channel *ch, u64 trans_id,
			   u64 *cookie)
{
	if (!vmbus_rqstor_take(&ch->rqstor, trans_id, cookie))
		return 0;
	vmbus_channel_break(ch, "completion with an unknown transaction id");
	return -EBADMSG;
}
EXPORT_SYMBOL_GPL(vmbus_complete_request);

/**
 * vmbus_next_packet() - the next packet the host sent on a channel
 * @ch: an open channel, from its callback
 *
 * The packet is validated and copied out of the ring; it stays valid until
 * the next call. Call vmbus_read_done() after a batch.
 *
 * Return: the packet, NULL when there is none, or an ERR_PTR() when the
 * host sent a malformed packet (the channel is then broken).
 */
const struct vmbus_packet_desc *vmbus_next_packet(struct vmbus_channel *ch)
{
	const struct vmbus_packet_desc *desc = vmbus_ring_next(&ch->in);

	if (IS_ERR(desc))
		vmbus_channel_break(ch, "malformed packet in the inbound ring");
	return desc;
}
EXPORT_SYMBOL_GPL(vmbus_next_packet);

/**
 * vmbus_read_done() - release the packets read so far to the host
 * @ch: the channel
 *
 * Publishes the read position once for the whole batch and signals the
 * host if it waits for the room the batch freed.
 */
void vmbus_read_done(struct vmbus_channel *ch)
{
	if (!vmbus_ring_read_done(&ch->in))
		return;
	WRITE_ONCE(ch->intr_in_full, ch->intr_in_full + 1);
	vmbus_channel_signal(ch);
}
EXPORT_SYMBOL_GPL(vmbus_read_done);
