// SPDX-License-Identifier: GPL-2.0
/*
 * The hypercalls the VMBus uses, as the TLFS defines them: HvPostMessage
 * (memory input) and HvSignalEvent (fast, or memory input), dispatched to
 * vmbussim. Every other call is answered HV_STATUS_INVALID_HYPERCALL_CODE
 * and counted, as the hypervisor answers a call it does not offer.
 */

#define pr_fmt(fmt) "hvshim: " fmt

#include <linux/bitfield.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <asm/mshyperv.h>

#include "hvshim.h"

#define HVSHIM_CALL_CODE	HV_HYPERCALL_RESULT_MASK
/* Control bits these two calls allow: the code and the fast flag. */
#define HVSHIM_CALL_ALLOWED	(HVSHIM_CALL_CODE | HV_HYPERCALL_FAST_BIT)

/* HvSignalEvent input (TLFS): connection id, flag number, reserved. */
#define HVSHIM_SIGNAL_CONN	GENMASK_ULL(31, 0)
#define HVSHIM_SIGNAL_FLAG	GENMASK_ULL(47, 32)
#define HVSHIM_SIGNAL_RESERVED	GENMASK_ULL(63, 48)

static u64 hvshim_bad(u64 status)
{
	atomic_inc(&hvshim_stats.bad_hypercall);
	return status;
}

/*
 * Copy the guest's input block at @gpa: 8-byte aligned, within one page
 * and in RAM, as the hypervisor requires; read once.
 */
static u64 hvshim_read_input(u64 gpa, void *buf, size_t len)
{
	if (!IS_ALIGNED(gpa, 8) ||
	    (gpa & (HV_HYP_PAGE_SIZE - 1)) + len > HV_HYP_PAGE_SIZE)
		return HV_STATUS_INVALID_ALIGNMENT;
	if (!pfn_valid(PHYS_PFN(gpa)))
		return HV_STATUS_INVALID_PARAMETER;
	memcpy(buf, phys_to_virt(gpa), len);
	return HV_STATUS_SUCCESS;
}

static u64 hvshim_errno_to_status(int err)
{
	switch (err) {
	case 0:
		return HV_STATUS_SUCCESS;
	case -EAGAIN:
	case -ENOMEM:
		return HV_STATUS_INSUFFICIENT_BUFFERS;
	case -ENOENT:
	case -ENODEV:
		return HV_STATUS_INVALID_CONNECTION_ID;
	default:
		return HV_STATUS_INVALID_PARAMETER;
	}
}

static u64 hvshim_post_message(u64 control, u64 gpa)
{
	struct synic_post_message_input in;
	const struct vmbus_hv_ops *host;
	u32 size, type;
	u64 status;
	int err;

	if (control & HV_HYPERCALL_FAST_BIT)
		return hvshim_bad(HV_STATUS_INVALID_HYPERCALL_INPUT);
	status = hvshim_read_input(gpa, &in, sizeof(in));
	if (status != HV_STATUS_SUCCESS)
		return hvshim_bad(status);
	size = le32_to_cpu(in.payload_size);
	type = le32_to_cpu(in.message_type);
	if (in.reserved)
		return hvshim_bad(HV_STATUS_INVALID_HYPERCALL_INPUT);
	if (size > SYNIC_MESSAGE_PAYLOAD || !type ||
	    (type & SYNIC_MSG_HYPERVISOR_BIT))
		return hvshim_bad(HV_STATUS_INVALID_PARAMETER);
	rcu_read_lock();
	host = hvshim_host_rcu();
	err = host ? host->post_message(le32_to_cpu(in.connection_id), type,
					in.payload, size) : -ENODEV;
	rcu_read_unlock();
	return hvshim_errno_to_status(err);
}

static u64 hvshim_signal_event(u64 control, u64 input)
{
	const struct vmbus_hv_ops *host;
	u64 status;
	int err;

	if (!(control & HV_HYPERCALL_FAST_BIT)) {
		status = hvshim_read_input(input, &input, sizeof(input));
		if (status != HV_STATUS_SUCCESS)
			return hvshim_bad(status);
	}
	if (input & HVSHIM_SIGNAL_RESERVED)
		return hvshim_bad(HV_STATUS_INVALID_HYPERCALL_INPUT);
	rcu_read_lock();
	host = hvshim_host_rcu();
	err = host ? host->signal_event(FIELD_GET(HVSHIM_SIGNAL_CONN, input),
					FIELD_GET(HVSHIM_SIGNAL_FLAG, input)) :
		     -ENODEV;
	rcu_read_unlock();
	return hvshim_errno_to_status(err);
}

/**
 * hvshim_hypercall() - a hypercall, as the hypercall page enters it
 * @control: the hypercall input value (call code, flags, counts)
 * @input: the input GPA, or the input itself for a fast call
 * @output: the output GPA (unused by the calls offered)
 *
 * Any context, interrupts off included.
 *
 * Return: the hypercall result value (HV_STATUS_* in bits 15:0).
 */
u64 hvshim_hypercall(u64 control, u64 input, u64 output)
{
	u16 code = control & HVSHIM_CALL_CODE;

	switch (code) {
	case HVCALL_POST_MESSAGE:
	case HVCALL_SIGNAL_EVENT:
		break;
	default:
		atomic_inc(&hvshim_stats.unknown_hypercall);
		pr_warn_once("unknown hypercall %#x\n", code);
		return HV_STATUS_INVALID_HYPERCALL_CODE;
	}
	/* No repetitions, variable headers or nesting for these calls. */
	if (control & ~HVSHIM_CALL_ALLOWED)
		return hvshim_bad(HV_STATUS_INVALID_HYPERCALL_INPUT);
	if (!hvshim_host_present()) {
		atomic_inc(&hvshim_stats.no_host);
		return HV_STATUS_INVALID_CONNECTION_ID;
	}
	if (code == HVCALL_POST_MESSAGE)
		return hvshim_post_message(control, input);
	return hvshim_signal_event(control, input);
}
