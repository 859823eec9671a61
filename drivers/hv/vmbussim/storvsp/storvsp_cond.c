// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's conditions that end an SRB before the SCSI emulation runs:
 * faults armed through the ctl file (a command the host aborted, reset
 * or timed out, as around a host reset) and the UNIT ATTENTION a LUN
 * owes the guest after a resize or a silent change of the LUN list; and
 * the SRB status that tells the guest the outcome of the emulation.
 */

#include <linux/atomic.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/hyperv/spec/vstor.h>

#include "storvsp.h"

#define OP_REQUEST_SENSE	0x03
#define OP_INQUIRY		0x12
#define KEY_UNIT_ATTENTION	0x6
#define KEY_ILLEGAL_REQUEST	0x5
#define ASC_INVALID_FIELD_IN_CDB	0x24

/**
 * storvsp_fault() - consume one shot of an armed fault
 * @sp: the device
 * @f: the fault
 *
 * Return: true if the fault fires for this SRB.
 */
bool storvsp_fault(struct storvsp *sp, enum storvsp_fault f)
{
	if (!atomic_add_unless(&sp->faults[f], -1, 0))
		return false;
	atomic64_inc(&sp->stats.faults);
	return true;
}

/**
 * storvsp_status_fault() - end an SRB with an error status, if armed
 * @sp: the device
 * @srb: the SRB; its status is set if a fault fires
 * @media: it is a READ or WRITE
 *
 * The command is not carried out: SRB status ERROR (any command), or,
 * for media commands, BUS_RESET, ABORTED or TIMEOUT, as for commands in
 * flight when the host resets its bus.
 *
 * Return: true if a fault fired.
 */
bool storvsp_status_fault(struct storvsp *sp, struct vstor_srb *srb,
			  bool media)
{
	if (storvsp_fault(sp, STORVSP_FAULT_SRB_ERROR))
		srb->srb_status = VSTOR_SRB_ERROR;
	else if (!media)
		return false;
	else if (storvsp_fault(sp, STORVSP_FAULT_BUS_RESET))
		srb->srb_status = VSTOR_SRB_BUS_RESET;
	else if (storvsp_fault(sp, STORVSP_FAULT_ABORTED))
		srb->srb_status = VSTOR_SRB_ABORTED;
	else if (storvsp_fault(sp, STORVSP_FAULT_TIMEOUT))
		srb->srb_status = VSTOR_SRB_TIMEOUT;
	else
		return false;
	return true;
}

/**
 * storvsp_unit_attention() - report a pending UNIT ATTENTION
 * @l: the LUN
 * @op: the command's operation code
 * @r: set to CHECK CONDITION with the sense if one is reported
 *
 * A condition is reported once, on any command but INQUIRY and REQUEST
 * SENSE (REPORT LUNS never reaches a LUN).
 *
 * Return: true if @r holds the UNIT ATTENTION.
 */
bool storvsp_unit_attention(struct storvsp_lun *l, u8 op,
			    struct storvsp_result *r)
{
	if (op == OP_INQUIRY || op == OP_REQUEST_SENSE)
		return false;
	switch (atomic_xchg(&l->pending_ua, STORVSP_UA_NONE)) {
	case STORVSP_UA_CAPACITY:
		storvsp_scsi_sense(r, KEY_UNIT_ATTENTION, 0x2a, 0x09);
		return true;
	case STORVSP_UA_LUNS:
		storvsp_scsi_sense(r, KEY_UNIT_ATTENTION, 0x3f, 0x0e);
		return true;
	}
	return false;
}

/**
 * storvsp_srb_result() - put an outcome into the SRB of the completion
 * @srb: the SRB, sent back to the guest
 * @r: the emulation's outcome
 * @xfer: bytes moved to or from the guest, or a negative errno when
 *	carrying out the action failed (-ERANGE: outside the disk; -EACCES:
 *	the request's data_in does not let the host write the buffer)
 *
 * A command the disk answered gets SUCCESS, or ERROR with its sense data
 * (autosense); one to an address without a LUN gets INVALID_LUN, which
 * is how a Microsoft host reports absence (not SELECTION_TIMEOUT). One
 * that would write a buffer the request marks as data for the device
 * gets INVALID_REQUEST with ILLEGAL REQUEST, INVALID FIELD IN CDB, as a
 * host whose write into a read-only buffer failed.
 */
void storvsp_srb_result(struct vstor_srb *srb, const struct storvsp_result *r,
			int xfer)
{
	struct storvsp_result denied;

	if (r->no_lun) {
		srb->srb_status = VSTOR_SRB_INVALID_LUN;
		srb->scsi_status = r->status;
		srb->sense_info_length = 0;
		srb->data_transfer_length = 0;
		return;
	}
	if (xfer == -EACCES) {
		/* The buffer is the guest's data for the device (data_in). */
		storvsp_scsi_sense(&denied, KEY_ILLEGAL_REQUEST,
				   ASC_INVALID_FIELD_IN_CDB, 0);
		srb->srb_status = VSTOR_SRB_INVALID_REQUEST |
				  VSTOR_SRB_AUTOSENSE_VALID;
		srb->scsi_status = denied.status;
		srb->data_transfer_length = 0;
		memset(srb->sense, 0, sizeof(srb->sense));
		memcpy(srb->sense, denied.sense, STORVSP_SENSE_LEN);
		srb->sense_info_length = STORVSP_SENSE_LEN;
		return;
	}
	if (xfer < 0) {
		srb->srb_status = xfer == -ERANGE ? VSTOR_SRB_ERROR :
				  VSTOR_SRB_INVALID_REQUEST;
		srb->scsi_status = 0;
		srb->sense_info_length = 0;
		srb->data_transfer_length = 0;
		return;
	}
	srb->data_transfer_length = cpu_to_le32(xfer);
	srb->scsi_status = r->status;
	if (!r->status) {
		srb->srb_status = VSTOR_SRB_SUCCESS;
		srb->sense_info_length = 0;
		return;
	}
	srb->srb_status = VSTOR_SRB_ERROR | VSTOR_SRB_AUTOSENSE_VALID;
	memset(srb->sense, 0, sizeof(srb->sense));
	memcpy(srb->sense, r->sense, STORVSP_SENSE_LEN);
	srb->sense_info_length = STORVSP_SENSE_LEN;
}
