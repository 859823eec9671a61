// SPDX-License-Identifier: GPL-2.0
/*
 * VMBus ring buffers: one direction of a channel, shared with the host.
 *
 * The guest writes its outbound ring and reads its inbound ring. The
 * host is untrusted: every index it publishes is read once, bounded and
 * checked for alignment; every packet is copied into a private buffer
 * before its header is trusted. A violation breaks the ring for good.
 *
 * Both sides follow the same rules: indices are byte offsets into the
 * data area, multiples of 8; the ring is empty when they are equal and a
 * writer never fills it completely. Each index has exactly one writer, so
 * the protocol needs no atomics, only ordering:
 *  - a writer stores its data, then publishes write_index (release);
 *    the reader loads write_index (acquire), then reads the data;
 *  - a reader finishes reading, then publishes read_index (release);
 *    the writer loads read_index (acquire), then reuses the space;
 *  - the decisions to signal the other side compare a store of our index
 *    with a load of the other side's state (store->load), which only a
 *    full barrier orders.
 */

#include <linux/err.h>
#include <linux/mm.h>
#include <linux/printk.h>
#include <linux/slab.h>
#include <linux/uio.h>
#include <linux/vmalloc.h>

#include <asm/barrier.h>

#include "vmbus_ring.h"

/* Room for a descriptor and its trailer: the smallest possible packet. */
#define VMBUS_RING_MIN_PKT \
	(sizeof(struct vmbus_packet_desc) + VMBUS_PKT_TRAILER_SIZE)

static bool vmbus_ring_index_ok(const struct vmbus_ring *ring, u32 index)
{
	return index < ring->size && IS_ALIGNED(index, 8);
}

static u32 vmbus_ring_advance(const struct vmbus_ring *ring, u32 index,
			      u32 bytes)
{
	/* index < size and bytes < size: the sum cannot overflow. */
	index += bytes;
	return index >= ring->size ? index - ring->size : index;
}

static void *vmbus_ring_map(struct page *pages, u32 ndata)
{
	struct page **map_pages;
	unsigned int nmap = 1 + 2 * ndata;
	void *map;
	u32 i;

	map_pages = kcalloc(nmap, sizeof(*map_pages), GFP_KERNEL);
	if (!map_pages)
		return NULL;

	/* [control page, data pages, the same data pages again] */
	map_pages[0] = pages;
	for (i = 0; i < ndata; i++) {
		map_pages[1 + i] = nth_page(pages, 1 + i);
		map_pages[1 + ndata + i] = nth_page(pages, 1 + i);
	}
	map = vmap(map_pages, nmap, VM_MAP, PAGE_KERNEL);
	kfree(map_pages);
	return map;
}

/**
 * vmbus_ring_init() - map a ring and set it up for the guest's side
 * @ring: the ring to set up
 * @pages: the first of @npages physically contiguous pages: the control
 *	page, then the data area
 * @npages: number of pages, control page included; at least 2
 * @max_pkt_size: for an inbound ring, the largest packet accepted (the
 *	size of the private packet buffer); 0 for an outbound ring
 *
 * Zeroes the control page: the guest owns a fresh ring. On an outbound
 * ring, advertises pending_send_sz support to the host, which reads it.
 * The caller keeps ownership of @pages and frees them after
 * vmbus_ring_cleanup().
 *
 * Context: process context, may sleep.
 * Return: 0, -EINVAL for a bad size, -EOPNOTSUPP if PAGE_SIZE is not the
 * Hyper-V page size, or -ENOMEM.
 */
