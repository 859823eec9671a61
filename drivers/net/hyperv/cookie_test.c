// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the send cookie: every field comes back as it went in,
 * at its extremes too, and each lands in its own bits.
 */

#include <kunit/test.h>

#include "netvsc.h"

static void cookie_round_trip(struct kunit *test,
			      const struct netvsc_cookie *in)
{
	struct netvsc_cookie out;

	netvsc_cookie_decode(netvsc_cookie_encode(in), &out);
	KUNIT_EXPECT_EQ(test, out.kind, in->kind);
	KUNIT_EXPECT_EQ(test, out.index, in->index);
	KUNIT_EXPECT_EQ(test, out.pkts, in->pkts);
	KUNIT_EXPECT_EQ(test, out.bytes, in->bytes);
}

static void cookie_fields_test(struct kunit *test)
{
	struct netvsc_cookie c = { .kind = NETVSC_COOKIE_CTRL };

	cookie_round_trip(test, &c);
	c = (struct netvsc_cookie){ .kind = NETVSC_COOKIE_GPA,
				    .index = NETVSC_GPA_INFLIGHT - 1 };
	cookie_round_trip(test, &c);
	/* The largest section index, frame count and byte count. */
	c = (struct netvsc_cookie){ .kind = NETVSC_COOKIE_SECTION,
				    .index = 0x3fffffff, .pkts = 255,
				    .bytes = 0xffffff };
	cookie_round_trip(test, &c);
	KUNIT_EXPECT_EQ(test, netvsc_cookie_encode(&c), U64_MAX - 2);
}

static void cookie_no_spill_test(struct kunit *test)
{
	struct netvsc_cookie c = { .kind = NETVSC_COOKIE_SECTION, .pkts = 1 };

	/* One frame of section 0: only its own bits are set. */
	KUNIT_EXPECT_EQ(test, netvsc_cookie_encode(&c), BIT_ULL(32) | 1);
	c = (struct netvsc_cookie){ .kind = NETVSC_COOKIE_GPA, .index = 1 };
	KUNIT_EXPECT_EQ(test, netvsc_cookie_encode(&c), BIT_ULL(2));
	c = (struct netvsc_cookie){ .bytes = 1 };
	KUNIT_EXPECT_EQ(test, netvsc_cookie_encode(&c), BIT_ULL(40));
}

static struct kunit_case cookie_cases[] = {
	KUNIT_CASE(cookie_fields_test),
	KUNIT_CASE(cookie_no_spill_test),
	{}
};

static struct kunit_suite cookie_suite = {
	.name = "hv_netvsc_cookie",
	.test_cases = cookie_cases,
};

kunit_test_suite(cookie_suite);
