// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of hv_storvsc's pure parts: the validation of the host's
 * completions (every check has a case that fails it), the mapping of SRB
 * status and sense to the midlayer's host byte and follow-up actions, and
 * the host's limits. (The page list of a command's data is the bus's, and
 * tested there: drivers/hv/tests/dma_test.c.)
 */

#include <kunit/test.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "hv_storvsc.h"

static struct vstor_packet *sv_completion(struct kunit *test, u8 srb_status,
					  u32 xfer)
{
	struct vstor_packet *pkt = kunit_kzalloc(test, sizeof(*pkt), GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, pkt);
	pkt->operation = cpu_to_le32(VSTOR_OP_COMPLETE_IO);
	pkt->srb.srb_status = srb_status;
	pkt->srb.data_transfer_length = cpu_to_le32(xfer);
	return pkt;
}

static void sv_completion_ok(struct kunit *test)
{
	struct vstor_packet *pkt = sv_completion(test, VSTOR_SRB_SUCCESS, 4096);

	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt), 4096), 0);
	pkt->srb.sense_info_length = VSTOR_SENSE_MAX;
	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt), 8192), 0);
}

static void sv_completion_short(struct kunit *test)
{
	struct vstor_packet *pkt = sv_completion(test, VSTOR_SRB_SUCCESS, 0);

	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt) - 1, 0),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, 16, 0), -EBADMSG);
	KUNIT_EXPECT_EQ(test, storvsc_check_ctl_answer(pkt, 0), -EBADMSG);
}

static void sv_completion_wrong_op(struct kunit *test)
{
	struct vstor_packet *pkt = sv_completion(test, VSTOR_SRB_SUCCESS, 0);

	pkt->operation = cpu_to_le32(VSTOR_OP_EXECUTE_SRB);
	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt), 0),
			-EBADMSG);
	KUNIT_EXPECT_EQ(test, storvsc_check_ctl_answer(pkt, sizeof(*pkt)),
			-EBADMSG);
}

static void sv_completion_pending(struct kunit *test)
{
	struct vstor_packet *pkt = sv_completion(test, VSTOR_SRB_PENDING |
						 VSTOR_SRB_AUTOSENSE_VALID, 0);

	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt), 0),
			-EBADMSG);
}

static void sv_completion_sense_too_long(struct kunit *test)
{
	struct vstor_packet *pkt = sv_completion(test, VSTOR_SRB_ERROR, 0);

	pkt->srb.sense_info_length = VSTOR_SENSE_MAX + 1;
	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt), 0),
			-EBADMSG);
}

static void sv_completion_overrun(struct kunit *test)
{
	struct vstor_packet *pkt = sv_completion(test, VSTOR_SRB_SUCCESS, 4097);

	KUNIT_EXPECT_EQ(test, storvsc_check_completion(pkt, sizeof(*pkt), 4096),
			-EBADMSG);
}

static void sv_map(u8 srb, u8 status, const u8 *sense,
		   struct storvsc_result *res)
{
	storvsc_map_result(srb, status, sense, sense ? 18 : 0, res);
}

static void sv_map_status(struct kunit *test)
{
	struct storvsc_result res;

	sv_map(VSTOR_SRB_SUCCESS, SAM_STAT_GOOD, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_OK);
	sv_map(VSTOR_SRB_DATA_OVERRUN, SAM_STAT_GOOD, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_OK);
	sv_map(VSTOR_SRB_INVALID_LUN, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_NO_CONNECT);
	KUNIT_EXPECT_TRUE(test, res.remove_lun);
	/* OpenVMM adds CHECK CONDITION, without sense: still absent. */
	sv_map(VSTOR_SRB_INVALID_LUN, SAM_STAT_CHECK_CONDITION, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_NO_CONNECT);
	KUNIT_EXPECT_TRUE(test, res.remove_lun);
	/* Not how a host reports absence: an error, retried, LUN kept. */
	sv_map(VSTOR_SRB_SELECTION_TIMEOUT, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_ERROR);
	KUNIT_EXPECT_FALSE(test, res.remove_lun);
	sv_map(VSTOR_SRB_SUCCESS, SAM_STAT_GOOD, NULL, &res);
	KUNIT_EXPECT_FALSE(test, res.remove_lun);
	sv_map(VSTOR_SRB_BUS_RESET, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_RESET);
	sv_map(VSTOR_SRB_TIMEOUT, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_TIME_OUT);
	sv_map(VSTOR_SRB_ABORTED, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_ERROR);
	sv_map(VSTOR_SRB_ERROR, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_ERROR);
	sv_map(0x3f, 0, NULL, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_ERROR);
}

