// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of storvsp's conditions before the SCSI emulation: a
 * pending UNIT ATTENTION is reported once, not on INQUIRY or REQUEST
 * SENSE; armed status faults fire in their order, media faults only on
 * media commands, and each shot once; the SRB status of an outcome
 * (INVALID_LUN for an absent LUN, autosense with CHECK CONDITION).
 */

#include <kunit/test.h>
#include <linux/hyperv/spec/vstor.h>

#include "storvsp.h"

static void sc_ua_once(struct kunit *test)
{
	struct storvsp_lun *l = kunit_kzalloc(test, sizeof(*l), GFP_KERNEL);
	struct storvsp_result r = {};

	KUNIT_ASSERT_NOT_NULL(test, l);
	KUNIT_EXPECT_FALSE(test, storvsp_unit_attention(l, 0x28, &r));
	atomic_set(&l->pending_ua, STORVSP_UA_CAPACITY);
	KUNIT_EXPECT_FALSE(test, storvsp_unit_attention(l, 0x12, &r));
	KUNIT_EXPECT_FALSE(test, storvsp_unit_attention(l, 0x03, &r));
	KUNIT_ASSERT_TRUE(test, storvsp_unit_attention(l, 0x00, &r));
	KUNIT_EXPECT_EQ(test, r.status, 2);
	KUNIT_EXPECT_EQ(test, r.sense[2], 0x6);
	KUNIT_EXPECT_EQ(test, r.sense[12], 0x2a);
	KUNIT_EXPECT_EQ(test, r.sense[13], 0x09);
	KUNIT_EXPECT_FALSE(test, storvsp_unit_attention(l, 0x00, &r));
	atomic_set(&l->pending_ua, STORVSP_UA_LUNS);
	KUNIT_ASSERT_TRUE(test, storvsp_unit_attention(l, 0x28, &r));
	KUNIT_EXPECT_EQ(test, r.sense[12], 0x3f);
	KUNIT_EXPECT_EQ(test, r.sense[13], 0x0e);
}

static void sc_status_faults(struct kunit *test)
{
	struct storvsp *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	struct vstor_srb srb = {};

	KUNIT_ASSERT_NOT_NULL(test, sp);
	KUNIT_EXPECT_FALSE(test, storvsp_status_fault(sp, &srb, true));
	atomic_set(&sp->faults[STORVSP_FAULT_BUS_RESET], 1);
	atomic_set(&sp->faults[STORVSP_FAULT_TIMEOUT], 1);
	/* Media faults leave other commands alone. */
	KUNIT_EXPECT_FALSE(test, storvsp_status_fault(sp, &srb, false));
	KUNIT_EXPECT_TRUE(test, storvsp_status_fault(sp, &srb, true));
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_BUS_RESET);
	KUNIT_EXPECT_TRUE(test, storvsp_status_fault(sp, &srb, true));
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_TIMEOUT);
	KUNIT_EXPECT_FALSE(test, storvsp_status_fault(sp, &srb, true));
	atomic_set(&sp->faults[STORVSP_FAULT_SRB_ERROR], 1);
	KUNIT_EXPECT_TRUE(test, storvsp_status_fault(sp, &srb, false));
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_ERROR);
	KUNIT_EXPECT_EQ(test, atomic64_read(&sp->stats.faults), 3);
}

/* An absent LUN's refusal reaches the guest as INVALID_LUN, nothing else. */
static void sc_srb_invalid_lun(struct kunit *test)
{
	const u8 tur[6] = { 0x00 };
	struct vstor_srb srb = {
		.srb_status = 0xff, .scsi_status = 0xff,
		.sense_info_length = 20,
		.data_transfer_length = cpu_to_le32(512),
	};
	struct storvsp_result r;
	u8 buf[64] = {};

	storvsp_scsi_absent(tur, 6, 0, 3, buf, &r);
	storvsp_srb_result(&srb, &r, 0);
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_INVALID_LUN);
	KUNIT_EXPECT_EQ(test, srb.scsi_status, 2);
	KUNIT_EXPECT_EQ(test, srb.sense_info_length, 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(srb.data_transfer_length), 0);
}

/* INQUIRY of an absent LUN succeeds with its data; sense goes autosense. */
static void sc_srb_success_and_sense(struct kunit *test)
{
	const u8 inq[6] = { 0x12, 0, 0, 0, 36, 0 };
	const u8 vpd[6] = { 0x12, 1, 0x80, 0, 36, 0 };
	struct vstor_srb srb = { .sense_info_length = 20 };
	struct storvsp_result r;
	u8 buf[64] = {};

	storvsp_scsi_absent(inq, 6, 36, 0, buf, &r);
	storvsp_srb_result(&srb, &r, r.len);
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_SUCCESS);
	KUNIT_EXPECT_EQ(test, srb.scsi_status, 0);
	KUNIT_EXPECT_EQ(test, srb.sense_info_length, 0);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(srb.data_transfer_length), 36);

	storvsp_scsi_absent(vpd, 6, 36, 0, buf, &r);
	storvsp_srb_result(&srb, &r, 0);
	KUNIT_EXPECT_EQ(test, srb.srb_status,
			VSTOR_SRB_ERROR | VSTOR_SRB_AUTOSENSE_VALID);
	KUNIT_EXPECT_EQ(test, srb.scsi_status, 2);
	KUNIT_EXPECT_EQ(test, srb.sense_info_length, STORVSP_SENSE_LEN);
	KUNIT_EXPECT_EQ(test, srb.sense[2], 0x5);
	KUNIT_EXPECT_EQ(test, srb.sense[12], 0x24);
}

/* Carrying out an action failed: no data, no sense, an error status. */
static void sc_srb_action_failed(struct kunit *test)
{
	struct vstor_srb srb = { .data_transfer_length = cpu_to_le32(512) };
	struct storvsp_result r = {};

	storvsp_srb_result(&srb, &r, -ERANGE);
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_ERROR);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(srb.data_transfer_length), 0);
	storvsp_srb_result(&srb, &r, -EFAULT);
	KUNIT_EXPECT_EQ(test, srb.srb_status, VSTOR_SRB_INVALID_REQUEST);
}

static struct kunit_case sc_cases[] = {
	KUNIT_CASE(sc_ua_once),
	KUNIT_CASE(sc_status_faults),
	KUNIT_CASE(sc_srb_invalid_lun),
	KUNIT_CASE(sc_srb_success_and_sense),
	KUNIT_CASE(sc_srb_action_failed),
	{}
};

static struct kunit_suite sc_suite = {
	.name = "vmbussim_storvsp_cond",
	.test_cases = sc_cases,
};

kunit_test_suite(sc_suite);
