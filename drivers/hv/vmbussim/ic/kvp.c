// SPDX-License-Identifier: GPL-2.0
/*
 * The key-value exchange (KVP) device model: the host side of Data
 * Exchange. A test writes a command to
 * /sys/kernel/debug/vmbussim/<instance>/request; the write returns when
 * the guest answered (EREMOTEIO for a status other than OK), and
 * "result" shows the answer: the status, and the key and value or the
 * addresses the guest returned. Strings travel in UTF-16LE, as Hyper-V
 * sends them; commands and results are UTF-8 (characters outside the
 * basic multilingual plane are not supported here).
 */
#include <linux/debugfs.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include <linux/hyperv/spec/classes.h>

#include "ic_host.h"
#include "../core/model.h"

#define KVP_TIMEOUT_MS	10000
#define KVP_CMD_MAX	1024
#define KVP_RESULT_MAX	8192

static const u32 kvp_srv_versions[] = { IC_KVP_VERSION_4, IC_KVP_VERSION_3 };

/**
 * struct kvp_state - one KVP device
 * @ic: the IC channel
 * @msg: the request being built (under @ic.mutex)
 * @result: text of the last answer (under @ic.mutex)
 */
struct kvp_state {
	struct ic_host ic;
	u8 *msg;
	char *result;
};

/* The shared IC hooks find the IC state at the start. */
static_assert(offsetof(struct kvp_state, ic) == 0);

/* Append "name=<utf-8 of a UTF-16 field>\n" to the result. */
static void kvp_result_str(struct kvp_state *kvp, const char *name,
			   const void *field, u32 bytes)
{
	size_t len = strlen(kvp->result);
	int room = KVP_RESULT_MAX - len;

	len += scnprintf(kvp->result + len, room, "%s=", name);
	room = KVP_RESULT_MAX - len;
	len += ic_host_from_utf16(field, bytes, kvp->result + len, room - 1);
	scnprintf(kvp->result + len, KVP_RESULT_MAX - len, "\n");
}

static void kvp_result_answer(struct kvp_state *kvp, u8 op, u32 status)
{
	const struct ic_kvp_msg *m = (const void *)ic_host_body(&kvp->ic);
	const struct ic_kvp_ip_msg *ip = (const void *)m;
	const struct ic_kvp_value *v = &m->value;
	size_t len;

	snprintf(kvp->result, KVP_RESULT_MAX, "status=0x%08x\n", status);
	if (status != IC_STATUS_OK)
		return;
	if (op == IC_KVP_OP_ENUMERATE)
		v = &m->enumerate.data;
	if ((op == IC_KVP_OP_GET || op == IC_KVP_OP_ENUMERATE) &&
	    kvp->ic.resp_len >= ic_kvp_msg_size(op)) {
		kvp_result_str(kvp, "key", v->key,
			       min_t(u32, le32_to_cpu(v->key_size), sizeof(v->key)));
		kvp_result_str(kvp, "value", v->value,
			       min_t(u32, le32_to_cpu(v->value_size), sizeof(v->value)));
	}
	if (op == IC_KVP_OP_GET_IP_INFO && kvp->ic.resp_len >= sizeof(*ip)) {
		len = strlen(kvp->result);
		scnprintf(kvp->result + len, KVP_RESULT_MAX - len,
			  "addr_family=%u\ndhcp=%u\n", ip->ipaddr.addr_family,
			  ip->ipaddr.dhcp_enabled);
		kvp_result_str(kvp, "adapter", ip->ipaddr.adapter_id,
			       sizeof(ip->ipaddr.adapter_id));
		kvp_result_str(kvp, "ip", ip->ipaddr.ip_addr,
			       sizeof(ip->ipaddr.ip_addr));
		kvp_result_str(kvp, "subnet", ip->ipaddr.sub_net,
			       sizeof(ip->ipaddr.sub_net));
		kvp_result_str(kvp, "gateway", ip->ipaddr.gate_way,
			       sizeof(ip->ipaddr.gate_way));
		kvp_result_str(kvp, "dns", ip->ipaddr.dns_addr,
			       sizeof(ip->ipaddr.dns_addr));
	}
}

