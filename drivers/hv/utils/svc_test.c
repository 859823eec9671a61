// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the services' own message parsing: shutdown actions, time
 * samples, KVP records. They call the functions the driver calls on
 * messages built here, good and malformed.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "daemon_abi.h"
#include "ic.h"

#define T_BUF_SIZE	8192

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

static void svc_test_utf16_round_trip(struct kunit *test)
{
	/* ASCII, 2-byte, 3-byte and a 4-byte (surrogate pair) character. */
	static const char text[] = "K\xc3\xb6ln \xe2\x82\xac \xf0\x9f\x98\x80";
	u8 w[64];
	char back[64];

	KUNIT_EXPECT_EQ(test, ic_utf8_to_utf16(text, sizeof(text), w, 32), 9);
	KUNIT_EXPECT_EQ(test, w[2], 0xf6);	/* U+00F6 */
	KUNIT_EXPECT_EQ(test, w[14] | (w[15] << 8), 0xd83d);
	KUNIT_EXPECT_EQ(test, ic_utf16_to_utf8(w, sizeof(w), back, sizeof(back)),
			(int)strlen(text));
	KUNIT_EXPECT_STREQ(test, back, text);
}

static void svc_test_utf16_refuses(struct kunit *test)
{
	static const u8 lone_low[] = { 0x00, 0xdc, 0x41, 0x00, 0, 0 };
	static const u8 lone_high[] = { 0x41, 0x00, 0x00, 0xd8 };
	static const u8 ascii[] = { 'a', 0, 'b', 0, 'c', 0 };
	char out[8];
	u8 w[8];

	KUNIT_EXPECT_EQ(test, ic_utf16_to_utf8(lone_low, sizeof(lone_low), out,
					       sizeof(out)), -EILSEQ);
	KUNIT_EXPECT_EQ(test, ic_utf16_to_utf8(lone_high, sizeof(lone_high),
					       out, sizeof(out)), -EILSEQ);
	/* No NUL within the bytes given: stops there, still terminated. */
	KUNIT_EXPECT_EQ(test, ic_utf16_to_utf8(ascii, 4, out, sizeof(out)), 2);
	KUNIT_EXPECT_STREQ(test, out, "ab");
	KUNIT_EXPECT_EQ(test, ic_utf16_to_utf8(ascii, sizeof(ascii), out, 3),
			-ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, ic_utf8_to_utf16("\xc3", 1, w, 4), -EILSEQ);
	KUNIT_EXPECT_EQ(test, ic_utf8_to_utf16("\xc0\xaf", 2, w, 4), -EILSEQ);
	KUNIT_EXPECT_EQ(test, ic_utf8_to_utf16("\xed\xa0\x80", 3, w, 4),
			-EILSEQ);
	KUNIT_EXPECT_EQ(test, ic_utf8_to_utf16("abcd", 4, w, 4), -ENAMETOOLONG);
	KUNIT_EXPECT_EQ(test, ic_utf8_to_utf16("abc", 4, w, 4), 3);
}

/* A KVP request of @op; returns the parsed message. */
static struct ic_kvp_msg *t_kvp(struct kunit *test, struct ic_msg *msg,
				u8 *buf, u8 op, u32 body_len)
{
	struct ic_kvp_msg *kvp = (void *)(buf + IC_HDRS_SIZE);

	kvp->hdr.operation = op;
	t_msg(test, msg, buf, IC_MSGTYPE_KVPEXCHANGE, body_len);
	return kvp;
}

static void svc_test_kvp_check(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	u32 full = sizeof(struct ic_kvp_msg);
	struct ic_kvp_msg *kvp;
	struct ic_msg msg;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	kvp = t_kvp(test, &msg, buf, IC_KVP_OP_SET, full);
	kvp->value.key_size = cpu_to_le32(4);
	kvp->value.value_size = cpu_to_le32(IC_KVP_VALUE_SIZE);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), 0);
	kvp->value.value_size = cpu_to_le32(IC_KVP_VALUE_SIZE + 1);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
	kvp->value.value_size = 0;
	kvp->value.key_size = cpu_to_le32(IC_KVP_KEY_SIZE + 2);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
	kvp->value.key_size = cpu_to_le32(5);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
	kvp->value.key_size = cpu_to_le32(4);
	kvp->hdr.pool = IC_KVP_POOL_COUNT;
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
	kvp->hdr.pool = 0;
	/* A set needs the header and a whole value. */
	t_kvp(test, &msg, buf, IC_KVP_OP_SET, sizeof(struct ic_kvp_hdr) +
	      sizeof(struct ic_kvp_value) - 1);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
	t_kvp(test, &msg, buf, IC_KVP_OP_COUNT, full);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
	t_kvp(test, &msg, buf, IC_KVP_OP_GET_IP_INFO,
	      sizeof(struct ic_kvp_ip_msg));
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), 0);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_3), -EOPNOTSUPP);
	t_kvp(test, &msg, buf, IC_KVP_OP_GET_IP_INFO,
	      sizeof(struct ic_kvp_ip_msg) - 2);
	KUNIT_EXPECT_EQ(test, ic_kvp_check(&msg, IC_KVP_VERSION_4), -EBADMSG);
}

