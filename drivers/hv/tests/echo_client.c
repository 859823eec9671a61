// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim_echo: the guest driver of vmbussim's echo device, for tests.
 *
 * Files in /sys/kernel/debug/vmbussim_echo/<device>/, each taking a
 * number N:
 *   ping         N requests through the bus's request-id table, round
 *                robin over the open channels, with payloads of varying
 *                length and a pattern derived from each request's number,
 *                a bounded number in flight per channel; every completion
 *                is matched by transaction id and checked byte for byte
 *   subchannels  ask the host for N more subchannels, open them
 *   gpa          N GPA-direct operations on buffers of up to three pages:
 *                the host writes or checks a pattern in the guest's pages
 *   xfer         share a receive buffer as a GPADL, let the host name
 *                pieces of it in N transfer-page packets, take it back
 * A write returns when the run completed, or an error. "stats" shows the
 * counts.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/wait.h>

#include <linux/hyperv/vmbus.h>
#include <linux/hyperv/vmbussim.h>

#define ECHO_RING_SIZE		(16 * PAGE_SIZE)
#define ECHO_IN_FLIGHT		32
#define ECHO_TIMEOUT		(10 * HZ)
#define ECHO_MAX_CHANNELS	9	/* the primary and 8 subchannels */
#define ECHO_OP_COOKIE		U64_MAX	/* the one operation in flight */
#define ECHO_GPA_ORDER		2	/* GPA buffer: 4 pages */
#define ECHO_RBUF_SIZE		(8 * PAGE_SIZE)

struct echo_dev;

/**
 * struct echo_chan - one open channel of the device
 * @ed: the device
 * @ch: the bus's channel
 * @in_flight: echo requests sent on it and not completed
 */
struct echo_chan {
	struct echo_dev *ed;
	struct vmbus_channel *ch;
	atomic_t in_flight;
};

/**
 * struct echo_dev - the echo device
 * @hdev: the bus's device
 * @run_lock: one test run (ping, gpa, xfer, subchannels) at a time; a
 *	subchannel leaves @chans only under it
 * @chans_lock: protects changes of @chans and @removing
 * @chans: open channels by index; [0] is the primary
 * @removing: the device is going away: open no subchannel
 * @wq: woken when completions arrive
 * @op_done: the operation in flight completed
 * @op_status: its result
 * @rbuf: the receive buffer while shared with the host
 * @sent: echo requests sent
 * @ok: echo completions with the right bytes
 * @bad: wrong completions
 * @xfer_ok: transfer-page packets with the right bytes
 * @xfer_bad: wrong transfer-page packets
 * @buf: the payload being sent
 * @dir: debugfs directory
 */
struct echo_dev {
	struct hv_device *hdev;
	struct mutex run_lock; /* one test run; removal of subchannels */
	struct mutex chans_lock; /* changes of chans[], removing */
	struct echo_chan *chans[ECHO_MAX_CHANNELS];
	bool removing;
	wait_queue_head_t wq;
	struct completion op_done;
	int op_status;
	u8 *rbuf;
	atomic64_t sent;
	atomic64_t ok;
	atomic64_t bad;
	atomic64_t xfer_ok;
	atomic64_t xfer_bad;
	u8 buf[VMBUSSIM_ECHO_MAX];
	struct dentry *dir;
};

static struct dentry *echo_root;

/* Request @seq carries this many bytes ... */
static u32 echo_len(u64 seq)
{
	return 8 + (u32)(seq * 37 % (VMBUSSIM_ECHO_MAX - 7));
}

/* ... and this byte at offset @i (after its 8-byte number). */
static u8 echo_byte(u64 seq, u32 i)
{
	return (u8)(seq * 31 + i);
}

static void echo_fill(u8 *buf, u64 seq)
{
	__le64 tag = cpu_to_le64(seq);
	u32 i, len = echo_len(seq);

	memcpy(buf, &tag, sizeof(tag));
	for (i = sizeof(tag); i < len; i++)
		buf[i] = echo_byte(seq, i);
}

