// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of rndis_parse.h: every check on RNDIS input rejects what
 * it should and accepts well-formed messages; of the driver's reading
 * of a received frame's per-packet infos; and of the configuration
 * parameter that sets the MAC address.
 */

#include <kunit/test.h>

#include "netvsc.h"
#include "rndis_parse.h"

#define HDR	sizeof(struct rndis_hdr)
#define FIXED	(HDR + sizeof(struct rndis_packet))

/* A packet message with one VLAN info and a 60-byte frame, in @buf. */
static u32 build_packet(u8 *buf)
{
	struct rndis_hdr *h = (void *)buf;
	struct rndis_packet *p = (void *)(buf + HDR);
	struct rndis_ppi *ppi = (void *)(buf + FIXED);
	u32 ppi_len = sizeof(*ppi) + 4, len = FIXED + ppi_len + 60;

	memset(buf, 0, 256);
	h->type = cpu_to_le32(RNDIS_MSG_PACKET);
	h->len = cpu_to_le32(len);
	p->ppi_offset = cpu_to_le32(sizeof(*p));
	p->ppi_len = cpu_to_le32(ppi_len);
	p->data_offset = cpu_to_le32(sizeof(*p) + ppi_len);
	p->data_len = cpu_to_le32(60);
	ppi->size = cpu_to_le32(ppi_len);
	ppi->type = cpu_to_le32(RNDIS_PPI_VLAN);
	ppi->offset = cpu_to_le32(sizeof(*ppi));
	return len;
}

static void msg_check_test(struct kunit *test)
{
	u8 buf[256];
	u32 len = build_packet(buf);

	KUNIT_EXPECT_EQ(test, rndis_msg_check(buf, len, 0), len);
	KUNIT_EXPECT_EQ(test, rndis_msg_check(buf, len - 1, 0), 0U);
	KUNIT_EXPECT_EQ(test, rndis_msg_check(buf, 4, 0), 0U);
	KUNIT_EXPECT_EQ(test, rndis_msg_check(buf, len, len), 0U);
	((struct rndis_hdr *)buf)->len = cpu_to_le32(4);
	KUNIT_EXPECT_EQ(test, rndis_msg_check(buf, len, 0), 0U);
}

static void packet_parse_test(struct kunit *test)
{
	struct rndis_packet *p;
	u32 fo, fl, po, pl, len;
	u8 buf[256];

	len = build_packet(buf);
	p = (void *)(buf + HDR);
	KUNIT_ASSERT_EQ(test, rndis_packet_parse(buf, len, &fo, &fl, &po, &pl), 0);
	KUNIT_EXPECT_EQ(test, fl, 60U);
	KUNIT_EXPECT_EQ(test, fo + fl, len);
	KUNIT_EXPECT_EQ(test, po, (u32)FIXED);

	/* Frame past the end, into the fixed header, empty, huge offset. */
	p->data_len = cpu_to_le32(61);
	KUNIT_EXPECT_EQ(test, rndis_packet_parse(buf, len, &fo, &fl, &po, &pl), -EINVAL);
	build_packet(buf);
	p->data_offset = cpu_to_le32(4);
	KUNIT_EXPECT_EQ(test, rndis_packet_parse(buf, len, &fo, &fl, &po, &pl), -EINVAL);
	build_packet(buf);
	p->data_len = 0;
	KUNIT_EXPECT_EQ(test, rndis_packet_parse(buf, len, &fo, &fl, &po, &pl), -EINVAL);
	build_packet(buf);
	p->data_offset = cpu_to_le32(0xfffffff0);
	KUNIT_EXPECT_EQ(test, rndis_packet_parse(buf, len, &fo, &fl, &po, &pl), -EINVAL);
	/* Per-packet info past the end; message shorter than its header. */
	build_packet(buf);
	p->ppi_len = cpu_to_le32(len);
	KUNIT_EXPECT_EQ(test, rndis_packet_parse(buf, len, &fo, &fl, &po, &pl), -EINVAL);
	build_packet(buf);
	KUNIT_EXPECT_EQ(test, rndis_packet_parse(buf, FIXED - 1, &fo, &fl, &po, &pl), -EINVAL);
}

