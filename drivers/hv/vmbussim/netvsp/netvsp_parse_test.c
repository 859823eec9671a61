// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the netvsp model's own parsers (netvsp_parse.c):
 * each accepts what a Microsoft host accepts and refuses, without
 * reading past its buffer, every message one byte or field off.
 */

#include <kunit/test.h>

#include "netvsp.h"

#define PT_HDR		sizeof(struct rndis_hdr)
#define PT_FIXED	(PT_HDR + sizeof(struct rndis_packet))

static void parse_len_test(struct kunit *test)
{
	u8 buf[32] = {};
	struct rndis_hdr *h = (void *)buf;

	h->len = cpu_to_le32(24);
	KUNIT_EXPECT_EQ(test, netvsp_rndis_len(buf, 24), 24U);
	KUNIT_EXPECT_EQ(test, netvsp_rndis_len(buf, 32), 24U);
	KUNIT_EXPECT_EQ(test, netvsp_rndis_len(buf, 23), 0U);
	KUNIT_EXPECT_EQ(test, netvsp_rndis_len(buf, PT_HDR - 1), 0U);
	h->len = cpu_to_le32(PT_HDR - 1);
	KUNIT_EXPECT_EQ(test, netvsp_rndis_len(buf, 32), 0U);
	h->len = cpu_to_le32(0xffffffff);
	KUNIT_EXPECT_EQ(test, netvsp_rndis_len(buf, 32), 0U);
}

/* A data message: 12 bytes of per-packet info, then a 20-byte frame. */
static u32 pt_packet(u8 *buf)
{
	struct rndis_hdr *h = (void *)buf;
	struct rndis_packet *p = (void *)(buf + PT_HDR);
	u32 len = PT_FIXED + 16 + 20;

	memset(buf, 0, len);
	h->type = cpu_to_le32(RNDIS_MSG_PACKET);
	h->len = cpu_to_le32(len);
	p->ppi_offset = cpu_to_le32(sizeof(*p));
	p->ppi_len = cpu_to_le32(16);
	p->data_offset = cpu_to_le32(sizeof(*p) + 16);
	p->data_len = cpu_to_le32(20);
	netvsp_ppi_add(buf + PT_FIXED, RNDIS_PPI_VLAN, 7);
	return len;
}

static void parse_pkt_test(struct kunit *test)
{
	u8 buf[128];
	struct rndis_packet *p = (void *)(buf + PT_HDR);
	struct netvsp_pkt k;
	u32 len = pt_packet(buf);

	KUNIT_ASSERT_EQ(test, netvsp_pkt_read(buf, len, &k), 0);
	KUNIT_EXPECT_EQ(test, k.ppi_off, (u32)PT_FIXED);
	KUNIT_EXPECT_EQ(test, k.ppi_len, 16U);
	KUNIT_EXPECT_EQ(test, k.frame_off, (u32)PT_FIXED + 16);
	KUNIT_EXPECT_EQ(test, k.frame_len, 20U);
	/* One byte short: the frame runs past the message. */
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len - 1, &k), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, PT_FIXED - 1, &k), -EMSGSIZE);
	/* Out-of-band data and a VC handle are refused. */
	p->oob_count = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EOPNOTSUPP);
	pt_packet(buf);
	p->vc_handle = cpu_to_le32(1);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EOPNOTSUPP);
	/* An empty frame, a frame inside the fixed fields, offsets that wrap. */
	pt_packet(buf);
	p->data_len = 0;
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EINVAL);
	pt_packet(buf);
	p->data_offset = cpu_to_le32(4);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EINVAL);
	pt_packet(buf);
	p->data_offset = cpu_to_le32(0xfffffff8);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EINVAL);
	pt_packet(buf);
	p->ppi_len = cpu_to_le32(17 + 20);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EINVAL);
	pt_packet(buf);
	p->ppi_offset = cpu_to_le32(0xfffffffc);
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), -EINVAL);
	/* No info: its offset does not matter. */
	p->ppi_len = 0;
	KUNIT_EXPECT_EQ(test, netvsp_pkt_read(buf, len, &k), 0);
	KUNIT_EXPECT_EQ(test, k.ppi_len, 0U);
}

static void parse_ppis_test(struct kunit *test)
{
	u8 area[64] = {};
	struct rndis_ppi *second = (void *)(area + 16);
	struct netvsp_ppis in;
	u8 *end;

	end = netvsp_ppi_add(area, RNDIS_PPI_CSUM, 3);
	end = netvsp_ppi_add(end, RNDIS_PPI_LSO, 1460);
	end = netvsp_ppi_add(end, 0x55, 9);
	KUNIT_ASSERT_EQ(test, netvsp_ppis_read(area, end - area, &in), 0);
	KUNIT_ASSERT_NOT_NULL(test, in.csum);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(*in.csum), 3U);
	KUNIT_ASSERT_NOT_NULL(test, in.lso);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(*in.lso), 1460U);
	KUNIT_EXPECT_NULL(test, in.vlan);
	KUNIT_EXPECT_NULL(test, in.hash);
	/* A trailing partial header, an info past the area. */
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, end - area + 4, &in), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, end - area - 1, &in), -EINVAL);
	/* Size 0 (a host would loop), a value offset past the info. */
	second->size = 0;
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, end - area, &in), -EINVAL);
	second->size = cpu_to_le32(16);
	second->offset = cpu_to_le32(17);
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, end - area, &in), -EINVAL);
	/* A known type whose value is shorter than 4 bytes. */
	second->offset = cpu_to_le32(14);
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, end - area, &in), -EINVAL);
	second->offset = cpu_to_le32(8);
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, end - area, &in), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_ppis_read(area, 0, &in), 0);
}

