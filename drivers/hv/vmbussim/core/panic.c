// SPDX-License-Identifier: GPL-2.0
/*
 * The host's side of a guest panic. A real host runs beside the guest;
 * vmbussim runs inside it, and once the guest panics nothing it would
 * normally use (workqueues, interrupts, other CPUs) runs any more. So the
 * host notices the panic first (its notifier runs before the guest bus's)
 * and from then on answers the one message a crashing guest sends,
 * UNLOAD, at once: UNLOAD_RESPONSE goes straight into the slot of the CPU
 * that connected, where the guest's crash path polls for it. Messages not
 * yet delivered are dropped; a real hypervisor would deliver them as the
 * guest ends each one, and the guest's crash path would discard them.
 */
#include <linux/notifier.h>
#include <linux/panic_notifier.h>

#include "vmbussim.h"

static int vmbussim_panic_event(struct notifier_block *nb, unsigned long val,
				void *args)
{
	WRITE_ONCE(vmbussim.panicking, true);
	return NOTIFY_DONE;
}

static struct notifier_block vmbussim_panic_nb = {
	.notifier_call = vmbussim_panic_event,
	.priority = INT_MAX,
};

/**
 * vmbussim_panic_post() - a message the guest posted during a panic
 * @payload: the message
 * @size: its size
 *
 * Return: 0 for UNLOAD (answered), -EIO for anything else.
 */
int vmbussim_panic_post(const void *payload, u32 size)
{
	const struct vmbus_chanmsg_hdr *hdr = payload;
	struct vmbussim_msg resp = {
		.size = sizeof(struct vmbus_chanmsg_hdr),
		.wire_size = sizeof(struct vmbus_chanmsg_hdr),
	};
	struct vmbus_chanmsg_hdr *rh = (void *)resp.data;

	if (size < sizeof(*hdr) ||
	    le32_to_cpu(hdr->msgtype) != VMBUS_CHANMSG_UNLOAD)
		return -EIO;
	rh->msgtype = cpu_to_le32(VMBUS_CHANMSG_UNLOAD_RESPONSE);
	pr_emerg("vmbussim: guest panicked: answering its UNLOAD on CPU %u\n",
		 vmbussim.msg_cpu);
	return vmbussim_synic_deliver_panic(vmbussim.msg_cpu, &resp);
}

void vmbussim_panic_init(void)
{
	atomic_notifier_chain_register(&panic_notifier_list,
				       &vmbussim_panic_nb);
}

void vmbussim_panic_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list,
					 &vmbussim_panic_nb);
}