static void ppi_find_test(struct kunit *test)
{
	u8 buf[256];
	struct rndis_ppi *ppi = (void *)(buf + FIXED);
	const void *val;
	u32 pl;

	build_packet(buf);
	pl = sizeof(*ppi) + 4;
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl, RNDIS_PPI_VLAN, 4, &val), 0);
	KUNIT_EXPECT_PTR_EQ(test, val, (const void *)(ppi + 1));
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl, RNDIS_PPI_CSUM, 4, &val), 0);
	KUNIT_EXPECT_NULL(test, val);
	/* The value is shorter than asked for. */
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl, RNDIS_PPI_VLAN, 8, &val), -EINVAL);
	/* Size below the info header, beyond the area; offset beyond size. */
	ppi->size = cpu_to_le32(4);
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl, RNDIS_PPI_VLAN, 4, &val), -EINVAL);
	ppi->size = cpu_to_le32(pl + 8);
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl, RNDIS_PPI_VLAN, 4, &val), -EINVAL);
	ppi->size = cpu_to_le32(pl);
	ppi->offset = cpu_to_le32(pl + 1);
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl, RNDIS_PPI_VLAN, 4, &val), -EINVAL);
	/* A truncated second info. */
	build_packet(buf);
	KUNIT_EXPECT_EQ(test, rndis_ppi_find(ppi, pl + 4, RNDIS_PPI_VLAN, 4, &val), -EINVAL);
}

static void rx_ppi_test(struct kunit *test)
{
	struct netvsc_rx_info info;
	u8 buf[64] = {}, *end;
	struct rndis_ppi *p = (void *)buf;

	end = rndis_ppi_put(buf, RNDIS_PPI_CSUM, RNDIS_CSUM_RX_TCP_OK);
	end = rndis_ppi_put(end, RNDIS_PPI_VLAN, 10 << RNDIS_VLAN_ID_SHIFT);
	end = rndis_ppi_put(end, RNDIS_PPI_HASH, 0x12345678);
	KUNIT_ASSERT_EQ(test, netvsc_rx_ppi_parse(buf, end - buf, &info), 0);
	KUNIT_EXPECT_EQ(test, info.csum, RNDIS_CSUM_RX_TCP_OK);
	KUNIT_EXPECT_TRUE(test, info.has_vlan);
	KUNIT_EXPECT_EQ(test, info.vlan, 10U << RNDIS_VLAN_ID_SHIFT);
	KUNIT_EXPECT_TRUE(test, info.has_hash);
	KUNIT_EXPECT_EQ(test, info.hash, 0x12345678U);
	/* No infos: nothing claimed. */
	KUNIT_ASSERT_EQ(test, netvsc_rx_ppi_parse(buf, 0, &info), 0);
	KUNIT_EXPECT_EQ(test, info.csum, 0U);
	KUNIT_EXPECT_FALSE(test, info.has_vlan);
	KUNIT_EXPECT_FALSE(test, info.has_hash);
	/* A value outside its info, or an area cut in the middle. */
	p->offset = cpu_to_le32(sizeof(*p) + 8);
	KUNIT_EXPECT_EQ(test, netvsc_rx_ppi_parse(buf, end - buf, &info), -EINVAL);
	p->offset = cpu_to_le32(sizeof(*p));
	KUNIT_EXPECT_EQ(test, netvsc_rx_ppi_parse(buf, end - buf - 2, &info), -EINVAL);
	/* A checksum info too short for its value. */
	p->size = cpu_to_le32(sizeof(*p) + 2);
	KUNIT_EXPECT_EQ(test, netvsc_rx_ppi_parse(buf, sizeof(*p) + 2, &info), -EINVAL);
}

