// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs on the host side: collect the guest's page list from a
 * GPADL_HEADER and its GPADL_BODY messages, check every page, answer
 * GPADL_CREATED, and release on GPADL_TEARDOWN.
 *
 * A teardown of a GPADL that an open channel still maps is a guest bug;
 * the host closes the channel on its side first (so it never touches pages
 * the guest may now free) and still answers GPADL_TORNDOWN so the guest
 * does not wait forever. A GPADL a device model maps (a receive buffer)
 * is released when the model unmaps it: GPADL_TORNDOWN waits until then,
 * as a real host finishes its use of the pages before it answers.
 *
 * host.lock serialises the management path; host.gpadl_lock also guards
 * the list and the model's mapping, which device models use from channel
 * work that must not take host.lock.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmbussim.h"

#define vmbussim_gpadl_bad(fmt, ...) do {				\
	atomic64_inc(&vmbussim.msgs_bad);				\
	pr_warn_ratelimited("vmbussim: " fmt "\n", ##__VA_ARGS__);	\
} while (0)

/* The host maps guest pages with vmap(): Hyper-V pages must be pages. */
static_assert(PAGE_SIZE == HV_PAGE_SIZE);

/**
 * __vmbussim_gpadl_find() - look a GPADL up
 * @handle: its handle
 *
 * Caller holds host.gpadl_lock. A GPADL whose teardown waits for a model
 * to unmap it is gone for everyone else.
 *
 * Return: the GPADL or NULL.
 */
struct vmbussim_gpadl *__vmbussim_gpadl_find(u32 handle)
{
	struct vmbussim_gpadl *g;

	lockdep_assert_held(&vmbussim.gpadl_lock);
	list_for_each_entry(g, &vmbussim.gpadls, node)
		if (g->handle == handle && !g->teardown_pending)
			return g;
	return NULL;
}

/* Management path: only it frees GPADLs not pending teardown. */
struct vmbussim_gpadl *vmbussim_gpadl_find(u32 handle)
{
	struct vmbussim_gpadl *g;

	lockdep_assert_held(&vmbussim.lock);
	mutex_lock(&vmbussim.gpadl_lock);
	g = __vmbussim_gpadl_find(handle);
	mutex_unlock(&vmbussim.gpadl_lock);
	return g;
}

/**
 * __vmbussim_gpadl_free() - unlink and free a GPADL
 * @g: the GPADL; caller holds host.gpadl_lock
 */
void __vmbussim_gpadl_free(struct vmbussim_gpadl *g)
{
	lockdep_assert_held(&vmbussim.gpadl_lock);
	list_del(&g->node);
	kvfree(g->pfns);
	kfree(g);
}

static void vmbussim_gpadl_free(struct vmbussim_gpadl *g)
{
	mutex_lock(&vmbussim.gpadl_lock);
	__vmbussim_gpadl_free(g);
	mutex_unlock(&vmbussim.gpadl_lock);
}

static void vmbussim_gpadl_created(u32 relid, u32 handle, u32 status)
{
	struct vmbus_chanmsg_gpadl_created gc = {};

	gc.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_GPADL_CREATED);
	gc.child_relid = cpu_to_le32(relid);
	gc.gpadl = cpu_to_le32(handle);
	gc.creation_status = cpu_to_le32(status);
	vmbussim_post(&gc, sizeof(gc));
}

/* Append @n PFNs; on a bad one fail and free the GPADL. */
static int vmbussim_gpadl_add(struct vmbussim_gpadl *g, const void *pfn,
			      u32 n)
{
	__le64 raw;
	u32 i;

	if (n > g->npfns - g->have) {
		vmbussim_gpadl_bad("GPADL %u: %u PFNs beyond its %u", g->handle,
				   n, g->npfns);
		return -EINVAL;
	}
	for (i = 0; i < n; i++) {
		u64 p;

		/* The PFNs of a GPADL_HEADER are not 8-byte aligned. */
		memcpy(&raw, pfn + i * sizeof(raw), sizeof(raw));
		p = le64_to_cpu(raw);

		if (p > ULONG_MAX || !pfn_valid(p)) {
			vmbussim_gpadl_bad("GPADL %u: invalid PFN %#llx",
					   g->handle, p);
			return -EINVAL;
		}
		g->pfns[g->have++] = p;
	}
	return 0;
}

