/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Services answered by a userspace daemon (KVP, VSS, file copy): a misc
 * device /dev/vmbus/<name> that one daemon at a time opens, registers on,
 * reads requests from and writes answers to. One host transaction at a
 * time; a transaction the daemon does not answer in time, or that finds
 * no daemon, fails.
 */
#ifndef _HV_UTILS_IC_DAEMON_H
#define _HV_UTILS_IC_DAEMON_H

#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include "ic.h"

struct ic_daemon;

/**
 * struct ic_daemon_ops - what a daemon-backed service does
 * @devname: the misc device's name, e.g. "vmbus/hv_kvp"
 * @out_size: largest message the daemon reads
 * @in_size: the size of each message the daemon writes (its
 *	registration and its answers); other sizes are refused
 * @check: check the host's request, in the channel callback. Return 1
 *	if the daemon answers it, 0 if @check answered it in place, or a
 *	negative errno for a malformed request
 * @handshake: the daemon's registration, at @buf: check it and queue the
 *	driver's answer (ic_daemon_msg(), ic_daemon_queue()). Return 0, or
 *	an errno that fails the write
 * @to_daemon: build the daemon's message for the host's request in
 *	ic_daemon_msg() and queue it. Process context. Return 0, or an
 *	errno to fail the transaction (after logging why)
 * @from_daemon: the daemon answered the request in @req with @buf:
 *	rewrite @req's body as the answer to the host. Return the IC status
 *	for the host
 *
 * The service's struct ic_service takes the rest from
 * IC_DAEMON_SERVICE().
 */
struct ic_daemon_ops {
	const char *devname;
	size_t out_size;
	size_t in_size;
	int (*check)(struct ic_instance *inst, struct ic_msg *msg);
	int (*handshake)(struct ic_daemon *d, const void *buf);
	int (*to_daemon)(struct ic_daemon *d, struct ic_msg *req);
	u32 (*from_daemon)(struct ic_daemon *d, struct ic_msg *req,
			   const void *buf);
};

/**
 * struct ic_daemon - the daemon side of one service instance
 * @ref: the instance and each open file hold a reference
 * @ops: the service's hooks
 * @inst: the instance; not used once @dead
 * @misc: the misc device
 * @lock: protects everything below but the fields of @tx_lock
 * @wq: readers and pollers wait here
 * @dead: the instance stopped; the device only fails
 * @open: a daemon has the device open
 * @registered: the daemon's handshake succeeded
 * @queued: the request waits in @out for the daemon to read it
 * @waiting: the daemon read the request and owes an answer
 * @out: the message the daemon reads next
 * @out_len: its bytes, 0 if none
 * @msg: where the service builds the next message for the daemon
 * @tx_lock: protects @busy (taken in the channel callback)
 * @busy: a host transaction is in progress
 * @req: the host's request being served (a copy of the whole message)
 * @req_len: its bytes
 * @trans_id: its transaction id
 * @work: hands the request to the daemon
 * @timeout_work: fails the transaction when the daemon is late
 * @transactions: transactions started
 * @timeouts: transactions the daemon did not answer in time
 * @no_daemon: transactions failed because no daemon was registered
 * @late: answers written after their transaction ended
 */
struct ic_daemon {
	struct kref ref;
	const struct ic_daemon_ops *ops;
	struct ic_instance *inst;
	struct miscdevice misc;
	struct mutex lock; /* protects the state below */
	wait_queue_head_t wq;
	bool dead;
	bool open;
	bool registered;
	bool queued;
	bool waiting;
	u8 *out;
	size_t out_len;
	void *msg;
	spinlock_t tx_lock; /* protects busy */
	bool busy;
	u8 *req;
	u32 req_len;
	u64 trans_id;
	struct work_struct work;
	struct delayed_work timeout_work;
	u64 transactions;
	u64 timeouts;
	u64 no_daemon;
	u64 late;
};

void *ic_daemon_msg(struct ic_daemon *d);
void ic_daemon_queue(struct ic_daemon *d, size_t len);

/* The struct ic_service hooks of a service its daemon answers. */
int ic_daemon_start(struct ic_instance *inst);
void ic_daemon_stop(struct ic_instance *inst);
int ic_daemon_handle(struct ic_instance *inst, struct ic_msg *msg);
void ic_daemon_show(struct seq_file *m, struct ic_instance *inst);

/* In a struct ic_service: the service is answered through @ops. */
#define IC_DAEMON_SERVICE(ops)				\
	.daemon = (ops),				\
	.priv_size = sizeof(struct ic_daemon *),	\
	.handle = ic_daemon_handle,			\
	.start = ic_daemon_start,			\
	.stop = ic_daemon_stop,				\
	.show = ic_daemon_show

#endif /* _HV_UTILS_IC_DAEMON_H */
