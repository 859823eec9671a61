// SPDX-License-Identifier: GPL-2.0
/*
 * UNLOAD: telling the host the guest's VMBus is going away, so it closes
 * every channel and forgets every GPADL. Sent at disconnect, before a
 * reboot or kexec (a new kernel must find a clean host), and on panic,
 * where nothing may sleep and the answer is polled for.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/delay.h>
#include <linux/notifier.h>
#include <linux/panic_notifier.h>
#include <linux/reboot.h>
#include <linux/slab.h>

#include "vmbus_private.h"

static void vmbus_fill_unload(struct vmbus_chanmsg_hdr *msg)
{
	memset(msg, 0, sizeof(*msg));
	msg->msgtype = cpu_to_le32(VMBUS_CHANMSG_UNLOAD);
}

/**
 * vmbus_unload() - unload the connection and wait for the host's answer
 *
 * May sleep. After it the bus sends the host nothing more.
 */
void vmbus_unload(void)
{
	struct vmbus_chanmsg_hdr msg;
	struct vmbus_waiter *w;
	int ret;

	if (!vmbus_conn.version || READ_ONCE(vmbus_conn.unloaded))
		return;
	w = kmalloc(sizeof(*w), GFP_KERNEL);
	if (w) {
		vmbus_fill_unload(&msg);
		vmbus_waiter_init(w, VMBUS_CHANMSG_UNLOAD_RESPONSE);
		w->timeout = msecs_to_jiffies(VMBUS_UNLOAD_TIMEOUT_MS);
		ret = vmbus_request(&msg, sizeof(msg), w);
		if (ret)
			pr_err("the host did not confirm UNLOAD: %d\n", ret);
		kfree(w);
	}
	/*
	 * The host has closed every channel and dropped every GPADL: post
	 * nothing more, and end the waits a late request may have started.
	 */
	WRITE_ONCE(vmbus_conn.unloaded, true);
	vmbus_waiters_abort(0, true);
}

/*
 * Look for UNLOAD_RESPONSE in every CPU's message slot, freeing them. The
 * host answers on the CPU that connected, which the panic may have
 * stopped (and marked offline): look at every present CPU.
 */
static bool vmbus_unload_answered(void)
{
	const struct vmbus_chanmsg_hdr *hdr;
	struct synic_message *slot;
	bool answered = false;
	unsigned int cpu;

	for_each_present_cpu(cpu) {
		slot = &per_cpu_ptr(vmbus_conn.synic, cpu)->simp->sint_message[VMBUS_MESSAGE_SINT];
		if (READ_ONCE(slot->header.message_type) ==
		    cpu_to_le32(SYNIC_MSG_NONE))
			continue;
		/* Pairs with the host's barrier before setting the type. */
		virt_rmb();
		hdr = (const void *)slot->payload;
		if (le32_to_cpu(READ_ONCE(hdr->msgtype)) ==
		    VMBUS_CHANMSG_UNLOAD_RESPONSE)
			answered = true;
		WRITE_ONCE(slot->header.message_type,
			   cpu_to_le32(SYNIC_MSG_NONE));
		/* Free the slot before the host is told to refill it. */
		virt_mb();
		if (cpu == smp_processor_id())
			vmbus_conn.ops->eom();
	}
	return answered;
}

/*
 * The crash path: interrupts may be off and other CPUs stopped, so post
 * without sleeping and poll the message pages for the answer.
 */
static void vmbus_unload_crash(void)
{
	struct vmbus_chanmsg_hdr msg;
	unsigned int ms, limit = VMBUS_UNLOAD_TIMEOUT_MS;

	if (!READ_ONCE(vmbus_conn.connected) || READ_ONCE(vmbus_conn.unloaded))
		return;
	vmbus_fill_unload(&msg);
	if (vmbus_post_msg(&msg, sizeof(msg), false))
		return;
	WRITE_ONCE(vmbus_conn.unloaded, true);
	for (ms = 0; ms < limit; ms++) {
		if (vmbus_unload_answered())
			return;
		mdelay(1);
	}
	pr_emerg("no UNLOAD answer from the host\n");
}

static int vmbus_panic_event(struct notifier_block *nb, unsigned long val,
			     void *args)
{
	vmbus_unload_crash();
	return NOTIFY_DONE;
}

static int vmbus_reboot_event(struct notifier_block *nb, unsigned long val,
			      void *args)
{
	/* Also runs before kexec: the next kernel must find a clean host. */
	if (READ_ONCE(vmbus_conn.connected))
		vmbus_unload();
	return NOTIFY_DONE;
}

static struct notifier_block vmbus_panic_nb = {
	.notifier_call = vmbus_panic_event,
	.priority = INT_MIN + 1,
};

static struct notifier_block vmbus_reboot_nb = {
	.notifier_call = vmbus_reboot_event,
};

/**
 * vmbus_unload_notifiers_init() - unload on panic, reboot and kexec
 *
 * Return: 0 or a negative errno.
 */
int vmbus_unload_notifiers_init(void)
{
	int ret = register_reboot_notifier(&vmbus_reboot_nb);

	if (ret)
		return ret;
	atomic_notifier_chain_register(&panic_notifier_list, &vmbus_panic_nb);
	return 0;
}

/**
 * vmbus_unload_notifiers_exit() - undo vmbus_unload_notifiers_init()
 */
void vmbus_unload_notifiers_exit(void)
{
	atomic_notifier_chain_unregister(&panic_notifier_list, &vmbus_panic_nb);
	unregister_reboot_notifier(&vmbus_reboot_nb);
}
