// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: the inbound ring, polled by NAPI. It carries the host's
 * completions of our messages, transfer-page packets naming RNDIS
 * messages in the receive buffer (frames, control answers, status), and
 * NVSP messages of the host's own. Transfer-page packets are completed
 * in one batch at the end of each poll.
 */

#include <linux/etherdevice.h>
#include <linux/if_vlan.h>

#include "netvsc.h"
#include "rndis_parse.h"

/*
 * A channel broke (bad host input, found by us or by the bus): the whole
 * NIC goes out of service (carrier off, transmit stopped). Its other
 * channels could still move frames, but a host that broke the protocol
 * once is not trusted with them. Binding the device again starts afresh.
 */
static void netvsc_out_of_service(struct netvsc_dev *nd)
{
	WRITE_ONCE(nd->host_broken, true);
	netif_carrier_off(nd->ndev);
	netif_tx_stop_all_queues(nd->ndev);
}

/**
 * netvsc_bad_host() - reject a host message: log it, rate-limited, and
 *	break the channel so nothing more from it is trusted
 * @chan: the channel it came on
 * @fmt: what was wrong, printf style, ending in a newline
 *
 * The NIC goes out of service (netvsc_out_of_service()).
 */
void netvsc_bad_host(struct netvsc_chan *chan, const char *fmt, ...)
{
	struct va_format vaf;
	va_list args;

	atomic64_inc(&chan->nd->bad_host);
	va_start(args, fmt);
	vaf.fmt = fmt;
	vaf.va = &args;
	net_err_ratelimited("%s: host sent %pV", netdev_name(chan->nd->ndev),
			    &vaf);
	va_end(args);
	vmbus_channel_break(chan->ch, "bad NVSP/RNDIS message");
	netvsc_out_of_service(chan->nd);
}

static void netvsc_rx_stats(struct netvsc_chan *chan, u64_stats_t *field,
			    u32 n, u32 bytes)
{
	u64_stats_update_begin(&chan->rx.syncp);
	u64_stats_add(field, n);
	u64_stats_add(&chan->rx.bytes, bytes);
	u64_stats_update_end(&chan->rx.syncp);
}

/* One RNDIS data packet: build an skb and pass it up. */
static int netvsc_rx_frame(struct netvsc_chan *chan, const void *msg, u32 len)
{
	struct net_device *ndev = chan->nd->ndev;
	u32 frame_off, frame_len, ppi_off, ppi_len;
	struct netvsc_rx_info info;
	struct sk_buff *skb;

	if (rndis_packet_parse(msg, len, &frame_off, &frame_len, &ppi_off,
			       &ppi_len) ||
	    netvsc_rx_ppi_parse(msg + ppi_off, ppi_len, &info)) {
		netvsc_bad_host(chan, "malformed RNDIS packet (%u bytes)\n", len);
		return -EINVAL;
	}
	if (frame_len < ETH_HLEN ||
	    frame_len > chan->nd->max_mtu + ETH_HLEN + VLAN_HLEN) {
		netvsc_rx_stats(chan, &chan->rx.dropped, 1, 0);
		return 0;
	}
	skb = napi_alloc_skb(&chan->napi, frame_len);
	if (!skb) {
		netvsc_rx_stats(chan, &chan->rx.dropped, 1, 0);
		return 0;
	}
	skb_put_data(skb, msg + frame_off, frame_len);
	skb->protocol = eth_type_trans(skb, ndev);
	skb_record_rx_queue(skb, chan->index);
	netvsc_rx_ppi_apply(ndev, skb, &info);
	napi_gro_receive(&chan->napi, skb);
	netvsc_rx_stats(chan, &chan->rx.packets, 1, frame_len);
	return 1;
}

/* One range of a transfer-page packet: an RNDIS message. */
static int netvsc_rx_range(struct netvsc_chan *chan,
			   const struct vmbus_xfer_page_range *r)
{
	u32 off = le32_to_cpu(r->byte_offset), count = le32_to_cpu(r->byte_count);
	const void *msg;
	u32 len;

	if (!rndis_span_ok(off, count, 0, chan->nd->recv_buf_size)) {
		netvsc_bad_host(chan, "range %u+%u outside the receive buffer\n",
				off, count);
		return -EINVAL;
	}
	msg = chan->nd->recv_buf + off;
	len = rndis_msg_check(msg, count, 0);
	if (!len) {
		netvsc_bad_host(chan, "RNDIS message length does not fit its range (%u)\n",
				count);
		return -EINVAL;
	}
	if (le32_to_cpu(((const struct rndis_hdr *)msg)->type) == RNDIS_MSG_PACKET)
		return netvsc_rx_frame(chan, msg, len);
	netvsc_rndis_control(chan, msg, len, count);
	return 0;
}

static int netvsc_rx_xfer(struct netvsc_chan *chan,
			  const struct vmbus_packet_desc *desc)
{
	const struct vmbus_xfer_page_packet *x = vmbus_xfer_page_packet(desc);
	const struct nvsp_msg *msg = vmbus_packet_data(desc);
	u32 i, count, frames = 0;
	int ret;

	if (IS_ERR(x) || le16_to_cpu(x->xfer_pageset_id) != NVSP_RECV_BUF_ID ||
	    vmbus_packet_len(desc) < sizeof(__le32) + sizeof(msg->rndis) ||
	    le32_to_cpu(msg->type) != NVSP_MSG1_SEND_RNDIS_PKT) {
		netvsc_bad_host(chan, "malformed transfer-page packet\n");
		return 0;
	}
	count = le32_to_cpu(x->range_count);
	for (i = 0; i < count; i++) {
		ret = netvsc_rx_range(chan, &x->ranges[i]);
		if (ret < 0)
			return frames;
		frames += ret;
	}
	u64_stats_update_begin(&chan->rx.syncp);
	u64_stats_inc(&chan->rx.msgs);
	u64_stats_update_end(&chan->rx.syncp);
	chan->comps[chan->nr_comps++] = le64_to_cpu(desc->trans_id);
	return frames;
}

