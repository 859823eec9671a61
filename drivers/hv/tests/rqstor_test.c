// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the VMBus request-id table: ids round-trip to their
 * cookies, and ids the guest did not issue, or no longer has outstanding,
 * are refused.
 */

#include <kunit/test.h>

#include "../vmbus_rqstor.h"

#define RQ_SIZE	4

static int rqstor_test_init(struct kunit *test)
{
	struct vmbus_rqstor *r;

	r = kunit_kzalloc(test, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_init(r, RQ_SIZE), 0);
	test->priv = r;
	return 0;
}

static void rqstor_test_exit(struct kunit *test)
{
	if (test->priv)
		vmbus_rqstor_destroy(test->priv);
}

static void rqstor_test_round_trip(struct kunit *test)
{
	struct vmbus_rqstor *r = test->priv;
	u64 id1, id2, cookie = 0;

	KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 0xdeadbeefcafeULL, &id1), 0);
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 42, &id2), 0);
	KUNIT_EXPECT_NE(test, id1, id2);
	KUNIT_EXPECT_GE(test, id1, 1ULL);
	KUNIT_EXPECT_LE(test, id1, (u64)RQ_SIZE);
	KUNIT_EXPECT_GE(test, id2, 1ULL);
	KUNIT_EXPECT_LE(test, id2, (u64)RQ_SIZE);

	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, id2, &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 42ULL);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, id1, &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 0xdeadbeefcafeULL);
}

static void rqstor_test_bad_ids(struct kunit *test)
{
	struct vmbus_rqstor *r = test->priv;
	u64 id, cookie = 7;

	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, 1, &cookie), -ENOENT);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, 0, &cookie), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, RQ_SIZE + 1, &cookie),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, U64_MAX, &cookie), -EINVAL);
	/* A guest pointer is never an id. */
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, (u64)(uintptr_t)r, &cookie),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, cookie, 7ULL);

	/* An id issued and taken is not outstanding any more. */
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 99, &id), 0);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, id, &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 99ULL);
	cookie = 7;
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, id, &cookie), -ENOENT);
	KUNIT_EXPECT_EQ(test, cookie, 7ULL);
}

static void rqstor_test_full(struct kunit *test)
{
	struct vmbus_rqstor *r = test->priv;
	u64 ids[RQ_SIZE], id, cookie;
	int i;

	for (i = 0; i < RQ_SIZE; i++)
		KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 100 + i, &ids[i]), 0);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_get(r, 200, &id), -ENOSPC);

	/* Taking one frees exactly that slot. */
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_take(r, ids[2], &cookie), 0);
	KUNIT_EXPECT_EQ(test, cookie, 102ULL);
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 300, &id), 0);
	KUNIT_EXPECT_EQ(test, id, ids[2]);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_get(r, 200, &id), -ENOSPC);

	/* The other ids kept their cookies. */
	for (i = 0; i < RQ_SIZE; i++) {
		KUNIT_ASSERT_EQ(test, vmbus_rqstor_take(r, ids[i], &cookie), 0);
		KUNIT_EXPECT_EQ(test, cookie, i == 2 ? 300ULL : 100ULL + i);
	}
}

static void rqstor_test_put(struct kunit *test)
{
	struct vmbus_rqstor *r = test->priv;
	u64 ids[RQ_SIZE], id, cookie = 7;
	int i;

	for (i = 0; i < RQ_SIZE; i++)
		KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, i, &ids[i]), 0);
	vmbus_rqstor_put(r, ids[1]);
	/* A put id does not complete... */
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(r, ids[1], &cookie), -ENOENT);
	KUNIT_EXPECT_EQ(test, cookie, 7ULL);
	/* ...and its slot can be issued again. */
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_get(r, 55, &id), 0);
	KUNIT_EXPECT_EQ(test, id, ids[1]);
}

static void rqstor_test_ids_rotate(struct kunit *test)
{
	struct vmbus_rqstor *r = test->priv;
	u64 id1, id2, cookie;

	/* A just-freed id is not the next one issued. */
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 1, &id1), 0);
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_take(r, id1, &cookie), 0);
	KUNIT_ASSERT_EQ(test, vmbus_rqstor_get(r, 2, &id2), 0);
	KUNIT_EXPECT_NE(test, id1, id2);
}

static void rqstor_test_empty_table(struct kunit *test)
{
	struct vmbus_rqstor r;
	u64 id = 0, cookie = 7;

	KUNIT_ASSERT_EQ(test, vmbus_rqstor_init(&r, 0), 0);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_get(&r, 1, &id), -ENOSPC);
	KUNIT_EXPECT_EQ(test, id, 0ULL);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(&r, 1, &cookie), -EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_rqstor_take(&r, 0, &cookie), -EINVAL);
	KUNIT_EXPECT_EQ(test, cookie, 7ULL);
	vmbus_rqstor_destroy(&r);
}

static struct kunit_case rqstor_test_cases[] = {
	KUNIT_CASE(rqstor_test_round_trip),
	KUNIT_CASE(rqstor_test_bad_ids),
	KUNIT_CASE(rqstor_test_full),
	KUNIT_CASE(rqstor_test_put),
	KUNIT_CASE(rqstor_test_ids_rotate),
	KUNIT_CASE(rqstor_test_empty_table),
	{}
};

static struct kunit_suite rqstor_test_suite = {
	.name = "hv_vmbus_rqstor",
	.init = rqstor_test_init,
	.exit = rqstor_test_exit,
	.test_cases = rqstor_test_cases,
};

kunit_test_suite(rqstor_test_suite);
