// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's echo device: completes every request that asks for it with
 * the request's own payload, so a guest test driver can push traffic
 * through the request-id table and both rings and check every byte. Its
 * operations (include/linux/hyperv/vmbussim.h) exercise subchannels,
 * GPA-direct packets, GPADL mapping and transfer-page packets.
 */

#include <linux/err.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/sizes.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include <linux/hyperv/vmbussim.h>

#include "../core/model.h"

/* Transaction ids of the host's transfer-page packets. */
#define ECHO_XFER_TID_BASE	0x7800000000000000ULL

/**
 * struct echo_state - one echo device
 * @lock: protects the receive buffer fields
 * @rbuf: the mapped receive buffer, or NULL
 * @rbuf_handle: its GPADL
 * @rbuf_size: its size
 * @rbuf_ch: the channel it was mapped through
 * @xfer_tid: the transfer-page packet awaiting the guest's completion
 * @requests: echo requests completed
 * @bytes: their bytes
 * @no_reply: packets that asked for no completion
 * @send_fail: completions the ring did not take
 * @ops: operations completed with status 0
 * @ops_failed: operations completed with an error
 * @xfer_done: transfer-page packets the guest completed
 * @bad_comp: guest completions of no transfer-page packet
 */
struct echo_state {
	struct mutex lock; /* rbuf, rbuf_*, xfer_tid */
	u8 *rbuf;
	u32 rbuf_handle;
	u32 rbuf_size;
	struct vmbussim_chan *rbuf_ch;
	u64 xfer_tid;
	atomic64_t requests;
	atomic64_t bytes;
	atomic64_t no_reply;
	atomic64_t send_fail;
	atomic64_t ops;
	atomic64_t ops_failed;
	atomic64_t xfer_done;
	atomic64_t bad_comp;
};

static struct echo_state *echo_state(struct vmbussim_chan *ch)
{
	return vmbussim_dev_priv(vmbussim_chan_dev(ch));
}

static int echo_init(struct vmbussim_dev *dev)
{
	struct echo_state *es = kzalloc(sizeof(*es), GFP_KERNEL);

	if (!es)
		return -ENOMEM;
	mutex_init(&es->lock);
	vmbussim_dev_set_priv(dev, es);
	return 0;
}

static void echo_release(struct vmbussim_dev *dev)
{
	kfree(vmbussim_dev_priv(dev));
}

static int echo_open(struct vmbussim_chan *ch)
{
	return 0;
}

static void echo_unmap(struct echo_state *es)
{
	lockdep_assert_held(&es->lock);
	if (!es->rbuf)
		return;
	vmbussim_gpadl_unmap(es->rbuf_ch, es->rbuf_handle);
	es->rbuf = NULL;
	es->rbuf_ch = NULL;
}

/* The receive buffer goes with the channel it was mapped through. */
static void echo_close(struct vmbussim_chan *ch)
{
	struct echo_state *es = echo_state(ch);

	mutex_lock(&es->lock);
	if (es->rbuf_ch == ch)
		echo_unmap(es);
	mutex_unlock(&es->lock);
}

static void echo_reply(struct vmbussim_chan *ch, u64 tid, const void *buf,
		       u32 len)
{
	struct echo_state *es = echo_state(ch);

	/*
	 * The guest keeps few enough requests in flight that the answers
	 * always fit in its inbound ring; a failure here is counted and
	 * shows up in the test.
	 */
	if (vmbussim_send(ch, VMBUS_PKT_COMP, 0, tid, buf, len))
		atomic64_inc(&es->send_fail);
}

static void echo_result(struct vmbussim_chan *ch, u64 tid, int status)
{
	struct vmbussim_echo_result res = {
		.magic = cpu_to_le64(VMBUSSIM_ECHO_MAGIC),
		.status = cpu_to_le32((u32)status),
	};
	struct echo_state *es = echo_state(ch);

	atomic64_inc(status ? &es->ops_failed : &es->ops);
	echo_reply(ch, tid, &res, sizeof(res));
}

/*
 * GPA_READ checks the guest's buffer against the pattern, GPA_WRITE fills
 * it with the pattern; both a page at a time.
 */
