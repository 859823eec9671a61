// SPDX-License-Identifier: GPL-2.0
/*
 * The key-value exchange (KVP, "Data Exchange") IC service. The host
 * reads and writes key-value pairs in five pools and asks for the guest's
 * network addresses; hv_kvp_daemon keeps the pools in
 * /var/lib/hyperv/.kvp_pool_<n>, produces the guest's own ("intrinsic")
 * keys and the addresses. This file checks the host's requests, turns
 * their UTF-16 strings into the daemon's UTF-8 and back.
 */
#include <linux/device.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/synic.h>

#include "daemon_abi.h"
#include "ic.h"
#include "ic_daemon.h"

static const u32 ic_kvp_version_list[] = { IC_KVP_VERSION_4, IC_KVP_VERSION_3 };

static const struct ic_version_list ic_kvp_versions = {
	.versions = ic_kvp_version_list,
	.count = ARRAY_SIZE(ic_kvp_version_list),
};

/* What the driver tells the daemon it is, at registration. */
#define IC_KVP_DRIVER_VERSION	"hv_utils 4.0"

static bool ic_kvp_size_ok(__le32 size, u32 max)
{
	u32 n = le32_to_cpu(size);

	return n <= max && !(n & 1);
}

/**
 * ic_kvp_check() - check a KVP request from the host
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_KVPEXCHANGE
 * @srv_version: the negotiated service version
 *
 * Return: 0, -EBADMSG for a short body, an unknown operation or pool, or
 * a key or value size beyond its field (or odd, for UTF-16); -EOPNOTSUPP
 * for IP operations before service 4.0.
 */
int ic_kvp_check(const struct ic_msg *msg, u32 srv_version)
{
	const struct ic_kvp_msg *kvp = (const void *)msg->body;
	u32 size = ic_msg_body_size(msg);
	u8 op;

	if (size < sizeof(kvp->hdr))
		return -EBADMSG;
	op = kvp->hdr.operation;
	if (op >= IC_KVP_OP_COUNT || kvp->hdr.pool >= IC_KVP_POOL_COUNT ||
	    size < ic_kvp_msg_size(op))
		return -EBADMSG;
	switch (op) {
	case IC_KVP_OP_GET:
		return ic_kvp_size_ok(kvp->value.key_size, IC_KVP_KEY_SIZE) ?
		       0 : -EBADMSG;
	case IC_KVP_OP_SET:
		if (!ic_kvp_size_ok(kvp->value.key_size, IC_KVP_KEY_SIZE) ||
		    le32_to_cpu(kvp->value.value_size) > IC_KVP_VALUE_SIZE)
			return -EBADMSG;
		return 0;
	case IC_KVP_OP_DELETE:
		return ic_kvp_size_ok(kvp->del.key_size, IC_KVP_KEY_SIZE) ?
		       0 : -EBADMSG;
	case IC_KVP_OP_GET_IP_INFO:
	case IC_KVP_OP_SET_IP_INFO:
		return srv_version >= IC_KVP_VERSION_4 ? 0 : -EOPNOTSUPP;
	default:
		return 0;
	}
}

/* A value for the daemon, as a string whatever its type. */
static int ic_kvp_value_to_utf8(const struct ic_kvp_value *w,
				struct hvd_kvp_value *u)
{
	u32 size = le32_to_cpu(w->value_size);
	__le64 v64 = 0;
	__le32 v32 = 0;
	int n;

	switch (le32_to_cpu(w->value_type)) {
	case IC_KVP_REG_U32:
		if (size < 4)
			return -EBADMSG;
		memcpy(&v32, w->value, sizeof(v32));
		n = snprintf((char *)u->value, sizeof(u->value), "%u",
			     le32_to_cpu(v32));
		break;
	case IC_KVP_REG_U64:
		if (size < 8)
			return -EBADMSG;
		memcpy(&v64, w->value, sizeof(v64));
		n = snprintf((char *)u->value, sizeof(u->value), "%llu",
			     le64_to_cpu(v64));
		break;
	default:
		n = ic_utf16_to_utf8(w->value, size & ~1U, (char *)u->value,
				     sizeof(u->value));
		break;
	}
	if (n < 0)
		return n;
	u->value_type = IC_KVP_REG_SZ;
	u->value_size = n + 1;
	return 0;
}

static int ic_kvp_key_to_utf8(const u8 *key, __le32 key_size, u8 *ukey,
			      __u32 *ukey_size)
{
	int n = ic_utf16_to_utf8(key, le32_to_cpu(key_size), (char *)ukey,
				 HVD_KVP_KEY_SIZE);

	if (n < 0)
		return n;
	*ukey_size = n + 1;
	return 0;
}

