// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of IC message validation, version negotiation and the
 * heartbeat answer. They call the functions the driver calls, on an
 * instance of the real heartbeat service with no channel behind it.
 */
#include <kunit/test.h>
#include <linux/limits.h>
#include <linux/string.h>

#include <linux/hyperv/vmbus.h>

#include "ic.h"

/* Room for the largest negotiate the framework accepts, and then some. */
#define T_BUF_SIZE	1024

static struct ic_msg_hdr *t_hdr(u8 *buf)
{
	return (struct ic_msg_hdr *)(buf + sizeof(struct ic_pipe_hdr));
}

static struct ic_negotiate *t_neg(u8 *buf)
{
	return (struct ic_negotiate *)(buf + IC_HDRS_SIZE);
}

static struct ic_heartbeat *t_hb(u8 *buf)
{
	return (struct ic_heartbeat *)(buf + IC_HDRS_SIZE);
}

/* A host request of @type with a @body_len-byte body; returns its length. */
static u32 t_request(u8 *buf, u16 type, u32 body_len)
{
	struct ic_msg_hdr *hdr = t_hdr(buf);

	memset(buf, 0, T_BUF_SIZE);
	hdr->framever.major = cpu_to_le16(3);
	hdr->msgtype = cpu_to_le16(type);
	hdr->msgver.major = cpu_to_le16(3);
	hdr->msgsize = cpu_to_le16(body_len);
	hdr->flags = IC_FLAG_TRANSACTION | IC_FLAG_REQUEST;
	return IC_HDRS_SIZE + body_len;
}

/* A negotiate offering @nfw framework then @nsrv service versions. */
static u32 t_negotiate(u8 *buf, const u32 *fw, u16 nfw, const u32 *srv,
		       u16 nsrv)
{
	struct ic_negotiate *neg = t_neg(buf);
	u32 len = t_request(buf, IC_MSGTYPE_NEGOTIATE,
			    struct_size(neg, versions, nfw + nsrv));
	unsigned int i;

	neg->framework_count = cpu_to_le16(nfw);
	neg->service_count = cpu_to_le16(nsrv);
	for (i = 0; i < nfw + nsrv; i++) {
		u32 v = i < nfw ? fw[i] : srv[i - nfw];

		neg->versions[i] = ic_version_wire(v);
	}
	return len;
}

static int ic_test_init(struct kunit *test)
{
	struct ic_instance *inst;

	inst = ic_instance_alloc(&ic_heartbeat_service, NULL);
	KUNIT_ASSERT_NOT_NULL(test, inst);
	KUNIT_ASSERT_GE(test, inst->buf_size, (u32)T_BUF_SIZE);
	test->priv = inst;
	return 0;
}

static void ic_test_exit(struct kunit *test)
{
	ic_instance_free(test->priv);
}

static void t_expect_response(struct kunit *test, u8 *buf, u32 status)
{
	KUNIT_EXPECT_EQ(test, t_hdr(buf)->flags,
			IC_FLAG_TRANSACTION | IC_FLAG_RESPONSE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(t_hdr(buf)->status), status);
}

/* A negotiate answered with counts 0/0, status FAIL, nothing recorded. */
static void t_expect_refused(struct kunit *test, struct ic_instance *inst,
			     u32 reply, u32 want_len)
{
	struct ic_negotiate *neg = t_neg(inst->buf);

	KUNIT_EXPECT_EQ(test, reply, want_len);
	t_expect_response(test, inst->buf, IC_STATUS_FAIL);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(neg->framework_count), 0);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(neg->service_count), 0);
	KUNIT_EXPECT_EQ(test, inst->fw_version, 0U);
	KUNIT_EXPECT_EQ(test, inst->srv_version, 0U);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.failed), 1);
}

static const u32 t_both[] = { IC_VERSION(3, 0), IC_VERSION(1, 0) };
static const u32 t_low_first[] = { IC_VERSION(1, 0), IC_VERSION(3, 0) };
static const u32 t_old[] = { IC_VERSION(1, 0) };
static const u32 t_alien[] = { IC_VERSION(2, 0), IC_VERSION(4, 1) };

static void ic_test_negotiate_best(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_negotiate *neg = t_neg(inst->buf);
	u32 len, reply;

	/* Our preference decides, not the host's order. */
	len = t_negotiate(inst->buf, t_low_first, 2, t_low_first, 2);
	reply = ic_process(inst, len);

	KUNIT_EXPECT_EQ(test, reply, len);
	t_expect_response(test, inst->buf, IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(t_hdr(inst->buf)->msgsize), 0x10);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(neg->framework_count), 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(neg->service_count), 1);
	KUNIT_EXPECT_EQ(test, ic_version_val(neg->versions[0]), IC_FW_VERSION_3);
	KUNIT_EXPECT_EQ(test, ic_version_val(neg->versions[1]), IC_HB_VERSION_3);
	KUNIT_EXPECT_EQ(test, inst->fw_version, (u32)IC_FW_VERSION_3);
	KUNIT_EXPECT_EQ(test, inst->srv_version, (u32)IC_HB_VERSION_3);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.failed), 0);
}

