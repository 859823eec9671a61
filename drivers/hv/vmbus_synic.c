// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's side of the synthetic interrupt controller: the per-CPU
 * message and event-flags pages the host writes into, their set-up on
 * every CPU that comes online, and the interrupt handler that finds what
 * the host delivered.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/cpuhotplug.h>
#include <linux/gfp.h>
#include <linux/percpu.h>

#include "vmbus_private.h"

/* Copy the message out of this CPU's slot, free the slot, act on it. */
static void vmbus_msg_tasklet(struct tasklet_struct *t)
{
	struct vmbus_synic_cpu *sc = from_tasklet(sc, t, msg_tasklet);
	struct synic_message *slot = &sc->simp->sint_message[VMBUS_MESSAGE_SINT];
	u8 buf[SYNIC_MESSAGE_PAYLOAD];
	u32 type, size;
	bool valid;

	type = le32_to_cpu(READ_ONCE(slot->header.message_type));
	if (type == SYNIC_MSG_NONE)
		return;
	/*
	 * Read the type before the payload: pairs with the host's write
	 * barrier between filling the slot and setting its type.
	 */
	virt_rmb();
	size = READ_ONCE(slot->header.payload_size);
	/* Timer messages belong to the clockevent driver, not to us. */
	valid = type != SYNIC_MSG_TIMER_EXPIRED && size <= sizeof(buf);
	if (valid)
		memcpy(buf, slot->payload, size);
	else if (type != SYNIC_MSG_TIMER_EXPIRED)
		pr_err_ratelimited("oversized message (%u bytes) from the host dropped\n",
				   size);

	WRITE_ONCE(slot->header.message_type, cpu_to_le32(SYNIC_MSG_NONE));
	/*
	 * Free the slot before looking at the pending flag: pairs with the
	 * host's full barrier between setting the flag and re-checking
	 * whether the slot is free, so a message is never left behind.
	 */
	virt_mb();
	if (READ_ONCE(slot->header.message_flags) & SYNIC_MSG_FLAG_PENDING)
		vmbus_conn.ops->eom();

	if (valid)
		vmbus_msg_dispatch(buf, size);
}

/* Schedule every channel whose event flag the host set on this CPU. */
static void vmbus_scan_events(struct vmbus_synic_cpu *sc)
{
	/*
	 * Bit n of the byte array is bit n of the array read as longs:
	 * Hyper-V guests are little-endian.
	 */
	unsigned long *flags =
		(unsigned long *)sc->siefp->sint_flags[VMBUS_MESSAGE_SINT].flags;
	unsigned int word, bit;
	unsigned long pending;

	for (word = 0; word < SYNIC_EVENT_FLAGS_BITS / BITS_PER_LONG; word++) {
		if (!READ_ONCE(flags[word]))
			continue;
		pending = xchg(&flags[word], 0);
		for_each_set_bit(bit, &pending, BITS_PER_LONG) {
			struct vmbus_channel *ch;

			rcu_read_lock();
			ch = vmbus_relid_channel(word * BITS_PER_LONG + bit);
			if (ch)
				vmbus_chan_sched(ch);
			rcu_read_unlock();
		}
	}
}

/**
 * vmbus_isr() - the VMBus interrupt: the host delivered something
 *
 * Called by the hypervisor-interface provider in interrupt context on the
 * CPU the host interrupted: by the real Hyper-V vector, or by vmbussim.
 */
void vmbus_isr(void)
{
	struct vmbus_synic_cpu *sc;
	struct synic_message *slot;

	if (!vmbus_conn.synic)
		return;
	sc = this_cpu_ptr(vmbus_conn.synic);
	if (!sc->simp)
		return;
	vmbus_scan_events(sc);
	slot = &sc->simp->sint_message[VMBUS_MESSAGE_SINT];
	if (READ_ONCE(slot->header.message_type) != cpu_to_le32(SYNIC_MSG_NONE))
		tasklet_schedule(&sc->msg_tasklet);
}
EXPORT_SYMBOL_GPL(vmbus_isr);

static int vmbus_synic_online(unsigned int cpu)
{
	struct vmbus_synic_cpu *sc = per_cpu_ptr(vmbus_conn.synic, cpu);

	vmbus_conn.ops->synic_enable(cpu, sc->simp, sc->siefp);
	return 0;
}

static bool vmbus_cpu_has_channels(unsigned int cpu)
{
	struct vmbus_channel *ch;
	bool busy = false;
	unsigned int relid;

	rcu_read_lock();
	for (relid = 0; relid <= VMBUS_MAX_RELID && !busy; relid++) {
		ch = vmbus_relid_channel(relid);
		busy = ch && READ_ONCE(ch->state) != VMBUS_CHAN_OFFERED &&
		       READ_ONCE(ch->target_cpu) == cpu;
	}
	rcu_read_unlock();
	return busy;
}

static int vmbus_synic_offline(unsigned int cpu)
{
	/*
	 * The host keeps interrupting the CPU a channel targets: move the
	 * channels away (sysfs cpu) before taking the CPU offline.
	 */
	if (READ_ONCE(vmbus_conn.connected) &&
	    !READ_ONCE(vmbus_conn.unloaded) &&
	    (vmbus_cpu_has_channels(cpu) || cpu == vmbus_conn.connect_cpu)) {
		pr_warn_ratelimited("CPU %u still receives VMBus interrupts\n",
				    cpu);
		return -EBUSY;
	}
	vmbus_conn.ops->synic_disable(cpu);
	return 0;
}

static void vmbus_synic_free(void)
{
	struct vmbus_synic_cpu *sc;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(vmbus_conn.synic, cpu);
		tasklet_kill(&sc->msg_tasklet);
		free_page((unsigned long)sc->simp);
		free_page((unsigned long)sc->siefp);
	}
	free_percpu(vmbus_conn.synic);
	vmbus_conn.synic = NULL;
}

/**
 * vmbus_synic_init() - allocate the SynIC pages and enable every CPU
 *
 * Return: 0 or a negative errno.
 */
int vmbus_synic_init(void)
{
	struct vmbus_synic_cpu __percpu *synic;
	struct vmbus_synic_cpu *sc;
	unsigned int cpu;
	int ret;

	synic = alloc_percpu(struct vmbus_synic_cpu);
	if (!synic)
		return -ENOMEM;
	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(synic, cpu);
		tasklet_setup(&sc->msg_tasklet, vmbus_msg_tasklet);
		sc->simp = (void *)get_zeroed_page(GFP_KERNEL);
		sc->siefp = (void *)get_zeroed_page(GFP_KERNEL);
	}
	vmbus_conn.synic = synic;
	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(synic, cpu);
		if (!sc->simp || !sc->siefp) {
			ret = -ENOMEM;
			goto err_free;
		}
	}
	ret = cpuhp_setup_state(CPUHP_AP_ONLINE_DYN, "hv/vmbus:online",
				vmbus_synic_online, vmbus_synic_offline);
	if (ret < 0)
		goto err_free;
	vmbus_conn.cpuhp_state = ret;
	return 0;

err_free:
	vmbus_synic_free();
	return ret;
}

/**
 * vmbus_synic_exit() - disable the SynIC on every CPU and free its pages
 */
void vmbus_synic_exit(void)
{
	if (!vmbus_conn.synic)
		return;
	if (vmbus_conn.cpuhp_state > 0)
		cpuhp_remove_state(vmbus_conn.cpuhp_state);
	vmbus_conn.cpuhp_state = 0;
	vmbus_synic_free();
}
