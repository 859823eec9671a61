// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the host end of NVSP for hv_netvsc. It accepts
 * the guest's receive and send buffers in the order a Microsoft host
 * does (netvsp_order.c), takes RNDIS messages from send sections
 * and GPA-direct packets (netvsp_rndis.c), and puts frames and
 * control answers into receive-buffer slots named in transfer-page
 * packets (netvsp_rx.c). Frames go to and come from a netdev in
 * the guest, vsimN. A protocol error ends the channel's service, as on a
 * Microsoft host: nothing more on it is read or answered until the guest
 * closes it.
 */

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <linux/hyperv/spec/classes.h>

#include "netvsp.h"

static struct netvsp *netvsp_of(struct vmbussim_chan *ch)
{
	return vmbussim_dev_priv(vmbussim_chan_dev(ch));
}

static void netvsp_reply(struct vmbussim_chan *ch, u64 tid,
			 const struct nvsp_msg *msg)
{
	struct netvsp *np = netvsp_of(ch);
	int i, ret;

	/* The guest drains its ring in NAPI; give it a moment when full. */
	for (i = 0; i < 1000; i++) {
		ret = vmbussim_send(ch, VMBUS_PKT_COMP, 0, tid, msg, sizeof(*msg));
		if (ret != -EAGAIN)
			break;
		usleep_range(50, 100);
	}
	if (ret)
		atomic64_inc(&np->drops);
}

/**
 * netvsp_host_msg() - send an NVSP message of the host's own on the
 *	primary channel
 * @np: the NIC
 * @msg: the message, a struct nvsp_msg and what follows it
 * @len: its length
 *
 * Return: 0, -ENOTCONN with the primary closed, or the error of sending.
 */
int netvsp_host_msg(struct netvsp *np, const void *msg, u32 len)
{
	int ret = -ENOTCONN;

	spin_lock_bh(&np->lock);
	if (np->ch)
		ret = vmbussim_send(np->ch, VMBUS_PKT_DATA_INBAND, 0, 0, msg,
				    len);
	spin_unlock_bh(&np->lock);
	return ret;
}

static struct netvsp_order *netvsp_order_of(struct netvsp *np,
					    struct vmbussim_chan *ch)
{
	u16 idx = vmbussim_chan_index(ch);

	return idx < NETVSP_MAX_QUEUES ? &np->order[idx] : NULL;
}

/**
 * netvsp_fatal() - a protocol error ends a channel's service
 * @np: the NIC
 * @ch: the channel
 * @what: what the guest did
 * @val: a number that says more
 */
void netvsp_fatal(struct netvsp *np, struct vmbussim_chan *ch,
		  const char *what, u64 val)
{
	struct netvsp_order *o = netvsp_order_of(np, ch);

	if (o)
		WRITE_ONCE(o->phase, NETVSP_PH_DEAD);
	atomic64_inc(&np->fatal);
	atomic64_inc(&np->bad_msgs);
	pr_warn_ratelimited("vmbussim: netvsp: guest sent %s (%#llx): channel %u no longer served\n",
			    what, val, vmbussim_chan_index(ch));
}

/*
 * A Microsoft host checks the version the guest names first (the two
 * fields are equal from every guest driver in use).
 */
static u32 netvsp_nvsp_init(struct netvsp *np, const struct nvsp_msg *m)
{
	u32 ver = le32_to_cpu(m->init.min_ver);

	if (!netvsp_version_ok(ver)) {
		netvsp_order_init(&np->order[0], 0);
		return NVSP_STAT_FAIL;
	}
	WRITE_ONCE(np->nvsp_ver, ver);
	netvsp_order_init(&np->order[0], ver);
	return NVSP_STAT_SUCCESS;
}

static void netvsp_unmap(struct netvsp *np, struct vmbussim_chan *ch,
			 bool recv, bool send)
{
	u8 *rbuf, *sbuf;

	spin_lock_bh(&np->lock);
	rbuf = recv ? np->rbuf : NULL;
	sbuf = send ? np->sbuf : NULL;
	if (recv) {
		netvsp_rx_forget(np, NULL);
		np->rbuf = NULL;
		netvsp_slots_fini(&np->rx);
	}
	if (send)
		np->sbuf = NULL;
	spin_unlock_bh(&np->lock);
	if (rbuf)
		vmbussim_gpadl_unmap(ch, np->rbuf_handle);
	if (sbuf)
		vmbussim_gpadl_unmap(ch, np->sbuf_handle);
}

