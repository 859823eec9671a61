// SPDX-License-Identifier: GPL-2.0
/*
 * The connection to the host: protocol version negotiation, the request
 * for offers, and the orderly disconnect.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/slab.h>

#include "vmbus_private.h"

/* The versions the bus speaks, highest first. */
const u32 vmbus_versions[] = {
	VMBUS_VERSION_WIN10_V5_3,
	VMBUS_VERSION_WIN10_V5_2,
	VMBUS_VERSION_WIN10_V5_1,
	VMBUS_VERSION_WIN10_V5,
	VMBUS_VERSION_WIN10_RS3,
	VMBUS_VERSION_WIN10,
	VMBUS_VERSION_WIN8_1,
};

const unsigned int vmbus_nr_versions = ARRAY_SIZE(vmbus_versions);

/**
 * vmbus_version_conn_id() - where INITIATE_CONTACT for a version goes
 * @version: the version to request
 *
 * Return: the message connection id the request must be posted to.
 */
u32 vmbus_version_conn_id(u32 version)
{
	return version >= VMBUS_VERSION_WIN10_V5 ?
	       VMBUS_MESSAGE_CONNECTION_ID_4 : VMBUS_MESSAGE_CONNECTION_ID;
}

/**
 * vmbus_version_response_check() - check the host's answer to a version
 * @r: the VERSION_RESPONSE
 * @len: its payload size
 * @version: the version that was requested
 *
 * Return: 0 if the host accepted @version, -EPROTONOSUPPORT if it refused
 * it, -ECONNREFUSED if it accepted it but failed the connection (it then
 * stays disconnected), -EBADMSG if the answer is too short for @version.
 */
int vmbus_version_response_check(const struct vmbus_chanmsg_version_response *r,
				 u32 len, u32 version)
{
	if (len < VMBUS_VERSION_RESPONSE_MIN_SIZE)
		return -EBADMSG;
	if (!r->version_supported)
		return -EPROTONOSUPPORT;
	if (r->connection_state != VMBUS_CONNECTION_SUCCESSFUL)
		return -ECONNREFUSED;
	/* From 5.0 the answer names the connection id to use. */
	if (version >= VMBUS_VERSION_WIN10_V5 && len < sizeof(*r))
		return -EBADMSG;
	return 0;
}

static void vmbus_fill_contact(struct vmbus_chanmsg_initiate_contact *msg,
			       u32 version)
{
	const struct vmbus_hv_ops *ops = vmbus_conn.ops;

	memset(msg, 0, sizeof(*msg));
	msg->hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_INITIATE_CONTACT);
	msg->vmbus_version_requested = cpu_to_le32(version);
	msg->target_vcpu = cpu_to_le32(ops->vp_index(vmbus_conn.connect_cpu));
	if (version >= VMBUS_VERSION_WIN10_V5)
		msg->msg_sint = VMBUS_MESSAGE_SINT;
	else
		msg->interrupt_page = cpu_to_le64(virt_to_phys(vmbus_conn.int_page));
	msg->monitor_page1 = cpu_to_le64(virt_to_phys(vmbus_conn.monitor_pages[0]));
	msg->monitor_page2 = cpu_to_le64(virt_to_phys(vmbus_conn.monitor_pages[1]));
}

static int vmbus_try_version(u32 version, struct vmbus_waiter *w)
{
	const struct vmbus_chanmsg_version_response *resp = (void *)w->resp;
	struct vmbus_chanmsg_initiate_contact msg;
	int ret;

	vmbus_fill_contact(&msg, version);
	vmbus_waiter_init(w, VMBUS_CHANMSG_VERSION_RESPONSE);
	WRITE_ONCE(vmbus_conn.msg_conn_id, vmbus_version_conn_id(version));
	ret = vmbus_request(&msg, sizeof(msg), w);
	if (ret)
		return ret;
	ret = vmbus_version_response_check(resp, w->resp_len, version);
	if (ret == -EBADMSG)
		pr_err("malformed version response (%u bytes)\n", w->resp_len);
	if (ret == -ECONNREFUSED)
		pr_err("the host accepted protocol %u.%u but failed the connection (state %u)\n",
		       VMBUS_VERSION_MAJOR(version), VMBUS_VERSION_MINOR(version),
		       resp->connection_state);
	if (ret)
		return ret;
	if (version >= VMBUS_VERSION_WIN10_V5)
		WRITE_ONCE(vmbus_conn.msg_conn_id, le32_to_cpu(resp->msg_conn_id));
	vmbus_conn.version = version;
	return 0;
}

static int vmbus_negotiate(void)
{
	struct vmbus_waiter *w;
	unsigned int i;
	int ret = -EPROTONOSUPPORT;

	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	for (i = 0; i < vmbus_nr_versions; i++) {
		if (vmbus_versions[i] > vmbus_max_version)
			continue;
		ret = vmbus_try_version(vmbus_versions[i], w);
		if (ret != -EPROTONOSUPPORT)
			break;
	}
	kfree(w);
	return ret;
}

