// SPDX-License-Identifier: GPL-2.0
/*
 * The pure parts of hv_storvsc, tested by KUnit: validation of what the
 * host sends back, the meaning of its SRB status for the SCSI midlayer,
 * the page list of a command's data, and the host's limits clamped to
 * what the driver can do.
 */

#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/scatterlist.h>
#include <scsi/scsi.h>
#include <scsi/scsi_proto.h>

#include "hv_storvsc.h"

/* Sense keys and codes that make the driver rescan. */
#define STORVSC_ASC_CAPACITY	0x2a	/* parameters changed ... */
#define STORVSC_ASCQ_CAPACITY	0x09	/* ... capacity data has changed */
#define STORVSC_ASC_TARGET	0x3f	/* target operating conditions ... */
#define STORVSC_ASCQ_LUNS	0x0e	/* ... reported luns data changed */

/**
 * storvsc_check_ctl_answer() - validate the host's answer to a control
 *	request
 * @pkt: the answer's payload
 * @len: its length
 *
 * Return: 0, or -EBADMSG if it is too short or not a COMPLETE_IO.
 */
int storvsc_check_ctl_answer(const struct vstor_packet *pkt, u32 len)
{
	if (len < sizeof(*pkt) ||
	    le32_to_cpu(pkt->operation) != VSTOR_OP_COMPLETE_IO)
		return -EBADMSG;
	return 0;
}

/**
 * storvsc_check_completion() - validate the host's completion of an SRB
 * @pkt: the completion's payload, a private copy
 * @len: its length
 * @requested: the bytes of data the request offered
 *
 * Return: 0, or -EBADMSG if the completion is too short, of the wrong
 * operation, still pending, or claims more sense or data than there was
 * room for.
 */
int storvsc_check_completion(const struct vstor_packet *pkt, u32 len,
			     u32 requested)
{
	const struct vstor_srb *srb = &pkt->srb;

	if (storvsc_check_ctl_answer(pkt, len))
		return -EBADMSG;
	if (VSTOR_SRB_STATUS(srb->srb_status) == VSTOR_SRB_PENDING)
		return -EBADMSG;
	if (srb->sense_info_length > VSTOR_SENSE_MAX)
		return -EBADMSG;
	if (le32_to_cpu(srb->data_transfer_length) > requested)
		return -EBADMSG;
	return 0;
}

/* Sense data that asks for a rescan of the LUN or of the host. */
static void storvsc_map_sense(const u8 *sense, u8 sense_len,
			      struct storvsc_result *res)
{
	struct scsi_sense_hdr sshdr;

	if (!scsi_normalize_sense(sense, sense_len, &sshdr) ||
	    sshdr.sense_key != UNIT_ATTENTION)
		return;
	if (sshdr.asc == STORVSC_ASC_CAPACITY &&
	    sshdr.ascq == STORVSC_ASCQ_CAPACITY)
		res->rescan_lun = true;
	if (sshdr.asc == STORVSC_ASC_TARGET && sshdr.ascq == STORVSC_ASCQ_LUNS)
		res->rescan_host = true;
}

/**
 * storvsc_map_result() - what an SRB's completion status means
 * @srb_status: the SRB status byte, flags included
 * @scsi_status: the SCSI status byte
 * @sense: the sense data the host returned
 * @sense_len: its length (validated: at most VSTOR_SENSE_MAX)
 * @res: set to the host byte and the follow-up actions
 *
 * A command the device answered (success, or an error with sense data)
 * goes to the midlayer with DID_OK so that it decides on the SCSI status
 * and sense; transport problems get the host byte that makes the midlayer
 * retry (DID_RESET, DID_ERROR), run its error handler (DID_TIME_OUT) or
 * give up on the device (DID_NO_CONNECT, for INVALID_LUN only).
 */
