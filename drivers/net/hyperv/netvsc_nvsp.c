// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: NVSP negotiation with the host, the receive and send
 * buffers, and opening and closing channels.
 */

#include <linux/bitmap.h>
#include <linux/vmalloc.h>

#include "netvsc.h"

/* Versions we speak, highest first. */
static const u32 netvsc_nvsp_versions[] = {
	NVSP_VER_61, NVSP_VER_6, NVSP_VER_5, NVSP_VER_4, NVSP_VER_2, NVSP_VER_1,
};

/**
 * netvsc_ctrl_complete() - the host completed an NVSP control request
 * @nd: the device
 * @data: the completion's payload
 * @len: its length
 */
void netvsc_ctrl_complete(struct netvsc_dev *nd, const void *data, u32 len)
{
	memset(&nd->ctrl_reply, 0, sizeof(nd->ctrl_reply));
	memcpy(&nd->ctrl_reply, data, min_t(u32, len, sizeof(nd->ctrl_reply)));
	complete(&nd->ctrl_done);
}

/**
 * netvsc_nvsp_request() - send an NVSP message and wait for the answer
 * @nd: the device
 * @msg: the message; overwritten with the host's answer
 * @reply_type: the type the answer must have
 *
 * Return: 0, -ETIMEDOUT, -ENODEV if the host rescinded the device
 * meanwhile, -EPROTO for an answer of another type, or the error of the
 * send.
 */
int netvsc_nvsp_request(struct netvsc_dev *nd, struct nvsp_msg *msg,
			u32 reply_type)
{
	struct netvsc_cookie ctrl = { .kind = NETVSC_COOKIE_CTRL };
	struct netvsc_chan *chan = &nd->chans[0];
	int ret;

	mutex_lock(&nd->ctrl_lock);
	reinit_completion(&nd->ctrl_done);
	ret = vmbus_send_request(chan->ch, msg, sizeof(*msg),
				 netvsc_cookie_encode(&ctrl));
	if (!ret)
		ret = vmbus_wait_for_answer(chan->ch, &nd->ctrl_done,
					    NETVSC_CTRL_TIMEOUT);
	if (!ret) {
		*msg = nd->ctrl_reply;
		if (le32_to_cpu(msg->type) != reply_type) {
			netdev_err(nd->ndev, "host answered NVSP %u with %u\n",
				   reply_type, le32_to_cpu(msg->type));
			ret = -EPROTO;
		}
	}
	mutex_unlock(&nd->ctrl_lock);
	return ret;
}

static int netvsc_nvsp_post(struct netvsc_dev *nd, const struct nvsp_msg *msg)
{
	return vmbus_sendpacket(nd->chans[0].ch, msg, sizeof(*msg), 0,
				VMBUS_PKT_DATA_INBAND, 0);
}

static int netvsc_nvsp_try(struct netvsc_dev *nd, u32 ver)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG_INIT),
		.init.min_ver = cpu_to_le32(ver),
		.init.max_ver = cpu_to_le32(ver),
	};
	int ret = netvsc_nvsp_request(nd, &msg, NVSP_MSG_INIT_COMPLETE);

	if (ret)
		return ret;
	return le32_to_cpu(msg.init_complete.status) == NVSP_STAT_SUCCESS ?
		0 : -EPROTONOSUPPORT;
}

static int netvsc_negotiate(struct netvsc_dev *nd)
{
	int i, ret = -EPROTONOSUPPORT;

	for (i = 0; i < ARRAY_SIZE(netvsc_nvsp_versions); i++) {
		ret = netvsc_nvsp_try(nd, netvsc_nvsp_versions[i]);
		if (ret != -EPROTONOSUPPORT)
			break;
	}
	if (ret) {
		netdev_err(nd->ndev, "no NVSP version agreed (%d)\n", ret);
		return ret;
	}
	nd->nvsp_ver = netvsc_nvsp_versions[i];
	return 0;
}

static int netvsc_send_ndis_info(struct netvsc_dev *nd)
{
	u32 ndis = nd->nvsp_ver <= NVSP_VER_4 ? NVSP_NDIS_VER_6_1 :
		   NVSP_NDIS_VER_6_30;
	struct nvsp_msg msg = { .type = cpu_to_le32(NVSP_MSG2_SEND_NDIS_CONFIG) };
	u64 caps = NVSP_CAP_IEEE8021Q;
	int ret;

	if (nd->nvsp_ver >= NVSP_VER_2) {
		/*
		 * Hosts of NVSP 5.0 and 6.0 send link speed indications
		 * only to a guest that claims teaming.
		 */
		if (nd->nvsp_ver >= NVSP_VER_5)
			caps |= NVSP_CAP_SRIOV | NVSP_CAP_TEAMING;
		msg.ndis_config.mtu = cpu_to_le32(nd->ndev->mtu + ETH_HLEN);
		msg.ndis_config.capabilities = cpu_to_le64(caps);
		ret = netvsc_nvsp_post(nd, &msg);
		if (ret)
			return ret;
	}
	memset(&msg, 0, sizeof(msg));
	msg.type = cpu_to_le32(NVSP_MSG1_SEND_NDIS_VER);
	msg.ndis_ver.major = cpu_to_le32(ndis >> 16);
	msg.ndis_ver.minor = cpu_to_le32(ndis & 0xffff);
	return netvsc_nvsp_post(nd, &msg);
}

