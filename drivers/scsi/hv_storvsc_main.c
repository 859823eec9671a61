// SPDX-License-Identifier: GPL-2.0
/*
 * hv_storvsc: the synthetic storage controllers of Hyper-V guests (SCSI,
 * IDE and Fibre Channel classes) as SCSI hosts. This file binds to the
 * VMBus devices, sets up and tears down the SCSI host, and stops a
 * controller whose host went away or broke the protocol.
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_devinfo.h>
#include <scsi/scsi_host.h>

#include <linux/hyperv/spec/classes.h>

#include "hv_storvsc.h"

/* Request timeout: the host guarantees an answer, give it time. */
#define STORVSC_RQ_TIMEOUT	(180 * HZ)

/* Addresses per class: targets and LUNs per target. */
#define STORVSC_SCSI_TARGETS	2
#define STORVSC_SCSI_LUNS	255
#define STORVSC_IDE_TARGETS	1
#define STORVSC_IDE_LUNS	64
#define STORVSC_FC_TARGETS	128
#define STORVSC_FC_LUNS		255

/**
 * storvsc_stop() - stop a controller: no more commands, channels closed,
 *	every command the host held failed with DID_NO_CONNECT
 * @sh: the controller
 *
 * Idempotent. Context: process context.
 */
void storvsc_stop(struct storvsc_host *sh)
{
	mutex_lock(&sh->stop_lock);
	if (sh->dead)
		goto out_unlock;
	/* No subchannel opens from now on. */
	mutex_lock(&sh->sc_lock);
	WRITE_ONCE(sh->dead, true);
	mutex_unlock(&sh->sc_lock);
	/* Senders check dead under RCU: let those that missed it finish. */
	synchronize_rcu();
	/* Subchannels first, then the primary. */
	vmbus_close(sh->hdev->channel);
	storvsc_fail_all(sh);
	/* A control request in flight gets no answer any more. */
	complete(&sh->ctl.done);
out_unlock:
	mutex_unlock(&sh->stop_lock);
}

static void storvsc_break_work(struct work_struct *work)
{
	struct storvsc_host *sh = container_of(work, struct storvsc_host,
					       break_work);

	if (vmbus_channel_host_gone(sh->hdev->channel))
		dev_info(&sh->hdev->device, "host withdrew the controller or the connection unloaded: stopped\n");
	else
		dev_err(&sh->hdev->device, "host broke the protocol: controller stopped, its I/O fails\n");
	storvsc_stop(sh);
}

/**
 * storvsc_broken() - a channel of the controller is broken: stop it
 * @sh: the controller
 *
 * Any context.
 */
void storvsc_broken(struct storvsc_host *sh)
{
	if (!READ_ONCE(sh->dead))
		queue_work(sh->wq, &sh->break_work);
}

/**
 * storvsc_init_cmd_priv() - the host template's init_cmd_priv
 * @shost: the SCSI host
 * @cmd: a command of its tag set, allocated once
 *
 * Return: 0.
 */
int storvsc_init_cmd_priv(struct Scsi_Host *shost, struct scsi_cmnd *cmd)
{
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);

	atomic_set(&sc->owned, 0);
	return 0;
}

/**
 * storvsc_slave_alloc() - the host template's slave_alloc
 * @sdev: a device found by the scan
 *
 * Return: 0.
 */
int storvsc_slave_alloc(struct scsi_device *sdev)
{
	/* REPORT LUNS even on devices that claim an older SCSI version. */
	sdev->sdev_bflags |= BLIST_REPORTLUN2 | BLIST_TRY_VPD_PAGES;
	return 0;
}

/**
 * storvsc_slave_configure() - the host template's slave_configure
 * @sdev: a device the scan keeps
 *
 * Return: 0.
 */
int storvsc_slave_configure(struct scsi_device *sdev)
{
	blk_queue_rq_timeout(sdev->request_queue, STORVSC_RQ_TIMEOUT);
	return 0;
}

static void storvsc_set_limits(struct storvsc_host *sh)
{
	struct Scsi_Host *shost = sh->shost;

	switch (sh->class) {
	case STORVSC_IDE:
		shost->max_id = STORVSC_IDE_TARGETS;
		shost->max_lun = STORVSC_IDE_LUNS;
		break;
	case STORVSC_FC:
		shost->max_id = STORVSC_FC_TARGETS;
		shost->max_lun = STORVSC_FC_LUNS;
		break;
	default:
		shost->max_id = STORVSC_SCSI_TARGETS;
		shost->max_lun = STORVSC_SCSI_LUNS;
		break;
	}
	shost->max_channel = 0;
	shost->max_cmd_len = VSTOR_CDB_MAX;
	shost->max_sectors = sh->max_transfer >> SECTOR_SHIFT;
	shost->sg_tablesize = sh->max_transfer / HV_PAGE_SIZE + 1;
}

static struct storvsc_host *storvsc_alloc(struct hv_device *hdev,
					  enum storvsc_class class)
{
	struct Scsi_Host *shost;
	struct storvsc_host *sh;

