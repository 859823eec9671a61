// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: the RNDIS control path. Requests travel in a send-buffer
 * section as NVSP control packets; the host's answers and status
 * indications arrive in the receive buffer like frames do.
 */

#include <linux/etherdevice.h>
#include <linux/rtnetlink.h>

#include "netvsc.h"
#include "rndis_parse.h"

/* Bytes of a control request: header, fixed body, information buffer. */
#define NETVSC_RNDIS_REQ_MAX	(sizeof(struct rndis_hdr) + \
				 sizeof(struct rndis_query) + 64)

static u32 netvsc_rndis_next_id(struct netvsc_dev *nd)
{
	static atomic_t req_id = ATOMIC_INIT(0);
	u32 id;

	do {
		id = (u32)atomic_inc_return(&req_id);
	} while (!id);
	return id;
}

/* Copy a control message into a fresh section and send it. */
static int netvsc_rndis_send(struct netvsc_dev *nd, const void *msg, u32 len)
{
	int index;
	int ret;

	/* The host chose the section size (at least 512 bytes). */
	if (len > nd->section_size)
		return -EMSGSIZE;
	index = netvsc_section_get(nd);
	if (index < 0)
		return -EBUSY;
	memcpy(nd->send_buf + (size_t)index * nd->section_size, msg, len);
	ret = netvsc_send_section(&nd->chans[0], index, len,
				  NVSP_RNDIS_CONTROL);
	if (ret)
		netvsc_section_put(nd, index);
	return ret;
}

/**
 * netvsc_rndis_request() - send an RNDIS request and wait for its answer
 * @nd: the device
 * @msg: the request, its req_id at byte 8 (filled in here)
 * @len: its length, at most a send section
 * @reply_type: the completion type expected
 *
 * The answer lands in nd->rndis_reply.
 *
 * Return: 0, -ETIMEDOUT, -ENODEV if the host rescinded the device
 * meanwhile, or the error of the send.
 */
int netvsc_rndis_request(struct netvsc_dev *nd, void *msg, u32 len,
			 u32 reply_type)
{
	__le32 *req_id = msg + sizeof(struct rndis_hdr);
	u32 id = netvsc_rndis_next_id(nd);
	int ret;

	lockdep_assert_held(&nd->rndis_lock);
	*req_id = cpu_to_le32(id);
	spin_lock_bh(&nd->rndis_wait);
	nd->rndis_req_id = id;
	nd->rndis_type = reply_type;
	nd->rndis_reply_len = 0;
	reinit_completion(&nd->rndis_done);
	spin_unlock_bh(&nd->rndis_wait);
	ret = netvsc_rndis_send(nd, msg, len);
	if (!ret)
		ret = vmbus_wait_for_answer(nd->chans[0].ch, &nd->rndis_done,
					    NETVSC_CTRL_TIMEOUT);
	spin_lock_bh(&nd->rndis_wait);
	nd->rndis_req_id = 0;
	spin_unlock_bh(&nd->rndis_wait);
	/* A host that rescinded the device is no failed request. */
	if (ret && ret != -ENODEV)
		netdev_err(nd->ndev, "RNDIS request %#x failed: %d\n",
			   le32_to_cpu(((struct rndis_hdr *)msg)->type), ret);
	return ret;
}

/* The status word of the answer (second word of every completion). */
static u32 netvsc_rndis_status(struct netvsc_dev *nd)
{
	const struct rndis_status_complete *c =
		(const void *)(nd->rndis_reply + sizeof(struct rndis_hdr));

	return le32_to_cpu(c->status);
}

/**
 * netvsc_rndis_query() - query one object of the host's adapter
 * @nd: the device
 * @oid: RNDIS_OID_*
 * @buf: receives the value
 * @len: in: room at @buf; out: bytes of the value
 *
 * Return: 0, -EIO if the host failed the query, -EPROTO for a malformed
 * answer, or the error of the request.
 */