static bool echo_check(const u8 *data, u32 len, u64 seq)
{
	__le64 tag;
	u32 i;

	/* The ring pads packets to 8 bytes: the payload may be longer. */
	if (len < echo_len(seq) || len > ALIGN(echo_len(seq), 8))
		return false;
	memcpy(&tag, data, sizeof(tag));
	if (le64_to_cpu(tag) != seq)
		return false;
	for (i = sizeof(tag); i < echo_len(seq); i++)
		if (data[i] != echo_byte(seq, i))
			return false;
	return true;
}

static bool echo_pattern_ok(const u8 *p, u32 len, u64 seed)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (p[i] != vmbussim_echo_pattern(seed, i))
			return false;
	return true;
}

/* The result of the operation in flight. */
static void echo_op_completion(struct echo_dev *ed,
			       const struct vmbus_packet_desc *desc)
{
	const struct vmbussim_echo_result *res = vmbus_packet_data(desc);

	if (vmbus_packet_len(desc) < sizeof(*res) ||
	    le64_to_cpu(res->magic) != VMBUSSIM_ECHO_MAGIC)
		ed->op_status = -EBADMSG;
	else
		ed->op_status = (int)le32_to_cpu(res->status);
	complete(&ed->op_done);
}

static void echo_completion(struct echo_chan *ec,
			    const struct vmbus_packet_desc *desc)
{
	struct echo_dev *ed = ec->ed;
	u64 seq;

	if (vmbus_complete_request(ec->ch, le64_to_cpu(desc->trans_id), &seq)) {
		atomic64_inc(&ed->bad);
		return;
	}
	if (seq == ECHO_OP_COOKIE) {
		echo_op_completion(ed, desc);
		return;
	}
	if (echo_check(vmbus_packet_data(desc), vmbus_packet_len(desc), seq))
		atomic64_inc(&ed->ok);
	else
		atomic64_inc(&ed->bad);
	atomic_dec(&ec->in_flight);
}

/* Check every piece a transfer-page packet names, then complete it. */
static void echo_xfer_packet(struct echo_chan *ec,
			     const struct vmbus_packet_desc *desc)
{
	const struct vmbus_xfer_page_packet *x = vmbus_xfer_page_packet(desc);
	const struct vmbussim_echo_op *op = vmbus_packet_data(desc);
	struct echo_dev *ed = ec->ed;
	u32 k, off, len;
	bool good;

	good = !IS_ERR(x) && ed->rbuf &&
	       le16_to_cpu(x->xfer_pageset_id) == VMBUSSIM_ECHO_XFER_SET &&
	       vmbus_packet_len(desc) >= sizeof(*op);
	for (k = 0; good && k < le32_to_cpu(x->range_count); k++) {
		off = le32_to_cpu(x->ranges[k].byte_offset);
		len = le32_to_cpu(x->ranges[k].byte_count);
		good = off < ECHO_RBUF_SIZE && len <= ECHO_RBUF_SIZE - off &&
		       len == le32_to_cpu(op->len) &&
		       echo_pattern_ok(ed->rbuf + off, len,
				       le64_to_cpu(op->seed) + k);
	}
	atomic64_inc(good ? &ed->xfer_ok : &ed->xfer_bad);
	vmbus_sendpacket(ec->ch, NULL, 0, le64_to_cpu(desc->trans_id),
			 VMBUS_PKT_COMP, 0);
}

static void echo_callback(void *ctx)
{
	struct echo_chan *ec = ctx;
	const struct vmbus_packet_desc *desc;

	while ((desc = vmbus_next_packet(ec->ch)) && !IS_ERR(desc)) {
		if (le16_to_cpu(desc->type) == VMBUS_PKT_COMP)
			echo_completion(ec, desc);
		else if (le16_to_cpu(desc->type) ==
			 VMBUS_PKT_DATA_USING_XFER_PAGES)
			echo_xfer_packet(ec, desc);
		else
			atomic64_inc(&ec->ed->bad);
		if (vmbus_channel_broken(ec->ch))
			break;
	}
	vmbus_read_done(ec->ch);
	/* Once per batch: senders wait for room, ping for the last one. */
	wake_up(&ec->ed->wq);
}

static bool echo_room(struct echo_chan *ec)
{
	return atomic_read(&ec->in_flight) < ECHO_IN_FLIGHT ||
	       vmbus_channel_broken(ec->ch);
}

