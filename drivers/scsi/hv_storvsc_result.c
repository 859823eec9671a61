// SPDX-License-Identifier: GPL-2.0
/*
 * What the host's answers mean, tested by KUnit: validation of what it
 * sends back, and the meaning of its SRB status for the SCSI midlayer.
 */

#include <linux/errno.h>
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
