// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of storvsp's conditions before the SCSI emulation: a
 * pending UNIT ATTENTION is reported once, not on INQUIRY or REQUEST
 * SENSE; armed status faults fire in their order, media faults only on
 * media commands, and each shot once.
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

static struct kunit_case sc_cases[] = {
	KUNIT_CASE(sc_ua_once),
	KUNIT_CASE(sc_status_faults),
	{}
};

static struct kunit_suite sc_suite = {
	.name = "vmbussim_storvsp_cond",
	.test_cases = sc_cases,
};

kunit_test_suite(sc_suite);
