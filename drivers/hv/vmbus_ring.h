/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One direction of a VMBus channel: a ring buffer in memory shared with
 * the host. Private to the bus driver.
 *
 * Each ring has exactly one writer side and one reader side. The guest
 * writes the outbound ring and reads the inbound ring; the host does the
 * opposite. The data area is mapped twice back to back, so a packet that
 * wraps around the end is still one contiguous run of virtual addresses
 * and every copy is a single memcpy.
 */
#ifndef _VMBUS_RING_H
#define _VMBUS_RING_H

#include <linux/spinlock.h>
#include <linux/types.h>

#include <linux/hyperv/spec/ring.h>

struct page;
struct kvec;

/**
 * struct vmbus_ring - the guest's view of one ring
 * @ctrl: the shared control page
 * @data: the data area, mapped twice: @data[i] and @data[i + @size] are
 *	the same byte
 * @size: bytes in the data area
 * @map: base of the vmap()ed range, for vunmap()
 * @write_lock: serialises writers (outbound ring only)
 * @priv_write_index: the writer's own copy of its index (outbound); the
 *	shared one in @ctrl is only ever stored to, never trusted
 * @priv_read_index: reader's index not yet published to @ctrl (inbound)
 * @batch_read_index: the read index published at the start of the
 *	current batch of reads (inbound), for pending_send_sz flow control
 * @pkt_buf: private copy of the packet being read (inbound)
 * @pkt_buf_size: bytes in @pkt_buf; the largest packet accepted
 * @broken: a malformed packet was seen; the ring reads nothing more
 * @full_first: writes that found the ring full after it had room
 * @full_total: writes that found the ring full
 * @was_full: the last write found the ring full
 */
struct vmbus_ring {
	struct vmbus_ring_control *ctrl;
	u8 *data;
	u32 size;
	void *map;
	spinlock_t write_lock;	/* serialises writers */
	u32 priv_write_index;
	u32 priv_read_index;
	u32 batch_read_index;
	u8 *pkt_buf;
	u32 pkt_buf_size;
	bool broken;
	u64 full_first;
	u64 full_total;
	bool was_full;
};

int vmbus_ring_init(struct vmbus_ring *ring, struct page *pages,
		    u32 npages, u32 max_pkt_size);
void vmbus_ring_cleanup(struct vmbus_ring *ring);

/* Writer side (outbound ring). */
int vmbus_ring_write(struct vmbus_ring *ring, const struct kvec *kv,
		     unsigned int kv_count, bool *signal);
u32 vmbus_ring_write_avail(const struct vmbus_ring *ring);
void vmbus_ring_set_pending_send(struct vmbus_ring *ring, u32 bytes);

/* Reader side (inbound ring). */
const struct vmbus_packet_desc *vmbus_ring_next(struct vmbus_ring *ring);
bool vmbus_ring_read_done(struct vmbus_ring *ring);
u32 vmbus_ring_read_avail(const struct vmbus_ring *ring);
void vmbus_ring_mask(struct vmbus_ring *ring);
u32 vmbus_ring_unmask(struct vmbus_ring *ring);

/*
 * Index arithmetic, shared by both sides and tested by KUnit: pure
 * functions of the indices and the data-area size.
 */

/**
 * vmbus_ring_used() - bytes between the read and the write index
 * @read: read index
 * @write: write index
 * @size: bytes in the data area
 *
 * Return: bytes written and not yet read.
 */
static inline u32 vmbus_ring_used(u32 read, u32 write, u32 size)
{
	return write >= read ? write - read : size - (read - write);
}

/**
 * vmbus_ring_free() - bytes a writer may still fill
 * @read: read index
 * @write: write index
 * @size: bytes in the data area
 *
 * Return: free bytes; a writer must always leave at least one byte free
 * so that a full ring is not taken for an empty one.
 */
static inline u32 vmbus_ring_free(u32 read, u32 write, u32 size)
{
	return size - vmbus_ring_used(read, write, size);
}

#endif /* _VMBUS_RING_H */
