// SPDX-License-Identifier: GPL-2.0
/*
 * The heartbeat device model: the host side of the heartbeat integration
 * service. On open it negotiates the framework and service versions, then
 * sends a heartbeat request every heartbeat_period_ms and checks that the
 * guest answers each sequence number N with N + 1.
 *
 * Messages go as on every IC channel of a Microsoft host (ic_host.c):
 * no completion request, transaction id 0, the host's pipe header; the
 * guest's answers are checked by ic_host_check_answer(), and a malformed
 * one fails the service until the channel is reopened. The negotiate
 * request goes out once, as soon as the channel is open, which may be
 * before the guest has seen OPENCHANNEL_RESULT: until it is answered the
 * guest is interrupted again every period.
 */
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/classes.h>
#include <linux/hyperv/spec/ic.h>

#include "ic_host.h"
#include "../core/model.h"

unsigned int ic_heartbeat_period_ms = 200;
module_param_named(heartbeat_period_ms, ic_heartbeat_period_ms, uint,
		   0644);
MODULE_PARM_DESC(heartbeat_period_ms, "Heartbeat request period in ms (default 200)");

#define HB_MIN_PERIOD_MS	10
#define HB_NONE			0xffff	/* no request outstanding */

/* Versions the host offers, lowest first as a Microsoft host lists them. */
static const u32 hb_fw_versions[] = { IC_FW_VERSION_1, IC_FW_VERSION_3 };
static const u32 hb_srv_versions[] = { IC_HB_VERSION_1, IC_HB_VERSION_3 };

/**
 * struct hb_state - one heartbeat device
 * @ch: the channel, while open
 * @lock: protects everything below
 * @work: sends the periodic request
 * @running: the channel is open
 * @fw_ver: negotiated framework version (0: not negotiated)
 * @srv_ver: negotiated service version
 * @negotiating: the negotiate request went out and is not answered
 * @wait_type: the IC message type of the outstanding request, HB_NONE
 * @late_seq: sequence number of the last request counted as missed, 0
 * @seq: sequence number of the last heartbeat request
 * @requests: requests sent (negotiate included)
 * @ok: good responses
 * @bad: bad responses
 * @missed: requests not answered before the next one
 * @late: answers to missed requests (neither ok nor bad)
 * @send_fail: requests the ring did not take
 * @last_seq: sequence number in the last heartbeat response
 * @stray: answers dropped while the negotiation was awaited
 * @proto_errors: malformed messages from the guest
 * @negotiate_failed: the guest matched no version
 * @failed: a protocol error or a failed negotiation stopped the service
 *	until the channel is reopened
 */
struct hb_state {
	struct vmbussim_chan *ch;
	spinlock_t lock; /* protects the fields below */
	struct delayed_work work;
	bool running;
	u32 fw_ver;
	u32 srv_ver;
	bool negotiating;
	u16 wait_type;
	u64 late_seq;
	u64 seq;
	u64 requests;
	u64 ok;
	u64 bad;
	u64 missed;
	u64 late;
	u64 send_fail;
	u64 last_seq;
	u64 stray;
	u64 proto_errors;
	bool negotiate_failed;
	bool failed;
};

struct hb_negotiate_msg {
	struct ic_pipe_hdr pipe;
	struct ic_msg_hdr ic;
	struct ic_negotiate neg;
	struct ic_version versions[ARRAY_SIZE(hb_fw_versions) +
				   ARRAY_SIZE(hb_srv_versions)];
} __packed;

struct hb_heartbeat_msg {
	struct ic_pipe_hdr pipe;
	struct ic_msg_hdr ic;
	struct ic_heartbeat hb;
} __packed;

static void hb_fill_hdrs(struct ic_pipe_hdr *pipe, struct ic_msg_hdr *ic,
			 u16 type, u32 fw, u32 srv, u32 body)
{
	pipe->flags = cpu_to_le32(IC_PIPE_DATA);
	pipe->msgsize = cpu_to_le32(sizeof(*ic) + body);
	memset(ic, 0, sizeof(*ic));
	ic->framever = ic_version_wire(fw);
	ic->msgtype = cpu_to_le16(type);
	ic->msgver = ic_version_wire(srv);
	ic->msgsize = cpu_to_le16(body);
	ic->flags = IC_FLAG_TRANSACTION | IC_FLAG_REQUEST;
}

static void hb_send(struct hb_state *hb, const void *buf, u32 len)
{
	int ret;

	ret = ic_host_send_msg(hb->ch, buf, len);
	if (ret) {
		spin_lock(&hb->lock);
		hb->send_fail++;
		spin_unlock(&hb->lock);
	}
}

