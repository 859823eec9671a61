// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: re-initialization. Changing the channel count, the MTU or
 * the buffer sizes brings the host's adapter down and up again with the
 * new settings, as the host expects; transmit drops frames meanwhile,
 * and failed settings are replaced by the old ones.
 */

#include <linux/rtnetlink.h>

#include "netvsc.h"

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
