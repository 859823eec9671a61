// SPDX-License-Identifier: GPL-2.0
/*
 * GPADLs (guest physical address descriptor lists): how the guest shares
 * a buffer with the host. The buffer's page numbers go to the host in a
 * GPADL_HEADER message and as many GPADL_BODY messages as the rest need;
 * the host answers GPADL_CREATED. GPADL_TEARDOWN, answered by
 * GPADL_TORNDOWN, ends the sharing.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/io.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vmbus_private.h"

/* range_buflen is 16 bits: one range header and at most this many PFNs. */
#define VMBUS_GPADL_MAX_PFNS \
	((U16_MAX - sizeof(struct vmbus_gpa_range)) / sizeof(__le64))

/**
 * vmbus_gpadl_nr_msgs() - messages needed to describe a buffer
 * @nr_pfns: the buffer's Hyper-V pages
 *
 * Return: one header message plus the body messages.
 */
u32 vmbus_gpadl_nr_msgs(u32 nr_pfns)
{
	if (nr_pfns <= VMBUS_GPADL_HEADER_PFNS)
		return 1;
	return 1 + DIV_ROUND_UP(nr_pfns - VMBUS_GPADL_HEADER_PFNS,
				VMBUS_GPADL_BODY_PFNS);
}

static u32 vmbus_gpadl_fill_header(void *buf, u32 relid, u32 handle,
				   const u64 *pfns, u32 nr_pfns)
{
	struct vmbus_chanmsg_gpadl_header *h = buf;
	u32 n = min_t(u32, nr_pfns, VMBUS_GPADL_HEADER_PFNS), i;

	h->hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_GPADL_HEADER);
	h->child_relid = cpu_to_le32(relid);
	h->gpadl = cpu_to_le32(handle);
	h->range_buflen = cpu_to_le16(sizeof(struct vmbus_gpa_range) +
				      nr_pfns * sizeof(__le64));
	h->rangecount = cpu_to_le16(1);
	h->range.byte_count = cpu_to_le32(nr_pfns * HV_PAGE_SIZE);
	h->range.byte_offset = 0;
	for (i = 0; i < n; i++)
		h->range.pfn[i] = cpu_to_le64(pfns[i]);
	return sizeof(*h) + n * sizeof(__le64);
}

/**
 * vmbus_gpadl_fill() - build one message of a GPADL
 * @buf: room for SYNIC_MESSAGE_PAYLOAD bytes, zeroed
 * @index: 0 for the header message, n for the n-th body message
 * @relid: the channel the GPADL belongs to
 * @handle: the GPADL handle
 * @pfns: all the buffer's Hyper-V page numbers
 * @nr_pfns: how many, at most VMBUS_GPADL_MAX_PFNS
 *
 * Return: the message's size.
 */
u32 vmbus_gpadl_fill(void *buf, u32 index, u32 relid, u32 handle,
		     const u64 *pfns, u32 nr_pfns)
{
	struct vmbus_chanmsg_gpadl_body *b = buf;
	u32 first, n, i;

	if (!index)
		return vmbus_gpadl_fill_header(buf, relid, handle, pfns,
					       nr_pfns);
	first = VMBUS_GPADL_HEADER_PFNS + (index - 1) * VMBUS_GPADL_BODY_PFNS;
	n = min_t(u32, nr_pfns - first, VMBUS_GPADL_BODY_PFNS);
	b->hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_GPADL_BODY);
	b->msgnumber = cpu_to_le32(index);
	b->gpadl = cpu_to_le32(handle);
	for (i = 0; i < n; i++)
		b->pfn[i] = cpu_to_le64(pfns[first + i]);
	return sizeof(*b) + n * sizeof(__le64);
}

