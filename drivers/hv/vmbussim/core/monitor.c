// SPDX-License-Identifier: GPL-2.0
/*
 * The hypervisor's monitor (MNF): a guest does not signal a monitored
 * channel with a hypercall but sets the channel's pending bit in the
 * guest-to-host monitor page it named in INITIATE_CONTACT; the hypervisor
 * scans the page, clears the bits it finds and signals those channels.
 * Hyper-V offers storage and network channels monitored, with a latency
 * of about 100 us.
 *
 * vmbussim offers channels monitored when its "monitor" switch is on, and
 * scans the page from an hrtimer while any monitored channel is open.
 * Monitor ids come from their own pool, lowest free first from 0, and are
 * returned with the channel's relid (OpenVMM's vmbus_server assigns them
 * so), so a channel's monitor id is unrelated to its relid.
 */
#include <linux/hrtimer.h>
#include <linux/mm.h>

#include "vmbussim.h"

/* How often the host scans the guest's monitor page. */
#define VMBUSSIM_MONITOR_PERIOD_NS	(200 * NSEC_PER_USEC)

/* The channel behind monitor id @id, if it is open and monitored. */
static void vmbussim_monitor_fire(u32 id)
{
	struct vmbussim_chan *ch;
	unsigned long flags;

	spin_lock_irqsave(&vmbussim.dev_lock, flags);
	ch = vmbussim.monitor_chans[id];
	if (ch && READ_ONCE(ch->open)) {
		ch->stats.monitor_hits++;
		queue_work(vmbussim.wq, &ch->work);
	}
	spin_unlock_irqrestore(&vmbussim.dev_lock, flags);
}

static enum hrtimer_restart vmbussim_monitor_scan(struct hrtimer *t)
{
	struct vmbus_monitor_page *mp = READ_ONCE(vmbussim.monitor2);
	unsigned long bits;
	u32 g, bit;

	if (!mp || !atomic_read(&vmbussim.monitored_open))
		return HRTIMER_NORESTART;
	for (g = 0; g < ARRAY_SIZE(mp->trigger_group); g++) {
		/*
		 * Take and clear the group's pending bits at once: the guest
		 * sets them with atomic bit operations, so a bit set after
		 * this is seen on the next scan.
		 */
		bits = xchg((__force u32 *)&mp->trigger_group[g].pending, 0);
		for_each_set_bit(bit, &bits, 32)
			vmbussim_monitor_fire(g * 32 + bit);
	}
	hrtimer_forward_now(t, ns_to_ktime(VMBUSSIM_MONITOR_PERIOD_NS));
	return HRTIMER_RESTART;
}

/**
 * vmbussim_monitor_connect() - the guest named its monitor pages
 * @gpa: guest physical address of the guest-to-host monitor page
 *
 * Return: 0, or -EINVAL for an address that is no page of the guest.
 */
int vmbussim_monitor_connect(u64 gpa)
{
	u64 pfn = gpa >> PAGE_SHIFT;

	lockdep_assert_held(&vmbussim.lock);
	if (!PAGE_ALIGNED(gpa) || pfn > ULONG_MAX || !pfn_valid(pfn))
		return -EINVAL;
	WRITE_ONCE(vmbussim.monitor2, page_address(pfn_to_page(pfn)));
	return 0;
}

/**
 * vmbussim_monitor_disconnect() - stop touching the guest's monitor page
 *
 * Waits for a running scan: afterwards the guest may free the page.
 */
void vmbussim_monitor_disconnect(void)
{
	lockdep_assert_held(&vmbussim.lock);
	WRITE_ONCE(vmbussim.monitor2, NULL);
	hrtimer_cancel(&vmbussim.monitor_timer);
}

/**
 * vmbussim_monitor_offer() - decide whether a channel's offer is monitored
 * @ch: the channel being offered
 * @offer: its OFFERCHANNEL message
 */
void vmbussim_monitor_offer(struct vmbussim_chan *ch,
			    struct vmbus_chanmsg_offer *offer)
{
	u32 id;

	lockdep_assert_held(&vmbussim.lock);
	vmbussim_monitor_release(ch);
	if (!READ_ONCE(vmbussim.monitor_offers) || !vmbussim.monitor2)
		return;
	for (id = 0; id <= VMBUS_MAX_MONITOR_ID; id++)
		if (!vmbussim.monitor_chans[id])
			break;
	/* Out of monitor ids: the channel is offered unmonitored. */
	if (id > VMBUS_MAX_MONITOR_ID)
		return;
	spin_lock_irq(&vmbussim.dev_lock);
	vmbussim.monitor_chans[id] = ch;
	spin_unlock_irq(&vmbussim.dev_lock);
	ch->monitor_id = id;
	ch->monitored = true;
	offer->monitor_flags = VMBUS_OFFER_MONITOR_ALLOCATED;
	offer->monitor_id = id;
}

/**
 * vmbussim_monitor_release() - return the monitor id of @ch to the pool
 * @ch: a channel whose relid the guest released, or whose connection
 *	ended; its host end is closed
 */
void vmbussim_monitor_release(struct vmbussim_chan *ch)
{
	lockdep_assert_held(&vmbussim.lock);
	if (!ch->monitored)
		return;
	spin_lock_irq(&vmbussim.dev_lock);
	vmbussim.monitor_chans[ch->monitor_id] = NULL;
	spin_unlock_irq(&vmbussim.dev_lock);
	ch->monitored = false;
	ch->monitor_id = VMBUSSIM_NO_MONITOR_ID;
}

/**
 * vmbussim_monitor_open() - a monitored channel opened: scan for it
 * @ch: the channel
 */
void vmbussim_monitor_open(struct vmbussim_chan *ch)
{
	if (!ch->monitored)
		return;
	if (atomic_inc_return(&vmbussim.monitored_open) == 1)
		hrtimer_start(&vmbussim.monitor_timer,
			      ns_to_ktime(VMBUSSIM_MONITOR_PERIOD_NS),
			      HRTIMER_MODE_REL);
}

/**
 * vmbussim_monitor_close() - a monitored channel closed
 * @ch: the channel
 *
 * The scan stops by itself once no monitored channel is open.
 */
void vmbussim_monitor_close(struct vmbussim_chan *ch)
{
	if (ch->monitored)
		atomic_dec(&vmbussim.monitored_open);
}

void vmbussim_monitor_init(void)
{
	hrtimer_init(&vmbussim.monitor_timer, CLOCK_MONOTONIC,
		     HRTIMER_MODE_REL);
	vmbussim.monitor_timer.function = vmbussim_monitor_scan;
}
