// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's LUN table and backing stores (RAM or a file), and its control
 * files in /sys/kernel/debug/vmbussim_storvsp/<instance>/: ctl (add and
 * remove LUNs, arm faults), luns (the table). The formats are documented
 * in Documentation/vmbussim.rst.
 */

#include <linux/debugfs.h>
#include <linux/fs.h>
#include <linux/mutex.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "../core/model.h"
#include "storvsp.h"

#define STORVSP_CMD_MAX		256
/* Smallest and largest RAM LUN. */
#define STORVSP_MIN_BYTES	(64 * 1024)
#define STORVSP_MAX_RAM		(4ULL << 30)

static atomic_t storvsp_next_id;

/* The debugfs root, shared by every storvsp device while one exists. */
static DEFINE_MUTEX(storvsp_root_lock);
static struct dentry *storvsp_root;
static unsigned int storvsp_root_users;

static void storvsp_lun_release(struct kref *ref)
{
	struct storvsp_lun *l = container_of(ref, struct storvsp_lun, ref);

	vfree(l->ram);
	if (l->file)
		filp_close(l->file, NULL);
	kfree(l);
}

/**
 * storvsp_lun_put() - drop a reference to a LUN
 * @l: the LUN
 *
 * Context: process context (the last put closes a file).
 */
void storvsp_lun_put(struct storvsp_lun *l)
{
	kref_put(&l->ref, storvsp_lun_release);
}

static void storvsp_lun_put_work(struct work_struct *work)
{
	storvsp_lun_put(container_of(work, struct storvsp_lun, put_work));
}

/**
 * storvsp_lun_put_atomic() - drop a reference where sleeping is not allowed
 * @l: the LUN
 *
 * The last reference (the LUN was removed meanwhile) is dropped by the
 * host's work queue, which module exit drains.
 */
void storvsp_lun_put_atomic(struct storvsp_lun *l)
{
	if (!refcount_dec_not_one(&l->ref.refcount))
		vmbussim_defer(&l->put_work);
}

/**
 * storvsp_lun_get() - the LUN at an address, referenced
 * @sp: the device
 * @target: target id
 * @lun: LUN
 *
 * Return: the LUN (put it with storvsp_lun_put()) or NULL.
 */
struct storvsp_lun *storvsp_lun_get(struct storvsp *sp, u8 target, u8 lun)
{
	struct storvsp_lun *l;

	if (target >= STORVSP_TARGETS)
		return NULL;
	spin_lock(&sp->lock);
	l = sp->luns[target][lun];
	if (l)
		kref_get(&l->ref);
	spin_unlock(&sp->lock);
	return l;
}

/**
 * storvsp_target_luns() - the LUNs of a path and target
 * @sp: the device
 * @path: path (SCSI channel) id; every LUN is on path 0
 * @target: target id, any
 * @luns: STORVSP_LUNS bytes, set to the LUN numbers in order
 *
 * Return: how many; 0 for an address outside the table.
 */
u32 storvsp_target_luns(struct storvsp *sp, u8 path, u8 target, u8 *luns)
{
	u32 i, n = 0;

	if (path || target >= STORVSP_TARGETS)
		return 0;
	spin_lock(&sp->lock);
	for (i = 0; i < STORVSP_LUNS; i++)
		if (sp->luns[target][i])
			luns[n++] = i;
	spin_unlock(&sp->lock);
	return n;
}

/* Arm UNIT ATTENTION @ua on every LUN of @target but @except. */
static void storvsp_target_ua(struct storvsp *sp, u8 target, u8 except,
			      enum storvsp_ua ua)
{
	u32 i;

	spin_lock(&sp->lock);
	for (i = 0; i < STORVSP_LUNS; i++)
		if (sp->luns[target][i] && i != except)
			atomic_set(&sp->luns[target][i]->pending_ua, ua);
	spin_unlock(&sp->lock);
}

static int storvsp_lun_backing(struct storvsp_lun *l, u64 bytes,
			       const char *path)
{
	if (path) {
		l->file = filp_open(path, O_RDWR | O_LARGEFILE, 0);
		if (IS_ERR(l->file)) {
			int ret = PTR_ERR(l->file);

			l->file = NULL;
			return ret;
		}
		if (!bytes)
			bytes = i_size_read(file_inode(l->file));
	} else if (bytes > STORVSP_MAX_RAM) {
		return -E2BIG;
	}
	bytes = round_down(bytes, STORVSP_BLOCK_SIZE);
	if (bytes < STORVSP_MIN_BYTES)
		return -EINVAL;
	l->blocks = bytes / STORVSP_BLOCK_SIZE;
	if (!path) {
		l->ram = vzalloc(bytes);
		if (!l->ram)
			return -ENOMEM;
	}
	return 0;
}

/**
 * storvsp_lun_add() - add a LUN and tell the guest
 * @sp: the device
 * @target: target id
 * @lun: LUN
 * @bytes: capacity; 0 with a file: the file's size
 * @path: a file to back the LUN, or NULL for RAM
 * @quiet: send no ENUMERATE_BUS: the target's other LUNs report
 *	REPORTED LUNS DATA HAS CHANGED on their next command instead
 *
 * Return: 0, -EEXIST, -EINVAL for a bad address or size, or an errno.
 */
