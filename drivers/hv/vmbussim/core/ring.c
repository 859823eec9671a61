// SPDX-License-Identifier: GPL-2.0
/*
 * The host end of a channel's rings, written independently of the guest's
 * ring code. The whole GPADL is mapped once with vmap(); packets that wrap
 * around the end of a data area are copied in two pieces.
 *
 * The guest is the writer of the outbound ring and its reader index is
 * ours; the host is the writer of the inbound ring. Every index the guest
 * wrote is read once and checked before use. A violation marks the
 * channel broken: the host stops using its rings until it is closed.
 */
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "vmbussim.h"

static u32 vmbussim_ring_used(const struct vmbussim_ring *r, u32 w, u32 rd)
{
	return w >= rd ? w - rd : r->size - rd + w;
}

static bool vmbussim_ring_index_ok(const struct vmbussim_ring *r, u32 idx)
{
	return idx < r->size && IS_ALIGNED(idx, 8);
}

static u32 vmbussim_ring_copy_from(const struct vmbussim_ring *r, u32 off,
				   void *dst, u32 len)
{
	u32 first = min(len, r->size - off);

	memcpy(dst, r->data + off, first);
	memcpy(dst + first, r->data, len - first);
	return (off + len) % r->size;
}

static u32 vmbussim_ring_copy_to(struct vmbussim_ring *r, u32 off,
				 const void *src, u32 len)
{
	u32 first = min(len, r->size - off);

	memcpy(r->data + off, src, first);
	memcpy(r->data, src + first, len - first);
	return (off + len) % r->size;
}

static void vmbussim_ring_broken(struct vmbussim_chan *ch, const char *why)
{
	unsigned long flags;

	spin_lock_irqsave(&ch->ring_lock, flags);
	ch->broken = true;
	ch->stats.bad_pkts++;
	spin_unlock_irqrestore(&ch->ring_lock, flags);
	pr_warn_ratelimited("vmbussim: relid %u: %s: channel broken\n",
			    ch->relid, why);
}

/**
 * vmbussim_chan_fail() - end a channel after a fatal protocol error
 * @ch: the channel
 * @why: what the guest did, for the log
 *
 * For models: the guest broke the device's protocol in a way that ends
 * the channel on a Microsoft host. The host stops reading and writing
 * the rings (the rest of the batch included) until the guest closes the
 * channel; counted in bad_pkts.
 */
void vmbussim_chan_fail(struct vmbussim_chan *ch, const char *why)
{
	vmbussim_ring_broken(ch, why);
}
EXPORT_SYMBOL_GPL(vmbussim_chan_fail);

static void vmbussim_ring_setup(struct vmbussim_ring *r, void *base,
				u32 pages)
{
	r->ctrl = base;
	r->data = base + HV_PAGE_SIZE;
	r->size = (pages - 1) * HV_PAGE_SIZE;
}

/**
 * vmbussim_ring_map() - map a channel's rings
 * @ch: the channel being opened
 * @gpadl: the complete GPADL of both rings
 * @offset: first page of the inbound ring (checked by the caller)
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_ring_map(struct vmbussim_chan *ch, struct vmbussim_gpadl *gpadl,
		      u32 offset)
{
	void *map = vmbussim_gpadl_vmap(gpadl);

	if (!map)
		return -ENOMEM;

	vmbussim_ring_setup(&ch->outbound, map, offset);
	vmbussim_ring_setup(&ch->inbound, map + offset * HV_PAGE_SIZE,
			    gpadl->npfns - offset);
	ch->rx_buf = kvmalloc(min_t(u32, ch->outbound.size, VMBUSSIM_MAX_PKT),
			      GFP_KERNEL);
	if (!ch->rx_buf) {
		vunmap(map);
		return -ENOMEM;
	}
	/* Start from the indices the guest set up (normally zero). */
	ch->outbound.index = le32_to_cpu(READ_ONCE(ch->outbound.ctrl->read_index));
	ch->inbound.index = le32_to_cpu(READ_ONCE(ch->inbound.ctrl->write_index));
	if (!vmbussim_ring_index_ok(&ch->outbound, ch->outbound.index) ||
	    !vmbussim_ring_index_ok(&ch->inbound, ch->inbound.index)) {
		pr_warn_ratelimited("vmbussim: relid %u: bad initial ring indices\n",
				    ch->relid);
		kvfree(ch->rx_buf);
		ch->rx_buf = NULL;
		vunmap(map);
		return -EINVAL;
	}
	/*
	 * The host reads the outbound ring with the guest's signals masked
	 * until its first look finds it empty (vmbussim_chan_open() queues
	 * that look).
	 */
	WRITE_ONCE(ch->outbound.ctrl->interrupt_mask, cpu_to_le32(1));
	ch->outbound.masked = true;
	/* The host writes the inbound ring: it announces the feature there. */
	WRITE_ONCE(ch->inbound.ctrl->pending_send_sz, 0);
	WRITE_ONCE(ch->inbound.ctrl->feature_bits,
		   cpu_to_le32(VMBUS_RING_FEAT_PENDING_SEND_SZ));
	ch->map = map;
	return 0;
}

