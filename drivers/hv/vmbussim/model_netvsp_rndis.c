// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the RNDIS adapter the guest drives, and its far
 * end vsimN, an Ethernet netdev in the guest. Frames the guest sends come
 * out of vsimN's receive path; frames sent on vsimN land in the guest's
 * receive buffer.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "model_netvsp.h"

/* Answers are built here: header, completion body, a value. */
struct netvsp_answer {
	struct rndis_hdr hdr;
	union {
		struct rndis_init_complete init;
		struct rndis_query_complete query;
		struct rndis_status_complete status;
		struct rndis_indicate indicate;
	};
} __packed;

struct netvsp_vsim {
	struct netvsp *np;
};

static void netvsp_answer(struct netvsp *np, struct netvsp_answer *a,
			  u32 type, u32 len)
{
	a->hdr.type = cpu_to_le32(type);
	a->hdr.len = cpu_to_le32(len);
	if (netvsp_to_guest(np, NVSP_RNDIS_CONTROL, a, len, NULL, 0))
		atomic64_inc(&np->drops);
}

static void netvsp_rndis_init(struct netvsp *np, const void *body)
{
	const struct rndis_init *req = body;
	struct netvsp_answer a = {};

	/* A newly initialised adapter has its permanent address again. */
	spin_lock_bh(&np->lock);
	ether_addr_copy(np->mac, np->perm_mac);
	spin_unlock_bh(&np->lock);
	a.init.req_id = req->req_id;
	a.init.status = cpu_to_le32(RNDIS_STATUS_SUCCESS);
	a.init.major = cpu_to_le32(RNDIS_MAJOR);
	a.init.minor = cpu_to_le32(RNDIS_MINOR);
	a.init.medium = cpu_to_le32(RNDIS_MEDIUM_802_3);
	a.init.max_pkts_per_msg = cpu_to_le32(NETVSP_MAX_PKTS);
	a.init.max_xfer_size = cpu_to_le32(NETVSP_SECTION);
	a.init.pkt_align_shift = cpu_to_le32(3);
	netvsp_answer(np, &a, RNDIS_MSG_INIT_C, sizeof(a.hdr) + sizeof(a.init));
}

/* The value of @oid into @val; its length, or 0 if not supported. */
static u32 netvsp_query_value(struct netvsp *np, u32 oid, u8 *val)
{
	__le32 v;

	switch (oid) {
	case RNDIS_OID_802_3_PERMANENT_ADDRESS:
		memcpy(val, np->perm_mac, ETH_ALEN);
		return ETH_ALEN;
	case RNDIS_OID_802_3_CURRENT_ADDRESS:
		spin_lock_bh(&np->lock);
		memcpy(val, np->mac, ETH_ALEN);
		spin_unlock_bh(&np->lock);
		return ETH_ALEN;
	case RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE:
		v = cpu_to_le32(NETVSP_MAX_MTU);
		break;
	case RNDIS_OID_GEN_LINK_SPEED:
		v = cpu_to_le32(READ_ONCE(np->speed));
		break;
	case RNDIS_OID_GEN_MEDIA_CONNECT_STATUS:
		v = cpu_to_le32(READ_ONCE(np->link_up) ? RNDIS_MEDIA_CONNECTED :
				RNDIS_MEDIA_DISCONNECTED);
		break;
	case RNDIS_OID_GEN_RSS_CAPS:
		return netvsp_rss_caps(np, val);
	default:
		return netvsp_offload_query(np, oid, val);
	}
	memcpy(val, &v, sizeof(v));
	return sizeof(v);
}

static void netvsp_rndis_query(struct netvsp *np, const void *body)
{
	const struct rndis_query *req = body;
	struct {
		struct rndis_hdr hdr;
		struct rndis_query_complete query;
		u8 info[NETVSP_INFO_MAX];
	} __packed a = {};
	u32 n = netvsp_query_value(np, le32_to_cpu(req->oid), a.info);

	a.query.req_id = req->req_id;
	a.query.status = cpu_to_le32(n ? RNDIS_STATUS_SUCCESS :
				     RNDIS_STATUS_NOT_SUPPORTED);
	a.query.info_len = cpu_to_le32(n);
	a.query.info_offset = cpu_to_le32(sizeof(a.query));
	netvsp_answer(np, (struct netvsp_answer *)&a, RNDIS_MSG_QUERY_C,
		      sizeof(a.hdr) + sizeof(a.query) + n);
}

