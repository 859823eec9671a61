/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vmbussim's test devices and their guest drivers share. These are
 * not Hyper-V devices: their class GUIDs exist only between vmbussim and
 * the project's test drivers.
 */
#ifndef _LINUX_HYPERV_VMBUSSIM_H
#define _LINUX_HYPERV_VMBUSSIM_H

#include <linux/uuid.h>

/*
 * The echo device: it completes every in-band request that asks for a
 * completion with a VMBUS_PKT_COMP packet carrying the request's
 * transaction id and the request's payload.
 * {b5f3b0d4-2d6a-4f0c-9a55-6d9e0c7e1a01}
 */
#define VMBUSSIM_CLASS_ECHO \
	GUID_INIT(0xb5f3b0d4, 0x2d6a, 0x4f0c, 0x9a, 0x55, \
		  0x6d, 0x9e, 0x0c, 0x7e, 0x1a, 0x01)

/* The largest echo payload. */
#define VMBUSSIM_ECHO_MAX	1024

#endif /* _LINUX_HYPERV_VMBUSSIM_H */
