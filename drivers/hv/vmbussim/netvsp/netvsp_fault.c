// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: fault injection through the debugfs file
 * netvsp_fault. Writing a verb fires it on every netvsp device:
 *
 *   link_down, link_up   media state change, indicated after the host's
 *                        debounce (netvsp_link.c)
 *   speed_1g, speed_10g  link speed change, with an RNDIS indication
 *   bad_speed            a speed indication whose value lies past its end
 *   bad_rndis            an RNDIS message whose length is below its header
 *   bad_range            a transfer-page range outside the receive buffer
 *   bad_tid              a completion of a transaction the guest never sent
 *   bad_ppi              a frame whose per-packet info's value lies outside it
 *   network_change       RNDIS_STATUS_NETWORK_CHANGE: the VM's network moved
 *   unknown_status       an indication of a status no host sends today
 *   unknown_rndis        an RNDIS message of a type no host sends today
 *   reset_cmplt          a reset completion no reset asked for, status
 *                        RNDIS_STATUS_FAILURE
 */

#include <linux/debugfs.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "netvsp.h"

static LIST_HEAD(netvsp_list);
static DEFINE_MUTEX(netvsp_list_lock); /* netvsp_list, netvsp_fault_file */
static bool netvsp_fault_file;

static void netvsp_fault_bad_range(struct netvsp *np)
{
	struct {
		__le16 set;
		u8 sender_owns;
		u8 reserved;
		__le32 count;
		struct vmbus_xfer_page_range r;
	} __packed x = { .set = cpu_to_le16(NVSP_RECV_BUF_ID),
			 .count = cpu_to_le32(1) };
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT),
		.rndis.section_index = cpu_to_le32(NVSP_NO_SECTION),
	};

	spin_lock_bh(&np->lock);
	x.r.byte_offset = cpu_to_le32(np->rx.n * np->slot_size);
	x.r.byte_count = cpu_to_le32(np->slot_size);
	if (np->ch)
		vmbussim_send_ext(np->ch, VMBUS_PKT_DATA_USING_XFER_PAGES,
				  VMBUS_PKT_FLAG_COMPLETION_REQUESTED,
				  np->rx.n, &x, sizeof(x),
				  &msg, sizeof(msg));
	spin_unlock_bh(&np->lock);
}

static void netvsp_fault_bad_tid(struct netvsp *np)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE),
		.status.status = cpu_to_le32(NVSP_STAT_SUCCESS),
	};

	spin_lock_bh(&np->lock);
	if (np->ch)
		vmbussim_send(np->ch, VMBUS_PKT_COMP, 0, 0xdead0000ULL, &msg,
			      sizeof(msg));
	spin_unlock_bh(&np->lock);
}

static int netvsp_fault_bad_ppi(struct netvsp *np)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_packet pkt;
		struct rndis_ppi ppi;
		__le32 val;
		u8 frame[ETH_ZLEN];
	} __packed m = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_PACKET),
		.hdr.len = cpu_to_le32(sizeof(m)),
		.pkt.data_offset = cpu_to_le32(sizeof(m.pkt) + sizeof(m.ppi) + 4),
		.pkt.data_len = cpu_to_le32(ETH_ZLEN),
		.pkt.ppi_offset = cpu_to_le32(sizeof(m.pkt)),
		.pkt.ppi_len = cpu_to_le32(sizeof(m.ppi) + 4),
		.ppi.size = cpu_to_le32(sizeof(m.ppi) + 4),
		.ppi.type = cpu_to_le32(RNDIS_PPI_CSUM),
		/* The value would start past the info's own end. */
		.ppi.offset = cpu_to_le32(sizeof(m.ppi) + 8),
	};

	memcpy(m.frame, np->mac, ETH_ALEN);
	return netvsp_to_guest(np, NVSP_RNDIS_DATA, &m, sizeof(m), NULL, 0,
			       false);
}

/* Made-up numbers: what a newer host might send. */
#define NETVSP_STATUS_UNKNOWN	0x4001ff01U
#define NETVSP_MSG_UNKNOWN	0x000000f1U

static int netvsp_fault_unknown_rndis(struct netvsp *np)
{
	struct {
		struct rndis_hdr hdr;
		__le32 body[4];
	} __packed m = {
		.hdr.type = cpu_to_le32(NETVSP_MSG_UNKNOWN),
		.hdr.len = cpu_to_le32(sizeof(m)),
	};

	return netvsp_to_guest(np, NVSP_RNDIS_CONTROL, &m, sizeof(m), NULL, 0,
			       false);
}