static int ic_kvp_ip_to_utf8(const struct ic_kvp_ipaddr *w,
			     struct hvd_kvp_ipaddr *u, bool all)
{
	int err;

	u->addr_family = w->addr_family;
	u->dhcp_enabled = w->dhcp_enabled;
	err = ic_utf16_to_utf8((const u8 *)w->adapter_id,
			       sizeof(w->adapter_id), (char *)u->adapter_id,
			       sizeof(u->adapter_id));
	if (err < 0 || !all)
		return min(err, 0);
	err = ic_utf16_to_utf8((const u8 *)w->ip_addr, sizeof(w->ip_addr),
			       (char *)u->ip_addr, sizeof(u->ip_addr));
	if (err >= 0)
		err = ic_utf16_to_utf8((const u8 *)w->sub_net,
				       sizeof(w->sub_net), (char *)u->sub_net,
				       sizeof(u->sub_net));
	if (err >= 0)
		err = ic_utf16_to_utf8((const u8 *)w->gate_way,
				       sizeof(w->gate_way), (char *)u->gate_way,
				       sizeof(u->gate_way));
	if (err >= 0)
		err = ic_utf16_to_utf8((const u8 *)w->dns_addr,
				       sizeof(w->dns_addr), (char *)u->dns_addr,
				       sizeof(u->dns_addr));
	return min(err, 0);
}

/**
 * ic_kvp_to_daemon_msg() - the daemon's message for a host request
 * @kvp: the request's body, checked by ic_kvp_check()
 * @u: the daemon's message, filled in (zeroed first)
 *
 * Return: 0, or -EILSEQ/-ENAMETOOLONG for strings that do not convert,
 * -EBADMSG for a number value shorter than its type.
 */
int ic_kvp_to_daemon_msg(const struct ic_kvp_msg *kvp, struct hvd_kvp_msg *u)
{
	const struct ic_kvp_ip_msg *ip = (const void *)kvp;
	u8 op = kvp->hdr.operation;
	int err;

	memset(u, 0, sizeof(*u));
	u->hdr.operation = op;
	u->hdr.pool = kvp->hdr.pool;
	switch (op) {
	case IC_KVP_OP_SET:
		err = ic_kvp_value_to_utf8(&kvp->value, &u->value);
		if (err)
			return err;
		fallthrough;
	case IC_KVP_OP_GET:
		/* The room for the value: the daemon copies that much. */
		if (op == IC_KVP_OP_GET)
			u->value.value_size = sizeof(u->value.value);
		return ic_kvp_key_to_utf8(kvp->value.key, kvp->value.key_size,
					  u->value.key, &u->value.key_size);
	case IC_KVP_OP_DELETE:
		return ic_kvp_key_to_utf8(kvp->del.key, kvp->del.key_size,
					  u->del.key, &u->del.key_size);
	case IC_KVP_OP_ENUMERATE:
		u->enumerate.index = le32_to_cpu(kvp->enumerate.index);
		return 0;
	case IC_KVP_OP_GET_IP_INFO:
		return ic_kvp_ip_to_utf8(&ip->ipaddr, &u->ip, false);
	default:
		return ic_kvp_ip_to_utf8(&ip->ipaddr, &u->ip, true);
	}
}

/* A UTF-8 string from the daemon into a UTF-16 field; its byte size. */
static int ic_kvp_put(const void *src, u32 src_len, void *dst, u32 dst_bytes,
		      __le32 *size)
{
	int n = ic_utf8_to_utf16(src, src_len, dst, dst_bytes / 2);

	if (n < 0)
		return n;
	if (size)
		*size = cpu_to_le32(2 * (n + 1));
	return 0;
}

static int ic_kvp_ip_from_daemon(const struct hvd_kvp_ipaddr *u,
				 struct ic_kvp_ipaddr *w)
{
	int err;

	w->addr_family = u->addr_family;
	w->dhcp_enabled = u->dhcp_enabled;
	err = ic_kvp_put(u->adapter_id, sizeof(u->adapter_id), w->adapter_id,
			 sizeof(w->adapter_id), NULL);
	err = err ?: ic_kvp_put(u->ip_addr, sizeof(u->ip_addr), w->ip_addr,
				sizeof(w->ip_addr), NULL);
	err = err ?: ic_kvp_put(u->sub_net, sizeof(u->sub_net), w->sub_net,
				sizeof(w->sub_net), NULL);
	err = err ?: ic_kvp_put(u->gate_way, sizeof(u->gate_way), w->gate_way,
				sizeof(w->gate_way), NULL);
	return err ?: ic_kvp_put(u->dns_addr, sizeof(u->dns_addr), w->dns_addr,
				 sizeof(w->dns_addr), NULL);
}

