// SPDX-License-Identifier: GPL-2.0
/*
 * The time synchronisation device model: the host side of the timesync
 * integration service. The host's clock is its own: the kernel's
 * real-time clock when the device was created, advanced by the boot-time
 * clock (which the guest cannot set) and shifted by an offset a test sets,
 * so the host can be "an hour ahead" while the guest steps its clock. As a
 * Microsoft host does (OpenVMM's timesync IC for the facts), it sends a
 * SYNC right after the negotiation, then a SAMPLE every
 * timesync_period_ms (5 s), each once the guest answered the one before;
 * tests send SYNC, probes, stale and malformed samples through
 * /sys/kernel/debug/vmbussim/<instance>/request and read the host's time
 * from host_time there.
 */
#include <linux/debugfs.h>
#include <linux/jiffies.h>
#include <linux/kernel.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timekeeping.h>
#include <linux/uaccess.h>

#include <linux/hyperv/spec/classes.h>

#include "ic_host.h"
#include "../core/model.h"

static unsigned int timesync_period_ms = 5000;
module_param(timesync_period_ms, uint, 0644);
MODULE_PARM_DESC(timesync_period_ms, "Period of timesync samples in ms (0: none; default 5000, as a Microsoft host)");

#define TS_TIMEOUT_MS	2000

static const u32 ts_srv_versions[] = {
	IC_TS_VERSION_4, IC_TS_VERSION_3, IC_TS_VERSION_1,
};

/**
 * struct ts_state - one timesync device
 * @ic: the IC channel
 * @base_ns: the real-time clock minus the boot-time clock at creation
 * @offset_ns: the offset a test gave the host's clock
 * @last_sent: host time of the last SYNC or SAMPLE sent (100 ns units)
 * @sample_work: sends the SYNC after the negotiation, then the samples
 * @running: the channel is open (samples may be scheduled)
 * @synced: the SYNC after this open's negotiation went out
 * @syncs: SYNC messages the guest took
 * @samples: periodic SAMPLE messages the guest took
 */
struct ts_state {
	struct ic_host ic;
	s64 base_ns;
	s64 offset_ns;
	u64 last_sent;
	struct delayed_work sample_work;
	bool running;
	bool synced;
	u64 syncs;
	u64 samples;
};

/* The shared IC hooks find the IC state at the start. */
static_assert(offsetof(struct ts_state, ic) == 0);

/* The host's time in ns since 1970. */
static s64 ts_host_ns(struct ts_state *ts)
{
	return ts->base_ns + ktime_get_boottime_ns() + READ_ONCE(ts->offset_ns);
}

/* The host's time in 100 ns units since 1601. */
static u64 ts_host_time(struct ts_state *ts)
{
	return IC_TS_UNIX_EPOCH + div_s64(ts_host_ns(ts), 100);
}

/*
 * Send a time message with @flags and host time @t, in the layout of the
 * negotiated version; @len_cut bytes are cut off the body (malformed).
 */
static int ts_send(struct ts_state *ts, u8 flags, u64 t, u32 len_cut)
{
	struct ic_timesync_ref ref = {};
	struct ic_timesync old = {};
	const void *body;
	u32 len, status;
	int ret;

	mutex_lock(&ts->ic.mutex);
	if (READ_ONCE(ts->ic.srv_ver) >= IC_TS_VERSION_4) {
		ref.parent_time = cpu_to_le64(t);
		ref.vm_reference_time = cpu_to_le64(div_u64(ktime_get_boottime_ns(), 100));
		ref.flags = flags;
		ref.stratum = 2;
		body = &ref;
		len = sizeof(ref);
	} else {
		old.parent_time = cpu_to_le64(t);
		old.flags = flags;
		body = &old;
		len = sizeof(old);
	}
	len -= min(len_cut, len);
	ret = ic_host_request(&ts->ic, IC_MSGTYPE_TIMESYNC, body, len,
			      TS_TIMEOUT_MS, &status);
	if (!ret && status != IC_STATUS_OK)
		ret = -EREMOTEIO;
	if (!ret && (flags & (IC_TS_FLAG_SYNC | IC_TS_FLAG_SAMPLE)))
		ts->last_sent = t;
	if (!ret && flags == IC_TS_FLAG_SYNC)
		WRITE_ONCE(ts->syncs, ts->syncs + 1);
	mutex_unlock(&ts->ic.mutex);
	return ret;
}

static void ts_schedule(struct ts_state *ts)
{
	unsigned int ms = READ_ONCE(timesync_period_ms);

	if (ms)
		schedule_delayed_work(&ts->sample_work, msecs_to_jiffies(ms));
}

static void ts_sample_work(struct work_struct *work)
{
	struct ts_state *ts = container_of(to_delayed_work(work),
					   struct ts_state, sample_work);

	if (!READ_ONCE(ts->running) || !ic_host_negotiated(&ts->ic))
		return;
	if (!READ_ONCE(ts->synced)) {
		/* The initial time, right after the negotiation. */
		WRITE_ONCE(ts->synced, true);
		ts_send(ts, IC_TS_FLAG_SYNC, ts_host_time(ts), 0);
	} else if (!ts_send(ts, IC_TS_FLAG_SAMPLE, ts_host_time(ts), 0)) {
		WRITE_ONCE(ts->samples, ts->samples + 1);
	}
	ts_schedule(ts);
}

/* Negotiated: the SYNC goes out now. */
static void ts_negotiated(struct ic_host *ic)
{
	struct ts_state *ts = container_of(ic, struct ts_state, ic);

	if (READ_ONCE(ts->running))
		mod_delayed_work(system_wq, &ts->sample_work, 0);
}