static void netvsp_recv_buf(struct vmbussim_chan *ch, u32 handle,
			    struct nvsp_msg *reply)
{
	struct netvsp *np = netvsp_of(ch);
	struct nvsp_recv_section *s = &reply->recv_buf_complete.section;
	u32 slot = netvsp_slot_size(READ_ONCE(np->mq.cfg_mtu));
	struct netvsp_slots rx;
	u32 size, n;
	u8 *map;

	reply->type = cpu_to_le32(NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
	reply->recv_buf_complete.status = cpu_to_le32(NVSP_STAT_FAIL);
	map = vmbussim_gpadl_map(ch, handle, &size);
	if (IS_ERR(map))
		return;
	n = size / slot;
	if (!n || netvsp_slots_init(&rx, n)) {
		vmbussim_gpadl_unmap(ch, handle);
		return;
	}
	spin_lock_bh(&np->lock);
	np->rbuf = map;
	np->rbuf_handle = handle;
	np->slot_size = slot;
	np->rx = rx;
	spin_unlock_bh(&np->lock);
	reply->recv_buf_complete.status = cpu_to_le32(NVSP_STAT_SUCCESS);
	/* Two sections: more than the protocol allows (bad_recv_buf). */
	reply->recv_buf_complete.num_sections =
		cpu_to_le32(xchg(&np->fault_bad_rbuf, false) ? 2 : 1);
	s->sub_alloc_size = cpu_to_le32(slot);
	s->num_sub_allocs = cpu_to_le32(n);
	s->end_offset = cpu_to_le32(n * slot);
}

static void netvsp_send_buf(struct vmbussim_chan *ch, u32 handle,
			    struct nvsp_msg *reply)
{
	struct netvsp *np = netvsp_of(ch);
	u32 size;
	u8 *map;

	reply->type = cpu_to_le32(NVSP_MSG1_SEND_SEND_BUF_COMPLETE);
	reply->send_buf_complete.status = cpu_to_le32(NVSP_STAT_FAIL);
	map = vmbussim_gpadl_map(ch, handle, &size);
	if (IS_ERR(map))
		return;
	spin_lock_bh(&np->lock);
	np->sbuf = map;
	np->sbuf_handle = handle;
	np->sbuf_size = size;
	np->section = READ_ONCE(np->small_sections) ? NETVSP_SECTION_MIN :
						      NETVSP_SECTION;
	spin_unlock_bh(&np->lock);
	reply->send_buf_complete.status = cpu_to_le32(NVSP_STAT_SUCCESS);
	reply->send_buf_complete.section_size =
		cpu_to_le32(xchg(&np->fault_bad_sbuf, false) ?
			    NETVSP_SECTION_BAD : np->section);
}

void netvsp_bad(struct netvsp *np, const char *what, u32 val)
{
	atomic64_inc(&np->bad_msgs);
	pr_warn_ratelimited("vmbussim: netvsp: guest sent %s (%u)\n", what, val);
}

/* RNDIS messages in a send section. */
static u32 netvsp_section(struct vmbussim_chan *ch, const struct nvsp_msg *m)
{
	struct netvsp *np = netvsp_of(ch);
	u32 index = le32_to_cpu(m->rndis.section_index);
	u32 used = le32_to_cpu(m->rndis.section_size);

	if (!np->sbuf || index >= np->sbuf_size / np->section ||
	    used > np->section) {
		netvsp_bad(np, "a bad send section", index);
		return NVSP_STAT_FAIL;
	}
	return netvsp_rndis_from_guest(np, ch, np->sbuf + index * np->section,
				       used);
}

/* A buffer revoke ends the service; the host lets go of both buffers. */
static void netvsp_revoke(struct vmbussim_chan *ch)
{
	netvsp_unmap(netvsp_of(ch), ch, true, true);
}

/*
 * One NVSP message the order allows. Return: the completion to send, or
 * false for none.
 */
static bool netvsp_nvsp_msg(struct vmbussim_chan *ch, const struct nvsp_msg *m,
			    struct nvsp_msg *reply)
{
	struct netvsp *np = netvsp_of(ch);
	u32 status;