/* Fault commands: well-framed requests the guest must refuse. */
static int kvp_fault(struct kvp_state *kvp, const char *verb, u8 *op,
		     u32 *len)
{
	struct ic_kvp_msg *m = (void *)kvp->msg;
	u32 n;

	*op = IC_KVP_OP_GET;
	*len = ic_kvp_msg_size(*op);
	n = ic_host_to_utf16("k", m->value.key, sizeof(m->value.key));
	m->value.key_size = cpu_to_le32(n);
	if (!strcmp(verb, "bad_op")) {
		*op = 9;
	} else if (!strcmp(verb, "bad_pool")) {
		m->hdr.pool = 7;
	} else if (!strcmp(verb, "oversize_key")) {
		m->value.key_size = cpu_to_le32(IC_KVP_KEY_SIZE + 2);
	} else if (!strcmp(verb, "odd_key")) {
		m->value.key_size = cpu_to_le32(3);
	} else if (!strcmp(verb, "huge_value")) {
		*op = IC_KVP_OP_SET;
		m->value.value_size = cpu_to_le32(2 * IC_KVP_VALUE_SIZE);
	} else if (!strcmp(verb, "truncated")) {
		*op = IC_KVP_OP_SET;
		*len = 100;
	} else if (!strcmp(verb, "bad_utf16")) {
		/* An unpaired low surrogate. */
		m->value.key[0] = 0x00;
		m->value.key[1] = 0xdc;
	} else {
		return -EINVAL;
	}
	return 0;
}

/* A field of a setip command into its UTF-16 field; "-" leaves it empty. */
static void kvp_ip_field(char **cmd, __le16 *field, u32 bytes)
{
	char *word = *cmd ? strsep(cmd, " ") : NULL;

	if (word && strcmp(word, "-"))
		ic_host_to_utf16(word, field, bytes);
}

/*
 * "ipinfo <mac>": GET_IP_INFO of the adapter with that MAC address.
 * "setip <adapter> <ip> <subnet> <gateway> <dns>": SET_IP_INFO, static
 * IPv4; Hyper-V names the adapter by its VMBus instance GUID in braces,
 * and lists addresses ';'-separated ("-" for none). "setip_dhcp
 * <adapter>": SET_IP_INFO with DHCP on.
 */
static int kvp_build_ip(struct kvp_state *kvp, const char *verb, char *cmd,
			u8 *op, u32 *len)
{
	struct ic_kvp_ip_msg *ip = (void *)kvp->msg;
	struct ic_kvp_ipaddr *a = &ip->ipaddr;
	char *adapter = cmd ? strsep(&cmd, " ") : NULL;

	if (!adapter)
		return -EINVAL;
	*len = sizeof(*ip);
	ic_host_to_utf16(adapter, a->adapter_id, sizeof(a->adapter_id));
	if (!strcmp(verb, "ipinfo")) {
		*op = IC_KVP_OP_GET_IP_INFO;
		a->addr_family = IC_KVP_ADDR_IPV4 | IC_KVP_ADDR_IPV6;
		return 0;
	}
	*op = IC_KVP_OP_SET_IP_INFO;
	a->addr_family = IC_KVP_ADDR_IPV4;
	if (!strcmp(verb, "setip_dhcp")) {
		a->dhcp_enabled = 1;
		return 0;
	}
	kvp_ip_field(&cmd, a->ip_addr, sizeof(a->ip_addr));
	kvp_ip_field(&cmd, a->sub_net, sizeof(a->sub_net));
	kvp_ip_field(&cmd, a->gate_way, sizeof(a->gate_way));
	kvp_ip_field(&cmd, a->dns_addr, sizeof(a->dns_addr));
	return cmd ? -EINVAL : 0;
}

/*
 * "set <pool> <key> <value>", "set_u32 <pool> <key> <n>", "get <pool>
 * <key>", "delete <pool> <key>", "enum <pool> <index>", the IP commands
 * (kvp_build_ip()), or a fault (kvp_fault()). Builds kvp->msg; sets *op
 * and *len.
 */
