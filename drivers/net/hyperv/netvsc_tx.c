// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: transmit. A frame that fits goes into a send-buffer section,
 * several frames per section while the stack says more are coming; a
 * larger one (or any, when no section is free) goes as a GPA-direct
 * packet naming the pages of the skb's pieces, its RNDIS header pushed
 * into the headroom; each piece is DMA-mapped by the bus for the send and
 * unmapped at its completion (or at once when the send fails).
 *
 * Why the outbound ring cannot fill: every message in flight holds either
 * a section or one of NETVSC_GPA_INFLIGHT GPA slots, and the ring has
 * room for all of them at once; a failed send therefore means a broken
 * channel, and the frame is dropped.
 */

#include <linux/bitops.h>
#include <linux/dma-direction.h>
#include <linux/etherdevice.h>

#include "netvsc.h"

/* Per-frame RNDIS header: message header and packet body, no infos. */
#define NETVSC_RNDIS_HLEN	(sizeof(struct rndis_hdr) + \
				 sizeof(struct rndis_packet))

/**
 * netvsc_section_get() - reserve a free send-buffer section
 * @nd: the device
 *
 * Return: the section's index, or -ENOSPC.
 */
int netvsc_section_get(struct netvsc_dev *nd)
{
	u32 i;

	for (;;) {
		i = find_first_zero_bit(nd->section_map, nd->nr_sections);
		if (i >= nd->nr_sections)
			return -ENOSPC;
		if (!test_and_set_bit(i, nd->section_map))
			return i;
	}
}

/**
 * netvsc_section_put() - release a section
 * @nd: the device
 * @index: the section, from netvsc_section_get()
 */
void netvsc_section_put(struct netvsc_dev *nd, u32 index)
{
	clear_bit(index, nd->section_map);
}

static int netvsc_send_section_cookie(struct netvsc_chan *chan, u32 index,
				      u32 used, u32 channel_type, u64 cookie)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT),
		.rndis.channel_type = cpu_to_le32(channel_type),
		.rndis.section_index = cpu_to_le32(index),
		.rndis.section_size = cpu_to_le32(used),
	};

	return vmbus_send_request(chan->ch, &msg, sizeof(msg), cookie);
}

/**
 * netvsc_send_section() - hand a filled section to the host
 * @chan: the channel to send on
 * @index: the section
 * @used: bytes used in it
 * @channel_type: NVSP_RNDIS_DATA or NVSP_RNDIS_CONTROL
 *
 * The section is released when the host completes the message.
 *
 * Return: as vmbus_send_request().
 */
int netvsc_send_section(struct netvsc_chan *chan, u32 index, u32 used,
			u32 channel_type)
{
	struct netvsc_cookie c = {
		.kind = NETVSC_COOKIE_SECTION,
		.index = index,
	};

	return netvsc_send_section_cookie(chan, index, used, channel_type,
					  netvsc_cookie_encode(&c));
}

static void netvsc_stats_add(struct netvsc_stats *s, u32 packets, u32 bytes,
			     u32 msgs)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->packets, packets);
	u64_stats_add(&s->bytes, bytes);
	u64_stats_add(&s->msgs, msgs);
	u64_stats_update_end(&s->syncp);
}

static void netvsc_stats_inc(struct netvsc_stats *s, u64_stats_t *field,
			     u32 n)
{
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(field, n);
	u64_stats_update_end(&s->syncp);
}

/*
 * Frames counted in flight for BQL that were dropped instead of sent: no
 * completion will ever take them off, and BQL would keep the queue
 * stopped once its limit is reached.
 */
static void netvsc_bql_unsent(struct netvsc_chan *chan, u32 pkts, u32 bytes)
{
	netdev_tx_completed_queue(netdev_get_tx_queue(chan->nd->ndev,
						      chan->index),
				  pkts, bytes);
}

