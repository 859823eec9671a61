// SPDX-License-Identifier: GPL-2.0
/*
 * The simulated SynIC: delivers host messages into the guest's per-CPU
 * message page, sets bits in its event-flags page and raises the guest's
 * interrupt on the target CPU.
 *
 * The interrupt runs vmbus_isr() in hard interrupt context on the target
 * CPU, as the real SynIC interrupt does: an irq_work (a self-IPI on x86)
 * when the target is the current CPU, an asynchronous IPI otherwise. Both
 * can be raised from any context, interrupts off included.
 */
#include <linux/cpumask.h>
#include <linux/irq_work.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/smp.h>
#include <linux/string.h>

#include <linux/hyperv/hvif.h>

#include "vmbussim.h"

/**
 * struct vmbussim_synic - the simulated SynIC of one CPU
 * @lock: protects @simp and @siefp; delivery writes the pages under it, so
 *	once vmbussim_synic_disable() returned the pages are never touched
 * @simp: the guest's message page, NULL while disabled
 * @siefp: the guest's event-flags page, NULL while disabled
 * @irq: raises the guest interrupt when this CPU is the current one
 * @csd: raises it from another CPU
 */
struct vmbussim_synic {
	raw_spinlock_t lock;
	struct synic_message_page *simp;
	struct synic_event_flags_page *siefp;
	struct irq_work irq;
	call_single_data_t csd;
};

static DEFINE_PER_CPU(struct vmbussim_synic, vmbussim_synic);

static void vmbussim_synic_isr(void *unused)
{
	struct vmbussim_synic *sc = this_cpu_ptr(&vmbussim_synic);
	bool enabled;

	/* An interrupt raised just before the SINT was masked is lost. */
	raw_spin_lock(&sc->lock);
	enabled = sc->simp;
	raw_spin_unlock(&sc->lock);
	if (enabled)
		vmbus_isr();
}

static void vmbussim_synic_irq_work(struct irq_work *work)
{
	vmbussim_synic_isr(NULL);
}

/* Raise the interrupt of @cpu; called under sc->lock, interrupts off. */
static void vmbussim_synic_raise(struct vmbussim_synic *sc, unsigned int cpu)
{
	lockdep_assert_held(&sc->lock);
	/* Already pending (-EBUSY) is fine: that interrupt sees our update. */
	if (cpu == smp_processor_id())
		irq_work_queue(&sc->irq);
	else
		smp_call_function_single_async(cpu, &sc->csd);
}

int vmbussim_synic_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		struct vmbussim_synic *sc = per_cpu_ptr(&vmbussim_synic, cpu);

		raw_spin_lock_init(&sc->lock);
		sc->simp = NULL;
		sc->siefp = NULL;
		sc->irq = IRQ_WORK_INIT_HARD(vmbussim_synic_irq_work);
		INIT_CSD(&sc->csd, vmbussim_synic_isr, NULL);
	}
	return 0;
}

/* Wait until no interrupt we raised is pending or running. */
void vmbussim_synic_exit(void)
{
	struct vmbussim_synic *sc;
	unsigned int cpu;

	for_each_possible_cpu(cpu) {
		sc = per_cpu_ptr(&vmbussim_synic, cpu);
		irq_work_sync(&sc->irq);
		while (READ_ONCE(sc->csd.node.u_flags) & CSD_FLAG_LOCK)
			cpu_relax();
	}
	/*
	 * An asynchronous IPI function may still run after its csd was
	 * unlocked; it runs with interrupts off, an RCU read-side section,
	 * so a grace period waits for it.
	 */
	synchronize_rcu();
}

void vmbussim_synic_enable(unsigned int cpu, struct synic_message_page *simp,
			   struct synic_event_flags_page *siefp)
{
	struct vmbussim_synic *sc;
	unsigned long flags;

	if (cpu >= nr_cpu_ids || !simp || !siefp) {
		pr_warn_ratelimited("vmbussim: bad synic_enable(cpu %u)\n",
				    cpu);
		return;
	}
	sc = per_cpu_ptr(&vmbussim_synic, cpu);
	raw_spin_lock_irqsave(&sc->lock, flags);
	sc->simp = simp;
	sc->siefp = siefp;
	raw_spin_unlock_irqrestore(&sc->lock, flags);
	/* Messages may have waited for this CPU's SynIC. */
	queue_work(vmbussim.wq, &vmbussim.tx_work);
}

void vmbussim_synic_disable(unsigned int cpu)
{
	struct vmbussim_synic *sc;
	unsigned long flags;

	if (cpu >= nr_cpu_ids)
		return;
	sc = per_cpu_ptr(&vmbussim_synic, cpu);
	raw_spin_lock_irqsave(&sc->lock, flags);
	sc->simp = NULL;
	sc->siefp = NULL;
	raw_spin_unlock_irqrestore(&sc->lock, flags);
}

/**
 * vmbussim_vp_valid() - is @vp a virtual processor the host can interrupt
 * @vp: a VP index from the guest (the simulated VP index is the CPU number)
 *
 * Return: true if the CPU is online and its SynIC is enabled.
 */
