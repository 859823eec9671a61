// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the RNDIS adapter the guest drives, and its far
 * end vsimN, an Ethernet netdev in the guest. Frames the guest sends come
 * out of vsimN's receive path; frames sent on vsimN land in the guest's
 * receive buffer.
 *
 * As on a Microsoft host: the adapter is initialised once per connection;
 * RESET, SET_EX, an INDICATE from the guest, a second INITIALIZE, a
 * control message too short for its fields and an unknown message type
 * end the channel; control messages on a subchannel and data messages
 * followed by anything but data are refused (the NVSP completion fails).
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "netvsp.h"

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

/* What handling one RNDIS message came to. */
enum netvsp_rndis_result {
	NETVSP_RNDIS_DONE,	/* handled or answered */
	NETVSP_RNDIS_REFUSED,	/* the NVSP completion says FAIL */
	NETVSP_RNDIS_FATAL,	/* the channel ended: no completion */
};

struct netvsp_vsim {
	struct netvsp *np;
};

static void netvsp_answer(struct netvsp *np, struct netvsp_answer *a,
			  u32 type, u32 len)
{
	a->hdr.type = cpu_to_le32(type);
	a->hdr.len = cpu_to_le32(len);
	if (netvsp_to_guest(np, NVSP_RNDIS_CONTROL, a, len, NULL, 0, false))
		atomic64_inc(&np->drops);
}

static void netvsp_rndis_init(struct netvsp *np, const void *body)
{
	const struct rndis_init *req = body;
	struct netvsp_answer a = {};

	/* A newly initialised adapter has its permanent address again. */
	spin_lock_bh(&np->lock);
	ether_addr_copy(np->mac, np->perm_mac);
	np->rndis_inited = true;
	spin_unlock_bh(&np->lock);
	a.init.req_id = req->req_id;
	a.init.status = cpu_to_le32(RNDIS_STATUS_SUCCESS);
	a.init.major = cpu_to_le32(RNDIS_MAJOR);
	a.init.minor = cpu_to_le32(RNDIS_MINOR);
	a.init.dev_flags = cpu_to_le32(RNDIS_DF_CONNECTIONLESS);
	a.init.medium = cpu_to_le32(RNDIS_MEDIUM_802_3);
	a.init.max_pkts_per_msg = cpu_to_le32(NETVSP_MAX_PKTS);
	a.init.max_xfer_size = cpu_to_le32(NETVSP_MAX_XFER);
	a.init.pkt_align_shift = cpu_to_le32(NETVSP_PKT_ALIGN_SHIFT);
	netvsp_answer(np, &a, RNDIS_MSG_INIT_C, sizeof(a.hdr) + sizeof(a.init));
	netvsp_link_init_guest(np);
}

