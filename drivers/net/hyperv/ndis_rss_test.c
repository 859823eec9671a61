// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of ndis_rss.h: the checks on the host's RSS capabilities
 * and on RSS parameters reject what they should and accept well-formed
 * objects.
 */

#include <kunit/test.h>

#include "ndis_rss.h"

#define TBL	(NDIS_RSS_TABLE_ENTRIES * sizeof(__le32))
#define PLEN	(sizeof(struct ndis_rss_params) + TBL + NDIS_RSS_KEY_SIZE)

static void caps_build(struct ndis_rss_caps *c)
{
	memset(c, 0, sizeof(*c));
	c->hdr.type = NDIS_OBJ_RSS_CAPS;
	c->hdr.rev = NDIS_RSS_REVISION;
	c->hdr.size = cpu_to_le16(sizeof(*c));
	c->num_queues = cpu_to_le32(8);
}

static void caps_test(struct kunit *test)
{
	struct ndis_rss_caps c;
	u32 q = 0;

	caps_build(&c);
	KUNIT_EXPECT_EQ(test, ndis_rss_caps_parse(&c, sizeof(c), &q), 0);
	KUNIT_EXPECT_EQ(test, q, 8);
	KUNIT_EXPECT_EQ(test, ndis_rss_caps_parse(&c, sizeof(c) - 1, &q), -EPROTO);
	c.hdr.type = NDIS_OBJ_RSS_PARAMS;
	KUNIT_EXPECT_EQ(test, ndis_rss_caps_parse(&c, sizeof(c), &q), -EPROTO);
	caps_build(&c);
	c.hdr.rev = 1;
	KUNIT_EXPECT_EQ(test, ndis_rss_caps_parse(&c, sizeof(c), &q), -EPROTO);
	caps_build(&c);
	c.hdr.size = cpu_to_le16(sizeof(c) + 1);
	KUNIT_EXPECT_EQ(test, ndis_rss_caps_parse(&c, sizeof(c), &q), -EPROTO);
	caps_build(&c);
	c.num_queues = 0;
	KUNIT_EXPECT_EQ(test, ndis_rss_caps_parse(&c, sizeof(c), &q), -EPROTO);
}

/* Parameters with a full table and the key behind it, in @buf. */
static struct ndis_rss_params *params_build(u8 *buf)
{
	struct ndis_rss_params *p = (void *)buf;

	memset(buf, 0, PLEN);
	p->hdr.type = NDIS_OBJ_RSS_PARAMS;
	p->hdr.rev = NDIS_RSS_REVISION;
	p->hdr.size = cpu_to_le16(sizeof(*p));
	p->table_size = cpu_to_le16(TBL);
	p->table_offset = cpu_to_le32(sizeof(*p));
	p->key_size = cpu_to_le16(NDIS_RSS_KEY_SIZE);
	p->key_offset = cpu_to_le32(sizeof(*p) + TBL);
	return p;
}

static void params_test(struct kunit *test)
{
	u8 buf[PLEN];
	struct ndis_rss_params *p = params_build(buf);
	const __le32 *table;
	const u8 *key;
	u32 n;

	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), 0);
	KUNIT_EXPECT_PTR_EQ(test, (const u8 *)table, buf + sizeof(*p));
	KUNIT_EXPECT_EQ(test, n, NDIS_RSS_TABLE_ENTRIES);
	KUNIT_EXPECT_PTR_EQ(test, key, buf + sizeof(*p) + TBL);
	/* Too short for the key, or for the object itself. */
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN - 1, &table, &n, &key), -EINVAL);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, sizeof(*p) - 1, &table, &n, &key),
			-EINVAL);
	/* Table: odd size, not a power of two, too big, misaligned, outside. */
	p->table_size = cpu_to_le16(TBL - 2);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	p->table_size = cpu_to_le16(12);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	p->table_size = cpu_to_le16(2 * TBL);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	params_build(buf);
	p->table_offset = cpu_to_le32(sizeof(*p) + 2);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	p->table_offset = cpu_to_le32(0xfffffffc);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	p->table_offset = cpu_to_le32(0);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	/* Key: wrong size, outside. */
	params_build(buf);
	p->key_size = cpu_to_le16(16);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	params_build(buf);
	p->key_offset = cpu_to_le32(PLEN - 1);
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	/* Wrong type. */
	params_build(buf);
	p->hdr.type = NDIS_OBJ_RSS_CAPS;
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, PLEN, &table, &n, &key), -EINVAL);
	/* Disabled: no table or key needed. */
	params_build(buf);
	p->flags = cpu_to_le16(NDIS_RSS_FLAG_DISABLE);
	p->table_size = 0;
	KUNIT_EXPECT_EQ(test, ndis_rss_params_parse(buf, sizeof(*p), &table, &n, &key), 0);
	KUNIT_EXPECT_NULL(test, table);
	KUNIT_EXPECT_EQ(test, n, 0);
}

static struct kunit_case ndis_rss_cases[] = {
	KUNIT_CASE(caps_test),
	KUNIT_CASE(params_test),
	{}
};

static struct kunit_suite ndis_rss_suite = {
	.name = "hv_netvsc_ndis_rss",
	.test_cases = ndis_rss_cases,
};

kunit_test_suite(ndis_rss_suite);
