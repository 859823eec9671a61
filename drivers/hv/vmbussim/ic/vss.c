// SPDX-License-Identifier: GPL-2.0
/*
 * The backup (VSS) device model: the host side of the backup integration
 * service. A test writes "freeze", "freeze_max", "thaw", "hot_backup" or
 * "dm_info" (or a fault: "bad_op", "short") to
 * /sys/kernel/debug/vmbussim/<instance>/request; the write returns when
 * the guest answered (EREMOTEIO for a status other than OK) and "result"
 * shows the status, the flags and the length of the answer's body.
 *
 * "freeze_max" is a FREEZE as large as Hyper-V sends one
 * (IC_VSS_MAX_MSG_SIZE bytes in all): Hyper-V appends the VM's disks to
 * the message. Their layout is not public, so the model fills those bytes
 * with a pattern; guests do not read them.
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

/* The guest's own timeout for its daemon is shorter (daemon_timeout_ms). */
#define VSS_TIMEOUT_MS	60000

static const u32 vss_srv_versions[] = { IC_VSS_VERSION_5 };

/* Body of the largest FREEZE: struct ic_vss_msg, then the disk list. */
#define VSS_MAX_BODY	(IC_VSS_MAX_MSG_SIZE - IC_HDRS_SIZE)

/**
 * struct vss_state - one VSS device
 * @ic: the IC channel
 * @status: status of the last answer
 * @flags: flags of the last answer
 * @len: bytes of the last answer's body
 * @err: 0, or why the last request got no answer
 */
struct vss_state {
	struct ic_host ic;
	u32 status;
	u32 flags;
	u32 len;
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
		{ "freeze_max", IC_VSS_OP_FREEZE },
	};
	unsigned int i;

	*len = sizeof(*msg);
	for (i = 0; i < ARRAY_SIZE(ops); i++) {
		if (!strcmp(cmd, ops[i].name)) {
			msg->operation = ops[i].op;
			if (!strcmp(cmd, "short"))
				*len = 4;
			if (!strcmp(cmd, "freeze_max"))
				*len = VSS_MAX_BODY;
			return 0;
		}
	}
	return -EINVAL;
}

/* The bytes after struct ic_vss_msg: a stand-in for the disk list. */
static void vss_fill_disks(u8 *body, u32 len)
{
	u32 i;

	for (i = sizeof(struct ic_vss_msg); i < len; i++)
		body[i] = i & 0xff;
}

/* Send the request in @body and note the answer; vss->ic.mutex held. */
static int vss_transact(struct vss_state *vss, const void *body, u32 len)
{
	const struct ic_vss_msg *ans = (const void *)ic_host_body(&vss->ic);
	u32 status = 0;
	int ret;

	lockdep_assert_held(&vss->ic.mutex);
	ret = ic_host_request(&vss->ic, IC_MSGTYPE_VSS, body, len,
			      VSS_TIMEOUT_MS, &status);
	vss->err = ret;
	vss->status = status;
	vss->flags = 0;
	vss->len = ret ? 0 : vss->ic.resp_len;
	if (!ret && vss->ic.resp_len >= sizeof(*ans))
		vss->flags = le32_to_cpu(ans->flags);
	if (!ret && status != IC_STATUS_OK)
		ret = -EREMOTEIO;
	return ret;
}

static ssize_t vss_request_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct vss_state *vss = file->private_data;
	struct ic_vss_msg msg = {};
	char *cmd, *alloc;
	u32 body_len;
	u8 *body;
	int ret;

	cmd = ic_host_get_cmd(ubuf, len, 32, &alloc);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	ret = vss_parse(cmd, &msg, &body_len);
	kfree(alloc);
	if (ret)
		return ret;
	body = kzalloc(max_t(u32, body_len, sizeof(msg)), GFP_KERNEL);
	if (!body)
		return -ENOMEM;
	memcpy(body, &msg, sizeof(msg));
	vss_fill_disks(body, body_len);
	mutex_lock(&vss->ic.mutex);
	ret = vss_transact(vss, body, body_len);
	mutex_unlock(&vss->ic.mutex);
	kfree(body);
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
		seq_printf(m, "status=0x%08x\nflags=0x%x\nlen=%u\n",
			   vss->status, vss->flags, vss->len);
	mutex_unlock(&vss->ic.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(vss_result);

static int vss_init(struct vmbussim_dev *dev)
{
	struct vss_state *vss = kzalloc(sizeof(*vss), GFP_KERNEL);

	if (!vss)
		return -ENOMEM;
	if (ic_host_init(&vss->ic, dev, "vss", vss_srv_versions,
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

	ic_host_release(&vss->ic);
	kfree(vss);
}

static const struct vmbussim_model_ops vss_ops = {
	.init = vss_init,
	.release = vss_release,
	.open = ic_host_hook_open,
	.close = ic_host_hook_close,
	.packet = ic_host_hook_packet,
	.stats = ic_host_hook_stats,
};

const struct vmbussim_model ic_model_vss = {
	.owner = THIS_MODULE,
	.name = "vss",
	.index = 6,
	.class_id = VMBUS_CLASS_VSS,
	.ops = &vss_ops,
};