static void netvsp_rndis_keepalive(struct netvsp *np, const void *body)
{
	struct netvsp_answer a = {};

	atomic64_inc(&np->keepalives);
	memcpy(&a.status.req_id, body, sizeof(a.status.req_id));
	a.status.status = cpu_to_le32(RNDIS_STATUS_SUCCESS);
	netvsp_answer(np, &a, RNDIS_MSG_KEEPALIVE_C,
		      sizeof(a.hdr) + sizeof(a.status));
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
	/* The offloads in force follow the answer, as an indication. */
	if (status == RNDIS_STATUS_SUCCESS &&
	    le32_to_cpu(req->oid) == RNDIS_OID_TCP_OFFLOAD_PARAMETERS)
		netvsp_offload_indicate(np);
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
 * @first: bytes of the first GPA range of the packet it came in, U32_MAX
 *	for a send section
 *
 * Return: 0, or -EINVAL for a malformed message or one whose header and
 * per-packet infos do not all lie in @first (both refused).
 */
int netvsp_rndis_packet(struct netvsp *np, struct vmbussim_chan *ch,
			u8 *msg, u32 len, u32 have,
			const struct vmbus_packet_desc *desc, u32 first)
{
	struct netvsp_frame fr = {
		.desc = desc,
		.pool = netvsp_gpa_buf(np, ch)->pool,
	};
	struct netvsp_pkt p;

	if (netvsp_pkt_read(msg, len, &p) || p.frame_len < ETH_HLEN) {
		atomic64_inc(&np->bad_msgs);
		pr_warn_ratelimited("vmbussim: netvsp: malformed RNDIS packet\n");
		return -EINVAL;
	}
	if (!netvsp_hdr_in_first(&p, first)) {
		atomic64_inc(&np->tx_split);
		pr_warn_ratelimited("vmbussim: netvsp: RNDIS header split across GPA ranges, refused\n");
		return -EINVAL;
	}
	fr.f = msg + p.frame_off;
	fr.len = p.frame_len;
	fr.desc_off = p.frame_off;
	fr.have = have > p.frame_off ? min(have - p.frame_off, fr.len) : 0;
	/* The per-packet infos are read in place: copy them in if need be. */
	if (p.ppi_off + p.ppi_len > have) {
		fr.have = 0;
		if (vmbussim_gpa_copy(desc, have, msg + have, len - have, false)) {
			atomic64_inc(&np->bad_msgs);
			return -EINVAL;
		}
		fr.have = fr.len;
	}
	netvsp_frame_from_guest(np, &fr, msg + p.ppi_off, p.ppi_len);
	return 0;
}

/* Bytes after the header each control message needs. */
static u32 netvsp_ctrl_body(u32 type)
{
	switch (type) {
	case RNDIS_MSG_INIT:
		return sizeof(struct rndis_init);
	case RNDIS_MSG_QUERY:
	case RNDIS_MSG_SET:
		return sizeof(struct rndis_query);
	case RNDIS_MSG_KEEPALIVE:
		return sizeof(__le32);	/* its request id */
	}
	return 0;
}

/* One control message, on the primary channel. */
static enum netvsp_rndis_result netvsp_rndis_ctrl(struct netvsp *np,
						  struct vmbussim_chan *ch,
						  u8 *msg, u32 len)
{
	u32 type = le32_to_cpu(((const struct rndis_hdr *)msg)->type);
	const void *body = msg + sizeof(struct rndis_hdr);

	if (len < sizeof(struct rndis_hdr) + netvsp_ctrl_body(type)) {
		netvsp_fatal(np, ch, "an RNDIS message short of its fields", type);
		return NETVSP_RNDIS_FATAL;
	}
	switch (type) {
	case RNDIS_MSG_INIT:
		if (READ_ONCE(np->rndis_inited))
			break;
		netvsp_rndis_init(np, body);
		return NETVSP_RNDIS_DONE;
	case RNDIS_MSG_QUERY:
		netvsp_rndis_query(np, body);
		return NETVSP_RNDIS_DONE;
	case RNDIS_MSG_SET:
		netvsp_rndis_set(np, msg, len);
		return NETVSP_RNDIS_DONE;
	case RNDIS_MSG_KEEPALIVE:
		netvsp_rndis_keepalive(np, body);
		return NETVSP_RNDIS_DONE;
	case RNDIS_MSG_HALT:
		WRITE_ONCE(np->filter, 0);
		return NETVSP_RNDIS_DONE;
	}
	/* RESET, SET_EX, INDICATE, unknown types, a second INITIALIZE. */
	netvsp_fatal(np, ch, "an RNDIS message the host does not take", type);
	return NETVSP_RNDIS_FATAL;
}

/**
 * netvsp_rndis_from_guest() - handle the RNDIS messages of one NVSP packet
 * @np: the NIC
 * @ch: the channel they came on
 * @buf: the messages, one after the other, 8-byte aligned
 * @len: their bytes
 *
 * The first message says what the packet carries: data messages (any
 * number, all data) or one control message (on the primary only).
 *
 * Return: the NVSP status of the packet's completion, NVSP_STAT_NONE
 * when the channel ended.
 */
u32 netvsp_rndis_from_guest(struct netvsp *np, struct vmbussim_chan *ch,
			    u8 *buf, u32 len)
{
	u32 pos = 0, n, type;
	bool bad = false;

	while (pos < len) {
		n = netvsp_rndis_len(buf + pos, len - pos);
		if (!n) {
			netvsp_bad(np, "a bad RNDIS length at", pos);
			return NVSP_STAT_FAIL;
		}
		type = le32_to_cpu(((const struct rndis_hdr *)(buf + pos))->type);
		if (type != RNDIS_MSG_PACKET && pos) {
			netvsp_bad(np, "an RNDIS message after data", type);
			return NVSP_STAT_FAIL;
		}
		if (type != RNDIS_MSG_PACKET && vmbussim_chan_index(ch)) {
			netvsp_bad(np, "an RNDIS control message on a subchannel",
				   type);
			return NVSP_STAT_FAIL;
		}
		if (type != RNDIS_MSG_PACKET)
			return netvsp_rndis_ctrl(np, ch, buf, n) ==
			       NETVSP_RNDIS_FATAL ? NVSP_STAT_NONE :
						    NVSP_STAT_SUCCESS;
		bad |= netvsp_rndis_packet(np, ch, buf + pos, n, n, NULL,
					   U32_MAX) != 0;
		pos += ALIGN(n, 8);
	}
	return bad ? NVSP_STAT_FAIL : NVSP_STAT_SUCCESS;
}

/**
 * netvsp_indicate_buf() - send the guest an RNDIS status indication with
 *	a status buffer
 * @np: the NIC
 * @status: RNDIS_STATUS_*
 * @buf: the status buffer, or NULL
 * @len: its bytes, at most NETVSP_INFO_MAX
 */
void netvsp_indicate_buf(struct netvsp *np, u32 status, const void *buf,
			 u32 len)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_indicate ind;
		u8 buf[NETVSP_INFO_MAX];
	} __packed m = {};
	u32 n = sizeof(m.hdr) + sizeof(m.ind) + len;

	if (WARN_ON_ONCE(len > sizeof(m.buf)))
		return;
	m.hdr.type = cpu_to_le32(RNDIS_MSG_INDICATE);
	m.hdr.len = cpu_to_le32(n);
	m.ind.status = cpu_to_le32(status);
	m.ind.buf_len = cpu_to_le32(len);
	m.ind.buf_offset = cpu_to_le32(len ? sizeof(m.ind) : 0);
	if (len)
		memcpy(m.buf, buf, len);
	if (netvsp_to_guest(np, NVSP_RNDIS_CONTROL, &m, n, NULL, 0, false))
		atomic64_inc(&np->drops);
}

