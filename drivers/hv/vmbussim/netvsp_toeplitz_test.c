// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of netvsp's Toeplitz hash against the published RSS
 * verification values (Microsoft's example key and flows).
 */

#include <kunit/test.h>

#include "model_netvsp.h"

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

static void tz_empty(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, netvsp_toeplitz(tz_key, tz_flow4, 0), 0);
}

static struct kunit_case tz_cases[] = {
	KUNIT_CASE(tz_ipv4),
	KUNIT_CASE(tz_empty),
	{}
};

static struct kunit_suite tz_suite = {
	.name = "vmbussim_netvsp_toeplitz",
	.test_cases = tz_cases,
};

kunit_test_suite(tz_suite);
