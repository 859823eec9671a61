// SPDX-License-Identifier: GPL-2.0
/*
 * The host's limits (QUERY_PROPERTIES) clamped to what the driver can
 * do, tested by KUnit.
 */

#include <linux/minmax.h>

#include "hv_storvsc.h"

/**
 * storvsc_host_limits() - the host's limits from QUERY_PROPERTIES, clamped
 *	to ours
 * @props: the host's answer
 * @class: the controller's class (IDE has no subchannels)
 * @max_transfer: receives bytes per command: whole Hyper-V pages, at
 *	least one, at most STORVSC_MAX_TRANSFER
 * @max_subchannels: receives the subchannels the host may offer: 0
 *	without the multichannel flag, at most STORVSC_MAX_CHANNELS - 1
 */
void storvsc_host_limits(const struct vstor_properties *props,
			 enum storvsc_class class, u32 *max_transfer,
			 u16 *max_subchannels)
{
	u32 max = le32_to_cpu(props->max_transfer_bytes);

	max = clamp_t(u32, max, HV_PAGE_SIZE, STORVSC_MAX_TRANSFER);
	*max_transfer = round_down(max, HV_PAGE_SIZE);
	*max_subchannels = 0;
	if (class != STORVSC_IDE &&
	    (le32_to_cpu(props->flags) & VSTOR_PROP_MULTI_CHANNEL))
		*max_subchannels = min_t(u16, le16_to_cpu(props->max_channels),
					 STORVSC_MAX_CHANNELS - 1);
}
