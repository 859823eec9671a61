// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: multiqueue. After RNDIS initialization the driver asks the
 * host how many receive queues it supports (OID_GEN_RECEIVE_SCALE_
 * CAPABILITIES), asks for that many channels less one as subchannels
 * (NVSP_MSG5_SUBCHANNEL), opens each subchannel the host offers as one
 * more TX/RX queue pair, and gives the host the Toeplitz key and the
 * indirection table that spread received flows over them.
 *
 * Changing the channel count or the MTU tears the adapter down and
 * brings it up again (netvsc_reinit()), as the host expects; a rescinded
 * subchannel is closed in the bus's callback and the queues shrink from
 * a work item.
 */

#include <linux/ethtool.h>
#include <linux/rtnetlink.h>

#include "netvsc.h"

/* How long the host may take to offer the subchannels it granted. */
#define NETVSC_SC_TIMEOUT	(5 * HZ)

static void netvsc_rss_default_table(struct netvsc_dev *nd)
{
	u32 i;

	for (i = 0; i < NDIS_RSS_TABLE_ENTRIES; i++)
		nd->mq.table[i] = ethtool_rxfh_indir_default(i, nd->nr_chans);
}

/*
 * Keep the table ethtool -X set only while it names open channels: the
 * ethtool core refuses -L below it, but the host may grant fewer.
 */
static bool netvsc_user_table_fits(const struct netvsc_dev *nd)
{
	u32 i;

	if (!netif_is_rxfh_configured(nd->ndev) || nd->nr_chans == 1)
		return false;
	for (i = 0; i < NDIS_RSS_TABLE_ENTRIES; i++)
		if (nd->mq.table[i] >= nd->nr_chans)
			return false;
	return true;
}

/**
 * netvsc_rss_apply() - give the host the key, table and hash types
 * @nd: the device, more than one channel open
 *
 * Return: 0, -EIO if the host refused, or the error of the request.
 */