static u32 netvsp_set_value(struct netvsp *np, u32 oid, const u8 *val,
			    u32 len)
{
	__le32 v;

	switch (oid) {
	case RNDIS_OID_GEN_CURRENT_PACKET_FILTER:
		if (len != sizeof(v))
			return RNDIS_STATUS_INVALID_LENGTH;
		memcpy(&v, val, sizeof(v));
		WRITE_ONCE(np->filter, le32_to_cpu(v));
		netvsp_vsim_wake(np);
		return RNDIS_STATUS_SUCCESS;
	case RNDIS_OID_802_3_CURRENT_ADDRESS:
		return netvsp_current_address_set(np);
	case RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER:
		return netvsp_config_param(np, val, len);
	case RNDIS_OID_GEN_RSS_PARAMS:
		return netvsp_rss_set(np, val, len);
	}
	return netvsp_offload_set(np, oid, val, len);
}

static void netvsp_rndis_set(struct netvsp *np, const u8 *msg, u32 len)
{
	const struct rndis_query *req = (const void *)(msg + sizeof(struct rndis_hdr));
	struct netvsp_answer a = {};
	u32 status = RNDIS_STATUS_INVALID_LENGTH;
	u32 off, n;

	if (!netvsp_info_read(msg, len, &off, &n))
		status = netvsp_set_value(np, le32_to_cpu(req->oid), msg + off, n);
	a.status.req_id = req->req_id;
	a.status.status = cpu_to_le32(status);
	netvsp_answer(np, &a, RNDIS_MSG_SET_C, sizeof(a.hdr) + sizeof(a.status));
}

/**
 * netvsp_rndis_packet() - handle an RNDIS data message
 * @np: the NIC
 * @ch: the channel it came on
 * @msg: the message, in a buffer with room for all of it
 * @len: its length
 * @have: bytes of it at @msg, at least its header
 * @desc: the GPA-direct packet holding the rest, checked for @len bytes
 *	(NULL when @have is @len)
 */
void netvsp_rndis_packet(struct netvsp *np, struct vmbussim_chan *ch,
			 u8 *msg, u32 len, u32 have,
			 const struct vmbus_packet_desc *desc)
{
	struct netvsp_frame fr = {
		.desc = desc,
		.pool = netvsp_gpa_buf(np, ch)->pool,
	};
	struct netvsp_pkt p;
	u32 frame_off, ppi_off, ppi_len;

	if (netvsp_pkt_read(msg, len, &p) || p.frame_len < ETH_HLEN) {
		atomic64_inc(&np->bad_msgs);
		pr_warn_ratelimited("vmbussim: netvsp: malformed RNDIS packet\n");
		return;
	}
	frame_off = p.frame_off;
	fr.len = p.frame_len;
	ppi_off = p.ppi_off;
	ppi_len = p.ppi_len;
	fr.f = msg + frame_off;
	fr.desc_off = frame_off;
	fr.have = have > frame_off ? min(have - frame_off, fr.len) : 0;
	/* The per-packet infos are read in place: copy them in if need be. */
	if (ppi_off + ppi_len > have) {
		fr.have = 0;
		if (vmbussim_gpa_copy(desc, have, msg + have, len - have, false)) {
			atomic64_inc(&np->bad_msgs);
			return;
		}
		fr.have = fr.len;
	}
	netvsp_frame_from_guest(np, &fr, msg + ppi_off, ppi_len);
}

