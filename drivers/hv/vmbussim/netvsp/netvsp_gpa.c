// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the guest's frames in GPA-direct packets. Each
 * channel has its own buffers (its packet hook handles one packet at a
 * time, but the channels of a NIC run in parallel). Of an LSO packet only
 * the RNDIS message's head is copied out of guest memory: the headers
 * are checked there, and the payload goes straight from the guest's
 * pages into the pages of the GSO skb, which come from the channel's
 * page pool and return to it when the skb is freed (no zeroing of fresh
 * pages for every packet).
 */

#include <linux/mm.h>
#include <linux/skbuff.h>
#include <linux/slab.h>

#include <net/page_pool/helpers.h>

#include "netvsp.h"

/*
 * A channel's pool: 32 KiB pages (order 3; a 64 KiB GSO skb takes two
 * frags, not sixteen), of which it keeps up to 128 for reuse (4 MiB: the
 * skbs a TCP receive window holds on the far end). With 64 order-0 pages
 * the pool freed most pages the stack returned and zeroed new ones, 3% of
 * the TCP benchmark's time; with order 0 and 1024 pages TCP reached 0.66
 * of veth, with order 3 0.70 and 0.78 (tools/bench/netvsc.sh).
 */
#define NETVSP_POOL_PAGES	128
#define NETVSP_POOL_ORDER	3
#define NETVSP_POOL_PAGE	(PAGE_SIZE << NETVSP_POOL_ORDER)

/**
 * netvsp_gpa_buf_get() - give a channel its buffers, if it has none yet
 * @np: the NIC
 * @index: the channel's index
 *
 * Return: 0, -EINVAL for an index past NETVSP_MAX_QUEUES, or -ENOMEM.
 */
int netvsp_gpa_buf_get(struct netvsp *np, u16 index)
{
	struct page_pool_params pp = {
		.pool_size = NETVSP_POOL_PAGES,
		.order = NETVSP_POOL_ORDER,
		.nid = NUMA_NO_NODE,
	};
	struct netvsp_gpa_buf *b;
	struct page_pool *pool;

	if (index >= NETVSP_MAX_QUEUES)
		return -EINVAL;
	b = &np->gpa[index];
	if (!b->scratch)
		b->scratch = kvmalloc(NETVSP_SCRATCH, GFP_KERNEL);
	if (!b->scratch)
		return -ENOMEM;
	if (b->pool)
		return 0;
	pool = page_pool_create(&pp);
	if (IS_ERR(pool))
		return PTR_ERR(pool);
	b->pool = pool;
	return 0;
}

/**
 * netvsp_gpa_bufs_free() - free every channel's buffers (the NIC goes)
 * @np: the NIC, its channels closed
 *
 * Pages still in skbs return to the kernel when those are freed.
 */
void netvsp_gpa_bufs_free(struct netvsp *np)
{
	u32 i;

	for (i = 0; i < NETVSP_MAX_QUEUES; i++) {
		kvfree(np->gpa[i].scratch);
		if (np->gpa[i].pool)
			page_pool_destroy(np->gpa[i].pool);
	}
}

/**
 * netvsp_gpa_buf() - the buffers of the channel a packet came on
 * @np: the NIC
 * @ch: the channel, open (netvsp_gpa_buf_get() succeeded for it)
 *
 * Return: its buffers.
 */
struct netvsp_gpa_buf *netvsp_gpa_buf(struct netvsp *np,
				      struct vmbussim_chan *ch)
{
	return &np->gpa[vmbussim_chan_index(ch)];
}

/**
 * netvsp_frame_pull() - copy the rest of a frame into host memory
 * @fr: the frame
 *
 * Return: 0, or -EINVAL if guest memory could not be read.
 */
int netvsp_frame_pull(struct netvsp_frame *fr)
{
	if (fr->have == fr->len)
		return 0;
	if (vmbussim_gpa_copy(fr->desc, fr->desc_off + fr->have,
			      fr->f + fr->have, fr->len - fr->have, false))
		return -EINVAL;
	fr->have = fr->len;
	return 0;
}

/**
 * netvsp_frame_copy() - copy bytes of a frame, wherever they are
 * @fr: the frame
 * @off: the first byte
 * @dst: where to
 * @len: bytes; @off + @len is within the frame
 *
 * Return: 0, or -EINVAL if guest memory could not be read.
 */
int netvsp_frame_copy(const struct netvsp_frame *fr, u32 off, void *dst,
		      u32 len)
{
	u32 n = off < fr->have ? min(len, fr->have - off) : 0;

	memcpy(dst, fr->f + off, n);
	if (n == len)
		return 0;
	return vmbussim_gpa_copy(fr->desc, fr->desc_off + off + n, dst + n,
				 len - n, false);
}

/**
 * netvsp_frags_fill() - put bytes of a frame into page frags of an skb
 * @fr: the frame
 * @skb: an skb without frags
 * @off: the first byte of the frame to put there
 * @len: bytes, at most MAX_SKB_FRAGS pool pages
 *
 * Return: 0, -ENOMEM, -EMSGSIZE if @len needs too many pages, or -EINVAL
 * if guest memory could not be read. The caller frees @skb on error.
 */
int netvsp_frags_fill(const struct netvsp_frame *fr, struct sk_buff *skb,
		      u32 off, u32 len)
{
	struct page *page;
	u32 i = 0, n;

	/* Every page is the pool's: freeing the skb returns them there. */
	skb_mark_for_recycle(skb);
	while (len) {
		if (i == MAX_SKB_FRAGS)
			return -EMSGSIZE;
		/* The packet hook may sleep: reclaim rather than drop. */
		page = page_pool_alloc_pages(fr->pool, GFP_KERNEL | __GFP_NOWARN);
		if (!page)
			return -ENOMEM;
		n = min_t(u32, len, NETVSP_POOL_PAGE);
		skb_add_rx_frag(skb, i++, page, 0, n, NETVSP_POOL_PAGE);
		if (netvsp_frame_copy(fr, off, page_address(page), n))
			return -EINVAL;
		off += n;
		len -= n;
	}
	return 0;
}
