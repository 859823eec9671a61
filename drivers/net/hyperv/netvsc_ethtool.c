// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: ethtool operations: driver information, link, channels,
 * rings and per-queue statistics.
 */

#include <linux/ethtool.h>

#include "netvsc.h"

/* Per-queue counters, in the order of netvsc_stat_names. */
static const char netvsc_stat_names[][ETH_GSTRING_LEN / 2] = {
	"packets", "bytes", "msgs", "dropped", "busy",
};

#define NETVSC_QSTATS	ARRAY_SIZE(netvsc_stat_names)

static void netvsc_get_drvinfo(struct net_device *ndev,
			       struct ethtool_drvinfo *info)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	snprintf(info->fw_version, sizeof(info->fw_version), "NVSP %u.%u",
		 nd->nvsp_ver >> 16, nd->nvsp_ver & 0xffff);
	strscpy(info->bus_info, dev_name(&nd->hdev->device),
		sizeof(info->bus_info));
}

static int netvsc_get_link_ksettings(struct net_device *ndev,
				     struct ethtool_link_ksettings *cmd)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u32 speed = READ_ONCE(nd->speed);

	ethtool_link_ksettings_zero_link_mode(cmd, supported);
	ethtool_link_ksettings_zero_link_mode(cmd, advertising);
	cmd->base.speed = netif_carrier_ok(ndev) && speed ? speed : SPEED_UNKNOWN;
	cmd->base.duplex = netif_carrier_ok(ndev) ? DUPLEX_FULL : DUPLEX_UNKNOWN;
	cmd->base.port = PORT_OTHER;
	return 0;
}

static int netvsc_get_sset_count(struct net_device *ndev, int sset)
{
	if (sset != ETH_SS_STATS)
		return -EOPNOTSUPP;
	return NETVSC_MAX_QUEUES * 2 * NETVSC_QSTATS;
}

static void netvsc_get_strings(struct net_device *ndev, u32 sset, u8 *data)
{
	u32 q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (q = 0; q < NETVSC_MAX_QUEUES; q++) {
		for (i = 0; i < NETVSC_QSTATS; i++)
			ethtool_sprintf(&data, "tx_queue_%u_%s", q,
					netvsc_stat_names[i]);
		for (i = 0; i < NETVSC_QSTATS; i++)
			ethtool_sprintf(&data, "rx_queue_%u_%s", q,
					netvsc_stat_names[i]);
	}
}

static u64 *netvsc_read_qstats(struct netvsc_stats *s, u64 *data)
{
	unsigned int start;

	do {
		start = u64_stats_fetch_begin(&s->syncp);
		data[0] = u64_stats_read(&s->packets);
		data[1] = u64_stats_read(&s->bytes);
		data[2] = u64_stats_read(&s->msgs);
		data[3] = u64_stats_read(&s->dropped);
		data[4] = u64_stats_read(&s->busy);
	} while (u64_stats_fetch_retry(&s->syncp, start));
	return data + NETVSC_QSTATS;
}

static void netvsc_get_ethtool_stats(struct net_device *ndev,
				     struct ethtool_stats *stats, u64 *data)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u32 q;

	for (q = 0; q < NETVSC_MAX_QUEUES; q++) {
		data = netvsc_read_qstats(&nd->chans[q].tx, data);
		data = netvsc_read_qstats(&nd->chans[q].rx, data);
	}
}

static u32 netvsc_get_msglevel(struct net_device *ndev)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	return nd->msg_enable;
}

static void netvsc_set_msglevel(struct net_device *ndev, u32 val)
{
	struct netvsc_dev *nd = netdev_priv(ndev);

	nd->msg_enable = val;
}

const struct ethtool_ops netvsc_ethtool_ops = {
	.get_drvinfo = netvsc_get_drvinfo,
	.get_link = ethtool_op_get_link,
	.get_link_ksettings = netvsc_get_link_ksettings,
	NETVSC_ETHTOOL_MQ_OPS,
	.get_sset_count = netvsc_get_sset_count,
	.get_strings = netvsc_get_strings,
	.get_ethtool_stats = netvsc_get_ethtool_stats,
	.get_msglevel = netvsc_get_msglevel,
	.set_msglevel = netvsc_set_msglevel,
	.get_regs_len = netvsc_get_regs_len,
	.get_regs = netvsc_get_regs,
};