static void svc_test_kvp_round_trip(struct kunit *test)
{
	struct ic_kvp_msg *kvp = kunit_kzalloc(test, sizeof(*kvp), GFP_KERNEL);
	struct hvd_kvp_msg *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	u32 n;

	KUNIT_ASSERT_NOT_NULL(test, kvp);
	KUNIT_ASSERT_NOT_NULL(test, u);
	kvp->hdr.operation = IC_KVP_OP_SET;
	kvp->hdr.pool = 3;
	n = ic_utf8_to_utf16("Key", 4, kvp->value.key, 256);
	kvp->value.key_size = cpu_to_le32(2 * (n + 1));
	kvp->value.value_type = cpu_to_le32(IC_KVP_REG_U32);
	kvp->value.value_size = cpu_to_le32(4);
	kvp->value.value[0] = 42;
	KUNIT_ASSERT_EQ(test, ic_kvp_to_daemon_msg(kvp, u), 0);
	KUNIT_EXPECT_EQ(test, u->hdr.operation, IC_KVP_OP_SET);
	KUNIT_EXPECT_EQ(test, u->hdr.pool, 3);
	KUNIT_EXPECT_STREQ(test, (char *)u->value.key, "Key");
	KUNIT_EXPECT_EQ(test, u->value.key_size, 4);
	KUNIT_EXPECT_STREQ(test, (char *)u->value.value, "42");
	KUNIT_EXPECT_EQ(test, u->value.value_size, 3);

	/* The daemon's enumerate answer, back in UTF-16. */
	kvp->hdr.operation = IC_KVP_OP_ENUMERATE;
	memset(u, 0, sizeof(*u));
	strscpy((char *)u->enumerate.data.key, "OSName", HVD_KVP_KEY_SIZE);
	strscpy((char *)u->enumerate.data.value, "Debian", HVD_KVP_VALUE_SIZE);
	KUNIT_EXPECT_EQ(test, ic_kvp_from_daemon_msg(kvp, u), IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(kvp->enumerate.data.key_size), 14);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(kvp->enumerate.data.value_size), 14);
	KUNIT_EXPECT_EQ(test, kvp->enumerate.data.value[2], 'e');
	/* The daemon's status passes through, the body untouched. */
	u->error = (s32)IC_KVP_STATUS_NO_MORE;
	KUNIT_EXPECT_EQ(test, ic_kvp_from_daemon_msg(kvp, u),
			IC_KVP_STATUS_NO_MORE);
	/* A value that is not UTF-8 fails the request. */
	u->error = 0;
	u->enumerate.data.value[0] = 0xff;
	KUNIT_EXPECT_EQ(test, ic_kvp_from_daemon_msg(kvp, u), IC_STATUS_FAIL);
}

/* A UTF-16 field of an IP message from ASCII @s. */
static void t_ip_str(struct kunit *test, const char *s, __le16 *field,
		     u32 units)
{
	KUNIT_ASSERT_GE(test, ic_utf8_to_utf16(s, strlen(s), (u8 *)field,
					       units), 0);
}

/*
 * SET_IP_INFO: every string reaches the daemon in UTF-8, one that is not
 * UTF-16 fails the request, and the daemon's status is the host's.
 */
