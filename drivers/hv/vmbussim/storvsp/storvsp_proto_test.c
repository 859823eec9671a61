// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of storvsp's protocol rules: the packets that end the
 * channel (a completion, no completion requested, a short header or body,
 * an unknown operation, SRB data without a range, in several ranges or in
 * a range shorter than the transfer), the request size the completion
 * mirrors, the primary channel's initialisation order, CREATE_SUB_CHANNELS
 * as an absolute count, the NTSTATUS of an SRB's completion, data_in, and
 * the completion's SRB.
 */

#include <kunit/test.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/hyperv/spec/ring.h>
#include <linux/hyperv/spec/vstor.h>

#include "../core/model.h"
#include "storvsp.h"

/* A packet: header, optionally one GPA range of one page, then payload. */
struct sp_test_pkt {
	struct vmbus_gpa_direct_packet gpa;
	struct vmbus_gpa_range range;
	__le64 pfn;
	struct vstor_packet body;
} __packed;

static const void *sp_build(struct sp_test_pkt *p, u16 type, u16 flags,
			    u32 op, u32 xfer, u32 ranges, u32 range_bytes,
			    u64 pfn)
{
	memset(p, 0, sizeof(*p));
	p->gpa.desc.type = cpu_to_le16(type);
	p->gpa.desc.flags = cpu_to_le16(flags);
	p->gpa.desc.offset8 = cpu_to_le16(offsetof(struct sp_test_pkt, body) / 8);
	p->gpa.desc.len8 = cpu_to_le16(sizeof(*p) / 8);
	p->gpa.range_count = cpu_to_le32(ranges);
	p->range.byte_count = cpu_to_le32(range_bytes);
	p->pfn = cpu_to_le64(pfn);
	p->body.operation = cpu_to_le32(op);
	p->body.srb.data_transfer_length = cpu_to_le32(xfer);
	return &p->body;
}

static const char *sp_parse(struct sp_test_pkt *p, u32 len, u32 *req_len)
{
	struct vstor_packet out;

	return storvsp_parse(&p->gpa.desc, &p->body, len, false, &out,
			     req_len);
}

static void sp_parse_fatal(struct kunit *test)
{
	struct sp_test_pkt *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	u16 rq = VMBUS_PKT_FLAG_COMPLETION_REQUESTED;
	u32 req_len, full = sizeof(struct vstor_packet);

	KUNIT_ASSERT_NOT_NULL(test, p);
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_BEGIN_INITIALIZATION,
		 0, 0, 0, 0);
	KUNIT_EXPECT_NULL(test, sp_parse(p, full, &req_len));
	KUNIT_EXPECT_EQ(test, req_len, STORVSP_BODY_LEN);
	/* No completion requested, a completion, a short header. */
	sp_build(p, VMBUS_PKT_DATA_INBAND, 0, VSTOR_OP_BEGIN_INITIALIZATION,
		 0, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, VMBUS_PKT_COMP, rq, VSTOR_OP_COMPLETE_IO, 0, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_BEGIN_INITIALIZATION,
		 0, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, STORVSP_HDR_LEN - 1, &req_len));
	/* A header alone is a whole request, mirrored as such. */
	KUNIT_EXPECT_NULL(test, sp_parse(p, STORVSP_HDR_LEN, &req_len));
	KUNIT_EXPECT_EQ(test, req_len, 0);
	/* Operations a guest never sends; FCHBA_DATA to a SCSI controller. */
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_ENUMERATE_BUS, 0, 0, 0,
		 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_REMOVE_DEVICE, 0, 0, 0,
		 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, 99, 0, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_FCHBA_DATA, 0, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	/* QUERY_PROTOCOL_VERSION without its version. */
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_QUERY_PROTOCOL_VERSION,
		 0, 0, 0, 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, STORVSP_HDR_LEN + 2, &req_len));
	KUNIT_EXPECT_NULL(test, sp_parse(p, STORVSP_HDR_LEN + 4, &req_len));
	KUNIT_EXPECT_EQ(test, req_len, 4);
}