bool vmbussim_vp_valid(u32 vp)
{
	struct vmbussim_synic *sc;
	unsigned long flags;
	bool enabled;

	if (vp >= nr_cpu_ids || !cpu_online(vp))
		return false;
	sc = per_cpu_ptr(&vmbussim_synic, vp);
	raw_spin_lock_irqsave(&sc->lock, flags);
	enabled = sc->simp;
	raw_spin_unlock_irqrestore(&sc->lock, flags);
	return enabled;
}

static void vmbussim_write_slot(struct synic_message *slot,
				const struct vmbussim_msg *msg)
{
	memcpy(slot->payload, msg->data, msg->size);
	slot->header.payload_size = msg->wire_size;
	slot->header.message_flags = 0;
	slot->header.reserved = 0;
	slot->header.sender = 0;
	/*
	 * Publish the payload before the type that hands the slot to the
	 * guest. Pairs with the guest's read barrier between reading
	 * message_type and reading the payload.
	 */
	smp_wmb();
	WRITE_ONCE(slot->header.message_type, cpu_to_le32(SYNIC_MSG_VMBUS));
}

/**
 * vmbussim_synic_deliver_panic() - write a message into a CPU's slot in
 *	a panic
 * @cpu: target CPU
 * @msg: the message
 *
 * The other CPUs are stopped and may hold any lock: write without one,
 * over whatever the slot holds (the guest's crash path polls the slots
 * and discards everything but the answer it waits for), and raise no
 * interrupt.
 *
 * Return: 0, or -ENODEV if the SynIC of @cpu is disabled.
 */
int vmbussim_synic_deliver_panic(unsigned int cpu,
				 const struct vmbussim_msg *msg)
{
	struct vmbussim_synic *sc;

	if (cpu >= nr_cpu_ids)
		return -ENODEV;
	sc = per_cpu_ptr(&vmbussim_synic, cpu);
	if (!sc->simp)
		return -ENODEV;
	vmbussim_write_slot(&sc->simp->sint_message[VMBUS_MESSAGE_SINT], msg);
	return 0;
}

/**
 * vmbussim_synic_deliver() - write a message into a CPU's message slot
 * @cpu: target CPU
 * @msg: the message
 *
 * Return: 0 if delivered (and the interrupt raised); -EBUSY if the slot is
 * occupied (the pending flag is set, eom() retries); -ENODEV if the
 * SynIC of @cpu is disabled.
 */
int vmbussim_synic_deliver(unsigned int cpu, const struct vmbussim_msg *msg)
{
	struct vmbussim_synic *sc;
	struct synic_message *slot;
	unsigned long flags;
	int ret = 0;

	if (cpu >= nr_cpu_ids)
		return -ENODEV;
	sc = per_cpu_ptr(&vmbussim_synic, cpu);
	raw_spin_lock_irqsave(&sc->lock, flags);
	if (!sc->simp) {
		ret = -ENODEV;
		goto out_unlock;
	}
	slot = &sc->simp->sint_message[VMBUS_MESSAGE_SINT];
	if (READ_ONCE(slot->header.message_type) !=
	    cpu_to_le32(SYNIC_MSG_NONE)) {
		WRITE_ONCE(slot->header.message_flags,
			   slot->header.message_flags | SYNIC_MSG_FLAG_PENDING);
		/*
		 * Order the pending flag before re-reading the type. Pairs
		 * with the guest's full barrier between freeing the slot
		 * (type NONE) and reading the flags: either the guest sees
		 * the flag and sends eom(), or we see the free slot.
		 */
		smp_mb();
		if (READ_ONCE(slot->header.message_type) !=
		    cpu_to_le32(SYNIC_MSG_NONE)) {
			ret = -EBUSY;
			goto out_unlock;
		}
	}
	vmbussim_write_slot(slot, msg);
	vmbussim_synic_raise(sc, cpu);
out_unlock:
	raw_spin_unlock_irqrestore(&sc->lock, flags);
	return ret;
}

/**
 * vmbussim_synic_signal() - signal channel @relid to the guest on @cpu
 * @cpu: the channel's target CPU
 * @relid: the channel (its bit in the event flags)
 *
 * Any context.
 *
 * Return: false if the SynIC of @cpu is disabled.
 */
bool vmbussim_synic_signal(unsigned int cpu, u32 relid)
{
	struct vmbussim_synic *sc;
	unsigned long flags;
	bool done = false;

	if (cpu >= nr_cpu_ids || relid > VMBUS_MAX_RELID)
		return false;
	sc = per_cpu_ptr(&vmbussim_synic, cpu);
	raw_spin_lock_irqsave(&sc->lock, flags);
	if (sc->siefp) {
		/*
		 * set_bit() is atomic; raising the interrupt (queueing an
		 * irq_work or an IPI) implies a full barrier, so the guest's
		 * handler sees the bit.
		 */
		set_bit(relid, (unsigned long *)
			sc->siefp->sint_flags[VMBUS_MESSAGE_SINT].flags);
		vmbussim_synic_raise(sc, cpu);
		done = true;
	}
	raw_spin_unlock_irqrestore(&sc->lock, flags);
	return done;
}