static int echo_gpa_op(const struct vmbus_packet_desc *desc, u32 len,
		       u64 seed, bool write)
{
	u8 *buf = kmalloc(PAGE_SIZE, GFP_KERNEL);
	u32 off, n, i;
	int ret = 0;

	if (!buf)
		return -ENOMEM;
	for (off = 0; off < len && !ret; off += n) {
		n = min_t(u32, len - off, PAGE_SIZE);
		if (write) {
			for (i = 0; i < n; i++)
				buf[i] = vmbussim_echo_pattern(seed, off + i);
			ret = vmbussim_gpa_copy(desc, off, buf, n, true);
			continue;
		}
		ret = vmbussim_gpa_copy(desc, off, buf, n, false);
		for (i = 0; i < n && !ret; i++)
			if (buf[i] != vmbussim_echo_pattern(seed, off + i))
				ret = -EILSEQ;
	}
	kfree(buf);
	return ret;
}

static void echo_gpa_packet(struct vmbussim_chan *ch,
			    const struct vmbus_packet_desc *desc,
			    const void *data, u32 len)
{
	const struct vmbussim_echo_op *op = data;
	u64 tid = le64_to_cpu(desc->trans_id);
	u32 code;
	int ret = -EINVAL;

	if (len >= sizeof(*op) &&
	    le64_to_cpu(op->magic) == VMBUSSIM_ECHO_MAGIC) {
		code = le32_to_cpu(op->op);
		if (code == VMBUSSIM_ECHO_GPA_READ ||
		    code == VMBUSSIM_ECHO_GPA_WRITE)
			ret = echo_gpa_op(desc, le32_to_cpu(op->len),
					  le64_to_cpu(op->seed),
					  code == VMBUSSIM_ECHO_GPA_WRITE);
	}
	echo_result(ch, tid, ret);
}

static int echo_xfer_buf(struct vmbussim_chan *ch, u32 handle)
{
	struct echo_state *es = echo_state(ch);
	void *map;
	u32 size;

	mutex_lock(&es->lock);
	echo_unmap(es);
	map = vmbussim_gpadl_map(ch, handle, &size);
	if (!IS_ERR(map)) {
		es->rbuf = map;
		es->rbuf_size = size;
		es->rbuf_handle = handle;
		es->rbuf_ch = ch;
	}
	mutex_unlock(&es->lock);
	return PTR_ERR_OR_ZERO(map);
}

/* Pieces sit 64-byte aligned one after the other. */
static u32 echo_xfer_stride(u32 len)
{
	return ALIGN(len, 64);
}

static int echo_xfer(struct vmbussim_chan *ch,
		     const struct vmbussim_echo_op *op)
{
	struct echo_state *es = echo_state(ch);
	u32 count = le32_to_cpu(op->arg), len = le32_to_cpu(op->len);
	u64 seed = le64_to_cpu(op->seed);
	struct vmbus_xfer_page_packet *x;
	u32 k, i, hdr_len;
	int ret;

	if (!count || count > 64 || !len || len > SZ_64K)
		return -EINVAL;
	hdr_len = struct_size(x, ranges, count) - sizeof(x->desc);
	x = kzalloc(struct_size(x, ranges, count), GFP_KERNEL);
	if (!x)
		return -ENOMEM;
	mutex_lock(&es->lock);
	ret = -ENXIO;
	if (!es->rbuf || count * echo_xfer_stride(len) > es->rbuf_size)
		goto out_unlock;
	x->xfer_pageset_id = cpu_to_le16(VMBUSSIM_ECHO_XFER_SET);
	x->range_count = cpu_to_le32(count);
	for (k = 0; k < count; k++) {
		u8 *piece = es->rbuf + k * echo_xfer_stride(len);

		for (i = 0; i < len; i++)
			piece[i] = vmbussim_echo_pattern(seed + k, i);
		x->ranges[k].byte_count = cpu_to_le32(len);
		x->ranges[k].byte_offset = cpu_to_le32(k * echo_xfer_stride(len));
	}
	es->xfer_tid++;
	ret = vmbussim_send_ext(ch, VMBUS_PKT_DATA_USING_XFER_PAGES,
				VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
				ECHO_XFER_TID_BASE + es->xfer_tid,
				(u8 *)x + sizeof(x->desc), hdr_len, op,
				sizeof(*op));
out_unlock:
	mutex_unlock(&es->lock);
	kfree(x);
	return ret;
}

static int echo_xfer_revoke(struct vmbussim_chan *ch)
{
	struct echo_state *es = echo_state(ch);
	int ret = 0;

	mutex_lock(&es->lock);
	if (es->rbuf)
		echo_unmap(es);
	else
		ret = -ENXIO;
	mutex_unlock(&es->lock);
	return ret;
}

