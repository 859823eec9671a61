// SPDX-License-Identifier: GPL-2.0
/*
 * Binding an IC instance to its VMBus channel: open and close, and the
 * channel callback that copies each request out, has it answered and sends
 * the response with the request's transaction id.
 */
#include <linux/device.h>
#include <linux/err.h>
#include <linux/mm.h>

#include <linux/hyperv/vmbus.h>

#include "ic.h"

/**
 * ic_send_answer() - send a response to the host
 * @inst: the instance
 * @buf: the response: the request rewritten (ic_msg_set_response())
 * @len: its bytes
 * @trans_id: the request's transaction id
 *
 * Services that answer later (IC_ANSWER_LATER) call this; the framework
 * uses it for immediate answers. Nothing is sent once the channel is
 * closing.
 *
 * Context: any.
 * Return: 0, -ESHUTDOWN if the channel is closing, or vmbus_sendpacket()'s
 * error (counted and logged).
 */
int ic_send_answer(struct ic_instance *inst, const void *buf, u32 len,
		   u64 trans_id)
{
	unsigned long flags;
	int err = -ESHUTDOWN;

	spin_lock_irqsave(&inst->send_lock, flags);
	if (!inst->closed)
		err = vmbus_sendpacket(inst->hdev->channel, buf, len, trans_id,
				       VMBUS_PKT_DATA_INBAND, 0);
	spin_unlock_irqrestore(&inst->send_lock, flags);
	if (err && err != -ESHUTDOWN) {
		atomic64_inc(&inst->stats.send_errors);
		dev_err_ratelimited(inst->dev, "%s: cannot answer: %d\n",
				    inst->svc->name, err);
	}
	return err;
}

static void ic_receive(struct ic_instance *inst,
		       const struct vmbus_packet_desc *desc)
{
	u32 reply_len;

	inst->trans_id = le64_to_cpu(desc->trans_id);
	reply_len = ic_process_packet(inst, desc);
	if (reply_len)
		ic_send_answer(inst, inst->buf, reply_len, inst->trans_id);
}

/* Softirq on the channel's CPU, host interrupts masked: never concurrent. */
static void ic_channel_callback(void *ctx)
{
	struct ic_instance *inst = ctx;
	struct vmbus_channel *ch = inst->hdev->channel;
	const struct vmbus_packet_desc *desc;

	while ((desc = vmbus_next_packet(ch)) && !IS_ERR(desc))
		ic_receive(inst, desc);
	vmbus_read_done(ch);
}

/* Each ring: one control page and whole pages of data. */
static u32 ic_ring_bytes(const struct ic_service *svc)
{
	return PAGE_SIZE + PAGE_ALIGN(svc->ring_size);
}

/*
 * The bus breaks a channel on a packet beyond max_pkt_size, and a service
 * gone until the host offers it again is not what a host expects of an
 * oversized request. So the bus takes anything the ring can hold, and
 * ic_process_packet() drops what the service's buffer cannot.
 */
static int ic_open_channel(struct ic_instance *inst)
{
	const struct ic_service *svc = inst->svc;
	struct vmbus_open_params params = {
		.send_ring_size = ic_ring_bytes(svc),
		.recv_ring_size = ic_ring_bytes(svc),
		.max_pkt_size = ic_ring_bytes(svc) - PAGE_SIZE,
		.rqst_slots = 0,
		.callback = ic_channel_callback,
		.ctx = inst,
	};

	return vmbus_open(inst->hdev->channel, &params);
}

/**
 * ic_probe_service() - bind a device to the IC service it offers
 * @hdev: the device
 * @svc: its service
 *
 * Context: process context (driver probe).
 * Return: 0, or a negative errno.
 */
int ic_probe_service(struct hv_device *hdev, const struct ic_service *svc)
{
	struct ic_instance *inst;
	int err;

	inst = ic_instance_alloc(svc, &hdev->device);
	if (!inst)
		return -ENOMEM;
	inst->hdev = hdev;
	dev_set_drvdata(&hdev->device, inst);

	if (svc->start) {
		err = svc->start(inst);
		if (err)
			goto err_free_inst;
	}
	err = ic_open_channel(inst);
	if (err) {
		dev_err(&hdev->device, "%s: cannot open channel: %d\n",
			svc->name, err);
		goto err_stop;
	}
	ic_debugfs_add(inst, dev_name(&hdev->device));
	return 0;

err_stop:
	if (svc->stop)
		svc->stop(inst);
err_free_inst:
	dev_set_drvdata(&hdev->device, NULL);
	ic_instance_free(inst);
	return err;
}

/**
 * ic_remove_service() - unbind a device bound by ic_probe_service()
 * @hdev: the device
 *
 * Context: process context (driver remove).
 */
void ic_remove_service(struct hv_device *hdev)
{
	struct ic_instance *inst = dev_get_drvdata(&hdev->device);

	ic_debugfs_remove(inst);
	spin_lock_irq(&inst->send_lock);
	inst->closed = true;
	spin_unlock_irq(&inst->send_lock);
	/* After this the callback neither runs nor will run. */
	vmbus_close(hdev->channel);
	if (inst->svc->stop)
		inst->svc->stop(inst);
	dev_set_drvdata(&hdev->device, NULL);
	ic_instance_free(inst);
}
