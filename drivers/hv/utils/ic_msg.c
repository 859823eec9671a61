// SPDX-License-Identifier: GPL-2.0
/*
 * Parsing and answering IC messages in a private buffer.
 *
 * The buffer holds a copy of one packet's payload that the host can no
 * longer change, so fields are read plainly; every length the host states
 * is checked against the bytes actually received before it is used.
 */
#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/overflow.h>
#include <linux/string.h>

#include "ic_msg.h"

/**
 * ic_msg_parse() - check the headers of a received IC message
 * @msg: filled in with the message's layout
 * @buf: the received payload (pipe header, IC header, body)
 * @len: bytes received into @buf
 * @size: bytes @buf holds, at least IC_MSG_MIN_BUF, so that any response
 *	fits
 *
 * The IC header's msgsize may not claim more body than was received.
 * Received bytes beyond msgsize are allowed: packets are padded to 8 bytes.
 * The pipe header is not checked (the response gets its own).
 *
 * Return: 0; -E2BIG if @len exceeds @size or @size is below
 * IC_MSG_MIN_BUF; -EMSGSIZE if @len does not cover both headers; -EBADMSG
 * if msgsize claims more than was received.
 */
int ic_msg_parse(struct ic_msg *msg, u8 *buf, u32 len, u32 size)
{
	if (size < IC_MSG_MIN_BUF || len > size)
		return -E2BIG;
	if (len < IC_HDRS_SIZE)
		return -EMSGSIZE;

	msg->buf = buf;
	msg->size = size;
	msg->len = len;
	msg->hdr = (struct ic_msg_hdr *)(buf + sizeof(struct ic_pipe_hdr));
	msg->type = le16_to_cpu(msg->hdr->msgtype);
	msg->body = buf + IC_HDRS_SIZE;
	msg->body_len = len - IC_HDRS_SIZE;
	msg->reply_len = len;

	if (le16_to_cpu(msg->hdr->msgsize) > msg->body_len)
		return -EBADMSG;
	return 0;
}

static bool ic_version_offered(const struct ic_version *offered,
			       unsigned int count, u32 version)
{
	unsigned int i;

	for (i = 0; i < count; i++) {
		if (le16_to_cpu(offered[i].major) == ic_version_major(version) &&
		    le16_to_cpu(offered[i].minor) == ic_version_minor(version))
			return true;
	}
	return false;
}

/* The first of @ours (in our order of preference) that @offered lists. */
static bool ic_version_pick(const struct ic_version *offered,
			    unsigned int count,
			    const struct ic_version_list *ours, u32 *chosen)
{
	unsigned int i;

	for (i = 0; i < ours->count; i++) {
		if (ic_version_offered(offered, count, ours->versions[i])) {
			*chosen = ours->versions[i];
			return true;
		}
	}
	return false;
}

static void ic_version_put(struct ic_version *v, u32 version)
{
	v->major = cpu_to_le16(ic_version_major(version));
	v->minor = cpu_to_le16(ic_version_minor(version));
}

/*
 * Rewrite the body as the response: counts 1 and 1 with the chosen
 * versions, or counts 0 and 0 (versions zero) when nothing was chosen. The
 * response is never shorter than that body, even if the request was.
 */
static void ic_negotiate_reply(struct ic_msg *msg, u32 fw, u32 srv)
{
	struct ic_negotiate *neg = (struct ic_negotiate *)msg->body;
	u16 count = fw && srv ? 1 : 0;

	if (msg->reply_len < IC_MSG_MIN_BUF) {
		memset(msg->buf + msg->reply_len, 0,
		       IC_MSG_MIN_BUF - msg->reply_len);
		msg->reply_len = IC_MSG_MIN_BUF;
	}
	neg->framework_count = cpu_to_le16(count);
	neg->service_count = cpu_to_le16(count);
	ic_version_put(&neg->versions[0], count ? fw : 0);
	ic_version_put(&neg->versions[1], count ? srv : 0);
	msg->hdr->msgsize = cpu_to_le16(IC_NEGOTIATE_REPLY_BODY);
}

/**
 * ic_msg_negotiate() - answer a NEGOTIATE message in place
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_NEGOTIATE
 * @fw: our framework versions, most preferred first
 * @srv: our service versions, most preferred first
 * @fw_chosen: set to the chosen framework version, 0 if none
 * @srv_chosen: set to the chosen service version, 0 if none
 *
 * The body lists the host's framework versions, then its service versions.
 * Both counts must be at most IC_NEGOTIATE_MAX_VERSIONS and the versions
 * must lie within the received body. We pick the first of our versions
 * that the host lists, for each kind. The body is rewritten as the
 * response (counts 0 and 0 when the request was malformed or nothing
 * matched) and @msg->reply_len updated; the IC header's flags and status
 * are left to ic_msg_set_response().
 *
 * Return: 0 if both versions were chosen; -EBADMSG if the request is
 * malformed; -EPROTONOSUPPORT if the host lists none of our versions of
 * one kind.
 */
int ic_msg_negotiate(struct ic_msg *msg, const struct ic_version_list *fw,
		     const struct ic_version_list *srv, u32 *fw_chosen,
		     u32 *srv_chosen)
{
	const struct ic_negotiate *neg = (const struct ic_negotiate *)msg->body;
	unsigned int fw_count, srv_count;
	int err = -EBADMSG;

	*fw_chosen = 0;
	*srv_chosen = 0;
	if (msg->body_len < sizeof(*neg))
		goto reply;
	fw_count = le16_to_cpu(neg->framework_count);
	srv_count = le16_to_cpu(neg->service_count);
	if (fw_count > IC_NEGOTIATE_MAX_VERSIONS ||
	    srv_count > IC_NEGOTIATE_MAX_VERSIONS ||
	    struct_size(neg, versions, fw_count + srv_count) > msg->body_len)
		goto reply;

	err = -EPROTONOSUPPORT;
	if (!ic_version_pick(neg->versions, fw_count, fw, fw_chosen) ||
	    !ic_version_pick(neg->versions + fw_count, srv_count, srv,
			     srv_chosen)) {
		*fw_chosen = 0;
		*srv_chosen = 0;
		goto reply;
	}
	err = 0;
reply:
	ic_negotiate_reply(msg, *fw_chosen, *srv_chosen);
	return err;
}

/**
 * ic_msg_set_response() - mark a message as our response
 * @msg: a message from ic_msg_parse(), @msg->reply_len final
 * @status: IC_STATUS_* for the host
 *
 * The pipe header is written, not echoed: a host reads a message of the
 * data type and exactly the size the header states, which must cover
 * the response (a negotiate response may be longer than its request).
 * The IC header's transaction id stays the host's (0 from a Microsoft
 * host); the flags say it is the transaction's response.
 */
void ic_msg_set_response(struct ic_msg *msg, u32 status)
{
	struct ic_pipe_hdr *pipe = (struct ic_pipe_hdr *)msg->buf;

	pipe->flags = cpu_to_le32(IC_PIPE_DATA);
	pipe->msgsize = cpu_to_le32(msg->reply_len - sizeof(*pipe));
	msg->hdr->flags = IC_FLAG_TRANSACTION | IC_FLAG_RESPONSE;
	msg->hdr->status = cpu_to_le32(status);
}