int netvsc_rss_apply(struct netvsc_dev *nd)
{
	u32 len = sizeof(struct rndis_hdr) + sizeof(struct rndis_query) +
		  sizeof(struct ndis_rss_params) +
		  NDIS_RSS_TABLE_ENTRIES * sizeof(__le32) + NDIS_RSS_KEY_SIZE;
	struct rndis_query *q;
	struct ndis_rss_params *p;
	__le32 *table;
	u8 *req;
	u32 i;
	int ret;

	req = kzalloc(len, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	((struct rndis_hdr *)req)->type = cpu_to_le32(RNDIS_MSG_SET);
	((struct rndis_hdr *)req)->len = cpu_to_le32(len);
	q = (void *)(req + sizeof(struct rndis_hdr));
	q->oid = cpu_to_le32(RNDIS_OID_GEN_RSS_PARAMS);
	q->info_offset = cpu_to_le32(sizeof(*q));
	q->info_len = cpu_to_le32(len - sizeof(struct rndis_hdr) - sizeof(*q));
	p = (void *)(q + 1);
	p->hdr.type = NDIS_OBJ_RSS_PARAMS;
	p->hdr.rev = NDIS_RSS_REVISION;
	p->hdr.size = cpu_to_le16(sizeof(*p));
	p->hash_info = cpu_to_le32(NDIS_HASH_TOEPLITZ | nd->mq.hash);
	p->table_size = cpu_to_le16(NDIS_RSS_TABLE_ENTRIES * sizeof(__le32));
	p->table_offset = cpu_to_le32(sizeof(*p));
	p->key_size = cpu_to_le16(NDIS_RSS_KEY_SIZE);
	p->key_offset = cpu_to_le32(sizeof(*p) +
				    NDIS_RSS_TABLE_ENTRIES * sizeof(__le32));
	table = (void *)(p + 1);
	for (i = 0; i < NDIS_RSS_TABLE_ENTRIES; i++)
		table[i] = cpu_to_le32(nd->mq.table[i]);
	memcpy(table + NDIS_RSS_TABLE_ENTRIES, nd->mq.key, NDIS_RSS_KEY_SIZE);

	mutex_lock(&nd->rndis_lock);
	ret = netvsc_rndis_request(nd, req, len, RNDIS_MSG_SET_C);
	if (!ret && le32_to_cpu(((struct rndis_status_complete *)
				 (nd->rndis_reply + sizeof(struct rndis_hdr)))->status) !=
		    RNDIS_STATUS_SUCCESS)
		ret = -EIO;
	mutex_unlock(&nd->rndis_lock);
	kfree(req);
	return ret;
}

/**
 * netvsc_tx_closed() - drop a frame while its channel is being torn down,
 *	or while the NIC is out of service after bad host input
 * @nd: the device
 * @chan: the channel the frame would go to
 * @skb: the frame
 *
 * The queue's xmit lock orders this with netvsc_sc_rescind() and
 * netif_tx_disable(), which take it after changing what this reads.
 *
 * Return: true if the frame was dropped.
 */
bool netvsc_tx_closed(struct netvsc_dev *nd, struct netvsc_chan *chan,
		      struct sk_buff *skb)
{
	struct netdev_queue *txq = netdev_get_tx_queue(nd->ndev, chan->index);

	lockdep_assert_held(&txq->_xmit_lock);
	if (!READ_ONCE(nd->mq.tx_off) && READ_ONCE(chan->open) &&
	    !READ_ONCE(nd->host_broken))
		return false;
	u64_stats_update_begin(&chan->tx.syncp);
	u64_stats_inc(&chan->tx.dropped);
	u64_stats_update_end(&chan->tx.syncp);
	dev_kfree_skb_any(skb);
	return true;
}

/* The receive queues the host supports; 1 if it has no vRSS. */
static u32 netvsc_host_queues(struct netvsc_dev *nd)
{
	u8 buf[sizeof(struct ndis_rss_caps) + 16];
	u32 len = sizeof(buf), queues;
	int ret;

	if (nd->nvsp_ver < NVSP_VER_5)
		return 1;
	ret = netvsc_rndis_query(nd, RNDIS_OID_GEN_RSS_CAPS, buf, &len);
	if (ret == -EIO)
		return 1;	/* the host has no RSS */
	if (!ret)
		ret = ndis_rss_caps_parse(buf, len, &queues);
	if (ret) {
		netdev_err(nd->ndev, "host sent bad RSS capabilities (%d)\n", ret);
		return 1;
	}
	return queues;
}

/* The bus offers a subchannel: open it if it is one we asked for. */
static void netvsc_sc_open(struct vmbus_channel *sc)
{
	struct netvsc_dev *nd = dev_get_drvdata(&vmbus_channel_device(sc)->device);
	u16 idx = vmbus_subchannel_index(sc);
	int ret;

	mutex_lock(&nd->mq.sc_lock);
	if (nd->mq.sc_accept && idx < nd->mq.sc_want && !nd->chans[idx].open) {
		ret = netvsc_chan_open(&nd->chans[idx], sc);
		if (ret)
			netdev_err(nd->ndev, "subchannel %u: open failed (%d)\n",
				   idx, ret);
		else
			WRITE_ONCE(nd->mq.sc_opened, nd->mq.sc_opened + 1);
		wake_up(&nd->mq.sc_wait);
	}
	mutex_unlock(&nd->mq.sc_lock);
}

/*
 * The host rescinds a subchannel: stop its queue, close it here (the bus
 * frees it when we return) and let the work item shrink the queues.
 */
static void netvsc_sc_rescind(struct vmbus_channel *sc)
{
	struct netvsc_dev *nd = dev_get_drvdata(&vmbus_channel_device(sc)->device);
	u16 idx = vmbus_subchannel_index(sc);
	struct netvsc_chan *chan;
	struct netdev_queue *txq;

	if (idx >= NETVSC_MAX_QUEUES)
		return;
	chan = &nd->chans[idx];
	txq = netdev_get_tx_queue(nd->ndev, idx);
	mutex_lock(&nd->mq.sc_lock);
	if (chan->open && chan->ch == sc) {
		netdev_info(nd->ndev, "host rescinded subchannel %u\n", idx);
		/* After this, transmit on the queue drops (netvsc_start_xmit). */
		__netif_tx_lock_bh(txq);
		netif_tx_stop_queue(txq);
		WRITE_ONCE(chan->open, false);
		__netif_tx_unlock_bh(txq);
		netvsc_chan_teardown(chan);
		schedule_work(&nd->mq.lost_work);
	}
	mutex_unlock(&nd->mq.sc_lock);
}

static int netvsc_sc_request(struct netvsc_dev *nd, u32 count, u32 *granted)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG5_SUBCHANNEL),
		.subchannel.op_or_status = cpu_to_le32(NVSP_SUBCHANNEL_ALLOCATE),
		.subchannel.count = cpu_to_le32(count),
	};
	int ret = netvsc_nvsp_request(nd, &msg, NVSP_MSG5_SUBCHANNEL);

	if (ret)
		return ret;
	*granted = le32_to_cpu(msg.subchannel.count);
	if (le32_to_cpu(msg.subchannel.op_or_status) != NVSP_STAT_SUCCESS) {
		netdev_warn(nd->ndev, "host refused %u subchannels\n", count);
		return -EIO;
	}
	if (*granted > count) {
		netvsc_bad_host(&nd->chans[0], "%u subchannels for a request of %u\n",
				*granted, count);
		return -EPROTO;
	}
	return 0;
}

