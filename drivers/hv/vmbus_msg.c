// SPDX-License-Identifier: GPL-2.0
/*
 * Channel-management messages: posting them to the host, checking the
 * host's messages, matching answers to waiting requests and deferring the
 * rest (offers, rescinds) to process context in the order they came.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/delay.h>
#include <linux/slab.h>

#include "vmbus_private.h"

/* How a message from the host is handled. */
enum vmbus_msg_route {
	VMBUS_ROUTE_NONE,	/* the host must not send it */
	VMBUS_ROUTE_ANSWER,	/* completes a waiting request */
	VMBUS_ROUTE_DEFER,	/* handled in order on the message workqueue */
	VMBUS_ROUTE_IGNORE,	/* valid but unused by this driver */
};

struct vmbus_msg_rule {
	u8 route;
	u8 min_len;
};

static const struct vmbus_msg_rule vmbus_msg_rules[VMBUS_CHANMSG_COUNT] = {
	[VMBUS_CHANMSG_OFFERCHANNEL] = {
		VMBUS_ROUTE_DEFER, sizeof(struct vmbus_chanmsg_offer) },
	[VMBUS_CHANMSG_RESCIND_CHANNELOFFER] = {
		VMBUS_ROUTE_DEFER, sizeof(struct vmbus_chanmsg_relid) },
	[VMBUS_CHANMSG_ALLOFFERS_DELIVERED] = {
		VMBUS_ROUTE_DEFER, sizeof(struct vmbus_chanmsg_hdr) },
	[VMBUS_CHANMSG_OPENCHANNEL_RESULT] = {
		VMBUS_ROUTE_ANSWER, sizeof(struct vmbus_chanmsg_open_result) },
	[VMBUS_CHANMSG_GPADL_CREATED] = {
		VMBUS_ROUTE_ANSWER, sizeof(struct vmbus_chanmsg_gpadl_created) },
	[VMBUS_CHANMSG_GPADL_TORNDOWN] = {
		VMBUS_ROUTE_ANSWER, sizeof(struct vmbus_chanmsg_gpadl_torndown) },
	[VMBUS_CHANMSG_VERSION_RESPONSE] = {
		VMBUS_ROUTE_ANSWER, VMBUS_VERSION_RESPONSE_MIN_SIZE },
	[VMBUS_CHANMSG_UNLOAD_RESPONSE] = {
		VMBUS_ROUTE_ANSWER, sizeof(struct vmbus_chanmsg_hdr) },
	[VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE] = {
		VMBUS_ROUTE_ANSWER,
		sizeof(struct vmbus_chanmsg_modifychannel_response) },
	[VMBUS_CHANMSG_TL_CONNECT_RESULT] = {
		VMBUS_ROUTE_IGNORE, sizeof(struct vmbus_chanmsg_hdr) },
};

/**
 * vmbus_msg_validate() - check a message from the host before use
 * @msg: the message, copied out of the SynIC message slot
 * @len: its payload size as the slot header gave it
 *
 * Return: the message type, or -EBADMSG if the message is too short for
 * its type, of an unknown type, or of a type only the guest sends.
 */
int vmbus_msg_validate(const void *msg, u32 len)
{
	const struct vmbus_chanmsg_hdr *hdr = msg;
	u32 type;

	if (len < sizeof(*hdr) || len > SYNIC_MESSAGE_PAYLOAD)
		return -EBADMSG;
	type = le32_to_cpu(hdr->msgtype);
	if (type >= VMBUS_CHANMSG_COUNT ||
	    vmbus_msg_rules[type].route == VMBUS_ROUTE_NONE)
		return -EBADMSG;
	if (len < vmbus_msg_rules[type].min_len)
		return -EBADMSG;
	return type;
}

