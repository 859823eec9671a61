// SPDX-License-Identifier: GPL-2.0
/*
 * The time synchronisation IC service: the host sends its time now and
 * then. A SYNC message (after boot, resume or restore) sets the guest's
 * clock; SAMPLE messages keep a PTP clock named "hyperv" on host time, so
 * chrony or phc_ctl can read it, and step the clock when it is further off
 * than sample_thresh_ms. Samples older than the last one taken are stale
 * and ignored; malformed ones are refused.
 *
 * The host's time is taken with the guest's boot-time clock when the
 * message arrives and extrapolated from there. Service 4.0 messages also
 * carry the partition reference time at which the host read its clock;
 * this driver does not use it (it would need the Hyper-V reference
 * counter, which a simulated host does not have).
 */
#include <linux/device.h>
#include <linux/math64.h>
#include <linux/moduleparam.h>
#include <linux/ptp_clock_kernel.h>
#include <linux/seq_file.h>
#include <linux/spinlock.h>
#include <linux/time64.h>
#include <linux/timekeeping.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/ic.h>
#include <linux/hyperv/spec/synic.h>

#include "ic.h"

static unsigned int sample_thresh_ms = 5000;
module_param(sample_thresh_ms, uint, 0644);
MODULE_PARM_DESC(sample_thresh_ms,
		 "Step the clock to a time sample further off than this many ms (0: never; default 5000)");

static const u32 ic_ts_version_list[] = {
	IC_TS_VERSION_4, IC_TS_VERSION_3, IC_TS_VERSION_1,
};

static const struct ic_version_list ic_ts_versions = {
	.versions = ic_ts_version_list,
	.count = ARRAY_SIZE(ic_ts_version_list),
};

/**
 * struct ic_ts_state - per-instance timesync state
 * @inst: the instance, for the work item
 * @lock: protects @host_ns, @ref_ns and @valid
 * @host_ns: the host's time in the last message taken, ns since 1970
 * @ref_ns: the boot-time clock when that message arrived
 * @valid: @host_ns holds a time
 * @set_work: sets the clock to the host's time
 * @ptp_info: the PTP clock's operations
 * @ptp: the PTP clock, or NULL without PTP support
 * @syncs: SYNC messages taken
 * @samples: SAMPLE messages taken
 * @stale: samples ignored as stale
 * @steps: times the clock was set
 */
struct ic_ts_state {
	struct ic_instance *inst;
	spinlock_t lock; /* protects host_ns, ref_ns, valid */
	s64 host_ns;
	s64 ref_ns;
	bool valid;
	struct work_struct set_work;
	struct ptp_clock_info ptp_info;
	struct ptp_clock *ptp;
	atomic64_t syncs;
	atomic64_t samples;
	atomic64_t stale;
	atomic64_t steps;
};

/**
 * ic_timesync_parse() - the host's time and flags in a timesync message
 * @msg: a message from ic_msg_parse() of type IC_MSGTYPE_TIMESYNC
 * @srv_version: the negotiated service version (4.0 has another layout)
 * @host_ns: set to the host's time in ns since 1970
 * @flags: set to the message's IC_TS_FLAG_* flags
 *
 * Return: 0, or -EBADMSG for a short body, unknown flags, or a time
 * before 1970 or too far in the future to be held in ns.
 */
int ic_timesync_parse(const struct ic_msg *msg, u32 srv_version, s64 *host_ns,
		      u8 *flags)
{
	u64 t;

	if (srv_version >= IC_TS_VERSION_4) {
		const struct ic_timesync_ref *ts = (const void *)msg->body;

		if (ic_msg_body_size(msg) < sizeof(*ts))
			return -EBADMSG;
		t = le64_to_cpu(ts->parent_time);
		*flags = ts->flags;
	} else {
		const struct ic_timesync *ts = (const void *)msg->body;

		if (ic_msg_body_size(msg) < sizeof(*ts))
			return -EBADMSG;
		t = le64_to_cpu(ts->parent_time);
		*flags = ts->flags;
	}
	if (*flags & ~(IC_TS_FLAG_SYNC | IC_TS_FLAG_SAMPLE))
		return -EBADMSG;
	if (t < IC_TS_UNIX_EPOCH || t - IC_TS_UNIX_EPOCH > S64_MAX / 100)
		return -EBADMSG;
	*host_ns = (t - IC_TS_UNIX_EPOCH) * 100;
	return 0;
}

/* The host's time now, extrapolated from the last message. */
static int ic_ts_host_now(struct ic_ts_state *st, s64 *now)
{
	unsigned long flags;
	int err = -ENODATA;

	spin_lock_irqsave(&st->lock, flags);
	if (st->valid) {
		*now = st->host_ns + (ktime_get_boottime_ns() - st->ref_ns);
		err = 0;
	}
	spin_unlock_irqrestore(&st->lock, flags);
	return err;
}

static void ic_ts_set_work(struct work_struct *work)
{
	struct ic_ts_state *st = container_of(work, struct ic_ts_state,
					      set_work);
	struct timespec64 ts;
	s64 now, off;
	int err;

	if (ic_ts_host_now(st, &now))
		return;
	off = now - ktime_get_real_ns();
	ts = ns_to_timespec64(now);
	err = do_settimeofday64(&ts);
	if (err) {
		dev_err_ratelimited(st->inst->dev,
				    "timesync: cannot set the clock: %d\n", err);
		return;
	}
	atomic64_inc(&st->steps);
	dev_info_ratelimited(st->inst->dev,
			     "timesync: clock set to host time (%lld ms off)\n",
			     div_s64(off, NSEC_PER_MSEC));
}

