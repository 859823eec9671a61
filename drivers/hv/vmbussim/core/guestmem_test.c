// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vmbussim_gpa_copy() and vmbussim_gpa_check(): the host's
 * reading and writing of the buffers GPA-direct packets describe, and its
 * refusal of malformed range lists.
 */
#include <kunit/test.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmbussim.h"

#define GT_PKT_MAX	256

/* A packet under construction: header, ranges, then offset8 is set. */
struct gt_pkt {
	u8 buf[GT_PKT_MAX] __aligned(8);
	u32 len;
	u32 nranges;
};

static struct vmbus_gpa_direct_packet *gt_hdr(struct gt_pkt *p)
{
	return (void *)p->buf;
}

static void gt_init(struct gt_pkt *p)
{
	memset(p, 0, sizeof(*p));
	p->len = sizeof(struct vmbus_gpa_direct_packet);
	gt_hdr(p)->desc.type = cpu_to_le16(VMBUS_PKT_DATA_USING_GPA_DIRECT);
}

/* Add a range for @len bytes at @va (kernel linear-map memory). */
static void gt_add(struct kunit *test, struct gt_pkt *p, void *va, u32 len)
{
	struct vmbus_gpa_range *r = (void *)p->buf + p->len;
	u32 off = offset_in_page(va), n = DIV_ROUND_UP(off + len, PAGE_SIZE);
	u32 i;

	KUNIT_ASSERT_LE(test, p->len + sizeof(*r) + n * 8, (u32)GT_PKT_MAX);
	r->byte_count = cpu_to_le32(len);
	r->byte_offset = cpu_to_le32(off);
	for (i = 0; i < n; i++)
		r->pfn[i] = cpu_to_le64(page_to_pfn(virt_to_page(va)) + i);
	p->len += sizeof(*r) + n * 8;
	p->nranges++;
	gt_hdr(p)->range_count = cpu_to_le32(p->nranges);
}

static const struct vmbus_packet_desc *gt_done(struct gt_pkt *p)
{
	struct vmbus_gpa_direct_packet *g = gt_hdr(p);

	g->desc.offset8 = cpu_to_le16(p->len / 8);
	g->desc.len8 = cpu_to_le16(p->len / 8);
	return &g->desc;
}

/* Guest memory: two pages plus change, filled with a pattern. */
static u8 *gt_mem(struct kunit *test, u32 size)
{
	u8 *m = kunit_kmalloc(test, size, GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, m);
	for (i = 0; i < size; i++)
		m[i] = i * 7 + 3;
	return m;
}

static void gt_read_two_ranges(struct kunit *test)
{
	u8 *mem = gt_mem(test, 3 * PAGE_SIZE), *out;
	const struct vmbus_packet_desc *d;
	struct gt_pkt p;

	out = kunit_kzalloc(test, 5100, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, out);
	gt_init(&p);
	gt_add(test, &p, mem + 10, 100);
	gt_add(test, &p, mem + 200, 5000);	/* crosses a page boundary */
	d = gt_done(&p);
	KUNIT_ASSERT_EQ(test, vmbussim_gpa_copy(d, 0, out, 5100, false), 0);
	KUNIT_EXPECT_EQ(test, vmbussim_gpa_check(d, 5100), 0);
	KUNIT_EXPECT_EQ(test, vmbussim_gpa_check(d, 5101), -EINVAL);
	KUNIT_EXPECT_EQ(test, memcmp(out, mem + 10, 100), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out + 100, mem + 200, 5000), 0);
	/* A window across the boundary between the two ranges. */
	KUNIT_ASSERT_EQ(test, vmbussim_gpa_copy(d, 90, out, 20, false), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out, mem + 100, 10), 0);
	KUNIT_EXPECT_EQ(test, memcmp(out + 10, mem + 200, 10), 0);
}