int netvsc_rndis_query(struct netvsc_dev *nd, u32 oid, void *buf, u32 *len)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_query q;
	} __packed req = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_QUERY),
		.hdr.len = cpu_to_le32(sizeof(req)),
		.q.oid = cpu_to_le32(oid),
		.q.info_offset = cpu_to_le32(sizeof(req.q)),
	};
	const struct rndis_query_complete *c;
	u32 off, n;
	int ret;

	mutex_lock(&nd->rndis_lock);
	ret = netvsc_rndis_request(nd, &req, sizeof(req), RNDIS_MSG_QUERY_C);
	if (ret)
		goto out;
	c = (const void *)(nd->rndis_reply + sizeof(struct rndis_hdr));
	ret = -EIO;
	if (le32_to_cpu(c->status) != RNDIS_STATUS_SUCCESS)
		goto out;
	off = sizeof(struct rndis_hdr) + le32_to_cpu(c->info_offset);
	n = le32_to_cpu(c->info_len);
	ret = -EPROTO;
	if (le32_to_cpu(c->info_offset) > nd->rndis_reply_len || n > *len ||
	    !rndis_span_ok(off, n, sizeof(struct rndis_hdr) + sizeof(*c),
			   nd->rndis_reply_len))
		goto out;
	memcpy(buf, nd->rndis_reply + off, n);
	*len = n;
	ret = 0;
out:
	mutex_unlock(&nd->rndis_lock);
	return ret;
}

/**
 * netvsc_rndis_set() - set one object of the host's adapter
 * @nd: the device
 * @oid: RNDIS_OID_*
 * @buf: the value
 * @len: its size, at most NETVSC_RNDIS_SET_MAX bytes
 *
 * Return: 0, -EIO if the host refused, or the error of the request.
 */
int netvsc_rndis_set(struct netvsc_dev *nd, u32 oid, const void *buf,
		     u32 len)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_query q;
		u8 info[NETVSC_RNDIS_SET_MAX];
	} __packed req = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_SET),
		.hdr.len = cpu_to_le32(sizeof(req.hdr) + sizeof(req.q) + len),
		.q.oid = cpu_to_le32(oid),
		.q.info_len = cpu_to_le32(len),
		.q.info_offset = cpu_to_le32(sizeof(req.q)),
	};
	int ret;

	if (len > sizeof(req.info))
		return -EINVAL;
	memcpy(req.info, buf, len);
	mutex_lock(&nd->rndis_lock);
	ret = netvsc_rndis_request(nd, &req, le32_to_cpu(req.hdr.len),
				   RNDIS_MSG_SET_C);
	if (!ret && netvsc_rndis_status(nd) != RNDIS_STATUS_SUCCESS)
		ret = -EIO;
	mutex_unlock(&nd->rndis_lock);
	return ret;
}

/**
 * netvsc_set_filter() - set the RNDIS packet filter
 * @nd: the device
 * @filter: RNDIS_FILTER_* bits; 0 stops reception
 *
 * RTNL guards nd->filter.
 *
 * Return: as netvsc_rndis_set().
 */
int netvsc_set_filter(struct netvsc_dev *nd, u32 filter)
{
	__le32 val = cpu_to_le32(filter);
	int ret;

	ASSERT_RTNL();
	if (filter == nd->filter)
		return 0;
	ret = netvsc_rndis_set(nd, RNDIS_OID_GEN_CURRENT_PACKET_FILTER, &val,
			       sizeof(val));
	if (!ret)
		nd->filter = filter;
	return ret;
}

static int netvsc_query_u32(struct netvsc_dev *nd, u32 oid, u32 *val)
{
	__le32 v;
	u32 len = sizeof(v);
	int ret = netvsc_rndis_query(nd, oid, &v, &len);

	if (!ret && len != sizeof(v))
		ret = -EPROTO;
	if (!ret)
		*val = le32_to_cpu(v);
	return ret;
}

