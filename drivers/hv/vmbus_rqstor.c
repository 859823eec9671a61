// SPDX-License-Identifier: GPL-2.0
/*
 * Request-id table. A completion from the host carries back the id of
 * its request; only the table can turn that id into the sender's cookie,
 * and only once, so a host that replays, invents or corrupts ids gets an
 * error instead of a guest pointer it chose.
 */

#include <linux/bitmap.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/slab.h>

#include "vmbus_rqstor.h"

/**
 * vmbus_rqstor_init() - set up an empty request-id table
 * @r: the table
 * @size: number of ids that may be outstanding at once; 0 makes a table
 *	from which every vmbus_rqstor_get() fails
 *
 * Context: process context, may sleep.
 * Return: 0 or -ENOMEM.
 */
int vmbus_rqstor_init(struct vmbus_rqstor *r, u32 size)
{
	memset(r, 0, sizeof(*r));
	spin_lock_init(&r->lock);
	if (!size)
		return 0;

	r->cookies = kvcalloc(size, sizeof(*r->cookies), GFP_KERNEL);
	if (!r->cookies)
		return -ENOMEM;
	r->bitmap = bitmap_zalloc(size, GFP_KERNEL);
	if (!r->bitmap)
		goto err_free_cookies;
	r->size = size;
	return 0;

err_free_cookies:
	kvfree(r->cookies);
	r->cookies = NULL;
	return -ENOMEM;
}

/**
 * vmbus_rqstor_destroy() - free a request-id table
 * @r: the table; no id may be used after this
 *
 * Outstanding ids are dropped. Safe on a table whose init failed.
 *
 * Context: process context.
 */
void vmbus_rqstor_destroy(struct vmbus_rqstor *r)
{
	bitmap_free(r->bitmap);
	r->bitmap = NULL;
	kvfree(r->cookies);
	r->cookies = NULL;
	r->size = 0;
}

/**
 * vmbus_rqstor_get() - issue a request id for a cookie
 * @r: the table
 * @cookie: what the id will stand for, returned by vmbus_rqstor_take()
 * @id: set to the new id, in 1..size
 *
 * Context: any; takes the table's lock with interrupts disabled.
 * Return: 0, or -ENOSPC if every id is outstanding.
 */
int vmbus_rqstor_get(struct vmbus_rqstor *r, u64 cookie, u64 *id)
{
	unsigned long flags, slot;
	int ret = 0;

	spin_lock_irqsave(&r->lock, flags);
	if (!r->size) {
		ret = -ENOSPC;
		goto out_unlock;
	}
	slot = find_next_zero_bit(r->bitmap, r->size, r->next_hint);
	if (slot >= r->size)
		slot = find_first_zero_bit(r->bitmap, r->size);
	if (slot >= r->size) {
		ret = -ENOSPC;
		goto out_unlock;
	}

	__set_bit(slot, r->bitmap);
	r->cookies[slot] = cookie;
	r->next_hint = slot + 1 < r->size ? slot + 1 : 0;
	*id = slot + 1;
out_unlock:
	spin_unlock_irqrestore(&r->lock, flags);
	return ret;
}

/**
 * vmbus_rqstor_take() - accept a completed request id
 * @r: the table
 * @id: the id, as the host sent it back: untrusted
 * @cookie: set to the cookie the id was issued for
 *
 * The id is no longer outstanding afterwards.
 *
 * Context: any; takes the table's lock with interrupts disabled.
 * Return: 0; -EINVAL if @id is outside 1..size; -ENOENT if it is not
 * outstanding.
 */
int vmbus_rqstor_take(struct vmbus_rqstor *r, u64 id, u64 *cookie)
{
	unsigned long flags, slot;
	int ret = 0;

	if (id == 0 || id > r->size)
		return -EINVAL;
	slot = id - 1;

	spin_lock_irqsave(&r->lock, flags);
	if (!__test_and_clear_bit(slot, r->bitmap))
		ret = -ENOENT;
	else
		*cookie = r->cookies[slot];
	spin_unlock_irqrestore(&r->lock, flags);
	return ret;
}

/**
 * vmbus_rqstor_put() - release a request id that will not complete
 * @r: the table
 * @id: an outstanding id from vmbus_rqstor_get(), e.g. of a request that
 *	could not be sent
 *
 * Context: any; takes the table's lock with interrupts disabled.
 */
void vmbus_rqstor_put(struct vmbus_rqstor *r, u64 id)
{
	unsigned long flags;
	bool was_set;

	/* The guest's own id: a bad one is a driver bug, not the host's. */
	if (WARN_ON_ONCE(id == 0 || id > r->size))
		return;

	spin_lock_irqsave(&r->lock, flags);
	was_set = __test_and_clear_bit(id - 1, r->bitmap);
	spin_unlock_irqrestore(&r->lock, flags);
	WARN_ON_ONCE(!was_set);
}
