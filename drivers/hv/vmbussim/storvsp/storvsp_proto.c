// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's protocol rules, as a Microsoft host applies them (OpenVMM's
 * storvsp, which follows Hyper-V's, for the facts): which guest packets
 * end the channel, the initialisation state machine of the primary
 * channel, the NTSTATUS of an SRB's completion and the size of every
 * completion. Pure functions, tested by KUnit (storvsp_proto_test.c).
 */

#include <linux/errno.h>
#include <linux/minmax.h>
#include <linux/string.h>

#include <linux/hyperv/spec/ring.h>
#include <linux/hyperv/spec/vstor.h>

#include "../core/model.h"
#include "storvsp.h"

/* SRB status codes a host maps beyond those in vstor.h. */
#define SRB_BUSY		0x05
#define SRB_NO_DEVICE		0x08
#define SRB_COMMAND_TIMEOUT	0x0b
#define SRB_NO_HBA		0x11
#define SRB_BAD_SRB_LENGTH	0x15
#define SRB_REQUEST_FLUSHED	0x16
#define SRB_INVALID_TARGET	0x21
#define SRB_BAD_FUNCTION	0x22

/* Is @op one the guest may send (FCHBA_DATA only to an FC controller)? */
static bool storvsp_guest_op(u32 op, bool fc)
{
	switch (op) {
	case VSTOR_OP_EXECUTE_SRB:
	case VSTOR_OP_RESET_LUN:
	case VSTOR_OP_RESET_ADAPTER:
	case VSTOR_OP_RESET_BUS:
	case VSTOR_OP_BEGIN_INITIALIZATION:
	case VSTOR_OP_END_INITIALIZATION:
	case VSTOR_OP_QUERY_PROTOCOL_VERSION:
	case VSTOR_OP_QUERY_PROPERTIES:
	case VSTOR_OP_CREATE_SUB_CHANNELS:
		return true;
	case VSTOR_OP_FCHBA_DATA:
		return fc;
	}
	return false;
}

/* Bytes after the header an operation needs to be read at all. */
static u32 storvsp_op_min_body(u32 op)
{
	switch (op) {
	case VSTOR_OP_QUERY_PROTOCOL_VERSION:
		return sizeof(struct vstor_version);
	case VSTOR_OP_CREATE_SUB_CHANNELS:
		return sizeof(__le16);
	}
	return 0;
}

/*
 * The data buffer of an SRB: none for no data; otherwise exactly one GPA
 * range, at least as long as the transfer, inside the packet and its
 * pages. A host has nowhere else to put the data.
 */
static const char *storvsp_check_data(const struct vmbus_packet_desc *desc,
				      u32 xfer)
{
	const struct vmbus_gpa_direct_packet *gpa = (const void *)desc;
	const struct vmbus_gpa_range *r = (const void *)(gpa + 1);
	u16 type = le16_to_cpu(desc->type);
	u32 n;

	if (type != VMBUS_PKT_DATA_USING_GPA_DIRECT)
		return xfer ? "data with no range" : NULL;
	if (le16_to_cpu(desc->offset8) * 8 < sizeof(*gpa) + sizeof(*r))
		return "malformed range list";
	n = le32_to_cpu(gpa->range_count);
	if (n > 1)
		return "more than one range";
	if (!n)
		return xfer ? "data with no range" : NULL;
	if (le32_to_cpu(r->byte_count) < xfer)
		return "range shorter than the transfer";
	if (vmbussim_gpa_check(desc, le32_to_cpu(r->byte_count)))
		return "malformed range list";
	return NULL;
}

/**
 * storvsp_parse() - take a guest packet as a Microsoft host does
 * @desc: the whole packet
 * @data: its payload
 * @len: payload bytes
 * @fc: the controller is a Fibre Channel one
 * @pkt: set to the request: the payload's bytes, zero beyond them
 * @req_len: set to the request's bytes after the 12-byte header (at most
 *	the 52 of a full body), which the completion mirrors
 *
 * A packet that is a completion, does not ask for one, is shorter than
 * the header or than its operation's body, names an operation the guest
 * does not send, or carries SRB data without a GPA range long enough for
 * the transfer (or in more than one range) is a fatal protocol error: the
 * host ends the channel.
 *
 * Return: NULL, or why the packet is fatal.
 */