/**
 * vmbussim_ring_unmap() - undo vmbussim_ring_map()
 * @ch: the channel; its work must have been cancelled
 */
void vmbussim_ring_unmap(struct vmbussim_chan *ch)
{
	if (!ch->map)
		return;
	vunmap(ch->map);
	ch->map = NULL;
	kvfree(ch->rx_buf);
	ch->rx_buf = NULL;
	memset(&ch->outbound, 0, sizeof(ch->outbound));
	memset(&ch->inbound, 0, sizeof(ch->inbound));
}

/* Check one packet header at @rd; return its length or 0 if invalid. */
static u32 vmbussim_ring_check_desc(struct vmbussim_chan *ch,
				    const struct vmbus_packet_desc *desc,
				    u32 avail)
{
	u32 off8 = le16_to_cpu(desc->offset8);
	u32 len = le16_to_cpu(desc->len8) * 8;
	u32 max = min_t(u32, ch->outbound.size, VMBUSSIM_MAX_PKT);

	if (off8 < sizeof(*desc) / 8 || len < off8 * 8 ||
	    len + VMBUS_PKT_TRAILER_SIZE > avail || len > max)
		return 0;
	return len;
}

/*
 * Hand every complete packet from @rd up to @w to the model: to its
 * @packet hook, or with @now to its @packet_now hook, stopping at the
 * first packet that hook leaves (or once an answer is parked).
 *
 * Return: 0 when all are taken, 1 when @now stopped early, -EINVAL for a
 * malformed packet.
 */
static int vmbussim_ring_consume(struct vmbussim_chan *ch, u32 *rd, u32 w,
				 bool now)
{
	const struct vmbussim_model_ops *ops = ch->dev->model->ops;
	struct vmbussim_ring *r = &ch->outbound;
	struct vmbus_packet_desc desc;
	u32 avail, len, off;
	bool muted;

	/* A model may end the channel (vmbussim_chan_fail()) mid-batch. */
	while (*rd != w && !READ_ONCE(ch->broken)) {
		avail = vmbussim_ring_used(r, w, *rd);
		if (avail < sizeof(desc) + VMBUS_PKT_TRAILER_SIZE)
			return -EINVAL;
		vmbussim_ring_copy_from(r, *rd, &desc, sizeof(desc));
		len = vmbussim_ring_check_desc(ch, &desc, avail);
		if (!len)
			return -EINVAL;
		vmbussim_ring_copy_from(r, *rd, ch->rx_buf, len);
		/* Use the checked header, not a second read of the ring. */
		memcpy(ch->rx_buf, &desc, sizeof(desc));
		off = le16_to_cpu(desc.offset8) * 8;
		/* A muted host takes packets and never answers them. */
		muted = READ_ONCE(ch->dev->muted);
		if (now && !muted &&
		    (ch->parked_len ||
		     !ops->packet_now(ch, (const void *)ch->rx_buf,
				      ch->rx_buf + off, len - off)))
			return 1;
		*rd = (*rd + len + VMBUS_PKT_TRAILER_SIZE) % r->size;
		ch->stats.pkts_in++;
		ch->stats.pkts_now += now;
		/* The model gets the whole packet (GPA ranges included). */
		if (!now && !muted)
			ops->packet(ch, (const void *)ch->rx_buf,
				    ch->rx_buf + off, len - off);
	}
	return 0;
}