static int netvsc_recv_buf_setup(struct netvsc_dev *nd)
{
	struct nvsp_msg msg = { .type = cpu_to_le32(NVSP_MSG1_SEND_RECV_BUF) };
	const struct nvsp_recv_buf_complete *c = &msg.recv_buf_complete;
	int ret;

	nd->recv_buf = vzalloc(nd->recv_buf_size);
	if (!nd->recv_buf)
		return -ENOMEM;
	ret = vmbus_gpadl_create(nd->chans[0].ch, nd->recv_buf,
				 nd->recv_buf_size, &nd->recv_gpadl);
	if (ret)
		return ret;
	msg.send_buf.gpadl = cpu_to_le32(nd->recv_gpadl);
	msg.send_buf.id = cpu_to_le16(NVSP_RECV_BUF_ID);
	ret = netvsc_nvsp_request(nd, &msg, NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
	if (ret)
		return ret;
	if (le32_to_cpu(c->status) != NVSP_STAT_SUCCESS ||
	    le32_to_cpu(c->num_sections) != 1 ||
	    le32_to_cpu(c->section.end_offset) > nd->recv_buf_size) {
		netdev_err(nd->ndev, "host refused the receive buffer\n");
		return -EPROTO;
	}
	return 0;
}

static int netvsc_send_buf_setup(struct netvsc_dev *nd)
{
	struct nvsp_msg msg = { .type = cpu_to_le32(NVSP_MSG1_SEND_SEND_BUF) };
	u32 size;
	int ret;

	nd->send_buf = vzalloc(nd->send_buf_size);
	if (!nd->send_buf)
		return -ENOMEM;
	ret = vmbus_gpadl_create(nd->chans[0].ch, nd->send_buf,
				 nd->send_buf_size, &nd->send_gpadl);
	if (ret)
		return ret;
	msg.send_buf.gpadl = cpu_to_le32(nd->send_gpadl);
	msg.send_buf.id = cpu_to_le16(NVSP_SEND_BUF_ID);
	ret = netvsc_nvsp_request(nd, &msg, NVSP_MSG1_SEND_SEND_BUF_COMPLETE);
	if (ret)
		return ret;
	size = le32_to_cpu(msg.send_buf_complete.section_size);
	if (le32_to_cpu(msg.send_buf_complete.status) != NVSP_STAT_SUCCESS ||
	    size < NETVSC_SECTION_MIN || size > nd->send_buf_size / 2) {
		netdev_err(nd->ndev, "host refused the send buffer (section %u)\n",
			   size);
		return -EPROTO;
	}
	nd->section_size = size;
	nd->nr_sections = nd->send_buf_size / size;
	nd->section_map = bitmap_zalloc(nd->nr_sections, GFP_KERNEL);
	return nd->section_map ? 0 : -ENOMEM;
}

/**
 * netvsc_nvsp_connect() - negotiate NVSP and share both buffers
 * @nd: the device, its primary channel open
 *
 * Return: 0 or a negative errno; netvsc_nvsp_disconnect() undoes a
 * partial connection too.
 */
int netvsc_nvsp_connect(struct netvsc_dev *nd)
{
	int ret;

	netvsc_send_table_reset(nd);
	ret = netvsc_negotiate(nd);
	if (!ret)
		ret = netvsc_send_ndis_info(nd);
	if (!ret)
		ret = netvsc_recv_buf_setup(nd);
	if (!ret)
		ret = netvsc_send_buf_setup(nd);
	return ret;
}

static void netvsc_revoke(struct netvsc_dev *nd, u32 type, u16 id)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(type),
		.revoke_buf.id = cpu_to_le16(id),
	};

	/* Nothing to do about a failure: closing the channel revokes too. */
	netvsc_nvsp_post(nd, &msg);
}

/**
 * netvsc_nvsp_disconnect() - take the buffers back from the host
 * @nd: the device; its channels are closed, or the primary is still open
 *	when called before closing
 *
 * With the primary open, revokes both buffers; once it is closed (second
 * call), destroys the GPADLs and frees the buffers.
 */
