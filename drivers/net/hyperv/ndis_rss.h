/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_netvsc's checks of the host's receive-side scaling objects (the
 * formats are in <linux/hyperv/spec/ndis.h>).
 */
#ifndef _HV_NETVSC_NDIS_RSS_H
#define _HV_NETVSC_NDIS_RSS_H

#include <linux/log2.h>
#include <linux/hyperv/spec/ndis.h>

#include "rndis_parse.h"

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
