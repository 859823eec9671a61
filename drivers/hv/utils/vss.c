// SPDX-License-Identifier: GPL-2.0
/*
 * The backup (VSS) IC service: for a consistent backup the host asks the
 * guest to freeze its file systems, takes its snapshot, then asks it to
 * thaw them. hv_vss_daemon does the freezing (FIFREEZE and FITHAW on each
 * mounted file system) through /dev/vmbus/hv_vss.
 */
#include <linux/device.h>
#include <linux/string.h>

#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/synic.h>

#include "daemon_abi.h"
#include "ic.h"
#include "ic_daemon.h"

static const u32 ic_vss_version_list[] = { IC_VSS_VERSION_5 };

static const struct ic_version_list ic_vss_versions = {
	.versions = ic_vss_version_list,
	.count = ARRAY_SIZE(ic_vss_version_list),
};

/*
 * A host's FREEZE, with its list of disks, takes more than a page; the
 * bytes after struct ic_vss_msg are not used, but the message must be
 * taken whole to be answered.
 */
#define IC_VSS_MAX_MSG		(2 * HV_PAGE_SIZE)
static_assert(IC_VSS_MAX_MSG >= IC_VSS_MAX_MSG_SIZE);

/* What the driver tells the daemon at registration (it only logs it). */
#define IC_VSS_DRIVER_VERSION	5

/**
 * ic_vss_check() - what to do with a VSS request
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_VSS
 *
 * Return: 1 if the daemon must answer it (FREEZE, THAW, HOT_BACKUP), 0 if
 * the driver answers it itself (GET_DM_INFO: no flags), -EBADMSG for a
 * short body, -EOPNOTSUPP for other operations.
 */
int ic_vss_check(const struct ic_msg *msg)
{
	const struct ic_vss_msg *vss = (const void *)msg->body;

	if (ic_msg_body_size(msg) < sizeof(*vss))
		return -EBADMSG;
	switch (vss->operation) {
	case IC_VSS_OP_FREEZE:
	case IC_VSS_OP_THAW:
	case IC_VSS_OP_HOT_BACKUP:
		return 1;
	case IC_VSS_OP_GET_DM_INFO:
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* GET_DM_INFO is answered here: no flags. */
static int ic_vss_check_msg(struct ic_instance *inst, struct ic_msg *msg)
{
	struct ic_vss_msg *vss = (void *)msg->body;
	int ret = ic_vss_check(msg);

	if (!ret)
		vss->flags = 0;
	return ret;
}

static int ic_vss_handshake(struct ic_daemon *d, const void *buf)
{
	const struct hvd_vss_msg *reg = buf;
	u32 *version;

	if (reg->operation != HVD_VSS_OP_REGISTER1)
		return -EINVAL;
	version = ic_daemon_msg(d);
	*version = IC_VSS_DRIVER_VERSION;
	ic_daemon_queue(d, sizeof(*version));
	return 0;
}

static int ic_vss_to_daemon(struct ic_daemon *d, struct ic_msg *req)
{
	const struct ic_vss_msg *vss = (const void *)req->body;
	struct hvd_vss_msg *u = ic_daemon_msg(d);

	u->operation = vss->operation;
	ic_daemon_queue(d, sizeof(*u));
	return 0;
}

static u32 ic_vss_from_daemon(struct ic_daemon *d, struct ic_msg *req,
			      const void *buf)
{
	struct ic_vss_msg *vss = (void *)req->body;
	const struct hvd_vss_msg *u = buf;

	if (u->error) {
		dev_warn_ratelimited(d->inst->dev,
				     "vss: operation %u failed: %#x\n",
				     vss->operation, (u32)u->error);
		return (u32)u->error;
	}
	if (vss->operation == IC_VSS_OP_HOT_BACKUP)
		vss->flags = cpu_to_le32(IC_VSS_HBU_NO_AUTO_RECOVERY);
	return IC_STATUS_OK;
}

static const struct ic_daemon_ops ic_vss_daemon_ops = {
	.devname = "vmbus/hv_vss",
	.out_size = sizeof(struct hvd_vss_msg),
	.in_size = sizeof(struct hvd_vss_msg),
	.check = ic_vss_check_msg,
	.handshake = ic_vss_handshake,
	.to_daemon = ic_vss_to_daemon,
	.from_daemon = ic_vss_from_daemon,
};

const struct ic_service ic_vss_service = {
	.name = "vss",
	.msgtype = IC_MSGTYPE_VSS,
	.fw_versions = &ic_fw_versions,
	.srv_versions = &ic_vss_versions,
	.max_msg_size = IC_VSS_MAX_MSG,
	.ring_size = 4 * HV_PAGE_SIZE,
	IC_DAEMON_SERVICE(&ic_vss_daemon_ops),
};