static void svc_test_kvp_set_ip(struct kunit *test)
{
	struct ic_kvp_ip_msg *ip = kunit_kzalloc(test, sizeof(*ip), GFP_KERNEL);
	struct hvd_kvp_msg *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	struct ic_kvp_ipaddr *a;

	KUNIT_ASSERT_NOT_NULL(test, ip);
	KUNIT_ASSERT_NOT_NULL(test, u);
	a = &ip->ipaddr;
	ip->operation = IC_KVP_OP_SET_IP_INFO;
	a->addr_family = IC_KVP_ADDR_IPV4;
	t_ip_str(test, "{0a1b2c3d-0000-4000-8000-00155d000001}", a->adapter_id,
		 IC_KVP_ADAPTER_ID_CHARS);
	t_ip_str(test, "10.0.0.5;10.0.0.6", a->ip_addr, IC_KVP_IP_ADDR_CHARS);
	t_ip_str(test, "255.255.255.0;255.255.0.0", a->sub_net,
		 IC_KVP_IP_ADDR_CHARS);
	t_ip_str(test, "10.0.0.1", a->gate_way, IC_KVP_GATEWAY_CHARS);
	t_ip_str(test, "10.0.0.53", a->dns_addr, IC_KVP_IP_ADDR_CHARS);
	KUNIT_ASSERT_EQ(test, ic_kvp_to_daemon_msg((void *)ip, u), 0);
	KUNIT_EXPECT_EQ(test, u->hdr.operation, IC_KVP_OP_SET_IP_INFO);
	KUNIT_EXPECT_EQ(test, u->ip.addr_family, IC_KVP_ADDR_IPV4);
	KUNIT_EXPECT_EQ(test, u->ip.dhcp_enabled, 0);
	KUNIT_EXPECT_STREQ(test, (char *)u->ip.adapter_id,
			   "{0a1b2c3d-0000-4000-8000-00155d000001}");
	KUNIT_EXPECT_STREQ(test, (char *)u->ip.ip_addr, "10.0.0.5;10.0.0.6");
	KUNIT_EXPECT_STREQ(test, (char *)u->ip.sub_net,
			   "255.255.255.0;255.255.0.0");
	KUNIT_EXPECT_STREQ(test, (char *)u->ip.gate_way, "10.0.0.1");
	KUNIT_EXPECT_STREQ(test, (char *)u->ip.dns_addr, "10.0.0.53");

	/* The daemon's failure (no hv_set_ifconfig) and success pass on. */
	u->error = (s32)IC_STATUS_FAIL;
	KUNIT_EXPECT_EQ(test, ic_kvp_from_daemon_msg((void *)ip, u),
			IC_STATUS_FAIL);
	u->error = 0;
	KUNIT_EXPECT_EQ(test, ic_kvp_from_daemon_msg((void *)ip, u),
			IC_STATUS_OK);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(a->ip_addr[0]), '1');

	/* An unpaired surrogate in the gateway fails the request. */
	a->gate_way[0] = cpu_to_le16(0xdc00);
	KUNIT_EXPECT_LT(test, ic_kvp_to_daemon_msg((void *)ip, u), 0);
}

static void svc_test_vss_check(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	struct ic_vss_msg *vss = (void *)(buf + IC_HDRS_SIZE);
	struct ic_msg msg;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	vss->operation = IC_VSS_OP_FREEZE;
	t_msg(test, &msg, buf, IC_MSGTYPE_VSS, sizeof(*vss));
	KUNIT_EXPECT_EQ(test, ic_vss_check(&msg), 1);
	vss->operation = IC_VSS_OP_GET_DM_INFO;
	KUNIT_EXPECT_EQ(test, ic_vss_check(&msg), 0);
	vss->operation = IC_VSS_OP_AUTO_RECOVER;
	KUNIT_EXPECT_EQ(test, ic_vss_check(&msg), -EOPNOTSUPP);
	vss->operation = IC_VSS_OP_THAW;
	t_msg(test, &msg, buf, IC_MSGTYPE_VSS, sizeof(*vss) - 1);
	KUNIT_EXPECT_EQ(test, ic_vss_check(&msg), -EBADMSG);
}

/* A host's largest FREEZE (with its disk list) fits the service's buffer. */
static void svc_test_vss_largest_freeze(struct kunit *test)
{
	struct ic_instance *inst = ic_instance_alloc(&ic_vss_service, NULL);
	const u32 len = IC_VSS_MAX_MSG_SIZE;
	struct ic_msg_hdr *hdr;
	struct ic_msg msg;

	KUNIT_ASSERT_NOT_NULL(test, inst);
	KUNIT_EXPECT_GE(test, inst->buf_size, len);
	hdr = (void *)(inst->buf + sizeof(struct ic_pipe_hdr));
	hdr->msgtype = cpu_to_le16(IC_MSGTYPE_VSS);
	hdr->msgsize = cpu_to_le16(len - IC_HDRS_SIZE);
	inst->buf[IC_HDRS_SIZE] = IC_VSS_OP_FREEZE;
	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, len,
					   inst->buf_size), 0);
	KUNIT_EXPECT_EQ(test, ic_vss_check(&msg), 1);
	/* One byte more than the buffer is refused. */
	KUNIT_EXPECT_EQ(test, ic_msg_parse(&msg, inst->buf, inst->buf_size + 1,
					   inst->buf_size), -E2BIG);
	ic_instance_free(inst);
}