/* The pending section and the GPA slots are the queue's xmit lock's. */
static void netvsc_assert_xmit_locked(struct netvsc_chan *chan)
{
	lockdep_assert_held(&netdev_get_tx_queue(chan->nd->ndev,
						 chan->index)->_xmit_lock);
}

/* Send the section being filled, if any. */
static void netvsc_flush(struct netvsc_chan *chan)
{
	struct netvsc_dev *nd = chan->nd;
	struct netvsc_cookie c = {
		.kind = NETVSC_COOKIE_SECTION,
		.index = chan->pend_section,
		.pkts = chan->pend_count,
		.bytes = chan->pend_bytes,
	};

	netvsc_assert_xmit_locked(chan);
	if (chan->pend_section == NVSP_NO_SECTION)
		return;
	if (netvsc_send_section_cookie(chan, chan->pend_section, chan->pend_used,
				       NVSP_RNDIS_DATA, netvsc_cookie_encode(&c))) {
		netvsc_section_put(nd, chan->pend_section);
		netvsc_stats_inc(&chan->tx, &chan->tx.dropped, chan->pend_count);
		netvsc_bql_unsent(chan, chan->pend_count, chan->pend_bytes);
	} else {
		netvsc_stats_inc(&chan->tx, &chan->tx.msgs, 1);
	}
	chan->pend_section = NVSP_NO_SECTION;
	chan->pend_used = 0;
	chan->pend_count = 0;
	chan->pend_bytes = 0;
}

/* The RNDIS header of a frame, its per-packet infos @ppi behind it. */
static void netvsc_rndis_hdr_fill(void *dst, u32 frame_len, const void *ppi,
				  u32 ppi_len)
{
	struct rndis_hdr *hdr = dst;
	struct rndis_packet *pkt = dst + sizeof(*hdr);

	memset(dst, 0, NETVSC_RNDIS_HLEN);
	hdr->type = cpu_to_le32(RNDIS_MSG_PACKET);
	hdr->len = cpu_to_le32(NETVSC_RNDIS_HLEN + ppi_len + frame_len);
	pkt->data_offset = cpu_to_le32(sizeof(*pkt) + ppi_len);
	pkt->data_len = cpu_to_le32(frame_len);
	if (ppi_len) {
		pkt->ppi_offset = cpu_to_le32(sizeof(*pkt));
		pkt->ppi_len = cpu_to_le32(ppi_len);
		memcpy(dst + NETVSC_RNDIS_HLEN, ppi, ppi_len);
	}
}

/* Copy @skb behind the frames already in the pending section. */
static bool netvsc_copy_to_section(struct netvsc_chan *chan,
				   struct sk_buff *skb, const void *ppi,
				   u32 ppi_len)
{
	struct netvsc_dev *nd = chan->nd;
	u32 hlen = NETVSC_RNDIS_HLEN + ppi_len, len = hlen + skb->len;
	u32 off = ALIGN(chan->pend_used, nd->pkt_align);
	void *dst;
	int index;

	if (chan->pend_section != NVSP_NO_SECTION &&
	    (off + len > nd->section_size || chan->pend_count >= nd->max_pkts))
		netvsc_flush(chan);
	if (chan->pend_section == NVSP_NO_SECTION) {
		index = netvsc_section_get(nd);
		if (index < 0)
			return false;
		chan->pend_section = index;
		off = 0;
	}
	dst = nd->send_buf + (size_t)chan->pend_section * nd->section_size + off;
	netvsc_rndis_hdr_fill(dst, skb->len, ppi, ppi_len);
	skb_copy_bits(skb, 0, dst + hlen, skb->len);
	chan->pend_used = off + len;
	chan->pend_count++;
	chan->pend_bytes += skb->len;
	return true;
}

static bool netvsc_gpa_full(struct netvsc_chan *chan)
{
	return find_first_zero_bit(chan->gpa_used, NETVSC_GPA_INFLIGHT) >=
	       NETVSC_GPA_INFLIGHT;
}