int vmbus_ring_init(struct vmbus_ring *ring, struct page *pages,
		    u32 npages, u32 max_pkt_size)
{
	u32 ndata = npages - 1;

	/*
	 * The host sees one HV_PAGE_SIZE control page followed by the data;
	 * larger kernel pages would need the data area mapped from an
	 * offset inside the first page, which this driver does not do.
	 */
	if (PAGE_SIZE != HV_PAGE_SIZE)
		return -EOPNOTSUPP;
	/* Indices plus a packet length must fit in a u32: cap at 2 GiB. */
	if (npages < 2 || ndata > (U32_MAX / 2) / PAGE_SIZE)
		return -EINVAL;

	memset(ring, 0, sizeof(*ring));
	spin_lock_init(&ring->write_lock);
	ring->size = ndata * PAGE_SIZE;

	if (max_pkt_size) {
		ring->pkt_buf = kvmalloc(max_pkt_size, GFP_KERNEL);
		if (!ring->pkt_buf)
			return -ENOMEM;
		ring->pkt_buf_size = max_pkt_size;
	}

	ring->map = vmbus_ring_map(pages, ndata);
	if (!ring->map)
		goto err_free_pkt_buf;
	ring->ctrl = ring->map;
	ring->data = (u8 *)ring->map + PAGE_SIZE;

	memset(ring->ctrl, 0, sizeof(*ring->ctrl));
	if (!max_pkt_size)
		ring->ctrl->feature_bits =
			cpu_to_le32(VMBUS_RING_FEAT_PENDING_SEND_SZ);
	return 0;

err_free_pkt_buf:
	kvfree(ring->pkt_buf);
	ring->pkt_buf = NULL;
	return -ENOMEM;
}

/**
 * vmbus_ring_cleanup() - undo vmbus_ring_init()
 * @ring: the ring
 *
 * Unmaps the ring and frees the packet buffer; the pages stay the
 * caller's. Safe on a ring whose init failed or that was cleaned up.
 *
 * Context: process context, may sleep.
 */
void vmbus_ring_cleanup(struct vmbus_ring *ring)
{
	if (ring->map)
		vunmap(ring->map);
	ring->map = NULL;
	ring->ctrl = NULL;
	ring->data = NULL;
	kvfree(ring->pkt_buf);
	ring->pkt_buf = NULL;
	ring->pkt_buf_size = 0;
}

/* Load an index the other side publishes; U32_MAX if it is bad. */
static u32 vmbus_ring_load_index(const struct vmbus_ring *ring,
				 __le32 *index)
{
	u32 val;

	/*
	 * Acquire: pairs with the other side's release store of this index.
	 * Our accesses to the ring data the index covers (reads of new
	 * packets, or writes into space just freed) cannot move before it.
	 */
	val = le32_to_cpu(virt_load_acquire(index));

	return vmbus_ring_index_ok(ring, val) ? val : U32_MAX;
}

static int vmbus_ring_kvec_bytes(const struct vmbus_ring *ring,
				 const struct kvec *kv, unsigned int kv_count,
				 u32 *bytes)
{
	size_t total = 0;
	unsigned int i;

	for (i = 0; i < kv_count; i++) {
		total += kv[i].iov_len;
		/* Also keeps the sum from overflowing. */
		if (kv[i].iov_len >= ring->size || total >= ring->size)
			return -EINVAL;
	}
	if (!total || !IS_ALIGNED(total, 8))
		return -EINVAL;
	*bytes = total;
	return 0;
}

static void vmbus_ring_note_full(struct vmbus_ring *ring)
{
	ring->full_total++;
	if (!ring->was_full)
		ring->full_first++;
	ring->was_full = true;
}

/* Copy one packet and its trailer to @start; returns the new index. */
static u32 vmbus_ring_copy_in(struct vmbus_ring *ring, u32 start,
			      const struct kvec *kv, unsigned int kv_count)
{
	__le64 trailer = cpu_to_le64((u64)start << 32);
	u32 index = start;
	unsigned int i;

	/* index < size and every run < size: the double mapping covers it. */
	for (i = 0; i < kv_count; i++) {
		memcpy(ring->data + index, kv[i].iov_base, kv[i].iov_len);
		index = vmbus_ring_advance(ring, index, kv[i].iov_len);
	}
	memcpy(ring->data + index, &trailer, sizeof(trailer));
	return vmbus_ring_advance(ring, index, sizeof(trailer));
}

/*
 * Publish a new write index, then decide whether the host must be told.
 * Called after the packet was copied in.
 */
