// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: fault verbs of multiqueue and SR-IOV, fired
 * through netvsp_fault (netvsp_fault.c):
 *
 *   sc_lie          answer the next subchannel request with more
 *                   subchannels than asked for
 *   bad_rss_caps    answer RSS capability queries with a malformed object
 *   good_rss_caps   stop doing so
 *   small_sections  give the send buffers established from now on
 *                   sections of 512 bytes, the protocol's minimum
 *   normal_sections stop doing so
 *   bad_send_buf    answer the next send buffer with sections of 100
 *                   bytes, below the protocol's minimum
 *   bad_recv_buf    answer the next receive buffer with two sections
 *   vf_add          NVSP_MSG4_SEND_VF_ASSOCIATION: a VF (serial 7) appears
 *   vf_remove       the same message: the VF is gone
 *   vf_datapath     NVSP_MSG4_SWITCH_DATA_PATH to the VF
 *   vf_synthetic    NVSP_MSG4_SWITCH_DATA_PATH back to the synthetic path
 *   bad_vf          NVSP_MSG4_SWITCH_DATA_PATH naming no known data path
 *   bad_vf_assoc    NVSP_MSG4_SEND_VF_ASSOCIATION with a state of 2
 */

#include <linux/string.h>

#include "netvsp.h"

#define NETVSP_VF_SERIAL	7

static int netvsp_vf_assoc(struct netvsp *np, u32 state)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG4_SEND_VF_ASSOCIATION),
		.vf.allocated = cpu_to_le32(state),
		.vf.serial = cpu_to_le32(NETVSP_VF_SERIAL),
	};

	return netvsp_host_msg(np, &msg, sizeof(msg));
}

static int netvsp_data_path(struct netvsp *np, u32 path)
{
	struct nvsp_msg msg = {
		.type = cpu_to_le32(NVSP_MSG4_SWITCH_DATA_PATH),
		.data_path.active_data_path = cpu_to_le32(path),
	};

	return netvsp_host_msg(np, &msg, sizeof(msg));
}

/**
 * netvsp_mq_fault() - fire a multiqueue or SR-IOV fault verb
 * @np: the NIC
 * @verb: the verb
 *
 * Return: 0, -ENOENT if @verb is none of ours (nor a send-table verb,
 * netvsp_send_table_fault()), or the error of sending.
 */
int netvsp_mq_fault(struct netvsp *np, const char *verb)
{
	if (!strcmp(verb, "sc_lie"))
		WRITE_ONCE(np->mq.fault_sc_lie, true);
	else if (!strcmp(verb, "bad_rss_caps"))
		WRITE_ONCE(np->mq.fault_bad_caps, true);
	else if (!strcmp(verb, "good_rss_caps"))
		WRITE_ONCE(np->mq.fault_bad_caps, false);
	else if (!strcmp(verb, "small_sections"))
		WRITE_ONCE(np->small_sections, true);
	else if (!strcmp(verb, "normal_sections"))
		WRITE_ONCE(np->small_sections, false);
	else if (!strcmp(verb, "bad_send_buf"))
		WRITE_ONCE(np->fault_bad_sbuf, true);
	else if (!strcmp(verb, "bad_recv_buf"))
		WRITE_ONCE(np->fault_bad_rbuf, true);
	else if (!strcmp(verb, "vf_add"))
		return netvsp_vf_assoc(np, 1);
	else if (!strcmp(verb, "vf_remove"))
		return netvsp_vf_assoc(np, 0);
	else if (!strcmp(verb, "vf_datapath"))
		return netvsp_data_path(np, NVSP_DATA_PATH_VF);
	else if (!strcmp(verb, "vf_synthetic"))
		return netvsp_data_path(np, NVSP_DATA_PATH_SYNTHETIC);
	else if (!strcmp(verb, "bad_vf"))
		return netvsp_data_path(np, 5);
	else if (!strcmp(verb, "bad_vf_assoc"))
		return netvsp_vf_assoc(np, 2);
	else
		return netvsp_send_table_fault(np, verb);
	return 0;
}
