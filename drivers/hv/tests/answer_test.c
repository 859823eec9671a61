// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of vmbus_wait_for_answer(): a driver's wait for the host's
 * in-band answer ends with the answer, with the timeout, or at once when
 * the host withdraws the channel, before or during the wait.
 */

#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/workqueue.h>

#include "../vmbus_private.h"

#define ANSWER_TEST_RELID	4000
/* Long enough that a wait the bus failed to end shows as -ETIMEDOUT. */
#define ANSWER_TEST_WAIT	(5 * HZ)

/**
 * struct answer_host - what the "host" does while the test waits
 * @work: runs once the wait has begun
 * @abort_relid: the channel whose waits are aborted, or 0
 * @answer: then complete @done, as the driver's channel callback would
 * @done: the driver's completion
 */
struct answer_host {
	struct delayed_work work;
	u32 abort_relid;
	bool answer;
	struct completion done;
};

static void answer_host_act(struct work_struct *work)
{
	struct answer_host *h = container_of(to_delayed_work(work),
					     struct answer_host, work);

	if (h->abort_relid)
		vmbus_waiters_abort(h->abort_relid, false);
	if (h->answer)
		complete(&h->done);
}

static struct vmbus_channel *answer_chan(struct kunit *test)
{
	struct vmbus_channel *ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ch);
	ch->relid = ANSWER_TEST_RELID;
	return ch;
}

/* Wait on @ch while @h acts 20 ms into the wait. */
static int answer_wait(struct vmbus_channel *ch, struct answer_host *h,
		       unsigned long timeout)
{
	int ret;

	INIT_DELAYED_WORK(&h->work, answer_host_act);
	schedule_delayed_work(&h->work, msecs_to_jiffies(20));
	ret = vmbus_wait_for_answer(ch, &h->done, timeout);
	cancel_delayed_work_sync(&h->work);
	return ret;
}

static void answer_arrives(struct kunit *test)
{
	struct answer_host h = { .answer = true };

	init_completion(&h.done);
	KUNIT_EXPECT_EQ(test, answer_wait(answer_chan(test), &h,
					  ANSWER_TEST_WAIT), 0);
}

static void answer_times_out(struct kunit *test)
{
	struct answer_host h = {};

	init_completion(&h.done);
	KUNIT_EXPECT_EQ(test, answer_wait(answer_chan(test), &h,
					  msecs_to_jiffies(50)), -ETIMEDOUT);
}

static void rescind_ends_wait(struct kunit *test)
{
	struct answer_host h = { .abort_relid = ANSWER_TEST_RELID };

	init_completion(&h.done);
	KUNIT_EXPECT_EQ(test, answer_wait(answer_chan(test), &h,
					  ANSWER_TEST_WAIT), -ENODEV);
}

/* A channel rescinded before the wait: no wait at all. */
static void rescinded_before_wait(struct kunit *test)
{
	struct vmbus_channel *ch = answer_chan(test);
	struct completion done;

	init_completion(&done);
	ch->rescinded = true;
	KUNIT_EXPECT_EQ(test, vmbus_wait_for_answer(ch, &done,
						    ANSWER_TEST_WAIT), -ENODEV);
}

/* Another channel's rescind leaves the wait alone. */
static void other_rescind_keeps_wait(struct kunit *test)
{
	struct answer_host h = {
		.abort_relid = ANSWER_TEST_RELID + 1,
		.answer = true,
	};

	init_completion(&h.done);
	KUNIT_EXPECT_EQ(test, answer_wait(answer_chan(test), &h,
					  ANSWER_TEST_WAIT), 0);
}

static struct kunit_case vmbus_answer_cases[] = {
	KUNIT_CASE(answer_arrives),
	KUNIT_CASE(answer_times_out),
	KUNIT_CASE(rescind_ends_wait),
	KUNIT_CASE(rescinded_before_wait),
	KUNIT_CASE(other_rescind_keeps_wait),
	{}
};

static struct kunit_suite vmbus_answer_suite = {
	.name = "vmbus_answer",
	.test_cases = vmbus_answer_cases,
};

kunit_test_suite(vmbus_answer_suite);
