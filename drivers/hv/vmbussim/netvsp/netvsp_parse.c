// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: its own reading of what the guest sends. The
 * wire formats are shared with hv_netvsc (<linux/hyperv/spec/>), the
 * checks are not: these follow what a Microsoft host accepts, so that a
 * bug in the guest's parsers cannot hide the same bug here.
 *
 * Every function takes a buffer and its length and reads nothing
 * outside it; none keeps state.
 */

#include <linux/errno.h>
#include <linux/string.h>

#include "netvsp.h"

/* The little-endian 32-bit value at @p, which may be unaligned. */
static u32 netvsp_le32_at(const u8 *p)
{
	__le32 v;

	memcpy(&v, p, sizeof(v));
	return le32_to_cpu(v);
}

static void netvsp_le32_put(u8 *p, u32 val)
{
	__le32 v = cpu_to_le32(val);

	memcpy(p, &v, sizeof(v));
}

/* Whether @n bytes at @off fit in @size bytes, computed in 64 bits. */
static bool netvsp_fits(u64 off, u64 n, u64 size)
{
	return off <= size && n <= size - off;
}

/**
 * netvsp_rndis_len() - the length of the RNDIS message at the start of @buf
 * @buf: bytes from the guest
 * @avail: how many
 *
 * Return: the message's length (its header included), or 0 if @avail
 * cannot hold a header, or the length is below a header or above @avail.
 */
u32 netvsp_rndis_len(const u8 *buf, u32 avail)
{
	u32 n;

	if (avail < sizeof(struct rndis_hdr))
		return 0;
	n = netvsp_le32_at(buf + offsetof(struct rndis_hdr, len));
	if (n < sizeof(struct rndis_hdr) || n > avail)
		return 0;
	return n;
}

/**
 * netvsp_pkt_read() - where the frame and the per-packet infos of an
 *	RNDIS_MSG_PACKET lie
 * @msg: the message, its header first
 * @len: its length (netvsp_rndis_len())
 * @pkt: filled in; offsets count from @msg
 *
 * A Microsoft host refuses out-of-band data and a VC handle, an empty
 * frame, and a frame or info area that runs past the message.
 *
 * Return: 0, -EMSGSIZE for a message shorter than its fixed fields,
 * -EOPNOTSUPP for out-of-band data or a VC handle, -EINVAL for a frame
 * or info area outside the message.
 */
int netvsp_pkt_read(const u8 *msg, u32 len, struct netvsp_pkt *pkt)
{
	const u32 body = sizeof(struct rndis_hdr);
	const u32 fixed = body + sizeof(struct rndis_packet);
	struct rndis_packet p;
	u64 frame, ppi;

	if (len < fixed)
		return -EMSGSIZE;
	memcpy(&p, msg + body, sizeof(p));
	if (p.oob_offset || p.oob_len || p.oob_count || p.vc_handle)
		return -EOPNOTSUPP;
	frame = body + (u64)le32_to_cpu(p.data_offset);
	pkt->frame_len = le32_to_cpu(p.data_len);
	pkt->ppi_len = le32_to_cpu(p.ppi_len);
	ppi = pkt->ppi_len ? body + (u64)le32_to_cpu(p.ppi_offset) : fixed;
	if (!pkt->frame_len || frame < fixed ||
	    !netvsp_fits(frame, pkt->frame_len, len) || ppi < fixed ||
	    !netvsp_fits(ppi, pkt->ppi_len, len))
		return -EINVAL;
	pkt->frame_off = frame;
	pkt->ppi_off = ppi;
	return 0;
}

/* The 32-bit value slot of one per-packet info type, or NULL. */
static const __le32 **netvsp_ppi_slot(struct netvsp_ppis *out, u32 type)
{
	switch (type) {
	case RNDIS_PPI_CSUM:
		return &out->csum;
	case RNDIS_PPI_LSO:
		return &out->lso;
	case RNDIS_PPI_VLAN:
		return &out->vlan;
	case RNDIS_PPI_HASH:
		return &out->hash;
	}
	return NULL;
}

/**
 * netvsp_ppis_read() - walk a frame's per-packet infos once
 * @area: the infos, one after the other
 * @len: their bytes
 * @out: receives the value of each type this host acts on (the first
 *	of its type), NULL where absent
 *
 * Each info must fit the area with its header, name a value inside
 * itself, and hold 4 bytes of value when its type is one of @out's.
 * Other types are stepped over.
 *
 * Return: 0 or -EINVAL.
 */
int netvsp_ppis_read(const u8 *area, u32 len, struct netvsp_ppis *out)
{
	struct rndis_ppi h;
	const __le32 **slot;
	u32 at = 0, size, off;

	memset(out, 0, sizeof(*out));
	while (at < len) {
		if (len - at < sizeof(h))
			return -EINVAL;
		memcpy(&h, area + at, sizeof(h));
		size = le32_to_cpu(h.size);
		off = le32_to_cpu(h.offset);
		if (size < sizeof(h) || size > len - at || off < sizeof(h) ||
		    off > size)
			return -EINVAL;
		slot = netvsp_ppi_slot(out, le32_to_cpu(h.type));
		if (slot) {
			if (size - off < sizeof(__le32))
				return -EINVAL;
			if (!*slot)
				*slot = (const __le32 *)(area + at + off);
		}
		at += size;
	}
	return 0;
}