/**
 * vmbus_post_msg() - post a channel-management message to the host
 * @msg: the message, starting with struct vmbus_chanmsg_hdr
 * @len: its size, at most SYNIC_MESSAGE_PAYLOAD
 * @can_sleep: whether the caller may sleep between retries
 *
 * The hypervisor refuses a message while the host's buffers are full;
 * retry with a growing pause, as the host drains them quickly.
 *
 * Return: 0, -ENODEV when there is no host to post to, or the error of
 * the last attempt.
 */
int vmbus_post_msg(void *msg, u32 len, bool can_sleep)
{
	const struct vmbus_hv_ops *ops = READ_ONCE(vmbus_conn.ops);
	unsigned int pause_us = 1;
	int tries, ret = -EAGAIN;

	if (!ops || READ_ONCE(vmbus_conn.unloaded))
		return -ENODEV;
	for (tries = 0; tries < 100 && ret == -EAGAIN; tries++) {
		ret = ops->post_message(READ_ONCE(vmbus_conn.msg_conn_id),
					SYNIC_MSG_VMBUS, msg, len);
		if (ret != -EAGAIN)
			break;
		if (can_sleep)
			usleep_range(pause_us, pause_us * 2);
		else
			udelay(pause_us);
		pause_us = min(pause_us * 2, 1000U);
	}
	if (ret)
		pr_err_ratelimited("posting message type %u failed: %d\n",
				   le32_to_cpu(((struct vmbus_chanmsg_hdr *)msg)->msgtype),
				   ret);
	return ret;
}

/**
 * vmbus_waiter_init() - prepare to wait for an answer of one type
 * @w: the waiter
 * @msgtype: the type of the awaited answer
 */
void vmbus_waiter_init(struct vmbus_waiter *w, u32 msgtype)
{
	memset(w, 0, sizeof(*w));
	INIT_LIST_HEAD(&w->node);
	init_completion(&w->done);
	w->msgtype = msgtype;
	w->timeout = VMBUS_HOST_TIMEOUT;
}

/**
 * vmbus_waiter_init_chan() - prepare to wait for an answer about a channel
 * @w: the waiter
 * @msgtype: the type of the awaited answer
 * @ch: the channel the request concerns: a rescind ends the wait
 */
void vmbus_waiter_init_chan(struct vmbus_waiter *w, u32 msgtype,
			    const struct vmbus_channel *ch)
{
	vmbus_waiter_init(w, msgtype);
	w->relid = ch->relid;
	w->for_channel = true;
}

/**
 * vmbus_waiter_add() - make a waiter visible to incoming answers
 * @w: the waiter; add it before posting the request it waits for
 */
void vmbus_waiter_add(struct vmbus_waiter *w)
{
	unsigned long flags;

	spin_lock_irqsave(&vmbus_conn.waiters_lock, flags);
	list_add_tail(&w->node, &vmbus_conn.waiters);
	spin_unlock_irqrestore(&vmbus_conn.waiters_lock, flags);
}

/**
 * vmbus_waiter_del() - stop waiting (no-op once answered or aborted)
 * @w: the waiter
 */
void vmbus_waiter_del(struct vmbus_waiter *w)
{
	unsigned long flags;

	spin_lock_irqsave(&vmbus_conn.waiters_lock, flags);
	list_del_init(&w->node);
	spin_unlock_irqrestore(&vmbus_conn.waiters_lock, flags);
}

/**
 * vmbus_waiters_abort() - fail the requests of a channel or of everyone
 * @relid: the channel whose waiters give up
 * @all: abort every waiter, whatever its channel
 *
 * Client drivers' waits for in-band answers end too.
 */
void vmbus_waiters_abort(u32 relid, bool all)
{
	struct vmbus_waiter *w, *tmp;
	unsigned long flags;

	spin_lock_irqsave(&vmbus_conn.waiters_lock, flags);
	list_for_each_entry_safe(w, tmp, &vmbus_conn.waiters, node) {
		if (!all && (!w->for_channel || w->relid != relid))
			continue;
		w->aborted = true;
		list_del_init(&w->node);
		complete(&w->done);
	}
	vmbus_answer_waits_abort(relid, all);
	spin_unlock_irqrestore(&vmbus_conn.waiters_lock, flags);
}