static bool vmbus_ring_publish_write(struct vmbus_ring *ring, u32 old_write,
				     u32 new_write)
{
	u32 read;
	bool masked;

	lockdep_assert_held(&ring->write_lock);

	/*
	 * Release: the packet bytes are visible before the new index. Pairs
	 * with the host's load of write_index and its read barrier before
	 * it reads the packet.
	 */
	virt_store_release(&ring->ctrl->write_index, cpu_to_le32(new_write));
	WRITE_ONCE(ring->priv_write_index, new_write);

	/*
	 * Full barrier: orders the store of write_index above before the
	 * loads of read_index and interrupt_mask below (store->load, which
	 * a release or acquire does not order). It pairs with the host's
	 * full barrier between storing read_index or clearing
	 * interrupt_mask and re-loading write_index before it sleeps. So
	 * either the host sees our packet on its re-check, or we see that
	 * it drained the ring and unmasked, and signal it.
	 */
	virt_mb();
	read = le32_to_cpu(READ_ONCE(ring->ctrl->read_index));
	masked = READ_ONCE(ring->ctrl->interrupt_mask) != 0;

	/* Only the empty->non-empty transition wakes the host. */
	return read == old_write && !masked;
}

/**
 * vmbus_ring_write() - write one packet into an outbound ring
 * @ring: the outbound ring
 * @kv: the packet, in pieces; @kv[0] starts with its descriptor
 * @kv_count: number of pieces
 * @signal: set to true if the caller must signal the host
 *
 * The pieces are copied in order as one packet, followed by the trailer.
 * The caller builds the descriptor and pads the packet to a multiple of 8
 * bytes with zeroes (no guest memory may leak to the host).
 *
 * Context: any; takes the ring's write lock with interrupts disabled.
 * Return: 0; -EINVAL if the packet is empty, not a multiple of 8 bytes or
 * larger than the ring; -EAGAIN if the ring has no room now; -EIO if the
 * host published a bad read index (the ring is then broken).
 */
int vmbus_ring_write(struct vmbus_ring *ring, const struct kvec *kv,
		     unsigned int kv_count, bool *signal)
{
	u32 bytes, read, write;
	unsigned long flags;
	int ret;

	*signal = false;
	ret = vmbus_ring_kvec_bytes(ring, kv, kv_count, &bytes);
	if (ret)
		return ret;

	spin_lock_irqsave(&ring->write_lock, flags);
	if (READ_ONCE(ring->broken)) {
		ret = -EIO;
		goto out_unlock;
	}

	read = vmbus_ring_load_index(ring, &ring->ctrl->read_index);
	if (read == U32_MAX) {
		WRITE_ONCE(ring->broken, true);
		pr_err_ratelimited("vmbus: host published a bad read index\n");
		ret = -EIO;
		goto out_unlock;
	}

	write = ring->priv_write_index;
	/* Strictly more: the packet must not make the ring look empty. */
	if (vmbus_ring_free(read, write, ring->size) <=
	    bytes + VMBUS_PKT_TRAILER_SIZE) {
		vmbus_ring_note_full(ring);
		ret = -EAGAIN;
		goto out_unlock;
	}
	ring->was_full = false;

	*signal = vmbus_ring_publish_write(ring, write,
					   vmbus_ring_copy_in(ring, write, kv,
							      kv_count));
out_unlock:
	spin_unlock_irqrestore(&ring->write_lock, flags);
	return ret;
}

/**
 * vmbus_ring_write_avail() - bytes a writer could put in the ring now
 * @ring: the outbound ring
 *
 * For statistics: the value may be stale as soon as it is returned.
 *
 * Return: free bytes, less the one byte that always stays free, or 0 if
 * the host's read index is bad.
 */
u32 vmbus_ring_write_avail(const struct vmbus_ring *ring)
{
	u32 read = le32_to_cpu(READ_ONCE(ring->ctrl->read_index));

	if (!vmbus_ring_index_ok(ring, read))
		return 0;
	return vmbus_ring_free(read, READ_ONCE(ring->priv_write_index),
			       ring->size) - 1;
}

/**
 * vmbus_ring_set_pending_send() - tell the host how much room we wait for
 * @ring: the outbound ring
 * @bytes: free bytes the writer needs; 0 when it waits for none
 *
 * The host signals us when a read makes at least @bytes free. After
 * setting a non-zero value, the caller must try its write again before it
 * sleeps: the host may have made room before it saw the request.
 *
 * Context: any.
 */
