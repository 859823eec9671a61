// SPDX-License-Identifier: GPL-2.0
/*
 * The misc device through which a userspace daemon serves an IC service
 * (KVP, VSS, file copy), in the way Debian's hyperv-daemons expect it:
 *
 * - one daemon at a time opens /dev/vmbus/<name> (a second open fails
 *   with EBUSY) and registers with its first write; the driver's answer
 *   to the registration is the first thing it reads;
 * - each host request is turned into one message the daemon reads; its
 *   next write is the answer, which goes back to the host;
 * - a request that finds no registered daemon fails at once; one the
 *   daemon does not answer within daemon_timeout_ms fails then; one whose
 *   daemon closes the device (exits, is killed) fails at the close. An
 *   answer that comes after its request ended is dropped.
 *
 * The host sends one request at a time; one that comes while another is
 * in progress fails.
 */
#include <linux/device.h>
#include <linux/fs.h>
#include <linux/jiffies.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "ic_daemon.h"

static unsigned int daemon_timeout_ms = 30000;
module_param(daemon_timeout_ms, uint, 0644);
MODULE_PARM_DESC(daemon_timeout_ms,
		 "How long KVP, VSS and file copy requests wait for their daemon, in ms (default 30000)");

/* Each daemon's device exists once: the ops of the instances that have one. */
static DEFINE_MUTEX(ic_daemon_users_lock);
static const struct ic_daemon_ops *ic_daemon_users[4];

/* Claim @ops' device name; false if another instance has it. */
static bool ic_daemon_claim(const struct ic_daemon_ops *ops)
{
	int i, free = -1;

	mutex_lock(&ic_daemon_users_lock);
	for (i = 0; i < ARRAY_SIZE(ic_daemon_users); i++) {
		if (ic_daemon_users[i] == ops)
			free = -2;
		else if (!ic_daemon_users[i] && free == -1)
			free = i;
	}
	if (free >= 0)
		ic_daemon_users[free] = ops;
	mutex_unlock(&ic_daemon_users_lock);
	return free >= 0;
}

static void ic_daemon_unclaim(const struct ic_daemon_ops *ops)
{
	int i;

	mutex_lock(&ic_daemon_users_lock);
	for (i = 0; i < ARRAY_SIZE(ic_daemon_users); i++)
		if (ic_daemon_users[i] == ops)
			ic_daemon_users[i] = NULL;
	mutex_unlock(&ic_daemon_users_lock);
}

static struct ic_daemon *ic_daemon_of(struct file *file)
{
	return container_of(file->private_data, struct ic_daemon, misc);
}

static struct ic_daemon *ic_daemon_of_inst(struct ic_instance *inst)
{
	return *(struct ic_daemon **)ic_priv(inst);
}

static void ic_daemon_free(struct kref *ref)
{
	struct ic_daemon *d = container_of(ref, struct ic_daemon, ref);

	kfree(d->req);
	kfree(d->msg);
	kfree(d->out);
	kfree(d);
}

/* A transaction is with the daemon: queued for it or read by it. */
static bool ic_daemon_pending(struct ic_daemon *d)
{
	lockdep_assert_held(&d->lock);
	return d->queued || d->waiting;
}

/* End the transaction: answer the host with @status, @req rewritten. */
static void ic_daemon_finish(struct ic_daemon *d, struct ic_msg *req,
			     u32 status)
{
	lockdep_assert_held(&d->lock);
	ic_msg_set_response(req, status);
	d->queued = false;
	d->waiting = false;
	WRITE_ONCE(d->out_len, 0);
	/*
	 * The host sends its next request as soon as it has the answer:
	 * free the slot and send under tx_lock, so that request waits for
	 * the slot in ic_daemon_submit() and does not overwrite d->req
	 * while it is being sent.
	 */
	spin_lock_irq(&d->tx_lock);
	d->busy = false;
	if (!d->dead)
		ic_send_answer(d->inst, d->req, req->reply_len, d->trans_id);
	spin_unlock_irq(&d->tx_lock);
}

static void ic_daemon_fail(struct ic_daemon *d)
{
	struct ic_msg req;

	lockdep_assert_held(&d->lock);
	/* The copy parsed when it came in; it cannot fail now. */
	if (ic_msg_parse(&req, d->req, d->req_len, d->inst->buf_size))
		return;
	ic_daemon_finish(d, &req, IC_STATUS_FAIL);
}