static void hb_send_negotiate(struct hb_state *hb)
{
	struct hb_negotiate_msg msg = {};
	int i, n = 0;

	spin_lock(&hb->lock);
	hb->negotiating = true;
	hb->wait_type = IC_MSGTYPE_NEGOTIATE;
	hb->requests++;
	spin_unlock(&hb->lock);

	hb_fill_hdrs(&msg.pipe, &msg.ic, IC_MSGTYPE_NEGOTIATE, IC_FW_VERSION_1,
		     IC_FW_VERSION_1, sizeof(msg.neg) + sizeof(msg.versions));
	msg.neg.framework_count = cpu_to_le16(ARRAY_SIZE(hb_fw_versions));
	msg.neg.service_count = cpu_to_le16(ARRAY_SIZE(hb_srv_versions));
	for (i = 0; i < ARRAY_SIZE(hb_fw_versions); i++)
		msg.versions[n++] = ic_version_wire(hb_fw_versions[i]);
	for (i = 0; i < ARRAY_SIZE(hb_srv_versions); i++)
		msg.versions[n++] = ic_version_wire(hb_srv_versions[i]);
	hb_send(hb, &msg, sizeof(msg));
}

static void hb_schedule(struct hb_state *hb)
{
	unsigned int ms = max(READ_ONCE(ic_heartbeat_period_ms),
			      HB_MIN_PERIOD_MS);

	schedule_delayed_work(&hb->work, msecs_to_jiffies(ms));
}

static void hb_work(struct work_struct *work)
{
	struct hb_state *hb = container_of(to_delayed_work(work),
					   struct hb_state, work);
	struct hb_heartbeat_msg msg = {};
	bool negotiating;
	u32 fw, srv;
	u64 seq;

	spin_lock(&hb->lock);
	if (!hb->running || hb->failed) {
		spin_unlock(&hb->lock);
		return;
	}
	if (!hb->fw_ver) {
		/* Sent once; then only interrupt the guest again. */
		negotiating = hb->negotiating;
		spin_unlock(&hb->lock);
		if (negotiating)
			vmbussim_chan_signal(hb->ch);
		else
			hb_send_negotiate(hb);
		hb_schedule(hb);
		return;
	}
	if (hb->wait_type != HB_NONE) {
		hb->missed++;
		hb->late_seq = hb->seq;
	}
	seq = ++hb->seq;
	hb->wait_type = IC_MSGTYPE_HEARTBEAT;
	hb->requests++;
	fw = hb->fw_ver;
	srv = hb->srv_ver;
	spin_unlock(&hb->lock);

	hb_fill_hdrs(&msg.pipe, &msg.ic, IC_MSGTYPE_HEARTBEAT, fw, srv,
		     sizeof(msg.hb));
	msg.hb.seq_num = cpu_to_le64(seq);
	hb_send(hb, &msg, sizeof(msg));
	hb_schedule(hb);
}

