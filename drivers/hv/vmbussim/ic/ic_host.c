// SPDX-License-Identifier: GPL-2.0
/*
 * The host end of an IC channel, for the IC device models: negotiation
 * and request/answer, so a model only frames its service's bodies.
 *
 * IC channels are message pipes, used as a Microsoft host uses them
 * (OpenVMM's hyperv_ic for the facts): every message is an in-band packet
 * without a completion request and with transaction id 0, starting with
 * a pipe header of type IC_PIPE_DATA and the message's size; the IC
 * header's transaction id is 0 too. The guest's answer must be such a
 * message with transaction id 0 and the transaction and response flags
 * (ic_host_check_answer()); anything else is a protocol error that fails
 * the service until the guest reopens the channel.
 *
 * On open the host offers framework versions 1.0 and 3.0 and the model's
 * service versions, lowest first, once, and waits for the answer as long
 * as the channel is open: Linux's own hv_utils holds the negotiation of
 * KVP back until its daemon runs, up to a minute. Other messages meanwhile
 * are dropped; an answer without exactly one version of each kind, or
 * with one not offered, fails the service. The offer can reach the guest
 * before it has seen OPENCHANNEL_RESULT, so while it is unanswered the
 * guest is interrupted again every 200 ms (a host may interrupt again
 * shortly after an open). Requests go out one at a time; the caller
 * sleeps until the next answer arrives, the timeout passes or the
 * channel closes. Answers come in order: one that arrives for a request
 * that timed out is dropped as late.
 */
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/nls.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ic_host.h"
#include "../core/model.h"

#define IC_HOST_NEGOTIATE_MS	200

/* Lowest first, as a Microsoft host lists them. */
static const u32 ic_host_fw_versions[] = { IC_FW_VERSION_1, IC_FW_VERSION_3 };