static void parse_info_test(struct kunit *test)
{
	u8 buf[64] = {};
	struct rndis_query *q = (void *)(buf + PT_HDR);
	u32 len = PT_HDR + sizeof(*q) + 4, off, n;

	q->info_offset = cpu_to_le32(sizeof(*q));
	q->info_len = cpu_to_le32(4);
	KUNIT_ASSERT_EQ(test, netvsp_info_read(buf, len, &off, &n), 0);
	KUNIT_EXPECT_EQ(test, off, (u32)(PT_HDR + sizeof(*q)));
	KUNIT_EXPECT_EQ(test, n, 4U);
	KUNIT_EXPECT_EQ(test, netvsp_info_read(buf, len - 1, &off, &n), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_info_read(buf, PT_HDR + sizeof(*q) - 1, &off, &n),
			-EMSGSIZE);
	q->info_offset = cpu_to_le32(sizeof(*q) - 4);
	KUNIT_EXPECT_EQ(test, netvsp_info_read(buf, len, &off, &n), -EINVAL);
	q->info_offset = cpu_to_le32(0xfffffffc);
	KUNIT_EXPECT_EQ(test, netvsp_info_read(buf, len, &off, &n), -EINVAL);
	q->info_len = 0;
	KUNIT_EXPECT_EQ(test, netvsp_info_read(buf, len, &off, &n), 0);
	KUNIT_EXPECT_EQ(test, n, 0U);
}

#define RT_TABLE	sizeof(struct ndis_rss_params)
#define RT_KEY		(RT_TABLE + 16 * 4)
#define RT_LEN		(RT_KEY + NDIS_RSS_KEY_SIZE)

/* RSS parameters with a 16-entry table (entry i = i % 4) and a key. */
static void rt_build(u8 *buf)
{
	struct ndis_rss_params *p = (void *)buf;
	u32 i;

	memset(buf, 0, RT_LEN);
	p->hdr.type = NDIS_OBJ_RSS_PARAMS;
	p->hdr.rev = NDIS_RSS_REVISION;
	p->hdr.size = cpu_to_le16(sizeof(*p));
	p->hash_info = cpu_to_le32(NDIS_HASH_TOEPLITZ | NDIS_HASH_IPV4);
	p->table_size = cpu_to_le16(16 * 4);
	p->table_offset = cpu_to_le32(RT_TABLE);
	p->key_size = cpu_to_le16(NDIS_RSS_KEY_SIZE);
	p->key_offset = cpu_to_le32(RT_KEY);
	for (i = 0; i < 16; i++)
		((__le32 *)(buf + RT_TABLE))[i] = cpu_to_le32(i % 4);
	for (i = 0; i < NDIS_RSS_KEY_SIZE; i++)
		buf[RT_KEY + i] = i;
}

static void parse_rss_test(struct kunit *test)
{
	struct netvsp_rss *r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	u8 *buf = kunit_kzalloc(test, RT_LEN, GFP_KERNEL);
	struct ndis_rss_params *p = (void *)buf;

	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	rt_build(buf);
	KUNIT_ASSERT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->entries, (u32)NDIS_RSS_TABLE_ENTRIES);
	/* The 16 entries repeat over the host's table. */
	KUNIT_EXPECT_EQ(test, r->table[16 + 3], 3U);
	KUNIT_EXPECT_EQ(test, r->table[NDIS_RSS_TABLE_ENTRIES - 1], 3U);
	KUNIT_EXPECT_EQ(test, r->key[39], 39);
	/* An entry naming a queue the host does not have. */
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 3, r), RNDIS_STATUS_INVALID_DATA);
	/* A key of another size; a table of 0 or not a multiple of 4 bytes. */
	p->key_size = cpu_to_le16(NDIS_RSS_KEY_SIZE - 4);
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_INVALID_DATA);
	rt_build(buf);
	p->table_size = 0;
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_INVALID_DATA);
	p->table_size = cpu_to_le16(62);
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_INVALID_DATA);
	/* A table of 3 entries is fine (no power of two needed). */
	p->table_size = cpu_to_le16(12);
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->table[3], 0U);
	/* Key or table past the object. */
	rt_build(buf);
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN - 1, 4, r), RNDIS_STATUS_FAILURE);
	p->table_offset = cpu_to_le32(0xfffffff0);
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_FAILURE);
	/* vmswitch ignores the NDIS header; RSS off needs no table. */
	rt_build(buf);
	p->hdr.type = 0;
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_SUCCESS);
	p->flags = cpu_to_le16(NDIS_RSS_FLAG_DISABLE);
	p->table_size = 0;
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, RT_LEN, 4, r), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->entries, 0U);
	/* A short object reads as zeros: no hash function, RSS off. */
	KUNIT_EXPECT_EQ(test, netvsp_rss_read(buf, 4, 4, r), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, r->entries, 0U);
}

static struct kunit_case netvsp_parse_cases[] = {
	KUNIT_CASE(parse_len_test),
	KUNIT_CASE(parse_pkt_test),
	KUNIT_CASE(parse_ppis_test),
	KUNIT_CASE(parse_info_test),
	KUNIT_CASE(parse_rss_test),
	{}
};

static struct kunit_suite netvsp_parse_suite = {
	.name = "vmbussim_netvsp_parse",
	.test_cases = netvsp_parse_cases,
};

kunit_test_suite(netvsp_parse_suite);