/**
 * vmbus_waiter_wait() - wait for the answer a waiter was added for
 * @w: the waiter, added with vmbus_waiter_add() before the request was
 *	posted
 *
 * Waits @w->timeout at most.
 *
 * Return: 0 with the answer in @w->resp, -ENODEV if the wait was aborted
 * (rescind, disconnect), or -ETIMEDOUT.
 */
int vmbus_waiter_wait(struct vmbus_waiter *w)
{
	if (!wait_for_completion_timeout(&w->done, w->timeout)) {
		vmbus_waiter_del(w);
		/* An answer may have raced with the timeout. */
		if (!try_wait_for_completion(&w->done)) {
			pr_err("no answer of type %u from the host\n",
			       w->msgtype);
			return -ETIMEDOUT;
		}
	}
	return w->aborted ? -ENODEV : 0;
}

/*
 * A rescind gives up the waits it finds; a request that starts waiting
 * after that must see the rescind itself, or it would wait in vain.
 */
static bool vmbus_waiter_stale(const struct vmbus_waiter *w)
{
	struct vmbus_channel *ch;
	bool gone;

	if (!w->for_channel)
		return false;
	rcu_read_lock();
	ch = vmbus_relid_channel(w->relid);
	gone = !ch || READ_ONCE(ch->rescinded);
	rcu_read_unlock();
	return gone;
}

/**
 * vmbus_request() - post a message and wait for the host's answer
 * @msg: the request
 * @len: its size
 * @w: the waiter, initialised for the answer's type and keys
 *
 * Return: 0 with the answer in @w->resp, -ENODEV if the wait was aborted
 * (rescind, disconnect), -ETIMEDOUT, or an error from posting.
 */
int vmbus_request(void *msg, u32 len, struct vmbus_waiter *w)
{
	int ret;

	vmbus_waiter_add(w);
	ret = vmbus_waiter_stale(w) ? -ENODEV :
	      vmbus_post_msg(msg, len, true);
	if (ret) {
		vmbus_waiter_del(w);
		return ret;
	}
	return vmbus_waiter_wait(w);
}

/* The channel and the key an answer names, by type. */
static void vmbus_answer_keys(u32 type, const void *msg, u32 *relid, u32 *key)
{
	const struct vmbus_chanmsg_open_result *open = msg;
	const struct vmbus_chanmsg_gpadl_created *created = msg;
	const struct vmbus_chanmsg_gpadl_torndown *torndown = msg;
	const struct vmbus_chanmsg_modifychannel_response *modify = msg;

	*relid = 0;
	*key = 0;
	switch (type) {
	case VMBUS_CHANMSG_OPENCHANNEL_RESULT:
		*relid = le32_to_cpu(open->child_relid);
		*key = le32_to_cpu(open->openid);
		break;
	case VMBUS_CHANMSG_GPADL_CREATED:
		*relid = le32_to_cpu(created->child_relid);
		*key = le32_to_cpu(created->gpadl);
		break;
	case VMBUS_CHANMSG_GPADL_TORNDOWN:
		*key = le32_to_cpu(torndown->gpadl);
		break;
	case VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE:
		*relid = le32_to_cpu(modify->child_relid);
		break;
	}
}

static bool vmbus_waiter_matches(const struct vmbus_waiter *w, u32 type,
				 u32 relid, u32 key)
{
	return w->msgtype == type &&
	       (!w->match_relid || w->relid == relid) &&
	       (!w->match_key || w->key == key);
}

