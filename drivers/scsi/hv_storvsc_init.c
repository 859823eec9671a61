// SPDX-License-Identifier: GPL-2.0
/*
 * Control requests and the VSTOR handshake: BEGIN_INITIALIZATION, the
 * protocol version (6.2, 6.0, 5.1, highest first), the channel's
 * properties, the FC names (FC class), END_INITIALIZATION.
 */

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/rcupdate.h>

#include "hv_storvsc.h"

static unsigned int storvsc_ctl_timeout = 60;
module_param_named(ctl_timeout, storvsc_ctl_timeout, uint, 0644);
MODULE_PARM_DESC(ctl_timeout, "Seconds to wait for the host to answer a control request (default 60)");

/* Tries to send a control request while the ring is full. */
#define STORVSC_CTL_SEND_TRIES	1000

static const u16 storvsc_versions[] = {
	VSTOR_VERSION_WIN10,
	VSTOR_VERSION_WIN8_1,
	VSTOR_VERSION_WIN8,
};

/**
 * storvsc_ctl_answer() - the host answered the control request
 * @sh: the controller
 * @pkt: the answer's payload (a private copy)
 * @len: its length
 *
 * Called from the primary channel's callback. A malformed answer breaks
 * the channel; the waiter sees it as -EBADMSG.
 */
void storvsc_ctl_answer(struct storvsc_host *sh,
			const struct vstor_packet *pkt, u32 len)
{
	struct storvsc_ctl *ctl = &sh->ctl;

	ctl->ok = !storvsc_check_ctl_answer(pkt, len);
	if (ctl->ok)
		ctl->pkt = *pkt;
	else
		vmbus_channel_break(sh->hdev->channel,
				    "malformed answer to a VSTOR control request");
	complete(&ctl->done);
}

/*
 * One try, in an RCU read section so that storvsc_stop() waits for it
 * before closing the channel.
 */
static int storvsc_ctl_try(struct storvsc_host *sh)
{
	struct storvsc_ctl *ctl = &sh->ctl;
	int ret = -ENODEV;

	rcu_read_lock();
	if (!READ_ONCE(sh->dead))
		ret = vmbus_send_request(sh->hdev->channel, &ctl->pkt,
					 sizeof(ctl->pkt),
					 (uintptr_t)ctl | STORVSC_COOKIE_CTL);
	rcu_read_unlock();
	return ret;
}

static int storvsc_ctl_send(struct storvsc_host *sh)
{
	int tries = STORVSC_CTL_SEND_TRIES, ret;

	do {
		ret = storvsc_ctl_try(sh);
		/* Full ring or every id in use: commands complete soon. */
		if (ret == -EAGAIN || ret == -ENOSPC)
			usleep_range(500, 1000);
		else
			break;
	} while (--tries);
	return ret;
}

/**
 * storvsc_ctl_exec() - send a control request and wait for the answer
 * @sh: the controller
 * @op: the operation
 * @pkt: in: the request's body (operation and flags are set here); out:
 *	the host's answer
 *
 * Context: process context; one control request runs at a time. A host
 * that does not answer within ctl_timeout seconds breaks the channel.
 *
 * Return: 0 if the host answered (its status is in @pkt), -ETIMEDOUT,
 * -ENODEV if the host rescinded the controller meanwhile, -EBADMSG for a
 * malformed answer, or the send's error.
 */
int storvsc_ctl_exec(struct storvsc_host *sh, enum vstor_operation op,
		     struct vstor_packet *pkt)
{
	struct storvsc_ctl *ctl = &sh->ctl;
	int ret;

	mutex_lock(&sh->ctl_lock);
	ctl->pkt = *pkt;
	ctl->pkt.operation = cpu_to_le32(op);
	ctl->pkt.flags = cpu_to_le32(VSTOR_FLAG_REQUEST_COMPLETION);
	ctl->ok = false;
	reinit_completion(&ctl->done);
	ret = storvsc_ctl_send(sh);
	if (ret)
		goto out_unlock;
	ret = vmbus_wait_for_answer(sh->hdev->channel, &ctl->done,
				    storvsc_ctl_timeout * HZ);
	if (ret == -ETIMEDOUT)
		vmbus_channel_break(sh->hdev->channel,
				    "no answer to a VSTOR control request");
	if (ret)
		goto out_unlock;
	ret = ctl->ok ? 0 : -EBADMSG;
	*pkt = ctl->pkt;
out_unlock:
	mutex_unlock(&sh->ctl_lock);
	return ret;
}

/* A control request whose answer must carry status 0. */
static int storvsc_ctl_ok(struct storvsc_host *sh, enum vstor_operation op,
			  struct vstor_packet *pkt)
{
	int ret = storvsc_ctl_exec(sh, op, pkt);

	if (!ret && pkt->status) {
		dev_err(&sh->hdev->device, "VSTOR operation %d failed: status %#x\n",
			op, le32_to_cpu(pkt->status));
		ret = -EPROTO;
	}
	return ret;
}

static int storvsc_negotiate_version(struct storvsc_host *sh)
{
	struct vstor_packet pkt;
	int i, ret;

	for (i = 0; i < ARRAY_SIZE(storvsc_versions); i++) {
		memset(&pkt, 0, sizeof(pkt));
		pkt.version.major_minor = cpu_to_le16(storvsc_versions[i]);
		ret = storvsc_ctl_exec(sh, VSTOR_OP_QUERY_PROTOCOL_VERSION, &pkt);
		if (ret)
			return ret;
		if (!pkt.status) {
			sh->version = storvsc_versions[i];
			return 0;
		}
	}
	dev_err(&sh->hdev->device, "the host speaks no VSTOR version we know\n");
	return -EPROTONOSUPPORT;
}

/**
 * storvsc_connect() - the VSTOR handshake on the open primary channel
 * @sh: the controller
 *
 * Return: 0 or a negative errno.
 */
int storvsc_connect(struct storvsc_host *sh)
{
	struct vstor_packet pkt = {};
	int ret;

	ret = storvsc_ctl_ok(sh, VSTOR_OP_BEGIN_INITIALIZATION, &pkt);
	if (ret)
		return ret;
	ret = storvsc_negotiate_version(sh);
	if (ret)
		return ret;
	memset(&pkt, 0, sizeof(pkt));
	ret = storvsc_ctl_ok(sh, VSTOR_OP_QUERY_PROPERTIES, &pkt);
	if (ret)
		return ret;
	storvsc_host_limits(&pkt.props, sh->class, &sh->max_transfer,
			    &sh->max_subchannels);
	if (sh->class == STORVSC_FC) {
		ret = storvsc_fc_query(sh);
		if (ret)
			return ret;
	}
	memset(&pkt, 0, sizeof(pkt));
	ret = storvsc_ctl_ok(sh, VSTOR_OP_END_INITIALIZATION, &pkt);
	if (ret)
		return ret;
	dev_info(&sh->hdev->device, "VSTOR %u.%u, max transfer %u bytes, %u subchannels possible\n",
		 VSTOR_VERSION_MAJOR(sh->version),
		 VSTOR_VERSION_MINOR(sh->version), sh->max_transfer,
		 sh->max_subchannels);
	return 0;
}
