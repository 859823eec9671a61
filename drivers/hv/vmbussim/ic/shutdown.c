// SPDX-License-Identifier: GPL-2.0
/*
 * The shutdown device model: the host side of the shutdown integration
 * service. It negotiates on open; a test then asks for an action by
 * writing to /sys/kernel/debug/vmbussim/<instance>/request, and the write
 * returns when the guest has answered.
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/hyperv/spec/classes.h>

#include "ic_host.h"
#include "../core/model.h"

#define SD_TIMEOUT_MS	5000

static const u32 sd_srv_versions[] = {
	IC_SD_VERSION_3_2, IC_SD_VERSION_3_1, IC_SD_VERSION_3, IC_SD_VERSION_1,
};

/**
 * struct sd_state - one shutdown device
 * @ic: the IC channel
 * @last_flags: flags of the last request sent
 */
struct sd_state {
	struct ic_host ic;
	u32 last_flags;
};

/* The shared IC hooks find the IC state at the start. */
static_assert(offsetof(struct sd_state, ic) == 0);

/* "poweroff", "reboot" or "hibernate", then optionally "force"; or "flags N". */
static int sd_parse(char *cmd, u32 *flags)
{
	char *verb = strsep(&cmd, " \t\n");
	char *arg = cmd ? strim(cmd) : "";

	if (!strcmp(verb, "flags"))
		return kstrtou32(arg, 0, flags);
	if (!strcmp(verb, "poweroff"))
		*flags = 0;
	else if (!strcmp(verb, "reboot"))
		*flags = IC_SD_FLAG_REBOOT;
	else if (!strcmp(verb, "hibernate"))
		*flags = IC_SD_FLAG_HIBERNATE;
	else
		return -EINVAL;
	if (!strcmp(arg, "force"))
		*flags |= IC_SD_FLAG_FORCE;
	else if (*arg)
		return -EINVAL;
	return 0;
}

static ssize_t sd_request_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	struct sd_state *sd = file->private_data;
	struct ic_shutdown *body;
	char *cmd, *alloc;
	u32 flags, status;
	int ret;

	cmd = ic_host_get_cmd(ubuf, len, 64, &alloc);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	ret = sd_parse(cmd, &flags);
	kfree(alloc);
	if (ret)
		return ret;
	body = kzalloc(sizeof(*body), GFP_KERNEL);
	if (!body)
		return -ENOMEM;
	body->flags = cpu_to_le32(flags);
	body->timeout_seconds = cpu_to_le32(60);
	strscpy(body->display_message, "vmbussim asks for it",
		sizeof(body->display_message));
	mutex_lock(&sd->ic.mutex);
	sd->last_flags = flags;
	ret = ic_host_request(&sd->ic, IC_MSGTYPE_SHUTDOWN, body, sizeof(*body),
			      SD_TIMEOUT_MS, &status);
	mutex_unlock(&sd->ic.mutex);
	kfree(body);
	if (!ret && status != IC_STATUS_OK)
		ret = -EREMOTEIO;
	return ret ?: len;
}

static const struct file_operations sd_request_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = sd_request_write,
	.llseek = noop_llseek,
};

static int sd_init(struct vmbussim_dev *dev)
{
	struct sd_state *sd = kzalloc(sizeof(*sd), GFP_KERNEL);
	int ret;

	if (!sd)
		return -ENOMEM;
	ret = ic_host_init(&sd->ic, dev, "shutdown", sd_srv_versions,
			   ARRAY_SIZE(sd_srv_versions));
	if (ret) {
		kfree(sd);
		return ret;
	}
	debugfs_create_file("request", 0200, sd->ic.dir, sd, &sd_request_fops);
	vmbussim_dev_set_priv(dev, sd);
	return 0;
}

static void sd_release(struct vmbussim_dev *dev)
{
	struct sd_state *sd = vmbussim_dev_priv(dev);

	ic_host_release(&sd->ic);
	kfree(sd);
}

static void sd_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct sd_state *sd = vmbussim_dev_priv(dev);

	ic_host_stats(&sd->ic, m);
	seq_printf(m, " last_flags=%#x", READ_ONCE(sd->last_flags));
}

static const struct vmbussim_model_ops sd_ops = {
	.init = sd_init,
	.release = sd_release,
	.open = ic_host_hook_open,
	.close = ic_host_hook_close,
	.packet = ic_host_hook_packet,
	.stats = sd_stats,
};

const struct vmbussim_model ic_model_shutdown = {
	.owner = THIS_MODULE,
	.name = "shutdown",
	.index = 3,
	.class_id = VMBUS_CLASS_SHUTDOWN,
	.ops = &sd_ops,
};
