// SPDX-License-Identifier: GPL-2.0
/*
 * hv_netvsc: the link state. The carrier follows the medium state the
 * host reports (queried at RNDIS initialisation, then indicated), unless
 * bad host input put the NIC out of service. When the host says the
 * network changed (the VM moved to another switch or subnet), the
 * carrier goes off for NETVSC_LINK_BOUNCE and on again, so that DHCP
 * clients and the stack renew their addresses as after a cable pull.
 */

#include <linux/rtnetlink.h>

#include "netvsc.h"

static void netvsc_link_work(struct work_struct *w)
{
	struct netvsc_dev *nd = container_of(to_delayed_work(w),
					     struct netvsc_dev, link_work);

	/*
	 * The host may have reported the medium gone meanwhile. RTNL keeps
	 * unregistering from starting while the carrier changes: a link
	 * event must not reach a device on its way out.
	 */
	rtnl_lock();
	if (nd->ndev->reg_state <= NETREG_REGISTERED && READ_ONCE(nd->host_link))
		netvsc_carrier_on(nd);
	rtnl_unlock();
}

/**
 * netvsc_link_init() - set up the link state of a new device
 * @nd: the device
 */
void netvsc_link_init(struct netvsc_dev *nd)
{
	INIT_DELAYED_WORK(&nd->link_work, netvsc_link_work);
}

/**
 * netvsc_link_set() - the host reported the medium connected or not
 * @nd: the device
 * @up: connected
 *
 * Any context. While a network change holds the carrier off, a connect
 * leaves turning it on to the end of that.
 */
void netvsc_link_set(struct netvsc_dev *nd, bool up)
{
	WRITE_ONCE(nd->host_link, up);
	if (!up)
		netif_carrier_off(nd->ndev);
	else if (!delayed_work_pending(&nd->link_work))
		netvsc_carrier_on(nd);
}

/**
 * netvsc_network_change() - the host reported RNDIS_STATUS_NETWORK_CHANGE
 * @nd: the device
 *
 * Called from NAPI. Without a carrier there is nothing to renew: the
 * next connect does that.
 */
void netvsc_network_change(struct netvsc_dev *nd)
{
	if (!netif_carrier_ok(nd->ndev))
		return;
	if (net_ratelimit())
		netdev_info(nd->ndev, "network changed: link down and up to renew addresses\n");
	netif_carrier_off(nd->ndev);
	schedule_delayed_work(&nd->link_work, NETVSC_LINK_BOUNCE);
}

/**
 * netvsc_link_stop() - cancel a pending carrier change
 * @nd: the device, its channels closed (no indication schedules it again)
 */
void netvsc_link_stop(struct netvsc_dev *nd)
{
	cancel_delayed_work_sync(&nd->link_work);
}
