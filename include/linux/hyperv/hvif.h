/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The hypervisor interface of the VMBus: the one seam between the bus
 * driver and whatever plays the host. Two providers implement it: real
 * Hyper-V, through the kernel's platform support, and vmbussim, the
 * software host. Everything above this interface runs unchanged on both.
 *
 * The interface is as thin as the hypervisor itself. The bus owns the
 * per-CPU SynIC message and event-flags pages; the provider points the
 * (real or simulated) SynIC at them. The host delivers a message by
 * writing it into the message page slot of VMBUS_MESSAGE_SINT, signals a
 * channel by setting its bit in the event-flags page, and raises the
 * interrupt by calling vmbus_isr() on the target CPU in interrupt context.
 */
#ifndef _LINUX_HYPERV_HVIF_H
#define _LINUX_HYPERV_HVIF_H

#include <linux/types.h>

#include <linux/hyperv/spec/synic.h>

struct module;

/**
 * struct vmbus_hv_ops - a provider of the hypervisor interface
 * @name: short name for logs ("hyperv", "vmbussim")
 * @owner: the module that implements the ops
 * @post_message: HvPostMessage. Copy @size bytes (at most
 *	SYNIC_MESSAGE_PAYLOAD) of @payload to the host as a message of type
 *	@message_type on @connection_id. Returns 0, -EAGAIN if the host has
 *	no buffer free now (the caller retries), or another errno. May be
 *	called in any context, including with interrupts off.
 * @signal_event: HvSignalEvent. Signal event flag @flag_number of
 *	@connection_id. Returns 0 or an errno. Any context.
 * @synic_enable: runs on @cpu with preemption disabled: point the SynIC
 *	of @cpu at @simp and @siefp and unmask VMBUS_MESSAGE_SINT.
 * @synic_disable: runs on @cpu with preemption disabled: mask
 *	VMBUS_MESSAGE_SINT and detach the pages given to @synic_enable.
 * @eom: end of message: the bus freed the message slot of this CPU whose
 *	header had SYNIC_MSG_FLAG_PENDING; deliver the next message. Called
 *	on that CPU in interrupt or softirq context.
 * @vp_index: the hypervisor's virtual-processor number of @cpu.
 */
struct vmbus_hv_ops {
	const char *name;
	struct module *owner;
	int (*post_message)(u32 connection_id, u32 message_type,
			    const void *payload, u32 size);
	int (*signal_event)(u32 connection_id, u16 flag_number);
	void (*synic_enable)(unsigned int cpu, struct synic_message_page *simp,
			     struct synic_event_flags_page *siefp);
	void (*synic_disable)(unsigned int cpu);
	void (*eom)(void);
	u32 (*vp_index)(unsigned int cpu);
};

int vmbus_host_register(const struct vmbus_hv_ops *ops);
void vmbus_host_unregister(const struct vmbus_hv_ops *ops);
void vmbus_isr(void);

#endif /* _LINUX_HYPERV_HVIF_H */
