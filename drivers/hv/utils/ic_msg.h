/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Parsing and answering integration-component (IC) messages: pure
 * functions over a private copy of one packet's payload, with no device or
 * channel, so the KUnit tests call exactly what the driver calls.
 */
#ifndef _HV_UTILS_IC_MSG_H
#define _HV_UTILS_IC_MSG_H

#include <linux/types.h>

#include <linux/hyperv/spec/ic.h>

/* Body of a negotiate response: the counts, then one version of each kind. */
#define IC_NEGOTIATE_REPLY_BODY \
	(sizeof(struct ic_negotiate) + 2 * sizeof(struct ic_version))

/* Smallest buffer an IC message may be parsed into (room for any reply). */
#define IC_MSG_MIN_BUF	(IC_HDRS_SIZE + IC_NEGOTIATE_REPLY_BODY)

/**
 * struct ic_msg - one IC message, parsed in a private buffer
 * @buf: the payload of the packet: pipe header, IC header, body
 * @size: bytes @buf holds; at least IC_MSG_MIN_BUF
 * @len: bytes received
 * @hdr: the IC header inside @buf
 * @type: the message type (IC_MSGTYPE_*), in CPU order
 * @body: the body inside @buf, after both headers
 * @body_len: bytes received after both headers
 * @reply_len: bytes of @buf to send back; starts as @len
 */
struct ic_msg {
	u8 *buf;
	u32 size;
	u32 len;
	struct ic_msg_hdr *hdr;
	u16 type;
	u8 *body;
	u32 body_len;
	u32 reply_len;
};

/**
 * struct ic_version_list - versions we support, most preferred first
 * @versions: IC_VERSION(major, minor) values
 * @count: entries in @versions
 */
struct ic_version_list {
	const u32 *versions;
	unsigned int count;
};

int ic_msg_parse(struct ic_msg *msg, u8 *buf, u32 len, u32 size);
int ic_msg_negotiate(struct ic_msg *msg, const struct ic_version_list *fw,
		     const struct ic_version_list *srv, u32 *fw_chosen,
		     u32 *srv_chosen);
void ic_msg_set_response(struct ic_msg *msg, u32 status);

/**
 * ic_msg_body_size() - bytes of body the IC header declares
 * @msg: a message from ic_msg_parse()
 *
 * Packets are padded to 8 bytes, so @msg->body_len may be larger; the
 * services check their bodies against this. ic_msg_parse() ensured it is
 * at most @msg->body_len.
 *
 * Return: the IC header's msgsize.
 */
static inline u32 ic_msg_body_size(const struct ic_msg *msg)
{
	return le16_to_cpu(msg->hdr->msgsize);
}

/**
 * ic_version_major() - major part of an IC_VERSION() value
 * @v: the version
 *
 * Return: the major version.
 */
static inline u16 ic_version_major(u32 v)
{
	return v >> 16;
}

/**
 * ic_version_minor() - minor part of an IC_VERSION() value
 * @v: the version
 *
 * Return: the minor version.
 */
static inline u16 ic_version_minor(u32 v)
{
	return v & 0xffff;
}

#endif /* _HV_UTILS_IC_MSG_H */
