// SPDX-License-Identifier: GPL-2.0
/*
 * The file copy device model: the host side of Guest Services
 * (Copy-VMFile). The "host file" is a file the simulated host reads from
 * the kernel's own file system. A test writes to
 * /sys/kernel/debug/vmbussim/<instance>/request:
 *
 *   copy <flags> <source> <directory> <name...>
 *   cancel <n> <flags> <source> <directory> <name...>
 *
 * <flags> is "-" or a comma-separated list of "overwrite" and
 * "create_path"; the name is the rest of the line (UTF-8, sent in
 * UTF-16LE). copy sends START, the file in WRITEs of 6 KiB, COMPLETE;
 * cancel sends CANCEL after n WRITEs. When a step fails the host sends
 * CANCEL (after START succeeded). Faults: "bad_op", "bad_size" (a WRITE
 * claiming 7000 bytes), "short_start" (a START of 100 bytes),
 * "empty_name". The write returns when done (EREMOTEIO if the guest
 * refused a step); "result" shows the step, its status and the bytes
 * sent.
 */
#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/hyperv/spec/classes.h>

#include "ic_host.h"
#include "../core/model.h"

#define FC_TIMEOUT_MS	10000
#define FC_CMD_MAX	1024

static const u32 fc_srv_versions[] = { IC_FCOPY_VERSION_1_1 };

/**
 * struct fc_state - one file copy device
 * @ic: the IC channel
 * @msg: the message being sent (under @ic.mutex)
 * @step: the last step sent
 * @status: its status
 * @err: 0, or why it got no answer
 * @bytes: file bytes the guest accepted
 */
struct fc_state {
	struct ic_host ic;
	struct ic_fcopy_write *msg;
	const char *step;
	u32 status;
	int err;
	u64 bytes;
};

/* The shared IC hooks find the IC state at the start. */
static_assert(offsetof(struct fc_state, ic) == 0);

/* Send the body in fc->msg; 0 if the guest answered OK. */
static int fc_send(struct fc_state *fc, const char *step, u32 len)
{
	int ret;

	lockdep_assert_held(&fc->ic.mutex);
	fc->step = step;
	ret = ic_host_request(&fc->ic, IC_MSGTYPE_FCOPY, fc->msg, len,
			      FC_TIMEOUT_MS, &fc->status);
	fc->err = ret;
	if (!ret && fc->status != IC_STATUS_OK)
		ret = -EREMOTEIO;
	return ret;
}

static int fc_op(struct fc_state *fc, const char *step, u32 op)
{
	memset(fc->msg, 0, sizeof(struct ic_fcopy_hdr));
	fc->msg->hdr.operation = cpu_to_le32(op);
	return fc_send(fc, step, sizeof(struct ic_fcopy_hdr));
}

static int fc_flags(const char *s, u32 *flags)
{
	*flags = 0;
	if (!strcmp(s, "-"))
		return 0;
	if (strstr(s, "overwrite"))
		*flags |= IC_FCOPY_OVERWRITE;
	if (strstr(s, "create_path"))
		*flags |= IC_FCOPY_CREATE_PATH;
	return *flags ? 0 : -EINVAL;
}

static int fc_start(struct fc_state *fc, u32 flags, const char *dir,
		    const char *name, u64 size)
{
	struct ic_fcopy_start *start = (void *)fc->msg;

	memset(start, 0, sizeof(*start));
	start->hdr.operation = cpu_to_le32(IC_FCOPY_START);
	ic_host_to_utf16(name, start->file_name, sizeof(start->file_name));
	ic_host_to_utf16(dir, start->path_name, sizeof(start->path_name));
	start->copy_flags = cpu_to_le32(flags);
	start->file_size = cpu_to_le64(size);
	return fc_send(fc, "start", sizeof(*start));
}

/* Send @file from the start; stop after @max_writes WRITEs (-1: all). */
static int fc_send_data(struct fc_state *fc, struct file *file, long max_writes)
{
	loff_t pos = 0;
	ssize_t n;
	int ret;

	for (; max_writes; max_writes--) {
		n = kernel_read(file, fc->msg->data, IC_FCOPY_DATA_SIZE, &pos);
		if (n < 0)
			return n;
		if (!n)
			return 0;
		fc->msg->hdr.operation = cpu_to_le32(IC_FCOPY_WRITE);
		fc->msg->pad = 0;
		fc->msg->offset = cpu_to_le64(pos - n);
		fc->msg->size = cpu_to_le32(n);
		ret = fc_send(fc, "write", sizeof(*fc->msg));
		if (ret)
			return ret;
		fc->bytes += n;
	}
	return 0;
}

