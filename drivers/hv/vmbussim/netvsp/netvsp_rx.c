// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: transfer-page packets toward the guest, built
 * as a Microsoft host builds them. A control message (an answer or an
 * indication) goes alone, in a control slot, its range as long as the
 * message. Frames go in data slots: the RNDIS header at the slot's
 * start, the frame at NETVSP_RX_DATA_OFF, each range the whole slot.
 * Frames that vsimN hands over in one burst (xmit_more) for the same
 * channel share a packet, up to NVSP_MAX_PACKETS_PER_RECEIVE ranges.
 */

#include <linux/overflow.h>
#include <linux/slab.h>

#include "netvsp.h"

/* A transfer-page packet's header after the VMBus one, and its ranges. */
struct netvsp_xfer {
	__le16 set;
	u8 sender_owns;
	u8 reserved;
	__le32 count;
	struct vmbus_xfer_page_range r[];
} __packed;

/**
 * netvsp_rx_alloc() - allocate a NIC's receive batch
 * @np: the NIC
 *
 * Return: 0 or -ENOMEM.
 */
int netvsp_rx_alloc(struct netvsp *np)
{
	np->rxb.x = kzalloc(struct_size(np->rxb.x, r, NVSP_MAX_PACKETS_PER_RECEIVE),
			    GFP_KERNEL);
	return np->rxb.x ? 0 : -ENOMEM;
}

/**
 * netvsp_rx_free() - free the receive batch
 * @np: the NIC
 */
void netvsp_rx_free(struct netvsp *np)
{
	kfree(np->rxb.x);
}

static int netvsp_xfer_send(struct netvsp *np, struct vmbussim_chan *ch,
			    u32 channel_type, struct netvsp_xfer *x, u32 n)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT),
		.rndis.channel_type = cpu_to_le32(channel_type),
		.rndis.section_index = cpu_to_le32(NVSP_NO_SECTION),
	};
	u32 first = le32_to_cpu(x->r[0].byte_offset) / np->slot_size;

	lockdep_assert_held(&np->lock);
	x->set = cpu_to_le16(NVSP_RECV_BUF_ID);
	x->count = cpu_to_le32(n);
	return vmbussim_send_ext(ch, VMBUS_PKT_DATA_USING_XFER_PAGES,
				 VMBUS_PKT_FLAG_COMPLETION_REQUESTED, first, x,
				 struct_size(x, r, n), &msg, sizeof(msg));
}

/* A channel the host sends on: open and served. */
static bool netvsp_chan_live(struct netvsp *np, struct vmbussim_chan *ch)
{
	return ch && READ_ONCE(np->order[vmbussim_chan_index(ch)].phase) ==
		     NETVSP_PH_READY;
}

/**
 * netvsp_rx_flush() - send the batch of frames
 * @np: the NIC, its lock held
 *
 * Return: 0 (sent, or nothing to send), -EAGAIN with the guest's ring
 * full (the batch stays for a later flush), else the batch is dropped
 * and the error of sending returned.
 */
int netvsp_rx_flush(struct netvsp *np)
{
	struct netvsp_rxb *b = &np->rxb;
	u32 first;
	int ret = -ENOTCONN;

	lockdep_assert_held(&np->lock);
	if (!b->n)
		return 0;
	first = le32_to_cpu(b->x->r[0].byte_offset) / np->slot_size;
	if (netvsp_chan_live(np, b->ch))
		ret = netvsp_xfer_send(np, b->ch, NVSP_RNDIS_DATA, b->x, b->n);
	if (ret == -EAGAIN)
		return ret;
	if (ret) {
		netvsp_slots_drop(&np->rx, first);
		atomic64_add(b->n, &np->drops);
	} else {
		netvsp_slots_sent(&np->rx, first);
		np->rx_pkts++;
		np->rx_multi += b->n > 1;
		np->rx_ranges_max = max(np->rx_ranges_max, b->n);
	}
	b->n = 0;
	return ret;
}

/**
 * netvsp_rx_forget() - drop the batch if it is for @ch (which closes), or
 *	whatever channel it is for (@ch NULL)
 * @np: the NIC, its lock held
 * @ch: the channel
 */
void netvsp_rx_forget(struct netvsp *np, struct vmbussim_chan *ch)
{
	struct netvsp_rxb *b = &np->rxb;

	lockdep_assert_held(&np->lock);
	if (!b->n || (ch && b->ch != ch))
		return;
	if (np->rx.used)
		netvsp_slots_drop(&np->rx,
				  le32_to_cpu(b->x->r[0].byte_offset) / np->slot_size);
	atomic64_add(b->n, &np->drops);
	b->n = 0;
}