static void echo_op(struct vmbussim_chan *ch, u64 tid,
		    const struct vmbussim_echo_op *op)
{
	int ret;

	switch (le32_to_cpu(op->op)) {
	case VMBUSSIM_ECHO_SUBCHANNELS:
		ret = vmbussim_offer_subchannels(vmbussim_chan_dev(ch),
						 le32_to_cpu(op->arg));
		break;
	case VMBUSSIM_ECHO_XFER_BUF:
		ret = echo_xfer_buf(ch, le32_to_cpu(op->arg));
		break;
	case VMBUSSIM_ECHO_XFER:
		ret = echo_xfer(ch, op);
		break;
	case VMBUSSIM_ECHO_XFER_REVOKE:
		ret = echo_xfer_revoke(ch);
		break;
	default:
		ret = -EOPNOTSUPP;
		break;
	}
	echo_result(ch, tid, ret);
}

/* The guest completed one of our transfer-page packets. */
static void echo_guest_completion(struct vmbussim_chan *ch, u64 tid)
{
	struct echo_state *es = echo_state(ch);
	bool ok;

	mutex_lock(&es->lock);
	ok = tid == ECHO_XFER_TID_BASE + es->xfer_tid;
	mutex_unlock(&es->lock);
	atomic64_inc(ok ? &es->xfer_done : &es->bad_comp);
}

static void echo_packet(struct vmbussim_chan *ch,
			const struct vmbus_packet_desc *desc,
			const void *data, u32 len)
{
	struct echo_state *es = echo_state(ch);
	const struct vmbussim_echo_op *op = data;
	u64 tid = le64_to_cpu(desc->trans_id);

	switch (le16_to_cpu(desc->type)) {
	case VMBUS_PKT_COMP:
		echo_guest_completion(ch, tid);
		return;
	case VMBUS_PKT_DATA_USING_GPA_DIRECT:
		echo_gpa_packet(ch, desc, data, len);
		return;
	}
	if (!(le16_to_cpu(desc->flags) & VMBUS_PKT_FLAG_COMPLETION_REQUESTED)) {
		atomic64_inc(&es->no_reply);
		return;
	}
	if (len >= sizeof(*op) &&
	    le64_to_cpu(op->magic) == VMBUSSIM_ECHO_MAGIC) {
		echo_op(ch, tid, op);
		return;
	}
	atomic64_inc(&es->requests);
	atomic64_add(len, &es->bytes);
	echo_reply(ch, tid, data, len);
}

static void echo_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct echo_state *es = vmbussim_dev_priv(dev);

	seq_printf(m, " requests=%lld bytes=%lld no_reply=%lld send_fail=%lld",
		   atomic64_read(&es->requests), atomic64_read(&es->bytes),
		   atomic64_read(&es->no_reply), atomic64_read(&es->send_fail));
	seq_printf(m, " ops=%lld ops_failed=%lld xfer_done=%lld bad_comp=%lld",
		   atomic64_read(&es->ops), atomic64_read(&es->ops_failed),
		   atomic64_read(&es->xfer_done), atomic64_read(&es->bad_comp));
}

static const struct vmbussim_model_ops echo_ops = {
	.init = echo_init,
	.release = echo_release,
	.open = echo_open,
	.close = echo_close,
	.packet = echo_packet,
	.stats = echo_stats,
};

static const struct vmbussim_model echo_model = {
	.owner = THIS_MODULE,
	.name = "echo",
	.index = 2,
	.class_id = VMBUSSIM_CLASS_ECHO,
	.ops = &echo_ops,
};

/* The echo device under a class no driver claims (see its class GUID). */
static const struct vmbussim_model echo_model_unclaimed = {
	.owner = THIS_MODULE,
	.name = "echo-unclaimed",
	.index = 12,
	.class_id = VMBUSSIM_CLASS_ECHO_UNCLAIMED,
	.ops = &echo_ops,
};

static const struct vmbussim_model *const echo_models[] = {
	&echo_model, &echo_model_unclaimed,
};

static int __init echo_module_init(void)
{
	return vmbussim_models_register(echo_models, ARRAY_SIZE(echo_models));
}
module_init(echo_module_init);

static void __exit echo_module_exit(void)
{
	vmbussim_models_unregister(echo_models, ARRAY_SIZE(echo_models));
}
module_exit(echo_module_exit);

MODULE_DESCRIPTION("vmbussim: echo test device models");
MODULE_ALIAS("vmbussim-model-echo");
MODULE_ALIAS("vmbussim-model-echo-unclaimed");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("VMBUSSIM");