void storvsc_map_result(u8 srb_status, u8 scsi_status, const u8 *sense,
			u8 sense_len, struct storvsc_result *res)
{
	bool sense_valid = srb_status & VSTOR_SRB_AUTOSENSE_VALID;

	memset(res, 0, sizeof(*res));
	if (sense_valid)
		storvsc_map_sense(sense, sense_len, res);
	switch (VSTOR_SRB_STATUS(srb_status)) {
	case VSTOR_SRB_SUCCESS:
	case VSTOR_SRB_DATA_OVERRUN:	/* short transfer: residual count */
		res->host_byte = DID_OK;
		return;
	case VSTOR_SRB_INVALID_LUN:
		/*
		 * How a Microsoft host says no LUN is there (whatever the
		 * scsi status): gone for good, as in Linux's own storvsc.
		 */
		res->host_byte = DID_NO_CONNECT;
		res->remove_lun = true;
		return;
	case VSTOR_SRB_BUS_RESET:
		res->host_byte = DID_RESET;
		return;
	case VSTOR_SRB_TIMEOUT:
		res->host_byte = DID_TIME_OUT;
		return;
	default:
		/*
		 * ABORTED among them: the guest aborts nothing, so the host
		 * did (its own reset); retried like any transport error.
		 * SELECTION_TIMEOUT too: a host reports an absent LUN with
		 * INVALID_LUN, so it is no reason to drop one (Linux's
		 * storvsc treats it as an error as well).
		 */
		res->host_byte = DID_ERROR;
		break;
	}
	/* The device answered: its status and sense say what went wrong. */
	if (sense_valid && scsi_status == SAM_STAT_CHECK_CONDITION)
		res->host_byte = DID_OK;
}

/* Offset of an address in its Hyper-V page. */
static u32 storvsc_hv_offset(phys_addr_t addr)
{
	return addr & (HV_PAGE_SIZE - 1);
}

/* Append the Hyper-V pages of [@phys, @phys + @len) to @pfns. */
static bool storvsc_add_pages(__le64 *pfns, u32 max_pfns, u32 *n,
			      phys_addr_t phys, u32 len)
{
	u64 pfn = phys >> HV_PAGE_SHIFT;
	u64 last = (phys + len - 1) >> HV_PAGE_SHIFT;

	if (last - pfn >= max_pfns - *n)
		return false;
	for (; pfn <= last; pfn++)
		pfns[(*n)++] = cpu_to_le64(pfn);
	return true;
}

/**
 * storvsc_fill_range() - describe a command's data as one GPA range
 * @range: the range to fill
 * @max_pfns: room in @range->pfns (at most STORVSC_MAX_PFNS)
 * @sgl: the data, as the block layer mapped it
 * @nents: entries of @sgl
 * @len: bytes of data
 *
 * The host template's virt_boundary_mask makes every segment but the
 * first start on a Hyper-V page and every segment but the last end on
 * one, so the data is one run of whole pages with an offset into the
 * first: exactly one GPA range, no bounce copy.
 *
 * Return: the number of page numbers written, or 0 if the list breaks
 * that rule, does not add up to @len or needs more than @max_pfns pages.
 */
u32 storvsc_fill_range(struct storvsc_range *range, u32 max_pfns,
		       struct scatterlist *sgl, unsigned int nents, u32 len)
{
	struct scatterlist *sg;
	u32 n = 0, total = 0;
	phys_addr_t phys;
	unsigned int i;

	if (!len || !nents)
		return 0;
	for_each_sg(sgl, sg, nents, i) {
		phys = sg_phys(sg);
		if (!sg->length || (i && storvsc_hv_offset(phys)))
			return 0;
		if (i + 1 < nents && storvsc_hv_offset(phys + sg->length))
			return 0;
		if (!storvsc_add_pages(range->pfns, max_pfns, &n, phys, sg->length))
			return 0;
		total += sg->length;
	}
	if (total != len)
		return 0;
	range->byte_offset = cpu_to_le32(storvsc_hv_offset(sg_phys(sgl)));
	range->byte_count = cpu_to_le32(len);
	return n;
}

/**
 * storvsc_host_limits() - the host's limits from QUERY_PROPERTIES, clamped
 *	to ours
 * @props: the host's answer
 * @class: the controller's class (IDE has no subchannels)
 * @max_transfer: receives bytes per command: whole Hyper-V pages, at
 *	least one, at most STORVSC_MAX_TRANSFER
 * @max_subchannels: receives the subchannels the host may offer: 0
 *	without the multichannel flag, at most STORVSC_MAX_CHANNELS - 1
 */
void storvsc_host_limits(const struct vstor_properties *props,
			 enum storvsc_class class, u32 *max_transfer,
			 u16 *max_subchannels)
{
	u32 max = le32_to_cpu(props->max_transfer_bytes);

	max = clamp_t(u32, max, HV_PAGE_SIZE, STORVSC_MAX_TRANSFER);
	*max_transfer = round_down(max, HV_PAGE_SIZE);
	*max_subchannels = 0;
	if (class != STORVSC_IDE &&
	    (le32_to_cpu(props->flags) & VSTOR_PROP_MULTI_CHANNEL))
		*max_subchannels = min_t(u16, le16_to_cpu(props->max_channels),
					 STORVSC_MAX_CHANNELS - 1);
}