/**
 * netvsp_indicate() - send the guest an RNDIS status indication
 * @np: the NIC
 * @status: RNDIS_STATUS_*
 */
void netvsp_indicate(struct netvsp *np, u32 status)
{
	netvsp_indicate_buf(np, status, NULL, 0);
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
	if (netvsp_to_guest(np, NVSP_RNDIS_CONTROL, &m, sizeof(m), NULL, 0,
			    false))
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
	bool more;
	u32 hlen;
	int ret;

	if (skb_linearize(skb) || skb->len < ETH_HLEN ||
	    !netvsp_filter_ok(np, skb->data) || !netvsp_mtu_ok(np, skb->len, false))
		goto drop;
	hlen = netvsp_rx_hdr(np, skb, h);
	if (!hlen)
		goto drop;
	more = netdev_xmit_more();
	ret = netvsp_to_guest(np, NVSP_RNDIS_DATA, h, hlen, skb->data,
			      skb->len, more);
	if (ret == -ENOSPC || ret == -EAGAIN) {
		netif_stop_queue(dev);
		/* Pairs with the barrier in netvsp_vsim_wake(). */
		smp_mb();
		ret = netvsp_to_guest(np, NVSP_RNDIS_DATA, h, hlen, skb->data,
				      skb->len, false);
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
	unsigned long flags;

	/* Frames held back by a full ring go first. */
	spin_lock_irqsave(&np->lock, flags);
	netvsp_rx_flush(np);
	spin_unlock_irqrestore(&np->lock, flags);
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
