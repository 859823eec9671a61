// SPDX-License-Identifier: GPL-2.0
/*
 * The IC framework's message handling: one request in, one response out,
 * whatever the service. Negotiation and unknown message types are handled
 * here, the service's own messages by its handler. Nothing here touches
 * the channel, so the unit tests drive it directly.
 */
#include <linux/compiler.h>
#include <linux/device.h>
#include <linux/overflow.h>
#include <linux/slab.h>
#include <linux/string.h>

#include <linux/hyperv/vmbus.h>

#include "ic.h"

static const u32 ic_fw_version_list[] = { IC_FW_VERSION_3, IC_FW_VERSION_1 };

const struct ic_version_list ic_fw_versions = {
	.versions = ic_fw_version_list,
	.count = ARRAY_SIZE(ic_fw_version_list),
};

/**
 * ic_instance_alloc() - allocate an instance of a service
 * @svc: the service
 * @dev: device for log messages, or NULL
 *
 * Return: a zeroed instance with a message buffer of @svc->max_msg_size
 * bytes (at least IC_MSG_MIN_BUF), or NULL.
 */
struct ic_instance *ic_instance_alloc(const struct ic_service *svc,
				      struct device *dev)
{
	struct ic_instance *inst;

	inst = kzalloc(struct_size(inst, priv,
				   DIV_ROUND_UP(svc->priv_size, sizeof(u64))),
		       GFP_KERNEL);
	if (!inst)
		return NULL;
	inst->buf_size = max_t(u32, svc->max_msg_size, IC_MSG_MIN_BUF);
	inst->buf = kzalloc(inst->buf_size, GFP_KERNEL);
	if (!inst->buf) {
		kfree(inst);
		return NULL;
	}
	inst->svc = svc;
	inst->dev = dev;
	spin_lock_init(&inst->send_lock);
	return inst;
}

/**
 * ic_instance_free() - free an instance from ic_instance_alloc()
 * @inst: the instance, or NULL
 */
void ic_instance_free(struct ic_instance *inst)
{
	if (!inst)
		return;
	kfree(inst->buf);
	kfree(inst);
}

static int ic_negotiate(struct ic_instance *inst, struct ic_msg *msg)
{
	const struct ic_service *svc = inst->svc;
	u32 fw, srv;
	int err;

	err = ic_msg_negotiate(msg, svc->fw_versions, svc->srv_versions,
			       &fw, &srv);
	if (err == -EPROTONOSUPPORT)
		dev_err_ratelimited(inst->dev,
				    "%s: host offers no version we support\n",
				    svc->name);
	else if (err)
		dev_err_ratelimited(inst->dev, "%s: malformed negotiate\n",
				    svc->name);
	else if (fw != inst->fw_version || srv != inst->srv_version)
		dev_info_ratelimited(inst->dev,
				     "%s: IC framework %u.%u, service %u.%u\n",
				     svc->name, ic_version_major(fw),
				     ic_version_minor(fw), ic_version_major(srv),
				     ic_version_minor(srv));

	/* Pairs with the READ_ONCE()s in ic_debugfs.c; values only. */
	WRITE_ONCE(inst->fw_version, fw);
	WRITE_ONCE(inst->srv_version, srv);
	return err;
}

static int ic_dispatch(struct ic_instance *inst, struct ic_msg *msg)
{
	if (msg->type == IC_MSGTYPE_NEGOTIATE)
		return ic_negotiate(inst, msg);
	if (msg->type == inst->svc->msgtype)
		return inst->svc->handle(inst, msg);

	dev_err_ratelimited(inst->dev, "%s: unexpected message type %u\n",
			    inst->svc->name, msg->type);
	return -EOPNOTSUPP;
}

/**
 * ic_process() - answer the request in an instance's buffer
 * @inst: the instance; @inst->buf holds the request
 * @len: bytes of the request, at most @inst->buf_size
 *
 * A request whose headers are missing or inconsistent is dropped: it
 * cannot be answered. Otherwise the buffer is rewritten as the response:
 * status IC_STATUS_OK, or IC_STATUS_FAIL for a malformed body, a failed
 * negotiation or a message type the service does not have. Heartbeats are
 * answered before negotiation too, as other guests do.
 *
 * Context: the channel callback, or a test; one call at a time per
 * instance.
 * Return: bytes of @inst->buf to send back, or 0 to send nothing (also
 * when the service answers later).
 */
u32 ic_process(struct ic_instance *inst, u32 len)
{
	struct ic_msg msg;
	int err;

	atomic64_inc(&inst->stats.requests);
	err = ic_msg_parse(&msg, inst->buf, len, inst->buf_size);
	if (err) {
		atomic64_inc(&inst->stats.dropped);
		dev_err_ratelimited(inst->dev,
				    "%s: dropping malformed message of %u bytes (%d)\n",
				    inst->svc->name, len, err);
		return 0;
	}

	err = ic_dispatch(inst, &msg);
	if (err == IC_ANSWER_LATER)
		return 0;
	if (err)
		atomic64_inc(&inst->stats.failed);
	ic_msg_set_response(&msg, err ? IC_STATUS_FAIL : IC_STATUS_OK);
	return msg.reply_len;
}

static void ic_drop_packet(struct ic_instance *inst)
{
	atomic64_inc(&inst->stats.requests);
	atomic64_inc(&inst->stats.dropped);
}

/**
 * ic_process_packet() - copy a request out of its packet and answer it
 * @inst: the instance
 * @desc: the packet, from vmbus_next_packet()
 *
 * Only in-band packets that fit the instance's buffer are taken; others
 * are dropped, without an answer, and the service goes on with the next
 * packet. The payload is copied into @inst->buf and answered there by
 * ic_process().
 *
 * Context: the channel callback, or a test; one call at a time per
 * instance.
 * Return: bytes of @inst->buf to send back, or 0 to send nothing.
 */
u32 ic_process_packet(struct ic_instance *inst,
		      const struct vmbus_packet_desc *desc)
{
	u16 type = le16_to_cpu(desc->type);
	u32 len = vmbus_packet_len(desc);

	if (type != VMBUS_PKT_DATA_INBAND) {
		ic_drop_packet(inst);
		dev_err_ratelimited(inst->dev,
				    "%s: dropping packet of type %u, %u bytes\n",
				    inst->svc->name, type, len);
		return 0;
	}
	if (len > inst->buf_size) {
		ic_drop_packet(inst);
		dev_err_ratelimited(inst->dev,
				    "%s: dropping a message of %u bytes, larger than %u\n",
				    inst->svc->name, len, inst->buf_size);
		return 0;
	}
	memcpy(inst->buf, vmbus_packet_data(desc), len);
	return ic_process(inst, len);
}