void vmbus_ring_set_pending_send(struct vmbus_ring *ring, u32 bytes)
{
	WRITE_ONCE(ring->ctrl->pending_send_sz, cpu_to_le32(bytes));
	/*
	 * Full barrier: orders this store before the load of read_index in
	 * the caller's next vmbus_ring_write() (store->load). Pairs with
	 * the host reader's full barrier between publishing read_index and
	 * loading pending_send_sz: either it sees our request, or our retry
	 * sees the room it made.
	 */
	virt_mb();
}

static const struct vmbus_packet_desc *
vmbus_ring_bad_packet(struct vmbus_ring *ring, const char *why)
{
	WRITE_ONCE(ring->broken, true);
	pr_err_ratelimited("vmbus: malformed packet in inbound ring: %s\n",
			   why);
	return ERR_PTR(-EBADMSG);
}

/* Check a copied descriptor against the bytes that the host published. */
static const char *vmbus_ring_check_desc(const struct vmbus_ring *ring,
					 const struct vmbus_packet_desc *desc,
					 u32 avail)
{
	u32 offset = le16_to_cpu(desc->offset8) * 8;
	u32 len = le16_to_cpu(desc->len8) * 8;

	if (offset < sizeof(*desc))
		return "payload offset inside the descriptor";
	if (len < offset)
		return "payload offset beyond the packet";
	if (len + VMBUS_PKT_TRAILER_SIZE > avail)
		return "packet longer than the data written";
	if (len > ring->pkt_buf_size)
		return "packet larger than the maximum";
	return NULL;
}

/**
 * vmbus_ring_next() - take the next packet from an inbound ring
 * @ring: the inbound ring
 *
 * Copies the next packet into the ring's private buffer and checks it.
 * The packet is consumed, but its space is returned to the host only by
 * vmbus_ring_read_done(), so several calls form one batch. The returned
 * packet stays valid until the next call.
 *
 * Context: any; the caller serialises the readers of a ring.
 * Return: the packet (its header is the one that was validated), NULL if
 * the ring is empty, or ERR_PTR(-EBADMSG) if the host broke the ring
 * (then for ever after).
 */
const struct vmbus_packet_desc *vmbus_ring_next(struct vmbus_ring *ring)
{
	struct vmbus_packet_desc desc;
	const char *why;
	u32 write, avail, start = ring->priv_read_index;

	if (READ_ONCE(ring->broken))
		return ERR_PTR(-EBADMSG);
	if (WARN_ON_ONCE(!ring->pkt_buf))
		return ERR_PTR(-EINVAL);

	write = vmbus_ring_load_index(ring, &ring->ctrl->write_index);
	if (write == U32_MAX)
		return vmbus_ring_bad_packet(ring, "bad write index");

	avail = vmbus_ring_used(start, write, ring->size);
	if (!avail)
		return NULL;
	/* The host publishes whole packets only. */
	if (avail < VMBUS_RING_MIN_PKT)
		return vmbus_ring_bad_packet(ring, "partial packet");

	memcpy(&desc, ring->data + start, sizeof(desc));
	why = vmbus_ring_check_desc(ring, &desc, avail);
	if (why)
		return vmbus_ring_bad_packet(ring, why);

	memcpy(ring->pkt_buf, ring->data + start,
	       le16_to_cpu(desc.len8) * 8);
	/*
	 * The host may have changed the shared bytes since we copied the
	 * descriptor: overwrite the private copy's header with the one we
	 * validated, so that the packet we hand out is self-consistent.
	 */
	memcpy(ring->pkt_buf, &desc, sizeof(desc));

	ring->priv_read_index = vmbus_ring_advance(ring, start,
						   le16_to_cpu(desc.len8) * 8 +
						   VMBUS_PKT_TRAILER_SIZE);
	return (const struct vmbus_packet_desc *)ring->pkt_buf;
}