/*
 * The response carries its own pipe header, as a Microsoft host reads
 * it: the data type and the response's size, also when the request's
 * header said otherwise or the response is longer than the request.
 */
static void ic_test_response_pipe(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_pipe_hdr *pipe = (struct ic_pipe_hdr *)inst->buf;
	u32 len, reply;

	len = t_negotiate(inst->buf, t_low_first, 2, t_low_first, 2);
	pipe->flags = cpu_to_le32(7);
	pipe->msgsize = cpu_to_le32(3);
	reply = ic_process(inst, len);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(pipe->flags), IC_PIPE_DATA);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(pipe->msgsize),
			reply - sizeof(*pipe));
	/* A negotiate with one version of each kind: the answer is longer. */
	len = t_negotiate(inst->buf, t_old, 1, t_old, 1) - 4;
	t_hdr(inst->buf)->msgsize = cpu_to_le16(len - IC_HDRS_SIZE);
	reply = ic_process(inst, len);
	KUNIT_EXPECT_GT(test, reply, len);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(pipe->msgsize),
			reply - sizeof(*pipe));
	KUNIT_EXPECT_EQ(test, t_hdr(inst->buf)->transaction_id, 0);
}

static void ic_test_negotiate_old_host(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_negotiate *neg = t_neg(inst->buf);
	u32 len, reply;

	/* One version of each: the request is as long as the response. */
	len = t_negotiate(inst->buf, t_old, 1, t_old, 1);
	KUNIT_EXPECT_EQ(test, len, (u32)IC_MSG_MIN_BUF);
	reply = ic_process(inst, len);

	KUNIT_EXPECT_EQ(test, reply, len);
	t_expect_response(test, inst->buf, IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, ic_version_val(neg->versions[0]), IC_FW_VERSION_1);
	KUNIT_EXPECT_EQ(test, ic_version_val(neg->versions[1]), IC_HB_VERSION_1);
	KUNIT_EXPECT_EQ(test, inst->fw_version, (u32)IC_FW_VERSION_1);
	KUNIT_EXPECT_EQ(test, inst->srv_version, (u32)IC_HB_VERSION_1);
}

static void ic_test_negotiate_no_common(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_msg msg;
	u32 fw, srv, len;

	len = t_negotiate(inst->buf, t_alien, 2, t_alien, 2);
	KUNIT_ASSERT_EQ(test, ic_msg_parse(&msg, inst->buf, len,
					   inst->buf_size), 0);
	KUNIT_EXPECT_EQ(test, ic_msg_negotiate(&msg, &ic_fw_versions,
					       &ic_fw_versions, &fw, &srv),
			-EPROTONOSUPPORT);
	KUNIT_EXPECT_EQ(test, fw, 0U);
	KUNIT_EXPECT_EQ(test, srv, 0U);

	/* Framework matches, service does not: refused as a whole. */
	len = t_negotiate(inst->buf, t_both, 2, t_alien, 2);
	t_expect_refused(test, inst, ic_process(inst, len), len);
}

static void ic_test_negotiate_too_many(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_msg msg;
	u32 fw, srv, len;

	/* 101 framework versions: the packet holds them all, still refused. */
	len = t_request(inst->buf, IC_MSGTYPE_NEGOTIATE, 8 + 4 * 102);
	t_neg(inst->buf)->framework_count =
		cpu_to_le16(IC_NEGOTIATE_MAX_VERSIONS + 1);
	t_neg(inst->buf)->service_count = cpu_to_le16(1);
	t_neg(inst->buf)->versions[0].major = cpu_to_le16(3);
	KUNIT_ASSERT_EQ(test, ic_msg_parse(&msg, inst->buf, len,
					   inst->buf_size), 0);
	KUNIT_EXPECT_EQ(test, ic_msg_negotiate(&msg, &ic_fw_versions,
					       &ic_fw_versions, &fw, &srv),
			-EBADMSG);

	len = t_request(inst->buf, IC_MSGTYPE_NEGOTIATE, 8 + 4 * 102);
	t_neg(inst->buf)->framework_count = cpu_to_le16(1);
	t_neg(inst->buf)->service_count =
		cpu_to_le16(IC_NEGOTIATE_MAX_VERSIONS + 1);
	t_neg(inst->buf)->versions[0].major = cpu_to_le16(3);
	t_expect_refused(test, inst, ic_process(inst, len), len);
}