const char *storvsp_parse(const struct vmbus_packet_desc *desc,
			  const void *data, u32 len, bool fc,
			  struct vstor_packet *pkt, u32 *req_len)
{
	u16 type = le16_to_cpu(desc->type);
	u32 op;

	if (type == VMBUS_PKT_COMP)
		return "a completion packet from the guest";
	if (type != VMBUS_PKT_DATA_INBAND &&
	    type != VMBUS_PKT_DATA_USING_GPA_DIRECT)
		return "unexpected packet type";
	if (!(le16_to_cpu(desc->flags) & VMBUS_PKT_FLAG_COMPLETION_REQUESTED))
		return "packet without a completion request";
	if (len < STORVSP_HDR_LEN)
		return "short header";
	*req_len = min_t(u32, len - STORVSP_HDR_LEN, STORVSP_BODY_LEN);
	memset(pkt, 0, sizeof(*pkt));
	memcpy(pkt, data, STORVSP_HDR_LEN + *req_len);
	op = le32_to_cpu(pkt->operation);
	if (!storvsp_guest_op(op, fc))
		return "unknown operation";
	if (*req_len < storvsp_op_min_body(op))
		return "short body";
	if (op != VSTOR_OP_EXECUTE_SRB)
		return NULL;
	return storvsp_check_data(desc,
				  le32_to_cpu(pkt->srb.data_transfer_length));
}

/**
 * storvsp_allowed() - may the primary channel take @op in state @st?
 * @st: the initialisation state
 * @op: the operation
 * @fc: the controller is a Fibre Channel one
 *
 * BEGIN_INITIALIZATION, then QUERY_PROTOCOL_VERSION until one is
 * accepted, QUERY_PROPERTIES, then optionally CREATE_SUB_CHANNELS (once)
 * and, for FC, FCHBA_DATA, then END_INITIALIZATION; once ready, SRBs,
 * resets, CREATE_SUB_CHANNELS and FCHBA_DATA. Anything else gets
 * INVALID_DEVICE_STATE.
 *
 * Return: true if the operation runs.
 */
bool storvsp_allowed(enum storvsp_state st, u32 op, bool fc)
{
	switch (st) {
	case STORVSP_ST_BEGIN:
		return op == VSTOR_OP_BEGIN_INITIALIZATION;
	case STORVSP_ST_VERSION:
		return op == VSTOR_OP_QUERY_PROTOCOL_VERSION;
	case STORVSP_ST_PROPERTIES:
		return op == VSTOR_OP_QUERY_PROPERTIES;
	case STORVSP_ST_END:
	case STORVSP_ST_END_SC:
		return op == VSTOR_OP_END_INITIALIZATION ||
		       (op == VSTOR_OP_FCHBA_DATA && fc) ||
		       (op == VSTOR_OP_CREATE_SUB_CHANNELS &&
			st == STORVSP_ST_END);
	case STORVSP_ST_READY:
		return op == VSTOR_OP_EXECUTE_SRB ||
		       op == VSTOR_OP_RESET_LUN ||
		       op == VSTOR_OP_RESET_ADAPTER ||
		       op == VSTOR_OP_RESET_BUS ||
		       op == VSTOR_OP_CREATE_SUB_CHANNELS ||
		       (op == VSTOR_OP_FCHBA_DATA && fc);
	}
	return false;
}

/**
 * storvsp_next() - the state after @op ran in state @st
 * @st: the state it ran in
 * @op: the operation
 * @ok: the host answered it with success
 *
 * Return: the new state.
 */
enum storvsp_state storvsp_next(enum storvsp_state st, u32 op, bool ok)
{
	if (!ok)
		return st;
	switch (op) {
	case VSTOR_OP_BEGIN_INITIALIZATION:
		return STORVSP_ST_VERSION;
	case VSTOR_OP_QUERY_PROTOCOL_VERSION:
		return STORVSP_ST_PROPERTIES;
	case VSTOR_OP_QUERY_PROPERTIES:
		return STORVSP_ST_END;
	case VSTOR_OP_CREATE_SUB_CHANNELS:
		return st == STORVSP_ST_END ? STORVSP_ST_END_SC : st;
	case VSTOR_OP_END_INITIALIZATION:
		return STORVSP_ST_READY;
	}
	return st;
}

