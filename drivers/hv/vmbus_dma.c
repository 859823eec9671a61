// SPDX-License-Identifier: GPL-2.0
/*
 * Data pages through the DMA API. Every byte a client hands the host by
 * page number (GPA-direct packets) is mapped for the VMBus device first,
 * and the page numbers are those of the DMA addresses: with direct DMA
 * they are the guest-physical pages themselves, with swiotlb (isolated
 * guests, swiotlb=force) the bounce buffer's.
 *
 * The bus gives each device what that needs: a 64-bit DMA mask, no limit
 * on a segment (a GPA range has a 32-bit byte count) and a minimum
 * alignment of a Hyper-V page, so a bounce buffer keeps its data's offset
 * in the page and a scatterlist stays one run of whole pages.
 */

#include <linux/dma-mapping.h>
#include <linux/scatterlist.h>

#include "vmbus_private.h"
#include "vmbus_hyperv.h"

/* Offset of a DMA address in its Hyper-V page. */
static u32 vmbus_hv_offset(u64 addr)
{
	return addr & (HV_PAGE_SIZE - 1);
}

/**
 * vmbus_dma_init_device() - the DMA parameters of a new VMBus device
 * @dev: the device, initialised and not yet added
 */
void vmbus_dma_init_device(struct hv_device *dev)
{
	dev->dma_mask = DMA_BIT_MASK(64);
	dev->device.dma_mask = &dev->dma_mask;
	dev->device.coherent_dma_mask = DMA_BIT_MASK(64);
	dev->device.dma_parms = &dev->dma_parms;
	dma_set_max_seg_size(&dev->device, UINT_MAX);
	dma_set_min_align_mask(&dev->device, HV_PAGE_SIZE - 1);
}

/**
 * vmbus_dma_configure() - the bus type's dma_configure
 * @d: the device a driver is about to bind to
 *
 * On real Hyper-V the VMBus ACPI device says whether DMA is coherent;
 * under a software host (vmbussim) there is no such device and DMA is
 * direct, as the kernel sets up for every device.
 *
 * Return: 0.
 */
int vmbus_dma_configure(struct device *d)
{
	vmbus_hyperv_dma_configure(READ_ONCE(vmbus_conn.ops), d);
	return 0;
}

/**
 * vmbus_gpa_range_fill() - one range for a DMA-contiguous buffer
 * @range: the range to fill
 * @max_pfns: room in @range->pfn
 * @addr: the buffer's DMA address
 * @len: its bytes
 *
 * Return: the page numbers written, -EINVAL for an empty buffer, -E2BIG
 * if it touches more than @max_pfns Hyper-V pages.
 */
int vmbus_gpa_range_fill(struct vmbus_gpa_range *range, u32 max_pfns,
			 u64 addr, u32 len)
{
	u64 pfn = addr >> HV_PAGE_SHIFT;
	u32 i, n;

	if (!len)
		return -EINVAL;
	n = DIV_ROUND_UP_ULL(vmbus_hv_offset(addr) + (u64)len, HV_PAGE_SIZE);
	if (n > max_pfns)
		return -E2BIG;
	range->byte_count = cpu_to_le32(len);
	range->byte_offset = cpu_to_le32(vmbus_hv_offset(addr));
	for (i = 0; i < n; i++)
		range->pfn[i] = cpu_to_le64(pfn + i);
	return n;
}

/* Append the pages of [@addr, @addr + @len) to @range->pfn at *@n. */
static int vmbus_gpa_range_add(struct vmbus_gpa_range *range, u32 max_pfns,
			       u32 *n, u64 addr, u32 len)
{
	u64 pfn = addr >> HV_PAGE_SHIFT;
	u64 last = (addr + len - 1) >> HV_PAGE_SHIFT;

	if (last - pfn >= max_pfns - *n)
		return -E2BIG;
	for (; pfn <= last; pfn++)
		range->pfn[(*n)++] = cpu_to_le64(pfn);
	return 0;
}

/**
 * vmbus_gpa_range_from_sg() - one range for a mapped scatterlist
 * @range: the range to fill
 * @max_pfns: room in @range->pfn
 * @sgl: the list, mapped: its DMA addresses and lengths are read
 * @nents: mapped entries (what dma_map_sg() returned)
 * @len: bytes of data, the sum of the entries' lengths
 *
 * One range is one run of whole pages with an offset into the first:
 * every entry but the first must start on a Hyper-V page and every entry
 * but the last end on one (a block layer's virt_boundary_mask of
 * HV_PAGE_SIZE - 1 gives that, and the device's DMA min_align_mask keeps
 * it through a bounce buffer).
 *
 * Return: the page numbers written; -EINVAL if the list is empty, breaks
 * that rule or does not add up to @len; -E2BIG if it needs more than
 * @max_pfns pages.
 */