static int echo_send_one(struct echo_chan *ec, u64 seq)
{
	struct echo_dev *ed = ec->ed;
	int ret;

	if (!wait_event_timeout(ed->wq, echo_room(ec), ECHO_TIMEOUT))
		return -ETIMEDOUT;
	if (vmbus_channel_broken(ec->ch))
		return -EIO;
	echo_fill(ed->buf, seq);
	atomic_inc(&ec->in_flight);
	do {
		ret = vmbus_send_request(ec->ch, ed->buf, echo_len(seq), seq);
		/* The ring is full: the host drains it. */
		if (ret == -EAGAIN)
			usleep_range(50, 100);
	} while (ret == -EAGAIN);
	if (ret) {
		atomic_dec(&ec->in_flight);
		return ret;
	}
	atomic64_inc(&ed->sent);
	return 0;
}

/* The open channels, in index order; the caller holds run_lock. */
static int echo_channels(struct echo_dev *ed, struct echo_chan **out)
{
	int i, n = 0;

	lockdep_assert_held(&ed->run_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++) {
		/* Pairs with the release store in echo_sc_open(). */
		out[n] = smp_load_acquire(&ed->chans[i]);
		if (out[n])
			n++;
	}
	return n;
}

static bool echo_idle(struct echo_chan **chans, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (atomic_read(&chans[i]->in_flight))
			return false;
	return true;
}

/* Spread @count echoes over all open channels, round robin. */
static int echo_ping(struct echo_dev *ed, u64 count)
{
	struct echo_chan *chans[ECHO_MAX_CHANNELS];
	u64 seq, first = atomic64_read(&ed->sent);
	int n, ret = 0;

	mutex_lock(&ed->run_lock);
	n = echo_channels(ed, chans);
	for (seq = first; seq < first + count && !ret; seq++)
		ret = echo_send_one(chans[seq % n], seq);
	if (!ret && !wait_event_timeout(ed->wq, echo_idle(chans, n),
					ECHO_TIMEOUT))
		ret = -ETIMEDOUT;
	mutex_unlock(&ed->run_lock);
	return ret;
}

/*
 * Run one operation on the primary channel and wait for its result.
 * @ranges, if not NULL, makes it a GPA-direct packet.
 */
static int echo_op(struct echo_dev *ed, u32 opcode, u32 arg, u32 len,
		   u64 seed, const void *ranges, u32 ranges_len)
{
	struct vmbussim_echo_op op = {
		.magic = cpu_to_le64(VMBUSSIM_ECHO_MAGIC),
		.op = cpu_to_le32(opcode),
		.arg = cpu_to_le32(arg),
		.len = cpu_to_le32(len),
		.seed = cpu_to_le64(seed),
	};
	struct vmbus_channel *ch = ed->hdev->channel;
	int ret;

	lockdep_assert_held(&ed->run_lock);
	reinit_completion(&ed->op_done);
	if (ranges)
		ret = vmbus_send_gpa_request(ch, ranges, ranges_len, 1, &op,
					     sizeof(op), ECHO_OP_COOKIE);
	else
		ret = vmbus_send_request(ch, &op, sizeof(op), ECHO_OP_COOKIE);
	if (ret)
		return ret;
	if (!wait_for_completion_timeout(&ed->op_done, ECHO_TIMEOUT))
		return -ETIMEDOUT;
	return ed->op_status;
}

/* One GPA range over @len bytes at @off of the buffer's pages. */
static u32 echo_gpa_range(__le64 *ranges, struct page *pages, u32 off,
			  u32 len)
{
	struct vmbus_gpa_range *r = (void *)ranges;
	u64 first = page_to_phys(pages) >> HV_PAGE_SHIFT;
	u32 i, n = DIV_ROUND_UP(off % HV_PAGE_SIZE + len, HV_PAGE_SIZE);

	r->byte_offset = cpu_to_le32(off % HV_PAGE_SIZE);
	r->byte_count = cpu_to_le32(len);
	for (i = 0; i < n; i++)
		r->pfn[i] = cpu_to_le64(first + off / HV_PAGE_SIZE + i);
	return vmbus_gpa_range_size(n);
}