/* After a batch: signal the guest if its wait for ring space is over. */
static void vmbussim_ring_check_pending(struct vmbussim_chan *ch, u32 w,
					u32 before, u32 rd)
{
	struct vmbussim_ring *r = &ch->outbound;
	u32 feat = le32_to_cpu(READ_ONCE(r->ctrl->feature_bits));
	u32 pending, free_before, free_now;

	if (!(feat & VMBUS_RING_FEAT_PENDING_SEND_SZ) || before == rd)
		return;
	/*
	 * Order the read_index store before reading pending_send_sz. Pairs
	 * with the guest's full barrier between setting pending_send_sz and
	 * re-reading read_index: either it sees the new space or we see
	 * its request.
	 */
	smp_mb();
	pending = le32_to_cpu(READ_ONCE(r->ctrl->pending_send_sz));
	if (!pending)
		return;
	free_before = r->size - vmbussim_ring_used(r, w, before);
	free_now = r->size - vmbussim_ring_used(r, w, rd);
	if (free_before <= pending && free_now >= pending)
		vmbussim_chan_signal(ch);
}

/*
 * The host masks the guest's signals while it drains the outbound ring,
 * as a Microsoft host does: the mask is set when the channel opens and
 * before packets are taken, and cleared only when the ring is found
 * empty, followed by a second look (vmbussim_ring_idle()). So the guest
 * writes packets that no signal announces and must honour the mask (and
 * order its check) exactly. (OpenVMM's vmbus_async reader does this.)
 */
static void vmbussim_ring_mask(struct vmbussim_ring *r)
{
	if (r->masked)
		return;
	WRITE_ONCE(r->ctrl->interrupt_mask, cpu_to_le32(1));
	r->masked = true;
}

/* The ring looks empty: unmask and look again. True if it stays empty. */
static bool vmbussim_ring_idle(struct vmbussim_ring *r)
{
	if (r->masked) {
		WRITE_ONCE(r->ctrl->interrupt_mask, 0);
		r->masked = false;
	}
	/*
	 * Order the interrupt_mask (and the earlier read_index) store before
	 * re-loading write_index. Pairs with the guest's full barrier
	 * between publishing write_index and loading read_index and
	 * interrupt_mask: either it sees the ring drained and unmasked and
	 * signals, or we see its packet here.
	 */
	smp_mb();
	if (le32_to_cpu(READ_ONCE(r->ctrl->write_index)) == r->index)
		return true;
	vmbussim_ring_mask(r);
	return false;
}

/*
 * Read the packets the guest wrote, as the channel's reader; with @now
 * in its signal (vmbussim_ring_consume()). Return false if the channel
 * work must go on from where this stopped (the mask stays set until it
 * does).
 */
static bool __vmbussim_ring_read(struct vmbussim_chan *ch, bool now)
{
	struct vmbussim_ring *r = &ch->outbound;
	u32 w, rd, before;
	int rounds = 0, ret;

	if (!READ_ONCE(ch->open) || READ_ONCE(ch->broken))
		return true;
	for (;;) {
		/*
		 * Acquire: the packet bytes are read after the index. Pairs
		 * with the guest's release store of write_index after it
		 * wrote the packets.
		 */
		w = le32_to_cpu(smp_load_acquire(&r->ctrl->write_index));
		if (!vmbussim_ring_index_ok(r, w)) {
			vmbussim_ring_broken(ch, "bad outbound write index");
			return true;
		}
		if (w == r->index) {
			if (vmbussim_ring_idle(r))
				return true;
			continue;
		}
		if (++rounds > 64)
			return false;
		vmbussim_ring_mask(r);
		before = r->index;
		rd = before;
		ret = vmbussim_ring_consume(ch, &rd, w, now);
		if (ret < 0) {
			vmbussim_ring_broken(ch, "malformed guest packet");
			return true;
		}
		if (rd == before)
			return !ret;
		r->index = rd;
		/*
		 * Release: our copies of the packets are complete before the
		 * guest may reuse the space. Pairs with the guest's acquire
		 * load of read_index when it computes free space.
		 */
		smp_store_release(&r->ctrl->read_index, cpu_to_le32(rd));
		vmbussim_ring_check_pending(ch, w, before, rd);
		if (ret)
			return false;
	}
}

/**
 * vmbussim_ring_read() - read the packets the guest wrote
 * @ch: the channel; called from its work item, as its reader
 */
void vmbussim_ring_read(struct vmbussim_chan *ch)
{
	if (!__vmbussim_ring_read(ch, false))
		queue_work(vmbussim.wq, &ch->work);
}

/**
 * vmbussim_ring_read_now() - read the packets the guest wrote, in its
 *	signal
 * @ch: the channel; the caller is its reader, interrupts off
 *
 * Return: false if the channel work must read the rest.
 */
bool vmbussim_ring_read_now(struct vmbussim_chan *ch)
{
	return __vmbussim_ring_read(ch, true);
}