static void ic_test_negotiate_beyond_packet(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	u32 len;

	/* Counts say 2 + 2 versions; only 3 were received. */
	len = t_negotiate(inst->buf, t_both, 2, t_both, 2) - 4;
	t_hdr(inst->buf)->msgsize = cpu_to_le16(len - IC_HDRS_SIZE);
	t_expect_refused(test, inst, ic_process(inst, len), len);
}

static void ic_test_negotiate_no_body(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	u32 len, i;

	/* Stale bytes past the request must not leak into the response. */
	memset(inst->buf, 0xa5, inst->buf_size);
	len = IC_HDRS_SIZE + 4;
	memset(inst->buf, 0, len);
	t_hdr(inst->buf)->msgsize = cpu_to_le16(4);
	t_expect_refused(test, inst, ic_process(inst, len), IC_MSG_MIN_BUF);
	for (i = IC_HDRS_SIZE; i < IC_MSG_MIN_BUF; i++)
		KUNIT_EXPECT_EQ(test, inst->buf[i], 0);
}

static void ic_test_short_headers(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_msg msg;
	u32 len = t_request(inst->buf, IC_MSGTYPE_HEARTBEAT, 0);

	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, len - 1,
					   inst->buf_size), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, 0,
					   inst->buf_size), -EMSGSIZE);
	KUNIT_EXPECT_EQ(test, ic_process(inst, len - 1), 0U);
	KUNIT_EXPECT_EQ(test, t_hdr(inst->buf)->flags,
			IC_FLAG_TRANSACTION | IC_FLAG_REQUEST);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.dropped), 1);
}

static void ic_test_msgsize_lies(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_msg msg;
	u32 len = t_request(inst->buf, IC_MSGTYPE_HEARTBEAT,
			    sizeof(struct ic_heartbeat));

	t_hdr(inst->buf)->msgsize = cpu_to_le16(sizeof(struct ic_heartbeat) + 1);
	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, len,
					   inst->buf_size), -EBADMSG);
	KUNIT_EXPECT_EQ(test, ic_process(inst, len), 0U);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.dropped), 1);

	/* Padding after the stated body is fine. */
	t_hdr(inst->buf)->msgsize = cpu_to_le16(sizeof(u64));
	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, len,
					   inst->buf_size), 0);
}

static void ic_test_oversized(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_msg msg;

	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, inst->buf_size + 1,
					   inst->buf_size), -E2BIG);
	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, IC_HDRS_SIZE,
					   IC_MSG_MIN_BUF - 1), -E2BIG);
}

static u32 t_heartbeat(u8 *buf, u64 seq, u32 body_len)
{
	u32 len = t_request(buf, IC_MSGTYPE_HEARTBEAT, body_len);

	t_hb(buf)->seq_num = cpu_to_le64(seq);
	return len;
}

static void ic_test_heartbeat(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	u32 len = t_heartbeat(inst->buf, 41, sizeof(struct ic_heartbeat));

	/* Answered before any negotiation, like other guests do. */
	KUNIT_EXPECT_EQ(test, ic_process(inst, len), len);
	t_expect_response(test, inst->buf, IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 42ULL);

	/* The reserved tail is optional. */
	len = t_heartbeat(inst->buf, 7, sizeof(u64));
	KUNIT_EXPECT_EQ(test, ic_process(inst, len), len);
	t_expect_response(test, inst->buf, IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 8ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.requests), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.failed), 0);
}

static void ic_test_heartbeat_wraps(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct ic_msg msg;
	u64 seq = 0;
	u32 len = t_heartbeat(inst->buf, U64_MAX, sizeof(struct ic_heartbeat));

	KUNIT_ASSERT_EQ(test, ic_msg_parse(&msg, inst->buf, len,
					   inst->buf_size), 0);
	KUNIT_EXPECT_EQ(test, ic_heartbeat_answer(&msg, &seq), 0);
	KUNIT_EXPECT_EQ(test, seq, U64_MAX);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 0ULL);
}

static void ic_test_heartbeat_short(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	u32 len = t_heartbeat(inst->buf, 0x1122334455667788ULL, 4);

	KUNIT_EXPECT_EQ(test, ic_process(inst, len), len);
	t_expect_response(test, inst->buf, IC_STATUS_FAIL);
	/* Only the 4 bytes received were there; none was rewritten. */
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num),
			0x1122334455667788ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.failed), 1);
}

