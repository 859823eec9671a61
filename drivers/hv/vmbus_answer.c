// SPDX-License-Identifier: GPL-2.0
/*
 * A client driver's wait for an in-band answer of the host (a storvsc
 * VSTOR control request, a netvsc NVSP or RNDIS request). The driver's
 * channel callback completes the driver's completion when the answer
 * comes; the bus completes it too when the host rescinds the channel or
 * unloads the connection, after which nothing would ever answer. A probe
 * that waited out its timeout there would hold up every offer and rescind
 * queued behind the device's removal.
 */

#include <linux/completion.h>
#include <linux/list.h>
#include <linux/spinlock.h>

#include "vmbus_private.h"

/**
 * struct vmbus_answer_wait - one driver's wait, on vmbus_conn.answer_waits
 * @node: in vmbus_conn.answer_waits
 * @relid: the channel the answer comes on
 * @done: the driver's completion
 * @gone: the host went away before the wait ended
 */
struct vmbus_answer_wait {
	struct list_head node;
	u32 relid;
	struct completion *done;
	bool gone;
};

/**
 * vmbus_answer_waits_abort() - end the answer waits of a channel or all
 * @relid: the channel whose host went away
 * @all: end every wait, whatever its channel
 *
 * Context: any.
 */
void vmbus_answer_waits_abort(u32 relid, bool all)
{
	struct vmbus_answer_wait *w, *tmp;

	lockdep_assert_held(&vmbus_conn.waiters_lock);
	list_for_each_entry_safe(w, tmp, &vmbus_conn.answer_waits, node) {
		if (!all && w->relid != relid)
			continue;
		w->gone = true;
		list_del_init(&w->node);
		complete(w->done);
	}
}

/**
 * vmbus_wait_for_answer() - wait for the host's answer on a channel
 * @ch: the channel the answer comes on
 * @done: the completion the driver completes when the answer arrives;
 *	reinitialise it before sending each request
 * @timeout: the longest wait, in jiffies
 *
 * Like wait_for_completion_timeout(), except that the wait ends at once
 * when the host rescinds @ch or the connection is unloaded (before or
 * during the wait): such a host answers nothing more.
 *
 * Context: process context.
 *
 * Return: 0 once @done completed, -ENODEV if the host went away first
 * (@done is then completed too), or -ETIMEDOUT.
 */
int vmbus_wait_for_answer(struct vmbus_channel *ch, struct completion *done,
			  unsigned long timeout)
{
	struct vmbus_answer_wait w = { .relid = ch->relid, .done = done };
	unsigned long flags;
	bool answered;

	spin_lock_irqsave(&vmbus_conn.waiters_lock, flags);
	list_add_tail(&w.node, &vmbus_conn.answer_waits);
	spin_unlock_irqrestore(&vmbus_conn.waiters_lock, flags);
	/*
	 * A rescind or unload marks the channel before it takes the lock to
	 * walk the waits: one that walked before we joined is seen here.
	 */
	answered = !vmbus_channel_host_gone(ch) &&
		   wait_for_completion_timeout(done, timeout);

	spin_lock_irqsave(&vmbus_conn.waiters_lock, flags);
	list_del(&w.node);
	spin_unlock_irqrestore(&vmbus_conn.waiters_lock, flags);
	if (w.gone || vmbus_channel_host_gone(ch))
		return -ENODEV;
	return answered ? 0 : -ETIMEDOUT;
}
EXPORT_SYMBOL_GPL(vmbus_wait_for_answer);
