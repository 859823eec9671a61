/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions this driver set builds against
 * (Debian 12's 6.1 and 6.12, and newer), absorbed in one place.
 */
#ifndef _LINUX_HYPERV_COMPAT_H
#define _LINUX_HYPERV_COMPAT_H

#include <linux/export.h>
#include <linux/module.h>
#include <linux/version.h>

/*
 * Our exports live in symbol namespaces so that they cannot be taken for
 * the distro's own hv_vmbus exports: HYPERV_VMBUS for client drivers,
 * HYPERV_VMBUS_HOST for hypervisor-interface providers (vmbussim). The
 * namespace argument became a string literal in 6.13.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0)
#define VMBUS_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, "HYPERV_VMBUS")
#define VMBUS_HOST_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, "HYPERV_VMBUS_HOST")
#define VMBUS_IMPORT_NS()	MODULE_IMPORT_NS("HYPERV_VMBUS")
#define VMBUS_HOST_IMPORT_NS()	MODULE_IMPORT_NS("HYPERV_VMBUS_HOST")
#else
#define VMBUS_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, HYPERV_VMBUS)
#define VMBUS_HOST_EXPORT(sym)	EXPORT_SYMBOL_NS_GPL(sym, HYPERV_VMBUS_HOST)
#define VMBUS_IMPORT_NS()	MODULE_IMPORT_NS(HYPERV_VMBUS)
#define VMBUS_HOST_IMPORT_NS()	MODULE_IMPORT_NS(HYPERV_VMBUS_HOST)
#endif

#endif /* _LINUX_HYPERV_COMPAT_H */
