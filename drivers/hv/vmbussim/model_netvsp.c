// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the host end of NVSP for hv_netvsc. It accepts
 * the guest's receive and send buffers, takes RNDIS messages from send
 * sections and GPA-direct packets (model_netvsp_rndis.c), and puts
 * frames and control answers into receive-buffer slots named in
 * transfer-page packets. Frames go to and come from a netdev in the
 * guest, vsimN.
 */

#include <linux/bitmap.h>
#include <linux/err.h>
#include <linux/etherdevice.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <linux/hyperv/spec/classes.h>

#include "model_netvsp.h"

static struct netvsp *netvsp_of(struct vmbussim_chan *ch)
{
	return vmbussim_dev_priv(vmbussim_chan_dev(ch));
}

static int netvsp_slot_get(struct netvsp *np)
{
	u32 i;

	lockdep_assert_held(&np->lock);
	i = find_first_zero_bit(np->slots, np->nslots);
	if (i >= np->nslots)
		return -ENOSPC;
	__set_bit(i, np->slots);
	return i;
}

/**
 * netvsp_to_guest() - put one RNDIS message into a receive slot and name
 *	it in a transfer-page packet
 * @np: the NIC
 * @channel_type: NVSP_RNDIS_DATA or NVSP_RNDIS_CONTROL
 * @hdr: the start of the message
 * @hdr_len: its length
 * @data: the rest (a frame), or NULL
 * @len: its length
 *
 * Any context.
 *
 * Return: 0; -ENOTCONN without a receive buffer; -ENOSPC when every slot
 * is in use; -EAGAIN when the guest's ring is full; -EMSGSIZE.
 */
int netvsp_to_guest(struct netvsp *np, u32 channel_type, const void *hdr,
		    u32 hdr_len, const void *data, u32 len)
{
	struct {
		__le16 set;
		u8 sender_owns;
		u8 reserved;
		__le32 count;
		struct vmbus_xfer_page_range r;
	} __packed x = { .set = cpu_to_le16(NVSP_RECV_BUF_ID),
			 .count = cpu_to_le32(1) };
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT),
		.rndis.channel_type = cpu_to_le32(channel_type),
		.rndis.section_index = cpu_to_le32(NVSP_NO_SECTION),
	};
	unsigned long flags;
	int slot, ret;

	if (hdr_len + len > NETVSP_SLOT)
		return -EMSGSIZE;
	spin_lock_irqsave(&np->lock, flags);
	ret = -ENOTCONN;
	if (!np->rbuf || !np->ch)
		goto out;
	slot = netvsp_slot_get(np);
	ret = slot;
	if (slot < 0)
		goto out;
	memcpy(np->rbuf + slot * NETVSP_SLOT, hdr, hdr_len);
	if (data)
		memcpy(np->rbuf + slot * NETVSP_SLOT + hdr_len, data, len);
	x.r.byte_offset = cpu_to_le32(slot * NETVSP_SLOT);
	x.r.byte_count = cpu_to_le32(hdr_len + len);
	ret = vmbussim_send_ext(netvsp_rx_chan(np, data, len), VMBUS_PKT_DATA_USING_XFER_PAGES,
				VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
				netvsp_xfer_tid(np, slot), &x, sizeof(x), &msg,
				sizeof(msg));
	if (ret)
		__clear_bit(slot, np->slots);
out:
	spin_unlock_irqrestore(&np->lock, flags);
	return ret;
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

