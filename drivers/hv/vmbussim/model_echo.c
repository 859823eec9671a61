// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's echo device: completes every request that asks for it with
 * the request's own payload, so a guest test driver can push traffic
 * through the request-id table and both rings and check every byte.
 */

#include <linux/seq_file.h>
#include <linux/slab.h>

#include <linux/hyperv/vmbussim.h>

#include "model.h"

struct echo_state {
	atomic64_t requests;
	atomic64_t bytes;
	atomic64_t no_reply;
	atomic64_t send_fail;
};

static int echo_init(struct vmbussim_dev *dev)
{
	struct echo_state *es = kzalloc(sizeof(*es), GFP_KERNEL);

	if (!es)
		return -ENOMEM;
	vmbussim_dev_set_priv(dev, es);
	return 0;
}

static void echo_release(struct vmbussim_dev *dev)
{
	kfree(vmbussim_dev_priv(dev));
}

/* The echo device keeps no per-open state. */
static int echo_open(struct vmbussim_dev *dev)
{
	return 0;
}

static void echo_close(struct vmbussim_dev *dev)
{
}

static void echo_packet(struct vmbussim_dev *dev,
			const struct vmbus_packet_desc *desc,
			const void *data, u32 len)
{
	struct echo_state *es = vmbussim_dev_priv(dev);

	if (!(le16_to_cpu(desc->flags) & VMBUS_PKT_FLAG_COMPLETION_REQUESTED)) {
		atomic64_inc(&es->no_reply);
		return;
	}
	atomic64_inc(&es->requests);
	atomic64_add(len, &es->bytes);
	/*
	 * The guest keeps few enough requests in flight that the answers
	 * always fit in its inbound ring; a failure here is counted and
	 * shows up in the test.
	 */
	if (vmbussim_send(dev, VMBUS_PKT_COMP, 0, le64_to_cpu(desc->trans_id),
			  data, len))
		atomic64_inc(&es->send_fail);
}

static void echo_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct echo_state *es = vmbussim_dev_priv(dev);

	seq_printf(m, " requests=%lld bytes=%lld no_reply=%lld send_fail=%lld",
		   atomic64_read(&es->requests), atomic64_read(&es->bytes),
		   atomic64_read(&es->no_reply), atomic64_read(&es->send_fail));
}

static const struct vmbussim_model_ops echo_ops = {
	.init = echo_init,
	.release = echo_release,
	.open = echo_open,
	.close = echo_close,
	.packet = echo_packet,
	.stats = echo_stats,
};

const struct vmbussim_model vmbussim_model_echo = {
	.name = "echo",
	.index = 2,
	.class_id = VMBUSSIM_CLASS_ECHO,
	.ops = &echo_ops,
};
