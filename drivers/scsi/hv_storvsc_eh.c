// SPDX-License-Identifier: GPL-2.0
/*
 * Error handling. The host completes every command it accepted, if late,
 * so a command timeout only restarts the timer while the controller
 * lives. The reset handlers (from the midlayer's error handler, or
 * SG_SCSI_RESET) wait for the commands the host still holds to come back
 * before the midlayer reuses them; a host reset also sends RESET_BUS.
 */

#include <linux/delay.h>
#include <linux/jiffies.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_eh.h>
#include <scsi/scsi_host.h>

#include "hv_storvsc.h"

/* How long a reset waits for the host to complete what it holds. */
#define STORVSC_DRAIN_TIMEOUT	(60 * HZ)
#define STORVSC_DRAIN_POLL_MS	10

/**
 * storvsc_timed_out() - the host template's eh_timed_out
 * @cmd: the command whose timer expired
 *
 * Return: reset the timer while the controller lives (the host answers);
 * not handled once it stopped. A controller whose host withdrew it is
 * stopped here, which fails its commands.
 */
enum scsi_timeout_action storvsc_timed_out(struct scsi_cmnd *cmd)
{
	struct storvsc_host *sh = shost_priv(cmd->device->host);

	if (READ_ONCE(sh->dead))
		return SCSI_EH_NOT_HANDLED;
	if (vmbus_channel_host_gone(sh->hdev->channel))
		storvsc_broken(sh);
	return SCSI_EH_RESET_TIMER;
}

/**
 * struct storvsc_drain - what storvsc_held() counts
 * @sdev: count this LUN's commands only, or NULL for all
 * @held: commands sent to the host and not completed
 */
struct storvsc_drain {
	struct scsi_device *sdev;
	unsigned int held;
};

static bool storvsc_held_one(struct scsi_cmnd *cmd, void *data)
{
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);
	struct storvsc_drain *d = data;

	if ((!d->sdev || cmd->device == d->sdev) && atomic_read(&sc->owned))
		d->held++;
	return true;
}

/* Commands of @sdev (NULL: of the host) that the host still holds. */
static unsigned int storvsc_held(struct storvsc_host *sh,
				 struct scsi_device *sdev)
{
	struct storvsc_drain d = { .sdev = sdev };

	scsi_host_busy_iter(sh->shost, storvsc_held_one, &d);
	return d.held;
}

/*
 * Wait until the host completed every command of @sdev (NULL: all) it
 * holds. The midlayer sends no new ones during a reset; a controller
 * that stops fails the rest.
 */
static int storvsc_drain(struct storvsc_host *sh, struct scsi_device *sdev)
{
	unsigned long deadline = jiffies + STORVSC_DRAIN_TIMEOUT;
	unsigned int held;

	while ((held = storvsc_held(sh, sdev))) {
		if (time_after(jiffies, deadline)) {
			dev_warn(&sh->hdev->device, "reset: the host still holds %u commands\n",
				 held);
			return FAILED;
		}
		msleep(STORVSC_DRAIN_POLL_MS);
	}
	return SUCCESS;
}

/**
 * storvsc_device_reset() - the host template's eh_device_reset_handler
 * @cmd: a command of the LUN to reset
 *
 * VSTOR has no per-LUN reset the host honours: wait for the LUN's
 * commands to come back, after which the midlayer may reuse them.
 *
 * Return: SUCCESS or FAILED.
 */
int storvsc_device_reset(struct scsi_cmnd *cmd)
{
	struct storvsc_host *sh = shost_priv(cmd->device->host);

	if (READ_ONCE(sh->dead))
		return FAILED;
	sdev_printk(KERN_INFO, cmd->device, "device reset: waiting for the host\n");
	return storvsc_drain(sh, cmd->device);
}

/**
 * storvsc_host_reset() - the host template's eh_host_reset_handler
 * @cmd: a command of the host to reset
 *
 * Sends RESET_BUS, then waits for every command the host holds.
 *
 * Return: SUCCESS, or FAILED if the controller stopped, the host refused
 * or did not give the commands back.
 */
int storvsc_host_reset(struct scsi_cmnd *cmd)
{
	struct storvsc_host *sh = shost_priv(cmd->device->host);
	struct vstor_packet pkt = {};
	int ret;

	if (READ_ONCE(sh->dead))
		return FAILED;
	dev_info(&sh->hdev->device, "host reset\n");
	ret = storvsc_ctl_exec(sh, VSTOR_OP_RESET_BUS, &pkt);
	if (ret || pkt.status) {
		dev_warn(&sh->hdev->device, "host reset failed: %d, status %#x\n",
			 ret, le32_to_cpu(pkt.status));
		return FAILED;
	}
	return storvsc_drain(sh, NULL);
}
