// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's LUN table: LUNs by target and number, their references, and
 * adding, removing and resizing them with the unit attentions and bus
 * rescans that tell the guest. Backing stores are in storvsp_backing.c,
 * the control files in storvsp_debugfs.c.
 */

#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/vmalloc.h>

#include "../core/model.h"
#include "storvsp.h"

static atomic_t storvsp_next_id;

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
