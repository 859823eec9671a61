// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: ethtool operations of multiqueue: channels (-l/-L), rings
 * (-g; the buffers are not resized), the RSS key and indirection table
 * (-x/-X) and the hash fields (-n/-N rx-flow-hash).
 */

#include <linux/ethtool.h>
#include <linux/rtnetlink.h>

#include "netvsc.h"

#define NETVSC_RXH_IP	(RXH_IP_SRC | RXH_IP_DST)
#define NETVSC_RXH_L4	(RXH_L4_B_0_1 | RXH_L4_B_2_3)

/**
 * netvsc_get_channels() - ethtool -l
 * @ndev: the interface
 * @c: filled with the combined channels in use and the host's limit
 */
void netvsc_get_channels(struct net_device *ndev, struct ethtool_channels *c)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	c->max_combined = max(nd->mq.host_queues, 1U);
	c->combined_count = max(nd->nr_chans, 1U);
}

/**
 * netvsc_set_channels() - ethtool -L combined N
 * @ndev: the interface
 * @c: the new count; the core checked it against max_combined
 *
 * Return: 0 or a negative errno.
 */
int netvsc_set_channels(struct net_device *ndev, struct ethtool_channels *c)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	struct netvsc_cfg cfg;

	if (!c->combined_count || c->rx_count || c->tx_count || c->other_count)
		return -EINVAL;
	if (c->combined_count == nd->nr_chans)
		return 0;
	netvsc_cfg_get(nd, &cfg);
	cfg.chans = c->combined_count;
	return netvsc_reinit(nd, &cfg);
}

/* Bytes of a send-buffer section; a guess while the adapter is down. */
static u32 netvsc_section_bytes(const struct netvsc_dev *nd)
{
	return nd->section_size ?: NETVSC_SECTION_GUESS;
}

/**
 * netvsc_get_ringparam() - ethtool -g
 * @ndev: the interface
 * @ring: filled: RX in standard frames the receive buffer holds, TX in
 *	send-buffer sections
 * @kring: unused
 * @extack: unused
 */
void netvsc_get_ringparam(struct net_device *ndev,
			  struct ethtool_ringparam *ring,
			  struct kernel_ethtool_ringparam *kring,
			  struct netlink_ext_ack *extack)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	ring->rx_max_pending = NETVSC_RECV_BUF_MAX / ETH_FRAME_LEN;
	ring->rx_pending = nd->recv_buf_size / ETH_FRAME_LEN;
	ring->tx_max_pending = NETVSC_SEND_BUF_MAX / netvsc_section_bytes(nd);
	ring->tx_pending = nd->send_buf_size / netvsc_section_bytes(nd);
}

/**
 * netvsc_set_ringparam() - ethtool -G rx N tx M: resize the buffers
 * @ndev: the interface
 * @ring: N standard frames in the receive buffer, M send-buffer sections;
 *	the core checked them against the maxima
 * @kring: unused
 * @extack: says why a size is refused
 *
 * The host's adapter is re-initialised with the new buffers.
 *
 * Return: 0 or a negative errno.
 */
int netvsc_set_ringparam(struct net_device *ndev,
			 struct ethtool_ringparam *ring,
			 struct kernel_ethtool_ringparam *kring,
			 struct netlink_ext_ack *extack)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	/* Whole pages; the maxima are, and the core checked the counts. */
	u32 recv = min_t(u64, PAGE_ALIGN((u64)ring->rx_pending * ETH_FRAME_LEN),
			 NETVSC_RECV_BUF_MAX);
	u32 send = min_t(u64, PAGE_ALIGN((u64)ring->tx_pending *
					 netvsc_section_bytes(nd)),
			 NETVSC_SEND_BUF_MAX);
	struct netvsc_cfg cfg;

	if (recv < NETVSC_RECV_BUF_MIN || send < NETVSC_SEND_BUF_MIN) {
		NL_SET_ERR_MSG(extack, "buffer below the minimum (rx 256 KiB, tx 64 KiB)");
		return -EINVAL;
	}
	if (recv == nd->recv_buf_size && send == nd->send_buf_size)
		return 0;
	netvsc_cfg_get(nd, &cfg);
	cfg.recv_buf_size = recv;
	cfg.send_buf_size = send;
	return netvsc_reinit(nd, &cfg);
}

/* The NDIS hash type that adds the ports of @flow_type; 0 if none. */
static u32 netvsc_l4_hash(u32 flow_type)
{
	switch (flow_type) {
	case TCP_V4_FLOW:
		return NDIS_HASH_TCP_IPV4;
	case TCP_V6_FLOW:
		return NDIS_HASH_TCP_IPV6;
	}
	return 0;
}

static bool netvsc_flow_known(u32 flow_type)
{
	switch (flow_type) {
	case TCP_V4_FLOW:
	case TCP_V6_FLOW:
	case UDP_V4_FLOW:
	case UDP_V6_FLOW:
	case IPV4_FLOW:
	case IPV6_FLOW:
		return true;
	}
	return false;
}

