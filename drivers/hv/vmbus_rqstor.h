/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Request-id table: the transaction ids the guest puts in packets that
 * ask for a completion. An id is a small integer naming a slot that holds
 * the sender's cookie, never a guest pointer, and an id the host sends
 * back is honoured only if the guest issued it and it is still
 * outstanding. Private to the bus driver.
 */
#ifndef _VMBUS_RQSTOR_H
#define _VMBUS_RQSTOR_H

#include <linux/spinlock.h>
#include <linux/types.h>

/**
 * struct vmbus_rqstor - a table of outstanding request ids
 * @cookies: the cookie of each slot; slot i holds id i + 1
 * @bitmap: a set bit marks an outstanding slot
 * @size: number of slots; ids are 1..@size
 * @next_hint: the slot where the search for a free one starts, so that
 *	ids rotate and a freed id is not reused at once
 * @lock: protects @cookies, @bitmap and @next_hint
 */
struct vmbus_rqstor {
	u64 *cookies;
	unsigned long *bitmap;
	u32 size;
	u32 next_hint;
	spinlock_t lock;	/* protects the slots */
};

int vmbus_rqstor_init(struct vmbus_rqstor *r, u32 size);
void vmbus_rqstor_destroy(struct vmbus_rqstor *r);
int vmbus_rqstor_get(struct vmbus_rqstor *r, u64 cookie, u64 *id);
int vmbus_rqstor_take(struct vmbus_rqstor *r, u64 id, u64 *cookie);
void vmbus_rqstor_put(struct vmbus_rqstor *r, u64 id);

#endif /* _VMBUS_RQSTOR_H */
