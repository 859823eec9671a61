/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Validation of RNDIS messages received from the other side, shared by
 * hv_netvsc (host input) and vmbussim's netvsp model (guest input). Each
 * helper checks every length and offset against the bytes it was given.
 */
#ifndef _HV_NETVSC_RNDIS_PARSE_H
#define _HV_NETVSC_RNDIS_PARSE_H

#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/overflow.h>

#include <linux/hyperv/spec/rndis.h>

/**
 * rndis_msg_check() - check an RNDIS message's header against its buffer
 * @buf: the message
 * @avail: bytes available at @buf
 * @min_body: bytes the message's type needs after the header
 *
 * Return: the message's length, or 0 if the header does not fit, the
 * length is shorter than header and @min_body, or longer than @avail.
 */
static inline u32 rndis_msg_check(const void *buf, u32 avail, u32 min_body)
{
	const struct rndis_hdr *hdr = buf;
	u32 len;

	if (avail < sizeof(*hdr))
		return 0;
	len = le32_to_cpu(hdr->len);
	if (len < sizeof(*hdr) + min_body || len > avail)
		return 0;
	return len;
}

/**
 * rndis_span_ok() - whether [off, off + len) lies inside [lo, size)
 * @off: start
 * @len: length
 * @lo: lowest valid start
 * @size: end of the valid area
 *
 * Return: true if it does, without overflow.
 */
static inline bool rndis_span_ok(u32 off, u32 len, u32 lo, u32 size)
{
	u32 end;

	return off >= lo && !check_add_overflow(off, len, &end) && end <= size;
}

/**
 * rndis_packet_parse() - locate the frame and per-packet info of an
 *	RNDIS_MSG_PACKET
 * @msg: the message, header included
 * @len: its length, from rndis_msg_check()
 * @frame_off: set to the frame's offset from @msg
 * @frame_len: set to the frame's length
 * @ppi_off: set to the per-packet info's offset from @msg
 * @ppi_len: set to its length (0: none)
 *
 * Return: 0, or -EINVAL if an offset or length points outside the
 * message or into its fixed header.
 */
static inline int rndis_packet_parse(const void *msg, u32 len, u32 *frame_off,
				     u32 *frame_len, u32 *ppi_off,
				     u32 *ppi_len)
{
	const struct rndis_packet *pkt = msg + sizeof(struct rndis_hdr);
	const u32 base = sizeof(struct rndis_hdr);
	const u32 fixed = base + sizeof(*pkt);

	if (len < fixed)
		return -EINVAL;
	*frame_off = base + le32_to_cpu(pkt->data_offset);
	*frame_len = le32_to_cpu(pkt->data_len);
	*ppi_len = le32_to_cpu(pkt->ppi_len);
	*ppi_off = *ppi_len ? base + le32_to_cpu(pkt->ppi_offset) : fixed;
	if (le32_to_cpu(pkt->data_offset) > len ||
	    le32_to_cpu(pkt->ppi_offset) > len)
		return -EINVAL;
	if (!*frame_len || !rndis_span_ok(*frame_off, *frame_len, fixed, len))
		return -EINVAL;
	if (!rndis_span_ok(*ppi_off, *ppi_len, fixed, len))
		return -EINVAL;
	return 0;
}

/**
 * rndis_ppi_find() - find one per-packet info by type
 * @ppi: the per-packet info area
 * @ppi_len: its length
 * @type: RNDIS_PPI_* (internal infos never match)
 * @vlen: bytes the value must have
 * @val: set to the value, or NULL if there is no info of @type
 *
 * Walks every info and checks each size and value offset.
 *
 * Return: 0, or -EINVAL for a malformed area.
 */