/* A free GPA slot, or -ENOSPC. */
static int netvsc_gpa_get(struct netvsc_chan *chan)
{
	u32 i;

	netvsc_assert_xmit_locked(chan);
	/* Only this queue's xmit takes slots; completions free them. */
	i = find_first_zero_bit(chan->gpa_used, NETVSC_GPA_INFLIGHT);
	if (i >= NETVSC_GPA_INFLIGHT)
		return -ENOSPC;
	set_bit(i, chan->gpa_used);
	return i;
}

/* Undo the DMA mappings of a GPA slot's pieces. */
static void netvsc_gpa_unmap(struct netvsc_chan *chan,
			     struct netvsc_gpa_send *gs)
{
	struct hv_device *hdev = chan->nd->hdev;
	u32 i;

	for (i = 0; i < gs->nr_maps; i++)
		vmbus_dma_unmap_page(hdev, gs->maps[i].addr, gs->maps[i].len,
				     DMA_TO_DEVICE);
	gs->nr_maps = 0;
}

/*
 * Map one piece of the frame and append its range to the list being
 * built in the channel's scratch, at *@pos; *@nr counts the ranges.
 */
static int netvsc_gpa_add(struct netvsc_chan *chan, struct netvsc_gpa_send *gs,
			  u32 *pos, u32 *nr, struct page *page, u32 off,
			  u32 len)
{
	struct vmbus_gpa_range *r = chan->gpa_scratch + *pos;
	struct netvsc_gpa_map *m = &gs->maps[gs->nr_maps];
	int npfns;

	if (!len)
		return 0;
	if (*pos + sizeof(*r) >= NETVSC_GPA_SCRATCH)
		return -E2BIG;
	npfns = vmbus_dma_map_page(chan->nd->hdev, page, off, len,
				   DMA_TO_DEVICE, r,
				   (NETVSC_GPA_SCRATCH - *pos - sizeof(*r)) /
				   sizeof(__le64), &m->addr);
	if (npfns < 0)
		return npfns;
	m->len = len;
	gs->nr_maps++;
	*pos += vmbus_gpa_range_size(npfns);
	(*nr)++;
	return 0;
}

/*
 * Map the head and every frag of @gs->skb and describe them, one range
 * each; on failure nothing stays mapped.
 */
static int netvsc_gpa_ranges(struct netvsc_chan *chan,
			     struct netvsc_gpa_send *gs, u32 *len, u32 *nr)
{
	struct sk_buff *skb = gs->skb;
	int i, ret;

	*len = 0;
	*nr = 0;
	ret = netvsc_gpa_add(chan, gs, len, nr, virt_to_page(skb->data),
			     offset_in_page(skb->data), skb_headlen(skb));
	for (i = 0; !ret && i < skb_shinfo(skb)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(skb)->frags[i];

		ret = netvsc_gpa_add(chan, gs, len, nr, skb_frag_page(f),
				     skb_frag_off(f), skb_frag_size(f));
	}
	if (ret)
		netvsc_gpa_unmap(chan, gs);
	return ret;
}

/* Out of GPA slots: stop the queue, unless a completion just freed one. */
static netdev_tx_t netvsc_gpa_busy(struct netvsc_chan *chan,
				   struct netdev_queue *txq)
{
	netif_tx_stop_queue(txq);
	netvsc_stats_inc(&chan->tx, &chan->tx.busy, 1);
	/* Pairs with the barrier in netvsc_tx_wake(). */
	smp_mb__after_atomic();
	if (!netvsc_gpa_full(chan))
		netif_tx_start_queue(txq);
	return NETDEV_TX_BUSY;
}

/* Give a slot back; its pieces are unmapped. */
static void netvsc_gpa_put(struct netvsc_chan *chan, u32 slot)
{
	chan->gpa_sends[slot].skb = NULL;
	clear_bit(slot, chan->gpa_used);
}