static void sp_parse_data(struct kunit *test)
{
	struct sp_test_pkt *p = kunit_kzalloc(test, sizeof(*p), GFP_KERNEL);
	u16 gpa = VMBUS_PKT_DATA_USING_GPA_DIRECT;
	u16 rq = VMBUS_PKT_FLAG_COMPLETION_REQUESTED;
	u32 req_len, full = sizeof(struct vstor_packet);
	struct page *page = alloc_page(GFP_KERNEL);
	u64 pfn;

	KUNIT_ASSERT_NOT_NULL(test, p);
	KUNIT_ASSERT_NOT_NULL(test, page);
	pfn = page_to_pfn(page);
	/* No data, no range: fine in-band or GPA-direct. */
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_EXECUTE_SRB, 0, 0, 0, 0);
	KUNIT_EXPECT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 0, 0, 0, 0);
	KUNIT_EXPECT_NULL(test, sp_parse(p, full, &req_len));
	/* Data with no range. */
	sp_build(p, VMBUS_PKT_DATA_INBAND, rq, VSTOR_OP_EXECUTE_SRB, 512, 0, 0,
		 0);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 512, 0, 512, pfn);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	/* One range as long as the transfer, or longer: fine. */
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 512, 1, 512, pfn);
	KUNIT_EXPECT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 512, 1, 4096, pfn);
	KUNIT_EXPECT_NULL(test, sp_parse(p, full, &req_len));
	/* Shorter than the transfer; two ranges. */
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 1024, 1, 512, pfn);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 512, 2, 512, pfn);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	/* A range whose pages lie beyond the packet's range list. */
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 8192, 1, 8192, pfn);
	KUNIT_EXPECT_NOT_NULL(test, sp_parse(p, full, &req_len));
	/* A version-1 (36-byte) SRB is a request of that size. */
	sp_build(p, gpa, rq, VSTOR_OP_EXECUTE_SRB, 512, 1, 512, pfn);
	KUNIT_EXPECT_NULL(test, sp_parse(p, STORVSP_HDR_LEN + 36, &req_len));
	KUNIT_EXPECT_EQ(test, req_len, 36);
	__free_page(page);
}

static void sp_init_order(struct kunit *test)
{
	enum storvsp_state st = STORVSP_ST_BEGIN;

	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_EXECUTE_SRB, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, false));
	KUNIT_ASSERT_TRUE(test, storvsp_allowed(st, VSTOR_OP_BEGIN_INITIALIZATION, false));
	st = storvsp_next(st, VSTOR_OP_BEGIN_INITIALIZATION, true);
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_BEGIN_INITIALIZATION, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROPERTIES, false));
	/* Versions may be asked until one is accepted. */
	KUNIT_ASSERT_TRUE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, false));
	st = storvsp_next(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, false);
	KUNIT_ASSERT_TRUE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, false));
	st = storvsp_next(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, true);
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_END_INITIALIZATION, false));
	KUNIT_ASSERT_TRUE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROPERTIES, false));
	st = storvsp_next(st, VSTOR_OP_QUERY_PROPERTIES, true);
	/* FCHBA_DATA on FC only; CREATE_SUB_CHANNELS once before END. */
	KUNIT_EXPECT_TRUE(test, storvsp_allowed(st, VSTOR_OP_FCHBA_DATA, true));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_FCHBA_DATA, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_EXECUTE_SRB, false));
	KUNIT_ASSERT_TRUE(test, storvsp_allowed(st, VSTOR_OP_CREATE_SUB_CHANNELS, false));
	st = storvsp_next(st, VSTOR_OP_CREATE_SUB_CHANNELS, true);
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_CREATE_SUB_CHANNELS, false));
	KUNIT_ASSERT_TRUE(test, storvsp_allowed(st, VSTOR_OP_END_INITIALIZATION, false));
	st = storvsp_next(st, VSTOR_OP_END_INITIALIZATION, true);
	KUNIT_EXPECT_EQ(test, st, STORVSP_ST_READY);
	KUNIT_EXPECT_TRUE(test, storvsp_allowed(st, VSTOR_OP_EXECUTE_SRB, false));
	KUNIT_EXPECT_TRUE(test, storvsp_allowed(st, VSTOR_OP_RESET_BUS, false));
	KUNIT_EXPECT_TRUE(test, storvsp_allowed(st, VSTOR_OP_CREATE_SUB_CHANNELS, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_BEGIN_INITIALIZATION, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROTOCOL_VERSION, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_QUERY_PROPERTIES, false));
	KUNIT_EXPECT_FALSE(test, storvsp_allowed(st, VSTOR_OP_END_INITIALIZATION, false));
}

static void sp_subchannel_count(struct kunit *test)
{
	u16 more;

	KUNIT_EXPECT_EQ(test, storvsp_sc_request(2, 0, 8, &more), 0);
	KUNIT_EXPECT_EQ(test, more, 2);
	/* A repeat is a no-op; a smaller count withdraws nothing. */
	KUNIT_EXPECT_EQ(test, storvsp_sc_request(2, 2, 8, &more), 0);
	KUNIT_EXPECT_EQ(test, more, 0);
	KUNIT_EXPECT_EQ(test, storvsp_sc_request(1, 2, 8, &more), 0);
	KUNIT_EXPECT_EQ(test, more, 0);
	KUNIT_EXPECT_EQ(test, storvsp_sc_request(0, 0, 8, &more), 0);
	KUNIT_EXPECT_EQ(test, more, 0);
	/* The total, not an increment. */
	KUNIT_EXPECT_EQ(test, storvsp_sc_request(5, 2, 8, &more), 0);
	KUNIT_EXPECT_EQ(test, more, 3);
	KUNIT_EXPECT_EQ(test, storvsp_sc_request(9, 0, 8, &more),
			STORVSP_NT_INVALID_PARAMETER);
	KUNIT_EXPECT_EQ(test, more, 0);
	KUNIT_EXPECT_EQ(test, storvsp_sc_request(1, 0, 0, &more),
			STORVSP_NT_INVALID_PARAMETER);
}

