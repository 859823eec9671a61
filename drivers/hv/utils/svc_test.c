// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the services' own message parsing: shutdown actions, time
 * samples, KVP records. They call the functions the driver calls on
 * messages built here, good and malformed.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "ic.h"

#define T_BUF_SIZE	4096

/* Parse a request of @type whose body is @body_len bytes of @buf. */
static void t_msg(struct kunit *test, struct ic_msg *msg, u8 *buf, u16 type,
		  u32 body_len)
{
	struct ic_msg_hdr *hdr = (void *)(buf + sizeof(struct ic_pipe_hdr));

	hdr->msgtype = cpu_to_le16(type);
	hdr->msgsize = cpu_to_le16(body_len);
	KUNIT_ASSERT_EQ(test, ic_msg_parse(msg, buf, IC_HDRS_SIZE + body_len,
					   T_BUF_SIZE), 0);
}

static void svc_test_shutdown_actions(struct kunit *test)
{
	static const struct {
		u32 flags;
		int action;
		bool force;
	} cases[] = {
		{ 0, IC_SD_ACTION_POWEROFF, false },
		{ 1, IC_SD_ACTION_POWEROFF, true },
		{ 2, IC_SD_ACTION_REBOOT, false },
		{ 3, IC_SD_ACTION_REBOOT, true },
		{ 4, IC_SD_ACTION_HIBERNATE, false },
		{ 5, IC_SD_ACTION_HIBERNATE, true },
		{ 6, -EBADMSG, false },
		{ 8, -EBADMSG, false },
		{ 0x80000000, -EBADMSG, false },
	};
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	struct ic_shutdown *sd = (void *)(buf + IC_HDRS_SIZE);
	struct ic_msg msg;
	unsigned int i;
	bool force;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		sd->flags = cpu_to_le32(cases[i].flags);
		t_msg(test, &msg, buf, IC_MSGTYPE_SHUTDOWN, sizeof(*sd));
		force = !cases[i].force;
		KUNIT_EXPECT_EQ(test, ic_shutdown_action(&msg, &force),
				cases[i].action);
		if (cases[i].action > 0)
			KUNIT_EXPECT_EQ(test, force, cases[i].force);
	}
}

static void svc_test_shutdown_short(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	struct ic_msg msg;
	bool force;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	/* The text is optional; the three words before it are not. */
	t_msg(test, &msg, buf, IC_MSGTYPE_SHUTDOWN, 12);
	KUNIT_EXPECT_EQ(test, ic_shutdown_action(&msg, &force),
			IC_SD_ACTION_POWEROFF);
	t_msg(test, &msg, buf, IC_MSGTYPE_SHUTDOWN, 11);
	KUNIT_EXPECT_EQ(test, ic_shutdown_action(&msg, &force), -EBADMSG);
	t_msg(test, &msg, buf, IC_MSGTYPE_SHUTDOWN, 0);
	KUNIT_EXPECT_EQ(test, ic_shutdown_action(&msg, &force), -EBADMSG);
}

/* Host time of 2001-09-09 01:46:40 UTC (10^9 s after 1970). */
#define T_HOST_TIME	(IC_TS_UNIX_EPOCH + 1000000000ULL * 10000000)

static void svc_test_timesync_layouts(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	struct ic_timesync_ref *ref = (void *)(buf + IC_HDRS_SIZE);
	struct ic_timesync *old = (void *)(buf + IC_HDRS_SIZE);
	struct ic_msg msg;
	s64 ns;
	u8 flags;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	ref->parent_time = cpu_to_le64(T_HOST_TIME);
	ref->flags = IC_TS_FLAG_SYNC;
	t_msg(test, &msg, buf, IC_MSGTYPE_TIMESYNC, sizeof(*ref));
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_4, &ns,
						&flags), 0);
	KUNIT_EXPECT_EQ(test, ns, 1000000000LL * NSEC_PER_SEC);
	KUNIT_EXPECT_EQ(test, flags, IC_TS_FLAG_SYNC);

	memset(buf + IC_HDRS_SIZE, 0, sizeof(*old));
	old->parent_time = cpu_to_le64(T_HOST_TIME + 1);
	old->flags = IC_TS_FLAG_SAMPLE;
	t_msg(test, &msg, buf, IC_MSGTYPE_TIMESYNC, sizeof(*old));
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_3, &ns,
						&flags), 0);
	KUNIT_EXPECT_EQ(test, ns, 1000000000LL * NSEC_PER_SEC + 100);
	KUNIT_EXPECT_EQ(test, flags, IC_TS_FLAG_SAMPLE);
	/* The 4.0 layout is shorter: a 3.0 body is no 4.0 body's prefix. */
	t_msg(test, &msg, buf, IC_MSGTYPE_TIMESYNC, sizeof(*ref));
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_3, &ns,
						&flags), -EBADMSG);
}

static void svc_test_timesync_malformed(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	struct ic_timesync_ref *ref = (void *)(buf + IC_HDRS_SIZE);
	struct ic_msg msg;
	s64 ns;
	u8 flags;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	ref->parent_time = cpu_to_le64(T_HOST_TIME);
	t_msg(test, &msg, buf, IC_MSGTYPE_TIMESYNC, sizeof(*ref) - 1);
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_4, &ns,
						&flags), -EBADMSG);
	ref->flags = 0x80;
	t_msg(test, &msg, buf, IC_MSGTYPE_TIMESYNC, sizeof(*ref));
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_4, &ns,
						&flags), -EBADMSG);
	ref->flags = IC_TS_FLAG_SAMPLE;
	ref->parent_time = cpu_to_le64(IC_TS_UNIX_EPOCH - 1);
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_4, &ns,
						&flags), -EBADMSG);
	ref->parent_time = cpu_to_le64(U64_MAX);
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_4, &ns,
						&flags), -EBADMSG);
	ref->parent_time = cpu_to_le64(IC_TS_UNIX_EPOCH);
	KUNIT_EXPECT_EQ(test, ic_timesync_parse(&msg, IC_TS_VERSION_4, &ns,
						&flags), 0);
	KUNIT_EXPECT_EQ(test, ns, 0);
}

static struct kunit_case svc_test_cases[] = {
	KUNIT_CASE(svc_test_shutdown_actions),
	KUNIT_CASE(svc_test_shutdown_short),
	KUNIT_CASE(svc_test_timesync_layouts),
	KUNIT_CASE(svc_test_timesync_malformed),
	{}
};

static struct kunit_suite svc_test_suite = {
	.name = "hv_utils_services",
	.test_cases = svc_test_cases,
};

kunit_test_suite(svc_test_suite);