/**
 * ic_daemon_msg() - where to build the next message for the daemon
 * @d: the daemon side
 *
 * A message the daemon has not read yet stays readable until
 * ic_daemon_queue() replaces it.
 *
 * Context: the ops' @handshake or @to_daemon.
 * Return: the ops' @out_size bytes, zeroed.
 */
void *ic_daemon_msg(struct ic_daemon *d)
{
	lockdep_assert_held(&d->lock);
	memset(d->msg, 0, d->ops->out_size);
	return d->msg;
}

/**
 * ic_daemon_queue() - give the daemon the message built at ic_daemon_msg()
 * @d: the daemon side
 * @len: its bytes, at most the ops' @out_size
 *
 * Context: the ops' @handshake or @to_daemon.
 */
void ic_daemon_queue(struct ic_daemon *d, size_t len)
{
	lockdep_assert_held(&d->lock);
	if (WARN_ON_ONCE(len > d->ops->out_size))
		return;
	memcpy(d->out, d->msg, len);
	WRITE_ONCE(d->out_len, len);
	wake_up_interruptible(&d->wq);
}

static void ic_daemon_work(struct work_struct *work)
{
	struct ic_daemon *d = container_of(work, struct ic_daemon, work);
	struct ic_msg req;
	int err;

	mutex_lock(&d->lock);
	if (d->dead)
		goto out_unlock;
	d->transactions++;
	if (ic_msg_parse(&req, d->req, d->req_len, d->inst->buf_size))
		goto out_unlock;
	if (!d->registered) {
		d->no_daemon++;
		dev_warn_ratelimited(d->inst->dev, "%s: no daemon; request failed\n",
				     d->inst->svc->name);
		ic_daemon_finish(d, &req, IC_STATUS_FAIL);
		goto out_unlock;
	}
	err = d->ops->to_daemon(d, &req);
	if (err) {
		ic_daemon_finish(d, &req, IC_STATUS_FAIL);
		goto out_unlock;
	}
	d->queued = true;
	schedule_delayed_work(&d->timeout_work,
			      msecs_to_jiffies(READ_ONCE(daemon_timeout_ms)));
out_unlock:
	mutex_unlock(&d->lock);
}

static void ic_daemon_timeout(struct work_struct *work)
{
	struct ic_daemon *d = container_of(to_delayed_work(work),
					   struct ic_daemon, timeout_work);

	mutex_lock(&d->lock);
	/*
	 * Pending again: the transaction this timeout was armed for was
	 * answered while it waited for the lock, and a newer one armed its
	 * own (ic_daemon_answer() cancels without waiting).
	 */
	if (delayed_work_pending(&d->timeout_work)) {
		mutex_unlock(&d->lock);
		return;
	}
	if (!d->dead && ic_daemon_pending(d)) {
		d->timeouts++;
		dev_err_ratelimited(d->inst->dev,
				    "%s: the daemon did not answer in %u ms\n",
				    d->inst->svc->name,
				    READ_ONCE(daemon_timeout_ms));
		ic_daemon_fail(d);
	}
	mutex_unlock(&d->lock);
}

/* Hand the host's checked request to the daemon. */
static int ic_daemon_submit(struct ic_daemon *d, struct ic_msg *msg)
{
	unsigned long flags;

	spin_lock_irqsave(&d->tx_lock, flags);
	if (d->busy) {
		spin_unlock_irqrestore(&d->tx_lock, flags);
		dev_err_ratelimited(d->inst->dev,
				    "%s: request while another is in progress\n",
				    d->inst->svc->name);
		return -EBUSY;
	}
	d->busy = true;
	spin_unlock_irqrestore(&d->tx_lock, flags);
	memcpy(d->req, msg->buf, msg->len);
	d->req_len = msg->len;
	d->trans_id = d->inst->trans_id;
	schedule_work(&d->work);
	return IC_ANSWER_LATER;
}

/**
 * ic_daemon_handle() - the @handle of a service its daemon answers
 * @inst: the instance
 * @msg: the host's request
 *
 * Context: the channel callback.
 * Return: as struct ic_service's @handle.
 */
int ic_daemon_handle(struct ic_instance *inst, struct ic_msg *msg)
{
	struct ic_daemon *d = ic_daemon_of_inst(inst);
	int ret = d->ops->check(inst, msg);

	if (ret < 0) {
		dev_err_ratelimited(inst->dev,
				    "%s: malformed request (%u bytes, %d)\n",
				    inst->svc->name, ic_msg_body_size(msg), ret);
		return ret;
	}
	return ret ? ic_daemon_submit(d, msg) : 0;
}