static void ic_test_unknown_type(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	u32 len;

	/* Another service's type, then one no service has. */
	len = t_request(inst->buf, IC_MSGTYPE_SHUTDOWN, 16);
	KUNIT_EXPECT_EQ(test, ic_process(inst, len), len);
	t_expect_response(test, inst->buf, IC_STATUS_FAIL);

	len = t_request(inst->buf, 0x1234, 0);
	KUNIT_EXPECT_EQ(test, ic_process(inst, len), len);
	t_expect_response(test, inst->buf, IC_STATUS_FAIL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.failed), 2);

	/* The service still works afterwards. */
	len = t_heartbeat(inst->buf, 1, sizeof(struct ic_heartbeat));
	KUNIT_EXPECT_EQ(test, ic_process(inst, len), len);
	t_expect_response(test, inst->buf, IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 2ULL);
}

static void ic_test_renegotiate_failure(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	u32 len;

	len = t_negotiate(inst->buf, t_both, 2, t_both, 2);
	KUNIT_ASSERT_EQ(test, ic_process(inst, len), len);
	KUNIT_ASSERT_EQ(test, inst->srv_version, (u32)IC_HB_VERSION_3);

	/* A later failed negotiation leaves the service un-negotiated. */
	len = t_negotiate(inst->buf, t_alien, 2, t_both, 2);
	t_expect_refused(test, inst, ic_process(inst, len), len);
}

/* A packet as vmbus_next_packet() hands it out: descriptor, then payload. */
static struct vmbus_packet_desc *t_packet(struct kunit *test, u16 type,
					  const u8 *payload, u32 len)
{
	u32 size = sizeof(struct vmbus_packet_desc) + ALIGN(len, 8);
	struct vmbus_packet_desc *desc = kunit_kzalloc(test, size, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, desc);
	desc->type = cpu_to_le16(type);
	desc->offset8 = cpu_to_le16(sizeof(*desc) >> 3);
	desc->len8 = cpu_to_le16(size >> 3);
	desc->trans_id = cpu_to_le64(0x1234);
	memcpy(desc + 1, payload, len);
	return desc;
}

static void ic_test_packet(struct kunit *test)
{
	struct ic_instance *inst = test->priv;
	struct vmbus_packet_desc *desc;
	u8 req[IC_HDRS_SIZE + sizeof(struct ic_heartbeat)];
	u8 *buf;

	buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	t_heartbeat(buf, 99, sizeof(struct ic_heartbeat));
	memcpy(req, buf, sizeof(req));

	/* Padded to 8 bytes on the ring: the padding is echoed too. */
	desc = t_packet(test, VMBUS_PKT_DATA_INBAND, req, sizeof(req));
	KUNIT_EXPECT_EQ(test, ic_process_packet(inst, desc),
			(u32)ALIGN(sizeof(req), 8));
	t_expect_response(test, inst->buf, IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 100ULL);

	/* Not in-band data: dropped, buffer untouched. */
	memset(inst->buf, 0, inst->buf_size);
	desc = t_packet(test, VMBUS_PKT_COMP, req, sizeof(req));
	KUNIT_EXPECT_EQ(test, ic_process_packet(inst, desc), 0U);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 0ULL);

	/* Larger than the service accepts: dropped before any copy. */
	desc->type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
	desc->len8 = cpu_to_le16((sizeof(*desc) + inst->buf_size + 8) >> 3);
	KUNIT_EXPECT_EQ(test, ic_process_packet(inst, desc), 0U);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(t_hb(inst->buf)->seq_num), 0ULL);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.dropped), 2);
	KUNIT_EXPECT_EQ(test, atomic64_read(&inst->stats.requests), 3);
}

static struct kunit_case ic_test_cases[] = {
	KUNIT_CASE(ic_test_negotiate_best),
	KUNIT_CASE(ic_test_response_pipe),
	KUNIT_CASE(ic_test_negotiate_old_host),
	KUNIT_CASE(ic_test_negotiate_no_common),
	KUNIT_CASE(ic_test_negotiate_too_many),
	KUNIT_CASE(ic_test_negotiate_beyond_packet),
	KUNIT_CASE(ic_test_negotiate_no_body),
	KUNIT_CASE(ic_test_short_headers),
	KUNIT_CASE(ic_test_msgsize_lies),
	KUNIT_CASE(ic_test_oversized),
	KUNIT_CASE(ic_test_heartbeat),
	KUNIT_CASE(ic_test_heartbeat_wraps),
	KUNIT_CASE(ic_test_heartbeat_short),
	KUNIT_CASE(ic_test_unknown_type),
	KUNIT_CASE(ic_test_renegotiate_failure),
	KUNIT_CASE(ic_test_packet),
	{}
};

static struct kunit_suite ic_test_suite = {
	.name = "hv_utils_ic",
	.init = ic_test_init,
	.exit = ic_test_exit,
	.test_cases = ic_test_cases,
};

kunit_test_suite(ic_test_suite);