/*
 * Commands: "offset <seconds>" (the host's clock, no message), "sync",
 * "sample", "probe", "stale" (a sample 10 minutes older than the last
 * one), "flags <n>" (a sample with those flags), "short" (a sample one
 * byte short), "zero" (a sample from before 1970).
 */
static int ts_command(struct ts_state *ts, char *cmd)
{
	char *verb = strsep(&cmd, " \t\n");
	char *arg = cmd ? strim(cmd) : "";
	s64 secs;
	u32 val;

	if (!strcmp(verb, "offset")) {
		if (kstrtos64(arg, 0, &secs) || abs(secs) > 100LL * 365 * 86400)
			return -EINVAL;
		WRITE_ONCE(ts->offset_ns, secs * NSEC_PER_SEC);
		return 0;
	}
	if (!strcmp(verb, "sync"))
		return ts_send(ts, IC_TS_FLAG_SYNC, ts_host_time(ts), 0);
	if (!strcmp(verb, "sample"))
		return ts_send(ts, IC_TS_FLAG_SAMPLE, ts_host_time(ts), 0);
	if (!strcmp(verb, "probe"))
		return ts_send(ts, IC_TS_FLAG_PROBE, ts_host_time(ts), 0);
	if (!strcmp(verb, "stale"))
		return ts_send(ts, IC_TS_FLAG_SAMPLE,
			       READ_ONCE(ts->last_sent) - 600ULL * 10000000, 0);
	if (!strcmp(verb, "flags")) {
		if (kstrtou32(arg, 0, &val) || val > U8_MAX)
			return -EINVAL;
		return ts_send(ts, val, ts_host_time(ts), 0);
	}
	if (!strcmp(verb, "short"))
		return ts_send(ts, IC_TS_FLAG_SAMPLE, ts_host_time(ts), 1);
	if (!strcmp(verb, "zero"))
		return ts_send(ts, IC_TS_FLAG_SAMPLE, 1, 0);
	return -EINVAL;
}

static ssize_t ts_request_write(struct file *file, const char __user *ubuf,
				size_t len, loff_t *ppos)
{
	char *cmd, *alloc;
	int ret;

	cmd = ic_host_get_cmd(ubuf, len, 64, &alloc);
	if (IS_ERR(cmd))
		return PTR_ERR(cmd);
	ret = ts_command(file->private_data, cmd);
	kfree(alloc);
	return ret ?: len;
}

static const struct file_operations ts_request_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = ts_request_write,
	.llseek = noop_llseek,
};

static int ts_host_time_show(struct seq_file *m, void *v)
{
	struct ts_state *ts = m->private;
	s64 ns = ts_host_ns(ts);
	s32 rem;
	s64 secs = div_s64_rem(ns, NSEC_PER_SEC, &rem);

	seq_printf(m, "%lld.%09d\n", secs, rem);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ts_host_time);

static struct ts_state *ts_state(struct vmbussim_chan *ch)
{
	return vmbussim_dev_priv(vmbussim_chan_dev(ch));
}

static int ts_open(struct vmbussim_chan *ch)
{
	struct ts_state *ts = ts_state(ch);

	WRITE_ONCE(ts->synced, false);
	WRITE_ONCE(ts->running, true);
	/* The negotiation schedules the SYNC (ts_negotiated()). */
	ic_host_open(&ts->ic, ch);
	return 0;
}

static void ts_close(struct vmbussim_chan *ch)
{
	struct ts_state *ts = ts_state(ch);

	WRITE_ONCE(ts->running, false);
	/* The sample's wait ends when ic_host_close() closes the channel. */
	ic_host_close(&ts->ic);
	cancel_delayed_work_sync(&ts->sample_work);
}

static int ts_init(struct vmbussim_dev *dev)
{
	struct ts_state *ts = kzalloc(sizeof(*ts), GFP_KERNEL);
	int ret;

	if (!ts)
		return -ENOMEM;
	ret = ic_host_init(&ts->ic, dev, "timesync", ts_srv_versions,
			   ARRAY_SIZE(ts_srv_versions));
	if (ret) {
		kfree(ts);
		return ret;
	}
	INIT_DELAYED_WORK(&ts->sample_work, ts_sample_work);
	ts->ic.negotiated = ts_negotiated;
	ts->base_ns = ktime_get_real_ns() - ktime_get_boottime_ns();
	debugfs_create_file("request", 0200, ts->ic.dir, ts, &ts_request_fops);
	debugfs_create_file("host_time", 0444, ts->ic.dir, ts,
			    &ts_host_time_fops);
	vmbussim_dev_set_priv(dev, ts);
	return 0;
}

static void ts_release(struct vmbussim_dev *dev)
{
	struct ts_state *ts = vmbussim_dev_priv(dev);

	ic_host_release(&ts->ic);
	cancel_delayed_work_sync(&ts->sample_work);
	kfree(ts);
}

static void ts_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct ts_state *ts = vmbussim_dev_priv(dev);

	ic_host_stats(&ts->ic, m);
	seq_printf(m, " offset_s=%lld syncs=%llu samples=%llu",
		   div_s64(READ_ONCE(ts->offset_ns), NSEC_PER_SEC),
		   READ_ONCE(ts->syncs), READ_ONCE(ts->samples));
}

static const struct vmbussim_model_ops ts_ops = {
	.init = ts_init,
	.release = ts_release,
	.open = ts_open,
	.close = ts_close,
	.packet = ic_host_hook_packet,
	.stats = ts_stats,
};

const struct vmbussim_model ic_model_timesync = {
	.owner = THIS_MODULE,
	.name = "timesync",
	.index = 4,
	.class_id = VMBUS_CLASS_TIMESYNC,
	.ops = &ts_ops,
};