/* Would a writer waiting for pending_send_sz bytes now have them? */
static bool vmbus_ring_host_wants_signal(struct vmbus_ring *ring, u32 before,
					 u32 now)
{
	u32 pending, write;

	if (!(le32_to_cpu(READ_ONCE(ring->ctrl->feature_bits)) &
	      VMBUS_RING_FEAT_PENDING_SEND_SZ))
		return false;
	pending = le32_to_cpu(READ_ONCE(ring->ctrl->pending_send_sz));
	if (!pending)
		return false;

	write = le32_to_cpu(READ_ONCE(ring->ctrl->write_index));
	if (!vmbus_ring_index_ok(ring, write))
		return false;

	/* Signal only on the transition to enough room. */
	return vmbus_ring_free(before, write, ring->size) < pending &&
	       vmbus_ring_free(now, write, ring->size) >= pending;
}

/**
 * vmbus_ring_read_done() - return the space of a batch of reads to the host
 * @ring: the inbound ring
 *
 * Publishes the read index once for all the packets taken by
 * vmbus_ring_next() since the last call.
 *
 * Context: any; the caller serialises the readers of a ring.
 * Return: true if the caller must signal the host, because the host waits
 * for room to write (pending_send_sz) and this batch made that room.
 */
bool vmbus_ring_read_done(struct vmbus_ring *ring)
{
	u32 before = ring->batch_read_index, now = ring->priv_read_index;

	if (before == now)
		return false;

	/*
	 * Release: our copies of the batch's packets are complete before
	 * the host may see their space as free and overwrite it. Pairs with
	 * the host writer's load of read_index and the barrier before it
	 * writes into the freed space.
	 */
	virt_store_release(&ring->ctrl->read_index, cpu_to_le32(now));
	ring->batch_read_index = now;

	/*
	 * Full barrier: orders the store of read_index above before the
	 * loads of pending_send_sz and write_index (store->load). Pairs
	 * with the host writer's full barrier between storing
	 * pending_send_sz and re-loading read_index: either it sees the
	 * room we made, or we see that it waits for it.
	 */
	virt_mb();
	return vmbus_ring_host_wants_signal(ring, before, now);
}

/**
 * vmbus_ring_read_avail() - bytes the host has written and we not freed
 * @ring: the ring
 *
 * For statistics: computed from the published indices, may be stale.
 *
 * Return: bytes between the read and the write index, or 0 if either
 * index is bad.
 */
u32 vmbus_ring_read_avail(const struct vmbus_ring *ring)
{
	u32 read = le32_to_cpu(READ_ONCE(ring->ctrl->read_index));
	u32 write = le32_to_cpu(READ_ONCE(ring->ctrl->write_index));

	if (!vmbus_ring_index_ok(ring, read) ||
	    !vmbus_ring_index_ok(ring, write))
		return 0;
	return vmbus_ring_used(read, write, ring->size);
}

/**
 * vmbus_ring_mask() - ask the host not to signal new packets
 * @ring: the inbound ring
 *
 * For a reader that polls. A signal already under way may still arrive.
 *
 * Context: any.
 */
void vmbus_ring_mask(struct vmbus_ring *ring)
{
	WRITE_ONCE(ring->ctrl->interrupt_mask, cpu_to_le32(1));
}

/**
 * vmbus_ring_unmask() - ask the host to signal new packets again
 * @ring: the inbound ring
 *
 * A packet written while the ring was masked brings no signal: the caller
 * must poll again if this returns non-zero.
 *
 * Context: any; the caller serialises the readers of a ring.
 * Return: bytes not yet taken with vmbus_ring_next(); if the host's write
 * index is bad, 1, so that the caller polls and vmbus_ring_next() reports
 * it.
 */
u32 vmbus_ring_unmask(struct vmbus_ring *ring)
{
	u32 write;

	WRITE_ONCE(ring->ctrl->interrupt_mask, 0);
	/*
	 * Full barrier: orders the unmasking store before the re-check load
	 * of write_index (store->load). Pairs with the host writer's full
	 * barrier between publishing write_index and loading
	 * interrupt_mask: either it sees us unmasked and signals, or we
	 * see its packet here.
	 */
	virt_mb();

	write = le32_to_cpu(READ_ONCE(ring->ctrl->write_index));
	if (!vmbus_ring_index_ok(ring, write))
		return 1;
	return vmbus_ring_used(ring->priv_read_index, write, ring->size);
}
