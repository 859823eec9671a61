// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim_echo: the guest driver of vmbussim's echo device, for tests.
 *
 * Writing N to /sys/kernel/debug/vmbussim_echo/<device>/ping sends N
 * requests through the bus's request-id table, with payloads of varying
 * length and a pattern derived from each request's number, keeping a
 * bounded number in flight; every completion is matched by transaction id
 * and its payload checked byte for byte. "stats" shows the counts.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include <linux/hyperv/vmbus.h>
#include <linux/hyperv/vmbussim.h>

#define ECHO_RING_SIZE		(16 * PAGE_SIZE)
#define ECHO_IN_FLIGHT		32
#define ECHO_TIMEOUT		(10 * HZ)

struct echo_dev {
	struct hv_device *hdev;
	struct mutex ping_lock;		/* one ping run at a time */
	wait_queue_head_t wq;
	atomic_t in_flight;
	atomic64_t sent;
	atomic64_t ok;
	atomic64_t bad;
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

static void echo_completion(struct echo_dev *ed,
			    const struct vmbus_packet_desc *desc)
{
	struct vmbus_channel *ch = ed->hdev->channel;
	u64 seq;

	if (le16_to_cpu(desc->type) != VMBUS_PKT_COMP ||
	    vmbus_complete_request(ch, le64_to_cpu(desc->trans_id), &seq)) {
		atomic64_inc(&ed->bad);
		return;
	}
	if (echo_check(vmbus_packet_data(desc), vmbus_packet_len(desc), seq))
		atomic64_inc(&ed->ok);
	else
		atomic64_inc(&ed->bad);
	atomic_dec(&ed->in_flight);
}

static void echo_callback(void *ctx)
{
	struct echo_dev *ed = ctx;
	struct vmbus_channel *ch = ed->hdev->channel;
	const struct vmbus_packet_desc *desc;

	while ((desc = vmbus_next_packet(ch)) && !IS_ERR(desc)) {
		echo_completion(ed, desc);
		if (vmbus_channel_broken(ch))
			break;
	}
	vmbus_read_done(ch);
	/* Once per batch: senders wait for room, ping for the last one. */
	wake_up(&ed->wq);
}

static bool echo_room(struct echo_dev *ed)
{
	return atomic_read(&ed->in_flight) < ECHO_IN_FLIGHT ||
	       vmbus_channel_broken(ed->hdev->channel);
}

static int echo_send_one(struct echo_dev *ed, u64 seq)
{
	struct vmbus_channel *ch = ed->hdev->channel;
	int ret;

	if (!wait_event_timeout(ed->wq, echo_room(ed), ECHO_TIMEOUT))
		return -ETIMEDOUT;
	if (vmbus_channel_broken(ch))
		return -EIO;
	echo_fill(ed->buf, seq);
	atomic_inc(&ed->in_flight);
	do {
		ret = vmbus_send_request(ch, ed->buf, echo_len(seq), seq);
		/* The ring is full: the host drains it. */
		if (ret == -EAGAIN)
			usleep_range(50, 100);
	} while (ret == -EAGAIN);
	if (ret) {
		atomic_dec(&ed->in_flight);
		return ret;
	}
	atomic64_inc(&ed->sent);
	return 0;
}

static int echo_ping(struct echo_dev *ed, u64 count)
{
	u64 seq, first = atomic64_read(&ed->sent);
	int ret = 0;

	mutex_lock(&ed->ping_lock);
	for (seq = first; seq < first + count && !ret; seq++)
		ret = echo_send_one(ed, seq);
	if (!ret && !wait_event_timeout(ed->wq, !atomic_read(&ed->in_flight),
					ECHO_TIMEOUT))
		ret = -ETIMEDOUT;
	mutex_unlock(&ed->ping_lock);
	return ret;
}

static ssize_t echo_ping_write(struct file *file, const char __user *ubuf,
			       size_t count, loff_t *ppos)
{
	struct echo_dev *ed = file_inode(file)->i_private;
	u64 n;
	int ret;

	ret = kstrtou64_from_user(ubuf, count, 0, &n);
	if (ret)
		return ret;
	ret = echo_ping(ed, n);
	return ret ? ret : count;
}

static const struct file_operations echo_ping_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = echo_ping_write,
};

static int echo_stats_show(struct seq_file *m, void *v)
{
	struct echo_dev *ed = m->private;

	seq_printf(m, "sent=%lld ok=%lld bad=%lld in_flight=%d\n",
		   atomic64_read(&ed->sent), atomic64_read(&ed->ok),
		   atomic64_read(&ed->bad), atomic_read(&ed->in_flight));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(echo_stats);

static int echo_probe(struct hv_device *hdev,
		      const struct hv_vmbus_device_id *id)
{
	struct vmbus_open_params params = {
		.send_ring_size = ECHO_RING_SIZE,
		.recv_ring_size = ECHO_RING_SIZE,
		.max_pkt_size = sizeof(struct vmbus_packet_desc) +
				VMBUSSIM_ECHO_MAX,
		.rqst_slots = ECHO_IN_FLIGHT,
		.callback = echo_callback,
	};
	struct echo_dev *ed;
	int ret;

	ed = kzalloc(sizeof(*ed), GFP_KERNEL);
	if (!ed)
		return -ENOMEM;
	ed->hdev = hdev;
	mutex_init(&ed->ping_lock);
	init_waitqueue_head(&ed->wq);
	params.ctx = ed;
	dev_set_drvdata(&hdev->device, ed);
	ret = vmbus_open(hdev->channel, &params);
	if (ret) {
		kfree(ed);
		return ret;
	}
	ed->dir = debugfs_create_dir(dev_name(&hdev->device), echo_root);
	debugfs_create_file("ping", 0200, ed->dir, ed, &echo_ping_fops);
	debugfs_create_file("stats", 0444, ed->dir, ed, &echo_stats_fops);
	return 0;
}

static void echo_remove(struct hv_device *hdev)
{
	struct echo_dev *ed = dev_get_drvdata(&hdev->device);

	debugfs_remove_recursive(ed->dir);
	vmbus_close(hdev->channel);
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
VMBUS_IMPORT_NS();