static void sp_nt_status(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_SUCCESS), 0);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_INVALID_LUN),
			STORVSP_NT_DEVICE_DOES_NOT_EXIST);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_ERROR |
						VSTOR_SRB_AUTOSENSE_VALID),
			STORVSP_NT_IO_DEVICE_ERROR);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_INVALID_REQUEST |
						VSTOR_SRB_AUTOSENSE_VALID),
			STORVSP_NT_IO_DEVICE_ERROR);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_TIMEOUT),
			STORVSP_NT_IO_TIMEOUT);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_ABORTED),
			STORVSP_NT_CANCELLED);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_SELECTION_TIMEOUT),
			STORVSP_NT_DEVICE_NOT_CONNECTED);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_DATA_OVERRUN),
			STORVSP_NT_BUFFER_OVERFLOW);
	KUNIT_EXPECT_EQ(test, storvsp_nt_status(VSTOR_SRB_BUS_RESET),
			STORVSP_NT_IO_DEVICE_ERROR);
}

static void sp_data_in(struct kunit *test)
{
	struct vstor_srb srb = {};
	struct storvsp_result r = {};

	KUNIT_EXPECT_FALSE(test, storvsp_may_write(VSTOR_DATA_WRITE));
	KUNIT_EXPECT_TRUE(test, storvsp_may_write(VSTOR_DATA_READ));
	KUNIT_EXPECT_TRUE(test, storvsp_may_write(VSTOR_DATA_UNKNOWN));
	storvsp_srb_result(&srb, &r, -EACCES);
	KUNIT_EXPECT_EQ(test, srb.srb_status,
			VSTOR_SRB_INVALID_REQUEST | VSTOR_SRB_AUTOSENSE_VALID);
	KUNIT_EXPECT_EQ(test, srb.scsi_status, 2);
	KUNIT_EXPECT_EQ(test, srb.sense[2], 0x5);
	KUNIT_EXPECT_EQ(test, srb.sense[12], 0x24);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(srb.data_transfer_length), 0);
}

static void sp_completion_srb(struct kunit *test)
{
	struct vstor_srb srb = {
		.srb_status = VSTOR_SRB_ERROR | VSTOR_SRB_AUTOSENSE_VALID,
		.scsi_status = 2, .path_id = 1, .target_id = 1, .lun = 3,
		.data_in = VSTOR_DATA_READ, .sense_info_length = 18,
		.data_transfer_length = cpu_to_le32(0),
		.srb_flags = cpu_to_le32(VSTOR_SRB_FLAG_DATA_IN),
	};

	srb.sense[2] = 0x3;
	storvsp_completion_srb(&srb);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(srb.length), sizeof(srb));
	KUNIT_EXPECT_EQ(test, srb.sense_info_length, VSTOR_SENSE_MAX);
	KUNIT_EXPECT_EQ(test, srb.sense[2], 0x3);
	KUNIT_EXPECT_EQ(test, srb.cdb_length, VSTOR_CDB_MAX);
	/* Nothing of the request is echoed. */
	KUNIT_EXPECT_EQ(test, srb.path_id + srb.target_id + srb.lun, 0);
	KUNIT_EXPECT_EQ(test, srb.data_in, 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(srb.srb_flags), 0);
	/* Without autosense the sense bytes are zero. */
	srb.srb_status = VSTOR_SRB_SUCCESS;
	srb.sense[2] = 0x3;
	storvsp_completion_srb(&srb);
	KUNIT_EXPECT_EQ(test, srb.sense[2], 0);
	KUNIT_EXPECT_EQ(test, srb.sense_info_length, VSTOR_SENSE_MAX);
}

static struct kunit_case sp_cases[] = {
	KUNIT_CASE(sp_parse_fatal),
	KUNIT_CASE(sp_parse_data),
	KUNIT_CASE(sp_init_order),
	KUNIT_CASE(sp_subchannel_count),
	KUNIT_CASE(sp_nt_status),
	KUNIT_CASE(sp_data_in),
	KUNIT_CASE(sp_completion_srb),
	{}
};

static struct kunit_suite sp_suite = {
	.name = "vmbussim_storvsp_proto",
	.test_cases = sp_cases,
};

kunit_test_suite(sp_suite);
