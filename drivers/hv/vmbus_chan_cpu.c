// SPDX-License-Identifier: GPL-2.0
/*
 * The CPU the host interrupts for a channel. The bus picks one at the
 * offer; a driver or the administrator (sysfs "cpu") may move it: before
 * the channel opens for free (OPENCHANNEL names the CPU), afterwards with
 * MODIFYCHANNEL, which needs protocol 4.1 and which the host confirms
 * from 5.3 on.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/cpu.h>
#include <linux/slab.h>

#include "vmbus_private.h"

static int vmbus_send_modify(struct vmbus_channel *ch, unsigned int cpu)
{
	struct vmbus_chanmsg_modifychannel msg = {
		.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_MODIFYCHANNEL),
		.child_relid = cpu_to_le32(ch->relid),
		.target_vp = cpu_to_le32(vmbus_conn.ops->vp_index(cpu)),
	};
	const struct vmbus_chanmsg_modifychannel_response *resp;
	struct vmbus_waiter *w;
	int ret;

	/* Before 5.3 the host does not answer. */
	if (vmbus_conn.version < VMBUS_VERSION_WIN10_V5_3)
		return vmbus_post_msg(&msg, sizeof(msg), true);

	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	vmbus_waiter_init_chan(w, VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE, ch);
	w->match_relid = true;
	ret = vmbus_request(&msg, sizeof(msg), w);
	resp = (const void *)w->resp;
	if (!ret && le32_to_cpu(resp->status)) {
		pr_err("host refused moving relid %u to CPU %u: %#x\n",
		       ch->relid, cpu, le32_to_cpu(resp->status));
		ret = -EIO;
	}
	kfree(w);
	return ret;
}

/* Tell the host, if it already interrupts a CPU for @ch. */
static int vmbus_channel_move(struct vmbus_channel *ch, unsigned int cpu)
{
	lockdep_assert_held(&ch->lock);

	if (READ_ONCE(ch->rescinded))
		return -ENODEV;
	if (cpu == ch->target_cpu || ch->state == VMBUS_CHAN_OFFERED)
		return 0;
	if (vmbus_conn.version < VMBUS_VERSION_WIN10_RS3)
		return -EIO;
	return vmbus_send_modify(ch, cpu);
}

/**
 * vmbus_channel_set_cpu() - have the host interrupt another CPU for a channel
 * @ch: the channel, opened or not
 * @cpu: an online CPU
 *
 * Before vmbus_open() only the CPU that OPENCHANNEL will name changes; an
 * open channel moves with MODIFYCHANNEL, which hosts before protocol 4.1
 * do not know.
 *
 * Context: process context; sleeps.
 * Return: 0, -EINVAL for a CPU that is not online, -ENODEV after a
 * rescind, -EIO when the host cannot move or refuses to move the channel.
 */
int vmbus_channel_set_cpu(struct vmbus_channel *ch, unsigned int cpu)
{
	int ret = -EINVAL;

	if (cpu >= nr_cpu_ids)
		return -EINVAL;
	/* The CPU must stay online until the host interrupts it. */
	cpus_read_lock();
	if (!cpu_online(cpu))
		goto out_unlock_cpus;
	mutex_lock(&ch->lock);
	ret = vmbus_channel_move(ch, cpu);
	if (!ret) {
		WRITE_ONCE(ch->target_cpu, cpu);
		ch->target_vp = vmbus_conn.ops->vp_index(cpu);
	}
	mutex_unlock(&ch->lock);
out_unlock_cpus:
	cpus_read_unlock();
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_channel_set_cpu);

/**
 * vmbus_channel_cpu() - the CPU the host interrupts for a channel
 * @ch: the channel
 *
 * Return: that CPU; the channel's callback runs there. It changes only
 * through vmbus_channel_set_cpu() or sysfs (a CPU that channels target
 * cannot go offline).
 */
unsigned int vmbus_channel_cpu(const struct vmbus_channel *ch)
{
	return READ_ONCE(ch->target_cpu);
}
EXPORT_SYMBOL_GPL(vmbus_channel_cpu);