static u32 netvsp_nvsp_init(struct netvsp *np, u32 ver)
{
	if (!netvsp_version_ok(ver))
		return NVSP_STAT_FAIL;
	WRITE_ONCE(np->nvsp_ver, ver);
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
		np->mq.rbuf_gen++;
		np->rbuf = NULL;
		bitmap_free(np->slots);
		np->slots = NULL;
		np->nslots = 0;
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
	unsigned long *slots;
	u32 size, n;
	u8 *map;

	reply->type = cpu_to_le32(NVSP_MSG1_SEND_RECV_BUF_COMPLETE);
	reply->recv_buf_complete.status = cpu_to_le32(NVSP_STAT_FAIL);
	netvsp_unmap(np, ch, true, false);
	map = vmbussim_gpadl_map(ch, handle, &size);
	if (IS_ERR(map))
		return;
	n = size / NETVSP_SLOT;
	slots = bitmap_zalloc(max(n, 1U), GFP_KERNEL);
	if (!n || !slots) {
		bitmap_free(slots);
		vmbussim_gpadl_unmap(ch, handle);
		return;
	}
	spin_lock_bh(&np->lock);
	np->rbuf = map;
	np->rbuf_handle = handle;
	np->slots = slots;
	np->nslots = n;
	spin_unlock_bh(&np->lock);
	reply->recv_buf_complete.status = cpu_to_le32(NVSP_STAT_SUCCESS);
	/* Two sections: more than the protocol allows (bad_recv_buf). */
	reply->recv_buf_complete.num_sections =
		cpu_to_le32(xchg(&np->fault_bad_rbuf, false) ? 2 : 1);
	s->sub_alloc_size = cpu_to_le32(NETVSP_SLOT);
	s->num_sub_allocs = cpu_to_le32(n);
	s->end_offset = cpu_to_le32(n * NETVSP_SLOT);
}

static void netvsp_send_buf(struct vmbussim_chan *ch, u32 handle,
			    struct nvsp_msg *reply)
{
	struct netvsp *np = netvsp_of(ch);
	u32 size;
	u8 *map;

	reply->type = cpu_to_le32(NVSP_MSG1_SEND_SEND_BUF_COMPLETE);
	reply->send_buf_complete.status = cpu_to_le32(NVSP_STAT_FAIL);
	netvsp_unmap(np, ch, false, true);
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

static void netvsp_bad(struct netvsp *np, const char *what, u32 val)
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
		return NVSP_STAT_INVALID_RNDIS_PKT;
	}
	netvsp_rndis_from_guest(np, ch, np->sbuf + index * np->section, used);
	return NVSP_STAT_SUCCESS;
}

static void netvsp_inband(struct vmbussim_chan *ch,
			  const struct vmbus_packet_desc *desc,
			  const struct nvsp_msg *m, u32 len)
{
	struct netvsp *np = netvsp_of(ch);
	struct nvsp_msg reply = {};
	u64 tid = le64_to_cpu(desc->trans_id);
	u32 type = le32_to_cpu(m->type);

	switch (type) {
	case NVSP_MSG_INIT:
		reply.type = cpu_to_le32(NVSP_MSG_INIT_COMPLETE);
		reply.init_complete.status =
			cpu_to_le32(netvsp_nvsp_init(np, le32_to_cpu(m->init.max_ver)));
		break;
	case NVSP_MSG1_SEND_NDIS_VER:
		return;
	case NVSP_MSG2_SEND_NDIS_CONFIG:
		netvsp_ndis_config(np, m);
		return;
	case NVSP_MSG5_SUBCHANNEL:
		netvsp_subchannels(ch, m, &reply);
		break;
	case NVSP_MSG1_SEND_RECV_BUF:
		netvsp_recv_buf(ch, le32_to_cpu(m->send_buf.gpadl), &reply);
		break;
	case NVSP_MSG1_SEND_SEND_BUF:
		netvsp_send_buf(ch, le32_to_cpu(m->send_buf.gpadl), &reply);
		break;
	case NVSP_MSG1_REVOKE_RECV_BUF:
		netvsp_unmap(np, ch, true, false);
		return;
	case NVSP_MSG1_REVOKE_SEND_BUF:
		netvsp_unmap(np, ch, false, true);
		return;
	case NVSP_MSG1_SEND_RNDIS_PKT:
		reply.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE);
		reply.status.status = cpu_to_le32(netvsp_section(ch, m));
		break;
	default:
		netvsp_bad(np, "an unknown NVSP message", type);
		return;
	}
	if (le16_to_cpu(desc->flags) & VMBUS_PKT_FLAG_COMPLETION_REQUESTED)
		netvsp_reply(ch, tid, &reply);
}

/*
 * The RNDIS message of a GPA-direct packet, its @len bytes checked. Of a
 * data message only the head is copied now: the frame's headers are read
 * there and its payload later, straight from guest memory.
 */