/**
 * storvsp_sc_request() - the outcome of CREATE_SUB_CHANNELS
 * @want: the count the guest asked for: the total, not an increment
 * @offered: subchannels offered already
 * @max: the most the host offers
 * @more: set to how many to offer now
 *
 * A count above the maximum is refused; one at or below what is offered
 * already offers nothing (a repeat is a no-op) and succeeds.
 *
 * Return: 0 (NT_SUCCESS) or STORVSP_NT_INVALID_PARAMETER.
 */
u32 storvsp_sc_request(u16 want, u16 offered, u16 max, u16 *more)
{
	*more = 0;
	if (want > max)
		return STORVSP_NT_INVALID_PARAMETER;
	if (want > offered)
		*more = want - offered;
	return 0;
}

/**
 * storvsp_nt_status() - the NTSTATUS a host puts in an SRB's completion
 * @srb_status: the SRB status, flags included
 *
 * Return: the status of the VSTOR packet (0 for success).
 */
u32 storvsp_nt_status(u8 srb_status)
{
	switch (VSTOR_SRB_STATUS(srb_status)) {
	case VSTOR_SRB_SUCCESS:
		return 0;
	case SRB_BUSY:
		return STORVSP_NT_DEVICE_BUSY;
	case VSTOR_SRB_INVALID_LUN:
	case SRB_INVALID_TARGET:
	case SRB_NO_DEVICE:
	case SRB_NO_HBA:
		return STORVSP_NT_DEVICE_DOES_NOT_EXIST;
	case VSTOR_SRB_TIMEOUT:
	case SRB_COMMAND_TIMEOUT:
		return STORVSP_NT_IO_TIMEOUT;
	case VSTOR_SRB_SELECTION_TIMEOUT:
		return STORVSP_NT_DEVICE_NOT_CONNECTED;
	case SRB_BAD_FUNCTION:
	case SRB_BAD_SRB_LENGTH:
		return STORVSP_NT_INVALID_DEVICE_REQUEST;
	case VSTOR_SRB_DATA_OVERRUN:
		return STORVSP_NT_BUFFER_OVERFLOW;
	case SRB_REQUEST_FLUSHED:
		return STORVSP_NT_UNSUCCESSFUL;
	case VSTOR_SRB_ABORTED:
		return STORVSP_NT_CANCELLED;
	}
	return STORVSP_NT_IO_DEVICE_ERROR;
}

/**
 * storvsp_may_write() - may the host write the guest's data buffer?
 * @data_in: the SRB's data_in
 *
 * Only a request that says the data goes to the device (WRITE) keeps the
 * host from writing its buffer; READ and UNKNOWN allow it.
 *
 * Return: true if the host may write the buffer.
 */
bool storvsp_may_write(u8 data_in)
{
	return data_in != VSTOR_DATA_WRITE;
}

/**
 * storvsp_completion_srb() - the SRB of a completion, as a host builds it
 * @srb: in: the request's SRB with the outcome set (srb_status,
 *	scsi_status, data_transfer_length, sense); out: the completion's
 *
 * A fresh SRB, not the request's: its length, the status bytes, a 16-byte
 * CDB length, the bytes transferred and a sense buffer of the protocol's
 * size (20 bytes, zero without autosense); the address, CDB and flags of
 * the request are not echoed.
 */
void storvsp_completion_srb(struct vstor_srb *srb)
{
	struct vstor_srb c = {};

	c.length = cpu_to_le16(sizeof(c));
	c.srb_status = srb->srb_status;
	c.scsi_status = srb->scsi_status;
	c.cdb_length = VSTOR_CDB_MAX;
	c.sense_info_length = VSTOR_SENSE_MAX;
	c.data_transfer_length = srb->data_transfer_length;
	if (srb->srb_status & VSTOR_SRB_AUTOSENSE_VALID)
		memcpy(c.sense, srb->sense, sizeof(c.sense));
	*srb = c;
}