/* Whether the subchannels granted are open, or waiting is pointless. */
static bool netvsc_sc_settled(struct netvsc_dev *nd)
{
	return READ_ONCE(nd->mq.sc_opened) >= nd->mq.sc_granted ||
	       !READ_ONCE(nd->mq.sc_accept);
}

/* RTNL, except at probe before registration: nothing else reaches nd. */
static void netvsc_mq_assert_rtnl(struct netvsc_dev *nd)
{
	if (nd->ndev->reg_state != NETREG_UNINITIALIZED)
		ASSERT_RTNL();
}

/*
 * Put the open subchannels to use: RSS over all channels, one queue pair
 * each. If the host did not offer all it granted, use none.
 */
static void netvsc_mq_finish(struct netvsc_dev *nd)
{
	u32 opened = READ_ONCE(nd->mq.sc_opened);
	int ret;

	netvsc_mq_assert_rtnl(nd);
	if (opened < nd->mq.sc_granted) {
		netdev_err(nd->ndev, "host offered %u of %u subchannels\n",
			   opened, nd->mq.sc_granted);
		netvsc_mq_stop(nd);
		opened = 0;
	}
	WRITE_ONCE(nd->nr_chans, 1 + opened);
	if (!netvsc_user_table_fits(nd)) {
		netvsc_rss_default_table(nd);
		nd->ndev->priv_flags &= ~IFF_RXFH_CONFIGURED;
	}
	if (nd->nr_chans > 1) {
		ret = netvsc_rss_apply(nd);
		if (ret)
			netdev_warn(nd->ndev, "RSS parameters not set (%d); frames arrive on one channel\n",
				    ret);
	}
	netif_set_real_num_tx_queues(nd->ndev, nd->nr_chans);
	netif_set_real_num_rx_queues(nd->ndev, nd->nr_chans);
}

/**
 * netvsc_mq_registered() - the interface is registered: put the
 *	subchannels granted at probe to use
 * @nd: the device
 *
 * Not before: a work item that found the interface unregistered would
 * leave it on one queue for good.
 */
void netvsc_mq_registered(struct netvsc_dev *nd)
{
	if (nd->mq.sc_granted)
		schedule_work(&nd->mq.sc_work);
}

