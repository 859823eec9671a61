// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of netvsp's Toeplitz hash against the published RSS
 * verification values (Microsoft's example key and flows).
 */

#include <kunit/test.h>
#include <linux/inet.h>
#include <linux/unaligned.h>

#include "netvsp.h"

static const u8 tz_key[NDIS_RSS_KEY_SIZE] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

/* Source 66.9.149.187:2794, destination 161.142.100.80:1766. */
static const u8 tz_flow4[12] = {
	66, 9, 149, 187, 161, 142, 100, 80, 0x0a, 0xea, 0x06, 0xe6,
};

static void tz_ipv4(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, netvsp_toeplitz(tz_key, tz_flow4, 8), 0x323e8fc2);
	KUNIT_EXPECT_EQ(test, netvsp_toeplitz(tz_key, tz_flow4, 12), 0x51ccc178);
}

/* IPv6 flows; the hash over the addresses, then with the ports too. */
static const struct {
	const char *src, *dst;
	u16 sport, dport;
	u32 ip, tcp;
} tz_flow6[] = {
	{ "3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794, 1766,
	  0x2cc18cd5, 0x40207d3d },
	{ "3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230, 4739,
	  0x0f0c461c, 0xdde51bbf },
	{ "3ffe:1900:4545:3:200:f8ff:fe21:67cf", "fe80::200:f8ff:fe21:67cf",
	  44251, 38024, 0x4b61e985, 0x02d1feef },
};

static void tz_ipv6(struct kunit *test)
{
	u8 in[36];
	u32 i;

	for (i = 0; i < ARRAY_SIZE(tz_flow6); i++) {
		KUNIT_ASSERT_EQ(test, in6_pton(tz_flow6[i].src, -1, in, -1, NULL), 1);
		KUNIT_ASSERT_EQ(test, in6_pton(tz_flow6[i].dst, -1, in + 16, -1, NULL), 1);
		put_unaligned_be16(tz_flow6[i].sport, in + 32);
		put_unaligned_be16(tz_flow6[i].dport, in + 34);
		KUNIT_EXPECT_EQ(test, netvsp_toeplitz(tz_key, in, 32), tz_flow6[i].ip);
		KUNIT_EXPECT_EQ(test, netvsp_toeplitz(tz_key, in, 36), tz_flow6[i].tcp);
	}
}

static void tz_empty(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, netvsp_toeplitz(tz_key, tz_flow4, 0), 0);
}

static struct kunit_case tz_cases[] = {
	KUNIT_CASE(tz_ipv4),
	KUNIT_CASE(tz_ipv6),
	KUNIT_CASE(tz_empty),
	{}
};

static struct kunit_suite tz_suite = {
	.name = "vmbussim_netvsp_toeplitz",
	.test_cases = tz_cases,
};

kunit_test_suite(tz_suite);