/**
 * netvsp_ppi_add() - write one per-packet info with a 32-bit value
 * @at: where; room for 16 bytes
 * @type: RNDIS_PPI_*
 * @val: the value
 *
 * Return: the byte after the info.
 */
u8 *netvsp_ppi_add(u8 *at, u32 type, u32 val)
{
	const u32 size = sizeof(struct rndis_ppi) + sizeof(__le32);

	netvsp_le32_put(at + offsetof(struct rndis_ppi, size), size);
	netvsp_le32_put(at + offsetof(struct rndis_ppi, type), type);
	netvsp_le32_put(at + offsetof(struct rndis_ppi, offset),
			sizeof(struct rndis_ppi));
	netvsp_le32_put(at + sizeof(struct rndis_ppi), val);
	return at + size;
}

/**
 * netvsp_info_read() - the information buffer of an RNDIS QUERY or SET
 * @msg: the message, its header first
 * @len: its length (netvsp_rndis_len())
 * @info: set to the buffer's offset from @msg
 * @info_len: set to its length
 *
 * Return: 0, -EMSGSIZE for a message shorter than a request, -EINVAL
 * for a buffer inside the request's fields or past the message.
 */
int netvsp_info_read(const u8 *msg, u32 len, u32 *info, u32 *info_len)
{
	const u32 body = sizeof(struct rndis_hdr);
	struct rndis_query q;
	u64 off;

	if (len < body + sizeof(q))
		return -EMSGSIZE;
	memcpy(&q, msg + body, sizeof(q));
	off = body + (u64)le32_to_cpu(q.info_offset);
	*info_len = le32_to_cpu(q.info_len);
	if (!*info_len) {
		*info = len;
		return 0;
	}
	if (off < body + sizeof(q) || !netvsp_fits(off, *info_len, len))
		return -EINVAL;
	*info = off;
	return 0;
}

/**
 * netvsp_rss_read() - the guest's RSS parameters, as a Microsoft host
 *	reads them
 * @val: the object
 * @len: its length
 * @queues: receive queues this host offers
 * @rss: filled in: entries 0 with RSS turned off, else the whole host
 *	table (a shorter guest table repeated over it, a longer one cut)
 *
 * vmswitch does not check the object's NDIS header, and reads a short
 * object as if the rest were zero. RSS is off when the guest says so or
 * names no hash function. Otherwise the key must be 40 bytes, the table
 * a non-zero multiple of 4 bytes, both inside the object, and each entry
 * below @queues.
 *
 * Return: an RNDIS status: SUCCESS, INVALID_DATA for a bad size or entry,
 * FAILURE for a key or table outside the object (the host's memory
 * access fails).
 */
u32 netvsp_rss_read(const u8 *val, u32 len, u32 queues, struct netvsp_rss *rss)
{
	struct ndis_rss_params p = {};
	u32 tsize, toff, koff, n, i;

	memcpy(&p, val, min_t(u32, len, sizeof(p)));
	rss->entries = 0;
	rss->hash = le32_to_cpu(p.hash_info);
	if ((le16_to_cpu(p.flags) & NDIS_RSS_FLAG_DISABLE) ||
	    !(rss->hash & NDIS_HASH_FUNCTION_MASK))
		return RNDIS_STATUS_SUCCESS;
	tsize = le16_to_cpu(p.table_size);
	toff = le32_to_cpu(p.table_offset);
	koff = le32_to_cpu(p.key_offset);
	if (le16_to_cpu(p.key_size) != NDIS_RSS_KEY_SIZE || !tsize || tsize % 4)
		return RNDIS_STATUS_INVALID_DATA;
	n = min_t(u32, tsize / 4, NDIS_RSS_TABLE_ENTRIES);
	if (!netvsp_fits(koff, NDIS_RSS_KEY_SIZE, len) ||
	    !netvsp_fits(toff, n * 4ULL, len))
		return RNDIS_STATUS_FAILURE;
	for (i = 0; i < NDIS_RSS_TABLE_ENTRIES; i++) {
		rss->table[i] = netvsp_le32_at(val + toff + (i % n) * 4);
		if (rss->table[i] >= queues)
			return RNDIS_STATUS_INVALID_DATA;
	}
	memcpy(rss->key, val + koff, NDIS_RSS_KEY_SIZE);
	rss->entries = NDIS_RSS_TABLE_ENTRIES;
	return RNDIS_STATUS_SUCCESS;
}

/**
 * netvsp_hdr_in_first() - whether a data message's fixed fields and
 *	per-packet infos lie in the first GPA range of its packet
 * @pkt: the message's layout (netvsp_pkt_read())
 * @first: bytes of the packet's first range
 *
 * A Microsoft host reads the RNDIS packet header and the per-packet
 * infos from the first range only, and refuses a frame whose headers are
 * split across ranges (Linux's netvsc was fixed for this in 2025).
 *
 * Return: true if they lie there.
 */
bool netvsp_hdr_in_first(const struct netvsp_pkt *pkt, u32 first)
{
	u32 end = sizeof(struct rndis_hdr) + sizeof(struct rndis_packet);

	if (pkt->ppi_len)
		end = max(end, pkt->ppi_off + pkt->ppi_len);
	return end <= first;
}