static void vmbussim_gpadl_complete(struct vmbussim_gpadl *g, int err)
{
	u32 relid = g->relid, handle = g->handle;

	if (err) {
		vmbussim_gpadl_free(g);
		vmbussim_gpadl_created(relid, handle, VMBUSSIM_STATUS_FAIL);
	} else if (g->have == g->npfns) {
		vmbussim_gpadl_created(relid, handle, 0);
	}
}

static int vmbussim_gpadl_check_header(const struct vmbus_chanmsg_gpadl_header *h,
				       u32 size, u32 *npfns)
{
	u32 buflen = le16_to_cpu(h->range_buflen);
	u32 count, offset;
	struct vmbussim_chan *ch;

	ch = vmbussim_chan_find(le32_to_cpu(h->child_relid));
	if (!ch || ch->state == VMBUSSIM_DEV_NEW ||
	    ch->state == VMBUSSIM_DEV_RESCINDED ||
	    ch->state == VMBUSSIM_DEV_RELEASED)
		return -ENOENT;
	if (le16_to_cpu(h->rangecount) != 1 ||
	    size < sizeof(*h) ||
	    buflen < sizeof(struct vmbus_gpa_range) + sizeof(u64) ||
	    (buflen - sizeof(struct vmbus_gpa_range)) % sizeof(u64))
		return -EINVAL;
	*npfns = (buflen - sizeof(struct vmbus_gpa_range)) / sizeof(u64);
	count = le32_to_cpu(h->range.byte_count);
	offset = le32_to_cpu(h->range.byte_offset);
	if (offset || count != *npfns * HV_PAGE_SIZE)
		return -EINVAL;
	return 0;
}

/**
 * vmbussim_gpadl_header() - handle GPADL_HEADER
 * @buf: the message
 * @size: its size
 */
void vmbussim_gpadl_header(const void *buf, u32 size)
{
	const struct vmbus_chanmsg_gpadl_header *h = buf;
	struct vmbussim_gpadl *g;
	u32 relid, handle, npfns, inmsg;
	int err;

	lockdep_assert_held(&vmbussim.lock);
	if (size < sizeof(*h)) {
		vmbussim_gpadl_bad("GPADL_HEADER too short (%u)", size);
		return;
	}
	relid = le32_to_cpu(h->child_relid);
	handle = le32_to_cpu(h->gpadl);
	err = vmbussim_gpadl_check_header(h, size, &npfns);
	if (!err &&
	    test_and_clear_bit(VMBUSSIM_FAULT_REFUSE_GPADL, &vmbussim.faults)) {
		pr_info("vmbussim: fault: refusing GPADL %u of relid %u\n",
			handle, relid);
		vmbussim_gpadl_created(relid, handle, VMBUSSIM_STATUS_FAIL);
		return;
	}
	if (err || vmbussim_gpadl_find(handle)) {
		vmbussim_gpadl_bad("GPADL_HEADER %u for relid %u refused (%d)",
				   handle, relid, err ?: -EEXIST);
		vmbussim_gpadl_created(relid, handle, VMBUSSIM_STATUS_FAIL);
		return;
	}
	g = kzalloc(sizeof(*g), GFP_KERNEL);
	if (g)
		g->pfns = kvcalloc(npfns, sizeof(u64), GFP_KERNEL);
	if (!g || !g->pfns) {
		kfree(g);
		vmbussim_gpadl_created(relid, handle, VMBUSSIM_STATUS_FAIL);
		return;
	}
	g->handle = handle;
	g->relid = relid;
	g->npfns = npfns;
	mutex_lock(&vmbussim.gpadl_lock);
	list_add_tail(&g->node, &vmbussim.gpadls);
	mutex_unlock(&vmbussim.gpadl_lock);

	inmsg = (size - sizeof(*h)) /
		sizeof(u64);
	err = vmbussim_gpadl_add(g, h->range.pfn, min(inmsg, npfns));
	vmbussim_gpadl_complete(g, err);
}

/**
 * vmbussim_gpadl_body() - handle GPADL_BODY
 * @buf: the message
 * @size: its size
 */