/* Returns NETDEV_TX_BUSY with @skb untouched when out of GPA slots. */
static netdev_tx_t netvsc_send_gpa(struct netvsc_chan *chan,
				   struct netdev_queue *txq,
				   struct sk_buff *skb, const void *ppi,
				   u32 ppi_len)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT),
		.rndis.channel_type = cpu_to_le32(NVSP_RNDIS_DATA),
		.rndis.section_index = cpu_to_le32(NVSP_NO_SECTION),
	};
	struct netvsc_cookie c = { .kind = NETVSC_COOKIE_GPA };
	u32 frame_len = skb->len, rlen, nr;
	struct netvsc_gpa_send *gs;
	int slot, ret;

	slot = netvsc_gpa_get(chan);
	if (slot < 0)
		return netvsc_gpa_busy(chan, txq);
	gs = &chan->gpa_sends[slot];
	if (skb_cow_head(skb, NETVSC_RNDIS_HLEN + ppi_len))
		goto drop;
	netvsc_rndis_hdr_fill(skb_push(skb, NETVSC_RNDIS_HLEN + ppi_len),
			      frame_len, ppi, ppi_len);
	gs->skb = skb;
	if (netvsc_gpa_ranges(chan, gs, &rlen, &nr))
		goto drop;
	/* Before the send: its completion may run at once. */
	netdev_tx_sent_queue(txq, skb->len);
	c.index = slot;
	ret = vmbus_send_gpa_request(chan->ch, chan->gpa_scratch, rlen, nr,
				     &msg, sizeof(msg), netvsc_cookie_encode(&c));
	if (ret) {
		netvsc_gpa_unmap(chan, gs);
		netvsc_bql_unsent(chan, 1, skb->len);
		goto drop;
	}
	netvsc_stats_add(&chan->tx, 1, frame_len, 1);
	return NETDEV_TX_OK;
drop:
	netvsc_gpa_put(chan, slot);
	netvsc_stats_inc(&chan->tx, &chan->tx.dropped, 1);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/**
 * netvsc_start_xmit() - ndo_start_xmit
 * @skb: the frame
 * @ndev: the device
 *
 * Return: NETDEV_TX_OK, or NETDEV_TX_BUSY when every resource is in use.
 */
netdev_tx_t netvsc_start_xmit(struct sk_buff *skb, struct net_device *ndev)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u16 q = skb_get_queue_mapping(skb);
	struct netvsc_chan *chan = &nd->chans[q];
	struct netdev_queue *txq = netdev_get_tx_queue(ndev, q);
	u8 ppi[NETVSC_TX_PPI_MAX];
	int ppi_len;
	u32 len = skb->len;

	/*
	 * The stack holds queue q's lock only: another queue's channel is
	 * not ours to touch. A queue past the channels can only be seen
	 * while their count shrinks.
	 */
	if (unlikely(q >= READ_ONCE(nd->nr_chans))) {
		dev_core_stats_tx_dropped_inc(ndev);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	ppi_len = netvsc_tx_ppi(nd, skb, ppi);
	if (unlikely(netvsc_tx_closed(nd, chan, skb)))
		return NETDEV_TX_OK;
	if (ppi_len < 0) {
		netvsc_stats_inc(&chan->tx, &chan->tx.dropped, 1);
		dev_kfree_skb_any(skb);
		netvsc_flush(chan);
		return NETDEV_TX_OK;
	}
	if (NETVSC_RNDIS_HLEN + ppi_len + len <= nd->section_size &&
	    netvsc_copy_to_section(chan, skb, ppi, ppi_len)) {
		netvsc_stats_add(&chan->tx, 1, len, 0);
		dev_consume_skb_any(skb);
		if (__netdev_tx_sent_queue(txq, len, netdev_xmit_more()) ||
		    netif_xmit_stopped(txq))
			netvsc_flush(chan);
		return NETDEV_TX_OK;
	}
	netvsc_flush(chan);
	return netvsc_send_gpa(chan, txq, skb, ppi, ppi_len);
}

