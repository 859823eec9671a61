// SPDX-License-Identifier: GPL-2.0
/*
 * The backup (VSS) device model: the host side of the backup integration
 * service. A test writes "freeze", "thaw", "hot_backup" or "dm_info" (or
 * a fault: "bad_op", "short") to /sys/kernel/debug/vmbussim/<instance>/
 * request; the write returns when the guest answered (EREMOTEIO for a
 * status other than OK) and "result" shows the status and flags.
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/hyperv/spec/classes.h>

#include "ic_host.h"
#include "model.h"

/* The guest's own timeout for its daemon is shorter (daemon_timeout_ms). */
#define VSS_TIMEOUT_MS	60000

static const u32 vss_srv_versions[] = { IC_VSS_VERSION_5 };

/**
 * struct vss_state - one VSS device
 * @ic: the IC channel
 * @status: status of the last answer
 * @flags: flags of the last answer
 * @err: 0, or why the last request got no answer
 */
struct vss_state {
	struct vsim_ic ic;
	u32 status;
	u32 flags;
	int err;
};

/* The shared IC hooks find the IC state at the start. */
static_assert(offsetof(struct vss_state, ic) == 0);

static int vss_parse(const char *cmd, struct ic_vss_msg *msg, u32 *len)
{
	static const struct {
		const char *name;
		u8 op;
	} ops[] = {
		{ "freeze", IC_VSS_OP_FREEZE },
		{ "thaw", IC_VSS_OP_THAW },
		{ "hot_backup", IC_VSS_OP_HOT_BACKUP },
		{ "dm_info", IC_VSS_OP_GET_DM_INFO },
		{ "bad_op", 9 },
		{ "short", IC_VSS_OP_FREEZE },
	};
	unsigned int i;

	*len = sizeof(*msg);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (!strcmp(cmd, ops[i].name)) {
			msg->operation = ops[i].op;
			if (!strcmp(cmd, "short"))
				*len = 4;
			return 0;
		}
	}
	return -EINVAL;
}

static ssize_t vss_request_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct vss_state *vss = file->private_data;
	struct ic_vss_msg msg = {};
	u32 body_len, status = 0;
	char *cmd, *alloc;
	int ret;

	cmd = vsim_ic_get_cmd(ubuf, len, 32, &alloc);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	ret = vss_parse(cmd, &msg, &body_len);
	kfree(alloc);
	if (ret)
		return ret;
	mutex_lock(&vss->ic.mutex);
	ret = vsim_ic_request(&vss->ic, IC_MSGTYPE_VSS, &msg, body_len,
			      VSS_TIMEOUT_MS, &status);
	vss->err = ret;
	vss->status = status;
	vss->flags = 0;
	if (!ret && vss->ic.resp_len >= sizeof(msg))
		vss->flags = le32_to_cpu(((struct ic_vss_msg *)vsim_ic_body(&vss->ic))->flags);
	mutex_unlock(&vss->ic.mutex);
	if (!ret && status != IC_STATUS_OK)
		ret = -EREMOTEIO;
	return ret ?: len;
}

static const struct file_operations vss_request_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = vss_request_write,
	.llseek = noop_llseek,
};

static int vss_result_show(struct seq_file *m, void *v)
{
	struct vss_state *vss = m->private;

	mutex_lock(&vss->ic.mutex);
	if (vss->err)
		seq_printf(m, "error=%d\n", vss->err);
	else
		seq_printf(m, "status=0x%08x\nflags=0x%x\n", vss->status,
			   vss->flags);
	mutex_unlock(&vss->ic.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vss_result);

static int vss_init(struct vmbussim_dev *dev)
{
	struct vss_state *vss = kzalloc(sizeof(*vss), GFP_KERNEL);

	if (!vss)
		return -ENOMEM;
	if (vsim_ic_init(&vss->ic, dev, "vss", vss_srv_versions,
			 ARRAY_SIZE(vss_srv_versions))) {
		kfree(vss);
		return -ENOMEM;
	}
	debugfs_create_file("request", 0200, vss->ic.dir, vss,
			    &vss_request_fops);
	debugfs_create_file("result", 0444, vss->ic.dir, vss,
			    &vss_result_fops);
	vmbussim_dev_set_priv(dev, vss);
	return 0;
}

static void vss_release(struct vmbussim_dev *dev)
{
	struct vss_state *vss = vmbussim_dev_priv(dev);

	vsim_ic_release(&vss->ic);
	kfree(vss);
}

static const struct vmbussim_model_ops vss_ops = {
	.init = vss_init,
	.release = vss_release,
	.open = vsim_ic_hook_open,
	.close = vsim_ic_hook_close,
	.packet = vsim_ic_hook_packet,
	.stats = vsim_ic_hook_stats,
};

const struct vmbussim_model vmbussim_model_vss = {
	.name = "vss",
	.index = 6,
	.class_id = VMBUS_CLASS_VSS,
	.ops = &vss_ops,
};
