// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the checks the bus applies to the host's channel-
 * management messages, of the version negotiation table and of the GPADL
 * message layout.
 */

#include <kunit/test.h>
#include <linux/slab.h>

#include "../vmbus_private.h"

static void put_type(void *buf, u32 type)
{
	((struct vmbus_chanmsg_hdr *)buf)->msgtype = cpu_to_le32(type);
}

static void msg_validate_accepts_answers(struct kunit *test)
{
	u8 buf[SYNIC_MESSAGE_PAYLOAD] = {};

	put_type(buf, VMBUS_CHANMSG_OPENCHANNEL_RESULT);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 20),
			VMBUS_CHANMSG_OPENCHANNEL_RESULT);
	put_type(buf, VMBUS_CHANMSG_ALLOFFERS_DELIVERED);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 8),
			VMBUS_CHANMSG_ALLOFFERS_DELIVERED);
	put_type(buf, VMBUS_CHANMSG_OFFERCHANNEL);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 196),
			VMBUS_CHANMSG_OFFERCHANNEL);
}

static void msg_validate_rejects_short(struct kunit *test)
{
	u8 buf[SYNIC_MESSAGE_PAYLOAD] = {};

	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 4), -EBADMSG);
	put_type(buf, VMBUS_CHANMSG_OFFERCHANNEL);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 195), -EBADMSG);
	put_type(buf, VMBUS_CHANMSG_GPADL_CREATED);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 19), -EBADMSG);
	put_type(buf, VMBUS_CHANMSG_RESCIND_CHANNELOFFER);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 11), -EBADMSG);
	put_type(buf, VMBUS_CHANMSG_VERSION_RESPONSE);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 11), -EBADMSG);
}

static void msg_validate_rejects_bad_types(struct kunit *test)
{
	u8 buf[SYNIC_MESSAGE_PAYLOAD] = {};

	/* Unknown types. */
	put_type(buf, VMBUS_CHANMSG_COUNT);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 64), -EBADMSG);
	put_type(buf, 0xffffffff);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 64), -EBADMSG);
	/* Types only the guest sends. */
	put_type(buf, VMBUS_CHANMSG_INITIATE_CONTACT);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 64), -EBADMSG);
	put_type(buf, VMBUS_CHANMSG_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 64), -EBADMSG);
	put_type(buf, VMBUS_CHANMSG_INVALID);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, 64), -EBADMSG);
	/* More than a message slot holds. */
	put_type(buf, VMBUS_CHANMSG_UNLOAD_RESPONSE);
	KUNIT_EXPECT_EQ(test, vmbus_msg_validate(buf, SYNIC_MESSAGE_PAYLOAD + 1),
			-EBADMSG);
}

static void offer_check(struct kunit *test)
{
	struct vmbus_chanmsg_offer o = {};

	o.child_relid = cpu_to_le32(5);
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), 0);
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o) - 1), -EBADMSG);
	o.child_relid = cpu_to_le32(VMBUS_MAX_RELID);
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), 0);
	o.child_relid = cpu_to_le32(VMBUS_MAX_RELID + 1);
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), -EBADMSG);
	o.child_relid = cpu_to_le32(4000);
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), -EBADMSG);

	o.child_relid = cpu_to_le32(5);
	o.monitor_flags = VMBUS_OFFER_MONITOR_ALLOCATED;
	o.monitor_id = VMBUS_MAX_MONITOR_ID;
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), 0);
	o.monitor_id = VMBUS_MAX_MONITOR_ID + 1;
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), -EBADMSG);
	/* An unmonitored channel's monitor id means nothing. */
	o.monitor_flags = 0;
	KUNIT_EXPECT_EQ(test, vmbus_offer_check(&o, sizeof(o)), 0);
}

static void version_table_order(struct kunit *test)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, vmbus_nr_versions, 7U);
	KUNIT_EXPECT_EQ(test, vmbus_versions[0], VMBUS_VERSION(5, 3));
	KUNIT_EXPECT_EQ(test, vmbus_versions[vmbus_nr_versions - 1],
			VMBUS_VERSION(3, 0));
	for (i = 1; i < vmbus_nr_versions; i++)
		KUNIT_EXPECT_GT(test, vmbus_versions[i - 1], vmbus_versions[i]);
}

static void version_conn_ids(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vmbus_version_conn_id(VMBUS_VERSION(5, 3)),
			VMBUS_MESSAGE_CONNECTION_ID_4);
	KUNIT_EXPECT_EQ(test, vmbus_version_conn_id(VMBUS_VERSION(5, 0)),
			VMBUS_MESSAGE_CONNECTION_ID_4);
	KUNIT_EXPECT_EQ(test, vmbus_version_conn_id(VMBUS_VERSION(4, 1)),
			VMBUS_MESSAGE_CONNECTION_ID);
	KUNIT_EXPECT_EQ(test, vmbus_version_conn_id(VMBUS_VERSION(3, 0)),
			VMBUS_MESSAGE_CONNECTION_ID);
}