	switch (le32_to_cpu(m->type)) {
	case NVSP_MSG_INIT:
		reply->type = cpu_to_le32(NVSP_MSG_INIT_COMPLETE);
		reply->init_complete.status =
			cpu_to_le32(netvsp_nvsp_init(np, m));
		return true;
	case NVSP_MSG2_SEND_NDIS_CONFIG:
		netvsp_ndis_config(np, m);
		fallthrough;
	case NVSP_MSG1_SEND_NDIS_VER:
		/* An empty completion, if the guest asked for one. */
		return true;
	case NVSP_MSG5_SUBCHANNEL:
		netvsp_subchannels(ch, m, reply);
		return true;
	case NVSP_MSG1_SEND_RECV_BUF:
		netvsp_recv_buf(ch, le32_to_cpu(m->send_buf.gpadl), reply);
		return true;
	case NVSP_MSG1_SEND_SEND_BUF:
		netvsp_send_buf(ch, le32_to_cpu(m->send_buf.gpadl), reply);
		return true;
	case NVSP_MSG1_REVOKE_RECV_BUF:
	case NVSP_MSG1_REVOKE_SEND_BUF:
		netvsp_revoke(ch);
		return false;
	case NVSP_MSG1_SEND_RNDIS_PKT:
		status = netvsp_section(ch, m);
		if (status == NVSP_STAT_NONE)
			return false;
		reply->type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
		reply->status.status = cpu_to_le32(status);
		return true;
	case NVSP_MSG5_OID_QUERY_EX:
		/* Not implemented by the host: NOT_SUPPORTED, no bytes. */
		reply->type = cpu_to_le32(NVSP_MSG5_OID_QUERY_EX_COMPLETE);
		reply->oid_query_ex_complete.status =
			cpu_to_le32(RNDIS_STATUS_NOT_SUPPORTED);
		return true;
	}
	/* NVSP_MSG4_SWITCH_DATA_PATH: the data path stays synthetic. */
	return true;
}

/*
 * Whether the channel may carry an NVSP message of @type now; ends the
 * channel if not.
 */
static bool netvsp_in_order(struct vmbussim_chan *ch, u32 type)
{
	struct netvsp *np = netvsp_of(ch);
	struct netvsp_order *o = netvsp_order_of(np, ch);
	enum netvsp_verdict v = NETVSP_FATAL;

	if (o)
		v = netvsp_order_step(o, type, !vmbussim_chan_index(ch));
	if (v == NETVSP_FATAL)
		netvsp_fatal(np, ch, "an NVSP message out of order", type);
	return v == NETVSP_OK;
}

static void netvsp_inband(struct vmbussim_chan *ch,
			  const struct vmbus_packet_desc *desc,
			  const struct nvsp_msg *m)
{
	struct nvsp_msg reply = {};

	if (!netvsp_in_order(ch, le32_to_cpu(m->type)))
		return;
	if (netvsp_nvsp_msg(ch, m, &reply) &&
	    le16_to_cpu(desc->flags) & VMBUS_PKT_FLAG_COMPLETION_REQUESTED)
		netvsp_reply(ch, le64_to_cpu(desc->trans_id), &reply);
}

/* Bytes of the first GPA range of a packet whose ranges were checked. */
static u32 netvsp_gpa_first(const struct vmbus_packet_desc *desc)
{
	const struct vmbus_gpa_range *r = (const void *)desc +
		sizeof(struct vmbus_gpa_direct_packet);

	return le32_to_cpu(r->byte_count);
}

/*
 * The RNDIS message of a GPA-direct packet, its @len bytes checked. Of a
 * data message only the head is copied now: the frame's headers are read
 * there and its payload later, straight from guest memory.
 *
 * Return: the NVSP status of the completion, NVSP_STAT_NONE for none.
 */
static u32 netvsp_gpa_msg(struct netvsp *np, struct vmbussim_chan *ch,
			  const struct vmbus_packet_desc *desc, u32 type,
			  u32 len)
{
	u8 *buf = netvsp_gpa_buf(np, ch)->scratch;
	u32 have = len;

	if (type == RNDIS_MSG_PACKET)
		have = min_t(u32, len, NETVSP_GPA_HEAD);
	if (vmbussim_gpa_copy(desc, 0, buf, have, false)) {
		netvsp_bad(np, "unreadable GPA ranges", len);
		return NVSP_STAT_FAIL;
	}
	if (type != RNDIS_MSG_PACKET)
		return netvsp_rndis_from_guest(np, ch, buf, len);
	return netvsp_rndis_packet(np, ch, buf, len, have, have < len ? desc : NULL,
				   netvsp_gpa_first(desc)) ?
	       NVSP_STAT_FAIL : NVSP_STAT_SUCCESS;
}

/* RNDIS messages in the pages a GPA-direct packet names. */
static void netvsp_gpa(struct vmbussim_chan *ch,
		       const struct vmbus_packet_desc *desc,
		       const struct nvsp_msg *m, u32 mlen)
{
	struct nvsp_msg reply = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE),
	};
	struct netvsp *np = netvsp_of(ch);
	struct rndis_hdr hdr;
	u32 len = 0, status;

	if (mlen < sizeof(m->type) + sizeof(m->rndis)) {
		netvsp_fatal(np, ch, "a short GPA-direct packet", mlen);
		return;
	}
	if (le32_to_cpu(m->type) != NVSP_MSG1_SEND_RNDIS_PKT) {
		netvsp_fatal(np, ch, "a GPA-direct packet of no RNDIS message",
			     le32_to_cpu(m->type));
		return;
	}
	if (!netvsp_in_order(ch, le32_to_cpu(m->type)))
		return;
	if (!vmbussim_gpa_copy(desc, 0, &hdr, sizeof(hdr), false))
		len = le32_to_cpu(hdr.len);
	if (len < sizeof(hdr) || len > NETVSP_SCRATCH ||
	    vmbussim_gpa_check(desc, len)) {
		netvsp_bad(np, "a GPA packet of bad ranges or length", len);
		status = NVSP_STAT_FAIL;
	} else {
		status = netvsp_gpa_msg(np, ch, desc, le32_to_cpu(hdr.type), len);
	}
	if (status == NVSP_STAT_NONE)
		return;
	reply.status.status = cpu_to_le32(status);
	netvsp_reply(ch, le64_to_cpu(desc->trans_id), &reply);
}

