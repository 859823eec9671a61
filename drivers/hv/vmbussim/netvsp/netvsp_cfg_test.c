// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of netvsp_cfg_mac(), the netvsp model's reading of the
 * "NetworkAddress" configuration parameter a guest sets: a well-formed
 * parameter gives its address, and every malformed one is refused with
 * the status that says why.
 */

#include <kunit/test.h>
#include <linux/etherdevice.h>

#include "netvsp.h"

#define CFGT_MAX	128
#define CFGT_HDR	sizeof(struct rndis_config_param)

/* Put ASCII @s at @buf as UTF-16LE; the bytes written. */
static u32 cfgt_utf16(u8 *buf, const char *s)
{
	u32 i, n = strlen(s);

	for (i = 0; i < n; i++) {
		buf[2 * i] = s[i];
		buf[2 * i + 1] = 0;
	}
	return 2 * n;
}

/* A parameter @name of @type with string value @value, in @buf. */
static u32 cfgt_build(u8 *buf, const char *name, u32 type, const char *value)
{
	struct rndis_config_param *p = (void *)buf;
	u32 nlen, vlen;

	memset(buf, 0, CFGT_MAX);
	nlen = cfgt_utf16(buf + CFGT_HDR, name);
	vlen = cfgt_utf16(buf + CFGT_HDR + nlen, value);
	p->name_offset = cpu_to_le32(CFGT_HDR);
	p->name_len = cpu_to_le32(nlen);
	p->type = cpu_to_le32(type);
	p->value_offset = cpu_to_le32(CFGT_HDR + nlen);
	p->value_len = cpu_to_le32(vlen);
	return CFGT_HDR + nlen + vlen;
}

static u32 cfgt_good(u8 *buf)
{
	return cfgt_build(buf, "NetworkAddress", RNDIS_CONFIG_PARAM_STRING,
			  "00155dAbCd01");
}

static void cfg_mac_good_test(struct kunit *test)
{
	static const u8 want[ETH_ALEN] = { 0x00, 0x15, 0x5d, 0xab, 0xcd, 0x01 };
	u8 buf[CFGT_MAX], mac[ETH_ALEN];
	u32 len = cfgt_good(buf);

	KUNIT_ASSERT_EQ(test, netvsp_cfg_mac(buf, len, mac), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, mac, want, ETH_ALEN);
	/* The name's case does not matter; trailing bytes do no harm. */
	len = cfgt_build(buf, "NETWORKADDRESS", RNDIS_CONFIG_PARAM_STRING,
			 "00155dabcd01");
	KUNIT_ASSERT_EQ(test, netvsp_cfg_mac(buf, len + 8, mac), RNDIS_STATUS_SUCCESS);
	KUNIT_EXPECT_MEMEQ(test, mac, want, ETH_ALEN);
}

static void cfg_mac_bounds_test(struct kunit *test)
{
	struct rndis_config_param *p;
	u8 buf[CFGT_MAX], mac[ETH_ALEN];
	u32 len = cfgt_good(buf);

	p = (void *)buf;
	/* Shorter than the parameter's header; than its value. */
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, CFGT_HDR - 1, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len - 1, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	/* A name inside the header, past the end, or at a huge offset. */
	p->name_offset = cpu_to_le32(CFGT_HDR - 2);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	p->name_offset = cpu_to_le32(len - 2);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	p->name_offset = cpu_to_le32(0xfffffff0);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	/* A name or value length running past the end (no wrap-around). */
	len = cfgt_good(buf);
	p->name_len = cpu_to_le32(0xfffffffe);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	len = cfgt_good(buf);
	p->value_len = cpu_to_le32(le32_to_cpu(p->value_len) + 2);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	/* A value inside the header, or at a huge offset. */
	len = cfgt_good(buf);
	p->value_offset = cpu_to_le32(4);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
	p->value_offset = cpu_to_le32(0xffffffff);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_LENGTH);
}

static void cfg_mac_value_test(struct kunit *test)
{
	static const char * const bad[] = {
		"00155dabcd0",		/* 11 digits */
		"00155dabcd012",	/* 13 digits */
		"00155dabcdg1",		/* no hex digit */
		"00-15-5dabcd",		/* a separator */
		"01155dabcd01",		/* multicast */
		"000000000000",		/* zero */
	};
	struct rndis_config_param *p;
	u8 buf[CFGT_MAX], mac[ETH_ALEN];
	u32 len, i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		len = cfgt_build(buf, "NetworkAddress", RNDIS_CONFIG_PARAM_STRING,
				 bad[i]);
		KUNIT_EXPECT_EQ_MSG(test, netvsp_cfg_mac(buf, len, mac),
				    RNDIS_STATUS_INVALID_DATA, "value %s", bad[i]);
	}
	/* An integer parameter. */
	len = cfgt_build(buf, "NetworkAddress", RNDIS_CONFIG_PARAM_INTEGER,
			 "00155dabcd01");
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_DATA);
	/* A digit outside ASCII whose low byte is a digit (U+0130). */
	len = cfgt_good(buf);
	p = (void *)buf;
	buf[le32_to_cpu(p->value_offset) + 1] = 0x01;
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_INVALID_DATA);
}

static void cfg_mac_name_test(struct kunit *test)
{
	struct rndis_config_param *p;
	u8 buf[CFGT_MAX], mac[ETH_ALEN];
	u32 len;

	/* Another parameter; a name one character short or long. */
	len = cfgt_build(buf, "MTU", RNDIS_CONFIG_PARAM_STRING, "1500");
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_NOT_SUPPORTED);
	len = cfgt_build(buf, "NetworkAddres", RNDIS_CONFIG_PARAM_STRING,
			 "00155dabcd01");
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_NOT_SUPPORTED);
	len = cfgt_build(buf, "NetworkAddressX", RNDIS_CONFIG_PARAM_STRING,
			 "00155dabcd01");
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_NOT_SUPPORTED);
	/* The name in ASCII, not UTF-16: half as long. */
	len = cfgt_good(buf);
	p = (void *)buf;
	p->name_len = cpu_to_le32(14);
	KUNIT_EXPECT_EQ(test, netvsp_cfg_mac(buf, len, mac),
			RNDIS_STATUS_NOT_SUPPORTED);
}

static struct kunit_case netvsp_cfg_cases[] = {
	KUNIT_CASE(cfg_mac_bounds_test),
	KUNIT_CASE(cfg_mac_good_test),
	KUNIT_CASE(cfg_mac_name_test),
	KUNIT_CASE(cfg_mac_value_test),
	{}
};

static struct kunit_suite netvsp_cfg_suite = {
	.name = "vmbussim_netvsp_cfg",
	.test_cases = netvsp_cfg_cases,
};

kunit_test_suite(netvsp_cfg_suite);
