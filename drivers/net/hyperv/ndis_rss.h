/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Receive-side scaling as the host's RNDIS adapter speaks it: the NDIS
 * objects of OID_GEN_RECEIVE_SCALE_CAPABILITIES (query) and
 * OID_GEN_RECEIVE_SCALE_PARAMETERS (set), and the checks on them shared
 * by hv_netvsc (host input) and vmbussim's netvsp model (guest input).
 *
 * The indirection table maps the low bits of a flow's Toeplitz hash to a
 * channel: 0 is the primary channel, n is subchannel n.
 */
#ifndef _HV_NETVSC_NDIS_RSS_H
#define _HV_NETVSC_NDIS_RSS_H

#include <linux/build_bug.h>
#include <linux/log2.h>
#include <linux/types.h>

#include "rndis.h"
#include "rndis_parse.h"

#define RNDIS_OID_GEN_RSS_CAPS		0x00010203U
#define RNDIS_OID_GEN_RSS_PARAMS	0x00010204U

#define NDIS_RSS_REVISION		2

/* struct ndis_rss_caps.flags: hash types the host can compute */
#define NDIS_RSS_CAP_TCP4		0x00000100U
#define NDIS_RSS_CAP_TCP6		0x00000200U

/* struct ndis_rss_params.flags */
#define NDIS_RSS_FLAG_DISABLE		0x0010

/* struct ndis_rss_params.hash_info */
#define NDIS_HASH_TOEPLITZ		0x00000001U
#define NDIS_HASH_IPV4			0x00000100U
#define NDIS_HASH_TCP_IPV4		0x00000200U
#define NDIS_HASH_IPV6			0x00000400U
#define NDIS_HASH_TCP_IPV6		0x00001000U

/* The table and key hv_netvsc sends. */
#define NDIS_RSS_TABLE_ENTRIES		128
#define NDIS_RSS_KEY_SIZE		40

/**
 * struct ndis_rss_caps - the answer to RNDIS_OID_GEN_RSS_CAPS
 * @hdr: NDIS_OBJ_RSS_CAPS
 * @flags: NDIS_RSS_CAP_*
 * @num_int_msg: interrupt messages (unused)
 * @num_queues: receive queues (channels) the host supports
 * @num_table_entries: indirection-table entries the host supports
 */
struct ndis_rss_caps {
	struct ndis_obj_hdr hdr;
	__le32 flags;
	__le32 num_int_msg;
	__le32 num_queues;
	__le16 num_table_entries;
} __packed;
static_assert(sizeof(struct ndis_rss_caps) == 18);

/**
 * struct ndis_rss_params - the value of RNDIS_OID_GEN_RSS_PARAMS
 * @hdr: NDIS_OBJ_RSS_PARAMS
 * @flags: NDIS_RSS_FLAG_*
 * @base_cpu: zero
 * @hash_info: NDIS_HASH_*
 * @table_size: bytes of the indirection table (__le32 entries)
 * @pad0: zero
 * @table_offset: its offset from the start of this object
 * @key_size: bytes of the hash key
 * @pad1: zero
 * @key_offset: its offset from the start of this object
 * @cpu_masks_offset: zero
 * @num_cpu_masks: zero
 * @cpu_mask_size: zero
 */
struct ndis_rss_params {
	struct ndis_obj_hdr hdr;
	__le16 flags;
	__le16 base_cpu;
	__le32 hash_info;
	__le16 table_size;
	__le16 pad0;
	__le32 table_offset;
	__le16 key_size;
	__le16 pad1;
	__le32 key_offset;
	__le32 cpu_masks_offset;
	__le32 num_cpu_masks;
	__le32 cpu_mask_size;
} __packed;
static_assert(sizeof(struct ndis_rss_params) == 40);

/**
 * ndis_rss_caps_parse() - check the host's RSS capabilities
 * @buf: the answer's information buffer
 * @len: its length
 * @queues: set to the receive queues the host offers (at least 1)
 *
 * Return: 0, or -EPROTO if the object is short, of another type or
 * revision, or claims no queue.
 */
static inline int ndis_rss_caps_parse(const void *buf, u32 len, u32 *queues)
{
	const struct ndis_rss_caps *c = buf;

	if (len < sizeof(*c) || c->hdr.type != NDIS_OBJ_RSS_CAPS ||
	    c->hdr.rev < NDIS_RSS_REVISION ||
	    le16_to_cpu(c->hdr.size) < sizeof(*c) ||
	    le16_to_cpu(c->hdr.size) > len || !le32_to_cpu(c->num_queues))
		return -EPROTO;
	*queues = le32_to_cpu(c->num_queues);
	return 0;
}

/**
 * ndis_rss_params_parse() - check RSS parameters and locate table and key
 * @buf: the object
 * @len: its length
 * @table: set to the indirection table, or NULL when RSS is disabled
 * @entries: set to its entries (a power of two, at most
 *	NDIS_RSS_TABLE_ENTRIES)
 * @key: set to the hash key (NDIS_RSS_KEY_SIZE bytes)
 *
 * Return: 0, or -EINVAL if a size or offset does not fit.
 */
static inline int ndis_rss_params_parse(const void *buf, u32 len,
					const __le32 **table, u32 *entries,
					const u8 **key)
{
	const struct ndis_rss_params *p = buf;
	u32 tsize, toff, koff;

	if (len < sizeof(*p) || p->hdr.type != NDIS_OBJ_RSS_PARAMS ||
	    le16_to_cpu(p->hdr.size) < sizeof(*p))
		return -EINVAL;
	*table = NULL;
	*entries = 0;
	*key = NULL;
	if (le16_to_cpu(p->flags) & NDIS_RSS_FLAG_DISABLE)
		return 0;
	tsize = le16_to_cpu(p->table_size);
	toff = le32_to_cpu(p->table_offset);
	koff = le32_to_cpu(p->key_offset);
	if (!tsize || tsize % sizeof(__le32) ||
	    tsize > NDIS_RSS_TABLE_ENTRIES * sizeof(__le32) ||
	    !is_power_of_2(tsize / sizeof(__le32)) || toff % sizeof(__le32) ||
	    !rndis_span_ok(toff, tsize, sizeof(*p), len) ||
	    le16_to_cpu(p->key_size) != NDIS_RSS_KEY_SIZE ||
	    !rndis_span_ok(koff, NDIS_RSS_KEY_SIZE, sizeof(*p), len))
		return -EINVAL;
	*table = buf + toff;
	*entries = tsize / sizeof(__le32);
	*key = buf + koff;
	return 0;
}

#endif /* _HV_NETVSC_NDIS_RSS_H */
