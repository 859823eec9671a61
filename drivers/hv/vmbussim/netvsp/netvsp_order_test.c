// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the rules a Microsoft host holds the guest's netvsc to,
 * as the netvsp model keeps them: the NVSP order on the primary and on
 * subchannels (netvsp_order.c), the receive slots and the
 * completion of transfer-page packets (netvsp_slots.c), and the
 * RNDIS header of a GPA-direct frame in its first range. Each case would
 * pass on a lenient host only if the rule were missing.
 */

#include <kunit/test.h>

#include "netvsp.h"

/* The primary through a guest's usual set-up, NVSP 6.1. */
static void ot_setup(struct netvsp_order *o)
{
	netvsp_order_reset(o, true);
	netvsp_order_step(o, NVSP_MSG_INIT, true);
	netvsp_order_init(o, NVSP_VER_61);
	netvsp_order_step(o, NVSP_MSG2_SEND_NDIS_CONFIG, true);
	netvsp_order_step(o, NVSP_MSG1_SEND_NDIS_VER, true);
	netvsp_order_step(o, NVSP_MSG1_SEND_RECV_BUF, true);
	netvsp_order_step(o, NVSP_MSG1_SEND_SEND_BUF, true);
}

static void order_good_test(struct kunit *test)
{
	struct netvsp_order o;

	netvsp_order_reset(&o, true);
	/* INIT until a version is agreed. */
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG_INIT, true), NETVSP_OK);
	netvsp_order_init(&o, 0);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG_INIT, true), NETVSP_OK);
	netvsp_order_init(&o, NVSP_VER_61);
	KUNIT_EXPECT_EQ(test, o.phase, NETVSP_PH_SETUP);
	/* NDIS version after the configuration is fine too. */
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG2_SEND_NDIS_CONFIG, true),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RECV_BUF, true),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_NDIS_VER, true),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_SEND_BUF, true),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RNDIS_PKT, true),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, o.phase, NETVSP_PH_READY);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG5_SUBCHANNEL, true), NETVSP_OK);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG5_OID_QUERY_EX, true),
			NETVSP_OK);
	/* A revoke ends the service; what follows is not looked at. */
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_REVOKE_RECV_BUF, true),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, o.phase, NETVSP_PH_DONE);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_REVOKE_SEND_BUF, true),
			NETVSP_IGNORE);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RNDIS_PKT, true),
			NETVSP_IGNORE);
}

/* @type in the state ot_setup() leaves, after @pre (0: none). */
static enum netvsp_verdict ot_after(u32 pre, u32 type)
{
	struct netvsp_order o;

	ot_setup(&o);
	if (pre)
		netvsp_order_step(&o, pre, true);
	return netvsp_order_step(&o, type, true);
}

static void order_bad_test(struct kunit *test)
{
	struct netvsp_order o;

	/* Anything but INIT first. */
	netvsp_order_reset(&o, true);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_NDIS_VER, true),
			NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, o.phase, NETVSP_PH_DEAD);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG_INIT, true), NETVSP_IGNORE);
	/* Each set-up message once; INIT once agreed. */
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG2_SEND_NDIS_CONFIG), NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG1_SEND_NDIS_VER), NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG1_SEND_RECV_BUF), NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG1_SEND_SEND_BUF), NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG_INIT), NETVSP_FATAL);
	/* Nothing of the ready state during set-up. */
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG5_SUBCHANNEL), NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(0, NVSP_MSG1_REVOKE_RECV_BUF), NETVSP_FATAL);
	/* No set-up message once ready. */
	KUNIT_EXPECT_EQ(test, ot_after(NVSP_MSG1_SEND_RNDIS_PKT, NVSP_MSG1_SEND_SEND_BUF),
			NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(NVSP_MSG1_SEND_RNDIS_PKT, NVSP_MSG_INIT),
			NETVSP_FATAL);
	KUNIT_EXPECT_EQ(test, ot_after(NVSP_MSG1_SEND_RNDIS_PKT, 999), NETVSP_FATAL);
	/* The receive buffer before the NDIS configuration (NVSP 2 on). */
	netvsp_order_reset(&o, true);
	netvsp_order_step(&o, NVSP_MSG_INIT, true);
	netvsp_order_init(&o, NVSP_VER_2);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RECV_BUF, true),
			NETVSP_FATAL);
	/* ... which NVSP 1 has none of. */
	netvsp_order_reset(&o, true);
	netvsp_order_step(&o, NVSP_MSG_INIT, true);
	netvsp_order_init(&o, NVSP_VER_1);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RECV_BUF, true),
			NETVSP_OK);
	/* RNDIS before the NDIS version is known. */
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RNDIS_PKT, true),
			NETVSP_FATAL);
}