static int netvsc_rndis_initialize(struct netvsc_dev *nd)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_init init;
	} __packed req = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_INIT),
		.hdr.len = cpu_to_le32(sizeof(req)),
		.init.major = cpu_to_le32(RNDIS_MAJOR),
		.init.minor = cpu_to_le32(RNDIS_MINOR),
		.init.max_xfer_size = cpu_to_le32(0x4000),
	};
	const struct rndis_init_complete *c;
	int ret;

	mutex_lock(&nd->rndis_lock);
	ret = netvsc_rndis_request(nd, &req, sizeof(req), RNDIS_MSG_INIT_C);
	c = (const void *)(nd->rndis_reply + sizeof(struct rndis_hdr));
	if (!ret && (nd->rndis_reply_len < sizeof(struct rndis_hdr) + sizeof(*c) ||
		     le32_to_cpu(c->status) != RNDIS_STATUS_SUCCESS))
		ret = -EIO;
	if (!ret) {
		nd->max_pkts = clamp_t(u32, le32_to_cpu(c->max_pkts_per_msg), 1, 64);
		nd->pkt_align = 1U << min_t(u32, le32_to_cpu(c->pkt_align_shift), 6);
		nd->pkt_align = max_t(u32, nd->pkt_align, 8);
	}
	mutex_unlock(&nd->rndis_lock);
	return ret;
}

/**
 * netvsc_mac_param() - build the configuration parameter that gives the
 *	host's adapter a new MAC address
 * @mp: filled in
 * @mac: the address
 *
 * Hyper-V refuses a SET of RNDIS_OID_802_3_CURRENT_ADDRESS; it takes the
 * address as the string parameter "NetworkAddress", 12 hex digits.
 */
void netvsc_mac_param(struct netvsc_mac_param *mp, const u8 *mac)
{
	static const char name[] = RNDIS_CONFIG_NETWORK_ADDRESS;
	u32 i;

	mp->p.name_offset = cpu_to_le32(offsetof(struct netvsc_mac_param, name));
	mp->p.name_len = cpu_to_le32(sizeof(mp->name));
	mp->p.type = cpu_to_le32(RNDIS_CONFIG_PARAM_STRING);
	mp->p.value_offset = cpu_to_le32(offsetof(struct netvsc_mac_param, value));
	mp->p.value_len = cpu_to_le32(sizeof(mp->value));
	for (i = 0; i < ARRAY_SIZE(mp->name); i++)
		mp->name[i] = cpu_to_le16(name[i]);
	for (i = 0; i < ETH_ALEN; i++) {
		mp->value[2 * i] = cpu_to_le16(hex_asc_hi(mac[i]));
		mp->value[2 * i + 1] = cpu_to_le16(hex_asc_lo(mac[i]));
	}
}

/**
 * netvsc_set_mac() - give the host's adapter a new MAC address
 * @nd: the device
 * @mac: the address
 *
 * Return: as netvsc_rndis_set().
 */
int netvsc_set_mac(struct netvsc_dev *nd, const u8 *mac)
{
	struct netvsc_mac_param mp;

	netvsc_mac_param(&mp, mac);
	return netvsc_rndis_set(nd, RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER, &mp,
				sizeof(mp));
}

/*
 * At probe the interface takes the adapter's permanent address @perm. A
 * re-initialised adapter (MTU or channel change) starts from it again:
 * give it back the address the interface has, if that was changed.
 */
static void netvsc_rndis_address(struct netvsc_dev *nd, const u8 *perm)
{
	struct net_device *ndev = nd->ndev;
	int ret;

	if (ndev->reg_state == NETREG_UNINITIALIZED) {
		eth_hw_addr_set(ndev, perm);
		return;
	}
	if (ether_addr_equal(ndev->dev_addr, perm))
		return;
	ret = netvsc_set_mac(nd, ndev->dev_addr);
	if (ret)
		netdev_warn(ndev, "host refused the address %pM again: %d\n",
			    ndev->dev_addr, ret);
}

