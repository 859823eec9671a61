/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The real Hyper-V provider of the hypervisor interface, present when the
 * kernel has Hyper-V platform support.
 */
#ifndef _VMBUS_HYPERV_H
#define _VMBUS_HYPERV_H

#include <linux/kconfig.h>

struct device;
struct vmbus_hv_ops;

#if IS_ENABLED(CONFIG_HYPERV) && IS_ENABLED(CONFIG_X86_64)
const struct vmbus_hv_ops *vmbus_hyperv_probe(void);
void vmbus_hyperv_remove(void);
void vmbus_hyperv_dma_configure(const struct vmbus_hv_ops *ops,
				struct device *dev);
#else
static inline const struct vmbus_hv_ops *vmbus_hyperv_probe(void)
{
	return NULL;
}

static inline void vmbus_hyperv_remove(void)
{
}

static inline void vmbus_hyperv_dma_configure(const struct vmbus_hv_ops *ops,
					      struct device *dev)
{
}
#endif

#endif /* _VMBUS_HYPERV_H */
