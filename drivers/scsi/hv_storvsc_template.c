// SPDX-License-Identifier: GPL-2.0
/*
 * hv_storvsc's SCSI host template; its callbacks are in the other files.
 */

#include <linux/module.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "hv_storvsc.h"

const struct scsi_host_template storvsc_template = {
	.module = THIS_MODULE,
	.name = "hv_storvsc",
	.proc_name = "hv_storvsc",
	.queuecommand = storvsc_queuecommand,
	.eh_timed_out = storvsc_timed_out,
	.eh_device_reset_handler = storvsc_device_reset,
	.eh_host_reset_handler = storvsc_host_reset,
	.slave_alloc = storvsc_slave_alloc,
	.slave_configure = storvsc_slave_configure,
	.init_cmd_priv = storvsc_init_cmd_priv,
	.change_queue_depth = scsi_change_queue_depth,
	.cmd_size = sizeof(struct storvsc_cmd),
	.can_queue = STORVSC_QUEUE_DEPTH,
	.cmd_per_lun = STORVSC_QUEUE_DEPTH,
	.this_id = -1,
	.sg_tablesize = STORVSC_MAX_PFNS,
	.max_sectors = STORVSC_MAX_TRANSFER >> SECTOR_SHIFT,
	/* Segments join on Hyper-V pages: one GPA range per command. */
	.virt_boundary_mask = HV_PAGE_SIZE - 1,
};
