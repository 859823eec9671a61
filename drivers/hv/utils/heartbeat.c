// SPDX-License-Identifier: GPL-2.0
/*
 * The heartbeat IC service: the host sends a sequence number now and then
 * and the guest proves it is alive by answering with the number plus one.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/seq_file.h>

#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/synic.h>

#include "ic.h"

static const u32 ic_hb_version_list[] = { IC_HB_VERSION_3, IC_HB_VERSION_1 };

static const struct ic_version_list ic_hb_versions = {
	.versions = ic_hb_version_list,
	.count = ARRAY_SIZE(ic_hb_version_list),
};

/**
 * struct ic_hb_state - per-instance heartbeat state, for debugfs
 * @last_seq: the host's sequence number in the last heartbeat answered
 * @beats: heartbeats answered
 */
struct ic_hb_state {
	atomic64_t last_seq;
	atomic64_t beats;
};

/**
 * ic_heartbeat_answer() - answer a heartbeat body in place
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_HEARTBEAT
 * @seq: set to the host's sequence number
 *
 * Only the sequence number must be present: the reserved tail that
 * follows it is not required. The answer is the number plus one, modulo
 * 2^64.
 *
 * Return: 0, or -EBADMSG if the body is too short.
 */
int ic_heartbeat_answer(struct ic_msg *msg, u64 *seq)
{
	struct ic_heartbeat *hb = (struct ic_heartbeat *)msg->body;

	if (msg->body_len < sizeof(hb->seq_num))
		return -EBADMSG;
	*seq = le64_to_cpu(hb->seq_num);
	hb->seq_num = cpu_to_le64(*seq + 1);
	return 0;
}

static int ic_hb_handle(struct ic_instance *inst, struct ic_msg *msg)
{
	struct ic_hb_state *st = ic_priv(inst);
	u64 seq;
	int err;

	err = ic_heartbeat_answer(msg, &seq);
	if (err) {
		dev_err_ratelimited(inst->dev,
				    "heartbeat: body of %u bytes too short\n",
				    msg->body_len);
		return err;
	}
	atomic64_set(&st->last_seq, seq);
	atomic64_inc(&st->beats);
	return 0;
}

static void ic_hb_show(struct seq_file *m, struct ic_instance *inst)
{
	struct ic_hb_state *st = ic_priv(inst);

	seq_printf(m, "seq: %llu\n", (u64)atomic64_read(&st->last_seq));
	seq_printf(m, "beats: %llu\n", (u64)atomic64_read(&st->beats));
}

const struct ic_service ic_heartbeat_service = {
	.name = "heartbeat",
	.msgtype = IC_MSGTYPE_HEARTBEAT,
	.fw_versions = &ic_fw_versions,
	.srv_versions = &ic_hb_versions,
	.max_msg_size = HV_PAGE_SIZE,
	.ring_size = 3 * HV_PAGE_SIZE,
	.priv_size = sizeof(struct ic_hb_state),
	.handle = ic_hb_handle,
	.show = ic_hb_show,
};