/**
 * netvsc_rndis_init() - initialize the host's adapter and learn its
 *	address, frame limit and link state
 * @nd: the device, NVSP connected
 *
 * Return: 0 or a negative errno.
 */
int netvsc_rndis_init(struct netvsc_dev *nd)
{
	u8 mac[ETH_ALEN];
	u32 len = sizeof(mac), val;
	int ret;

	ret = netvsc_rndis_initialize(nd);
	if (!ret)
		ret = netvsc_rndis_query(nd, RNDIS_OID_802_3_PERMANENT_ADDRESS,
					 mac, &len);
	if (!ret && (len != ETH_ALEN || !is_valid_ether_addr(mac))) {
		netdev_err(nd->ndev, "host gave an invalid MAC address\n");
		ret = -EPROTO;
	}
	if (ret)
		return ret;
	netvsc_rndis_address(nd, mac);
	/*
	 * Jumbo frames need NVSP 2, whose NDIS configuration tells the host
	 * the MTU; an NVSP 1 host carries standard frames only.
	 */
	nd->max_mtu = ETH_DATA_LEN;
	if (nd->nvsp_ver >= NVSP_VER_2 &&
	    !netvsc_query_u32(nd, RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE, &val) &&
	    val >= NETVSC_MIN_MTU)
		nd->max_mtu = min_t(u32, val, 65535 - ETH_HLEN);
	/* In units of 100 bit/s. */
	WRITE_ONCE(nd->speed, 0);
	if (!netvsc_query_u32(nd, RNDIS_OID_GEN_LINK_SPEED, &val))
		WRITE_ONCE(nd->speed, val / 10000);
	if (netvsc_query_u32(nd, RNDIS_OID_GEN_MEDIA_CONNECT_STATUS, &val))
		val = RNDIS_MEDIA_DISCONNECTED;
	netvsc_link_set(nd, val == RNDIS_MEDIA_CONNECTED);
	return 0;
}

/**
 * netvsc_rndis_halt() - tell the host's adapter to stop (no answer)
 * @nd: the device
 */
void netvsc_rndis_halt(struct netvsc_dev *nd)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_halt halt;
	} __packed req = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_HALT),
		.hdr.len = cpu_to_le32(sizeof(req)),
	};

	mutex_lock(&nd->rndis_lock);
	req.halt.req_id = cpu_to_le32(netvsc_rndis_next_id(nd));
	netvsc_rndis_send(nd, &req, sizeof(req));
	mutex_unlock(&nd->rndis_lock);
}

/* The host moved the NIC to a switch of another speed (100 bit/s units). */
static void netvsc_rndis_speed(struct netvsc_chan *chan, const void *msg,
			       u32 avail)
{
	const void *buf;
	__le32 v;

	if (rndis_indicate_buf(msg, avail, sizeof(v), &buf)) {
		netvsc_bad_host(chan, "a malformed link speed indication\n");
		return;
	}
	memcpy(&v, buf, sizeof(v));
	WRITE_ONCE(chan->nd->speed, le32_to_cpu(v) / 10000);
	if (net_ratelimit())
		netdev_info(chan->nd->ndev, "link speed %u Mbit/s\n",
			    le32_to_cpu(v) / 10000);
}

