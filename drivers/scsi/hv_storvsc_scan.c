// SPDX-License-Identifier: GPL-2.0
/*
 * Hot add and removal: the host's ENUMERATE_BUS (a Microsoft host sends
 * it for LUNs added and removed alike; REMOVE_DEVICE is taken the same
 * way), and sense data saying the LUN inventory or a capacity changed,
 * make the driver rescan; a LUN the host no longer knows (SRB status
 * INVALID_LUN) is removed. The scan itself relies on the host's INQUIRY
 * data with peripheral qualifier 3 for an absent LUN 0, which makes the
 * midlayer ask REPORT LUNS. All of it runs on the controller's ordered
 * workqueue.
 */

#include <linux/slab.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>

#include "hv_storvsc.h"

/* TEST UNIT READY of each known LUN during a rescan. */
#define STORVSC_TUR_TIMEOUT	(30 * HZ)
#define STORVSC_TUR_RETRIES	3

/**
 * struct storvsc_lun_work - a removal or rescan of one LUN
 * @work: on the controller's workqueue
 * @sdev: the LUN, referenced
 * @remove: remove it (else rescan it)
 */
struct storvsc_lun_work {
	struct work_struct work;
	struct scsi_device *sdev;
	bool remove;
};

static void storvsc_lun_work_fn(struct work_struct *work)
{
	struct storvsc_lun_work *lw = container_of(work, struct storvsc_lun_work,
						   work);

	if (lw->remove) {
		sdev_printk(KERN_INFO, lw->sdev, "LUN gone from the host, removing\n");
		scsi_remove_device(lw->sdev);
	} else {
		scsi_rescan_device(lw->sdev);
	}
	scsi_device_put(lw->sdev);
	kfree(lw);
}

static void storvsc_queue_lun_work(struct storvsc_host *sh,
				   struct scsi_device *sdev, bool remove)
{
	struct storvsc_lun_work *lw;

	/* A LUN being probed by a scan is not ours to remove. */
	if (READ_ONCE(sdev->sdev_state) == SDEV_CREATED)
		return;
	lw = kmalloc(sizeof(*lw), GFP_ATOMIC);
	if (!lw)
		return;
	if (scsi_device_get(sdev)) {
		kfree(lw);
		return;
	}
	INIT_WORK(&lw->work, storvsc_lun_work_fn);
	lw->sdev = sdev;
	lw->remove = remove;
	queue_work(sh->wq, &lw->work);
}

/**
 * storvsc_follow_up() - what a completed command asks of the LUN list
 * @sh: the controller
 * @sdev: the command's LUN
 * @res: the command's meaning, from storvsc_map_result()
 *
 * Removes a LUN the host no longer has, re-reads the capacity of one
 * that changed, rescans the host when its LUNs changed. Any context.
 */
void storvsc_follow_up(struct storvsc_host *sh, struct scsi_device *sdev,
		       const struct storvsc_result *res)
{
	if (res->remove_lun)
		storvsc_queue_lun_work(sh, sdev, true);
	if (res->rescan_lun)
		storvsc_queue_lun_work(sh, sdev, false);
	if (res->rescan_host)
		queue_work(sh->wq, &sh->scan_work);
}

/**
 * storvsc_scan_work() - bring the LUN list up to date with the host's
 * @work: the controller's scan_work
 *
 * Each known LUN gets a TEST UNIT READY: one the host removed fails with
 * INVALID_LUN and is removed. Then a scan of the host (REPORT LUNS on
 * each target) adds new LUNs.
 */
void storvsc_scan_work(struct work_struct *work)
{
	struct storvsc_host *sh = container_of(work, struct storvsc_host,
					       scan_work);
	struct scsi_sense_hdr sshdr;
	struct scsi_device *sdev;

	if (!READ_ONCE(sh->added) || READ_ONCE(sh->dead))
		return;
	shost_for_each_device(sdev, sh->shost)
		scsi_test_unit_ready(sdev, STORVSC_TUR_TIMEOUT,
				     STORVSC_TUR_RETRIES, &sshdr);
	scsi_scan_host(sh->shost);
}

/**
 * storvsc_host_event() - a packet the host sent on its own
 * @sh: the controller
 * @pkt: the packet (at least a whole struct vstor_packet)
 *
 * Called from a channel's callback.
 */
void storvsc_host_event(struct storvsc_host *sh,
			const struct vstor_packet *pkt)
{
	u32 op = le32_to_cpu(pkt->operation);

	switch (op) {
	case VSTOR_OP_ENUMERATE_BUS:
		atomic64_inc(&sh->stats.enumerate_bus);
		queue_work(sh->wq, &sh->scan_work);
		return;
	case VSTOR_OP_REMOVE_DEVICE:
		atomic64_inc(&sh->stats.remove_device);
		queue_work(sh->wq, &sh->scan_work);
		return;
	case VSTOR_OP_FCHBA_DATA:
		if (sh->class == STORVSC_FC) {
			storvsc_fc_names(sh, &pkt->wwn);
			return;
		}
		break;
	}
	atomic64_inc(&sh->stats.bad_packets);
	dev_warn_ratelimited(&sh->hdev->device, "unexpected VSTOR operation %u from the host\n",
			     op);
}