static void order_subchannel_test(struct kunit *test)
{
	static const u32 primary_only[] = {
		NVSP_MSG5_SUBCHANNEL, NVSP_MSG4_SWITCH_DATA_PATH,
		NVSP_MSG1_REVOKE_RECV_BUF, NVSP_MSG1_REVOKE_SEND_BUF,
		NVSP_MSG_INIT, NVSP_MSG1_SEND_RECV_BUF,
	};
	struct netvsp_order o;
	u32 i;

	netvsp_order_reset(&o, false);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG1_SEND_RNDIS_PKT, false),
			NETVSP_OK);
	KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, NVSP_MSG5_OID_QUERY_EX, false),
			NETVSP_OK);
	for (i = 0; i < ARRAY_SIZE(primary_only); i++) {
		netvsp_order_reset(&o, false);
		KUNIT_EXPECT_EQ(test, netvsp_order_step(&o, primary_only[i], false),
				NETVSP_FATAL);
		KUNIT_EXPECT_EQ(test, o.phase, NETVSP_PH_DEAD);
	}
}

static void slots_test(struct kunit *test)
{
	struct netvsp_slots t;
	int a, b, c, d, n;

	KUNIT_EXPECT_EQ(test, netvsp_slot_size(1514), 1806U);
	KUNIT_EXPECT_EQ(test, netvsp_slot_size(9014), 9306U);
	KUNIT_EXPECT_EQ(test, netvsp_slot_size(0), 1806U);
	KUNIT_EXPECT_EQ(test, netvsp_slot_size(9217), 1806U);
	KUNIT_ASSERT_EQ(test, netvsp_slots_init(&t, 40), 0);
	/* Control slots first, data slots after them. */
	a = netvsp_slots_get(&t, true);
	KUNIT_EXPECT_EQ(test, a, 0);
	b = netvsp_slots_get(&t, false);
	KUNIT_EXPECT_EQ(test, b, NETVSP_RX_CTRL_SLOTS);
	c = netvsp_slots_get(&t, false);
	d = netvsp_slots_get(&t, false);
	/* One packet of three data slots, id b; one control packet, id a. */
	netvsp_slots_chain(&t, b, c);
	netvsp_slots_chain(&t, c, d);
	netvsp_slots_sent(&t, b);
	netvsp_slots_sent(&t, a);
	/* A later slot of a packet, a slot never sent, an id past the buffer. */
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, c), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, 5), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, 40), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, 1ULL << 40), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, b), 3);
	/* Twice. */
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, b), -EINVAL);
	KUNIT_EXPECT_EQ(test, netvsp_slots_done(&t, a), 1);
	/* All free again: 24 data slots, the first one first. */
	KUNIT_EXPECT_EQ(test, netvsp_slots_get(&t, false), b);
	for (n = 1; netvsp_slots_get(&t, false) >= 0; n++)
		;
	KUNIT_EXPECT_EQ(test, n, 40 - NETVSP_RX_CTRL_SLOTS);
	/* The control slots are not taken by data. */
	KUNIT_EXPECT_EQ(test, netvsp_slots_get(&t, true), 0);
	netvsp_slots_fini(&t);
}

static void hdr_first_test(struct kunit *test)
{
	struct netvsp_pkt p = {
		.frame_off = 60, .frame_len = 1000, .ppi_off = 44, .ppi_len = 16,
	};
	struct netvsp_pkt none = { .frame_off = 44, .frame_len = 1000 };

	KUNIT_EXPECT_TRUE(test, netvsp_hdr_in_first(&p, 60));
	KUNIT_EXPECT_TRUE(test, netvsp_hdr_in_first(&p, U32_MAX));
	/* The last byte of the per-packet info in the second range. */
	KUNIT_EXPECT_FALSE(test, netvsp_hdr_in_first(&p, 59));
	KUNIT_EXPECT_TRUE(test, netvsp_hdr_in_first(&none, 44));
	KUNIT_EXPECT_FALSE(test, netvsp_hdr_in_first(&none, 43));
	KUNIT_EXPECT_FALSE(test, netvsp_hdr_in_first(&none, 8));
}

static struct kunit_case netvsp_order_cases[] = {
	KUNIT_CASE(order_good_test),
	KUNIT_CASE(order_bad_test),
	KUNIT_CASE(order_subchannel_test),
	KUNIT_CASE(slots_test),
	KUNIT_CASE(hdr_first_test),
	{}
};

static struct kunit_suite netvsp_order_suite = {
	.name = "vmbussim_netvsp_rules",
	.test_cases = netvsp_order_cases,
};

kunit_test_suite(netvsp_order_suite);