/*
 * Round @r of the GPA test: even rounds let the host write the pattern
 * into the guest's pages, odd rounds let it check the guest's pattern.
 */
static int echo_gpa_round(struct echo_dev *ed, struct page *pages,
			  __le64 *ranges, u32 r)
{
	u32 len = 1 + r * 997 % (3 * HV_PAGE_SIZE);
	u32 off = r * 61 % HV_PAGE_SIZE, i, rlen;
	u8 *buf = page_address(pages);
	u64 seed = 1000 + r;
	int ret;

	rlen = echo_gpa_range(ranges, pages, off, len);
	if (r % 2) {
		for (i = 0; i < len; i++)
			buf[off + i] = vmbussim_echo_pattern(seed, i);
		return echo_op(ed, VMBUSSIM_ECHO_GPA_READ, 0, len, seed,
			       ranges, rlen);
	}
	memset(buf, 0, PAGE_SIZE << ECHO_GPA_ORDER);
	ret = echo_op(ed, VMBUSSIM_ECHO_GPA_WRITE, 0, len, seed, ranges,
		      rlen);
	if (!ret && !echo_pattern_ok(buf + off, len, seed))
		ret = -EILSEQ;
	return ret;
}

static int echo_gpa(struct echo_dev *ed, u64 rounds)
{
	struct page *pages;
	__le64 *ranges;
	u32 r;
	int ret = 0;

	pages = alloc_pages(GFP_KERNEL, ECHO_GPA_ORDER);
	ranges = kmalloc(vmbus_gpa_range_size(1 << ECHO_GPA_ORDER), GFP_KERNEL);
	if (!pages || !ranges) {
		ret = -ENOMEM;
		goto out_free;
	}
	mutex_lock(&ed->run_lock);
	for (r = 0; r < rounds && !ret; r++)
		ret = echo_gpa_round(ed, pages, ranges, r);
	mutex_unlock(&ed->run_lock);
out_free:
	kfree(ranges);
	if (pages)
		__free_pages(pages, ECHO_GPA_ORDER);
	return ret;
}

/*
 * Share a receive buffer, have the host fill pieces of it and name them
 * in transfer-page packets, then take it back.
 */
static int echo_xfer(struct echo_dev *ed, u64 rounds)
{
	struct vmbus_channel *ch = ed->hdev->channel;
	u32 handle, r, count, len;
	u8 *rbuf;
	int ret;

	rbuf = vzalloc(ECHO_RBUF_SIZE);
	if (!rbuf)
		return -ENOMEM;
	mutex_lock(&ed->run_lock);
	ret = vmbus_gpadl_create(ch, rbuf, ECHO_RBUF_SIZE, &handle);
	if (ret)
		goto out_unlock;
	WRITE_ONCE(ed->rbuf, rbuf);
	ret = echo_op(ed, VMBUSSIM_ECHO_XFER_BUF, handle, 0, 0, NULL, 0);
	for (r = 0; r < rounds && !ret; r++) {
		count = 1 + r % 4;
		len = 1 + r * 1499 % (ECHO_RBUF_SIZE / 4 - 64);
		ret = echo_op(ed, VMBUSSIM_ECHO_XFER, count, len, 5000 + r,
			      NULL, 0);
	}
	/* The host lets go of the buffer before the teardown. */
	if (echo_op(ed, VMBUSSIM_ECHO_XFER_REVOKE, 0, 0, 0, NULL, 0) && !ret)
		ret = -EIO;
	WRITE_ONCE(ed->rbuf, NULL);
	if (vmbus_gpadl_destroy(ch, handle)) {
		/* The host may still write it: leak rather than reuse. */
		rbuf = NULL;
		ret = ret ?: -EIO;
	}
out_unlock:
	mutex_unlock(&ed->run_lock);
	vfree(rbuf);
	return ret;
}

static void echo_sc_open(struct vmbus_channel *sc);
static void echo_sc_rescind(struct vmbus_channel *sc);

static int echo_nr_channels(struct echo_dev *ed)
{
	int i, n = 0;

	mutex_lock(&ed->chans_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++)
		n += !!ed->chans[i];
	mutex_unlock(&ed->chans_lock);
	return n;
}