int storvsp_lun_add(struct storvsp *sp, u8 target, u8 lun, u64 bytes,
		    const char *path, bool quiet)
{
	struct storvsp_lun *l;
	int ret;

	if (target >= (sp->ide ? 1 : STORVSP_TARGETS) ||
	    lun >= (sp->ide ? STORVSP_IDE_LUNS : STORVSP_LUNS - 1))
		return -EINVAL;
	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return -ENOMEM;
	kref_init(&l->ref);
	init_rwsem(&l->resize);
	INIT_WORK(&l->put_work, storvsp_lun_put_work);
	l->target = target;
	l->lun = lun;
	l->id = atomic_inc_return(&storvsp_next_id);
	ret = storvsp_lun_backing(l, bytes, path);
	if (ret)
		goto err_put;
	spin_lock(&sp->lock);
	ret = sp->luns[target][lun] ? -EEXIST : 0;
	if (!ret)
		sp->luns[target][lun] = l;
	spin_unlock(&sp->lock);
	if (ret)
		goto err_put;
	if (quiet)
		storvsp_target_ua(sp, target, lun, STORVSP_UA_LUNS);
	else
		storvsp_notify_bus_change(sp, false);
	return 0;

err_put:
	storvsp_lun_put(l);
	return ret;
}

/**
 * storvsp_lun_remove() - remove a LUN and tell the guest (ENUMERATE_BUS)
 * @sp: the device
 * @target: target id
 * @lun: LUN
 *
 * Commands using it finish first; later ones get INVALID_LUN, also when
 * it was the last LUN of its target.
 *
 * Return: 0 or -ENOENT.
 */
int storvsp_lun_remove(struct storvsp *sp, u8 target, u8 lun)
{
	struct storvsp_lun *l;

	if (target >= STORVSP_TARGETS)
		return -ENOENT;
	spin_lock(&sp->lock);
	l = sp->luns[target][lun];
	sp->luns[target][lun] = NULL;
	spin_unlock(&sp->lock);
	if (!l)
		return -ENOENT;
	storvsp_lun_put(l);
	storvsp_notify_bus_change(sp, false);
	return 0;
}

/**
 * storvsp_lun_resize() - change a LUN's capacity; it reports UNIT
 *	ATTENTION CAPACITY DATA HAS CHANGED on its next command
 * @sp: the device
 * @target: target id
 * @lun: LUN
 * @bytes: the new capacity (a RAM LUN keeps its first bytes; a file is
 *	not truncated, blocks past its end read as zeros)
 *
 * Commands using the LUN finish first.
 *
 * Return: 0, -ENOENT, -EINVAL for a bad size, -ENOMEM.
 */
int storvsp_lun_resize(struct storvsp *sp, u8 target, u8 lun, u64 bytes)
{
	struct storvsp_lun *l = storvsp_lun_get(sp, target, lun);
	u8 *ram = NULL;
	int ret = 0;

	if (!l)
		return -ENOENT;
	bytes = round_down(bytes, STORVSP_BLOCK_SIZE);
	if (bytes < STORVSP_MIN_BYTES || (l->ram && bytes > STORVSP_MAX_RAM)) {
		ret = -EINVAL;
		goto out_put;
	}
	if (l->ram) {
		ram = vzalloc(bytes);
		if (!ram) {
			ret = -ENOMEM;
			goto out_put;
		}
	}
	down_write(&l->resize);
	if (ram) {
		memcpy(ram, l->ram, min_t(u64, bytes,
					  l->blocks * STORVSP_BLOCK_SIZE));
		swap(ram, l->ram);
	}
	l->blocks = bytes / STORVSP_BLOCK_SIZE;
	atomic_set(&l->pending_ua, STORVSP_UA_CAPACITY);
	up_write(&l->resize);
	vfree(ram);
out_put:
	storvsp_lun_put(l);
	return ret;
}

/**
 * storvsp_luns_free() - drop every LUN (the device goes away)
 * @sp: the device
 */
void storvsp_luns_free(struct storvsp *sp)
{
	u32 t, i;

	for (t = 0; t < STORVSP_TARGETS; t++)
		for (i = 0; i < STORVSP_LUNS; i++)
			if (sp->luns[t][i])
				storvsp_lun_put(sp->luns[t][i]);
}

/**
 * storvsp_lun_io() - read or write a file-backed LUN
 * @l: the LUN
 * @off: byte offset
 * @buf: the data
 * @len: its length
 * @write: write (else read)
 *
 * Return: 0 or -EIO.
 */
int storvsp_lun_io(struct storvsp_lun *l, u64 off, void *buf, u32 len,
		   bool write)
{
	loff_t pos = off;
	ssize_t n;

	while (len) {
		n = write ? kernel_write(l->file, buf, len, &pos) :
			    kernel_read(l->file, buf, len, &pos);
		if (n <= 0) {
			/* Past the end of a sparse file reads zeros. */
			if (!write && !n) {
				memset(buf, 0, len);
				return 0;
			}
			return -EIO;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/**
 * storvsp_lun_sync() - flush a LUN's backing store
 * @l: the LUN
 *
 * Return: 0 or -EIO.
 */
int storvsp_lun_sync(struct storvsp_lun *l)
{
	return l->file && vfs_fsync(l->file, 0) ? -EIO : 0;
}

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
	mutex_lock(&storvsp_root_lock);
	if (!storvsp_root_users++)
		storvsp_root = debugfs_create_dir("vmbussim_storvsp", NULL);
	sp->dir = debugfs_create_dir(name, storvsp_root);
	mutex_unlock(&storvsp_root_lock);
	debugfs_create_file("ctl", 0200, sp->dir, sp, &storvsp_ctl_fops);
	debugfs_create_file("luns", 0444, sp->dir, sp, &storvsp_luns_fops);
}

/**
 * storvsp_debugfs_remove() - remove the device's control files
 * @sp: the device
 */
void storvsp_debugfs_remove(struct storvsp *sp)
{
	mutex_lock(&storvsp_root_lock);
	debugfs_remove_recursive(sp->dir);
	if (!--storvsp_root_users) {
		debugfs_remove_recursive(storvsp_root);
		storvsp_root = NULL;
	}
	mutex_unlock(&storvsp_root_lock);
}
