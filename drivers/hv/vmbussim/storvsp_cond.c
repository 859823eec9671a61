// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's conditions that end an SRB before the SCSI emulation runs:
 * faults armed through the ctl file (a command the host aborted, reset
 * or timed out, as around a host reset) and the UNIT ATTENTION a LUN
 * owes the guest after a resize or a silent change of the LUN list.
 */

#include <linux/atomic.h>
#include <linux/hyperv/spec/vstor.h>

#include "storvsp.h"

#define OP_REQUEST_SENSE	0x03
#define OP_INQUIRY		0x12
#define KEY_UNIT_ATTENTION	0x6

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