/* Whether a sample is further off than sample_thresh_ms. */
static bool ic_ts_far_off(s64 host_ns)
{
	unsigned int thresh = READ_ONCE(sample_thresh_ms);
	s64 off = host_ns - ktime_get_real_ns();

	return thresh && abs(off) > (s64)thresh * NSEC_PER_MSEC;
}

static int ic_ts_handle(struct ic_instance *inst, struct ic_msg *msg)
{
	struct ic_ts_state *st = ic_priv(inst);
	unsigned long irqflags;
	bool stale;
	s64 host_ns;
	u8 flags;
	int err;

	err = ic_timesync_parse(msg, READ_ONCE(inst->srv_version), &host_ns,
				&flags);
	if (err) {
		dev_err_ratelimited(inst->dev,
				    "timesync: malformed message (%u bytes)\n",
				    msg->body_len);
		return err;
	}
	if (!flags)	/* a probe: the answer is all the host wants */
		return 0;

	spin_lock_irqsave(&st->lock, irqflags);
	/* A sample older than the last time taken was overtaken: stale. */
	stale = !(flags & IC_TS_FLAG_SYNC) && st->valid &&
		host_ns < st->host_ns;
	if (!stale) {
		st->host_ns = host_ns;
		st->ref_ns = ktime_get_boottime_ns();
		st->valid = true;
	}
	spin_unlock_irqrestore(&st->lock, irqflags);

	if (stale) {
		atomic64_inc(&st->stale);
		dev_warn_ratelimited(inst->dev, "timesync: ignoring a stale sample\n");
		return 0;
	}
	if (flags & IC_TS_FLAG_SYNC) {
		atomic64_inc(&st->syncs);
		schedule_work(&st->set_work);
	} else {
		atomic64_inc(&st->samples);
		if (ic_ts_far_off(host_ns))
			schedule_work(&st->set_work);
	}
	return 0;
}

static int ic_ts_ptp_gettime(struct ptp_clock_info *info,
			     struct timespec64 *ts)
{
	struct ic_ts_state *st = container_of(info, struct ic_ts_state,
					      ptp_info);
	s64 now;
	int err;

	err = ic_ts_host_now(st, &now);
	if (!err)
		*ts = ns_to_timespec64(now);
	return err;
}

/* The host's clock is read-only. */
static int ic_ts_ptp_settime(struct ptp_clock_info *info,
			     const struct timespec64 *ts)
{
	return -EOPNOTSUPP;
}

static int ic_ts_ptp_adjfine(struct ptp_clock_info *info, long scaled_ppm)
{
	return -EOPNOTSUPP;
}

static int ic_ts_ptp_adjtime(struct ptp_clock_info *info, s64 delta)
{
	return -EOPNOTSUPP;
}

static int ic_ts_ptp_enable(struct ptp_clock_info *info,
			    struct ptp_clock_request *rq, int on)
{
	return -EOPNOTSUPP;
}

static const struct ptp_clock_info ic_ts_ptp_template = {
	.owner = THIS_MODULE,
	.name = "hyperv",
	.gettime64 = ic_ts_ptp_gettime,
	.settime64 = ic_ts_ptp_settime,
	.adjfine = ic_ts_ptp_adjfine,
	.adjtime = ic_ts_ptp_adjtime,
	.enable = ic_ts_ptp_enable,
};

static int ic_ts_start(struct ic_instance *inst)
{
	struct ic_ts_state *st = ic_priv(inst);
	struct ptp_clock *ptp;

	st->inst = inst;
	spin_lock_init(&st->lock);
	INIT_WORK(&st->set_work, ic_ts_set_work);
	st->ptp_info = ic_ts_ptp_template;
	ptp = ptp_clock_register(&st->ptp_info, inst->dev);
	if (IS_ERR_OR_NULL(ptp)) {
		/* Time still syncs; only the PTP clock is missing. */
		dev_warn(inst->dev, "timesync: no PTP clock: %d\n",
			 PTR_ERR_OR_ZERO(ptp));
		ptp = NULL;
	}
	st->ptp = ptp;
	return 0;
}

static void ic_ts_stop(struct ic_instance *inst)
{
	struct ic_ts_state *st = ic_priv(inst);

	if (st->ptp)
		ptp_clock_unregister(st->ptp);
	cancel_work_sync(&st->set_work);
}

static void ic_ts_show(struct seq_file *m, struct ic_instance *inst)
{
	struct ic_ts_state *st = ic_priv(inst);

	seq_printf(m, "ptp: %d\n", st->ptp ? ptp_clock_index(st->ptp) : -1);
	seq_printf(m, "syncs: %llu\n", (u64)atomic64_read(&st->syncs));
	seq_printf(m, "samples: %llu\n", (u64)atomic64_read(&st->samples));
	seq_printf(m, "stale: %llu\n", (u64)atomic64_read(&st->stale));
	seq_printf(m, "steps: %llu\n", (u64)atomic64_read(&st->steps));
}

const struct ic_service ic_timesync_service = {
	.name = "timesync",
	.msgtype = IC_MSGTYPE_TIMESYNC,
	.fw_versions = &ic_fw_versions,
	.srv_versions = &ic_ts_versions,
	.max_msg_size = HV_PAGE_SIZE,
	.ring_size = 3 * HV_PAGE_SIZE,
	.priv_size = sizeof(struct ic_ts_state),
	.handle = ic_ts_handle,
	.start = ic_ts_start,
	.stop = ic_ts_stop,
	.show = ic_ts_show,
};