/**
 * ic_kvp_from_daemon_msg() - rewrite a host request with the daemon's answer
 * @kvp: the request's body, rewritten as the answer
 * @u: the daemon's answer
 *
 * Return: the IC status for the host: the daemon's, or IC_STATUS_FAIL if
 * its strings do not convert.
 */
u32 ic_kvp_from_daemon_msg(struct ic_kvp_msg *kvp, const struct hvd_kvp_msg *u)
{
	struct ic_kvp_value *w = &kvp->value;
	int err = 0;

	if (u->error)
		return (u32)u->error;
	switch (kvp->hdr.operation) {
	case IC_KVP_OP_GET:
		err = ic_kvp_put(u->value.value, sizeof(u->value.value),
				 w->value, sizeof(w->value), &w->value_size);
		w->value_type = cpu_to_le32(IC_KVP_REG_SZ);
		break;
	case IC_KVP_OP_ENUMERATE:
		w = &kvp->enumerate.data;
		err = ic_kvp_put(u->enumerate.data.key,
				 sizeof(u->enumerate.data.key), w->key,
				 sizeof(w->key), &w->key_size);
		err = err ?: ic_kvp_put(u->enumerate.data.value,
					sizeof(u->enumerate.data.value),
					w->value, sizeof(w->value),
					&w->value_size);
		w->value_type = cpu_to_le32(IC_KVP_REG_SZ);
		break;
	case IC_KVP_OP_GET_IP_INFO:
		err = ic_kvp_ip_from_daemon(&u->ip,
					    &((struct ic_kvp_ip_msg *)kvp)->ipaddr);
		break;
	}
	return err ? IC_STATUS_FAIL : IC_STATUS_OK;
}

static int ic_kvp_check_msg(struct ic_instance *inst, struct ic_msg *msg)
{
	return ic_kvp_check(msg, READ_ONCE(inst->srv_version)) ?: 1;
}

static int ic_kvp_handshake(struct ic_daemon *d, const void *buf)
{
	const struct hvd_kvp_msg *reg = buf;
	struct hvd_kvp_msg *u;

	if (reg->hdr.operation != HVD_KVP_OP_REGISTER1)
		return -EINVAL;
	u = ic_daemon_msg(d);
	u->hdr.operation = HVD_KVP_OP_REGISTER1;
	strscpy((char *)u->reg.version, IC_KVP_DRIVER_VERSION,
		sizeof(u->reg.version));
	ic_daemon_queue(d, sizeof(*u));
	return 0;
}

static int ic_kvp_to_daemon(struct ic_daemon *d, struct ic_msg *req)
{
	int err;

	err = ic_kvp_to_daemon_msg((const void *)req->body, ic_daemon_msg(d));
	if (err) {
		dev_err_ratelimited(d->inst->dev,
				    "kvp: request with bad strings (%d)\n", err);
		return err;
	}
	ic_daemon_queue(d, sizeof(struct hvd_kvp_msg));
	return 0;
}

static u32 ic_kvp_from_daemon(struct ic_daemon *d, struct ic_msg *req,
			      const void *buf)
{
	return ic_kvp_from_daemon_msg((void *)req->body, buf);
}

static const struct ic_daemon_ops ic_kvp_daemon_ops = {
	.devname = "vmbus/hv_kvp",
	.out_size = sizeof(struct hvd_kvp_msg),
	.in_size = sizeof(struct hvd_kvp_msg),
	.check = ic_kvp_check_msg,
	.handshake = ic_kvp_handshake,
	.to_daemon = ic_kvp_to_daemon,
	.from_daemon = ic_kvp_from_daemon,
};

const struct ic_service ic_kvp_service = {
	.name = "kvp",
	.msgtype = IC_MSGTYPE_KVPEXCHANGE,
	.fw_versions = &ic_fw_versions,
	.srv_versions = &ic_kvp_versions,
	.max_msg_size = 2 * HV_PAGE_SIZE,
	.ring_size = 4 * HV_PAGE_SIZE,
	IC_DAEMON_SERVICE(&ic_kvp_daemon_ops),
};