static void svc_test_fcopy(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, T_BUF_SIZE, GFP_KERNEL);
	struct hvd_fcopy_write *u = kunit_kzalloc(test, sizeof(*u), GFP_KERNEL);
	struct ic_fcopy_start *start = (void *)(buf + IC_HDRS_SIZE);
	struct ic_fcopy_write *w = (void *)(buf + IC_HDRS_SIZE);
	struct hvd_fcopy_start *ustart = (void *)u;
	u32 data_at = offsetof(struct ic_fcopy_write, data);
	struct ic_msg msg;
	size_t len;

	KUNIT_ASSERT_NOT_NULL(test, buf);
	KUNIT_ASSERT_NOT_NULL(test, u);
	start->hdr.operation = cpu_to_le32(IC_FCOPY_START);
	ic_utf8_to_utf16("f\xc3\xbc.txt", 8, (u8 *)start->file_name, 260);
	ic_utf8_to_utf16("/tmp/", 6, (u8 *)start->path_name, 260);
	start->copy_flags = cpu_to_le32(IC_FCOPY_OVERWRITE);
	start->file_size = cpu_to_le64(12345);
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, sizeof(*start));
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), 0);
	KUNIT_ASSERT_EQ(test, ic_fcopy_to_daemon_msg(msg.body, u, &len), 0);
	KUNIT_EXPECT_EQ(test, len, sizeof(*ustart));
	KUNIT_EXPECT_STREQ(test, (char *)ustart->file_name, "f\xc3\xbc.txt");
	KUNIT_EXPECT_STREQ(test, (char *)ustart->path_name, "/tmp/");
	KUNIT_EXPECT_EQ(test, ustart->copy_flags, IC_FCOPY_OVERWRITE);
	KUNIT_EXPECT_EQ(test, ustart->file_size, 12345);
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, sizeof(*start) - 1);
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), -EBADMSG);
	start->file_name[0] = 0;
	KUNIT_EXPECT_EQ(test, ic_fcopy_to_daemon_msg(msg.body, u, &len),
			-EINVAL);

	memset(buf, 0, T_BUF_SIZE);
	w->hdr.operation = cpu_to_le32(IC_FCOPY_WRITE);
	w->offset = cpu_to_le64(6144);
	w->size = cpu_to_le32(10);
	memcpy(w->data, "0123456789", 10);
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, data_at + 10);
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), 0);
	KUNIT_ASSERT_EQ(test, ic_fcopy_to_daemon_msg(msg.body, u, &len), 0);
	KUNIT_EXPECT_EQ(test, u->offset, 6144);
	KUNIT_EXPECT_EQ(test, u->size, 10);
	KUNIT_EXPECT_EQ(test, memcmp(u->data, "0123456789", 10), 0);
	/* Data beyond the body, or beyond the field. */
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, data_at + 9);
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), -EBADMSG);
	w->size = cpu_to_le32(IC_FCOPY_DATA_SIZE + 1);
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, sizeof(*w));
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), -EBADMSG);
	w->hdr.operation = cpu_to_le32(9);
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), -EBADMSG);
	w->hdr.operation = cpu_to_le32(IC_FCOPY_CANCEL);
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, sizeof(w->hdr));
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), 0);
	t_msg(test, &msg, buf, IC_MSGTYPE_FCOPY, sizeof(w->hdr) - 1);
	KUNIT_EXPECT_EQ(test, ic_fcopy_check(&msg), -EBADMSG);
}

static struct kunit_case svc_test_cases[] = {
	KUNIT_CASE(svc_test_shutdown_actions),
	KUNIT_CASE(svc_test_shutdown_short),
	KUNIT_CASE(svc_test_timesync_layouts),
	KUNIT_CASE(svc_test_timesync_malformed),
	KUNIT_CASE(svc_test_utf16_round_trip),
	KUNIT_CASE(svc_test_utf16_refuses),
	KUNIT_CASE(svc_test_kvp_check),
	KUNIT_CASE(svc_test_kvp_round_trip),
	KUNIT_CASE(svc_test_kvp_set_ip),
	KUNIT_CASE(svc_test_vss_check),
	KUNIT_CASE(svc_test_vss_largest_freeze),
	KUNIT_CASE(svc_test_fcopy),
	{}
};

static struct kunit_suite svc_test_suite = {
	.name = "hv_utils_services",
	.test_cases = svc_test_cases,
};

kunit_test_suite(svc_test_suite);
