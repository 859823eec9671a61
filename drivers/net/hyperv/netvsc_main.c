// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: the Hyper-V synthetic NIC. Probe and remove, bringing the
 * host's adapter up (NVSP, buffers, RNDIS) and down, and the network
 * device's operations.
 */

#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/rtnetlink.h>

#include <linux/hyperv/spec/classes.h>

#include "netvsc.h"

#define NETVSC_FILTER_NORMAL	(RNDIS_FILTER_DIRECTED | RNDIS_FILTER_MULTICAST | \
				 RNDIS_FILTER_ALL_MULTICAST | RNDIS_FILTER_BROADCAST)

/**
 * netvsc_wanted_filter() - the RNDIS packet filter the interface needs
 * @ndev: the interface
 *
 * Return: RNDIS_FILTER_* bits, 0 while the interface is down.
 */
u32 netvsc_wanted_filter(const struct net_device *ndev)
{
	if (!netif_running(ndev))
		return 0;
	if (ndev->flags & IFF_PROMISC)
		return NETVSC_FILTER_NORMAL | RNDIS_FILTER_PROMISCUOUS;
	return NETVSC_FILTER_NORMAL;
}

static void netvsc_rx_mode_work(struct work_struct *w)
{
	struct netvsc_dev *nd = container_of(w, struct netvsc_dev, rx_mode_work);

	rtnl_lock();
	netvsc_set_filter(nd, netvsc_wanted_filter(nd->ndev));
	rtnl_unlock();
}

static int netvsc_open(struct net_device *ndev)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	int ret = netvsc_set_filter(nd, netvsc_wanted_filter(ndev));

	if (ret)
		return ret;
	netif_tx_wake_all_queues(ndev);
	return 0;
}

static int netvsc_close(struct net_device *ndev)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	netif_tx_disable(ndev);
	/* A host that does not answer cannot keep the interface up. */
	netvsc_set_filter(nd, 0);
	return 0;
}

static void netvsc_set_rx_mode(struct net_device *ndev)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	schedule_work(&nd->rx_mode_work);
}

static int netvsc_change_mtu(struct net_device *ndev, int mtu)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	struct netvsc_cfg cfg;

	/* The core checked min_mtu and max_mtu (the host's frame limit). */
	if (mtu > nd->max_mtu)
		return -EINVAL;
	/* The host learns the MTU in the NDIS configuration: start over. */
	netvsc_cfg_get(nd, &cfg);
	cfg.mtu = mtu;
	return netvsc_reinit(nd, &cfg);
}

static int netvsc_set_mac_address(struct net_device *ndev, void *p)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	struct sockaddr *sa = p;
	int ret = eth_prepare_mac_addr_change(ndev, p);

	if (ret)
		return ret;
	ret = netvsc_set_mac(nd, (const u8 *)sa->sa_data);
	if (ret)
		return ret == -EIO ? -EADDRNOTAVAIL : ret;
	eth_commit_mac_addr_change(ndev, p);
	return 0;
}

static void netvsc_stats_read(struct netvsc_stats *s, u64 *packets,
			      u64 *bytes, u64 *dropped)
{
	unsigned int start;
	u64 p, b, d;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		p = u64_stats_read(&s->packets);
		b = u64_stats_read(&s->bytes);
		d = u64_stats_read(&s->dropped);
	} while (u64_stats_fetch_retry(&s->syncp, start));
	*packets += p;
	*bytes += b;
	*dropped += d;
}

static void netvsc_get_stats64(struct net_device *ndev,
			       struct rtnl_link_stats64 *st)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u32 i;

	for (i = 0; i < nd->nr_chans; i++) {
		netvsc_stats_read(&nd->chans[i].tx, &st->tx_packets,
				  &st->tx_bytes, &st->tx_dropped);
		netvsc_stats_read(&nd->chans[i].rx, &st->rx_packets,
				  &st->rx_bytes, &st->rx_dropped);
	}
}

static const struct net_device_ops netvsc_netdev_ops = {
	.ndo_open = netvsc_open,
	.ndo_stop = netvsc_close,
	.ndo_start_xmit = netvsc_start_xmit,
	.ndo_select_queue = netvsc_select_queue,
	.ndo_set_rx_mode = netvsc_set_rx_mode,
	.ndo_change_mtu = netvsc_change_mtu,
	.ndo_set_mac_address = netvsc_set_mac_address,
	.ndo_validate_addr = eth_validate_addr,
	.ndo_get_stats64 = netvsc_get_stats64,
	.ndo_set_features = netvsc_set_features,
};

/**
 * netvsc_down() - undo netvsc_up(), also after a partial start
 * @nd: the device
 */
void netvsc_down(struct netvsc_dev *nd)
{
	if (nd->chans[0].open && nd->send_gpadl)
		netvsc_rndis_halt(nd);
	/*
	 * Subchannels close before the buffers are revoked: the host handles
	 * each channel on its own, and must not find a send section in a
	 * subchannel's ring after the revoke on the primary.
	 */
	netvsc_mq_stop(nd);
	netvsc_nvsp_disconnect(nd);
	netvsc_chan_close(&nd->chans[0]);
	WRITE_ONCE(nd->nr_chans, 0);
	netvsc_nvsp_disconnect(nd);
	nd->filter = 0;
}

/**
 * netvsc_up() - open the channels and bring the host's adapter up
 * @nd: the device
 *
 * Return: 0 or a negative errno.
 */