static void netvsp_rndis_one(struct netvsp *np, struct vmbussim_chan *ch,
			     u8 *msg, u32 len)
{
	u32 type = le32_to_cpu(((const struct rndis_hdr *)msg)->type);
	const void *body = msg + sizeof(struct rndis_hdr);

	switch (type) {
	case RNDIS_MSG_PACKET:
		netvsp_rndis_packet(np, ch, msg, len, len, NULL);
		return;
	case RNDIS_MSG_INIT:
		if (len >= sizeof(struct rndis_hdr) + sizeof(struct rndis_init)) {
			netvsp_rndis_init(np, body);
			return;
		}
		break;
	case RNDIS_MSG_QUERY:
		if (len >= sizeof(struct rndis_hdr) + sizeof(struct rndis_query)) {
			netvsp_rndis_query(np, body);
			return;
		}
		break;
	case RNDIS_MSG_SET:
		if (len >= sizeof(struct rndis_hdr) + sizeof(struct rndis_query)) {
			netvsp_rndis_set(np, msg, len);
			return;
		}
		break;
	case RNDIS_MSG_HALT:
		WRITE_ONCE(np->filter, 0);
		return;
	}
	atomic64_inc(&np->bad_msgs);
	pr_warn_ratelimited("vmbussim: netvsp: bad RNDIS message %#x (%u bytes)\n",
			    type, len);
}

/**
 * netvsp_rndis_from_guest() - handle the RNDIS messages of one NVSP packet
 * @np: the NIC
 * @ch: the channel they came on
 * @buf: the messages, one after the other, 8-byte aligned
 * @len: their bytes
 */
void netvsp_rndis_from_guest(struct netvsp *np, struct vmbussim_chan *ch,
			     u8 *buf, u32 len)
{
	u32 pos = 0, n;

	while (pos < len) {
		n = netvsp_rndis_len(buf + pos, len - pos);
		if (!n) {
			atomic64_inc(&np->bad_msgs);
			pr_warn_ratelimited("vmbussim: netvsp: bad RNDIS length at %u\n",
					    pos);
			return;
		}
		netvsp_rndis_one(np, ch, buf + pos, n);
		pos += ALIGN(n, 8);
	}
}

/**
 * netvsp_indicate() - send the guest an RNDIS status indication
 * @np: the NIC
 * @status: RNDIS_STATUS_*
 */
void netvsp_indicate(struct netvsp *np, u32 status)
{
	struct netvsp_answer a = {};

	a.indicate.status = cpu_to_le32(status);
	a.indicate.buf_offset = cpu_to_le32(sizeof(a.indicate));
	netvsp_answer(np, &a, RNDIS_MSG_INDICATE,
		      sizeof(a.hdr) + sizeof(a.indicate));
}

/**
 * netvsp_indicate_speed() - tell the guest its link speed changed
 * @np: the NIC
 * @speed: the new speed, in 100 bit/s
 * @bad: name a status buffer past the message's end instead
 */
void netvsp_indicate_speed(struct netvsp *np, u32 speed, bool bad)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_indicate ind;
		__le32 speed;
	} __packed m = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_INDICATE),
		.hdr.len = cpu_to_le32(sizeof(m)),
		.ind.status = cpu_to_le32(RNDIS_STATUS_LINK_SPEED_CHANGE),
		.ind.buf_len = cpu_to_le32(sizeof(m.speed)),
		.ind.buf_offset = cpu_to_le32(sizeof(m.ind) + (bad ? 8 : 0)),
		.speed = cpu_to_le32(speed),
	};

	if (!bad)
		WRITE_ONCE(np->speed, speed);
	if (netvsp_to_guest(np, NVSP_RNDIS_CONTROL, &m, sizeof(m), NULL, 0))
		atomic64_inc(&np->drops);
}

/* Whether the guest's filter takes a frame to @dst. */
static bool netvsp_filter_ok(struct netvsp *np, const u8 *dst)
{
	u32 f = READ_ONCE(np->filter);

	if (!f || !READ_ONCE(np->link_up))
		return false;
	if (f & RNDIS_FILTER_PROMISCUOUS)
		return true;
	if (is_broadcast_ether_addr(dst))
		return f & RNDIS_FILTER_BROADCAST;
	if (is_multicast_ether_addr(dst))
		return f & (RNDIS_FILTER_MULTICAST | RNDIS_FILTER_ALL_MULTICAST);
	return (f & RNDIS_FILTER_DIRECTED) && ether_addr_equal(dst, np->mac);
}