/*
 * Wait for room: ask the guest to signal once a quarter of the ring (at
 * least @need bytes) is free, as a Microsoft host does, so that a full
 * ring does not ping-pong one packet at a time. (OpenVMM's vmbus_async
 * writer asks for a quarter of its largest packet, the ring less 8
 * bytes; a quarter of the ring keeps the request 8-byte aligned.)
 */
static bool vmbussim_ring_room(struct vmbussim_chan *ch, u32 need)
{
	struct vmbussim_ring *r = &ch->inbound;
	u32 rd;

	WRITE_ONCE(r->ctrl->pending_send_sz,
		   cpu_to_le32(max(need, r->size / 4)));
	/*
	 * Order the pending_send_sz store before re-reading read_index.
	 * Pairs with the guest's full barrier between publishing read_index
	 * and reading pending_send_sz.
	 */
	smp_mb();
	rd = le32_to_cpu(READ_ONCE(r->ctrl->read_index));
	if (!vmbussim_ring_index_ok(r, rd))
		return false;
	return r->size - vmbussim_ring_used(r, r->index, rd) > need;
}

/**
 * vmbussim_ring_write_raw() - write one packet into the inbound ring
 * @ch: the channel; caller holds its ring_lock
 * @desc: the packet header, written as is (faults write bad ones)
 * @hdr: bytes between the header and the payload (transfer-page ranges,
 *	...), or NULL
 * @hdr_len: their length, a multiple of 8
 * @buf: payload
 * @len: payload bytes; padded with zeros to 8 bytes
 * @signal: set if the guest must be signalled (vmbussim_chan_signal(),
 *	after dropping the lock)
 *
 * Return: 0, -ENOTCONN, -EIO (broken) or -EAGAIN (ring full).
 */
int vmbussim_ring_write_raw(struct vmbussim_chan *ch,
			    const struct vmbus_packet_desc *desc,
			    const void *hdr, u32 hdr_len,
			    const void *buf, u32 len, bool *signal)
{
	static const u8 zeros[8];
	struct vmbussim_ring *r = &ch->inbound;
	u32 need = sizeof(*desc) + hdr_len + ALIGN(len, 8) +
		   VMBUS_PKT_TRAILER_SIZE;
	u32 w = r->index, rd, old = r->index;
	__le64 trailer;

	lockdep_assert_held(&ch->ring_lock);
	*signal = false;
	if (!ch->open)
		return -ENOTCONN;
	if (ch->broken)
		return -EIO;
	/*
	 * Acquire: we overwrite space only after the guest finished reading
	 * it. Pairs with the guest's release store of read_index.
	 */
	rd = le32_to_cpu(smp_load_acquire(&r->ctrl->read_index));
	if (!vmbussim_ring_index_ok(r, rd)) {
		ch->broken = true;
		pr_warn_ratelimited("vmbussim: relid %u: bad inbound read index\n",
				    ch->relid);
		return -EIO;
	}
	if (r->size - vmbussim_ring_used(r, w, rd) <= need) {
		ch->stats.ring_full++;
		ch->tx_blocked = true;
		if (!vmbussim_ring_room(ch, need))
			return -EAGAIN;
	}
	if (ch->tx_blocked) {
		WRITE_ONCE(r->ctrl->pending_send_sz, 0);
		ch->tx_blocked = false;
	}
	w = vmbussim_ring_copy_to(r, w, desc, sizeof(*desc));
	if (hdr_len)
		w = vmbussim_ring_copy_to(r, w, hdr, hdr_len);
	w = vmbussim_ring_copy_to(r, w, buf, len);
	w = vmbussim_ring_copy_to(r, w, zeros, ALIGN(len, 8) - len);
	trailer = cpu_to_le64((u64)old << 32);
	w = vmbussim_ring_copy_to(r, w, &trailer, sizeof(trailer));
	r->index = w;
	/*
	 * Release: the packet bytes are visible before the new index. Pairs
	 * with the guest's acquire load of write_index.
	 */
	smp_store_release(&r->ctrl->write_index, cpu_to_le32(w));
	ch->stats.pkts_out++;
	/*
	 * Order the write_index store before reading interrupt_mask and
	 * read_index. Pairs with the guest's full barrier between clearing
	 * interrupt_mask (or publishing read_index) and re-reading
	 * write_index: either the guest sees our packet or we see that it
	 * wants a signal.
	 */
	smp_mb();
	if (READ_ONCE(r->ctrl->interrupt_mask)) {
		ch->stats.masked++;
		return 0;
	}
	*signal = le32_to_cpu(READ_ONCE(r->ctrl->read_index)) == old;
	return 0;
}
