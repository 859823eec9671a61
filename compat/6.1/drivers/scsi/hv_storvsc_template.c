// SPDX-License-Identifier: GPL-2.0
/*
 * Out-of-tree overlay: drivers/scsi/hv_storvsc_template.c for 6.1, in
 * place of that file (compat/compat.mk). 6.1's scsi_host_alloc() takes a
 * non-const template, and its midlayer writes into it (present,
 * proc_dir), so here it is writable. Keep the rest the same as the
 * sources' file.
 *
 * hv_storvsc.h declares the template const, as the sources have it; that
 * declaration is renamed out of the way here. hv_storvsc_main.c, which
 * passes the template to scsi_host_alloc(), is built without the const
 * warning (hv-compat-noqual in drivers/scsi/Kbuild).
 */

#include <linux/module.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#define storvsc_template storvsc_template_const_decl
#include "../../../../drivers/scsi/hv_storvsc.h"
#undef storvsc_template

struct scsi_host_template storvsc_template = {
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