static int ic_daemon_open(struct inode *inode, struct file *file)
{
	struct ic_daemon *d = ic_daemon_of(file);
	int err = 0;

	mutex_lock(&d->lock);
	if (d->dead)
		err = -ENODEV;
	else if (d->open)
		err = -EBUSY;
	if (!err) {
		d->open = true;
		d->registered = false;
		WRITE_ONCE(d->out_len, 0);
		kref_get(&d->ref);
	}
	mutex_unlock(&d->lock);
	return err;
}

static int ic_daemon_release(struct inode *inode, struct file *file)
{
	struct ic_daemon *d = ic_daemon_of(file);

	mutex_lock(&d->lock);
	if (!d->dead && ic_daemon_pending(d)) {
		dev_warn_ratelimited(d->inst->dev,
				     "%s: the daemon went away; request failed\n",
				     d->inst->svc->name);
		ic_daemon_fail(d);
	}
	d->open = false;
	d->registered = false;
	WRITE_ONCE(d->out_len, 0);
	mutex_unlock(&d->lock);
	kref_put(&d->ref, ic_daemon_free);
	return 0;
}

/* Lockless (wait condition, poll); the writers use WRITE_ONCE(). */
static bool ic_daemon_readable(struct ic_daemon *d)
{
	return READ_ONCE(d->out_len) || READ_ONCE(d->dead);
}

static ssize_t ic_daemon_read(struct file *file, char __user *ubuf,
			      size_t count, loff_t *ppos)
{
	struct ic_daemon *d = ic_daemon_of(file);
	ssize_t ret;

	mutex_lock(&d->lock);
	while (!d->out_len && !d->dead) {
		mutex_unlock(&d->lock);
		if (file->f_flags & O_NONBLOCK)
			return -EAGAIN;
		if (wait_event_interruptible(d->wq, ic_daemon_readable(d)))
			return -ERESTARTSYS;
		mutex_lock(&d->lock);
	}
	if (d->dead) {
		ret = -ENODEV;
	} else if (count < d->out_len) {
		ret = -EINVAL;
	} else if (copy_to_user(ubuf, d->out, d->out_len)) {
		ret = -EFAULT;
	} else {
		ret = d->out_len;
		d->waiting = d->queued;
		d->queued = false;
		WRITE_ONCE(d->out_len, 0);
	}
	mutex_unlock(&d->lock);
	return ret;
}

/* The daemon's first write: its registration. */
static int ic_daemon_register(struct ic_daemon *d, const void *buf,
			      size_t len)
{
	int err = -EINVAL;

	lockdep_assert_held(&d->lock);
	if (len == d->ops->in_size)
		err = d->ops->handshake(d, buf);
	if (err) {
		dev_err_ratelimited(d->inst->dev,
				    "%s: daemon registration refused (%zu bytes, %d)\n",
				    d->inst->svc->name, len, err);
		return err;
	}
	d->registered = true;
	dev_info_ratelimited(d->inst->dev, "%s: daemon registered\n",
			     d->inst->svc->name);
	return 0;
}

/* The daemon's answer to the transaction it read. */
static void ic_daemon_answer(struct ic_daemon *d, const void *buf, size_t len)
{
	struct ic_msg req;
	u32 status = IC_STATUS_FAIL;

	lockdep_assert_held(&d->lock);
	cancel_delayed_work(&d->timeout_work);
	if (ic_msg_parse(&req, d->req, d->req_len, d->inst->buf_size))
		return;
	if (len == d->ops->in_size)
		status = d->ops->from_daemon(d, &req, buf);
	else
		dev_err_ratelimited(d->inst->dev,
				    "%s: daemon answer of %zu bytes\n",
				    d->inst->svc->name, len);
	ic_daemon_finish(d, &req, status);
}

static ssize_t ic_daemon_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct ic_daemon *d = ic_daemon_of(file);
	ssize_t ret = count;
	void *buf;
	int err;

	if (!count || count > d->ops->in_size)
		return -EINVAL;
	buf = memdup_user(ubuf, count);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	mutex_lock(&d->lock);
	if (d->dead) {
		ret = -ENODEV;
	} else if (!d->registered) {
		err = ic_daemon_register(d, buf, count);
		if (err)
			ret = err;
	} else if (d->waiting) {
		ic_daemon_answer(d, buf, count);
	} else {
		d->late++;
	}
	mutex_unlock(&d->lock);
	kfree(buf);
	return ret;
}