/* At probe the bus may offer subchannels only after probe returns. */
static void netvsc_sc_work(struct work_struct *w)
{
	struct netvsc_dev *nd = container_of(w, struct netvsc_dev, mq.sc_work);

	wait_event_timeout(nd->mq.sc_wait, netvsc_sc_settled(nd),
			   NETVSC_SC_TIMEOUT);
	rtnl_lock();
	if (nd->ndev->reg_state == NETREG_REGISTERED &&
	    READ_ONCE(nd->mq.sc_accept) &&
	    READ_ONCE(nd->mq.gen) == nd->mq.work_gen)
		netvsc_mq_finish(nd);
	rtnl_unlock();
}

/**
 * netvsc_mq_setup() - ask for subchannels and set up RSS over them
 * @nd: the device, RNDIS initialized on the primary channel
 *
 * Falls back to one channel whenever the host cannot give more. At probe
 * the subchannels are put to use later, from a work item.
 *
 * Return: 0, or -EPROTO when the host broke the protocol.
 */
int netvsc_mq_setup(struct netvsc_dev *nd)
{
	struct vmbus_channel *primary = nd->hdev->channel;
	u32 want, granted = 0;
	int ret;

	netvsc_mq_assert_rtnl(nd);
	nd->mq.host_queues = min_t(u32, netvsc_host_queues(nd),
				   NETVSC_MAX_QUEUES);
	want = nd->mq.want ? nd->mq.want :
	       min_t(u32, num_online_cpus(), nd->mq.host_queues);
	want = min(want, nd->mq.host_queues);
	nd->mq.sc_granted = 0;
	if (want > 1) {
		mutex_lock(&nd->mq.sc_lock);
		WRITE_ONCE(nd->mq.sc_accept, true);
		nd->mq.sc_want = want;
		WRITE_ONCE(nd->mq.sc_opened, 0);
		mutex_unlock(&nd->mq.sc_lock);
		vmbus_set_subchannel_callback(primary, netvsc_sc_open);
		vmbus_set_subchannel_rescind_callback(primary, netvsc_sc_rescind);
		ret = netvsc_sc_request(nd, want - 1, &granted);
		if (ret == -EPROTO)
			return ret;
		nd->mq.sc_granted = ret ? 0 : granted;
	}
	if (nd->mq.sc_granted && nd->ndev->reg_state != NETREG_REGISTERED) {
		/* netvsc_mq_registered() starts the work. */
		WRITE_ONCE(nd->nr_chans, 1);
		nd->mq.work_gen = nd->mq.gen;
		return 0;
	}
	wait_event_timeout(nd->mq.sc_wait, netvsc_sc_settled(nd),
			   NETVSC_SC_TIMEOUT);
	netvsc_mq_finish(nd);
	return 0;
}

/**
 * netvsc_mq_stop() - close every subchannel and take no more
 * @nd: the device
 *
 * The primary channel stays open.
 */
void netvsc_mq_stop(struct netvsc_dev *nd)
{
	u32 i;

	mutex_lock(&nd->mq.sc_lock);
	WRITE_ONCE(nd->mq.sc_accept, false);
	WRITE_ONCE(nd->mq.gen, nd->mq.gen + 1);
	for (i = NETVSC_MAX_QUEUES; i-- > 1;)
		netvsc_chan_close(&nd->chans[i]);
	WRITE_ONCE(nd->mq.sc_opened, 0);
	mutex_unlock(&nd->mq.sc_lock);
	wake_up(&nd->mq.sc_wait);
}

/* Stop transmit and take the adapter down. */
static void netvsc_down_mq(struct netvsc_dev *nd)
{
	/* Transmit checks it under the queue's lock, taken here by each. */
	WRITE_ONCE(nd->mq.tx_off, true);
	netif_tx_disable(nd->ndev);
	netvsc_down(nd);
}

