// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: the subchannels' lifecycle. After RNDIS initialization the
 * driver asks the host for as many channels as it wants less one
 * (NVSP_MSG5_SUBCHANNEL), opens each subchannel the bus offers as one
 * more TX/RX queue pair, and puts them to use (RSS, the real queue
 * counts) once all are open; at probe that waits for a work item, since
 * the bus offers subchannels only after probe returns. A subchannel the
 * host rescinds is closed in the bus's callback and the queues shrink
 * from a work item, through netvsc_reinit().
 */

#include <linux/rtnetlink.h>

#include "netvsc.h"

/* How long the host may take to offer the subchannels it granted. */
#define NETVSC_SC_TIMEOUT	(5 * HZ)

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

	netvsc_mq_assert_rtnl(nd);
	if (opened < nd->mq.sc_granted) {
		netdev_err(nd->ndev, "host offered %u of %u subchannels\n",
			   opened, nd->mq.sc_granted);
		netvsc_mq_stop(nd);
		opened = 0;
	}
	WRITE_ONCE(nd->nr_chans, 1 + opened);
	netvsc_rss_start(nd);
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
	nd->mq.host_queues = min_t(u32, netvsc_rss_host_queues(nd),
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
	netvsc_rss_init(nd);
}