/* Complete the transfer-page packets handled; false if the ring is full. */
static bool netvsc_rx_complete(struct netvsc_chan *chan)
{
	static const struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE),
		.status.status = cpu_to_le32(NVSP_STAT_SUCCESS),
	};
	u32 i;

	for (i = 0; i < chan->nr_comps; i++)
		if (vmbus_sendpacket(chan->ch, &msg, sizeof(msg), chan->comps[i],
				     VMBUS_PKT_COMP, 0) == -EAGAIN)
			break;
	/* Other errors mean a dead channel: nothing left to complete. */
	memmove(chan->comps, chan->comps + i,
		(chan->nr_comps - i) * sizeof(chan->comps[0]));
	chan->nr_comps -= i;
	return !chan->nr_comps;
}

static void netvsc_rx_comp(struct netvsc_chan *chan,
			   const struct vmbus_packet_desc *desc, int budget)
{
	const struct nvsp_msg *msg = vmbus_packet_data(desc);
	u32 len = vmbus_packet_len(desc);
	struct netvsc_cookie c;
	u64 cookie;

	if (vmbus_complete_request(chan->ch, le64_to_cpu(desc->trans_id),
				   &cookie))
		return;
	netvsc_cookie_decode(cookie, &c);
	if (c.kind == NETVSC_COOKIE_CTRL) {
		netvsc_ctrl_complete(chan->nd, msg, len);
		return;
	}
	if (len < sizeof(__le32) + sizeof(msg->status) ||
	    le32_to_cpu(msg->type) != NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE)
		netvsc_bad_host(chan, "bad completion of a data message\n");
	/* The host is done with the buffer either way. */
	netvsc_tx_complete(chan, cookie, budget);
}

/* NVSP messages the host sends on its own. */
static void netvsc_rx_inband(struct netvsc_chan *chan,
			     const struct vmbus_packet_desc *desc)
{
	const struct nvsp_msg *msg = vmbus_packet_data(desc);
	struct netvsc_dev *nd = chan->nd;
	u32 len = vmbus_packet_len(desc);

	if (len < sizeof(__le32) + 8) {
		netvsc_bad_host(chan, "short NVSP message (%u bytes)\n", len);
		return;
	}
	switch (le32_to_cpu(msg->type)) {
	case NVSP_MSG4_SEND_VF_ASSOCIATION:
	case NVSP_MSG4_SWITCH_DATA_PATH:
		netvsc_vf_message(chan, msg, len);
		break;
	case NVSP_MSG5_SEND_INDIRECTION_TABLE:
		netvsc_send_table_message(chan, msg, len);
		break;
	case NVSP_MSG4_UPLINK_CONNECT_STATE:
		break;
	default:
		net_warn_ratelimited("%s: unknown NVSP message %u from host\n",
				     netdev_name(nd->ndev),
				     le32_to_cpu(msg->type));
		break;
	}
}

static int netvsc_rx_packet(struct netvsc_chan *chan,
			    const struct vmbus_packet_desc *desc, int budget)
{
	switch (le16_to_cpu(desc->type)) {
	case VMBUS_PKT_COMP:
		netvsc_rx_comp(chan, desc, budget);
		return 0;
	case VMBUS_PKT_DATA_USING_XFER_PAGES:
		return netvsc_rx_xfer(chan, desc);
	case VMBUS_PKT_DATA_INBAND:
		netvsc_rx_inband(chan, desc);
		return 0;
	default:
		netvsc_bad_host(chan, "VMBus packet of type %u\n",
				le16_to_cpu(desc->type));
		return 0;
	}
}

/* The next packet; publishes what was read and looks again before NULL. */
static const struct vmbus_packet_desc *netvsc_next(struct netvsc_chan *chan)
{
	const struct vmbus_packet_desc *desc = vmbus_next_packet(chan->ch);

	if (desc)
		return desc;
	/*
	 * The host signals only when it finds the ring empty: publish the
	 * read position, then look once more for what it wrote meanwhile.
	 */
	vmbus_read_done(chan->ch);
	return vmbus_next_packet(chan->ch);
}

/**
 * netvsc_poll() - NAPI poll of one channel
 * @napi: the channel's NAPI context
 * @budget: frames we may pass up
 *
 * Return: frames passed up, or @budget to be polled again.
 */
int netvsc_poll(struct napi_struct *napi, int budget)
{
	struct netvsc_chan *chan = container_of(napi, struct netvsc_chan, napi);
	const struct vmbus_packet_desc *desc;
	bool drained = false;
	int work = 0;

	while (work < budget) {
		if (chan->nr_comps == NETVSC_RX_COMPS && !netvsc_rx_complete(chan))
			break;
		desc = netvsc_next(chan);
		if (IS_ERR_OR_NULL(desc)) {
			/* Empty, or broken: nothing more will be read. */
			drained = true;
			break;
		}
		work += netvsc_rx_packet(chan, desc, budget);
	}
	netvsc_tx_done(chan);
	/* Broken by the bus too (a bad ring packet, an unknown id). */
	if (vmbus_channel_broken(chan->ch) && !READ_ONCE(chan->nd->host_broken))
		netvsc_out_of_service(chan->nd);
	vmbus_read_done(chan->ch);
	if (!netvsc_rx_complete(chan) || !drained || work >= budget)
		return budget;
	napi_complete_done(napi, work);
	return work;
}
