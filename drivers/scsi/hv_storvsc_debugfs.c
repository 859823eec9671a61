// SPDX-License-Identifier: GPL-2.0
/*
 * hv_storvsc's counters in debugfs: hv_storvsc/<device>/stats holds the
 * controller's error counters, the bus-change packets the host sent and,
 * per channel, the CPU the host
 * interrupts (-1 once rescinded), the commands completed and how many of
 * those completed on another CPU than the one that sent them.
 */

#include <linux/debugfs.h>
#include <linux/rcupdate.h>
#include <linux/seq_file.h>

#include "hv_storvsc.h"

static struct dentry *storvsc_debugfs_root;

static int storvsc_stats_show(struct seq_file *m, void *unused)
{
	struct storvsc_host *sh = m->private;
	/* Pairs with the release in storvsc_sc_offered(). */
	u16 n = smp_load_acquire(&sh->nr_chans), i;

	seq_printf(m, "srb_errors=%lld bad_packets=%lld busy=%lld enumerate_bus=%lld remove_device=%lld\n",
		   atomic64_read(&sh->stats.srb_errors),
		   atomic64_read(&sh->stats.bad_packets),
		   atomic64_read(&sh->stats.busy),
		   atomic64_read(&sh->stats.enumerate_bus),
		   atomic64_read(&sh->stats.remove_device));
	for (i = 0; i < n; i++) {
		const struct storvsc_chan *chan = &sh->chans[i];
		int cpu = -1;

		/*
		 * A rescinded subchannel is freed after storvsc_sc_rescinded(),
		 * which waits for RCU readers once it has set gone.
		 */
		rcu_read_lock();
		if (!READ_ONCE(chan->gone))
			cpu = vmbus_channel_cpu(chan->ch);
		rcu_read_unlock();
		seq_printf(m, "chan=%u cpu=%d completions=%llu remote=%llu\n",
			   i, cpu, READ_ONCE(chan->completions),
			   READ_ONCE(chan->remote));
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(storvsc_stats);

/**
 * storvsc_debugfs_add() - give a controller its debugfs directory
 * @sh: the controller, its primary channel open
 */
void storvsc_debugfs_add(struct storvsc_host *sh)
{
	sh->debugfs = debugfs_create_dir(dev_name(&sh->hdev->device),
					 storvsc_debugfs_root);
	debugfs_create_file("stats", 0444, sh->debugfs, sh, &storvsc_stats_fops);
}

/**
 * storvsc_debugfs_remove() - remove a controller's debugfs directory
 * @sh: the controller
 *
 * Waits for readers of its files.
 */
void storvsc_debugfs_remove(struct storvsc_host *sh)
{
	debugfs_remove(sh->debugfs);
	sh->debugfs = NULL;
}

/** storvsc_debugfs_init() - create the driver's debugfs directory */
void storvsc_debugfs_init(void)
{
	storvsc_debugfs_root = debugfs_create_dir("hv_storvsc", NULL);
}

/** storvsc_debugfs_exit() - remove the driver's debugfs directory */
void storvsc_debugfs_exit(void)
{
	debugfs_remove(storvsc_debugfs_root);
}