static void netvsp_guest_completion(struct vmbussim_chan *ch, u64 tid)
{
	struct netvsp *np = netvsp_of(ch);

	if (netvsp_rx_done(np, tid)) {
		atomic64_inc(&np->bad_comp);
		netvsp_fatal(np, ch, "a completion of no receive packet", tid);
		return;
	}
	netvsp_vsim_wake(np);
}

static void netvsp_packet(struct vmbussim_chan *ch,
			  const struct vmbus_packet_desc *desc,
			  const void *data, u32 len)
{
	struct netvsp *np = netvsp_of(ch);
	struct netvsp_order *o = netvsp_order_of(np, ch);

	/* A channel no longer served: its packets are not looked at. */
	if (!o || READ_ONCE(o->phase) >= NETVSP_PH_DONE)
		return;
	switch (le16_to_cpu(desc->type)) {
	case VMBUS_PKT_COMP:
		netvsp_guest_completion(ch, le64_to_cpu(desc->trans_id));
		return;
	case VMBUS_PKT_DATA_USING_GPA_DIRECT:
		netvsp_gpa(ch, desc, data, len);
		return;
	case VMBUS_PKT_DATA_INBAND:
		if (len >= sizeof(struct nvsp_msg)) {
			netvsp_inband(ch, desc, data);
			return;
		}
		netvsp_fatal(np, ch, "a short NVSP message", len);
		return;
	}
	netvsp_fatal(np, ch, "a VMBus packet of a type the NIC does not take",
		     le16_to_cpu(desc->type));
}

static int netvsp_init(struct vmbussim_dev *dev)
{
	struct netvsp *np = kzalloc(sizeof(*np), GFP_KERNEL);
	int ret;

	if (!np)
		return -ENOMEM;
	np->dev = dev;
	spin_lock_init(&np->lock);
	np->section = NETVSP_SECTION;
	np->link_up = true;
	np->speed = NETVSP_SPEED_10G;
	eth_random_addr(np->mac);
	np->mac[0] = 0x00;
	np->mac[1] = 0x15;
	np->mac[2] = 0x5d;
	ether_addr_copy(np->perm_mac, np->mac);
	netvsp_link_init(np);
	ret = netvsp_rx_alloc(np);
	if (!ret)
		ret = netvsp_vsim_create(np);
	if (ret) {
		netvsp_rx_free(np);
		kfree(np);
		return ret;
	}
	vmbussim_dev_set_priv(dev, np);
	netvsp_fault_register(np);
	return 0;
}