void vmbussim_gpadl_body(const void *buf, u32 size)
{
	const struct vmbus_chanmsg_gpadl_body *b = buf;
	struct vmbussim_gpadl *g;
	u32 handle, n;
	int err;

	lockdep_assert_held(&vmbussim.lock);
	if (size < sizeof(*b) + sizeof(u64)) {
		vmbussim_gpadl_bad("GPADL_BODY too short (%u)", size);
		return;
	}
	handle = le32_to_cpu(b->gpadl);
	g = vmbussim_gpadl_find(handle);
	if (!g || g->have == g->npfns) {
		vmbussim_gpadl_bad("GPADL_BODY for GPADL %u not being built",
				   handle);
		return;
	}
	n = (size - sizeof(*b)) / sizeof(u64);
	err = vmbussim_gpadl_add(g, b->pfn, min(n, g->npfns - g->have));
	vmbussim_gpadl_complete(g, err);
}

/**
 * vmbussim_gpadl_teardown() - handle GPADL_TEARDOWN
 * @buf: the message
 * @size: its size
 */
void vmbussim_gpadl_teardown(const void *buf, u32 size)
{
	const struct vmbus_chanmsg_gpadl_teardown *t = buf;
	struct vmbussim_gpadl *g;
	struct vmbussim_chan *ch;
	bool mapped;
	u32 handle;

	lockdep_assert_held(&vmbussim.lock);
	if (size < sizeof(*t)) {
		vmbussim_gpadl_bad("GPADL_TEARDOWN too short (%u)", size);
		return;
	}
	handle = le32_to_cpu(t->gpadl);
	g = vmbussim_gpadl_find(handle);
	if (!g || g->relid != le32_to_cpu(t->child_relid)) {
		vmbussim_gpadl_bad("GPADL_TEARDOWN of unknown GPADL %u", handle);
		return;
	}
	if (g->in_use) {
		ch = vmbussim_chan_find(g->relid);
		vmbussim_gpadl_bad("GPADL_TEARDOWN of GPADL %u in use by relid %u: closing it",
				   handle, g->relid);
		if (ch && ch->gpadl == g)
			vmbussim_chan_close(ch);
	}
	mutex_lock(&vmbussim.gpadl_lock);
	mapped = g->map;
	if (mapped)
		g->teardown_pending = true;
	else
		__vmbussim_gpadl_free(g);
	mutex_unlock(&vmbussim.gpadl_lock);
	if (!mapped)
		vmbussim_gpadl_torndown(handle);
}

/**
 * vmbussim_gpadl_torndown() - tell the guest a GPADL is gone
 * @handle: the GPADL
 */
void vmbussim_gpadl_torndown(u32 handle)
{
	struct vmbus_chanmsg_gpadl_torndown resp = {};

	resp.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_GPADL_TORNDOWN);
	resp.gpadl = cpu_to_le32(handle);
	vmbussim_post(&resp, sizeof(resp));
}

/* The guest released @relid: its GPADLs are gone with it. */
void vmbussim_gpadl_drop_relid(u32 relid)
{
	struct vmbussim_gpadl *g, *tmp;

	lockdep_assert_held(&vmbussim.lock);
	mutex_lock(&vmbussim.gpadl_lock);
	list_for_each_entry_safe(g, tmp, &vmbussim.gpadls, node) {
		if (g->relid != relid || g->in_use)
			continue;
		/* Models unmap in their close hook, before any release. */
		if (WARN_ON_ONCE(g->map))
			continue;
		__vmbussim_gpadl_free(g);
	}
	mutex_unlock(&vmbussim.gpadl_lock);
}

void vmbussim_gpadl_drop_all(void)
{
	struct vmbussim_gpadl *g, *tmp;

	lockdep_assert_held(&vmbussim.lock);
	mutex_lock(&vmbussim.gpadl_lock);
	list_for_each_entry_safe(g, tmp, &vmbussim.gpadls, node) {
		/* Channels are closed, models unmapped in their close hook. */
		if (WARN_ON_ONCE(g->in_use || g->map))
			continue;
		__vmbussim_gpadl_free(g);
	}
	mutex_unlock(&vmbussim.gpadl_lock);
}
