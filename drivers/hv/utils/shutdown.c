// SPDX-License-Identifier: GPL-2.0
/*
 * The shutdown IC service: the host asks the guest to shut down, reboot
 * or hibernate. The request is answered at once; the action runs from a
 * work item, the way an administrator's command would: orderly_poweroff()
 * and orderly_reboot() run the system's own poweroff or reboot program,
 * and hibernation is left to userspace through a uevent
 * (EVENT=hibernate), since only userspace knows whether the system can
 * resume.
 */
#include <linux/atomic.h>
#include <linux/device.h>
#include <linux/kobject.h>
#include <linux/reboot.h>
#include <linux/seq_file.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/synic.h>
#include <linux/hyperv/vmbus.h>

#include "ic.h"

static const u32 ic_sd_version_list[] = {
	IC_SD_VERSION_3_2, IC_SD_VERSION_3_1, IC_SD_VERSION_3, IC_SD_VERSION_1,
};

static const struct ic_version_list ic_sd_versions = {
	.versions = ic_sd_version_list,
	.count = ARRAY_SIZE(ic_sd_version_list),
};

/**
 * struct ic_sd_state - per-instance shutdown state
 * @inst: the instance, for the work item
 * @work: carries out the accepted request
 * @action: IC_SD_ACTION_* of the accepted request
 * @forced: that request carried the force flag
 * @requests: requests accepted
 * @last_flags: flags of the last request accepted
 */
struct ic_sd_state {
	struct ic_instance *inst;
	struct work_struct work;
	atomic_t action;
	atomic_t forced;
	atomic64_t requests;
	atomic_t last_flags;
};

/**
 * ic_shutdown_action() - the action a shutdown request asks for
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_SHUTDOWN
 * @force: set if the host asks for a forced action
 *
 * Only the reason, timeout and flags must be present: the message text
 * that follows is optional.
 *
 * Return: IC_SD_ACTION_POWEROFF, _REBOOT or _HIBERNATE, or -EBADMSG for a
 * short body or unknown flags.
 */
int ic_shutdown_action(const struct ic_msg *msg, bool *force)
{
	const struct ic_shutdown *sd = (const struct ic_shutdown *)msg->body;
	u32 flags;

	if (ic_msg_body_size(msg) <
	    offsetof(struct ic_shutdown, display_message))
		return -EBADMSG;
	flags = le32_to_cpu(sd->flags);
	*force = flags & IC_SD_FLAG_FORCE;
	switch (flags & ~IC_SD_FLAG_FORCE) {
	case 0:
		return IC_SD_ACTION_POWEROFF;
	case IC_SD_FLAG_REBOOT:
		return IC_SD_ACTION_REBOOT;
	case IC_SD_FLAG_HIBERNATE:
		return IC_SD_ACTION_HIBERNATE;
	default:
		return -EBADMSG;
	}
}

static void ic_sd_work(struct work_struct *work)
{
	struct ic_sd_state *st = container_of(work, struct ic_sd_state, work);
	struct device *dev = st->inst->dev;
	const char *how = atomic_read(&st->forced) ? " (forced)" : "";
	char *envp[2];

	switch (atomic_read(&st->action)) {
	case IC_SD_ACTION_POWEROFF:
		dev_info(dev, "shutdown: the host asks to power off%s\n", how);
		/* Forced anyway if the poweroff program cannot be run. */
		orderly_poweroff(true);
		break;
	case IC_SD_ACTION_REBOOT:
		dev_info(dev, "shutdown: the host asks to reboot%s\n", how);
		orderly_reboot();
		break;
	case IC_SD_ACTION_HIBERNATE:
		dev_info(dev, "shutdown: the host asks to hibernate\n");
		/* The uevent code only reads the strings. */
		envp[0] = (char *)"EVENT=hibernate";
		envp[1] = NULL;
		kobject_uevent_env(&dev->kobj, KOBJ_CHANGE, envp);
		break;
	}
}

static int ic_sd_handle(struct ic_instance *inst, struct ic_msg *msg)
{
	struct ic_sd_state *st = ic_priv(inst);
	bool force;
	int action;

	action = ic_shutdown_action(msg, &force);
	if (action < 0) {
		dev_err_ratelimited(inst->dev,
				    "shutdown: malformed request (%u bytes)\n",
				    msg->body_len);
		return action;
	}
	atomic_set(&st->last_flags,
		   le32_to_cpu(((struct ic_shutdown *)msg->body)->flags));
	atomic64_inc(&st->requests);
	/* One action at a time; a request while one is queued is answered. */
	atomic_set(&st->forced, force);
	atomic_set(&st->action, action);
	schedule_work(&st->work);
	return 0;
}

static int ic_sd_start(struct ic_instance *inst)
{
	struct ic_sd_state *st = ic_priv(inst);

	st->inst = inst;
	INIT_WORK(&st->work, ic_sd_work);
	return 0;
}

static void ic_sd_stop(struct ic_instance *inst)
{
	struct ic_sd_state *st = ic_priv(inst);

	cancel_work_sync(&st->work);
}

static void ic_sd_show(struct seq_file *m, struct ic_instance *inst)
{
	struct ic_sd_state *st = ic_priv(inst);

	seq_printf(m, "requests: %llu\n", (u64)atomic64_read(&st->requests));
	seq_printf(m, "last_flags: %#x\n", atomic_read(&st->last_flags));
}

const struct ic_service ic_shutdown_service = {
	.name = "shutdown",
	.msgtype = IC_MSGTYPE_SHUTDOWN,
	.fw_versions = &ic_fw_versions,
	.srv_versions = &ic_sd_versions,
	.max_msg_size = HV_PAGE_SIZE,
	.ring_size = 3 * HV_PAGE_SIZE,
	.priv_size = sizeof(struct ic_sd_state),
	.handle = ic_sd_handle,
	.start = ic_sd_start,
	.stop = ic_sd_stop,
	.show = ic_sd_show,
};
