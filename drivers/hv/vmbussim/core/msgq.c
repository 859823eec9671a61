// SPDX-License-Identifier: GPL-2.0
/*
 * The two message queues of the simulated host: messages the guest posted
 * (handled one by one in an ordered work queue, in process context) and
 * messages for the guest (delivered in FIFO order into the message slot of
 * the management CPU, one at a time, waiting for eom() when it is busy).
 */
#include <linux/delay.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmbussim.h"

/**
 * vmbussim_rx_queue() - take a message the guest posted
 * @conn_id: connection id it was posted on
 * @payload: the message
 * @size: its size (at most SYNIC_MESSAGE_PAYLOAD)
 *
 * Any context, interrupts may be off.
 *
 * Return: 0, -EINVAL if too large, -EAGAIN if the queue is full.
 */
int vmbussim_rx_queue(u32 conn_id, const void *payload, u32 size)
{
	struct vmbussim_msg *msg;
	unsigned long flags;

	if (size > SYNIC_MESSAGE_PAYLOAD || (size && !payload))
		return -EINVAL;
	msg = kzalloc(sizeof(*msg), GFP_ATOMIC);
	if (!msg)
		return -EAGAIN;
	msg->conn_id = conn_id;
	msg->size = size;
	msg->wire_size = size;
	memcpy(msg->data, payload, size);

	spin_lock_irqsave(&vmbussim.rx_lock, flags);
	if (vmbussim.rx_len >= VMBUSSIM_RX_QUEUE_MAX) {
		spin_unlock_irqrestore(&vmbussim.rx_lock, flags);
		kfree(msg);
		return -EAGAIN;
	}
	list_add_tail(&msg->node, &vmbussim.rx_queue);
	vmbussim.rx_len++;
	queue_work(vmbussim.mgmt_wq, &vmbussim.rx_work);
	spin_unlock_irqrestore(&vmbussim.rx_lock, flags);
	return 0;
}

static struct vmbussim_msg *vmbussim_rx_pop(void)
{
	struct vmbussim_msg *msg;
	unsigned long flags;

	spin_lock_irqsave(&vmbussim.rx_lock, flags);
	msg = list_first_entry_or_null(&vmbussim.rx_queue,
				       struct vmbussim_msg, node);
	if (msg) {
		list_del(&msg->node);
		vmbussim.rx_len--;
	}
	spin_unlock_irqrestore(&vmbussim.rx_lock, flags);
	return msg;
}

void vmbussim_rx_work(struct work_struct *work)
{
	struct vmbussim_msg *msg;

	while ((msg = vmbussim_rx_pop())) {
		mutex_lock(&vmbussim.lock);
		vmbussim_handle_msg(msg);
		mutex_unlock(&vmbussim.lock);
		kfree(msg);
		cond_resched();
	}
}

/* Drop guest messages not handled yet (module exit). */
void vmbussim_rx_flush(void)
{
	struct vmbussim_msg *msg;

	while ((msg = vmbussim_rx_pop()))
		kfree(msg);
}

static bool vmbussim_tx_drop(u32 msgtype)
{
	if (!vmbussim.drop_type || vmbussim.drop_type != msgtype)
		return false;
	vmbussim.drop_type = 0;
	return true;
}

/**
 * vmbussim_post() - queue a channel-management message for the guest
 * @buf: the message, starting with struct vmbus_chanmsg_hdr
 * @size: its size (at most SYNIC_MESSAGE_PAYLOAD)
 *
 * Process context. Applies the armed message faults.
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_post(const void *buf, u32 size)
{
	const struct vmbus_chanmsg_hdr *hdr = buf;
	struct vmbussim_msg *msg;
	u32 msgtype;

	if (WARN_ON_ONCE(size > SYNIC_MESSAGE_PAYLOAD || size < sizeof(*hdr)))
		return -EINVAL;
	msgtype = le32_to_cpu(hdr->msgtype);
	msg = kzalloc(sizeof(*msg), GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	memcpy(msg->data, buf, size);
	msg->size = size;
	msg->wire_size = size;

	spin_lock_irq(&vmbussim.tx_lock);
	if (vmbussim_tx_drop(msgtype)) {
		spin_unlock_irq(&vmbussim.tx_lock);
		pr_info("vmbussim: fault: dropped host message type %u\n",
			msgtype);
		kfree(msg);
		return 0;
	}
	if (msgtype == VMBUS_CHANMSG_VERSION_RESPONSE &&
	    test_and_clear_bit(VMBUSSIM_FAULT_BOGUS_VERSION,
			       &vmbussim.faults)) {
		msg->data[sizeof(*hdr)] = 1;	/* version_supported */
		msg->wire_size = 250;
	} else if (test_and_clear_bit(VMBUSSIM_FAULT_OVERSIZED_MSG,
				      &vmbussim.faults)) {
		msg->wire_size = 255;
	}
	list_add_tail(&msg->node, &vmbussim.tx_queue);
	spin_unlock_irq(&vmbussim.tx_lock);
	queue_work(vmbussim.wq, &vmbussim.tx_work);
	return 0;
}

static struct vmbussim_msg *vmbussim_tx_peek(void)
{
	struct vmbussim_msg *msg;

	spin_lock_irq(&vmbussim.tx_lock);
	msg = list_first_entry_or_null(&vmbussim.tx_queue,
				       struct vmbussim_msg, node);
	spin_unlock_irq(&vmbussim.tx_lock);
	return msg;
}

static void vmbussim_tx_done(struct vmbussim_msg *msg)
{
	spin_lock_irq(&vmbussim.tx_lock);
	list_del(&msg->node);
	spin_unlock_irq(&vmbussim.tx_lock);
	kfree(msg);
}

/*
 * Deliver queued messages in order until the queue is empty or the slot
 * is busy; eom() or synic_enable() schedules this again. Only this work
 * removes entries, so the head stays valid between peek and done.
 */
void vmbussim_tx_work(struct work_struct *work)
{
	struct vmbussim_msg *msg;
	unsigned int delay;
	int ret;

	while ((msg = vmbussim_tx_peek())) {
		delay = READ_ONCE(vmbussim.delay_ms);
		if (delay && !msg->delayed) {
			msleep(delay);
			msg->delayed = true;
		}
		ret = vmbussim_synic_deliver(READ_ONCE(vmbussim.msg_cpu), msg);
		if (ret == -EBUSY)
			return;
		if (ret == -ENODEV)
			pr_warn_ratelimited("vmbussim: SynIC of CPU %u disabled, message type %u lost\n",
					    vmbussim.msg_cpu,
					    le32_to_cpup((__le32 *)msg->data));
		else
			atomic64_inc(&vmbussim.msgs_out);
		vmbussim_tx_done(msg);
	}
}

/* Drop host messages not delivered yet (module exit). */
void vmbussim_tx_flush(void)
{
	struct vmbussim_msg *msg;

	while ((msg = vmbussim_tx_peek()))
		vmbussim_tx_done(msg);
}
