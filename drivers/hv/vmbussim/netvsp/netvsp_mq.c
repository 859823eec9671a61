// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: multiqueue and the MTU. It offers subchannels
 * when the guest asks (NVSP_MSG5_SUBCHANNEL), answers the RSS
 * capabilities query, takes the guest's RSS parameters, and delivers each
 * frame from vsimN on the channel the indirection table picks for the
 * Toeplitz hash of its flow. It keeps the MTU of the guest's NDIS
 * configuration and holds frames in both directions to it.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <net/ip.h>

#include "netvsp.h"

static unsigned int netvsp_max_queues = NETVSP_MAX_QUEUES;
module_param(netvsp_max_queues, uint, 0444);
MODULE_PARM_DESC(netvsp_max_queues, "Receive queues (channels) a netvsp NIC offers, 1 to 8");

static u32 netvsp_queues(void)
{
	return clamp_t(u32, netvsp_max_queues, 1, NETVSP_MAX_QUEUES);
}

/**
 * netvsp_toeplitz() - the Toeplitz hash of @data under @key
 * @key: NDIS_RSS_KEY_SIZE bytes
 * @data: the input
 * @len: its bytes, at most NDIS_RSS_KEY_SIZE - 4
 *
 * Return: the hash.
 */
u32 netvsp_toeplitz(const u8 *key, const u8 *data, u32 len)
{
	u32 window = get_unaligned_be32(key), hash = 0, i, bit, k = 32;

	for (i = 0; i < len; i++) {
		for (bit = 0; bit < 8; bit++, k++) {
			if (data[i] & (0x80 >> bit))
				hash ^= window;
			window <<= 1;
			if (k < NDIS_RSS_KEY_SIZE * 8)
				window |= (key[k / 8] >> (7 - k % 8)) & 1;
		}
	}
	return hash;
}

/* The hash input of an Ethernet frame: addresses, then TCP ports. */
static u32 netvsp_flow_input(const struct netvsp_mq *mq, const u8 *frame,
			     u32 len, u8 *in)
{
	const struct ethhdr *eth = (const void *)frame;
	const struct iphdr *ip4 = (const void *)(eth + 1);
	const struct ipv6hdr *ip6 = (const void *)(eth + 1);
	u32 n, l4;

	if (eth->h_proto == htons(ETH_P_IP) && mq->hash & NDIS_HASH_IPV4 &&
	    len >= ETH_HLEN + sizeof(*ip4) && ip4->ihl >= 5) {
		memcpy(in, frame + ETH_HLEN + offsetof(struct iphdr, saddr), 8);
		n = 8;
		l4 = ETH_HLEN + ip4->ihl * 4;
		if (ip4->protocol == IPPROTO_TCP && !ip_is_fragment(ip4) &&
		    mq->hash & NDIS_HASH_TCP_IPV4 && len >= l4 + 4) {
			memcpy(in + n, frame + l4, 4);
			n += 4;
		}
		return n;
	}
	if (eth->h_proto == htons(ETH_P_IPV6) && mq->hash & NDIS_HASH_IPV6 &&
	    len >= ETH_HLEN + sizeof(*ip6)) {
		memcpy(in, frame + ETH_HLEN + offsetof(struct ipv6hdr, saddr), 32);
		n = 32;
		l4 = ETH_HLEN + sizeof(*ip6);
		if (ip6->nexthdr == IPPROTO_TCP && mq->hash & NDIS_HASH_TCP_IPV6 &&
		    len >= l4 + 4) {
			memcpy(in + n, frame + l4, 4);
			n += 4;
		}
		return n;
	}
	return 0;
}

/**
 * netvsp_rx_chan() - the channel that delivers a frame to the guest
 * @np: the NIC, its lock held
 * @frame: the Ethernet frame
 * @len: its length
 *
 * Return: the channel the indirection table names for the frame's flow,
 * or the primary channel (no RSS, no IP, or that subchannel not open).
 */
struct vmbussim_chan *netvsp_rx_chan(struct netvsp *np, const u8 *frame,
				     u32 len)
{
	struct netvsp_mq *mq = &np->mq;
	struct vmbussim_chan *ch = np->ch;
	u8 in[36];
	u32 n, q = 0;

	lockdep_assert_held(&np->lock);
	if (!frame)
		return ch;
	if (mq->entries) {
		n = netvsp_flow_input(mq, frame, len, in);
		if (n)
			q = mq->table[netvsp_toeplitz(mq->key, in, n) &
				      (mq->entries - 1)];
	}
	if (q && q < NETVSP_MAX_QUEUES && mq->sc[q])
		ch = mq->sc[q];
	else
		q = 0;
	mq->frames[q]++;
	return ch;
}

