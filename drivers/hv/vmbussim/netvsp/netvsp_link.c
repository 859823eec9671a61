// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: media state changes, with the host's debounce.
 * A change is indicated at once when the last indication is older than
 * the debounce; a change within it is held back and indicated when the
 * debounce has passed, if the state still differs from what the guest
 * was told then (a Microsoft host does this because Linux guests did not
 * act on changes in quick succession). OpenVMM and Hyper-V hold back for
 * 5 seconds.
 */

#include <linux/jiffies.h>
#include <linux/module.h>

#include "netvsp.h"

static unsigned int netvsp_link_debounce_ms = 5000;
module_param(netvsp_link_debounce_ms, uint, 0644);
MODULE_PARM_DESC(netvsp_link_debounce_ms,
		 "Least time between two media state indications of a netvsp NIC, in ms");

/* Tell the guest the host's media state; the NIC's lock held. */
static bool netvsp_link_tell(struct netvsp *np, bool *up)
{
	lockdep_assert_held(&np->lock);
	*up = np->link_up;
	if (np->guest_link == *up)
		return false;
	np->guest_link = *up;
	np->link_hold = jiffies + msecs_to_jiffies(READ_ONCE(netvsp_link_debounce_ms));
	return true;
}

static void netvsp_link_indicate(struct netvsp *np, bool up)
{
	netvsp_indicate(np, up ? RNDIS_STATUS_MEDIA_CONNECT :
			RNDIS_STATUS_MEDIA_DISCONNECT);
}

static void netvsp_link_work(struct work_struct *work)
{
	struct netvsp *np = container_of(to_delayed_work(work), struct netvsp,
					 link_work);
	bool tell, up;

	spin_lock_bh(&np->lock);
	tell = netvsp_link_tell(np, &up);
	spin_unlock_bh(&np->lock);
	if (tell)
		netvsp_link_indicate(np, up);
}

/**
 * netvsp_link_set() - the host's media state changes
 * @np: the NIC
 * @up: connected
 */
void netvsp_link_set(struct netvsp *np, bool up)
{
	unsigned long now = jiffies, hold;
	bool tell = false;

	spin_lock_bh(&np->lock);
	WRITE_ONCE(np->link_up, up);
	hold = np->link_hold;
	if (time_after_eq(now, hold))
		tell = netvsp_link_tell(np, &up);
	spin_unlock_bh(&np->lock);
	if (tell)
		netvsp_link_indicate(np, up);
	else
		mod_delayed_work(system_wq, &np->link_work,
				 time_after(hold, now) ? hold - now : 0);
}

/**
 * netvsp_link_init_guest() - the guest initialised the adapter: it learns
 *	the media state by query from now on, and no change is held back
 * @np: the NIC
 */
void netvsp_link_init_guest(struct netvsp *np)
{
	spin_lock_bh(&np->lock);
	np->guest_link = np->link_up;
	np->link_hold = jiffies;
	spin_unlock_bh(&np->lock);
}

/**
 * netvsp_link_init() - set up the debounce of a new NIC
 * @np: the NIC
 */
void netvsp_link_init(struct netvsp *np)
{
	INIT_DELAYED_WORK(&np->link_work, netvsp_link_work);
	np->guest_link = np->link_up;
	np->link_hold = jiffies;
}

/**
 * netvsp_link_fini() - stop the debounce of a NIC that goes away
 * @np: the NIC
 */
void netvsp_link_fini(struct netvsp *np)
{
	cancel_delayed_work_sync(&np->link_work);
}