/* copy/cancel: "[<n>] <flags> <source> <directory> <name...>" */
static int fc_copy(struct fc_state *fc, char *args, long max_writes)
{
	char *flags_s = strsep(&args, " ");
	char *src = args ? strsep(&args, " ") : NULL;
	char *dir = args ? strsep(&args, " ") : NULL;
	struct file *file;
	u32 flags;
	int ret;

	if (!src || !dir || !args || !*args || fc_flags(flags_s, &flags))
		return -EINVAL;
	file = filp_open(src, O_RDONLY, 0);
	if (IS_ERR(file))
		return PTR_ERR(file);
	fc->bytes = 0;
	ret = fc_start(fc, flags, dir, args, i_size_read(file_inode(file)));
	if (ret)
		goto out_close;
	ret = fc_send_data(fc, file, max_writes);
	if (ret || max_writes >= 0) {
		/* Keep the failed step's result if the cancel succeeds. */
		const char *step = fc->step;
		u32 status = fc->status;
		int err = fc->err;

		fc_op(fc, "cancel", IC_FCOPY_CANCEL);
		if (ret) {
			fc->step = step;
			fc->status = status;
			fc->err = err;
		}
		goto out_close;
	}
	ret = fc_op(fc, "complete", IC_FCOPY_COMPLETE);
out_close:
	filp_close(file, NULL);
	return ret;
}

static int fc_fault(struct fc_state *fc, const char *verb)
{
	if (!strcmp(verb, "bad_op"))
		return fc_op(fc, "bad_op", 9);
	if (!strcmp(verb, "empty_name"))
		return fc_start(fc, 0, "/tmp", "", 0);
	if (!strcmp(verb, "short_start")) {
		memset(fc->msg, 0, sizeof(struct ic_fcopy_start));
		fc->msg->hdr.operation = cpu_to_le32(IC_FCOPY_START);
		return fc_send(fc, "short_start", 100);
	}
	if (!strcmp(verb, "bad_size")) {
		memset(fc->msg, 0, sizeof(*fc->msg));
		fc->msg->hdr.operation = cpu_to_le32(IC_FCOPY_WRITE);
		fc->msg->size = cpu_to_le32(7000);
		return fc_send(fc, "bad_size", sizeof(*fc->msg));
	}
	return -EINVAL;
}

static int fc_command(struct fc_state *fc, char *cmd)
{
	char *verb = strsep(&cmd, " ");
	char *n;
	long writes;

	if (!strcmp(verb, "copy"))
		return fc_copy(fc, cmd, -1);
	if (!strcmp(verb, "cancel")) {
		n = cmd ? strsep(&cmd, " ") : NULL;
		if (!n || kstrtol(n, 0, &writes) || writes < 0)
			return -EINVAL;
		return fc_copy(fc, cmd, writes);
	}
	return fc_fault(fc, verb);
}

static ssize_t fc_request_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct fc_state *fc = file->private_data;
	char *cmd, *alloc;
	int ret;

	cmd = ic_host_get_cmd(ubuf, len, FC_CMD_MAX, &alloc);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&fc->ic.mutex);
	fc->step = "none";
	fc->err = 0;
	fc->status = 0;
	ret = fc_command(fc, cmd);
	mutex_unlock(&fc->ic.mutex);
	kfree(alloc);
	return ret ?: len;
}

static const struct file_operations fc_request_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = fc_request_write,
	.llseek = noop_llseek,
};

static int fc_result_show(struct seq_file *m, void *v)
{
	struct fc_state *fc = m->private;

	mutex_lock(&fc->ic.mutex);
	seq_printf(m, "step=%s\nstatus=0x%08x\nerror=%d\nbytes=%llu\n",
		   fc->step ?: "none", fc->status, fc->err, fc->bytes);
	mutex_unlock(&fc->ic.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(fc_result);

static int fc_init(struct vmbussim_dev *dev)
{
	struct fc_state *fc = kzalloc(sizeof(*fc), GFP_KERNEL);

	if (!fc)
		return -ENOMEM;
	fc->msg = kzalloc(sizeof(*fc->msg), GFP_KERNEL);
	if (!fc->msg || ic_host_init(&fc->ic, dev, "fcopy", fc_srv_versions,
				     ARRAY_SIZE(fc_srv_versions))) {
		kfree(fc->msg);
		kfree(fc);
		return -ENOMEM;
	}
	debugfs_create_file("request", 0200, fc->ic.dir, fc, &fc_request_fops);
	debugfs_create_file("result", 0444, fc->ic.dir, fc, &fc_result_fops);
	vmbussim_dev_set_priv(dev, fc);
	return 0;
}

static void fc_release(struct vmbussim_dev *dev)
{
	struct fc_state *fc = vmbussim_dev_priv(dev);

	ic_host_release(&fc->ic);
	kfree(fc->msg);
	kfree(fc);
}

static const struct vmbussim_model_ops fc_ops = {
	.init = fc_init,
	.release = fc_release,
	.open = ic_host_hook_open,
	.close = ic_host_hook_close,
	.packet = ic_host_hook_packet,
	.stats = ic_host_hook_stats,
};

const struct vmbussim_model ic_model_fcopy = {
	.owner = THIS_MODULE,
	.name = "fcopy",
	.index = 7,
	.class_id = VMBUS_CLASS_FCOPY,
	.ops = &fc_ops,
};
