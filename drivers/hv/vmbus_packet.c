// SPDX-License-Identifier: GPL-2.0
/*
 * The packet kinds beyond in-band data: GPA-direct packets, which hand the
 * host guest pages by number (storage I/O, large network sends), and
 * transfer-page packets, which point into a receive buffer the guest
 * shared earlier (network receive).
 */

#include <linux/err.h>
#include <linux/uio.h>

#include "vmbus_private.h"

/**
 * vmbus_gpa_ranges_check() - validate a caller-built list of GPA ranges
 * @ranges: struct vmbus_gpa_range entries, each followed by its PFNs
 * @ranges_len: bytes of @ranges
 * @nr_ranges: number of ranges
 *
 * Each range must name at least one page, and as many PFNs as its
 * byte_offset and byte_count touch.
 *
 * Return: 0, or -EINVAL if the list does not add up to @ranges_len.
 */
int vmbus_gpa_ranges_check(const void *ranges, u32 ranges_len, u32 nr_ranges)
{
	const u8 *p = ranges, *end = p + ranges_len;
	const struct vmbus_gpa_range *r;
	u32 i, off, count, npfns;

	if (!nr_ranges || !IS_ALIGNED(ranges_len, 8))
		return -EINVAL;
	for (i = 0; i < nr_ranges; i++) {
		if (end - p < (long)sizeof(*r))
			return -EINVAL;
		r = (const void *)p;
		off = le32_to_cpu(r->byte_offset);
		count = le32_to_cpu(r->byte_count);
		if (!count || off >= HV_PAGE_SIZE)
			return -EINVAL;
		npfns = DIV_ROUND_UP(off + count, HV_PAGE_SIZE);
		if ((end - p - sizeof(*r)) / sizeof(__le64) < npfns)
			return -EINVAL;
		p += sizeof(*r) + npfns * sizeof(__le64);
	}
	return p == end ? 0 : -EINVAL;
}

/**
 * vmbus_send_gpa_request() - send a request that hands the host guest
 *	pages by number
 * @ch: an open channel with a request table
 * @ranges: the pages, as wire-format struct vmbus_gpa_range entries each
 *	followed by its little-endian PFNs (built by the caller, typically in
 *	its per-request memory, so the hot path allocates nothing)
 * @ranges_len: bytes of @ranges, a multiple of 8
 * @nr_ranges: number of ranges
 * @buf: the device-specific payload that follows the ranges
 * @len: its size
 * @cookie: the driver's value for vmbus_complete_request()
 *
 * The packet goes as VMBUS_PKT_DATA_USING_GPA_DIRECT with
 * VMBUS_PKT_FLAG_COMPLETION_REQUESTED; the pages must stay valid until the
 * host completes it.
 *
 * Return: as vmbus_send_request(), or -EINVAL for a malformed range list.
 */
int vmbus_send_gpa_request(struct vmbus_channel *ch, const void *ranges,
			   u32 ranges_len, u32 nr_ranges, const void *buf,
			   u32 len, u64 cookie)
{
	static const u8 zeros[8];
	u32 hdr_len = sizeof(struct vmbus_gpa_direct_packet) + ranges_len;
	u32 padded = ALIGN(len, 8), pktlen = hdr_len + padded;
	struct vmbus_gpa_direct_packet hdr = {
		.desc.type = cpu_to_le16(VMBUS_PKT_DATA_USING_GPA_DIRECT),
		.desc.offset8 = cpu_to_le16(hdr_len >> 3),
		.desc.len8 = cpu_to_le16(pktlen >> 3),
		.desc.flags = cpu_to_le16(VMBUS_PKT_FLAG_COMPLETION_REQUESTED),
		.range_count = cpu_to_le32(nr_ranges),
	};
	struct kvec kv[4] = {
		{ .iov_base = &hdr, .iov_len = sizeof(hdr) },
		{ .iov_base = (void *)ranges, .iov_len = ranges_len },
		{ .iov_base = (void *)buf, .iov_len = len },
		{ .iov_base = (void *)zeros, .iov_len = padded - len },
	};
	u64 id;
	int ret;

	if (vmbus_gpa_ranges_check(ranges, ranges_len, nr_ranges) ||
	    pktlen > U16_MAX << 3)
		return -EINVAL;
	ret = vmbus_chan_usable(ch);
	if (ret)
		return ret;
	ret = vmbus_rqstor_get(&ch->rqstor, cookie, &id);
	if (ret)
		return ret;
	hdr.desc.trans_id = cpu_to_le64(id);
	ret = vmbus_chan_write(ch, kv, ARRAY_SIZE(kv));
	if (ret)
		vmbus_rqstor_put(&ch->rqstor, id);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_send_gpa_request);

/**
 * vmbus_xfer_page_packet() - view a packet as a transfer-page packet
 * @desc: a packet from vmbus_next_packet()
 *
 * Checks that the packet is of type VMBUS_PKT_DATA_USING_XFER_PAGES and
 * that its range list lies inside the packet's header area. The ranges'
 * offsets and lengths point into the receive buffer; the caller checks
 * them against that buffer's size.
 *
 * Return: the packet, or ERR_PTR(-EBADMSG) if it is not a well-formed
 * transfer-page packet.
 */
const struct vmbus_xfer_page_packet *
vmbus_xfer_page_packet(const struct vmbus_packet_desc *desc)
{
	const struct vmbus_xfer_page_packet *x = (const void *)desc;
	u32 hdr_len = le16_to_cpu(desc->offset8) << 3;
	u32 count;

	if (le16_to_cpu(desc->type) != VMBUS_PKT_DATA_USING_XFER_PAGES ||
	    hdr_len < sizeof(*x))
		return ERR_PTR(-EBADMSG);
	count = le32_to_cpu(x->range_count);
	if (count > (hdr_len - sizeof(*x)) / sizeof(x->ranges[0]))
		return ERR_PTR(-EBADMSG);
	return x;
}
EXPORT_SYMBOL_GPL(vmbus_xfer_page_packet);
