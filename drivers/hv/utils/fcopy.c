// SPDX-License-Identifier: GPL-2.0
/*
 * The file copy IC service ("Guest Services", Copy-VMFile): the host
 * sends a file in pieces: START (name, directory, flags, size), WRITE
 * (offset, up to 6 KiB of data) any number of times, then COMPLETE, or
 * CANCEL to drop the file. hv_fcopy_daemon writes the file through
 * /dev/vmbus/hv_fcopy.
 */
#include <linux/device.h>
#include <linux/string.h>

#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/synic.h>

#include "daemon_abi.h"
#include "ic.h"
#include "ic_daemon.h"

static const u32 ic_fcopy_version_list[] = { IC_FCOPY_VERSION_1_1 };

static const struct ic_version_list ic_fcopy_versions = {
	.versions = ic_fcopy_version_list,
	.count = ARRAY_SIZE(ic_fcopy_version_list),
};

/* What the driver tells the daemon at registration (it only logs it). */
#define IC_FCOPY_DRIVER_VERSION	1

/**
 * ic_fcopy_check() - check a file copy request from the host
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_FCOPY
 *
 * Return: 0, or -EBADMSG for a short body, an unknown operation, or a
 * WRITE whose data size exceeds its field or the body.
 */
int ic_fcopy_check(const struct ic_msg *msg)
{
	const struct ic_fcopy_write *w = (const void *)msg->body;
	u32 size = ic_msg_body_size(msg);

	if (size < sizeof(struct ic_fcopy_hdr))
		return -EBADMSG;
	switch (le32_to_cpu(w->hdr.operation)) {
	case IC_FCOPY_START:
		return size < sizeof(struct ic_fcopy_start) ? -EBADMSG : 0;
	case IC_FCOPY_WRITE:
		if (size < offsetof(struct ic_fcopy_write, data) ||
		    le32_to_cpu(w->size) > IC_FCOPY_DATA_SIZE ||
		    le32_to_cpu(w->size) >
		    size - offsetof(struct ic_fcopy_write, data))
			return -EBADMSG;
		return 0;
	case IC_FCOPY_COMPLETE:
	case IC_FCOPY_CANCEL:
		return 0;
	default:
		return -EBADMSG;
	}
}

/**
 * ic_fcopy_to_daemon_msg() - the daemon's message for a host request
 * @body: the request's body, checked by ic_fcopy_check()
 * @u: room for the largest message (struct hvd_fcopy_write), filled in
 * @len: set to the bytes of @u the daemon reads
 *
 * Return: 0, -EILSEQ or -ENAMETOOLONG for names that do not convert,
 * -EINVAL for an empty file name.
 */
int ic_fcopy_to_daemon_msg(const void *body, struct hvd_fcopy_write *u,
			   size_t *len)
{
	const struct ic_fcopy_start *start = body;
	const struct ic_fcopy_write *w = body;
	struct hvd_fcopy_start *ustart = (void *)u;
	u32 op = le32_to_cpu(w->hdr.operation);
	int n;

	memset(u, 0, sizeof(*u));
	u->hdr.operation = op;
	switch (op) {
	case IC_FCOPY_START:
		n = ic_utf16_to_utf8((const u8 *)start->file_name,
				     sizeof(start->file_name),
				     (char *)ustart->file_name,
				     sizeof(ustart->file_name));
		if (n <= 0)
			return n ?: -EINVAL;
		n = ic_utf16_to_utf8((const u8 *)start->path_name,
				     sizeof(start->path_name),
				     (char *)ustart->path_name,
				     sizeof(ustart->path_name));
		if (n < 0)
			return n;
		ustart->copy_flags = le32_to_cpu(start->copy_flags);
		ustart->file_size = le64_to_cpu(start->file_size);
		*len = sizeof(*ustart);
		return 0;
	case IC_FCOPY_WRITE:
		u->offset = le64_to_cpu(w->offset);
		u->size = le32_to_cpu(w->size);
		memcpy(u->data, w->data, u->size);
		*len = sizeof(*u);
		return 0;
	default:
		*len = sizeof(u->hdr);
		return 0;
	}
}

static int ic_fcopy_check_msg(struct ic_instance *inst, struct ic_msg *msg)
{
	return ic_fcopy_check(msg) ?: 1;
}

/* The daemon registers with its version, and gets the driver's. */
static int ic_fcopy_handshake(struct ic_daemon *d, const void *buf)
{
	u32 theirs, *version;

	memcpy(&theirs, buf, sizeof(theirs));
	if (theirs != HVD_FCOPY_VERSION_1)
		return -EINVAL;
	version = ic_daemon_msg(d);
	*version = IC_FCOPY_DRIVER_VERSION;
	ic_daemon_queue(d, sizeof(*version));
	return 0;
}

static int ic_fcopy_to_daemon(struct ic_daemon *d, struct ic_msg *req)
{
	size_t len;
	int err;

	err = ic_fcopy_to_daemon_msg(req->body, ic_daemon_msg(d), &len);
	if (err) {
		dev_err_ratelimited(d->inst->dev,
				    "fcopy: bad file name (%d)\n", err);
		return err;
	}
	ic_daemon_queue(d, len);
	return 0;
}

/* The daemon answers with the status for the host. */
static u32 ic_fcopy_from_daemon(struct ic_daemon *d, struct ic_msg *req,
				const void *buf)
{
	s32 err;

	memcpy(&err, buf, sizeof(err));
	return (u32)err;
}

static const struct ic_daemon_ops ic_fcopy_daemon_ops = {
	.devname = "vmbus/hv_fcopy",
	.out_size = sizeof(struct hvd_fcopy_write),
	.in_size = sizeof(u32),
	.check = ic_fcopy_check_msg,
	.handshake = ic_fcopy_handshake,
	.to_daemon = ic_fcopy_to_daemon,
	.from_daemon = ic_fcopy_from_daemon,
};

const struct ic_service ic_fcopy_service = {
	.name = "fcopy",
	.msgtype = IC_MSGTYPE_FCOPY,
	.fw_versions = &ic_fw_versions,
	.srv_versions = &ic_fcopy_versions,
	.max_msg_size = 2 * HV_PAGE_SIZE,
	.ring_size = 4 * HV_PAGE_SIZE,
	IC_DAEMON_SERVICE(&ic_fcopy_daemon_ops),
};