static __poll_t ic_daemon_poll(struct file *file, poll_table *wait)
{
	struct ic_daemon *d = ic_daemon_of(file);
	__poll_t mask = EPOLLOUT | EPOLLWRNORM;

	poll_wait(file, &d->wq, wait);
	if (READ_ONCE(d->dead))
		return EPOLLERR | EPOLLHUP;
	if (READ_ONCE(d->out_len))
		mask |= EPOLLIN | EPOLLRDNORM;
	return mask;
}

static const struct file_operations ic_daemon_fops = {
	.owner = THIS_MODULE,
	.open = ic_daemon_open,
	.release = ic_daemon_release,
	.read = ic_daemon_read,
	.write = ic_daemon_write,
	.poll = ic_daemon_poll,
	.llseek = noop_llseek,
};

/**
 * ic_daemon_start() - the @start of a service its daemon answers: create
 *	the daemon side and its misc device
 * @inst: the service instance
 *
 * Context: process context, before the channel opens.
 * Return: 0, -EBUSY if another instance of the service has the device,
 * -ENOMEM, or misc_register()'s error.
 */
int ic_daemon_start(struct ic_instance *inst)
{
	const struct ic_daemon_ops *ops = inst->svc->daemon;
	struct ic_daemon *d;
	int err = -ENOMEM;

	/* misc_register() would warn about the duplicate name. */
	if (!ic_daemon_claim(ops)) {
		dev_err(inst->dev, "%s: /dev/%s belongs to another device\n",
			inst->svc->name, ops->devname);
		return -EBUSY;
	}
	d = kzalloc(sizeof(*d), GFP_KERNEL);
	if (!d) {
		ic_daemon_unclaim(ops);
		return -ENOMEM;
	}
	kref_init(&d->ref);
	d->ops = ops;
	d->inst = inst;
	mutex_init(&d->lock);
	init_waitqueue_head(&d->wq);
	spin_lock_init(&d->tx_lock);
	INIT_WORK(&d->work, ic_daemon_work);
	INIT_DELAYED_WORK(&d->timeout_work, ic_daemon_timeout);
	d->out = kzalloc(ops->out_size, GFP_KERNEL);
	d->msg = kzalloc(ops->out_size, GFP_KERNEL);
	d->req = kzalloc(inst->buf_size, GFP_KERNEL);
	if (!d->out || !d->msg || !d->req)
		goto err_free;
	d->misc.minor = MISC_DYNAMIC_MINOR;
	d->misc.name = ops->devname;
	d->misc.fops = &ic_daemon_fops;
	err = misc_register(&d->misc);
	if (err) {
		dev_err(inst->dev, "%s: cannot register /dev/%s: %d\n",
			inst->svc->name, ops->devname, err);
		goto err_free;
	}
	*(struct ic_daemon **)ic_priv(inst) = d;
	return 0;

err_free:
	kref_put(&d->ref, ic_daemon_free);
	ic_daemon_unclaim(ops);
	return err;
}

/**
 * ic_daemon_stop() - the @stop of a service its daemon answers: remove
 *	the device; open files only fail from now on
 * @inst: the service instance
 *
 * Context: process context; the channel is closed, no request comes.
 */
void ic_daemon_stop(struct ic_instance *inst)
{
	struct ic_daemon *d = ic_daemon_of_inst(inst);

	mutex_lock(&d->lock);
	WRITE_ONCE(d->dead, true);
	mutex_unlock(&d->lock);
	wake_up_interruptible(&d->wq);
	cancel_work_sync(&d->work);
	cancel_delayed_work_sync(&d->timeout_work);
	misc_deregister(&d->misc);
	ic_daemon_unclaim(d->ops);
	kref_put(&d->ref, ic_daemon_free);
}

/**
 * ic_daemon_show() - the @show of a service its daemon answers
 * @m: the debugfs file
 * @inst: the service instance
 */
void ic_daemon_show(struct seq_file *m, struct ic_instance *inst)
{
	struct ic_daemon *d = ic_daemon_of_inst(inst);

	mutex_lock(&d->lock);
	seq_printf(m, "daemon: %s\n", d->registered ? "registered" :
		   d->open ? "open" : "none");
	seq_printf(m, "transactions: %llu\n", d->transactions);
	seq_printf(m, "timeouts: %llu\n", d->timeouts);
	seq_printf(m, "no_daemon: %llu\n", d->no_daemon);
	seq_printf(m, "late: %llu\n", d->late);
	mutex_unlock(&d->lock);
}