static inline int rndis_ppi_find(const void *ppi, u32 ppi_len, u32 type,
				 u32 vlen, const void **val)
{
	u32 pos = 0;

	*val = NULL;
	while (pos < ppi_len) {
		const struct rndis_ppi *p = ppi + pos;
		u32 size, off;

		if (ppi_len - pos < sizeof(*p))
			return -EINVAL;
		size = le32_to_cpu(p->size);
		off = le32_to_cpu(p->offset);
		if (size < sizeof(*p) || size > ppi_len - pos ||
		    off < sizeof(*p) || off > size)
			return -EINVAL;
		if (le32_to_cpu(p->type) == type && !*val) {
			if (size - off < vlen)
				return -EINVAL;
			*val = (const u8 *)p + off;
		}
		pos += size;
	}
	return 0;
}

/**
 * rndis_ppi_put() - append a per-packet info with a 32-bit value
 * @buf: where it goes; room for sizeof(struct rndis_ppi) + 4 bytes
 * @type: RNDIS_PPI_*
 * @val: its value
 *
 * Return: the byte after it, where the next one goes.
 */
static inline void *rndis_ppi_put(void *buf, u32 type, u32 val)
{
	struct rndis_ppi *p = buf;
	__le32 *v = buf + sizeof(*p);

	p->size = cpu_to_le32(sizeof(*p) + sizeof(*v));
	p->type = cpu_to_le32(type);
	p->offset = cpu_to_le32(sizeof(*p));
	*v = cpu_to_le32(val);
	return v + 1;
}

/**
 * rndis_indicate_buf() - locate the status buffer of an RNDIS_MSG_INDICATE
 * @msg: the message, header included
 * @avail: bytes at @msg that may be read: the range the message came in,
 *	since some hosts leave the status buffer out of the message's length
 * @need: bytes the status buffer must have at least
 * @buf: set to the status buffer
 *
 * Return: 0, or -EINVAL if the buffer is shorter than @need, starts
 * inside the indication's fixed fields or runs past @avail.
 */
static inline int rndis_indicate_buf(const void *msg, u32 avail, u32 need,
				     const void **buf)
{
	const struct rndis_indicate *ind = msg + sizeof(struct rndis_hdr);
	const u32 base = sizeof(struct rndis_hdr);
	u32 off, len;

	if (avail < base + sizeof(*ind))
		return -EINVAL;
	off = le32_to_cpu(ind->buf_offset);
	len = le32_to_cpu(ind->buf_len);
	if (len < need || off > avail - base ||
	    !rndis_span_ok(base + off, len, base + sizeof(*ind), avail))
		return -EINVAL;
	*buf = msg + base + off;
	return 0;
}

/**
 * rndis_completion_parse() - read the request id and status of a
 *	completion
 * @msg: the message, header included
 * @len: its length, from rndis_msg_check()
 * @req_id: set to the request id; 0 for RNDIS_MSG_RESET_C, which has
 *	none (its first field is the status)
 * @status: set to the status
 *
 * Return: 0, or -EINVAL if @msg is no completion or @len is shorter than
 * its type's fixed fields.
 */
static inline int rndis_completion_parse(const void *msg, u32 len,
					 u32 *req_id, u32 *status)
{
	const struct rndis_status_complete *c = msg + sizeof(struct rndis_hdr);
	const struct rndis_reset_complete *r = msg + sizeof(struct rndis_hdr);
	u32 body;

	switch (le32_to_cpu(((const struct rndis_hdr *)msg)->type)) {
	case RNDIS_MSG_INIT_C:
		body = sizeof(struct rndis_init_complete);
		break;
	case RNDIS_MSG_QUERY_C:
		body = sizeof(struct rndis_query_complete);
		break;
	case RNDIS_MSG_SET_C:
	case RNDIS_MSG_KEEPALIVE_C:
		body = sizeof(*c);
		break;
	case RNDIS_MSG_RESET_C:
		if (len < sizeof(struct rndis_hdr) + sizeof(*r))
			return -EINVAL;
		*req_id = 0;
		*status = le32_to_cpu(r->status);
		return 0;
	default:
		return -EINVAL;
	}
	if (len < sizeof(struct rndis_hdr) + body)
		return -EINVAL;
	*req_id = le32_to_cpu(c->req_id);
	*status = le32_to_cpu(c->status);
	return 0;
}

#endif /* _HV_NETVSC_RNDIS_PARSE_H */
