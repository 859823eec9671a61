// SPDX-License-Identifier: GPL-2.0
/*
 * Answering in the guest's signal.
 *
 * A Hyper-V host serves a channel on its own processors, in parallel with
 * the guest. vmbussim has only the guest's CPUs: when its channel work
 * runs on another vCPU, each batch costs the guest a worker wake-up and a
 * cross-CPU interrupt, which a real host does not charge. A model with a
 * @packet_now hook may therefore take packets straight in the guest's
 * signal (the HvSignalEvent hypercall), on the signalling CPU, with
 * interrupts off: what it cannot do there without sleeping it leaves in
 * the ring for the channel work.
 *
 * One reader at a time: the work and a signal take VMBUSSIM_READING; a
 * reader that finds it taken sets VMBUSSIM_READ_AGAIN, and the holder
 * queues the work when it lets go, so no signal is lost.
 *
 * An answer that finds the inbound ring full cannot wait in a signal: it
 * is parked (one per channel), the signal stops taking packets, and the
 * work writes the parked answer first, waiting for room as usual.
 */
#include <linux/export.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "vmbussim.h"

/* The channel whose packets this CPU takes in a signal, if any. */
static DEFINE_PER_CPU(struct vmbussim_chan *, vmbussim_now_chan);

/**
 * vmbussim_reader_get() - become the one reader of @ch's outbound ring
 * @ch: the channel
 *
 * Return: true if the caller reads; false if another reader does, which
 * then queues the channel work when it is done.
 */
bool vmbussim_reader_get(struct vmbussim_chan *ch)
{
	/* Fully ordered: the reader's checks of ch->open come after it. */
	if (!test_and_set_bit(VMBUSSIM_READING, &ch->read_flags))
		return true;
	set_bit(VMBUSSIM_READ_AGAIN, &ch->read_flags);
	/*
	 * Order READ_AGAIN before testing READING again. Pairs with the
	 * barrier in vmbussim_reader_put() between dropping READING and
	 * testing READ_AGAIN: either the holder sees our request or we see
	 * that it is gone and read ourselves.
	 */
	smp_mb__after_atomic();
	return !test_and_set_bit(VMBUSSIM_READING, &ch->read_flags);
}

/**
 * vmbussim_reader_put() - stop reading @ch's outbound ring
 * @ch: the channel
 */
void vmbussim_reader_put(struct vmbussim_chan *ch)
{
	clear_bit_unlock(VMBUSSIM_READING, &ch->read_flags);
	/* Pairs with the barrier in vmbussim_reader_get(). */
	smp_mb__after_atomic();
	if (test_and_clear_bit(VMBUSSIM_READ_AGAIN, &ch->read_flags))
		queue_work(vmbussim.wq, &ch->work);
}

/**
 * vmbussim_chan_now() - whether this context takes @ch's packets in a
 *	signal
 * @ch: the channel
 *
 * Only the signal's reader sets the per-CPU pointer, with interrupts off,
 * so no other context on this CPU can see it set.
 *
 * Return: true in the signal that reads @ch's ring.
 */
bool vmbussim_chan_now(const struct vmbussim_chan *ch)
{
	return !preemptible() && this_cpu_read(vmbussim_now_chan) == ch;
}

/**
 * vmbussim_chan_read_now() - take the guest's packets in its signal
 * @ch: an open channel whose model has a @packet_now hook; the caller
 *	is in an RCU read-side section, which vmbussim_chan_close() waits
 *	for before it unmaps the rings
 *
 * Return: true if every packet was taken; false if the channel work must
 * run (a packet the model left, a parked answer, another reader).
 */
bool vmbussim_chan_read_now(struct vmbussim_chan *ch)
{
	unsigned long flags;
	bool done;

	if (!vmbussim_reader_get(ch))
		return true;
	local_irq_save(flags);
	this_cpu_write(vmbussim_now_chan, ch);
	done = !ch->parked_len && vmbussim_ring_read_now(ch);
	this_cpu_write(vmbussim_now_chan, NULL);
	/* One interrupt for the batch, raised when interrupts are back on. */
	vmbussim_chan_signal_flush(ch);
	local_irq_restore(flags);
	vmbussim_reader_put(ch);
	return done;
}

/**
 * vmbussim_chan_park() - keep an answer a signal could not write
 * @ch: the channel whose packets this context takes in a signal
 * @desc: the packet header
 * @hdr: descriptor bytes after the header, or NULL
 * @hdr_len: their length, a multiple of 8
 * @buf: payload
 * @len: payload bytes
 *
 * Return: 0 if parked; -EAGAIN if the slot is taken or too small.
 */
int vmbussim_chan_park(struct vmbussim_chan *ch,
		       const struct vmbus_packet_desc *desc,
		       const void *hdr, u32 hdr_len, const void *buf, u32 len)
{
	if (ch->parked_len || !ch->parked ||
	    hdr_len + len > VMBUSSIM_PARKED_MAX)
		return -EAGAIN;
	ch->parked_desc = *desc;
	if (hdr_len)
		memcpy(ch->parked, hdr, hdr_len);
	memcpy(ch->parked + hdr_len, buf, len);
	ch->parked_len = hdr_len + len;
	ch->stats.parked++;
	return 0;
}

/**
 * vmbussim_chan_unpark() - write the parked answer, if any
 * @ch: the channel; the caller is its reader, in the channel work
 *
 * Return: true if nothing is parked any more; false if the ring is still
 * full (the guest signals when it made room).
 */
bool vmbussim_chan_unpark(struct vmbussim_chan *ch)
{
	unsigned long flags;
	bool signal;
	int ret;

	if (!ch->parked_len)
		return true;
	spin_lock_irqsave(&ch->ring_lock, flags);
	ret = vmbussim_ring_write_raw(ch, &ch->parked_desc, NULL, 0,
				      ch->parked, ch->parked_len, &signal);
	spin_unlock_irqrestore(&ch->ring_lock, flags);
	if (signal)
		vmbussim_chan_signal(ch);
	if (ret == -EAGAIN)
		return false;
	/* Written, or the channel closed or broke: either way it is gone. */
	ch->parked_len = 0;
	return true;
}

/**
 * vmbussim_defer() - run @work in process context, on the host's queue
 * @work: a model's work item; module exit waits for it
 */
void vmbussim_defer(struct work_struct *work)
{
	queue_work(vmbussim.wq, work);
}
EXPORT_SYMBOL_GPL(vmbussim_defer);

/**
 * vmbussim_chan_now_open() - prepare a channel for answers in signals
 * @ch: the channel being opened
 *
 * Return: 0 or -ENOMEM.
 */
int vmbussim_chan_now_open(struct vmbussim_chan *ch)
{
	ch->parked_len = 0;
	if (!ch->dev->model->ops->packet_now || ch->parked)
		return 0;
	ch->parked = kmalloc(VMBUSSIM_PARKED_MAX, GFP_KERNEL);
	return ch->parked ? 0 : -ENOMEM;
}

/**
 * vmbussim_chan_now_close() - wait for the signals still taking packets
 * @ch: the channel; ch->open is false already
 *
 * A signal that saw the channel open runs in an RCU read-side section.
 */
void vmbussim_chan_now_close(struct vmbussim_chan *ch)
{
	if (ch->dev->model->ops->packet_now)
		synchronize_rcu();
}