int netvsc_up(struct netvsc_dev *nd)
{
	int ret = netvsc_chan_open(&nd->chans[0], nd->hdev->channel);

	if (ret)
		return ret;
	WRITE_ONCE(nd->nr_chans, 1);
	ret = netvsc_nvsp_connect(nd);
	if (!ret)
		ret = netvsc_rndis_init(nd);
	if (!ret)
		ret = netvsc_mq_setup(nd);
	if (ret)
		netvsc_down(nd);
	return ret;
}

static void netvsc_init_state(struct netvsc_dev *nd, struct hv_device *hdev,
			      struct net_device *ndev)
{
	u32 i;

	nd->hdev = hdev;
	nd->ndev = ndev;
	nd->recv_buf_size = NETVSC_RECV_BUF_SIZE;
	nd->send_buf_size = NETVSC_SEND_BUF_SIZE;
	mutex_init(&nd->ctrl_lock);
	init_completion(&nd->ctrl_done);
	mutex_init(&nd->rndis_lock);
	spin_lock_init(&nd->rndis_wait);
	init_completion(&nd->rndis_done);
	INIT_WORK(&nd->rx_mode_work, netvsc_rx_mode_work);
	netvsc_link_init(nd);
	netvsc_mq_init(nd);
	for (i = 0; i < NETVSC_MAX_QUEUES; i++) {
		nd->chans[i].nd = nd;
		nd->chans[i].index = i;
		u64_stats_init(&nd->chans[i].tx.syncp);
		u64_stats_init(&nd->chans[i].rx.syncp);
	}
}

static int netvsc_probe(struct hv_device *hdev,
			const struct hv_vmbus_device_id *id)
{
	struct net_device *ndev;
	struct netvsc_dev *nd;
	int ret;

	ndev = alloc_etherdev_mq(sizeof(*nd), NETVSC_MAX_QUEUES);
	if (!ndev)
		return -ENOMEM;
	SET_NETDEV_DEV(ndev, &hdev->device);
	nd = netdev_priv(ndev);
	netvsc_init_state(nd, hdev, ndev);
	dev_set_drvdata(&hdev->device, nd);
	ndev->netdev_ops = &netvsc_netdev_ops;
	ndev->ethtool_ops = &netvsc_ethtool_ops;
	ndev->needed_headroom = sizeof(struct rndis_hdr) +
				sizeof(struct rndis_packet) + NETVSC_TX_PPI_MAX;
	/* The host takes a new address at any time (or refuses it). */
	ndev->priv_flags |= IFF_LIVE_ADDR_CHANGE;
	/*
	 * A frame sent as GPA ranges gets its RNDIS header pushed into its
	 * headroom: the same skb must not be handed over twice at once
	 * (pktgen's burst and clone_skb do that where this flag is set).
	 */
	ndev->priv_flags &= ~IFF_TX_SKB_SHARING;
	ndev->hw_features = NETIF_F_SG | NETIF_F_RXHASH;
	ndev->features = ndev->hw_features | NETIF_F_HW_VLAN_CTAG_TX |
			 NETIF_F_HW_VLAN_CTAG_RX;
	netif_set_real_num_tx_queues(ndev, 1);
	netif_set_real_num_rx_queues(ndev, 1);
	netif_carrier_off(ndev);

	ret = netvsc_up(nd);
	if (ret)
		goto err_free;
	ret = netvsc_offload_init(nd);
	if (ret)
		goto err_down;
	ndev->min_mtu = NETVSC_MIN_MTU;
	ndev->max_mtu = nd->max_mtu;
	ret = register_netdev(ndev);
	if (ret)
		goto err_down;
	netvsc_mq_registered(nd);
	netdev_info(ndev, "NVSP %#x, %u send sections of %u bytes, max MTU %u\n",
		    nd->nvsp_ver, nd->nr_sections, nd->section_size, nd->max_mtu);
	return 0;

err_down:
	netvsc_down(nd);
	netvsc_link_stop(nd);
	cancel_work_sync(&nd->mq.sc_work);
	cancel_work_sync(&nd->mq.lost_work);
err_free:
	free_netdev(ndev);
	return ret;
}

static void netvsc_remove(struct hv_device *hdev)
{
	struct netvsc_dev *nd = dev_get_drvdata(&hdev->device);

	unregister_netdev(nd->ndev);
	cancel_work_sync(&nd->rx_mode_work);
	netvsc_down(nd);
	/*
	 * After netvsc_down(): a subchannel rescinded until then queues
	 * lost_work. Both find the interface gone.
	 */
	netvsc_link_stop(nd);
	cancel_work_sync(&nd->mq.sc_work);
	cancel_work_sync(&nd->mq.lost_work);
	free_netdev(nd->ndev);
}

static const struct hv_vmbus_device_id netvsc_id_table[] = {
	{ .guid = VMBUS_CLASS_NIC },
	{ }
};
MODULE_DEVICE_TABLE(vmbus, netvsc_id_table);

static struct hv_driver netvsc_driver = {
	.name = KBUILD_MODNAME,
	.id_table = netvsc_id_table,
	.probe = netvsc_probe,
	.remove = netvsc_remove,
};
module_vmbus_driver(netvsc_driver);

MODULE_DESCRIPTION("Microsoft Hyper-V synthetic network driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("HYPERV_VMBUS");
