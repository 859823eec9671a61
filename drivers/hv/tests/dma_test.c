// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the GPA ranges built from DMA addresses: one buffer, and
 * a mapped scatterlist that must be one run of whole Hyper-V pages.
 */

#include <kunit/test.h>
#include <linux/scatterlist.h>

#include "../vmbus_private.h"

/* A range with room for 8 page numbers. */
struct dma_test_range {
	struct vmbus_gpa_range r;
	__le64 pfns[8];
};

/* A "mapped" list: entry i at DMA address @addr[i], @len[i] bytes. */
static void dma_test_sg(struct scatterlist *sgl, unsigned int n,
			const u64 *addr, const u32 *len)
{
	unsigned int i;

	sg_init_table(sgl, n);
	for (i = 0; i < n; i++) {
		sgl[i].length = len[i];
		sg_dma_address(&sgl[i]) = addr[i];
		sg_dma_len(&sgl[i]) = len[i];
	}
}

static void dma_fill_good(struct kunit *test)
{
	struct dma_test_range t = {};

	/* 100 bytes across a page boundary: two pages, offset kept. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 8, 0x12345fa0, 100), 2);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(t.r.byte_offset), 0xfa0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(t.r.byte_count), 100);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[0]), 0x12345);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[1]), 0x12346);
	/* Exactly the room there is: 8 whole pages. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 8, 0x100000000ULL,
						   8 * HV_PAGE_SIZE), 8);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[7]), 0x100007);
}

static void dma_fill_bad(struct kunit *test)
{
	struct dma_test_range t = {};

	/* A zero-length buffer names no page. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 8, 0x1000, 0), -EINVAL);
	/* One byte more than the page numbers can hold. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 8, 0x1000,
						   8 * HV_PAGE_SIZE + 1), -E2BIG);
	/* The offset costs a page too. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 8, 0x1001,
						   8 * HV_PAGE_SIZE), -E2BIG);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 0, 0x1000, 1), -E2BIG);
	/* The largest length does not wrap the page count. */
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_fill(&t.r, 8, 0xfff, U32_MAX),
			-E2BIG);
}

static void dma_sg_good(struct kunit *test)
{
	static const u64 addr[] = { 0x10e00, 0x50000, 0x90000 };
	static const u32 len[] = { 0x200, 0x2000, 0x10 };
	struct dma_test_range t = {};
	struct scatterlist sgl[3];

	/* Tail of a page, two whole pages, the head of one: 4 pages. */
	dma_test_sg(sgl, 3, addr, len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 3, 0x2210), 4);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(t.r.byte_offset), 0xe00);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(t.r.byte_count), 0x2210);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[0]), 0x10);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[1]), 0x50);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[2]), 0x51);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t.r.pfn[3]), 0x90);
	/* One entry may start and end anywhere. */
	dma_test_sg(sgl, 1, &addr[0], &len[0]);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 1, 0x200), 1);
}

static void dma_sg_bad(struct kunit *test)
{
	static const u64 hole[] = { 0x10000, 0x20200 };
	static const u64 ragged[] = { 0x10000, 0x20000 };
	static const u32 len[] = { 0x1000, 0x1000 };
	static const u32 short_len[] = { 0x800, 0x1000 };
	static const u32 zero_len[] = { 0x1000, 0 };
	static const u64 big_addr[] = { 0x10000, 0x40000 };
	static const u32 big_len[] = { 0x4000, 0x5000 };
	struct dma_test_range t = {};
	struct scatterlist sgl[2];

	/* An empty list, or no bytes. */
	dma_test_sg(sgl, 2, ragged, len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 0, 0x2000),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0), -EINVAL);
	/* The second entry starts inside a page: not one range. */
	dma_test_sg(sgl, 2, hole, len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0x2000),
			-EINVAL);
	/* The first ends inside a page. */
	dma_test_sg(sgl, 2, ragged, short_len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0x1800),
			-EINVAL);
	/* A zero-length entry. */
	dma_test_sg(sgl, 2, ragged, zero_len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0x1000),
			-EINVAL);
	/* Entries that add up to more, or less, than the command's bytes. */
	dma_test_sg(sgl, 2, ragged, len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0x1fff),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0x2001),
			-EINVAL);
	/* A list longer than the page numbers (the host's max transfer). */
	dma_test_sg(sgl, 2, big_addr, big_len);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 8, sgl, 2, 0x9000),
			-E2BIG);
	KUNIT_EXPECT_EQ(test, vmbus_gpa_range_from_sg(&t.r, 9, sgl, 2, 0x9000), 9);
}

static struct kunit_case vmbus_dma_cases[] = {
	KUNIT_CASE(dma_fill_good),
	KUNIT_CASE(dma_fill_bad),
	KUNIT_CASE(dma_sg_good),
	KUNIT_CASE(dma_sg_bad),
	{}
};

static struct kunit_suite vmbus_dma_suite = {
	.name = "vmbus_dma",
	.test_cases = vmbus_dma_cases,
};

kunit_test_suite(vmbus_dma_suite);
