// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GPA-range checks for GPA-direct sends and of the
 * transfer-page packet view.
 */

#include <kunit/test.h>

#include "../vmbus_private.h"

/* One range of @npfns pages starting at byte @off, in wire format. */
static u32 put_range(u8 *p, u32 off, u32 count, u32 npfns)
{
	struct vmbus_gpa_range *r = (void *)p;
	u32 i;

	r->byte_offset = cpu_to_le32(off);
	r->byte_count = cpu_to_le32(count);
	for (i = 0; i < npfns; i++)
		r->pfn[i] = cpu_to_le64(0x1000 + i);
	return vmbus_gpa_range_size(npfns);
}

static void gpa_ranges_good(struct kunit *test)
{
	u8 buf[256] = {};
	u32 len;

	len = put_range(buf, 0, 4096, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 1), 0);
	/* 100 bytes at offset 4000 touch two pages. */
	len = put_range(buf, 4000, 100, 2);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 1), 0);
	len = put_range(buf, 512, 3 * 4096, 4);
	len += put_range(buf + len, 0, 10, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 2), 0);
}

static void gpa_ranges_bad(struct kunit *test)
{
	u8 buf[256] = {};
	u32 len;

	/* Too few PFNs for the bytes. */
	len = put_range(buf, 4000, 100, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 1), -EINVAL);
	/* Leftover bytes after the last range. */
	len = put_range(buf, 0, 4096, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len + 8, 1), -EINVAL);
	/* More ranges claimed than present. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 2), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 0), -EINVAL);
	/* Empty range, offset past the first page, unaligned length. */
	len = put_range(buf, 0, 0, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 1), -EINVAL);
	len = put_range(buf, 4096, 1, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len, 1), -EINVAL);
	len = put_range(buf, 0, 4096, 1);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_ranges_check(buf, len - 4, 1), -EINVAL);
}

static struct vmbus_xfer_page_packet *xfer_pkt(u8 *buf, u32 ranges,
					       u32 hdr_ranges)
{
	struct vmbus_xfer_page_packet *x = (void *)buf;
	u32 hdr = sizeof(*x) + hdr_ranges * sizeof(x->ranges[0]);

	memset(buf, 0, 128);
	x->desc.type = cpu_to_le16(VMBUS_PKT_DATA_USING_XFER_PAGES);
	x->desc.offset8 = cpu_to_le16(hdr >> 3);
	x->desc.len8 = cpu_to_le16((hdr >> 3) + 1);
	x->range_count = cpu_to_le32(ranges);
	return x;
}

static void xfer_page_view(struct kunit *test)
{
	u8 buf[128];
	struct vmbus_xfer_page_packet *x;

	x = xfer_pkt(buf, 2, 2);
	KUNIT_EXPECT_PTR_EQ(test, vmbus_xfer_page_packet(&x->desc),
			    (const struct vmbus_xfer_page_packet *)x);
	x = xfer_pkt(buf, 0, 0);
	KUNIT_EXPECT_PTR_EQ(test, vmbus_xfer_page_packet(&x->desc),
			    (const struct vmbus_xfer_page_packet *)x);
	/* More ranges than the header area holds. */
	x = xfer_pkt(buf, 3, 2);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vmbus_xfer_page_packet(&x->desc)));
	x = xfer_pkt(buf, 0x80000000, 2);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vmbus_xfer_page_packet(&x->desc)));
	/* Header area shorter than the transfer-page header. */
	x = xfer_pkt(buf, 0, 0);
	x->desc.offset8 = cpu_to_le16(2);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vmbus_xfer_page_packet(&x->desc)));
	/* Another packet type. */
	x = xfer_pkt(buf, 1, 1);
	x->desc.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
	KUNIT_EXPECT_TRUE(test, IS_ERR(vmbus_xfer_page_packet(&x->desc)));
}

static struct kunit_case vmbus_packet_cases[] = {
	KUNIT_CASE(gpa_ranges_good),
	KUNIT_CASE(gpa_ranges_bad),
	KUNIT_CASE(xfer_page_view),
	{}
};

static struct kunit_suite vmbus_packet_suite = {
	.name = "vmbus_packet",
	.test_cases = vmbus_packet_cases,
};

kunit_test_suite(vmbus_packet_suite);