int vmbus_gpa_range_from_sg(struct vmbus_gpa_range *range, u32 max_pfns,
			    struct scatterlist *sgl, unsigned int nents,
			    u32 len)
{
	struct scatterlist *sg;
	u32 n = 0, total = 0, seg;
	unsigned int i;
	u64 addr;
	int ret;

	if (!len || !nents)
		return -EINVAL;
	for_each_sg(sgl, sg, nents, i) {
		addr = sg_dma_address(sg);
		seg = sg_dma_len(sg);
		if (!seg || seg > len - total ||
		    (i && vmbus_hv_offset(addr)) ||
		    (i + 1 < nents && vmbus_hv_offset(addr + seg)))
			return -EINVAL;
		ret = vmbus_gpa_range_add(range, max_pfns, &n, addr, seg);
		if (ret)
			return ret;
		total += seg;
	}
	if (total != len)
		return -EINVAL;
	range->byte_count = cpu_to_le32(len);
	range->byte_offset = cpu_to_le32(vmbus_hv_offset(sg_dma_address(sgl)));
	return n;
}

/**
 * vmbus_dma_map_sg() - map a scatterlist for the host as one GPA range
 * @dev: the VMBus device the data goes to
 * @sgl: the data
 * @nents: entries of @sgl
 * @len: bytes of data
 * @dir: the direction of the transfer
 * @range: receives the range (page numbers of the DMA addresses)
 * @max_pfns: room in @range->pfn
 *
 * The list must make one run of whole Hyper-V pages (see
 * vmbus_gpa_range_from_sg()). On success the data stays mapped until
 * vmbus_dma_unmap_sg(), which the caller owes once the host is done with
 * it, on every path; on failure nothing stays mapped.
 *
 * Return: the page numbers written (vmbus_gpa_range_size() of them is the
 * range's size), -ENOMEM if the DMA mapping failed (retry later), or
 * -EINVAL/-E2BIG as vmbus_gpa_range_from_sg().
 */
int vmbus_dma_map_sg(struct hv_device *dev, struct scatterlist *sgl,
		     unsigned int nents, u32 len, enum dma_data_direction dir,
		     struct vmbus_gpa_range *range, u32 max_pfns)
{
	int mapped, ret;

	if (!len || !nents)
		return -EINVAL;
	mapped = dma_map_sg(&dev->device, sgl, nents, dir);
	if (mapped <= 0)
		return -ENOMEM;
	ret = vmbus_gpa_range_from_sg(range, max_pfns, sgl, mapped, len);
	if (ret < 0)
		dma_unmap_sg(&dev->device, sgl, nents, dir);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_dma_map_sg);

/**
 * vmbus_dma_unmap_sg() - undo vmbus_dma_map_sg()
 * @dev: the device given to vmbus_dma_map_sg()
 * @sgl: the list given to it
 * @nents: the entries given to it (not the mapped count)
 * @dir: the direction given to it
 *
 * Data the host wrote becomes visible to the CPU here (a bounce buffer is
 * copied back).
 */
void vmbus_dma_unmap_sg(struct hv_device *dev, struct scatterlist *sgl,
			unsigned int nents, enum dma_data_direction dir)
{
	dma_unmap_sg(&dev->device, sgl, nents, dir);
}
EXPORT_SYMBOL_GPL(vmbus_dma_unmap_sg);

/**
 * vmbus_dma_map_page() - map a physically contiguous buffer for the host
 *	as one GPA range
 * @dev: the VMBus device the data goes to
 * @page: the buffer's first page
 * @offset: the buffer's offset in @page
 * @len: its bytes; it may run on into the pages after @page
 * @dir: the direction of the transfer
 * @range: receives the range
 * @max_pfns: room in @range->pfn
 * @addr: receives the DMA address, for vmbus_dma_unmap_page()
 *
 * On failure nothing stays mapped.
 *
 * Return: the page numbers written, -EINVAL for an empty buffer, -E2BIG
 * if it needs more than @max_pfns pages, -ENOMEM if the DMA mapping
 * failed.
 */
int vmbus_dma_map_page(struct hv_device *dev, struct page *page, u32 offset,
		       u32 len, enum dma_data_direction dir,
		       struct vmbus_gpa_range *range, u32 max_pfns,
		       dma_addr_t *addr)
{
	int ret;

	if (!len)
		return -EINVAL;
	*addr = dma_map_page(&dev->device, page, offset, len, dir);
	if (dma_mapping_error(&dev->device, *addr))
		return -ENOMEM;
	ret = vmbus_gpa_range_fill(range, max_pfns, *addr, len);
	if (ret < 0)
		dma_unmap_page(&dev->device, *addr, len, dir);
	return ret;
}
EXPORT_SYMBOL_GPL(vmbus_dma_map_page);

/**
 * vmbus_dma_unmap_page() - undo vmbus_dma_map_page()
 * @dev: the device given to vmbus_dma_map_page()
 * @addr: the DMA address it returned
 * @len: the length given to it
 * @dir: the direction given to it
 */
void vmbus_dma_unmap_page(struct hv_device *dev, dma_addr_t addr, u32 len,
			  enum dma_data_direction dir)
{
	dma_unmap_page(&dev->device, addr, len, dir);
}
EXPORT_SYMBOL_GPL(vmbus_dma_unmap_page);