/* Ask the host for @n more subchannels and wait until they are open. */
static int echo_subchannels(struct echo_dev *ed, u64 n)
{
	struct vmbus_channel *ch = ed->hdev->channel;
	unsigned long end = jiffies + ECHO_TIMEOUT;
	int ret;

	if (n > ECHO_MAX_CHANNELS - echo_nr_channels(ed))
		return -EINVAL;
	n += echo_nr_channels(ed);
	vmbus_set_subchannel_callback(ch, echo_sc_open);
	vmbus_set_subchannel_rescind_callback(ch, echo_sc_rescind);
	mutex_lock(&ed->run_lock);
	ret = echo_op(ed, VMBUSSIM_ECHO_SUBCHANNELS,
		      n - echo_nr_channels(ed), 0, 0, NULL, 0);
	mutex_unlock(&ed->run_lock);
	while (!ret && echo_nr_channels(ed) < n) {
		if (time_after(jiffies, end))
			return -ETIMEDOUT;
		msleep(20);
	}
	return ret;
}

static ssize_t echo_run_write(struct file *file, const char __user *ubuf,
			      size_t count, int (*run)(struct echo_dev *, u64))
{
	struct echo_dev *ed = file_inode(file)->i_private;
	u64 n;
	int ret;

	ret = kstrtou64_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	ret = run(ed, n);
	return ret ? ret : count;
}

#define ECHO_RUN_FILE(name)						\
static ssize_t echo_##name##_write(struct file *file,			\
				   const char __user *ubuf,		\
				   size_t count, loff_t *ppos)		\
{									\
	return echo_run_write(file, ubuf, count, echo_##name);		\
}									\
static const struct file_operations echo_##name##_fops = {		\
	.owner = THIS_MODULE,						\
	.open = simple_open,						\
	.write = echo_##name##_write,					\
}

ECHO_RUN_FILE(ping);
ECHO_RUN_FILE(gpa);
ECHO_RUN_FILE(xfer);
ECHO_RUN_FILE(subchannels);

static int echo_stats_show(struct seq_file *m, void *v)
{
	struct echo_dev *ed = m->private;
	int i, in_flight = 0;

	mutex_lock(&ed->chans_lock);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++)
		if (ed->chans[i])
			in_flight += atomic_read(&ed->chans[i]->in_flight);
	mutex_unlock(&ed->chans_lock);
	seq_printf(m, "sent=%lld ok=%lld bad=%lld in_flight=%d channels=%d xfer_ok=%lld xfer_bad=%lld\n",
		   atomic64_read(&ed->sent), atomic64_read(&ed->ok),
		   atomic64_read(&ed->bad), in_flight, echo_nr_channels(ed),
		   atomic64_read(&ed->xfer_ok), atomic64_read(&ed->xfer_bad));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(echo_stats);

static struct echo_chan *echo_chan_open(struct echo_dev *ed,
					struct vmbus_channel *ch)
{
	struct vmbus_open_params params = {
		.send_ring_size = ECHO_RING_SIZE,
		.recv_ring_size = ECHO_RING_SIZE,
		.max_pkt_size = sizeof(struct vmbus_packet_desc) + 64 * 8 +
				VMBUSSIM_ECHO_MAX,
		.rqst_slots = ECHO_IN_FLIGHT + 1,
		.callback = echo_callback,
	};
	struct echo_chan *ec = kzalloc(sizeof(*ec), GFP_KERNEL);
	int ret;

	if (!ec)
		return ERR_PTR(-ENOMEM);
	ec->ed = ed;
	ec->ch = ch;
	params.ctx = ec;
	ret = vmbus_open(ch, &params);
	if (ret) {
		kfree(ec);
		return ERR_PTR(ret);
	}
	return ec;
}