static void netvsp_gpa_msg(struct netvsp *np, struct vmbussim_chan *ch,
			   const struct vmbus_packet_desc *desc, u32 type,
			   u32 len)
{
	u8 *buf = netvsp_gpa_buf(np, ch)->scratch;
	u32 have = len;

	if (type == RNDIS_MSG_PACKET)
		have = min_t(u32, len, NETVSP_GPA_HEAD);
	if (vmbussim_gpa_copy(desc, 0, buf, have, false)) {
		netvsp_bad(np, "unreadable GPA ranges", len);
		return;
	}
	if (have < len)
		netvsp_rndis_packet(np, ch, buf, len, have, desc);
	else
		netvsp_rndis_from_guest(np, ch, buf, len);
}

/* RNDIS messages in the pages a GPA-direct packet names. */
static void netvsp_gpa(struct vmbussim_chan *ch,
		       const struct vmbus_packet_desc *desc)
{
	struct nvsp_msg reply = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE),
		.status.status = cpu_to_le32(NVSP_STAT_SUCCESS),
	};
	struct netvsp *np = netvsp_of(ch);
	struct rndis_hdr hdr;
	u32 len = 0;

	if (!vmbussim_gpa_copy(desc, 0, &hdr, sizeof(hdr), false))
		len = le32_to_cpu(hdr.len);
	if (!len || len > NETVSP_SCRATCH || vmbussim_gpa_check(desc, len)) {
		netvsp_bad(np, "a GPA packet of bad ranges or length", len);
		reply.status.status = cpu_to_le32(NVSP_STAT_INVALID_RNDIS_PKT);
	} else {
		netvsp_gpa_msg(np, ch, desc, le32_to_cpu(hdr.type), len);
	}
	netvsp_reply(ch, le64_to_cpu(desc->trans_id), &reply);
}

static void netvsp_guest_completion(struct vmbussim_chan *ch, u64 tid)
{
	struct netvsp *np = netvsp_of(ch);
	u64 slot;
	bool ok;

	spin_lock_bh(&np->lock);
	if (netvsp_comp_late(np, tid, &slot)) {
		spin_unlock_bh(&np->lock);
		return;
	}
	ok = slot < np->nslots && __test_and_clear_bit(slot, np->slots);
	spin_unlock_bh(&np->lock);
	if (!ok) {
		atomic64_inc(&np->bad_comp);
		return;
	}
	netvsp_vsim_wake(np);
}

static void netvsp_packet(struct vmbussim_chan *ch,
			  const struct vmbus_packet_desc *desc,
			  const void *data, u32 len)
{
	struct netvsp *np = netvsp_of(ch);

	switch (le16_to_cpu(desc->type)) {
	case VMBUS_PKT_COMP:
		netvsp_guest_completion(ch, le64_to_cpu(desc->trans_id));
		return;
	case VMBUS_PKT_DATA_USING_GPA_DIRECT:
		netvsp_gpa(ch, desc);
		return;
	case VMBUS_PKT_DATA_INBAND:
		if (len >= sizeof(struct nvsp_msg)) {
			netvsp_inband(ch, desc, data, len);
			return;
		}
		break;
	}
	netvsp_bad(np, "a bad VMBus packet", le16_to_cpu(desc->type));
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
	ret = netvsp_vsim_create(np);
	if (ret) {
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
	netvsp_vsim_destroy(np);
	netvsp_gpa_bufs_free(np);
	kfree(np);
}

static int netvsp_open(struct vmbussim_chan *ch)
{
	struct netvsp *np = netvsp_of(ch);
	int ret = netvsp_gpa_buf_get(np, vmbussim_chan_index(ch));

	if (ret)
		return ret;
	netvsp_mq_open(np, ch);
	if (vmbussim_chan_index(ch))
		return 0;
	spin_lock_bh(&np->lock);
	np->ch = ch;
	np->filter = 0;
	spin_unlock_bh(&np->lock);
	return 0;
}

static void netvsp_close(struct vmbussim_chan *ch)
{
	struct netvsp *np = netvsp_of(ch);

	netvsp_mq_close(np, ch);
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
	seq_printf(m, " rx_slots=%u tx_sections=%u section=%u",
		   READ_ONCE(np->nslots),
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

const struct vmbussim_model vmbussim_model_netvsp = {
	.name = "netvsp",
	.index = 10,
	.class_id = VMBUS_CLASS_NIC,
	.ops = &netvsp_ops,
	.batch_signals = true,
};