static void gt_write(struct kunit *test)
{
	u8 *mem = gt_mem(test, 2 * PAGE_SIZE), src[300];
	const struct vmbus_packet_desc *d;
	struct gt_pkt p;

	memset(src, 0xab, sizeof(src));
	gt_init(&p);
	gt_add(test, &p, mem + PAGE_SIZE - 100, 300);
	d = gt_done(&p);
	KUNIT_ASSERT_EQ(test, vmbussim_gpa_copy(d, 50, src, 250, true), 0);
	KUNIT_EXPECT_EQ(test, mem[PAGE_SIZE - 51], (u8)((PAGE_SIZE - 51) * 7 + 3));
	KUNIT_EXPECT_EQ(test, memcmp(mem + PAGE_SIZE - 50, src, 250), 0);
}

/* A packet with one range over @len bytes; returns the range. */
static struct vmbus_gpa_range *gt_one_range(struct kunit *test,
					    struct gt_pkt *p, u32 len)
{
	gt_init(p);
	gt_add(test, p, gt_mem(test, len), len);
	return (void *)p->buf + sizeof(struct vmbus_gpa_direct_packet);
}

static void gt_expect_refused(struct kunit *test, struct gt_pkt *p, u32 off,
			      u32 len)
{
	u8 out[64];

	KUNIT_ASSERT_LE(test, len, (u32)sizeof(out));
	KUNIT_EXPECT_EQ(test, vmbussim_gpa_copy(gt_done(p), off, out, len,
						false), -EINVAL);
	/* The check alone refuses the same bytes. */
	KUNIT_EXPECT_EQ(test, vmbussim_gpa_check(gt_done(p), off + len), -EINVAL);
}

static void gt_refuse_wrong_type(struct kunit *test)
{
	struct gt_pkt p;

	gt_one_range(test, &p, 64);
	gt_hdr(&p)->desc.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
	gt_expect_refused(test, &p, 0, 8);
}

/* The first range is fine; the second lies beyond offset8. */
static void gt_refuse_count_beyond_list(struct kunit *test)
{
	struct gt_pkt p;

	gt_one_range(test, &p, 32);
	gt_hdr(&p)->range_count = cpu_to_le32(5);
	gt_expect_refused(test, &p, 0, 64);
}

static void gt_refuse_bad_offset(struct kunit *test)
{
	struct gt_pkt p;

	gt_one_range(test, &p, 64)->byte_offset = cpu_to_le32(PAGE_SIZE);
	gt_expect_refused(test, &p, 0, 8);
}

/* Claims 3 pages' worth of bytes but lists one PFN. */
static void gt_refuse_short_pfn_list(struct kunit *test)
{
	struct gt_pkt p;

	gt_one_range(test, &p, 64)->byte_count = cpu_to_le32(3 * PAGE_SIZE);
	gt_expect_refused(test, &p, 0, 8);
}

static void gt_refuse_beyond_ranges(struct kunit *test)
{
	struct gt_pkt p;

	gt_one_range(test, &p, 32);
	gt_expect_refused(test, &p, 16, 17);
}

static void gt_refuse_invalid_pfn(struct kunit *test)
{
	struct gt_pkt p;

	gt_one_range(test, &p, 64)->pfn[0] = cpu_to_le64(~0ULL);
	gt_expect_refused(test, &p, 0, 8);
}

static struct kunit_case gt_cases[] = {
	KUNIT_CASE(gt_read_two_ranges),
	KUNIT_CASE(gt_write),
	KUNIT_CASE(gt_refuse_wrong_type),
	KUNIT_CASE(gt_refuse_count_beyond_list),
	KUNIT_CASE(gt_refuse_bad_offset),
	KUNIT_CASE(gt_refuse_short_pfn_list),
	KUNIT_CASE(gt_refuse_beyond_ranges),
	KUNIT_CASE(gt_refuse_invalid_pfn),
	{}
};

static struct kunit_suite gt_suite = {
	.name = "vmbussim_guestmem",
	.test_cases = gt_cases,
};

kunit_test_suite(gt_suite);
