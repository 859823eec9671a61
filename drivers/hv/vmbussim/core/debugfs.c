// SPDX-License-Identifier: GPL-2.0
/*
 * Run-time control of the simulated host in /sys/kernel/debug/vmbussim/:
 * the device list, commands (add, rescind, reoffer, remove, mute), the
 * highest accepted version, fault injection and statistics. The formats are
 * documented in Documentation/vmbussim.rst.
 */
#include <linux/debugfs.h>
#include <linux/export.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "vmbussim.h"

#define VMBUSSIM_CMD_MAX	128

static struct dentry *vmbussim_dir;
/* The files that change the host: gone before the host is torn down. */
static struct dentry *vmbussim_ctl_file, *vmbussim_fault_file;

/**
 * vmbussim_debugfs_root() - vmbussim's debugfs directory, for model files
 *
 * Return: the dentry of /sys/kernel/debug/vmbussim.
 */
struct dentry *vmbussim_debugfs_root(void)
{
	return vmbussim_dir;
}
EXPORT_SYMBOL_GPL(vmbussim_debugfs_root);

static int vmbussim_devices_show(struct seq_file *m, void *v)
{
	struct vmbussim_chan *ch;

	mutex_lock(&vmbussim.lock);
	list_for_each_entry(ch, &vmbussim.chans, node) {
		seq_printf(m, "%u %s %pUl %s", ch->relid, ch->dev->model->name,
			   &ch->dev->instance,
			   vmbussim_dev_state_name(ch->state));
		if (ch->index)
			seq_printf(m, " sub=%u", ch->index);
		seq_putc(m, '\n');
	}
	mutex_unlock(&vmbussim.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbussim_devices);

static int vmbussim_stats_show(struct seq_file *m, void *v)
{
	struct vmbussim_dev_stats *s;
	struct vmbussim_chan *ch;

	mutex_lock(&vmbussim.lock);
	list_for_each_entry(ch, &vmbussim.chans, node) {
		s = &ch->stats;
		seq_printf(m, "%u %s %s cpu=%u pkts_in=%llu pkts_out=%llu signals_in=%llu signals_out=%llu masked=%llu ring_full=%llu bad_pkts=%llu monitored=%d monitor_id=%d monitor_hits=%llu pkts_now=%llu parked=%llu",
			   ch->relid, ch->dev->model->name,
			   vmbussim_dev_state_name(ch->state),
			   READ_ONCE(ch->target_cpu), s->pkts_in, s->pkts_out,
			   s->signals_in, s->signals_out, s->masked,
			   s->ring_full, s->bad_pkts, ch->monitored,
			   ch->monitored ? ch->monitor_id : -1,
			   s->monitor_hits, s->pkts_now, s->parked);
		if (ch->index)
			seq_printf(m, " sub=%u", ch->index);
		else if (ch->dev->model->ops->stats)
			ch->dev->model->ops->stats(ch->dev, m);
		seq_putc(m, '\n');
	}
	mutex_unlock(&vmbussim.lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbussim_stats);

static const char *const vmbussim_conn_names[] = {
	[VMBUSSIM_CONN_DOWN] = "down",
	[VMBUSSIM_CONN_UP] = "up",
	[VMBUSSIM_CONN_OFFERED] = "offered",
};

static int vmbussim_status_show(struct seq_file *m, void *v)
{
	mutex_lock(&vmbussim.lock);
	seq_printf(m, "connection: %s\n", vmbussim_conn_names[vmbussim.conn]);
	seq_printf(m, "version: %u.%u\n", VMBUS_VERSION_MAJOR(vmbussim.version),
		   VMBUS_VERSION_MINOR(vmbussim.version));
	seq_printf(m, "msg_conn_id: %u\n", vmbussim.msg_conn_id);
	seq_printf(m, "msg_cpu: %u\n", vmbussim.msg_cpu);
	seq_printf(m, "monitor_pages: %#llx %#llx\n", vmbussim.monitor_page1,
		   vmbussim.monitor_page2);
	seq_printf(m, "rescinded_closes: %llu\n", vmbussim.rescinded_closes);
	seq_printf(m, "released_unclosed: %llu\n", vmbussim.released_unclosed);
	mutex_unlock(&vmbussim.lock);
	seq_printf(m, "msgs_in: %lld\n", atomic64_read(&vmbussim.msgs_in));
	seq_printf(m, "msgs_out: %lld\n", atomic64_read(&vmbussim.msgs_out));
	seq_printf(m, "msgs_bad: %lld\n", atomic64_read(&vmbussim.msgs_bad));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vmbussim_status);

/* Copy a command from user space: "<verb> [<arg>]". */
static int vmbussim_get_cmd(const char __user *ubuf, size_t len, char *buf,
			    char **verb, char **arg)
{
	char *s;

	if (len >= VMBUSSIM_CMD_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	s = strim(buf);
	*verb = strsep(&s, " \t");
	*arg = s ? strim(s) : "";
	return 0;
}

/* A channel by relid, or a device's primary channel by instance GUID. */
static struct vmbussim_chan *vmbussim_chan_lookup(const char *arg)
{
	struct vmbussim_dev *dev;
	u32 relid;

	lockdep_assert_held(&vmbussim.lock);
	if (!kstrtou32(arg, 10, &relid))
		return vmbussim_chan_lookup_relid(relid);
	dev = vmbussim_dev_lookup(arg);
	return dev ? dev->chans[0] : NULL;
}

static int vmbussim_ctl_cmd(const char *verb, const char *arg)
{
	struct vmbussim_chan *ch;
	struct vmbussim_dev *dev;

	lockdep_assert_held(&vmbussim.lock);
	if (!strcmp(verb, "add")) {
		dev = vmbussim_dev_add(arg);
		return PTR_ERR_OR_ZERO(dev);
	}
	if (strcmp(verb, "rescind") && strcmp(verb, "reoffer") &&
	    strcmp(verb, "remove") && strcmp(verb, "mute") &&
	    strcmp(verb, "unmute"))
		return -EINVAL;
	ch = vmbussim_chan_lookup(arg);
	if (!ch)
		return -ENOENT;
	dev = ch->dev;
	if (!strcmp(verb, "mute") || !strcmp(verb, "unmute")) {
		WRITE_ONCE(dev->muted, !strcmp(verb, "mute"));
		return 0;
	}
	/* A subchannel's relid names just that channel. */
	if (ch->index)
		return strcmp(verb, "rescind") ? -EINVAL :
		       vmbussim_chan_rescind(ch);
	if (!strcmp(verb, "rescind"))
		return vmbussim_dev_rescind(dev);
	if (!strcmp(verb, "reoffer"))
		return vmbussim_dev_reoffer(dev);
	return vmbussim_dev_remove(dev);
}

static ssize_t vmbussim_ctl_write(struct file *file, const char __user *ubuf,
				  size_t len, loff_t *ppos)
{
	char buf[VMBUSSIM_CMD_MAX], *verb, *arg;
	int ret;

	ret = vmbussim_get_cmd(ubuf, len, buf, &verb, &arg);
	if (ret)
		return ret;
	/* A model whose module is not loaded yet: load it first. */
	if (!strcmp(verb, "add"))
		vmbussim_model_request(arg);
	mutex_lock(&vmbussim.lock);
	ret = vmbussim_ctl_cmd(verb, arg);
	mutex_unlock(&vmbussim.lock);
	return ret ?: len;
}

static const struct file_operations vmbussim_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbussim_ctl_write,
	.llseek = noop_llseek,
};

static int vmbussim_max_version_show(struct seq_file *m, void *v)
{
	u32 ver = READ_ONCE(vmbussim.max_version);

	seq_printf(m, "%u.%u\n", VMBUS_VERSION_MAJOR(ver),
		   VMBUS_VERSION_MINOR(ver));
	return 0;
}

static int vmbussim_max_version_open(struct inode *inode, struct file *file)
{
	return single_open(file, vmbussim_max_version_show, NULL);
}

static ssize_t vmbussim_max_version_write(struct file *file,
					  const char __user *ubuf,
					  size_t len, loff_t *ppos)
{
	char buf[VMBUSSIM_CMD_MAX], *verb, *arg;
	u32 ver;
	int ret;

	ret = vmbussim_get_cmd(ubuf, len, buf, &verb, &arg);
	if (ret)
		return ret;
	ver = vmbussim_parse_version(verb);
	if (!ver)
		return -EINVAL;
	mutex_lock(&vmbussim.lock);
	vmbussim.max_version = ver;
	mutex_unlock(&vmbussim.lock);
	return len;
}

static const struct file_operations vmbussim_max_version_fops = {
	.owner = THIS_MODULE,
	.open = vmbussim_max_version_open,
	.read = seq_read,
	.write = vmbussim_max_version_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/* Write a packet whose len8 is smaller than its offset8. */
static int vmbussim_fault_bad_packet(struct vmbussim_chan *ch)
{
	struct vmbus_packet_desc desc = {
		.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND),
		.offset8 = cpu_to_le16(4),
		.len8 = cpu_to_le16(2),
		.trans_id = cpu_to_le64(1),
	};
	static const u8 payload[16];
	bool signal;
	int ret;

	spin_lock_irq(&ch->ring_lock);
	ret = vmbussim_ring_write_raw(ch, &desc, NULL, 0, payload,
				      sizeof(payload), &signal);
	spin_unlock_irq(&ch->ring_lock);
	if (signal)
		vmbussim_chan_signal(ch);
	return ret;
}

static int vmbussim_fault_dev(const char *verb, const char *arg)
{
	static const u8 payload[8];
	struct vmbussim_chan *ch;

	lockdep_assert_held(&vmbussim.lock);
	ch = vmbussim_chan_lookup(arg);
	if (!ch)
		return -ENOENT;
	if (ch->state != VMBUSSIM_DEV_OPEN)
		return -ENOTCONN;
	if (!strcmp(verb, "bad_packet"))
		return vmbussim_fault_bad_packet(ch);
	/* A completion for a transaction the guest never started. */
	return vmbussim_send(ch, VMBUS_PKT_COMP, 0, 0xbadbadbadbad0001ULL,
			     payload, sizeof(payload));
}

static int vmbussim_fault_cmd(const char *verb, const char *arg)
{
	u32 val;

	if (!strcmp(verb, "bogus_version")) {
		set_bit(VMBUSSIM_FAULT_BOGUS_VERSION, &vmbussim.faults);
		return 0;
	}
	if (!strcmp(verb, "oversized_msg")) {
		set_bit(VMBUSSIM_FAULT_OVERSIZED_MSG, &vmbussim.faults);
		return 0;
	}
	if (!strcmp(verb, "refuse_open")) {
		set_bit(VMBUSSIM_FAULT_REFUSE_OPEN, &vmbussim.faults);
		return 0;
	}
	if (!strcmp(verb, "conn_failed")) {
		set_bit(VMBUSSIM_FAULT_CONN_FAILED, &vmbussim.faults);
		return 0;
	}
	if (!strcmp(verb, "refuse_gpadl")) {
		set_bit(VMBUSSIM_FAULT_REFUSE_GPADL, &vmbussim.faults);
		return 0;
	}
	if (!strcmp(verb, "delay_ms")) {
		if (kstrtou32(arg, 0, &val))
			return -EINVAL;
		WRITE_ONCE(vmbussim.delay_ms, min(val, 10000U));
		return 0;
	}
	if (!strcmp(verb, "drop")) {
		if (kstrtou32(arg, 0, &val) || !val)
			return -EINVAL;
		spin_lock_irq(&vmbussim.tx_lock);
		vmbussim.drop_type = val;
		spin_unlock_irq(&vmbussim.tx_lock);
		return 0;
	}
	if (!strcmp(verb, "malformed_offer"))
		return vmbussim_fault_malformed_offer();
	if (!strcmp(verb, "bad_relid"))
		return vmbussim_fault_bad_relid();
	if (!strcmp(verb, "bad_packet") || !strcmp(verb, "bad_trans_id"))
		return vmbussim_fault_dev(verb, arg);
	return -EINVAL;
}

/**
 * vmbussim_fault_apply() - arm or fire a fault given as "<verb> [<arg>]"
 * @cmd: the command (modified)
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_fault_apply(char *cmd)
{
	char *verb, *arg;
	int ret;

	cmd = strim(cmd);
	verb = strsep(&cmd, " \t");
	arg = cmd ? strim(cmd) : "";
	mutex_lock(&vmbussim.lock);
	ret = vmbussim_fault_cmd(verb, arg);
	mutex_unlock(&vmbussim.lock);
	if (!ret)
		pr_info("vmbussim: fault %s %s\n", verb, arg);
	return ret;
}

static ssize_t vmbussim_fault_write(struct file *file, const char __user *ubuf,
				    size_t len, loff_t *ppos)
{
	char buf[VMBUSSIM_CMD_MAX];
	int ret;

	if (len >= VMBUSSIM_CMD_MAX)
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	ret = vmbussim_fault_apply(buf);
	return ret ?: len;
}

static const struct file_operations vmbussim_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vmbussim_fault_write,
	.llseek = noop_llseek,
};

/**
 * vmbussim_debugfs_root_init() - create /sys/kernel/debug/vmbussim, for
 *	the core's lifetime: model modules add their files to it
 */
void vmbussim_debugfs_root_init(void)
{
	vmbussim_dir = debugfs_create_dir("vmbussim", NULL);
}

/**
 * vmbussim_debugfs_root_exit() - remove the directory (the core unloads:
 *	no model module is left)
 */
void vmbussim_debugfs_root_exit(void)
{
	debugfs_remove_recursive(vmbussim_dir);
	vmbussim_dir = NULL;
}

/* The files of a machine, from vmbussim_start() to vmbussim_stop(). */
static const char *const vmbussim_machine_files[] = {
	"devices", "stats", "status", "ctl", "max_version", "fault", "monitor",
};

/**
 * vmbussim_debugfs_init() - create the files of a machine
 */
void vmbussim_debugfs_init(void)
{
	debugfs_create_file("devices", 0444, vmbussim_dir, NULL,
			    &vmbussim_devices_fops);
	debugfs_create_file("stats", 0444, vmbussim_dir, NULL,
			    &vmbussim_stats_fops);
	debugfs_create_file("status", 0444, vmbussim_dir, NULL,
			    &vmbussim_status_fops);
	vmbussim_ctl_file = debugfs_create_file("ctl", 0200, vmbussim_dir, NULL,
						&vmbussim_ctl_fops);
	debugfs_create_file("max_version", 0644, vmbussim_dir, NULL,
			    &vmbussim_max_version_fops);
	vmbussim_fault_file = debugfs_create_file("fault", 0200, vmbussim_dir,
						  NULL, &vmbussim_fault_fops);
	debugfs_create_bool("monitor", 0644, vmbussim_dir,
			    &vmbussim.monitor_offers);
}

/**
 * vmbussim_debugfs_stop() - no more commands: remove ctl and fault (waits
 *	for writes in progress), before the host is torn down
 */
void vmbussim_debugfs_stop(void)
{
	debugfs_remove(vmbussim_ctl_file);
	debugfs_remove(vmbussim_fault_file);
	vmbussim_ctl_file = NULL;
	vmbussim_fault_file = NULL;
}

/**
 * vmbussim_debugfs_exit() - remove the machine's files, after the host was
 *	torn down (device models removed their own files as they went)
 */
void vmbussim_debugfs_exit(void)
{
	int i;

	vmbussim_debugfs_stop();
	for (i = 0; i < ARRAY_SIZE(vmbussim_machine_files); i++)
		debugfs_lookup_and_remove(vmbussim_machine_files[i],
					  vmbussim_dir);
}
