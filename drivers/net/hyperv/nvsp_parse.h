/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_netvsc's checks of NVSP messages from the host (the formats are in
 * <linux/hyperv/spec/nvsp.h>).
 */
#ifndef _HV_NETVSC_NVSP_PARSE_H
#define _HV_NETVSC_NVSP_PARSE_H

#include <linux/errno.h>
#include <linux/hyperv/spec/nvsp.h>

/**
 * nvsp_send_table_find() - where the table of an NVSP_MSG5_SEND_INDIRECTION_
 *	TABLE message lies
 * @msg: the message
 * @len: its length
 * @ver: the NVSP version in force
 * @off: set to the table's offset from @msg
 *
 * Hosts of NVSP 6.0 and before may name too small an offset (a known host
 * bug); their table follows the fixed part of the message, struct
 * nvsp_msg, and is taken from there when the message is long enough.
 *
 * Return: 0, or -EINVAL if the message is too short for its fields, the
 * table does not have NVSP_INDIRECTION_ENTRIES entries, or it overlaps
 * the fields or runs past the message.
 */
static inline int nvsp_send_table_find(const struct nvsp_msg *msg, u32 len,
				       u32 ver, u32 *off)
{
	u32 fields = offsetofend(struct nvsp_msg, indirection);
	u32 bytes = NVSP_INDIRECTION_ENTRIES * sizeof(__le32);
	u32 o;

	if (len < fields ||
	    le32_to_cpu(msg->indirection.count) != NVSP_INDIRECTION_ENTRIES)
		return -EINVAL;
	o = le32_to_cpu(msg->indirection.offset);
	if (ver <= NVSP_VER_6 && len >= sizeof(*msg) + bytes)
		o = sizeof(*msg);
	if (o < fields || o > len || len - o < bytes)
		return -EINVAL;
	*off = o;
	return 0;
}

#endif /* _HV_NETVSC_NVSP_PARSE_H */