/**
 * netvsp_rss_caps() - the answer to the RSS capabilities query
 * @np: the NIC
 * @val: receives the object
 *
 * Return: its length.
 */
u32 netvsp_rss_caps(struct netvsp *np, u8 *val)
{
	struct ndis_rss_caps c = {
		.hdr.type = NDIS_OBJ_RSS_CAPS,
		.hdr.rev = NDIS_RSS_REVISION,
		.hdr.size = cpu_to_le16(sizeof(c)),
		.flags = cpu_to_le32(NDIS_RSS_CAP_TCP4 | NDIS_RSS_CAP_TCP6),
		.num_queues = cpu_to_le32(netvsp_queues()),
		.num_table_entries = cpu_to_le16(NDIS_RSS_TABLE_ENTRIES),
	};

	if (READ_ONCE(np->mq.fault_bad_caps))
		c.hdr.type = NDIS_OBJ_RSS_PARAMS;
	memcpy(val, &c, sizeof(c));
	return sizeof(c);
}

/**
 * netvsp_rss_set() - the guest sets RSS parameters
 * @np: the NIC
 * @val: the object
 * @len: its length
 *
 * Return: an RNDIS status.
 */
u32 netvsp_rss_set(struct netvsp *np, const u8 *val, u32 len)
{
	struct netvsp_mq *mq = &np->mq;
	struct netvsp_rss *rss;
	u32 status;

	rss = kzalloc(sizeof(*rss), GFP_KERNEL);
	if (!rss)
		return RNDIS_STATUS_FAILURE;
	status = netvsp_rss_read(val, len, netvsp_queues(), rss);
	if (status != RNDIS_STATUS_SUCCESS) {
		kfree(rss);
		atomic64_inc(&np->bad_msgs);
		pr_warn_ratelimited("vmbussim: netvsp: guest sent bad RSS parameters\n");
		return status;
	}
	spin_lock_bh(&np->lock);
	mq->entries = rss->entries;
	mq->hash = rss->hash;
	memcpy(mq->table, rss->table, sizeof(mq->table));
	memcpy(mq->key, rss->key, sizeof(mq->key));
	spin_unlock_bh(&np->lock);
	kfree(rss);
	return RNDIS_STATUS_SUCCESS;
}

/**
 * netvsp_subchannels() - the guest asks for subchannels
 * @ch: the primary channel
 * @m: the request
 * @reply: the completion to fill
 *
 * As a Microsoft host: all the subchannels asked for, or none (fewer
 * than the queues it offers, and at least one data slot per channel
 * beside the control slots). The host offers those not offered on this
 * connection yet, and sends the send indirection table once all the
 * channels asked for are open.
 */
void netvsp_subchannels(struct vmbussim_chan *ch, const struct nvsp_msg *m,
			struct nvsp_msg *reply)
{
	struct netvsp *np = vmbussim_dev_priv(vmbussim_chan_dev(ch));
	u32 want = le32_to_cpu(m->subchannel.count), grant = 0;
	u32 status = NVSP_STAT_FAIL;

	reply->type = cpu_to_le32(NVSP_MSG5_SUBCHANNEL);
	if (le32_to_cpu(m->subchannel.op_or_status) == NVSP_SUBCHANNEL_ALLOCATE &&
	    want < netvsp_queues() &&
	    READ_ONCE(np->rx.n) >= NETVSP_RX_CTRL_SLOTS + want + 1 &&
	    (want <= np->mq.sc_offered ||
	     !vmbussim_offer_subchannels(np->dev, want - np->mq.sc_offered))) {
		np->mq.sc_offered = max(np->mq.sc_offered, want);
		grant = want;
		status = NVSP_STAT_SUCCESS;
	}
	if (grant) {
		spin_lock_bh(&np->lock);
		np->mq.want = grant + 1;
		np->mq.table_sent = false;
		spin_unlock_bh(&np->lock);
		netvsp_send_table_when_open(np);
	}
	if (xchg(&np->mq.fault_sc_lie, false))
		grant = want + 3;
	reply->subchannel.op_or_status = cpu_to_le32(status);
	reply->subchannel.count = cpu_to_le32(grant);
}