void netvsc_nvsp_disconnect(struct netvsc_dev *nd)
{
	if (nd->chans[0].open) {
		if (nd->recv_gpadl)
			netvsc_revoke(nd, NVSP_MSG1_REVOKE_RECV_BUF,
				      NVSP_RECV_BUF_ID);
		if (nd->send_gpadl)
			netvsc_revoke(nd, NVSP_MSG1_REVOKE_SEND_BUF,
				      NVSP_SEND_BUF_ID);
		return;
	}
	if (nd->recv_gpadl)
		vmbus_gpadl_destroy(nd->hdev->channel, nd->recv_gpadl);
	if (nd->send_gpadl)
		vmbus_gpadl_destroy(nd->hdev->channel, nd->send_gpadl);
	nd->recv_gpadl = 0;
	nd->send_gpadl = 0;
	vfree(nd->recv_buf);
	vfree(nd->send_buf);
	nd->recv_buf = NULL;
	nd->send_buf = NULL;
	bitmap_free(nd->section_map);
	nd->section_map = NULL;
	/* A request while the adapter is down finds no section. */
	nd->nr_sections = 0;
}

/*
 * The size of a channel's request table: every request in flight holds a
 * send-buffer section (no more than the buffer has of the smallest
 * section a host may choose), or a GPA-direct slot, or is the NVSP
 * control request (the primary's, one at a time); a few spare.
 */
static u32 netvsc_rqst_slots(const struct netvsc_dev *nd)
{
	return nd->send_buf_size / NETVSC_SECTION_MIN + NETVSC_GPA_INFLIGHT +
	       NETVSC_RQST_SPARE;
}

static void netvsc_chan_callback(void *ctx)
{
	struct netvsc_chan *chan = ctx;

	napi_schedule(&chan->napi);
}

static void netvsc_chan_free_tx(struct netvsc_chan *chan)
{
	kvfree(chan->gpa_sends);
	chan->gpa_sends = NULL;
	kfree(chan->gpa_scratch);
	chan->gpa_scratch = NULL;
}

/* The GPA-direct slots and the scratch their range lists are built in. */
static int netvsc_chan_alloc_tx(struct netvsc_chan *chan)
{
	chan->gpa_sends = kvcalloc(NETVSC_GPA_INFLIGHT,
				   sizeof(*chan->gpa_sends), GFP_KERNEL);
	chan->gpa_scratch = kmalloc(NETVSC_GPA_SCRATCH, GFP_KERNEL);
	if (chan->gpa_sends && chan->gpa_scratch)
		return 0;
	netvsc_chan_free_tx(chan);
	return -ENOMEM;
}

/**
 * netvsc_chan_open() - open a channel and start polling it
 * @chan: the queue's state
 * @ch: the VMBus channel
 *
 * Return: 0 or a negative errno.
 */
int netvsc_chan_open(struct netvsc_chan *chan, struct vmbus_channel *ch)
{
	struct netvsc_dev *nd = chan->nd;
	struct vmbus_open_params p = {
		.send_ring_size = NETVSC_RING_SIZE,
		.recv_ring_size = NETVSC_RING_SIZE,
		.max_pkt_size = NETVSC_MAX_PKT_SIZE,
		.rqst_slots = netvsc_rqst_slots(nd),
		.callback = netvsc_chan_callback,
		.ctx = chan,
	};
	int ret;

	chan->ch = ch;
	chan->pend_section = NVSP_NO_SECTION;
	chan->nr_comps = 0;
	bitmap_zero(chan->gpa_used, NETVSC_GPA_INFLIGHT);
	ret = netvsc_chan_alloc_tx(chan);
	if (ret)
		return ret;
	netif_napi_add(nd->ndev, &chan->napi, netvsc_poll);
	napi_enable(&chan->napi);
	ret = vmbus_open(ch, &p);
	if (ret) {
		napi_disable(&chan->napi);
		netif_napi_del(&chan->napi);
		netvsc_chan_free_tx(chan);
		return ret;
	}
	WRITE_ONCE(chan->open, true);
	return 0;
}

/**
 * netvsc_chan_teardown() - stop polling a channel and close it
 * @chan: a queue that was open, already marked closed
 *
 * NAPI stops first, so nothing reads the rings the close frees; sends the
 * host never completed are freed here.
 */
void netvsc_chan_teardown(struct netvsc_chan *chan)
{
	napi_disable(&chan->napi);
	vmbus_close(chan->ch);
	netif_napi_del(&chan->napi);
	netvsc_tx_purge(chan);
	netvsc_chan_free_tx(chan);
}

/**
 * netvsc_chan_close() - close a queue if it is open
 * @chan: the queue
 */
void netvsc_chan_close(struct netvsc_chan *chan)
{
	if (!chan->open)
		return;
	WRITE_ONCE(chan->open, false);
	netvsc_chan_teardown(chan);
}