static void span_test(struct kunit *test)
{
	KUNIT_EXPECT_TRUE(test, rndis_span_ok(8, 8, 8, 16));
	KUNIT_EXPECT_FALSE(test, rndis_span_ok(8, 9, 8, 16));
	KUNIT_EXPECT_FALSE(test, rndis_span_ok(7, 1, 8, 16));
	KUNIT_EXPECT_FALSE(test, rndis_span_ok(0xfffffff8, 16, 0, 0xffffffff));
}

/* An indication with a 4-byte status buffer right after its fields. */
static u32 build_indicate(u8 *buf)
{
	struct rndis_indicate *ind = (void *)(buf + HDR);
	u32 len = HDR + sizeof(*ind) + 4;

	memset(buf, 0, 64);
	((struct rndis_hdr *)buf)->type = cpu_to_le32(RNDIS_MSG_INDICATE);
	((struct rndis_hdr *)buf)->len = cpu_to_le32(len);
	ind->status = cpu_to_le32(RNDIS_STATUS_LINK_SPEED_CHANGE);
	ind->buf_len = cpu_to_le32(4);
	ind->buf_offset = cpu_to_le32(sizeof(*ind));
	return len;
}

static void indicate_buf_test(struct kunit *test)
{
	struct rndis_indicate *ind;
	const void *val = NULL;
	u8 buf[64];
	u32 len = build_indicate(buf);

	ind = (void *)(buf + HDR);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len, 4, &val), 0);
	KUNIT_EXPECT_PTR_EQ(test, val, (const void *)(buf + HDR + sizeof(*ind)));
	/* Past the fields, within the range: fine. */
	ind->buf_offset = cpu_to_le32(sizeof(*ind) + 8);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len + 8, 4, &val), 0);
	/* Past the range; far past it (no wrap-around). */
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len + 7, 4, &val), -EINVAL);
	ind->buf_offset = cpu_to_le32(0xfffffff8);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len, 4, &val), -EINVAL);
	/* Inside the indication's own fields. */
	ind->buf_offset = cpu_to_le32(sizeof(*ind) - 4);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len, 4, &val), -EINVAL);
	/* Shorter than needed; longer than the range. */
	len = build_indicate(buf);
	ind->buf_len = cpu_to_le32(3);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len, 4, &val), -EINVAL);
	ind->buf_len = cpu_to_le32(0xffffffff);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, len, 4, &val), -EINVAL);
	/* A range too short for the indication's fields. */
	len = build_indicate(buf);
	KUNIT_EXPECT_EQ(test, rndis_indicate_buf(buf, HDR + sizeof(*ind) - 1, 0, &val),
			-EINVAL);
}

/* A completion of @type: header, then @w0 and @w1, @len bytes in all. */
static u32 build_completion(u8 *buf, u32 type, u32 w0, u32 w1, u32 len)
{
	__le32 *w = (void *)(buf + HDR);

	memset(buf, 0, 64);
	((struct rndis_hdr *)buf)->type = cpu_to_le32(type);
	((struct rndis_hdr *)buf)->len = cpu_to_le32(len);
	w[0] = cpu_to_le32(w0);
	w[1] = cpu_to_le32(w1);
	return len;
}