/**
 * netvsp_mq_open() - a channel of the NIC opened
 * @np: the NIC
 * @ch: the channel
 */
void netvsp_mq_open(struct netvsp *np, struct vmbussim_chan *ch)
{
	u16 idx = vmbussim_chan_index(ch);

	spin_lock_bh(&np->lock);
	if (idx && idx < NETVSP_MAX_QUEUES)
		np->mq.sc[idx] = ch;
	spin_unlock_bh(&np->lock);
	if (idx)
		netvsp_send_table_when_open(np);
}

/**
 * netvsp_mq_close() - a channel of the NIC closes; the primary's close
 *	forgets the subchannels, RSS and the MTU
 * @np: the NIC
 * @ch: the channel
 */
void netvsp_mq_close(struct netvsp *np, struct vmbussim_chan *ch)
{
	u16 idx = vmbussim_chan_index(ch);
	struct netvsp_mq *mq = &np->mq;

	spin_lock_bh(&np->lock);
	if (idx && idx < NETVSP_MAX_QUEUES && mq->sc[idx] == ch)
		mq->sc[idx] = NULL;
	if (!idx) {
		mq->entries = 0;
		mq->sc_offered = 0;
		mq->mtu = 0;
		mq->cfg_mtu = 0;
		mq->want = 0;
		mq->table_sent = false;
	}
	spin_unlock_bh(&np->lock);
}

/**
 * netvsp_ndis_config() - the guest's NDIS configuration (its MTU and
 *	capabilities)
 * @np: the NIC
 * @m: the message
 */
void netvsp_ndis_config(struct netvsp *np, const struct nvsp_msg *m)
{
	u32 mtu = le32_to_cpu(m->ndis_config.mtu);

	/* What the guest claims, for tests (teaming from NVSP 5 on). */
	WRITE_ONCE(np->guest_caps, le64_to_cpu(m->ndis_config.capabilities));
	/* The receive slots are sized by it (netvsp_slots.c). */
	WRITE_ONCE(np->mq.cfg_mtu, mtu);
	if (mtu < ETH_HLEN + 68 || mtu > ETH_HLEN + NETVSP_MAX_MTU) {
		atomic64_inc(&np->bad_msgs);
		pr_warn_ratelimited("vmbussim: netvsp: guest configured MTU %u\n",
				    mtu);
		return;
	}
	WRITE_ONCE(np->mq.mtu, mtu - ETH_HLEN);
}

/**
 * netvsp_mtu_ok() - whether a frame fits the MTU the guest configured
 * @np: the NIC
 * @frame_len: the frame's length, Ethernet header included
 * @from_guest: a frame the guest sent (counted as a bad message if too
 *	long) rather than one for the guest (counted as dropped)
 *
 * Return: true if it fits.
 */
bool netvsp_mtu_ok(struct netvsp *np, u32 frame_len, bool from_guest)
{
	u32 mtu = netvsp_mtu(np);

	if (frame_len <= mtu + ETH_HLEN + VLAN_HLEN)
		return true;
	if (from_guest) {
		atomic64_inc(&np->bad_msgs);
		pr_warn_ratelimited("vmbussim: netvsp: guest sent a %u-byte frame over MTU %u\n",
				    frame_len, mtu);
	} else {
		atomic64_inc(&np->mq.mtu_drops);
	}
	return false;
}

/**
 * netvsp_mq_stats() - the multiqueue part of the NIC's stats line
 * @np: the NIC
 * @m: the stats file
 */
void netvsp_mq_stats(struct netvsp *np, struct seq_file *m)
{
	u32 i;

	spin_lock_bh(&np->lock);
	seq_printf(m, " mtu=%u rss_entries=%u mtu_drops=%lld queues_want=%u table_sent=%d chan_frames=%llu",
		   np->mq.mtu, np->mq.entries, atomic64_read(&np->mq.mtu_drops),
		   np->mq.want, np->mq.table_sent, np->mq.frames[0]);
	for (i = 1; i < netvsp_queues(); i++)
		seq_printf(m, ",%llu", np->mq.frames[i]);
	spin_unlock_bh(&np->lock);
}