/* The Hyper-V page numbers of a run of guest pages. */
static u64 *vmbus_gpadl_pfns(struct page *pages, u32 nr_pages, u32 *nr_pfns)
{
	const u32 per_page = PAGE_SIZE / HV_PAGE_SIZE;
	u64 *pfns;
	u32 i;

	*nr_pfns = nr_pages * per_page;
	pfns = kvmalloc_array(*nr_pfns, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return NULL;
	for (i = 0; i < *nr_pfns; i++)
		pfns[i] = (page_to_phys(pages + i / per_page) >> HV_PAGE_SHIFT) +
			  i % per_page;
	return pfns;
}

/* The Hyper-V page numbers of a vmalloc() or linear-map buffer. */
static u64 *vmbus_gpadl_buf_pfns(void *buf, u32 size, u32 *nr_pfns)
{
	const u32 per_page = PAGE_SIZE / HV_PAGE_SIZE;
	struct page *page;
	u64 *pfns;
	u32 i;

	*nr_pfns = size / HV_PAGE_SIZE;
	pfns = kvmalloc_array(*nr_pfns, sizeof(*pfns), GFP_KERNEL);
	if (!pfns)
		return NULL;
	for (i = 0; i < *nr_pfns; i++) {
		if (i % per_page == 0) {
			void *va = buf + (size_t)i * HV_PAGE_SIZE;

			page = is_vmalloc_addr(va) ? vmalloc_to_page(va) :
						     virt_to_page(va);
		}
		pfns[i] = (page_to_phys(page) >> HV_PAGE_SHIFT) + i % per_page;
	}
	return pfns;
}

static int vmbus_gpadl_send(struct vmbus_channel *ch, u32 handle,
			    const u64 *pfns, u32 nr_pfns)
{
	u32 i, len, nr_msgs = vmbus_gpadl_nr_msgs(nr_pfns);
	void *buf;
	int ret = 0;

	buf = kmalloc(SYNIC_MESSAGE_PAYLOAD, GFP_KERNEL);
	if (!buf)
		return -ENOMEM;
	for (i = 0; i < nr_msgs && !ret; i++) {
		memset(buf, 0, SYNIC_MESSAGE_PAYLOAD);
		len = vmbus_gpadl_fill(buf, i, ch->relid, handle, pfns,
				       nr_pfns);
		ret = vmbus_post_msg(buf, len, true);
	}
	kfree(buf);
	return ret;
}

static int vmbus_gpadl_wait(struct vmbus_channel *ch, u32 handle,
			    struct vmbus_waiter *w)
{
	const struct vmbus_chanmsg_gpadl_created *resp = (const void *)w->resp;
	int ret = vmbus_waiter_wait(w);

	if (ret)
		return ret;
	ret = le32_to_cpu(resp->creation_status);
	if (ret) {
		pr_err("host refused GPADL %#x of relid %u: %#x\n", handle,
		       ch->relid, ret);
		return -EIO;
	}
	return 0;
}

/*
 * Send the GPADL messages for @pfns and wait for the host's answer. Takes
 * ownership of nothing: the caller frees @pfns.
 */
static int vmbus_gpadl_share(struct vmbus_channel *ch, const u64 *pfns,
			     u32 nr_pfns, u32 *handle)
{
	struct vmbus_waiter *w;
	u32 h;
	int ret;

	if (!nr_pfns || nr_pfns > VMBUS_GPADL_MAX_PFNS)
		return -EINVAL;
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	/* Handle 0 means "none": skip it when the counter wraps. */
	do {
		h = atomic_inc_return(&vmbus_conn.next_gpadl);
	} while (!h);
	vmbus_waiter_init_chan(w, VMBUS_CHANMSG_GPADL_CREATED, ch);
	w->key = h;
	w->match_relid = true;
	w->match_key = true;
	vmbus_waiter_add(w);
	ret = READ_ONCE(ch->rescinded) ? -ENODEV :
	      vmbus_gpadl_send(ch, h, pfns, nr_pfns);
	if (!ret)
		ret = vmbus_gpadl_wait(ch, h, w);
	vmbus_waiter_del(w);
	kfree(w);
	if (!ret)
		*handle = h;
	return ret;
}

/**
 * vmbus_gpadl_establish() - share a run of pages with the host
 * @ch: the channel the GPADL belongs to
 * @pages: the first page
 * @nr_pages: how many pages (of PAGE_SIZE)
 * @handle: set to the new GPADL's handle
 *
 * Return: 0, -ENODEV if the channel was rescinded, or another errno.
 */
int vmbus_gpadl_establish(struct vmbus_channel *ch, struct page *pages,
			  u32 nr_pages, u32 *handle)
{
	u32 nr_pfns;
	u64 *pfns;
	int ret;

	pfns = vmbus_gpadl_pfns(pages, nr_pages, &nr_pfns);
	if (!pfns)
		return -ENOMEM;
	ret = vmbus_gpadl_share(ch, pfns, nr_pfns, handle);
	kvfree(pfns);
	return ret;
}

/**
 * vmbus_gpadl_create() - share a driver's buffer with the host
 * @ch: the channel the GPADL belongs to (offered; open or not)
 * @buf: the buffer: vmalloc() or page-allocator memory, page aligned
 * @size: its bytes, a multiple of PAGE_SIZE
 * @handle: set to the new GPADL's handle, which the driver tells the host
 *	in its own protocol (e.g. a receive buffer)
 *
 * Process context; waits for the host's GPADL_CREATED. The buffer must
 * stay allocated until vmbus_gpadl_destroy() returned 0.
 *
 * Return: 0, -EINVAL for a bad buffer, -ENODEV if the channel was
 * rescinded, -EIO if the host refused, or another errno.
 */
int vmbus_gpadl_create(struct vmbus_channel *ch, void *buf, u32 size,
		       u32 *handle)
{
	u32 nr_pfns;
	u64 *pfns;
	int ret;

	if (!size || !PAGE_ALIGNED(buf) || !PAGE_ALIGNED(size))
		return -EINVAL;
	pfns = vmbus_gpadl_buf_pfns(buf, size, &nr_pfns);
	if (!pfns)
		return -ENOMEM;
	ret = vmbus_gpadl_share(ch, pfns, nr_pfns, handle);
	kvfree(pfns);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_gpadl_create);

/**
 * vmbus_gpadl_destroy() - stop sharing a GPADL's pages with the host
 * @ch: the channel the GPADL belongs to
 * @handle: the GPADL, from vmbus_gpadl_create()
 *
 * Process context; waits for the host's GPADL_TORNDOWN, also after a
 * rescind: the host keeps a rescinded channel's GPADLs (and may use them,
 * until the channel is closed) until it answers, as Hyper-V does. The
 * rescind therefore does not end this wait; an UNLOAD does, for a host
 * that answered UNLOAD holds nothing more.
 *
 * Return: 0 when the host let go of the pages (or the connection was
 * unloaded, which lets go of them too); an errno when the host did not
 * confirm, and the pages must then not be reused.
 */
int vmbus_gpadl_destroy(struct vmbus_channel *ch, u32 handle)
{
	struct vmbus_chanmsg_gpadl_teardown msg = {
		.hdr.msgtype = cpu_to_le32(VMBUS_CHANMSG_GPADL_TEARDOWN),
		.child_relid = cpu_to_le32(ch->relid),
		.gpadl = cpu_to_le32(handle),
	};
	struct vmbus_waiter *w;
	int ret;

	if (READ_ONCE(vmbus_conn.unloaded))
		return 0;
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (!w)
		return -ENOMEM;
	/* Not tied to the channel: its rescind must not end the wait. */
	vmbus_waiter_init(w, VMBUS_CHANMSG_GPADL_TORNDOWN);
	w->key = handle;
	w->match_key = true;
	ret = vmbus_request(&msg, sizeof(msg), w);
	kfree(w);
	/* An unload while waiting also releases the pages. */
	if (ret == -ENODEV && READ_ONCE(vmbus_conn.unloaded))
		ret = 0;
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_gpadl_destroy);
