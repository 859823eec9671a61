// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's control files in /sys/kernel/debug/vmbussim/<instance>/: ctl
 * (add and remove LUNs, resize them, set WWNs, arm faults) and luns (the
 * table). The formats are documented in Documentation/vmbussim.rst.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>

#include "../core/model.h"
#include "storvsp.h"

#define STORVSP_CMD_MAX		256

static const char *const storvsp_fault_names[STORVSP_FAULT_COUNT] = {
	[STORVSP_FAULT_SRB_ERROR] = "srb_error",
	[STORVSP_FAULT_SENSE_ERROR] = "sense_error",
	[STORVSP_FAULT_BAD_COMPLETION] = "bad_completion",
	[STORVSP_FAULT_BAD_SENSE_LEN] = "bad_sense_len",
	[STORVSP_FAULT_BUS_RESET] = "bus_reset",
	[STORVSP_FAULT_ABORTED] = "aborted",
	[STORVSP_FAULT_TIMEOUT] = "timeout",
	[STORVSP_FAULT_FCHBA_FAIL] = "fchba_fail",
};

static int storvsp_fault_cmd(struct storvsp *sp, char *args)
{
	char *name = strsep(&args, " ");
	u32 n, i;

	if (!args || kstrtou32(strim(args), 0, &n))
		return -EINVAL;
	if (!strcmp(name, "delay_ms")) {
		WRITE_ONCE(sp->delay_ms, min(n, 10000U));
		return 0;
	}
	for (i = 0; i < STORVSP_FAULT_COUNT; i++) {
		if (!strcmp(name, storvsp_fault_names[i])) {
			atomic_set(&sp->faults[i], n);
			return 0;
		}
	}
	return -EINVAL;
}

/* "<target>:<lun>" */
static int storvsp_parse_addr(const char *s, u8 *target, u8 *lun)
{
	unsigned int t, l;

	if (sscanf(s, "%u:%u", &t, &l) != 2 || t > U8_MAX || l > U8_MAX)
		return -EINVAL;
	*target = t;
	*lun = l;
	return 0;
}

/* "add <t>:<l> <size>" or "add <t>:<l> file=<path> [<size>]", [quiet] */
static int storvsp_add_cmd(struct storvsp *sp, char *args)
{
	char *addr = strsep(&args, " "), *arg, *path = NULL;
	bool quiet = false;
	u64 bytes = 0;
	u8 t, l;

	if (storvsp_parse_addr(addr, &t, &l))
		return -EINVAL;
	while ((arg = strsep(&args, " "))) {
		if (!*arg)
			continue;
		if (!strcmp(arg, "quiet"))
			quiet = true;
		else if (!strncmp(arg, "file=", 5))
			path = arg + 5;
		else
			bytes = memparse(arg, NULL);
	}
	if (!path && !bytes)
		return -EINVAL;
	return storvsp_lun_add(sp, t, l, bytes, path, quiet);
}

/* "wwn <port> <node>" (FC class) */
static int storvsp_wwn_cmd(struct storvsp *sp, char *args)
{
	char *port = strsep(&args, " ");
	u64 p, n;

	if (!sp->fc || !args || kstrtou64(port, 16, &p) ||
	    kstrtou64(strim(args), 16, &n))
		return -EINVAL;
	storvsp_fc_set_names(sp, p, n);
	return 0;
}

/* "resize <t>:<l> <size>" */
static int storvsp_resize_cmd(struct storvsp *sp, char *args)
{
	char *addr = strsep(&args, " ");
	u64 bytes;
	u8 t, l;

	if (storvsp_parse_addr(addr, &t, &l) || !args)
		return -EINVAL;
	bytes = memparse(strim(args), NULL);
	return storvsp_lun_resize(sp, t, l, bytes);
}

static int storvsp_ctl_cmd(struct storvsp *sp, char *cmd)
{
	char *verb = strsep(&cmd, " ");
	u8 t, l;

	if (!cmd)
		return -EINVAL;
	cmd = strim(cmd);
	if (!strcmp(verb, "add"))
		return storvsp_add_cmd(sp, cmd);
	if (!strcmp(verb, "remove"))
		return storvsp_parse_addr(cmd, &t, &l) ?:
		       storvsp_lun_remove(sp, t, l);
	if (!strcmp(verb, "resize"))
		return storvsp_resize_cmd(sp, cmd);
	if (!strcmp(verb, "wwn"))
		return storvsp_wwn_cmd(sp, cmd);
	if (!strcmp(verb, "fault"))
		return storvsp_fault_cmd(sp, cmd);
	if (!strcmp(verb, "event")) {
		storvsp_notify_bus_change(sp, !strcmp(cmd, "remove"));
		return 0;
	}
	return -EINVAL;
}

static ssize_t storvsp_ctl_write(struct file *file, const char __user *ubuf,
				 size_t len, loff_t *ppos)
{
	struct storvsp *sp = file->private_data;
	char buf[STORVSP_CMD_MAX];
	int ret;

	if (len >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, len))
		return -EFAULT;
	buf[len] = '\0';
	ret = storvsp_ctl_cmd(sp, strim(buf));
	return ret ?: len;
}

static const struct file_operations storvsp_ctl_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = storvsp_ctl_write,
	.llseek = noop_llseek,
};

static int storvsp_luns_show(struct seq_file *m, void *v)
{
	struct storvsp *sp = m->private;
	struct storvsp_lun *l;
	u32 t, i;

	for (t = 0; t < STORVSP_TARGETS; t++) {
		for (i = 0; i < STORVSP_LUNS; i++) {
			l = storvsp_lun_get(sp, t, i);
			if (!l)
				continue;
			seq_printf(m, "%u:%u blocks=%llu backing=%s serial=VMBSIM%08X\n",
				   t, i, l->blocks, l->ram ? "ram" : "file",
				   l->id);
			storvsp_lun_put(l);
		}
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(storvsp_luns);

/**
 * storvsp_debugfs_add() - create the device's control files
 * @sp: the device
 * @name: its directory's name (the instance GUID)
 */
void storvsp_debugfs_add(struct storvsp *sp, const char *name)
{
	sp->dir = debugfs_create_dir(name, vmbussim_debugfs_root());
	debugfs_create_file("ctl", 0200, sp->dir, sp, &storvsp_ctl_fops);
	debugfs_create_file("luns", 0444, sp->dir, sp, &storvsp_luns_fops);
}

/**
 * storvsp_debugfs_remove() - remove the device's control files
 * @sp: the device
 */
void storvsp_debugfs_remove(struct storvsp *sp)
{
	debugfs_remove_recursive(sp->dir);
}
