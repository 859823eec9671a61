// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs view of the IC instances, for tests and debugging:
 *   hv_utils/<instance GUID>/ic         negotiated versions and counters
 *   hv_utils/<instance GUID>/<service>  the service's own state, if any
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "ic.h"

static struct dentry *ic_debugfs_root;

static int ic_state_show(struct seq_file *m, void *unused)
{
	struct ic_instance *inst = m->private;
	/* Pair with the WRITE_ONCE()s in ic_negotiate(); values only. */
	u32 fw = READ_ONCE(inst->fw_version);
	u32 srv = READ_ONCE(inst->srv_version);

	seq_printf(m, "service: %s\n", inst->svc->name);
	seq_printf(m, "framework: %u.%u\n", ic_version_major(fw),
		   ic_version_minor(fw));
	seq_printf(m, "version: %u.%u\n", ic_version_major(srv),
		   ic_version_minor(srv));
	seq_printf(m, "requests: %lld\n",
		   (long long)atomic64_read(&inst->stats.requests));
	seq_printf(m, "dropped: %lld\n",
		   (long long)atomic64_read(&inst->stats.dropped));
	seq_printf(m, "failed: %lld\n",
		   (long long)atomic64_read(&inst->stats.failed));
	seq_printf(m, "send_errors: %lld\n",
		   (long long)atomic64_read(&inst->stats.send_errors));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ic_state);

static int ic_service_show(struct seq_file *m, void *unused)
{
	struct ic_instance *inst = m->private;

	inst->svc->show(m, inst);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(ic_service);

/**
 * ic_debugfs_init() - create the driver's debugfs directory
 *
 * Failure is not fatal: debugfs is only for debugging.
 */
void ic_debugfs_init(void)
{
	ic_debugfs_root = debugfs_create_dir(KBUILD_MODNAME, NULL);
}

/**
 * ic_debugfs_exit() - remove the driver's debugfs directory
 */
void ic_debugfs_exit(void)
{
	debugfs_remove_recursive(ic_debugfs_root);
	ic_debugfs_root = NULL;
}

/**
 * ic_debugfs_add() - create an instance's debugfs files
 * @inst: the instance
 * @name: its directory name (the device's name)
 */
void ic_debugfs_add(struct ic_instance *inst, const char *name)
{
	inst->debugfs = debugfs_create_dir(name, ic_debugfs_root);
	debugfs_create_file("ic", 0444, inst->debugfs, inst, &ic_state_fops);
	if (inst->svc->show)
		debugfs_create_file(inst->svc->name, 0444, inst->debugfs, inst,
				    &ic_service_fops);
}

/**
 * ic_debugfs_remove() - remove an instance's debugfs files
 * @inst: the instance
 *
 * Waits for readers still inside the files, so @inst may be freed next.
 */
void ic_debugfs_remove(struct ic_instance *inst)
{
	debugfs_remove_recursive(inst->debugfs);
	inst->debugfs = NULL;
}