static netdev_tx_t netvsp_vsim_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct netvsp *np = ((struct netvsp_vsim *)netdev_priv(dev))->np;
	u8 h[NETVSP_RX_HLEN_MAX];
	u32 hlen;
	int ret;

	if (skb_linearize(skb) || skb->len < ETH_HLEN ||
	    !netvsp_filter_ok(np, skb->data) || !netvsp_mtu_ok(np, skb->len, false))
		goto drop;
	hlen = netvsp_rx_hdr(np, skb, h);
	if (!hlen)
		goto drop;
	ret = netvsp_to_guest(np, NVSP_RNDIS_DATA, h, hlen, skb->data,
			      skb->len);
	if (ret == -ENOSPC || ret == -EAGAIN) {
		netif_stop_queue(dev);
		/* Pairs with the barrier in netvsp_vsim_wake(). */
		smp_mb();
		ret = netvsp_to_guest(np, NVSP_RNDIS_DATA, h, hlen, skb->data,
				      skb->len);
		if (ret == -ENOSPC || ret == -EAGAIN)
			return NETDEV_TX_BUSY;
		netif_wake_queue(dev);
	}
	if (ret)
		goto drop;
	atomic64_inc(&np->rx_frames);
	dev_sw_netstats_tx_add(dev, 1, skb->len);
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
drop:
	atomic64_inc(&np->drops);
	dev_kfree_skb_any(skb);
	return NETDEV_TX_OK;
}

/**
 * netvsp_vsim_wake() - the guest freed slots or ring room
 * @np: the NIC
 */
void netvsp_vsim_wake(struct netvsp *np)
{
	/* Pairs with the barrier in netvsp_vsim_xmit(). */
	smp_mb();
	if (netif_queue_stopped(np->vsim))
		netif_wake_queue(np->vsim);
}

static const struct net_device_ops netvsp_vsim_ops = {
	.ndo_start_xmit = netvsp_vsim_xmit,
	.ndo_set_mac_address = eth_mac_addr,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_get_stats64 = dev_get_tstats64,
};

static void netvsp_vsim_free(struct net_device *dev)
{
	free_percpu(dev->tstats);
}

/**
 * netvsp_vsim_create() - create the NIC's far end, vsimN
 * @np: the NIC
 *
 * Return: 0 or a negative errno.
 */
int netvsp_vsim_create(struct netvsp *np)
{
	struct net_device *dev = alloc_netdev(sizeof(struct netvsp_vsim), "vsim%d",
					      NET_NAME_ENUM, ether_setup);
	int ret;

	if (!dev)
		return -ENOMEM;
	((struct netvsp_vsim *)netdev_priv(dev))->np = np;
	dev->netdev_ops = &netvsp_vsim_ops;
	dev->max_mtu = NETVSP_MAX_MTU;
	dev->hw_features = NETIF_F_HW_CSUM | NETIF_F_HW_VLAN_CTAG_TX;
	dev->features = dev->hw_features;
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	if (!dev->tstats) {
		free_netdev(dev);
		return -ENOMEM;
	}
	dev->needs_free_netdev = false;
	dev->priv_destructor = netvsp_vsim_free;
	eth_hw_addr_random(dev);
	np->vsim = dev;
	netvsp_vsim_napi_init(np);
	ret = register_netdev(dev);
	if (ret) {
		netvsp_vsim_napi_fini(np);
		free_percpu(dev->tstats);
		free_netdev(dev);
	}
	return ret;
}

/**
 * netvsp_vsim_destroy() - remove vsimN
 * @np: the NIC
 */
void netvsp_vsim_destroy(struct netvsp *np)
{
	unregister_netdev(np->vsim);
	netvsp_vsim_napi_fini(np);
	free_netdev(np->vsim);
}