static void netvsc_tx_wake(struct netvsc_chan *chan)
{
	struct netdev_queue *txq = netdev_get_tx_queue(chan->nd->ndev,
						       chan->index);

	/* Pairs with the barrier in netvsc_send_gpa(). */
	smp_mb();
	if (netif_tx_queue_stopped(txq) && !netvsc_gpa_full(chan))
		netif_tx_wake_queue(txq);
}

/**
 * netvsc_tx_complete() - the host completed one of our data messages
 * @chan: the channel
 * @cookie: the request's cookie (a section or an skb)
 * @budget: NAPI budget, for napi_consume_skb()
 */
void netvsc_tx_complete(struct netvsc_chan *chan, u64 cookie, int budget)
{
	struct netvsc_dev *nd = chan->nd;
	struct netvsc_gpa_send *gs;
	struct netvsc_cookie c;
	u32 pkts = 1, bytes = 0;
	struct sk_buff *skb;

	netvsc_cookie_decode(cookie, &c);
	if (c.kind == NETVSC_COOKIE_SECTION) {
		if (c.index < nd->nr_sections)
			netvsc_section_put(nd, c.index);
		pkts = c.pkts;
		bytes = c.bytes;
	} else if (c.kind == NETVSC_COOKIE_GPA &&
		   c.index < NETVSC_GPA_INFLIGHT &&
		   test_bit(c.index, chan->gpa_used)) {
		gs = &chan->gpa_sends[c.index];
		skb = gs->skb;
		netvsc_gpa_unmap(chan, gs);
		bytes = skb->len;
		netvsc_gpa_put(chan, c.index);
		napi_consume_skb(skb, budget);
	} else {
		/* Only the cookies above come here: the table gave it back. */
		return;
	}
	/* Control messages carry no frames. */
	chan->done_pkts += pkts;
	chan->done_bytes += pkts ? bytes : 0;
}

/**
 * netvsc_tx_done() - tell BQL what the host completed in one poll
 * @chan: the channel, from its NAPI poll
 *
 * One report per poll, not per message: the stack then hands over as
 * many frames as were completed at once (xmit_more), and they share
 * send sections. Reported per message, each completion freed room for
 * the one frame it carried, and every message stayed at one frame.
 */
void netvsc_tx_done(struct netvsc_chan *chan)
{
	/* Only a completed frame frees what a stopped queue waits for. */
	if (!chan->done_pkts)
		return;
	netdev_tx_completed_queue(netdev_get_tx_queue(chan->nd->ndev,
						      chan->index),
				  chan->done_pkts, chan->done_bytes);
	chan->done_pkts = 0;
	chan->done_bytes = 0;
	netvsc_tx_wake(chan);
}

/**
 * netvsc_tx_purge() - free what the host never completed
 * @chan: a closed channel
 */
void netvsc_tx_purge(struct netvsc_chan *chan)
{
	struct netvsc_gpa_send *gs;
	u32 slot;

	for_each_set_bit(slot, chan->gpa_used, NETVSC_GPA_INFLIGHT) {
		gs = &chan->gpa_sends[slot];
		netvsc_gpa_unmap(chan, gs);
		dev_kfree_skb_any(gs->skb);
		gs->skb = NULL;
	}
	bitmap_zero(chan->gpa_used, NETVSC_GPA_INFLIGHT);
	chan->pend_section = NVSP_NO_SECTION;
	chan->pend_used = 0;
	chan->pend_count = 0;
	chan->pend_bytes = 0;
	chan->done_pkts = 0;
	chan->done_bytes = 0;
	netdev_tx_reset_queue(netdev_get_tx_queue(chan->nd->ndev, chan->index));
}