static void sv_map_sense(struct kunit *test)
{
	u8 medium[18] = { 0x70, 0, MEDIUM_ERROR, [7] = 10, [12] = 0x11 };
	u8 capacity[18] = { 0x70, 0, UNIT_ATTENTION, [7] = 10, [12] = 0x2a,
			    [13] = 0x09 };
	u8 luns[18] = { 0x70, 0, UNIT_ATTENTION, [7] = 10, [12] = 0x3f,
			[13] = 0x0e };
	u8 srb = VSTOR_SRB_ERROR | VSTOR_SRB_AUTOSENSE_VALID;
	struct storvsc_result res;

	/* The device answered: the midlayer decides on its sense. */
	sv_map(srb, SAM_STAT_CHECK_CONDITION, medium, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_OK);
	KUNIT_EXPECT_FALSE(test, res.rescan_lun || res.rescan_host);
	sv_map(srb, SAM_STAT_CHECK_CONDITION, capacity, &res);
	KUNIT_EXPECT_TRUE(test, res.rescan_lun);
	KUNIT_EXPECT_FALSE(test, res.rescan_host);
	sv_map(srb, SAM_STAT_CHECK_CONDITION, luns, &res);
	KUNIT_EXPECT_TRUE(test, res.rescan_host);
	/* Sense the host did not flag as valid is not looked at. */
	sv_map(VSTOR_SRB_ERROR, SAM_STAT_CHECK_CONDITION, luns, &res);
	KUNIT_EXPECT_EQ(test, res.host_byte, DID_ERROR);
	KUNIT_EXPECT_FALSE(test, res.rescan_host);
}

static void sv_limits(struct kunit *test, u32 bytes, u32 flags, u16 chans,
		      enum storvsc_class class, u32 want_xfer, u16 want_sc)
{
	struct vstor_properties p = {
		.max_channels = cpu_to_le16(chans),
		.flags = cpu_to_le32(flags),
		.max_transfer_bytes = cpu_to_le32(bytes),
	};
	u32 xfer;
	u16 sc;

	storvsc_host_limits(&p, class, &xfer, &sc);
	KUNIT_EXPECT_EQ(test, xfer, want_xfer);
	KUNIT_EXPECT_EQ(test, sc, want_sc);
}

/* Whatever the host claims, the limits stay within what the driver can do. */
static void sv_host_limits(struct kunit *test)
{
	/* A sane host. */
	sv_limits(test, SZ_256K, VSTOR_PROP_MULTI_CHANNEL, 8, STORVSC_SCSI,
		  SZ_256K, 8);
	/* No transfer size, or less than a page: one page. */
	sv_limits(test, 0, 0, 0, STORVSC_SCSI, HV_PAGE_SIZE, 0);
	sv_limits(test, 100, 0, 0, STORVSC_SCSI, HV_PAGE_SIZE, 0);
	/* More than the driver's page list holds: clamped. */
	sv_limits(test, U32_MAX, 0, 0, STORVSC_SCSI, STORVSC_MAX_TRANSFER, 0);
	/* Not whole pages: rounded down. */
	sv_limits(test, SZ_64K + 100, 0, 0, STORVSC_SCSI, SZ_64K, 0);
	/* Channels without the multichannel flag, or on IDE: none. */
	sv_limits(test, SZ_64K, 0, 8, STORVSC_SCSI, SZ_64K, 0);
	sv_limits(test, SZ_64K, VSTOR_PROP_MULTI_CHANNEL, 8, STORVSC_IDE,
		  SZ_64K, 0);
	/* More channels than the driver has slots for. */
	sv_limits(test, SZ_64K, VSTOR_PROP_MULTI_CHANNEL, U16_MAX, STORVSC_FC,
		  SZ_64K, STORVSC_MAX_CHANNELS - 1);
}

static struct kunit_case sv_cases[] = {
	KUNIT_CASE(sv_completion_ok),
	KUNIT_CASE(sv_completion_short),
	KUNIT_CASE(sv_completion_wrong_op),
	KUNIT_CASE(sv_completion_pending),
	KUNIT_CASE(sv_completion_sense_too_long),
	KUNIT_CASE(sv_completion_overrun),
	KUNIT_CASE(sv_map_status),
	KUNIT_CASE(sv_map_sense),
	KUNIT_CASE(sv_host_limits),
	{}
};

static struct kunit_suite sv_suite = {
	.name = "hv_storvsc",
	.test_cases = sv_cases,
};

kunit_test_suite(sv_suite);