static int netvsp_fault_reset_cmplt(struct netvsp *np)
{
	struct {
		struct rndis_hdr hdr;
		struct rndis_reset_complete c;
	} __packed m = {
		.hdr.type = cpu_to_le32(RNDIS_MSG_RESET_C),
		.hdr.len = cpu_to_le32(sizeof(m)),
		.c.status = cpu_to_le32(RNDIS_STATUS_FAILURE),
		.c.addressing_reset = cpu_to_le32(1),
	};

	return netvsp_to_guest(np, NVSP_RNDIS_CONTROL, &m, sizeof(m), NULL, 0,
			       false);
}

/* RNDIS messages a guest must survive; -ENOENT if @verb is none. */
static int netvsp_fault_rndis(struct netvsp *np, const char *verb)
{
	if (!strcmp(verb, "network_change"))
		netvsp_indicate(np, RNDIS_STATUS_NETWORK_CHANGE);
	else if (!strcmp(verb, "unknown_status"))
		netvsp_indicate(np, NETVSP_STATUS_UNKNOWN);
	else if (!strcmp(verb, "unknown_rndis"))
		return netvsp_fault_unknown_rndis(np);
	else if (!strcmp(verb, "reset_cmplt"))
		return netvsp_fault_reset_cmplt(np);
	else
		return -ENOENT;
	return 0;
}

static int netvsp_fault_one(struct netvsp *np, const char *verb)
{
	struct rndis_hdr bad = {
		.type = cpu_to_le32(RNDIS_MSG_INDICATE),
		.len = cpu_to_le32(4),
	};

	int ret = netvsp_mq_fault(np, verb);

	if (ret == -ENOENT)
		ret = netvsp_fault_rndis(np, verb);
	if (ret != -ENOENT)
		return ret;
	if (!strcmp(verb, "link_down") || !strcmp(verb, "link_up")) {
		netvsp_link_set(np, verb[5] == 'u');
	} else if (!strcmp(verb, "speed_1g") || !strcmp(verb, "speed_10g")) {
		netvsp_indicate_speed(np, strcmp(verb, "speed_1g") ?
				      NETVSP_SPEED_10G : NETVSP_SPEED_1G, false);
	} else if (!strcmp(verb, "bad_speed")) {
		netvsp_indicate_speed(np, NETVSP_SPEED_1G, true);
	} else if (!strcmp(verb, "bad_rndis")) {
		return netvsp_to_guest(np, NVSP_RNDIS_CONTROL, &bad, sizeof(bad),
				       NULL, 0, false);
	} else if (!strcmp(verb, "bad_range")) {
		netvsp_fault_bad_range(np);
	} else if (!strcmp(verb, "bad_ppi")) {
		return netvsp_fault_bad_ppi(np);
	} else if (!strcmp(verb, "bad_tid")) {
		netvsp_fault_bad_tid(np);
	} else {
		return -EINVAL;
	}
	return 0;
}

static ssize_t netvsp_fault_write(struct file *file, const char __user *ubuf,
				  size_t count, loff_t *ppos)
{
	char buf[32];
	struct netvsp *np;
	int ret = 0;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';
	strim(buf);
	mutex_lock(&netvsp_list_lock);
	list_for_each_entry(np, &netvsp_list, node) {
		ret = netvsp_fault_one(np, buf);
		if (ret)
			break;
	}
	mutex_unlock(&netvsp_list_lock);
	if (!ret)
		pr_info("vmbussim: netvsp fault %s\n", buf);
	return ret ? ret : count;
}

static const struct file_operations netvsp_fault_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = netvsp_fault_write,
};

/**
 * netvsp_fault_register() - make a NIC a target of netvsp_fault
 * @np: the NIC
 */
void netvsp_fault_register(struct netvsp *np)
{
	mutex_lock(&netvsp_list_lock);
	if (!netvsp_fault_file) {
		debugfs_create_file("netvsp_fault", 0200, vmbussim_debugfs_root(),
				    NULL, &netvsp_fault_fops);
		netvsp_fault_file = true;
	}
	list_add_tail(&np->node, &netvsp_list);
	mutex_unlock(&netvsp_list_lock);
}

/**
 * netvsp_fault_unregister() - undo netvsp_fault_register()
 * @np: the NIC
 */
void netvsp_fault_unregister(struct netvsp *np)
{
	mutex_lock(&netvsp_list_lock);
	list_del(&np->node);
	mutex_unlock(&netvsp_list_lock);
}

/**
 * netvsp_fault_exit() - remove netvsp_fault (the module unloads; no NIC
 *	is left)
 */
void netvsp_fault_exit(void)
{
	mutex_lock(&netvsp_list_lock);
	if (netvsp_fault_file)
		debugfs_lookup_and_remove("netvsp_fault",
					  vmbussim_debugfs_root());
	netvsp_fault_file = false;
	mutex_unlock(&netvsp_list_lock);
}
