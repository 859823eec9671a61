// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory for device models: the buffers of GPA-direct packets, and
 * GPADLs the guest shares for its own protocol (receive and send buffers).
 *
 * The host checks every range the guest names before it touches a byte:
 * the range list must lie inside the packet, each range inside its pages,
 * each page a valid page frame.
 */
#include <linux/export.h>
#include <linux/highmem.h>
#include <linux/kernel.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vmbussim.h"

/* Hyper-V pages that a range of @count bytes from @offset touches. */
static u32 vmbussim_range_pages(u32 offset, u32 count)
{
	return DIV_ROUND_UP(offset + count, HV_PAGE_SIZE);
}

/*
 * Copy @len bytes at @off of one checked range to or from @buf; with
 * @buf NULL, only check that their pages are valid.
 */
static int vmbussim_range_copy(const struct vmbus_gpa_range *r, u32 off,
			       u8 *buf, u32 len, bool to_guest)
{
	u32 pos = le32_to_cpu(r->byte_offset) + off;
	u64 hv_pfn, addr;
	u32 chunk;
	void *va;

	while (len) {
		/*
		 * The guest names its DMA addresses in Hyper-V pages; here they
		 * are guest-physical (direct DMA or a swiotlb bounce buffer).
		 */
		hv_pfn = le64_to_cpu(r->pfn[pos / HV_PAGE_SIZE]);
		if (hv_pfn > (u64)PHYS_ADDR_MAX >> HV_PAGE_SHIFT)
			return -EINVAL;
		addr = (hv_pfn << HV_PAGE_SHIFT) + pos % HV_PAGE_SIZE;
		if (!pfn_valid(PHYS_PFN(addr)))
			return -EINVAL;
		chunk = min(len, (u32)HV_PAGE_SIZE - pos % HV_PAGE_SIZE);
		if (buf) {
			va = kmap_local_pfn(PHYS_PFN(addr)) + offset_in_page(addr);
			if (to_guest)
				memcpy(va, buf, chunk);
			else
				memcpy(buf, va, chunk);
			kunmap_local(va);
			buf += chunk;
		}
		pos += chunk;
		len -= chunk;
	}
	return 0;
}

/**
 * vmbussim_gpa_copy() - copy to or from the buffer of a GPA-direct packet
 * @desc: the packet, as the model's @packet hook got it
 * @offset: where in the buffer (all ranges concatenated) to start
 * @buf: host memory
 * @len: bytes to copy
 * @to_guest: direction
 *
 * Return: 0, or -EINVAL if the packet is not GPA-direct, its range list is
 * malformed, a page is invalid or the bytes lie beyond its ranges.
 */
int vmbussim_gpa_copy(const struct vmbus_packet_desc *desc, u32 offset,
		      void *buf, u32 len, bool to_guest)
{
	u8 *at = buf;
	const struct vmbus_gpa_direct_packet *pkt = (const void *)desc;
	u32 end = le16_to_cpu(desc->offset8) * 8;
	u32 pos = sizeof(*pkt), count, off, n, i, take;
	const struct vmbus_gpa_range *r;
	int ret;

	if (le16_to_cpu(desc->type) != VMBUS_PKT_DATA_USING_GPA_DIRECT ||
	    end < sizeof(*pkt))
		return -EINVAL;
	n = le32_to_cpu(pkt->range_count);
	for (i = 0; i < n && len; i++) {
		if (end - pos < sizeof(*r))
			return -EINVAL;
		r = (const void *)desc + pos;
		count = le32_to_cpu(r->byte_count);
		off = le32_to_cpu(r->byte_offset);
		if (off >= HV_PAGE_SIZE || count > U32_MAX - HV_PAGE_SIZE ||
		    (end - pos - sizeof(*r)) / sizeof(__le64) <
		    vmbussim_range_pages(off, count))
			return -EINVAL;
		pos += sizeof(*r) + vmbussim_range_pages(off, count) *
				    sizeof(__le64);
		if (offset >= count) {
			offset -= count;
			continue;
		}
		take = min(len, count - offset);
		ret = vmbussim_range_copy(r, offset, at, take, to_guest);
		if (ret)
			return ret;
		if (at)
			at += take;
		len -= take;
		offset = 0;
	}
	return len ? -EINVAL : 0;
}
EXPORT_SYMBOL_GPL(vmbussim_gpa_copy);