static bool hb_version_offered(u32 v, const u32 *list, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* Check a negotiate response; returns true if heartbeats may start. */
static bool hb_negotiated(struct hb_state *hb, const u8 *body, u32 len)
{
	const struct ic_negotiate *neg = (const void *)body;
	u32 fc, sc, fw, srv;

	lockdep_assert_held(&hb->lock);
	/* The one negotiation: without agreement the service stops. */
	hb->negotiating = false;
	hb->negotiate_failed = true;
	hb->failed = true;
	if (len < sizeof(*neg))
		return false;
	fc = le16_to_cpu(neg->framework_count);
	sc = le16_to_cpu(neg->service_count);
	if (fc != 1 || sc != 1 || len < sizeof(*neg) + 2 * sizeof(neg->versions[0]))
		return false;
	fw = ic_version_val(neg->versions[0]);
	srv = ic_version_val(neg->versions[1]);
	if (!hb_version_offered(fw, hb_fw_versions, ARRAY_SIZE(hb_fw_versions)) ||
	    !hb_version_offered(srv, hb_srv_versions, ARRAY_SIZE(hb_srv_versions)))
		return false;
	hb->fw_ver = fw;
	hb->srv_ver = srv;
	hb->negotiate_failed = false;
	hb->failed = false;
	return true;
}

static bool hb_heartbeat_ok(struct hb_state *hb, const u8 *body, u32 len)
{
	const struct ic_heartbeat *resp = (const void *)body;

	lockdep_assert_held(&hb->lock);
	if (len < sizeof(*resp))
		return false;
	hb->last_seq = le64_to_cpu(resp->seq_num);
	return hb->last_seq == hb->seq + 1;
}

/* An answer to a heartbeat request counted as missed? */
static bool hb_late(struct hb_state *hb, u16 type, const u8 *body, u32 len)
{
	const struct ic_heartbeat *resp = (const void *)body;

	lockdep_assert_held(&hb->lock);
	if (!hb->late_seq || type != IC_MSGTYPE_HEARTBEAT ||
	    len < sizeof(*resp) ||
	    le64_to_cpu(resp->seq_num) != hb->late_seq + 1)
		return false;
	/* A slow guest answered a request we already gave up on. */
	hb->late_seq = 0;
	hb->late++;
	return true;
}

/* A protocol error: stop until the channel is reopened. */
static void hb_fail(struct hb_state *hb, struct vmbussim_chan *ch,
		    const char *why)
{
	lockdep_assert_held(&hb->lock);
	hb->proto_errors++;
	hb->failed = true;
	hb->wait_type = HB_NONE;
	vmbussim_chan_fail(ch, why);
}

static void hb_packet(struct vmbussim_chan *ch,
		      const struct vmbus_packet_desc *desc,
		      const void *data, u32 len)
{
	struct hb_state *hb = vmbussim_dev_priv(vmbussim_chan_dev(ch));
	const struct ic_msg_hdr *ic = data + sizeof(struct ic_pipe_hdr);
	const char *why = ic_host_check_answer(desc, data, len);
	const u8 *body = data + IC_HDRS_SIZE;
	bool good = false, start = false;
	u32 body_len;
	u16 type;

	spin_lock(&hb->lock);
	if (hb->failed)
		goto out_unlock;
	if (why) {
		hb_fail(hb, ch, why);
		goto out_unlock;
	}
	type = le16_to_cpu(ic->msgtype);
	body_len = le16_to_cpu(ic->msgsize);
	if (hb_late(hb, type, body, body_len))
		goto out_unlock;
	/* Waiting for the negotiation, a host drops anything else. */
	if (hb->wait_type == IC_MSGTYPE_NEGOTIATE &&
	    type != IC_MSGTYPE_NEGOTIATE) {
		hb->stray++;
		goto out_unlock;
	}
	if (hb->wait_type == HB_NONE || type != hb->wait_type ||
	    le32_to_cpu(ic->status) != IC_STATUS_OK)
		goto out_count;
	hb->wait_type = HB_NONE;
	if (type == IC_MSGTYPE_NEGOTIATE) {
		good = hb_negotiated(hb, body, body_len);
		start = good;
	} else {
		good = hb_heartbeat_ok(hb, body, body_len);
	}
out_count:
	if (good)
		hb->ok++;
	else
		hb->bad++;
	spin_unlock(&hb->lock);
	if (!good)
		pr_warn_ratelimited("vmbussim: heartbeat relid %u: bad response\n",
				    vmbussim_chan_relid(ch));
	if (start)
		mod_delayed_work(system_wq, &hb->work, 0);
	return;
out_unlock:
	spin_unlock(&hb->lock);
}

static int hb_open(struct vmbussim_chan *ch)
{
	struct hb_state *hb = vmbussim_dev_priv(vmbussim_chan_dev(ch));

	spin_lock(&hb->lock);
	hb->ch = ch;
	hb->running = true;
	hb->fw_ver = 0;
	hb->srv_ver = 0;
	hb->negotiating = false;
	hb->negotiate_failed = false;
	hb->failed = false;
	hb->late_seq = 0;
	hb->wait_type = HB_NONE;
	spin_unlock(&hb->lock);
	/* The first work run negotiates. */
	schedule_delayed_work(&hb->work, 0);
	return 0;
}

static void hb_close(struct vmbussim_chan *ch)
{
	struct hb_state *hb = vmbussim_dev_priv(vmbussim_chan_dev(ch));

	spin_lock(&hb->lock);
	hb->running = false;
	spin_unlock(&hb->lock);
	/* hb_work takes only hb->lock and the ring lock: safe to wait. */
	cancel_delayed_work_sync(&hb->work);
}

static int hb_init(struct vmbussim_dev *dev)
{
	struct hb_state *hb = kzalloc(sizeof(*hb), GFP_KERNEL);

	if (!hb)
		return -ENOMEM;
	spin_lock_init(&hb->lock);
	INIT_DELAYED_WORK(&hb->work, hb_work);
	hb->wait_type = HB_NONE;
	vmbussim_dev_set_priv(dev, hb);
	return 0;
}

static void hb_release(struct vmbussim_dev *dev)
{
	struct hb_state *hb = vmbussim_dev_priv(dev);

	cancel_delayed_work_sync(&hb->work);
	kfree(hb);
}

static void hb_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct hb_state *hb = vmbussim_dev_priv(dev);

	spin_lock(&hb->lock);
	seq_printf(m, " framework=%u.%u service=%u.%u negotiate_failed=%d",
		   hb->fw_ver >> 16, hb->fw_ver & 0xffff,
		   hb->srv_ver >> 16, hb->srv_ver & 0xffff,
		   hb->negotiate_failed);
	seq_printf(m, " requests=%llu ok=%llu bad=%llu missed=%llu late=%llu send_fail=%llu seq=%llu last_seq=%llu",
		   hb->requests, hb->ok, hb->bad, hb->missed, hb->late,
		   hb->send_fail, hb->seq, hb->last_seq);
	seq_printf(m, " stray=%llu proto_errors=%llu service_failed=%d",
		   hb->stray, hb->proto_errors, hb->failed);
	spin_unlock(&hb->lock);
}

static const struct vmbussim_model_ops hb_ops = {
	.init = hb_init,
	.release = hb_release,
	.open = hb_open,
	.close = hb_close,
	.packet = hb_packet,
	.stats = hb_stats,
};

const struct vmbussim_model ic_model_heartbeat = {
	.owner = THIS_MODULE,
	.name = "heartbeat",
	.index = 1,
	.class_id = VMBUS_CLASS_HEARTBEAT,
	.ops = &hb_ops,
};