/**
 * netvsc_get_rxnfc() - the ring count and the hash fields of a flow type
 * @ndev: the interface
 * @info: the command
 * @rules: unused
 *
 * Return: 0 or -EOPNOTSUPP.
 */
int netvsc_get_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info,
		     u32 *rules)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	switch (info->cmd) {
	case ETHTOOL_GRXRINGS:
		info->data = max(nd->nr_chans, 1U);
		return 0;
	case ETHTOOL_GRXFH:
		if (!netvsc_flow_known(info->flow_type))
			return -EOPNOTSUPP;
		info->data = NETVSC_RXH_IP;
		if (nd->mq.hash & netvsc_l4_hash(info->flow_type))
			info->data |= NETVSC_RXH_L4;
		return 0;
	}
	return -EOPNOTSUPP;
}

/**
 * netvsc_set_rxnfc() - ethtool -N rx-flow-hash: addresses, or addresses
 *	and ports for TCP (the host hashes no UDP ports)
 * @ndev: the interface
 * @info: the command
 *
 * Return: 0, -EINVAL for fields the host cannot hash, -EOPNOTSUPP, or
 * the error of giving the host the new hash types.
 */
int netvsc_set_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u32 l4 = netvsc_l4_hash(info->flow_type), old = nd->mq.hash;
	int ret = 0;

	if (info->cmd != ETHTOOL_SRXFH || !netvsc_flow_known(info->flow_type))
		return -EOPNOTSUPP;
	if (info->data == NETVSC_RXH_IP)
		nd->mq.hash &= ~l4;
	else if (l4 && info->data == (NETVSC_RXH_IP | NETVSC_RXH_L4))
		nd->mq.hash |= l4;
	else
		return -EINVAL;
	if (nd->mq.hash != old && nd->nr_chans > 1)
		ret = netvsc_rss_apply(nd);
	if (ret)
		nd->mq.hash = old;
	return ret;
}

/**
 * netvsc_get_rxfh_key_size() - bytes of the RSS key
 * @ndev: the interface
 *
 * Return: NDIS_RSS_KEY_SIZE.
 */
u32 netvsc_get_rxfh_key_size(struct net_device *ndev)
{
	return NDIS_RSS_KEY_SIZE;
}

/**
 * netvsc_get_rxfh_indir_size() - entries of the indirection table
 * @ndev: the interface
 *
 * Return: NDIS_RSS_TABLE_ENTRIES.
 */
u32 netvsc_get_rxfh_indir_size(struct net_device *ndev)
{
	return NDIS_RSS_TABLE_ENTRIES;
}

static void netvsc_rxfh_read(struct netvsc_dev *nd, u32 *indir, u8 *key)
{
	if (indir)
		memcpy(indir, nd->mq.table, sizeof(nd->mq.table));
	if (key)
		memcpy(key, nd->mq.key, sizeof(nd->mq.key));
}

/* Give the host a new table and/or key; keep the old ones on failure. */
static int netvsc_rxfh_write(struct netvsc_dev *nd, const u32 *indir,
			     const u8 *key)
{
	u32 old_table[NDIS_RSS_TABLE_ENTRIES];
	u8 old_key[NDIS_RSS_KEY_SIZE];
	u32 i;
	int ret;

	if (nd->nr_chans < 2)
		return -EOPNOTSUPP;
	for (i = 0; indir && i < NDIS_RSS_TABLE_ENTRIES; i++)
		if (indir[i] >= nd->nr_chans)
			return -EINVAL;
	memcpy(old_table, nd->mq.table, sizeof(old_table));
	memcpy(old_key, nd->mq.key, sizeof(old_key));
	if (indir)
		memcpy(nd->mq.table, indir, sizeof(nd->mq.table));
	if (key)
		memcpy(nd->mq.key, key, sizeof(nd->mq.key));
	ret = netvsc_rss_apply(nd);
	if (ret) {
		memcpy(nd->mq.table, old_table, sizeof(old_table));
		memcpy(nd->mq.key, old_key, sizeof(old_key));
		return ret;
	}
	return 0;
}

/**
 * netvsc_get_rxfh() - ethtool -x
 * @ndev: the interface
 * @p: receives the table, the key and the hash function
 *
 * Return: 0.
 */
int netvsc_get_rxfh(struct net_device *ndev, struct ethtool_rxfh_param *p)
{
	p->hfunc = ETH_RSS_HASH_TOP;
	netvsc_rxfh_read(netdev_priv(ndev), p->indir, p->key);
	return 0;
}

/**
 * netvsc_set_rxfh() - ethtool -X
 * @ndev: the interface
 * @p: the new table and/or key
 * @extack: unused
 *
 * Return: 0 or a negative errno.
 */
int netvsc_set_rxfh(struct net_device *ndev, struct ethtool_rxfh_param *p,
		    struct netlink_ext_ack *extack)
{
	if (p->hfunc != ETH_RSS_HASH_NO_CHANGE && p->hfunc != ETH_RSS_HASH_TOP)
		return -EOPNOTSUPP;
	return netvsc_rxfh_write(netdev_priv(ndev), p->indir, p->key);
}