static int netvsc_up_mq(struct netvsc_dev *nd)
{
	struct net_device *ndev = nd->ndev;
	int ret = netvsc_up(nd);

	if (ret)
		return ret;
	/* A host forgets the offload parameters when its adapter halts. */
	if (nd->host_off) {
		ret = netvsc_offload_apply(nd, ndev->features);
		if (ret)
			return ret;
	}
	WRITE_ONCE(nd->mq.tx_off, false);
	if (netif_running(ndev)) {
		ret = netvsc_set_filter(nd, netvsc_wanted_filter(ndev));
		netif_tx_wake_all_queues(ndev);
	}
	return ret;
}

/**
 * netvsc_cfg_get() - the settings in force
 * @nd: the device
 * @cfg: receives them
 */
void netvsc_cfg_get(const struct netvsc_dev *nd, struct netvsc_cfg *cfg)
{
	cfg->chans = nd->mq.want;
	cfg->mtu = nd->ndev->mtu;
	cfg->recv_buf_size = nd->recv_buf_size;
	cfg->send_buf_size = nd->send_buf_size;
}

/* With the adapter down. */
static void netvsc_cfg_set(struct netvsc_dev *nd, const struct netvsc_cfg *cfg)
{
	ASSERT_RTNL();
	nd->mq.want = cfg->chans;
	WRITE_ONCE(nd->ndev->mtu, cfg->mtu);
	nd->recv_buf_size = cfg->recv_buf_size;
	nd->send_buf_size = cfg->send_buf_size;
}

/**
 * netvsc_reinit() - bring the host's adapter down and up again with new
 *	settings (channel count, MTU, buffer sizes)
 * @nd: the device
 * @cfg: the settings
 *
 * Transmit drops frames meanwhile. If the new settings fail, the old ones
 * are restored.
 *
 * Return: 0 or a negative errno.
 */
int netvsc_reinit(struct netvsc_dev *nd, const struct netvsc_cfg *cfg)
{
	struct net_device *ndev = nd->ndev;
	struct netvsc_cfg old;
	int ret;

	ASSERT_RTNL();
	netvsc_cfg_get(nd, &old);
	netvsc_down_mq(nd);
	netvsc_cfg_set(nd, cfg);
	ret = netvsc_up_mq(nd);
	if (ret == -ENODEV) {
		/* The host rescinded the NIC: remove follows. */
		netdev_dbg(ndev, "NIC rescinded during reinitialization\n");
	} else if (ret) {
		netdev_err(ndev, "reinitialization failed (%d); restoring\n", ret);
		netvsc_down_mq(nd);
		netvsc_cfg_set(nd, &old);
		if (netvsc_up_mq(nd))
			netdev_err(ndev, "the adapter stays down\n");
	}
	return ret;
}

static void netvsc_lost_work(struct work_struct *w)
{
	struct netvsc_dev *nd = container_of(w, struct netvsc_dev, mq.lost_work);
	struct netvsc_cfg cfg;
	u32 left = 0, i;

	rtnl_lock();
	if (nd->ndev->reg_state == NETREG_REGISTERED) {
		for (i = 0; i < nd->nr_chans && READ_ONCE(nd->chans[i].open); i++)
			left++;
		netvsc_cfg_get(nd, &cfg);
		cfg.chans = max(left, 1U);
		if (left < nd->nr_chans)
			netvsc_reinit(nd, &cfg);
	}
	rtnl_unlock();
}

/**
 * netvsc_mq_init() - set up the multiqueue state at probe
 * @nd: the device
 */
void netvsc_mq_init(struct netvsc_dev *nd)
{
	mutex_init(&nd->mq.sc_lock);
	init_waitqueue_head(&nd->mq.sc_wait);
	INIT_WORK(&nd->mq.lost_work, netvsc_lost_work);
	INIT_WORK(&nd->mq.sc_work, netvsc_sc_work);
	nd->mq.hash = NDIS_HASH_IPV4 | NDIS_HASH_TCP_IPV4 | NDIS_HASH_IPV6 |
		      NDIS_HASH_TCP_IPV6;
	netdev_rss_key_fill(nd->mq.key, sizeof(nd->mq.key));
}