static void vmbus_on_answer(u32 type, const void *msg, u32 len)
{
	struct vmbus_waiter *w;
	unsigned long flags;
	bool found = false;
	u32 relid, key;

	vmbus_answer_keys(type, msg, &relid, &key);
	spin_lock_irqsave(&vmbus_conn.waiters_lock, flags);
	list_for_each_entry(w, &vmbus_conn.waiters, node) {
		if (!vmbus_waiter_matches(w, type, relid, key))
			continue;
		memcpy(w->resp, msg, len);
		w->resp_len = len;
		list_del_init(&w->node);
		complete(&w->done);
		found = true;
		break;
	}
	spin_unlock_irqrestore(&vmbus_conn.waiters_lock, flags);
	if (!found)
		pr_warn_ratelimited("unexpected message type %u (relid %u, key %u) from the host ignored\n",
				    type, relid, key);
}

struct vmbus_deferred_msg {
	struct work_struct work;
	u32 type;
	u32 len;
	union {
		struct vmbus_chanmsg_hdr hdr;
		struct vmbus_chanmsg_offer offer;
		struct vmbus_chanmsg_relid relid;
	} msg;
};

static void vmbus_deferred_work(struct work_struct *work)
{
	struct vmbus_deferred_msg *d =
		container_of(work, struct vmbus_deferred_msg, work);

	switch (d->type) {
	case VMBUS_CHANMSG_OFFERCHANNEL:
		vmbus_on_offer(&d->msg.offer);
		break;
	case VMBUS_CHANMSG_RESCIND_CHANNELOFFER:
		vmbus_on_rescind(le32_to_cpu(d->msg.relid.child_relid));
		break;
	case VMBUS_CHANMSG_ALLOFFERS_DELIVERED:
		complete(&vmbus_conn.offers_done);
		break;
	}
	kfree(d);
}

/*
 * A rescind must reach a probe or open that waits for the host at once,
 * not after the work ahead of it on the message queue: give up the
 * channel's waits here, and remove the channel in order later.
 */
static void vmbus_rescind_early(u32 relid)
{
	struct vmbus_channel *ch;

	if (relid > VMBUS_MAX_RELID)
		return;
	rcu_read_lock();
	ch = vmbus_relid_channel(relid);
	if (ch)
		WRITE_ONCE(ch->rescinded, true);
	rcu_read_unlock();
	vmbus_waiters_abort(relid, false);
}

static void vmbus_defer(u32 type, const void *msg, u32 len)
{
	struct vmbus_deferred_msg *d;
	const struct vmbus_chanmsg_relid *rescind = msg;

	if (type == VMBUS_CHANMSG_RESCIND_CHANNELOFFER)
		vmbus_rescind_early(le32_to_cpu(rescind->child_relid));

	d = kzalloc(sizeof(*d), GFP_ATOMIC);
	if (!d)
		return;
	INIT_WORK(&d->work, vmbus_deferred_work);
	d->type = type;
	d->len = min_t(u32, len, sizeof(d->msg));
	memcpy(&d->msg, msg, d->len);
	queue_work(vmbus_conn.msg_wq, &d->work);
}

/**
 * vmbus_msg_dispatch() - act on one message from the host
 * @msg: the message, copied out of the SynIC message slot
 * @len: its payload size
 *
 * Called in softirq context on the CPU the message arrived on.
 */
void vmbus_msg_dispatch(const void *msg, u32 len)
{
	const struct vmbus_chanmsg_hdr *hdr = msg;
	int type = vmbus_msg_validate(msg, len);

	if (type < 0) {
		pr_err_ratelimited("malformed message from the host (type %u, %u bytes) dropped\n",
				   len >= sizeof(*hdr) ? le32_to_cpu(hdr->msgtype) : 0,
				   len);
		return;
	}
	switch (vmbus_msg_rules[type].route) {
	case VMBUS_ROUTE_ANSWER:
		vmbus_on_answer(type, msg, len);
		break;
	case VMBUS_ROUTE_DEFER:
		vmbus_defer(type, msg, len);
		break;
	default:
		pr_debug("message type %u ignored\n", type);
		break;
	}
}