/* A control message in a control slot of its own, sent at once. */
static int netvsp_rx_ctrl(struct netvsp *np, const void *msg, u32 len)
{
	__le64 raw[2] = {};	/* the header and one range */
	struct netvsp_xfer *one = (void *)raw;
	int slot, ret;

	lockdep_assert_held(&np->lock);
	if (!netvsp_chan_live(np, np->ch))
		return -ENOTCONN;
	slot = netvsp_slots_get(&np->rx, true);
	if (slot < 0)
		return slot;
	memcpy(np->rbuf + slot * np->slot_size, msg, len);
	one->r[0].byte_offset = cpu_to_le32(slot * np->slot_size);
	one->r[0].byte_count = cpu_to_le32(len);
	ret = netvsp_xfer_send(np, np->ch, NVSP_RNDIS_CONTROL, one, 1);
	if (ret)
		netvsp_slots_drop(&np->rx, slot);
	else
		netvsp_slots_sent(&np->rx, slot);
	return ret;
}

/*
 * Put a frame (its RNDIS header @hdr, then @data at NETVSP_RX_DATA_OFF,
 * or a whole message in @hdr when @data is NULL) in a data slot and add
 * the slot to the batch for @ch.
 */
static int netvsp_rx_add(struct netvsp *np, struct vmbussim_chan *ch,
			 const void *hdr, u32 hdr_len, const void *data,
			 u32 len)
{
	struct netvsp_rxb *b = &np->rxb;
	int slot, ret;
	u8 *p;

	lockdep_assert_held(&np->lock);
	if (b->n && (b->ch != ch || b->n == NVSP_MAX_PACKETS_PER_RECEIVE)) {
		ret = netvsp_rx_flush(np);
		if (ret == -EAGAIN)
			return ret;
	}
	slot = netvsp_slots_get(&np->rx, false);
	if (slot < 0) {
		/* What is batched goes now: its completion frees slots. */
		netvsp_rx_flush(np);
		return slot;
	}
	p = np->rbuf + slot * np->slot_size;
	memcpy(p, hdr, hdr_len);
	if (data)
		memcpy(p + NETVSP_RX_DATA_OFF, data, len);
	if (b->n)
		netvsp_slots_chain(&np->rx, le32_to_cpu(b->x->r[b->n - 1].byte_offset) /
				   np->slot_size, slot);
	b->ch = ch;
	b->x->r[b->n].byte_offset = cpu_to_le32(slot * np->slot_size);
	b->x->r[b->n].byte_count = cpu_to_le32(np->slot_size);
	b->n++;
	return 0;
}

/**
 * netvsp_to_guest() - hand the guest one RNDIS message
 * @np: the NIC
 * @channel_type: NVSP_RNDIS_DATA or NVSP_RNDIS_CONTROL
 * @hdr: the message, or a frame's RNDIS header
 * @hdr_len: its length
 * @data: a frame that goes at NETVSP_RX_DATA_OFF of the slot, or NULL
 * @len: its length
 * @more: more frames follow at once (data only): keep the packet open
 *
 * Any context. A frame goes on the channel the indirection table names
 * for its flow.
 *
 * Return: 0 (a frame is in a packet, sent or to be flushed); -ENOTCONN
 * without a receive buffer or a served channel; -ENOSPC when every slot
 * is in use; -EAGAIN when the guest's ring is full; -EMSGSIZE.
 */
int netvsp_to_guest(struct netvsp *np, u32 channel_type, const void *hdr,
		    u32 hdr_len, const void *data, u32 len, bool more)
{
	unsigned long flags;
	int ret = -ENOTCONN;

	spin_lock_irqsave(&np->lock, flags);
	if (!np->rbuf || !np->ch)
		goto out;
	ret = -EMSGSIZE;
	if (hdr_len > (data ? NETVSP_RX_DATA_OFF : np->slot_size) ||
	    (data && NETVSP_RX_DATA_OFF + len > np->slot_size))
		goto out;
	if (channel_type == NVSP_RNDIS_CONTROL) {
		ret = netvsp_rx_ctrl(np, hdr, hdr_len);
		goto out;
	}
	ret = netvsp_rx_add(np, netvsp_rx_chan(np, data, len), hdr, hdr_len,
			    data, len);
	if (!ret && !more && netvsp_rx_flush(np) == -EAGAIN)
		ret = 0;
out:
	spin_unlock_irqrestore(&np->lock, flags);
	return ret;
}

/**
 * netvsp_rx_done() - the guest completed a transfer-page packet
 * @np: the NIC
 * @tid: the completion's transaction id
 *
 * Return: 0, or -EINVAL if no packet the guest holds has that id.
 */
int netvsp_rx_done(struct netvsp *np, u64 tid)
{
	int ret;

	spin_lock_bh(&np->lock);
	ret = netvsp_slots_done(&np->rx, tid);
	spin_unlock_bh(&np->lock);
	return ret < 0 ? ret : 0;
}
