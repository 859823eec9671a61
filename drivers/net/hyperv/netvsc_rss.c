// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: receive-side scaling. The host says how many receive queues
 * it supports (OID_GEN_RECEIVE_SCALE_CAPABILITIES); once the subchannels
 * are open the driver gives it the Toeplitz key, the hash types and the
 * indirection table that spread received flows over the channels
 * (OID_GEN_RECEIVE_SCALE_PARAMETERS).
 */

#include <linux/ethtool.h>

#include "netvsc.h"

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
 * netvsc_rss_host_queues() - the receive queues the host supports
 * @nd: the device, RNDIS initialized
 *
 * Return: the host's queue count from its RSS capabilities; 1 if it has
 * no vRSS or sent capabilities that do not parse.
 */
u32 netvsc_rss_host_queues(struct netvsc_dev *nd)
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

/**
 * netvsc_rss_start() - spread received flows over the channels open
 * @nd: the device, @nd->nr_chans set
 *
 * Keeps the table ethtool -X set if it still fits, else the default one;
 * gives the host the parameters when there is more than one channel.
 */
void netvsc_rss_start(struct netvsc_dev *nd)
{
	int ret;

	if (!netvsc_user_table_fits(nd)) {
		netvsc_rss_default_table(nd);
		nd->ndev->priv_flags &= ~IFF_RXFH_CONFIGURED;
	}
	if (nd->nr_chans == 1)
		return;
	ret = netvsc_rss_apply(nd);
	if (ret)
		netdev_warn(nd->ndev, "RSS parameters not set (%d); frames arrive on one channel\n",
			    ret);
}

/**
 * netvsc_rss_init() - the hash types and a random key, at probe
 * @nd: the device
 */
void netvsc_rss_init(struct netvsc_dev *nd)
{
	nd->mq.hash = NDIS_HASH_IPV4 | NDIS_HASH_TCP_IPV4 | NDIS_HASH_IPV6 |
		      NDIS_HASH_TCP_IPV6;
	netdev_rss_key_fill(nd->mq.key, sizeof(nd->mq.key));
}