static void netvsc_rndis_indicate(struct netvsc_chan *chan, const void *msg,
				  u32 len, u32 avail)
{
	const struct rndis_indicate *ind = msg + sizeof(struct rndis_hdr);
	struct net_device *ndev = chan->nd->ndev;
	u32 status;

	if (len < sizeof(struct rndis_hdr) + sizeof(*ind)) {
		netvsc_bad_host(chan, "short RNDIS indication (%u bytes)\n", len);
		return;
	}
	status = le32_to_cpu(ind->status);
	switch (status) {
	case RNDIS_STATUS_MEDIA_CONNECT:
		netvsc_link_set(chan->nd, true);
		break;
	case RNDIS_STATUS_MEDIA_DISCONNECT:
		netvsc_link_set(chan->nd, false);
		break;
	case RNDIS_STATUS_LINK_SPEED_CHANGE:
		netvsc_rndis_speed(chan, msg, avail);
		break;
	case RNDIS_STATUS_NETWORK_CHANGE:
		netvsc_network_change(chan->nd);
		break;
	case RNDIS_STATUS_OFFLOAD_CURRENT:
		/* The offloads in force: the driver set them itself. */
		break;
	default:
		/* A status of a newer host: nothing to act on. */
		net_warn_ratelimited("%s: host sent unknown RNDIS status %#x, ignored\n",
				     netdev_name(ndev), status);
		break;
	}
}

/* A completion that answers no request: logged and dropped. */
static void netvsc_rndis_stray(struct netvsc_dev *nd, u32 type, u32 req_id,
			       u32 status)
{
	if (type == RNDIS_MSG_RESET_C)
		net_warn_ratelimited("%s: stray RNDIS reset completion (status %#x)\n",
				     netdev_name(nd->ndev), status);
	else
		net_warn_ratelimited("%s: stray RNDIS completion %#x id %u (status %#x)\n",
				     netdev_name(nd->ndev), type, req_id, status);
}

static void netvsc_rndis_answer(struct netvsc_chan *chan, const void *msg,
				u32 len)
{
	struct netvsc_dev *nd = chan->nd;
	u32 type = le32_to_cpu(((const struct rndis_hdr *)msg)->type);
	u32 req_id, status;
	bool ok;

	if (len > NETVSC_RNDIS_REPLY_MAX ||
	    rndis_completion_parse(msg, len, &req_id, &status)) {
		netvsc_bad_host(chan, "RNDIS completion %#x of %u bytes\n", type,
				len);
		return;
	}
	/* A reset completion has no id: it answers no request of ours. */
	spin_lock(&nd->rndis_wait);
	ok = req_id && req_id == nd->rndis_req_id && type == nd->rndis_type;
	if (ok) {
		memcpy(nd->rndis_reply, msg, len);
		nd->rndis_reply_len = len;
		nd->rndis_req_id = 0;
		complete(&nd->rndis_done);
	}
	spin_unlock(&nd->rndis_wait);
	if (!ok)
		netvsc_rndis_stray(nd, type, req_id, status);
}

/**
 * netvsc_rndis_control() - an RNDIS message other than a packet arrived
 * @chan: the channel it came on
 * @msg: the message, its header checked to fit
 * @len: its length
 * @avail: bytes at @msg that may be read (its range), at least @len
 *
 * Called from NAPI.
 */
void netvsc_rndis_control(struct netvsc_chan *chan, const void *msg, u32 len,
			  u32 avail)
{
	u32 type = le32_to_cpu(((const struct rndis_hdr *)msg)->type);

	switch (type) {
	case RNDIS_MSG_INIT_C:
	case RNDIS_MSG_QUERY_C:
	case RNDIS_MSG_SET_C:
	case RNDIS_MSG_RESET_C:
	case RNDIS_MSG_KEEPALIVE_C:
		netvsc_rndis_answer(chan, msg, len);
		break;
	case RNDIS_MSG_INDICATE:
		netvsc_rndis_indicate(chan, msg, len, avail);
		break;
	default:
		/*
		 * A message of a newer host, or one a guest never gets: it
		 * asks nothing of us, and the NIC keeps working without it.
		 */
		net_warn_ratelimited("%s: host sent unknown RNDIS message %#x (%u bytes), dropped\n",
				     netdev_name(chan->nd->ndev), type, len);
		break;
	}
}