static void version_response(struct kunit *test)
{
	struct vmbus_chanmsg_version_response r = {};
	u32 v5 = VMBUS_VERSION(5, 0), v4 = VMBUS_VERSION(4, 0);

	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, sizeof(r), v5),
			-EPROTONOSUPPORT);
	r.version_supported = 1;
	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, sizeof(r), v5), 0);
	/* Old hosts may answer old versions without msg_conn_id ... */
	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, 12, v4), 0);
	/* ... but from 5.0 it is needed. */
	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, 12, v5), -EBADMSG);
	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, 11, v4), -EBADMSG);
	/* Accepted, but the host failed the connection. */
	r.connection_state = VMBUS_CONNECTION_FAILED_LOW_RESOURCES;
	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, sizeof(r), v5),
			-ECONNREFUSED);
	r.connection_state = VMBUS_CONNECTION_FAILED_UNKNOWN;
	KUNIT_EXPECT_EQ(test, vmbus_version_response_check(&r, 12, v4),
			-ECONNREFUSED);
}

static void gpadl_msg_count(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, vmbus_gpadl_nr_msgs(1), 1U);
	KUNIT_EXPECT_EQ(test, vmbus_gpadl_nr_msgs(26), 1U);
	KUNIT_EXPECT_EQ(test, vmbus_gpadl_nr_msgs(27), 2U);
	KUNIT_EXPECT_EQ(test, vmbus_gpadl_nr_msgs(26 + 28), 2U);
	KUNIT_EXPECT_EQ(test, vmbus_gpadl_nr_msgs(26 + 28 + 1), 3U);
	/* A 16 MiB buffer: 4096 pages. */
	KUNIT_EXPECT_EQ(test, vmbus_gpadl_nr_msgs(4096), 1U + 146U);
}

/* Rebuild the PFN list from the messages and compare it with the input. */
static void gpadl_layout(struct kunit *test)
{
	const u32 nr = 26 + 28 + 5, relid = 7, handle = 0xe1e11;
	const struct vmbus_chanmsg_gpadl_header *h;
	const struct vmbus_chanmsg_gpadl_body *b;
	u32 i, j, len, got = 0, n;
	u64 *pfns, *seen;
	u8 *buf;

	pfns = kunit_kcalloc(test, nr, sizeof(*pfns), GFP_KERNEL);
	seen = kunit_kcalloc(test, nr, sizeof(*seen), GFP_KERNEL);
	buf = kunit_kzalloc(test, SYNIC_MESSAGE_PAYLOAD, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, pfns);
	KUNIT_ASSERT_NOT_NULL(test, seen);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	for (i = 0; i < nr; i++)
		pfns[i] = 0x100000 + i * 3;

	len = vmbus_gpadl_fill(buf, 0, relid, handle, pfns, nr);
	h = (const void *)buf;
	KUNIT_EXPECT_EQ(test, len, (u32)(sizeof(*h) +
					 VMBUS_GPADL_HEADER_PFNS * sizeof(__le64)));
	KUNIT_EXPECT_LE(test, len, (u32)SYNIC_MESSAGE_PAYLOAD);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->hdr.msgtype),
			VMBUS_CHANMSG_GPADL_HEADER);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->child_relid), relid);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->gpadl), handle);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->rangecount), 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(h->range_buflen), 8 + 8 * nr);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->range.byte_count), nr * HV_PAGE_SIZE);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(h->range.byte_offset), 0U);
	for (i = 0; i < VMBUS_GPADL_HEADER_PFNS; i++)
		seen[got++] = le64_to_cpu(h->range.pfn[i]);

	for (i = 1; i < vmbus_gpadl_nr_msgs(nr); i++) {
		memset(buf, 0, SYNIC_MESSAGE_PAYLOAD);
		len = vmbus_gpadl_fill(buf, i, relid, handle, pfns, nr);
		b = (const void *)buf;
		KUNIT_EXPECT_EQ(test, le32_to_cpu(b->hdr.msgtype),
				VMBUS_CHANMSG_GPADL_BODY);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(b->msgnumber), i);
		KUNIT_EXPECT_EQ(test, le32_to_cpu(b->gpadl), handle);
		KUNIT_EXPECT_LE(test, len, (u32)SYNIC_MESSAGE_PAYLOAD);
		n = (len - sizeof(*b)) / sizeof(__le64);
		KUNIT_ASSERT_LE(test, got + n, nr);
		for (j = 0; j < n; j++)
			seen[got + j] = le64_to_cpu(b->pfn[j]);
		got += n;
	}
	KUNIT_EXPECT_EQ(test, got, nr);
	KUNIT_EXPECT_MEMEQ(test, seen, pfns, nr * sizeof(*pfns));
}

static struct kunit_case vmbus_msg_cases[] = {
	KUNIT_CASE(msg_validate_accepts_answers),
	KUNIT_CASE(msg_validate_rejects_short),
	KUNIT_CASE(msg_validate_rejects_bad_types),
	KUNIT_CASE(offer_check),
	KUNIT_CASE(version_table_order),
	KUNIT_CASE(version_conn_ids),
	KUNIT_CASE(version_response),
	KUNIT_CASE(gpadl_msg_count),
	KUNIT_CASE(gpadl_layout),
	{}
};

static struct kunit_suite vmbus_msg_suite = {
	.name = "vmbus_msg",
	.test_cases = vmbus_msg_cases,
};

kunit_test_suite(vmbus_msg_suite);