static void netvsp_release(struct vmbussim_dev *dev)
{
	struct netvsp *np = vmbussim_dev_priv(dev);

	netvsp_fault_unregister(np);
	netvsp_link_fini(np);
	netvsp_vsim_destroy(np);
	netvsp_gpa_bufs_free(np);
	netvsp_rx_free(np);
	kfree(np);
}

static int netvsp_open(struct vmbussim_chan *ch)
{
	struct netvsp *np = netvsp_of(ch);
	u16 idx = vmbussim_chan_index(ch);
	int ret;

	if (idx >= NETVSP_MAX_QUEUES)
		return -EINVAL;
	ret = netvsp_gpa_buf_get(np, idx);
	if (ret)
		return ret;
	netvsp_order_reset(&np->order[idx], !idx);
	netvsp_mq_open(np, ch);
	if (idx)
		return 0;
	spin_lock_bh(&np->lock);
	np->ch = ch;
	np->filter = 0;
	np->rndis_inited = false;
	spin_unlock_bh(&np->lock);
	return 0;
}

static void netvsp_close(struct vmbussim_chan *ch)
{
	struct netvsp *np = netvsp_of(ch);

	netvsp_mq_close(np, ch);
	spin_lock_bh(&np->lock);
	netvsp_rx_forget(np, ch);
	spin_unlock_bh(&np->lock);
	if (vmbussim_chan_index(ch))
		return;
	spin_lock_bh(&np->lock);
	np->ch = NULL;
	np->filter = 0;
	spin_unlock_bh(&np->lock);
	netvsp_unmap(np, ch, true, true);
}

static void netvsp_writable(struct vmbussim_chan *ch)
{
	netvsp_vsim_wake(netvsp_of(ch));
}

static void netvsp_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct netvsp *np = vmbussim_dev_priv(dev);

	seq_printf(m, " vsim=%s tx_frames=%lld rx_frames=%lld bad_msgs=%lld bad_comp=%lld drops=%lld filter=%#x",
		   netdev_name(np->vsim), atomic64_read(&np->tx_frames),
		   atomic64_read(&np->rx_frames), atomic64_read(&np->bad_msgs),
		   atomic64_read(&np->bad_comp), atomic64_read(&np->drops),
		   READ_ONCE(np->filter));
	/* The guest's buffers as the host uses them. */
	spin_lock_bh(&np->lock);
	seq_printf(m, " rx_slots=%u slot_size=%u rx_pkts=%llu rx_multi=%llu rx_ranges_max=%u",
		   np->rx.n, np->slot_size, np->rx_pkts, np->rx_multi,
		   np->rx_ranges_max);
	spin_unlock_bh(&np->lock);
	seq_printf(m, " fatal=%lld tx_split=%lld keepalives=%lld offload_ind=%lld",
		   atomic64_read(&np->fatal), atomic64_read(&np->tx_split),
		   atomic64_read(&np->keepalives),
		   atomic64_read(&np->offload_ind));
	seq_printf(m, " tx_sections=%u section=%u",
		   READ_ONCE(np->sbuf_size) / READ_ONCE(np->section),
		   READ_ONCE(np->section));
	netvsp_mac_stats(np, m);
	netvsp_offload_stats(np, m);
	netvsp_mq_stats(np, m);
}

static const struct vmbussim_model_ops netvsp_ops = {
	.init = netvsp_init,
	.release = netvsp_release,
	.open = netvsp_open,
	.close = netvsp_close,
	.packet = netvsp_packet,
	.writable = netvsp_writable,
	.stats = netvsp_stats,
};

static const struct vmbussim_model netvsp_model = {
	.owner = THIS_MODULE,
	.name = "netvsp",
	.index = 10,
	.class_id = VMBUS_CLASS_NIC,
	.ops = &netvsp_ops,
	.batch_signals = true,
};

static const struct vmbussim_model *const netvsp_models[] = {
	&netvsp_model,
};

static int __init netvsp_module_init(void)
{
	return vmbussim_models_register(netvsp_models, ARRAY_SIZE(netvsp_models));
}
module_init(netvsp_module_init);

static void __exit netvsp_module_exit(void)
{
	netvsp_fault_exit();
	vmbussim_models_unregister(netvsp_models, ARRAY_SIZE(netvsp_models));
}
module_exit(netvsp_module_exit);

MODULE_DESCRIPTION("vmbussim: network VSP model");
MODULE_ALIAS("vmbussim-model-netvsp");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("VMBUSSIM");