static bool ic_host_listed(u32 v, const u32 *list, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

/* Frame a request: pipe header, IC header, body; returns its length. */
static u32 ic_host_frame(u8 *buf, u16 type, u32 fw, u32 srv, const void *body,
			 u32 body_len)
{
	struct ic_pipe_hdr *pipe = (struct ic_pipe_hdr *)buf;
	struct ic_msg_hdr *hdr = (struct ic_msg_hdr *)(pipe + 1);

	memset(buf, 0, IC_HDRS_SIZE);
	pipe->flags = cpu_to_le32(IC_PIPE_DATA);
	pipe->msgsize = cpu_to_le32(sizeof(*hdr) + body_len);
	hdr->framever = ic_version_wire(fw);
	hdr->msgtype = cpu_to_le16(type);
	hdr->msgver = ic_version_wire(srv);
	hdr->msgsize = cpu_to_le16(body_len);
	/* Transaction id 0: a Microsoft host numbers no request. */
	hdr->flags = IC_FLAG_TRANSACTION | IC_FLAG_REQUEST;
	memcpy(buf + IC_HDRS_SIZE, body, body_len);
	return IC_HDRS_SIZE + body_len;
}

/*
 * Wait for the answer with no limit but the channel's close (which
 * completes ic->done), interrupting the guest again every period; the
 * periodic wake-ups also keep the hung-task detector quiet.
 */
static void ic_host_wait_kicking(struct ic_host *ic, struct vmbussim_chan *ch)
{
	while (!wait_for_completion_timeout(&ic->done,
					    msecs_to_jiffies(IC_HOST_NEGOTIATE_MS)))
		vmbussim_chan_signal(ch);
}

/**
 * ic_host_send_msg() - send an IC message as a Microsoft host does
 * @ch: the channel
 * @buf: the message, pipe header first
 * @len: its bytes
 *
 * An in-band packet with no completion request and transaction id 0.
 *
 * Return: vmbussim_send()'s result.
 */
int ic_host_send_msg(struct vmbussim_chan *ch, const void *buf, u32 len)
{
	return vmbussim_send(ch, VMBUS_PKT_DATA_INBAND, 0, 0, buf, len);
}

/**
 * ic_host_check_answer() - read a guest's message as a Microsoft host does
 * @desc: the packet
 * @data: its payload
 * @len: payload bytes
 *
 * An in-band packet holding a pipe header of type IC_PIPE_DATA whose size
 * lies within the packet and covers the IC header, an IC header with
 * transaction id 0 and the transaction and response flags, and a body of
 * msgsize bytes within the pipe message.
 *
 * Return: NULL, or what is wrong: a protocol error.
 */
const char *ic_host_check_answer(const struct vmbus_packet_desc *desc,
				 const void *data, u32 len)
{
	const struct ic_pipe_hdr *pipe = data;
	const struct ic_msg_hdr *hdr = data + sizeof(*pipe);
	u32 size;

	if (le16_to_cpu(desc->type) != VMBUS_PKT_DATA_INBAND)
		return "not an in-band packet";
	if (len < sizeof(*pipe))
		return "no pipe header";
	if (le32_to_cpu(pipe->flags) != IC_PIPE_DATA)
		return "pipe packet type not data";
	size = le32_to_cpu(pipe->msgsize);
	if (size > len - sizeof(*pipe))
		return "pipe message beyond the packet";
	if (size < sizeof(*hdr))
		return "no IC header";
	if (hdr->transaction_id)
		return "transaction id not 0";
	if ((hdr->flags & (IC_FLAG_TRANSACTION | IC_FLAG_RESPONSE)) !=
	    (IC_FLAG_TRANSACTION | IC_FLAG_RESPONSE))
		return "not a transaction response";
	if (le16_to_cpu(hdr->msgsize) > size - sizeof(*hdr))
		return "body beyond the pipe message";
	return NULL;
}

/* A protocol error: the service fails until the channel is reopened. */
static void ic_host_fail(struct ic_host *ic, const char *why)
{
	lockdep_assert_held(&ic->lock);
	ic->proto_errors++;
	if (!ic->failed)
		pr_warn_ratelimited("vmbussim: %s: %s: service failed until reopened\n",
				    ic->name, why);
	ic->failed = true;
	/* As the host's service stops, it stops reading the channel. */
	if (ic->ch)
		vmbussim_chan_fail(ic->ch, why);
	if (ic->waiting) {
		ic->resp_err = -EPROTO;
		ic->waiting = false;
		complete(&ic->done);
	}
}

/*
 * Send one request and wait for its answer; ic->mutex held. A timeout of
 * 0 waits until the answer or the close.
 */
static int ic_host_transact(struct ic_host *ic, u16 type, u32 fw, u32 srv,
			    const void *body, u32 body_len,
			    unsigned int timeout_ms, u32 *status)
{
	struct vmbussim_chan *ch;
	bool failed;
	u32 len;
	u8 *buf;
	int ret;

	lockdep_assert_held(&ic->mutex);
	if (body_len > IC_HOST_MAX_MSG - IC_HDRS_SIZE)
		return -EMSGSIZE;
	buf = kmalloc(IC_HOST_MAX_MSG, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	spin_lock(&ic->lock);
	failed = ic->failed;
	ch = failed ? NULL : ic->ch;
	ic->waiting = !!ch;
	ic->wait_type = type;
	ic->resp_err = -ETIMEDOUT;
	reinit_completion(&ic->done);
	if (ch)
		ic->requests++;
	spin_unlock(&ic->lock);
	if (!ch) {
		ret = failed ? -EPROTO : -ENOTCONN;
		goto out_free;
	}
	len = ic_host_frame(buf, type, fw, srv, body, body_len);
	ret = ic_host_send_msg(ch, buf, len);
	if (!ret && !timeout_ms)
		ic_host_wait_kicking(ic, ch);
	else if (!ret && !wait_for_completion_timeout(&ic->done,
						      msecs_to_jiffies(timeout_ms)))
		ret = -ETIMEDOUT;
	spin_lock(&ic->lock);
	/* Answered (or closed, or failed) just as the wait timed out. */
	if (!ret || (ret == -ETIMEDOUT && !ic->waiting))
		ret = ic->resp_err;
	/* Its answer may still come: the next one in order is dropped. */
	if (ret == -ETIMEDOUT && ic->waiting) {
		ic->timeouts++;
		ic->owed++;
	}
	ic->waiting = false;
	*status = ic->resp_status;
	spin_unlock(&ic->lock);
out_free:
	kfree(buf);
	return ret;
}

/* Check a negotiate answer; ic->mutex held. */
static bool ic_host_take_versions(struct ic_host *ic, u32 status)
{
	const struct ic_negotiate *neg = (const void *)ic_host_body(ic);
	u32 fw, srv;

	if (status != IC_STATUS_OK || ic->resp_len < sizeof(*neg) + 8 ||
	    le16_to_cpu(neg->framework_count) != 1 ||
	    le16_to_cpu(neg->service_count) != 1)
		return false;
	fw = ic_version_val(neg->versions[0]);
	srv = ic_version_val(neg->versions[1]);
	if (!ic_host_listed(fw, ic_host_fw_versions,
			    ARRAY_SIZE(ic_host_fw_versions)) ||
	    !ic_host_listed(srv, ic->srv_versions, ic->nr_srv_versions))
		return false;
	spin_lock(&ic->lock);
	ic->fw_ver = fw;
	ic->srv_ver = srv;
	spin_unlock(&ic->lock);
	return true;
}

static void ic_host_negotiate_work(struct work_struct *work)
{
	struct ic_host *ic = container_of(to_delayed_work(work),
					  struct ic_host, negotiate_work);
	struct {
		struct ic_negotiate neg;
		struct ic_version v[ARRAY_SIZE(ic_host_fw_versions) + 8];
	} __packed body = {};
	unsigned int i, n = 0, nsrv = min(ic->nr_srv_versions, 8U);
	u32 status = 0;
	bool ok;
	int ret;

	body.neg.framework_count = cpu_to_le16(ARRAY_SIZE(ic_host_fw_versions));
	body.neg.service_count = cpu_to_le16(nsrv);
	for (i = 0; i < ARRAY_SIZE(ic_host_fw_versions); i++)
		body.v[n++] = ic_version_wire(ic_host_fw_versions[i]);
	/* The model lists them newest first; the host sends lowest first. */
	for (i = nsrv; i > 0; i--)
		body.v[n++] = ic_version_wire(ic->srv_versions[i - 1]);

	mutex_lock(&ic->mutex);
	ret = ic_host_transact(ic, IC_MSGTYPE_NEGOTIATE, IC_FW_VERSION_1,
			       IC_FW_VERSION_1, &body,
			       sizeof(body.neg) + n * sizeof(body.v[0]), 0,
			       &status);
	ok = !ret && ic_host_take_versions(ic, status);
	if (!ret && !ok) {
		/* Sent once: no agreement fails the service until reopened. */
		spin_lock(&ic->lock);
		ic->negotiate_failed = true;
		ic_host_fail(ic, "no version agreed");
		spin_unlock(&ic->lock);
	}
	mutex_unlock(&ic->mutex);
	if (ok && ic->negotiated)
		ic->negotiated(ic);
}

/**
 * ic_host_request() - send a request and wait for the guest's answer
 * @ic: the device
 * @type: IC message type
 * @body: the request's body
 * @body_len: its bytes
 * @timeout_ms: how long to wait for the answer
 * @status: set to the answer's IC status
 *
 * The caller holds @ic->mutex, so that it can read the answer's body
 * (ic_host_body(), @ic->resp_len bytes) before the next request.
 * Context: process, may sleep.
 * Return: 0 when answered (whatever the status); -ENOTCONN if the channel
 * is not open or not negotiated; -ETIMEDOUT; -EPIPE if the channel
 * closed meanwhile; vmbussim_send()'s error.
 */
int ic_host_request(struct ic_host *ic, u16 type, const void *body,
		    u32 body_len, unsigned int timeout_ms, u32 *status)
{
	u32 fw, srv;

	lockdep_assert_held(&ic->mutex);
	spin_lock(&ic->lock);
	fw = ic->fw_ver;
	srv = ic->srv_ver;
	spin_unlock(&ic->lock);
	if (!fw)
		return -ENOTCONN;
	return ic_host_transact(ic, type, fw, srv, body, body_len, timeout_ms,
				status);
}

/**
 * ic_host_send_raw() - send bytes as they are, for fault injection
 * @ic: the device
 * @buf: a whole IC message, possibly malformed
 * @len: its bytes
 *
 * Return: 0 or vmbussim_send()'s error; -ENOTCONN when closed.
 */
int ic_host_send_raw(struct ic_host *ic, const void *buf, u32 len)
{
	struct vmbussim_chan *ch;

	spin_lock(&ic->lock);
	ch = ic->failed ? NULL : ic->ch;
	spin_unlock(&ic->lock);
	if (!ch)
		return -ENOTCONN;
	return ic_host_send_msg(ch, buf, len);
}

/**
 * ic_host_negotiated() - whether the guest agreed on versions
 * @ic: the device
 *
 * Return: true once negotiated on the open channel.
 */
bool ic_host_negotiated(struct ic_host *ic)
{
	bool ret;

	spin_lock(&ic->lock);
	ret = ic->ch && ic->fw_ver && !ic->failed;
	spin_unlock(&ic->lock);
	return ret;
}

/**
 * ic_host_packet() - take a packet the guest wrote: an answer
 * @ic: the device
 * @desc: the packet
 * @data: its payload
 * @len: payload bytes
 *
 * A malformed message fails the service (ic_host_check_answer()). A good
 * one answers the outstanding request, unless an answer to a request that
 * timed out is still owed (it is that one, late) or the host waits for
 * the negotiation and it is something else (dropped); with no request
 * outstanding it counts as stray.
 */
void ic_host_packet(struct ic_host *ic, const struct vmbus_packet_desc *desc,
		    const void *data, u32 len)
{
	const struct ic_msg_hdr *hdr = data + sizeof(struct ic_pipe_hdr);
	const char *why = ic_host_check_answer(desc, data, len);

	spin_lock(&ic->lock);
	if (ic->failed) {
		ic->stray++;
		goto out_unlock;
	}
	if (why || len > IC_HOST_MAX_MSG) {
		ic_host_fail(ic, why ?: "message too long");
		goto out_unlock;
	}
	if (ic->owed) {
		ic->owed--;
		ic->late++;
		goto out_unlock;
	}
	if (!ic->waiting ||
	    (ic->wait_type == IC_MSGTYPE_NEGOTIATE &&
	     le16_to_cpu(hdr->msgtype) != IC_MSGTYPE_NEGOTIATE)) {
		ic->stray++;
		pr_warn_ratelimited("vmbussim: %s: stray message of %u bytes\n",
				    ic->name, len);
		goto out_unlock;
	}
	memcpy(ic->resp, data, len);
	ic->resp_len = le16_to_cpu(hdr->msgsize);
	ic->resp_status = le32_to_cpu(hdr->status);
	ic->resp_err = 0;
	ic->waiting = false;
	ic->answers++;
	if (ic->resp_status != IC_STATUS_OK)
		ic->failed_status++;
	complete(&ic->done);
out_unlock:
	spin_unlock(&ic->lock);
}

/**
 * ic_host_open() - the guest opened the channel: negotiate
 * @ic: the device
 * @ch: the channel
 */
void ic_host_open(struct ic_host *ic, struct vmbussim_chan *ch)
{
	spin_lock(&ic->lock);
	ic->ch = ch;
	ic->fw_ver = 0;
	ic->srv_ver = 0;
	ic->failed = false;
	ic->negotiate_failed = false;
	ic->owed = 0;
	spin_unlock(&ic->lock);
	schedule_delayed_work(&ic->negotiate_work, 0);
}

/**
 * ic_host_close() - the channel closes: end the wait of any request
 * @ic: the device
 *
 * After this returns nothing sends on the channel.
 */
void ic_host_close(struct ic_host *ic)
{
	spin_lock(&ic->lock);
	ic->ch = NULL;
	ic->fw_ver = 0;
	ic->srv_ver = 0;
	if (ic->waiting) {
		ic->resp_err = -EPIPE;
		ic->waiting = false;
		complete(&ic->done);
	}
	spin_unlock(&ic->lock);
	/* The work sends only after reading ic->ch under ic->lock. */
	cancel_delayed_work_sync(&ic->negotiate_work);
	/*
	 * A request that read ic->ch before it was cleared may still be in
	 * vmbussim_send(): wait for it to leave.
	 */
	mutex_lock(&ic->mutex);
	mutex_unlock(&ic->mutex);
}

/* A raw message: headers of @type with @msgsize, @len bytes in all. */
static int ic_host_fault_msg(struct ic_host *ic, u16 type, u16 msgsize,
			     u32 len)
{
	u8 buf[64] = {};
	u32 fw, srv;

	spin_lock(&ic->lock);
	fw = ic->fw_ver;
	srv = ic->srv_ver;
	spin_unlock(&ic->lock);
	ic_host_frame(buf, type, fw, srv, buf + IC_HDRS_SIZE, 0);
	((struct ic_msg_hdr *)(buf + sizeof(struct ic_pipe_hdr)))->msgsize =
		cpu_to_le16(msgsize);
	return ic_host_send_raw(ic, buf, len);
}

/*
 * A well-formed message of @len bytes in all, headers included: more than
 * a guest's service takes, for a test. It is sent without waiting for an
 * answer.
 */
static int ic_host_fault_oversized(struct ic_host *ic, const char *arg)
{
	struct ic_pipe_hdr *pipe;
	struct ic_msg_hdr *hdr;
	u32 len, fw, srv;
	u8 *buf;
	int ret;

	if (kstrtou32(arg, 0, &len) || len < IC_HDRS_SIZE ||
	    len > IC_HOST_MAX_MSG)
		return -EINVAL;
	buf = kzalloc(len, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	spin_lock(&ic->lock);
	fw = ic->fw_ver;
	srv = ic->srv_ver;
	spin_unlock(&ic->lock);
	ic_host_frame(buf, IC_MSGTYPE_HEARTBEAT, fw, srv, buf + IC_HDRS_SIZE,
		      0);
	pipe = (struct ic_pipe_hdr *)buf;
	pipe->msgsize = cpu_to_le32(len - sizeof(*pipe));
	hdr = (struct ic_msg_hdr *)(pipe + 1);
	hdr->msgsize = cpu_to_le16(len - IC_HDRS_SIZE);
	ret = ic_host_send_raw(ic, buf, len);
	kfree(buf);
	return ret;
}

/*
 * "short" (16 bytes, shorter than the headers), "msgsize" (the IC header
 * claims 4000 bytes of body in a 40-byte packet), "unknown_type" (a
 * well-formed message of type 42), "oversized <bytes>" (a well-formed
 * message of that size, headers included), "bad_version" (a negotiation
 * offering only framework and service 9.0; the host then negotiates
 * again).
 */
static int ic_host_fault(struct ic_host *ic, const char *verb)
{
	struct {
		struct ic_negotiate neg;
		struct ic_version v[2];
	} __packed body = {};
	u32 status;
	int ret;

	if (str_has_prefix(verb, "oversized "))
		return ic_host_fault_oversized(ic, verb + strlen("oversized "));
	if (!strcmp(verb, "short"))
		return ic_host_fault_msg(ic, IC_MSGTYPE_HEARTBEAT, 0, 16);
	if (!strcmp(verb, "msgsize"))
		return ic_host_fault_msg(ic, IC_MSGTYPE_HEARTBEAT, 4000, 40);
	if (!strcmp(verb, "unknown_type"))
		return ic_host_fault_msg(ic, 42, 8, IC_HDRS_SIZE + 8);
	if (strcmp(verb, "bad_version"))
		return -EINVAL;
	body.neg.framework_count = cpu_to_le16(1);
	body.neg.service_count = cpu_to_le16(1);
	body.v[0] = ic_version_wire(IC_VERSION(9, 0));
	body.v[1] = ic_version_wire(IC_VERSION(9, 0));
	mutex_lock(&ic->mutex);
	ret = ic_host_transact(ic, IC_MSGTYPE_NEGOTIATE, IC_FW_VERSION_1,
			       IC_FW_VERSION_1, &body, sizeof(body),
			       IC_HOST_NEGOTIATE_MS * 10, &status);
	if (!ret && (status == IC_STATUS_OK ||
		     le16_to_cpu(((struct ic_negotiate *)ic_host_body(ic))->framework_count)))
		ret = -EPROTO;	/* the guest took versions it cannot have */
	else if (!ret)
		ret = -EREMOTEIO;
	mutex_unlock(&ic->mutex);
	schedule_delayed_work(&ic->negotiate_work, 0);
	return ret;
}

static ssize_t ic_host_fault_write(struct file *file, const char __user *ubuf,
				   size_t len, loff_t *ppos)
{
	char cmd[32];
	int ret;

	if (len >= sizeof(cmd))
		return -EINVAL;
	if (copy_from_user(cmd, ubuf, len))
		return -EFAULT;
	cmd[len] = '\0';
	ret = ic_host_fault(file->private_data, strim(cmd));
	return ret ?: len;
}

static const struct file_operations ic_host_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ic_host_fault_write,
	.llseek = noop_llseek,
};

/**
 * ic_host_init() - set up the host end of an IC device
 * @ic: the device's IC state
 * @dev: the device
 * @name: the model's name
 * @srv_versions: service versions to offer, newest first
 * @n: entries in @srv_versions
 *
 * Creates /sys/kernel/debug/vmbussim/<instance>/ (@ic->dir) for the
 * model's files, with the shared "fault" file (ic_host_fault()).
 * Return: 0 or -ENOMEM.
 */
int ic_host_init(struct ic_host *ic, struct vmbussim_dev *dev,
		 const char *name, const u32 *srv_versions, unsigned int n)
{
	char dirname[UUID_STRING_LEN + 1];

	ic->resp = kzalloc(IC_HOST_MAX_MSG, GFP_KERNEL);
	if (!ic->resp)
		return -ENOMEM;
	ic->name = name;
	ic->srv_versions = srv_versions;
	ic->nr_srv_versions = n;
	mutex_init(&ic->mutex);
	spin_lock_init(&ic->lock);
	init_completion(&ic->done);
	INIT_DELAYED_WORK(&ic->negotiate_work, ic_host_negotiate_work);
	snprintf(dirname, sizeof(dirname), "%pUl", vmbussim_dev_instance(dev));
	ic->dir = debugfs_create_dir(dirname, vmbussim_debugfs_root());
	debugfs_create_file("fault", 0200, ic->dir, ic, &ic_host_fault_fops);
	return 0;
}

/**
 * ic_host_release() - free what ic_host_init() set up
 * @ic: the device's IC state; its channel is closed
 */
void ic_host_release(struct ic_host *ic)
{
	/*
	 * At module exit vmbussim's debugfs directory, with ours in it, is
	 * gone before the devices are freed (the root is then NULL).
	 */
	if (vmbussim_debugfs_root())
		debugfs_remove_recursive(ic->dir);
	cancel_delayed_work_sync(&ic->negotiate_work);
	mutex_destroy(&ic->mutex);
	kfree(ic->resp);
}

/**
 * ic_host_stats() - print the IC counters for the stats file
 * @ic: the device
 * @m: the stats file
 */
void ic_host_stats(struct ic_host *ic, struct seq_file *m)
{
	spin_lock(&ic->lock);
	seq_printf(m, " framework=%u.%u service=%u.%u requests=%llu answers=%llu failed=%llu timeouts=%llu stray=%llu",
		   ic->fw_ver >> 16, ic->fw_ver & 0xffff, ic->srv_ver >> 16,
		   ic->srv_ver & 0xffff, ic->requests, ic->answers,
		   ic->failed_status, ic->timeouts, ic->stray);
	seq_printf(m, " late=%llu proto_errors=%llu service_failed=%d negotiate_failed=%d",
		   ic->late, ic->proto_errors, ic->failed,
		   ic->negotiate_failed);
	spin_unlock(&ic->lock);
}

/* The IC state of a device whose model state starts with struct ic_host. */
static struct ic_host *ic_host_of(struct vmbussim_chan *ch)
{
	return vmbussim_dev_priv(vmbussim_chan_dev(ch));
}

/**
 * ic_host_hook_open() - model @open hook for IC models
 * @ch: the channel
 *
 * The IC models' state starts with their struct ic_host, so they share
 * these hooks.
 * Return: 0.
 */
int ic_host_hook_open(struct vmbussim_chan *ch)
{
	ic_host_open(ic_host_of(ch), ch);
	return 0;
}

/**
 * ic_host_hook_close() - model @close hook for IC models
 * @ch: the channel
 */
void ic_host_hook_close(struct vmbussim_chan *ch)
{
	ic_host_close(ic_host_of(ch));
}

/**
 * ic_host_hook_packet() - model @packet hook for IC models
 * @ch: the channel
 * @desc: the packet
 * @data: its payload
 * @len: payload bytes
 */
void ic_host_hook_packet(struct vmbussim_chan *ch,
			 const struct vmbus_packet_desc *desc, const void *data,
			 u32 len)
{
	ic_host_packet(ic_host_of(ch), desc, data, len);
}

/**
 * ic_host_hook_stats() - model @stats hook for IC models
 * @dev: the device
 * @m: the stats file
 */
void ic_host_hook_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	ic_host_stats(vmbussim_dev_priv(dev), m);
}

/**
 * ic_host_get_cmd() - copy a command a test wrote
 * @ubuf: the user buffer
 * @len: its bytes
 * @max: the longest command accepted
 * @alloc: set to the allocation, for kfree()
 *
 * Return: the command, NUL-terminated and trimmed (within *@alloc), or an
 * ERR_PTR().
 */
char *ic_host_get_cmd(const char __user *ubuf, size_t len, size_t max,
		      char **alloc)
{
	if (len >= max)
		return ERR_PTR(-EINVAL);
	*alloc = memdup_user_nul(ubuf, len);
	if (IS_ERR(*alloc))
		return *alloc;
	return strim(*alloc);
}

/**
 * ic_host_to_utf16() - put text in a UTF-16LE field of a message
 * @s: NUL-terminated UTF-8 text
 * @dst: the field
 * @dst_bytes: its size
 *
 * Text that does not fit is cut; invalid UTF-8 gives an empty string (the
 * host's commands come from tests, which write valid text).
 *
 * Return: the bytes of @dst used, the terminating NUL included.
 */
u32 ic_host_to_utf16(const char *s, void *dst, u32 dst_bytes)
{
	wchar_t *w = dst;
	int n;

	if (dst_bytes < sizeof(*w))
		return 0;
	n = utf8s_to_utf16s(s, strlen(s), UTF16_LITTLE_ENDIAN, w,
			    dst_bytes / sizeof(*w) - 1);
	if (n < 0)
		n = 0;
	w[n] = 0;
	return (n + 1) * sizeof(*w);
}

/**
 * ic_host_from_utf16() - text of a UTF-16LE field of the guest's answer
 * @src: the field
 * @src_bytes: its size; the text ends at a NUL or there
 * @dst: where the UTF-8 text goes, NUL-terminated
 * @room: size of @dst, at least 1
 *
 * Return: the bytes of text written, the NUL not included.
 */
int ic_host_from_utf16(const void *src, u32 src_bytes, char *dst, int room)
{
	int n = utf16s_to_utf8s(src, src_bytes / sizeof(wchar_t),
				UTF16_LITTLE_ENDIAN, dst, room - 1);

	dst[n] = '\0';
	return n;
}
