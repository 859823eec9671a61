// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of nvsp.h's nvsp_send_table_find(): the host's send table
 * is found where it lies, the old hosts' offset bug is worked around, and
 * every malformed message is rejected.
 */

#include <kunit/test.h>

#include "nvsp_parse.h"

#define TAB_BYTES	(NVSP_INDIRECTION_ENTRIES * sizeof(__le32))
#define FULL		(sizeof(struct nvsp_msg) + TAB_BYTES)

static struct nvsp_msg *table_msg(u8 *buf, u32 count, u32 off)
{
	struct nvsp_msg *m = (void *)buf;

	memset(buf, 0, FULL + 16);
	m->type = cpu_to_le32(NVSP_MSG5_SEND_INDIRECTION_TABLE);
	m->indirection.count = cpu_to_le32(count);
	m->indirection.offset = cpu_to_le32(off);
	return m;
}

static void send_table_good_test(struct kunit *test)
{
	u8 buf[FULL + 16];
	struct nvsp_msg *m = table_msg(buf, 16, sizeof(*m));
	u32 off = 0;

	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), 0);
	KUNIT_EXPECT_EQ(test, off, (u32)sizeof(*m));
	/* Right after the fields, and at an odd offset: both taken as given. */
	m = table_msg(buf, 16, 12);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, 12 + TAB_BYTES, NVSP_VER_61, &off), 0);
	KUNIT_EXPECT_EQ(test, off, 12U);
	m = table_msg(buf, 16, 13);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, 13 + TAB_BYTES, NVSP_VER_61, &off), 0);
	KUNIT_EXPECT_EQ(test, off, 13U);
}

/* NVSP 6.0 and older: the table follows struct nvsp_msg, whatever the
 * offset says, when the message holds it there.
 */
static void send_table_old_host_test(struct kunit *test)
{
	u8 buf[FULL + 16];
	struct nvsp_msg *m = table_msg(buf, 16, 12);
	u32 off = 0;

	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_6, &off), 0);
	KUNIT_EXPECT_EQ(test, off, (u32)sizeof(*m));
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_5, &off), 0);
	KUNIT_EXPECT_EQ(test, off, (u32)sizeof(*m));
	/* Too short to hold it there: the offset given stands. */
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL - 1, NVSP_VER_6, &off), 0);
	KUNIT_EXPECT_EQ(test, off, 12U);
	/* 6.1 takes the offset as given. */
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), 0);
	KUNIT_EXPECT_EQ(test, off, 12U);
}

static void send_table_bad_test(struct kunit *test)
{
	u8 buf[FULL + 16];
	struct nvsp_msg *m = table_msg(buf, 15, sizeof(*m));
	u32 off = 7;

	/* Not 16 entries. */
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), -EINVAL);
	m = table_msg(buf, 17, sizeof(*m));
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL + 4, NVSP_VER_61, &off), -EINVAL);
	/* Too short for the count and offset fields. */
	m = table_msg(buf, 16, sizeof(*m));
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, 11, NVSP_VER_61, &off), -EINVAL);
	/* One byte short of the table; the old-host rule does not apply. */
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL - 1, NVSP_VER_61, &off), -EINVAL);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL - 1, NVSP_VER_6, &off), -EINVAL);
	/* Past the end, and far past it (no wrap-around). */
	m = table_msg(buf, 16, FULL);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), -EINVAL);
	m = table_msg(buf, 16, 0xffffffff);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), -EINVAL);
	/* Overlapping the message's own fields. */
	m = table_msg(buf, 16, 8);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), -EINVAL);
	m = table_msg(buf, 16, 0);
	KUNIT_EXPECT_EQ(test, nvsp_send_table_find(m, FULL, NVSP_VER_61, &off), -EINVAL);
	/* No failure wrote @off. */
	KUNIT_EXPECT_EQ(test, off, 7U);
}

static struct kunit_case nvsp_cases[] = {
	KUNIT_CASE(send_table_good_test),
	KUNIT_CASE(send_table_old_host_test),
	KUNIT_CASE(send_table_bad_test),
	{}
};

static struct kunit_suite nvsp_suite = {
	.name = "hv_netvsc_nvsp",
	.test_cases = nvsp_cases,
};

kunit_test_suite(nvsp_suite);