/**
 * vmbussim_gpa_check() - check the buffer of a GPA-direct packet without
 *	copying it
 * @desc: the packet, as the model's @packet hook got it
 * @len: bytes from its start that must be there
 *
 * Return: 0, or -EINVAL as vmbussim_gpa_copy() would for @len bytes.
 */
int vmbussim_gpa_check(const struct vmbus_packet_desc *desc, u32 len)
{
	return vmbussim_gpa_copy(desc, 0, NULL, len, false);
}
EXPORT_SYMBOL_GPL(vmbussim_gpa_check);

/* The GPADL belongs to a channel of @dev and is complete. */
static bool vmbussim_gpadl_of(const struct vmbussim_gpadl *g,
			      const struct vmbussim_dev *dev)
{
	const struct vmbussim_chan *owner;

	spin_lock_irq(&vmbussim.dev_lock);
	owner = g->relid <= VMBUS_MAX_RELID ? vmbussim.relids[g->relid] : NULL;
	spin_unlock_irq(&vmbussim.dev_lock);
	return owner && owner->dev == dev && READ_ONCE(g->have) == g->npfns;
}

/**
 * vmbussim_gpadl_vmap() - map all pages of a complete GPADL
 * @g: the GPADL
 *
 * Return: the mapping (vunmap() it) or NULL.
 */
void *vmbussim_gpadl_vmap(const struct vmbussim_gpadl *g)
{
	struct page **pages;
	void *map;
	u32 i;

	pages = kvmalloc_array(g->npfns, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < g->npfns; i++)
		pages[i] = pfn_to_page(g->pfns[i]);
	map = vmap(pages, g->npfns, VM_MAP, PAGE_KERNEL);
	kvfree(pages);
	return map;
}

/**
 * vmbussim_gpadl_map() - map a GPADL the guest shared on a device
 * @ch: a channel of the device (process context, not holding host.lock)
 * @handle: the GPADL, as the guest named it in the device's protocol
 * @size: set to its size in bytes
 *
 * While it is mapped, the guest's teardown of the GPADL waits: the host
 * answers GPADL_TORNDOWN when the model unmaps it. Models unmap in their
 * close hook at the latest.
 *
 * Return: the mapping, or ERR_PTR(-ENOENT) for a GPADL of no channel of
 * the device, -EBUSY if it maps rings or is mapped already, -ENOMEM.
 */
void *vmbussim_gpadl_map(struct vmbussim_chan *ch, u32 handle, u32 *size)
{
	struct vmbussim_gpadl *g;
	void *map = ERR_PTR(-ENOENT);

	mutex_lock(&vmbussim.gpadl_lock);
	g = __vmbussim_gpadl_find(handle);
	if (!g || !vmbussim_gpadl_of(g, ch->dev))
		goto out;
	map = ERR_PTR(-EBUSY);
	if (g->in_use || g->map)
		goto out;
	map = vmbussim_gpadl_vmap(g);
	if (!map) {
		map = ERR_PTR(-ENOMEM);
		goto out;
	}
	g->map = map;
	*size = g->npfns * HV_PAGE_SIZE;
out:
	mutex_unlock(&vmbussim.gpadl_lock);
	return map;
}
EXPORT_SYMBOL_GPL(vmbussim_gpadl_map);

/**
 * vmbussim_gpadl_unmap() - undo vmbussim_gpadl_map()
 * @ch: a channel of the device
 * @handle: the GPADL
 *
 * If the guest asked for the teardown meanwhile, the GPADL goes and the
 * guest gets its GPADL_TORNDOWN now.
 */
void vmbussim_gpadl_unmap(struct vmbussim_chan *ch, u32 handle)
{
	struct vmbussim_gpadl *g, *found = NULL;
	bool torn = false;

	mutex_lock(&vmbussim.gpadl_lock);
	list_for_each_entry(g, &vmbussim.gpadls, node) {
		if (g->handle == handle && g->map) {
			found = g;
			break;
		}
	}
	if (!WARN_ON_ONCE(!found)) {
		vunmap(found->map);
		found->map = NULL;
		torn = found->teardown_pending;
		if (torn)
			__vmbussim_gpadl_free(found);
	}
	mutex_unlock(&vmbussim.gpadl_lock);
	if (torn)
		vmbussim_gpadl_torndown(handle);
}
EXPORT_SYMBOL_GPL(vmbussim_gpadl_unmap);
