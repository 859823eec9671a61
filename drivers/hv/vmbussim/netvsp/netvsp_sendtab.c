// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the send indirection table. Once all the
 * channels of the guest's subchannel request are open the host tells it,
 * as a Microsoft host does, with NVSP_MSG5_SEND_INDIRECTION_TABLE, which
 * channel each of 16 hash buckets should send on: here bucket i goes to
 * channel i modulo the channels open. Hosts of
 * NVSP 6.0 and before named too small an offset for the table; so does
 * this one when the guest negotiated such a version (the guest must take
 * the table from after struct nvsp_msg instead). Fault verbs, fired
 * through netvsp_fault:
 *
 *   send_table_to1      a table sending every bucket on channel 1
 *   send_table_spread   the default table again
 *   bad_send_table      a table of 15 entries
 *   bad_send_table_off  a table offset past the message's end
 */

#include <linux/module.h>
#include <linux/string.h>

#include "netvsp.h"

static unsigned int netvsp_max_version = NVSP_VER_61;
module_param(netvsp_max_version, uint, 0644);
MODULE_PARM_DESC(netvsp_max_version,
		 "Highest NVSP version netvsp accepts from NICs set up from now on, e.g. 0x60000 for 6.0");

/**
 * netvsp_version_ok() - whether the host accepts an NVSP version
 * @ver: the version the guest asks for
 *
 * Return: true for a known version up to netvsp_max_version.
 */
bool netvsp_version_ok(u32 ver)
{
	switch (ver) {
	case NVSP_VER_1:
	case NVSP_VER_2:
	case NVSP_VER_4:
	case NVSP_VER_5:
	case NVSP_VER_6:
	case NVSP_VER_61:
		return ver <= READ_ONCE(netvsp_max_version);
	}
	return false;
}

/* What a send table message says: the table and where it claims to be. */
enum netvsp_tab_kind {
	NETVSP_TAB_SPREAD,
	NETVSP_TAB_TO1,
	NETVSP_TAB_BAD_COUNT,
	NETVSP_TAB_BAD_OFF,
};

/* Channels of the NIC open, the primary included; the NIC's lock held. */
static u32 netvsp_open_chans(struct netvsp *np)
{
	u32 n = 1, i;

	lockdep_assert_held(&np->lock);
	for (i = 1; i < NETVSP_MAX_QUEUES; i++)
		n += !!np->mq.sc[i];
	return n;
}

static int netvsp_send_table(struct netvsp *np, enum netvsp_tab_kind kind)
{
	struct {
		struct nvsp_msg msg;
		__le32 tab[NVSP_INDIRECTION_ENTRIES];
	} __packed m = {
		.msg.type = cpu_to_le32(NVSP_MSG5_SEND_INDIRECTION_TABLE),
		.msg.indirection.count = cpu_to_le32(NVSP_INDIRECTION_ENTRIES),
		.msg.indirection.offset = cpu_to_le32(sizeof(m.msg)),
	};
	u32 n, i;

	spin_lock_bh(&np->lock);
	n = netvsp_open_chans(np);
	spin_unlock_bh(&np->lock);

	for (i = 0; i < NVSP_INDIRECTION_ENTRIES; i++)
		m.tab[i] = cpu_to_le32(kind == NETVSP_TAB_TO1 ? 1 : i % n);
	/* The old hosts' offset: right after the count and offset fields. */
	if (READ_ONCE(np->nvsp_ver) <= NVSP_VER_6)
		m.msg.indirection.offset =
			cpu_to_le32(offsetofend(struct nvsp_msg, indirection));
	if (kind == NETVSP_TAB_BAD_COUNT)
		m.msg.indirection.count = cpu_to_le32(NVSP_INDIRECTION_ENTRIES - 1);
	if (kind == NETVSP_TAB_BAD_OFF)
		m.msg.indirection.offset = cpu_to_le32(sizeof(m) + 4);
	return netvsp_host_msg(np, &m, sizeof(m));
}

/**
 * netvsp_send_table_when_open() - send the default send table if all the
 *	channels of the last subchannel request are open and it has not
 *	gone out since
 * @np: the NIC
 */
void netvsp_send_table_when_open(struct netvsp *np)
{
	bool send;

	spin_lock_bh(&np->lock);
	send = np->mq.want > 1 && !np->mq.table_sent &&
	       netvsp_open_chans(np) == np->mq.want;
	if (send)
		np->mq.table_sent = true;
	spin_unlock_bh(&np->lock);
	if (send && netvsp_send_table(np, NETVSP_TAB_SPREAD))
		atomic64_inc(&np->drops);
}

/**
 * netvsp_send_table_fault() - fire a send-table fault verb
 * @np: the NIC
 * @verb: the verb
 *
 * Return: 0, -ENOENT if @verb is none of these, or the error of sending.
 */
int netvsp_send_table_fault(struct netvsp *np, const char *verb)
{
	static const char * const verbs[] = {
		[NETVSP_TAB_SPREAD] = "send_table_spread",
		[NETVSP_TAB_TO1] = "send_table_to1",
		[NETVSP_TAB_BAD_COUNT] = "bad_send_table",
		[NETVSP_TAB_BAD_OFF] = "bad_send_table_off",
	};
	int i = match_string(verbs, ARRAY_SIZE(verbs), verb);

	return i < 0 ? -ENOENT : netvsp_send_table(np, i);
}
