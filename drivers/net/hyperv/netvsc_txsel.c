// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: which channel a frame is sent on. A host may say, with
 * NVSP_MSG5_SEND_INDIRECTION_TABLE, which channel each of 16 hash buckets
 * should use (it places its own processing of each channel); the driver
 * then follows that table. Until the host sends one, the stack's own
 * choice stands (XPS, else the flow hash). ethtool -d shows the table.
 *
 * The table's entries are written one at a time while frames are being
 * sent: a frame may see a mix of the old and the new table, and every
 * entry of either is a valid choice once reduced modulo the queues.
 */

#include <linux/string.h>

#include <net/sock.h>

#include "netvsc.h"

/**
 * netvsc_send_table_message() - take the host's send indirection table
 * @chan: the channel it came on
 * @msg: the message, of type NVSP_MSG5_SEND_INDIRECTION_TABLE
 * @len: its length
 */
void netvsc_send_table_message(struct netvsc_chan *chan,
			       const struct nvsp_msg *msg, u32 len)
{
	struct netvsc_dev *nd = chan->nd;
	const u8 *tab;
	u32 off, i;
	__le32 v;

	if (nvsp_send_table_find(msg, len, nd->nvsp_ver, &off)) {
		netvsc_bad_host(chan, "a malformed send table (%u bytes)\n", len);
		return;
	}
	tab = (const u8 *)msg + off;
	/* The offset may leave the entries unaligned. */
	for (i = 0; i < NVSP_INDIRECTION_ENTRIES; i++) {
		memcpy(&v, tab + i * sizeof(v), sizeof(v));
		WRITE_ONCE(nd->send_table[i], le32_to_cpu(v));
	}
	WRITE_ONCE(nd->send_table_set, true);
	netif_dbg(nd, hw, nd->ndev, "host sent a send table (entry 0: %u)\n",
		  nd->send_table[0]);
}

/**
 * netvsc_send_table_reset() - forget the host's table (a new NVSP
 *	connection starts without one)
 * @nd: the NIC
 */
void netvsc_send_table_reset(struct netvsc_dev *nd)
{
	WRITE_ONCE(nd->send_table_set, false);
}

/**
 * netvsc_select_queue() - the transmit queue of a frame (ndo_select_queue)
 * @ndev: the interface
 * @skb: the frame
 * @sb_dev: subordinate device, for the stack's own choice
 *
 * A socket keeps the queue chosen for its first frame, as the stack's own
 * choice does, until the stack allows reordering (ooo_okay).
 *
 * Return: the queue index, below @ndev's real transmit queues.
 */
u16 netvsc_select_queue(struct net_device *ndev, struct sk_buff *skb,
			struct net_device *sb_dev)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u32 n = ndev->real_num_tx_queues;
	struct sock *sk = skb->sk;
	int q;

	if (!READ_ONCE(nd->send_table_set))
		return netdev_pick_tx(ndev, skb, sb_dev);
	q = sk_tx_queue_get(sk);
	if (q >= 0 && q < n && !skb->ooo_okay)
		return q;
	q = READ_ONCE(nd->send_table[skb_get_hash(skb) %
				     NVSP_INDIRECTION_ENTRIES]) % n;
	if (sk && sk_fullsock(sk) && rcu_access_pointer(sk->sk_dst_cache))
		sk_tx_queue_set(sk, q);
	return q;
}

/**
 * netvsc_get_regs_len() - bytes of ethtool -d's dump: the send table
 * @ndev: the interface
 *
 * Return: the size of the table.
 */
int netvsc_get_regs_len(struct net_device *ndev)
{
	return NVSP_INDIRECTION_ENTRIES * sizeof(u32);
}

/**
 * netvsc_get_regs() - ethtool -d: the host's send table
 * @ndev: the interface
 * @regs: its version is set to 1 if the host sent a table, 0 if not
 * @p: filled with the 16 entries, in CPU order (zero without a table)
 */
void netvsc_get_regs(struct net_device *ndev, struct ethtool_regs *regs,
		     void *p)
{
	struct netvsc_dev *nd = netdev_priv(ndev);
	u32 *out = p, i;

	regs->version = READ_ONCE(nd->send_table_set);
	for (i = 0; i < NVSP_INDIRECTION_ENTRIES; i++)
		out[i] = regs->version ? READ_ONCE(nd->send_table[i]) : 0;
}