static int vmbus_request_offers(void)
{
	struct vmbus_chanmsg_hdr msg = {
		.msgtype = cpu_to_le32(VMBUS_CHANMSG_REQUESTOFFERS),
	};
	int ret;

	reinit_completion(&vmbus_conn.offers_done);
	ret = vmbus_post_msg(&msg, sizeof(msg), true);
	if (ret)
		return ret;
	/*
	 * A host that never says ALLOFFERS_DELIVERED still offers devices:
	 * go on with those that came (and those that come later).
	 */
	if (!wait_for_completion_timeout(&vmbus_conn.offers_done,
					 VMBUS_HOST_TIMEOUT))
		pr_warn("the host did not say all offers were delivered; going on\n");
	/* The devices of the offers are added on the message workqueue. */
	flush_workqueue(vmbus_conn.msg_wq);
	return 0;
}

static void vmbus_free_pages(void)
{
	free_page((unsigned long)vmbus_conn.int_page);
	free_page((unsigned long)vmbus_conn.monitor_pages[0]);
	free_page((unsigned long)vmbus_conn.monitor_pages[1]);
	vmbus_conn.int_page = NULL;
	vmbus_conn.monitor_pages[0] = NULL;
	vmbus_conn.monitor_pages[1] = NULL;
	kfree(vmbus_conn.relid_map);
	vmbus_conn.relid_map = NULL;
}

static int vmbus_alloc_pages(void)
{
	vmbus_conn.int_page = (void *)get_zeroed_page(GFP_KERNEL);
	vmbus_conn.monitor_pages[0] = (void *)get_zeroed_page(GFP_KERNEL);
	vmbus_conn.monitor_pages[1] = (void *)get_zeroed_page(GFP_KERNEL);
	vmbus_conn.relid_map = kcalloc(VMBUS_MAX_RELID + 1,
				       sizeof(*vmbus_conn.relid_map),
				       GFP_KERNEL);
	if (!vmbus_conn.int_page || !vmbus_conn.monitor_pages[0] ||
	    !vmbus_conn.monitor_pages[1] || !vmbus_conn.relid_map) {
		vmbus_free_pages();
		return -ENOMEM;
	}
	return 0;
}

/**
 * vmbus_connect() - connect to the host behind vmbus_conn.ops
 *
 * Return: 0 once the offers are in, or a negative errno.
 */
int vmbus_connect(void)
{
	int ret;

	WRITE_ONCE(vmbus_conn.unloaded, false);
	vmbus_conn.connect_cpu = cpumask_first(cpu_online_mask);
	vmbus_conn.msg_wq = alloc_ordered_workqueue("hv_vmbus_msg", 0);
	if (!vmbus_conn.msg_wq)
		return -ENOMEM;
	ret = vmbus_alloc_pages();
	if (ret)
		goto err_destroy_wq;
	ret = vmbus_synic_init();
	if (ret)
		goto err_free_pages;
	ret = vmbus_negotiate();
	if (ret) {
		pr_err("no protocol version agreed with the %s host: %d\n",
		       vmbus_conn.ops->name, ret);
		goto err_synic_exit;
	}
	WRITE_ONCE(vmbus_conn.connected, true);
	pr_info("connected to the %s host, protocol %u.%u\n",
		vmbus_conn.ops->name, VMBUS_VERSION_MAJOR(vmbus_conn.version),
		VMBUS_VERSION_MINOR(vmbus_conn.version));
	ret = vmbus_request_offers();
	if (ret)
		goto err_disconnect;
	return 0;

err_disconnect:
	vmbus_disconnect();
	return ret;
err_synic_exit:
	vmbus_waiters_abort(0, true);
	vmbus_synic_exit();
	flush_workqueue(vmbus_conn.msg_wq);
err_free_pages:
	vmbus_free_pages();
err_destroy_wq:
	destroy_workqueue(vmbus_conn.msg_wq);
	vmbus_conn.msg_wq = NULL;
	return ret;
}

/**
 * vmbus_disconnect() - remove every device and unload the connection
 */
void vmbus_disconnect(void)
{
	mutex_lock(&vmbus_conn.chan_lock);
	WRITE_ONCE(vmbus_conn.connected, false);
	mutex_unlock(&vmbus_conn.chan_lock);

	/* New offers are now dropped; finish what the host already sent. */
	flush_workqueue(vmbus_conn.msg_wq);
	vmbus_remove_all_channels();
	vmbus_unload();
	vmbus_waiters_abort(0, true);
	vmbus_synic_exit();
	/* Messages that arrived before the SynIC went down. */
	flush_workqueue(vmbus_conn.msg_wq);
	vmbus_free_pages();
	destroy_workqueue(vmbus_conn.msg_wq);
	vmbus_conn.msg_wq = NULL;
	vmbus_conn.version = 0;
}