static void completion_parse_test(struct kunit *test)
{
	u32 id = 99, status = 99, len;
	u8 buf[64];

	/* A reset completion is {status, addressing_reset}: no request id. */
	len = build_completion(buf, RNDIS_MSG_RESET_C, RNDIS_STATUS_FAILURE, 1,
			       HDR + sizeof(struct rndis_reset_complete));
	KUNIT_ASSERT_EQ(test, rndis_completion_parse(buf, len, &id, &status), 0);
	KUNIT_EXPECT_EQ(test, id, 0U);
	KUNIT_EXPECT_EQ(test, status, RNDIS_STATUS_FAILURE);
	KUNIT_EXPECT_EQ(test, rndis_completion_parse(buf, len - 1, &id, &status),
			-EINVAL);
	/* The others start {request id, status}. */
	len = build_completion(buf, RNDIS_MSG_SET_C, 7, RNDIS_STATUS_NOT_SUPPORTED,
			       HDR + sizeof(struct rndis_status_complete));
	KUNIT_ASSERT_EQ(test, rndis_completion_parse(buf, len, &id, &status), 0);
	KUNIT_EXPECT_EQ(test, id, 7U);
	KUNIT_EXPECT_EQ(test, status, RNDIS_STATUS_NOT_SUPPORTED);
	KUNIT_EXPECT_EQ(test, rndis_completion_parse(buf, len - 1, &id, &status),
			-EINVAL);
	len = build_completion(buf, RNDIS_MSG_KEEPALIVE_C, 8, 0, HDR + 8);
	KUNIT_ASSERT_EQ(test, rndis_completion_parse(buf, len, &id, &status), 0);
	KUNIT_EXPECT_EQ(test, id, 8U);
	/* Each type's fixed fields must fit. */
	len = build_completion(buf, RNDIS_MSG_QUERY_C, 9, 0,
			       HDR + sizeof(struct rndis_query_complete));
	KUNIT_ASSERT_EQ(test, rndis_completion_parse(buf, len, &id, &status), 0);
	KUNIT_EXPECT_EQ(test, id, 9U);
	KUNIT_EXPECT_EQ(test, rndis_completion_parse(buf, len - 1, &id, &status),
			-EINVAL);
	len = build_completion(buf, RNDIS_MSG_INIT_C, 10, 0,
			       HDR + sizeof(struct rndis_init_complete));
	KUNIT_ASSERT_EQ(test, rndis_completion_parse(buf, len, &id, &status), 0);
	KUNIT_EXPECT_EQ(test, id, 10U);
	KUNIT_EXPECT_EQ(test, rndis_completion_parse(buf, len - 1, &id, &status),
			-EINVAL);
	/* No completion at all. */
	len = build_completion(buf, RNDIS_MSG_INDICATE, 0, 0, HDR + 12);
	KUNIT_EXPECT_EQ(test, rndis_completion_parse(buf, len, &id, &status),
			-EINVAL);
}

static void mac_param_test(struct kunit *test)
{
	static const u8 mac[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0xaf, 0x09, 0x3c };
	static const char name[] = "NetworkAddress", value[] = "00155daf093c";
	const struct rndis_config_param *p;
	struct netvsc_mac_param mp;
	const u8 *b = (const u8 *)&mp;
	u32 i, off;

	memset(&mp, 0xff, sizeof(mp));
	netvsc_mac_param(&mp, mac);
	p = &mp.p;
	KUNIT_EXPECT_EQ(test, sizeof(mp), 72UL);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(p->type), RNDIS_CONFIG_PARAM_STRING);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(p->name_offset), 20U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(p->name_len), 28U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(p->value_offset), 48U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(p->value_len), 24U);
	/* UTF-16LE: each character, then a zero byte. */
	off = le32_to_cpu(p->name_offset);
	for (i = 0; i < strlen(name); i++) {
		KUNIT_EXPECT_EQ(test, b[off + 2 * i], (u8)name[i]);
		KUNIT_EXPECT_EQ(test, b[off + 2 * i + 1], 0);
	}
	off = le32_to_cpu(p->value_offset);
	for (i = 0; i < strlen(value); i++) {
		KUNIT_EXPECT_EQ(test, b[off + 2 * i], (u8)value[i]);
		KUNIT_EXPECT_EQ(test, b[off + 2 * i + 1], 0);
	}
}

static struct kunit_case rndis_parse_cases[] = {
	KUNIT_CASE(completion_parse_test),
	KUNIT_CASE(indicate_buf_test),
	KUNIT_CASE(mac_param_test),
	KUNIT_CASE(msg_check_test),
	KUNIT_CASE(packet_parse_test),
	KUNIT_CASE(ppi_find_test),
	KUNIT_CASE(rx_ppi_test),
	KUNIT_CASE(span_test),
	{}
};

static struct kunit_suite rndis_parse_suite = {
	.name = "hv_netvsc_rndis_parse",
	.test_cases = rndis_parse_cases,
};

kunit_test_suite(rndis_parse_suite);
