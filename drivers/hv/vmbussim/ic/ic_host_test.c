// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of how the host reads a guest's IC message, as a Microsoft
 * host does: an in-band packet, a pipe header of the data type whose size
 * lies within the packet and covers the IC header, transaction id 0, the
 * transaction and response flags, and a body within the pipe message.
 */

#include <kunit/test.h>
#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/ring.h>

#include "ic_host.h"

struct ich_msg {
	struct vmbus_packet_desc desc;
	struct ic_pipe_hdr pipe;
	struct ic_msg_hdr hdr;
	u8 body[16];
} __packed;

static void ich_build(struct ich_msg *m)
{
	memset(m, 0, sizeof(*m));
	m->desc.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
	m->pipe.flags = cpu_to_le32(IC_PIPE_DATA);
	m->pipe.msgsize = cpu_to_le32(sizeof(m->hdr) + sizeof(m->body));
	m->hdr.msgtype = cpu_to_le16(IC_MSGTYPE_HEARTBEAT);
	m->hdr.msgsize = cpu_to_le16(sizeof(m->body));
	m->hdr.flags = IC_FLAG_TRANSACTION | IC_FLAG_RESPONSE;
}

static const char *ich_check(struct ich_msg *m, u32 len)
{
	return ic_host_check_answer(&m->desc, &m->pipe, len);
}

static void ich_answers(struct kunit *test)
{
	u32 full = sizeof(struct ich_msg) - sizeof(struct vmbus_packet_desc);
	struct ich_msg m;

	ich_build(&m);
	KUNIT_EXPECT_NULL(test, ich_check(&m, full));
	/* Padding after the pipe message is fine. */
	m.pipe.msgsize = cpu_to_le32(sizeof(m.hdr) + 8);
	m.hdr.msgsize = cpu_to_le16(8);
	KUNIT_EXPECT_NULL(test, ich_check(&m, full));

	ich_build(&m);
	m.desc.type = cpu_to_le16(VMBUS_PKT_COMP);
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, 4));
	ich_build(&m);
	m.pipe.flags = 0;
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	m.pipe.msgsize = cpu_to_le32(full);
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	m.pipe.msgsize = cpu_to_le32(sizeof(m.hdr) - 1);
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	m.hdr.transaction_id = 1;
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	m.hdr.flags = IC_FLAG_RESPONSE;
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	m.hdr.flags = IC_FLAG_TRANSACTION | IC_FLAG_REQUEST;
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
	ich_build(&m);
	m.hdr.msgsize = cpu_to_le16(sizeof(m.body) + 1);
	KUNIT_EXPECT_NOT_NULL(test, ich_check(&m, full));
}

static struct kunit_case ich_cases[] = {
	KUNIT_CASE(ich_answers),
	{}
};

static struct kunit_suite ich_suite = {
	.name = "vmbussim_ic_host",
	.test_cases = ich_cases,
};

kunit_test_suite(ich_suite);