	shost = scsi_host_alloc(&storvsc_template, sizeof(*sh));
	if (!shost)
		return NULL;
	sh = shost_priv(shost);
	sh->shost = shost;
	sh->hdev = hdev;
	sh->class = class;
	mutex_init(&sh->ctl_lock);
	init_completion(&sh->ctl.done);
	mutex_init(&sh->sc_lock);
	mutex_init(&sh->stop_lock);
	INIT_WORK(&sh->scan_work, storvsc_scan_work);
	INIT_WORK(&sh->break_work, storvsc_break_work);
	sh->wq = alloc_ordered_workqueue("hv_storvsc_%u", 0, shost->host_no);
	if (!sh->wq) {
		scsi_host_put(shost);
		return NULL;
	}
	return sh;
}

static void storvsc_free(struct storvsc_host *sh)
{
	destroy_workqueue(sh->wq);
	scsi_host_put(sh->shost);
}

static int storvsc_probe(struct hv_device *hdev,
			 const struct hv_vmbus_device_id *id)
{
	struct storvsc_host *sh;
	int ret;

	sh = storvsc_alloc(hdev, id->driver_data);
	if (!sh)
		return -ENOMEM;
	dev_set_drvdata(&hdev->device, sh);
	ret = storvsc_open_chan(sh, hdev->channel, 0);
	if (ret)
		goto err_free;
	/* Pairs with the acquire in storvsc_pick_chan(). */
	smp_store_release(&sh->nr_chans, 1);
	ret = storvsc_connect(sh);
	if (ret)
		goto err_close;
	storvsc_set_limits(sh);
	storvsc_setup_subchannels(sh);
	storvsc_fc_attach(sh);
	ret = scsi_add_host(sh->shost, &hdev->device);
	if (ret)
		goto err_close;
	storvsc_fc_publish(sh);
	storvsc_steer_channels(sh);
	storvsc_debugfs_add(sh);
	WRITE_ONCE(sh->added, true);
	scsi_scan_host(sh->shost);
	return 0;

err_close:
	/* No command was queued: the SCSI host was not added. */
	mutex_lock(&sh->sc_lock);
	WRITE_ONCE(sh->dead, true);
	mutex_unlock(&sh->sc_lock);
	vmbus_close(hdev->channel);
err_free:
	storvsc_free(sh);
	return ret;
}

/*
 * On an unbind (rmmod, sysfs unbind) the host still answers: the SCSI
 * host goes first, so that sd's SYNCHRONIZE CACHE reaches it, and the
 * channels close after. After a rescind the host answers nothing: the
 * controller stops first and every command, the flush included, fails
 * at once with DID_NO_CONNECT (which sd ignores).
 */
static void storvsc_remove(struct hv_device *hdev)
{
	struct storvsc_host *sh = dev_get_drvdata(&hdev->device);

	storvsc_debugfs_remove(sh);
	/* Rescans queued from now on do nothing. */
	WRITE_ONCE(sh->added, false);
	if (vmbus_channel_host_gone(hdev->channel))
		storvsc_stop(sh);
	storvsc_fc_detach(sh);
	scsi_remove_host(sh->shost);
	storvsc_stop(sh);
	/* No completion queues work now: let LUN work items end. */
	drain_workqueue(sh->wq);
	storvsc_free(sh);
}

/*
 * Power-off, restart, kexec: the bus unloaded its connection (reboot
 * notifier) before the devices shut down, so the host answers nothing
 * more. Stop the controller now: what the host still held fails at once
 * instead of at its timeout.
 */
static void storvsc_shutdown(struct hv_device *hdev)
{
	struct storvsc_host *sh = dev_get_drvdata(&hdev->device);

	if (!vmbus_channel_host_gone(hdev->channel))
		return;
	storvsc_broken(sh);
	flush_work(&sh->break_work);
}

static const struct hv_vmbus_device_id storvsc_ids[] = {
	{ .guid = VMBUS_CLASS_SCSI, .driver_data = STORVSC_SCSI },
	{ .guid = VMBUS_CLASS_IDE, .driver_data = STORVSC_IDE },
	{ .guid = VMBUS_CLASS_FC, .driver_data = STORVSC_FC },
	{}
};
MODULE_DEVICE_TABLE(vmbus, storvsc_ids);

static struct hv_driver storvsc_driver = {
	.name = KBUILD_MODNAME,
	.id_table = storvsc_ids,
	.probe = storvsc_probe,
	.remove = storvsc_remove,
	.shutdown = storvsc_shutdown,
};

static int __init storvsc_init(void)
{
	int ret = storvsc_fc_init();

	if (ret)
		return ret;
	storvsc_debugfs_init();
	ret = vmbus_driver_register(&storvsc_driver);
	if (ret) {
		storvsc_debugfs_exit();
		storvsc_fc_exit();
	}
	return ret;
}
module_init(storvsc_init);

static void __exit storvsc_exit(void)
{
	vmbus_driver_unregister(&storvsc_driver);
	storvsc_debugfs_exit();
	storvsc_fc_exit();
}
module_exit(storvsc_exit);

MODULE_DESCRIPTION("Microsoft Hyper-V synthetic storage controller driver");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("HYPERV_VMBUS");
