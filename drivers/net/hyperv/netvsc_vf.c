// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: the host's SR-IOV messages. The host tells the guest when a
 * virtual function is associated with the NIC (NVSP_MSG4_SEND_VF_
 * ASSOCIATION) and which data path carries its traffic (NVSP_MSG4_
 * SWITCH_DATA_PATH). Both are validated, recorded and logged; pairing
 * the VF's netdev with the synthetic one is not done.
 */

#include "netvsc.h"

/**
 * netvsc_vf_message() - handle a VF association or data-path message
 * @chan: the channel it came on
 * @msg: the message; its type is one of the two
 * @len: its length, at least the type and 8 bytes
 */
void netvsc_vf_message(struct netvsc_chan *chan, const struct nvsp_msg *msg,
		       u32 len)
{
	struct netvsc_dev *nd = chan->nd;
	u32 val;

	if (le32_to_cpu(msg->type) == NVSP_MSG4_SEND_VF_ASSOCIATION) {
		val = le32_to_cpu(msg->vf.allocated);
		if (val > 1) {
			netvsc_bad_host(chan, "VF association state %u\n", val);
			return;
		}
		WRITE_ONCE(nd->vf_serial, val ? le32_to_cpu(msg->vf.serial) : 0);
		netdev_info(nd->ndev, "VF %s (serial %u)\n",
			    val ? "associated" : "removed",
			    le32_to_cpu(msg->vf.serial));
		return;
	}
	val = le32_to_cpu(msg->data_path.active_data_path);
	if (val != NVSP_DATA_PATH_SYNTHETIC && val != NVSP_DATA_PATH_VF) {
		netvsc_bad_host(chan, "switch to data path %u\n", val);
		return;
	}
	WRITE_ONCE(nd->data_path_vf, val == NVSP_DATA_PATH_VF);
	netdev_info(nd->ndev, "host switched the data path to the %s\n",
		    val == NVSP_DATA_PATH_VF ? "VF" : "synthetic NIC");
}