static int kvp_build(struct kvp_state *kvp, char *cmd, u8 *op, u32 *len)
{
	struct ic_kvp_msg *m = (void *)kvp->msg;
	char *verb = strsep(&cmd, " ");
	char *pool, *key;
	__le32 v32;
	u32 n;

	memset(kvp->msg, 0, sizeof(struct ic_kvp_ip_msg));
	if (!strcmp(verb, "ipinfo") || !strcmp(verb, "setip") ||
	    !strcmp(verb, "setip_dhcp"))
		return kvp_build_ip(kvp, verb, cmd, op, len);
	pool = cmd ? strsep(&cmd, " ") : NULL;
	key = cmd ? strsep(&cmd, " ") : NULL;
	if (!pool || !key)
		return kvp_fault(kvp, verb, op, len) ?: 0;
	if (kstrtou8(pool, 0, &m->hdr.pool))
		return -EINVAL;
	if (!strcmp(verb, "enum")) {
		*op = IC_KVP_OP_ENUMERATE;
		if (kstrtou32(key, 0, &n))
			return -EINVAL;
		m->enumerate.index = cpu_to_le32(n);
	} else if (!strcmp(verb, "delete")) {
		*op = IC_KVP_OP_DELETE;
		n = ic_host_to_utf16(key, m->del.key, sizeof(m->del.key));
		m->del.key_size = cpu_to_le32(n);
	} else {
		if (!strcmp(verb, "get"))
			*op = IC_KVP_OP_GET;
		else if (!strcmp(verb, "set") || !strcmp(verb, "set_u32"))
			*op = IC_KVP_OP_SET;
		else
			return -EINVAL;
		n = ic_host_to_utf16(key, m->value.key, sizeof(m->value.key));
		m->value.key_size = cpu_to_le32(n);
		if (!strcmp(verb, "set")) {
			m->value.value_type = cpu_to_le32(IC_KVP_REG_SZ);
			n = ic_host_to_utf16(cmd ?: "", m->value.value,
					     sizeof(m->value.value));
			m->value.value_size = cpu_to_le32(n);
		} else if (!strcmp(verb, "set_u32")) {
			if (!cmd || kstrtou32(cmd, 0, &n))
				return -EINVAL;
			v32 = cpu_to_le32(n);
			m->value.value_type = cpu_to_le32(IC_KVP_REG_U32);
			m->value.value_size = cpu_to_le32(sizeof(v32));
			memcpy(m->value.value, &v32, sizeof(v32));
		}
	}
	*len = ic_kvp_msg_size(*op);
	return 0;
}

static ssize_t kvp_request_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct kvp_state *kvp = file->private_data;
	u32 status = 0, body_len;
	char *cmd, *alloc;
	u8 op;
	int ret;

	cmd = ic_host_get_cmd(ubuf, len, KVP_CMD_MAX, &alloc);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	mutex_lock(&kvp->ic.mutex);
	ret = kvp_build(kvp, cmd, &op, &body_len);
	if (!ret) {
		((struct ic_kvp_msg *)kvp->msg)->hdr.operation = op;
		ret = ic_host_request(&kvp->ic, IC_MSGTYPE_KVPEXCHANGE,
				      kvp->msg, body_len, KVP_TIMEOUT_MS,
				      &status);
		if (ret)
			snprintf(kvp->result, KVP_RESULT_MAX, "error=%d\n", ret);
		else
			kvp_result_answer(kvp, op, status);
	}
	mutex_unlock(&kvp->ic.mutex);
	kfree(alloc);
	if (!ret && status != IC_STATUS_OK)
		ret = -EREMOTEIO;
	return ret ?: len;
}

static const struct file_operations kvp_request_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = kvp_request_write,
	.llseek = noop_llseek,
};

static int kvp_result_show(struct seq_file *m, void *v)
{
	struct kvp_state *kvp = m->private;

	mutex_lock(&kvp->ic.mutex);
	seq_puts(m, kvp->result);
	mutex_unlock(&kvp->ic.mutex);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(kvp_result);

static void kvp_free(struct kvp_state *kvp)
{
	kfree(kvp->msg);
	kfree(kvp->result);
	kfree(kvp);
}

static int kvp_init(struct vmbussim_dev *dev)
{
	struct kvp_state *kvp = kzalloc(sizeof(*kvp), GFP_KERNEL);
	struct ic_kvp_ip_msg *largest;

	if (!kvp)
		return -ENOMEM;
	largest = kzalloc(sizeof(*largest), GFP_KERNEL);
	kvp->msg = (u8 *)largest;
	kvp->result = kzalloc(KVP_RESULT_MAX, GFP_KERNEL);
	if (!kvp->msg || !kvp->result ||
	    ic_host_init(&kvp->ic, dev, "kvp", kvp_srv_versions,
			 ARRAY_SIZE(kvp_srv_versions))) {
		kvp_free(kvp);
		return -ENOMEM;
	}
	debugfs_create_file("request", 0200, kvp->ic.dir, kvp,
			    &kvp_request_fops);
	debugfs_create_file("result", 0444, kvp->ic.dir, kvp,
			    &kvp_result_fops);
	vmbussim_dev_set_priv(dev, kvp);
	return 0;
}

static void kvp_release(struct vmbussim_dev *dev)
{
	struct kvp_state *kvp = vmbussim_dev_priv(dev);

	ic_host_release(&kvp->ic);
	kvp_free(kvp);
}

static const struct vmbussim_model_ops kvp_ops = {
	.init = kvp_init,
	.release = kvp_release,
	.open = ic_host_hook_open,
	.close = ic_host_hook_close,
	.packet = ic_host_hook_packet,
	.stats = ic_host_hook_stats,
};

const struct vmbussim_model ic_model_kvp = {
	.owner = THIS_MODULE,
	.name = "kvp",
	.index = 5,
	.class_id = VMBUS_CLASS_KVP,
	.ops = &kvp_ops,
};