/* The host offered a subchannel: open it and put it to use. */
static void echo_sc_open(struct vmbus_channel *sc)
{
	struct echo_dev *ed = dev_get_drvdata(&vmbus_channel_device(sc)->device);
	u16 idx = vmbus_subchannel_index(sc);
	struct echo_chan *ec;

	if (idx >= ECHO_MAX_CHANNELS)
		return;
	mutex_lock(&ed->chans_lock);
	if (ed->removing || ed->chans[idx])
		goto out_unlock;
	ec = echo_chan_open(ed, sc);
	if (IS_ERR(ec))
		goto out_unlock;
	/* Publish it fully set up: pairs with the acquire in echo_channels(). */
	smp_store_release(&ed->chans[idx], ec);
out_unlock:
	mutex_unlock(&ed->chans_lock);
}

/*
 * The host withdrew a subchannel: wait for the test run using it, take
 * it out of use and close it; the bus then frees it.
 */
static void echo_sc_rescind(struct vmbus_channel *sc)
{
	struct echo_dev *ed = dev_get_drvdata(&vmbus_channel_device(sc)->device);
	u16 idx = vmbus_subchannel_index(sc);
	struct echo_chan *ec = NULL;

	if (idx >= ECHO_MAX_CHANNELS)
		return;
	mutex_lock(&ed->run_lock);
	mutex_lock(&ed->chans_lock);
	if (ed->chans[idx] && ed->chans[idx]->ch == sc) {
		ec = ed->chans[idx];
		WRITE_ONCE(ed->chans[idx], NULL);
	}
	mutex_unlock(&ed->chans_lock);
	mutex_unlock(&ed->run_lock);
	if (!ec)
		return;
	vmbus_close(sc);
	kfree(ec);
}

static int echo_probe(struct hv_device *hdev,
		      const struct hv_vmbus_device_id *id)
{
	struct echo_chan *ec;
	struct echo_dev *ed;

	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->hdev = hdev;
	mutex_init(&ed->run_lock);
	mutex_init(&ed->chans_lock);
	init_waitqueue_head(&ed->wq);
	init_completion(&ed->op_done);
	dev_set_drvdata(&hdev->device, ed);
	ec = echo_chan_open(ed, hdev->channel);
	if (IS_ERR(ec)) {
		kfree(ed);
		return PTR_ERR(ec);
	}
	ed->chans[0] = ec;
	ed->dir = debugfs_create_dir(dev_name(&hdev->device), echo_root);
	debugfs_create_file("ping", 0200, ed->dir, ed, &echo_ping_fops);
	debugfs_create_file("gpa", 0200, ed->dir, ed, &echo_gpa_fops);
	debugfs_create_file("xfer", 0200, ed->dir, ed, &echo_xfer_fops);
	debugfs_create_file("subchannels", 0200, ed->dir, ed,
			    &echo_subchannels_fops);
	debugfs_create_file("stats", 0444, ed->dir, ed, &echo_stats_fops);
	return 0;
}

static void echo_remove(struct hv_device *hdev)
{
	struct echo_dev *ed = dev_get_drvdata(&hdev->device);
	int i;

	debugfs_remove_recursive(ed->dir);
	mutex_lock(&ed->chans_lock);
	ed->removing = true;
	mutex_unlock(&ed->chans_lock);
	/* Closes the subchannels too; no callback runs afterwards. */
	vmbus_close(hdev->channel);
	for (i = 0; i < ECHO_MAX_CHANNELS; i++)
		kfree(ed->chans[i]);
	kfree(ed);
}

static const struct hv_vmbus_device_id echo_ids[] = {
	{ .guid = VMBUSSIM_CLASS_ECHO },
	{}
};
MODULE_DEVICE_TABLE(vmbus, echo_ids);

static struct hv_driver echo_driver = {
	.name = KBUILD_MODNAME,
	.id_table = echo_ids,
	.probe = echo_probe,
	.remove = echo_remove,
};

static int __init echo_init(void)
{
	int ret;

	echo_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
	ret = vmbus_driver_register(&echo_driver);
	if (ret)
		debugfs_remove_recursive(echo_root);
	return ret;
}

static void __exit echo_exit(void)
{
	vmbus_driver_unregister(&echo_driver);
	debugfs_remove_recursive(echo_root);
}

module_init(echo_init);
module_exit(echo_exit);

MODULE_DESCRIPTION("Test driver of vmbussim's echo device");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("HYPERV_VMBUS");
