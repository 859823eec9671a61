/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hvshim: the Hyper-V platform of a kernel built without CONFIG_HYPERV,
 * for the peer lane. It gives Linux's own Hyper-V modules the symbols a
 * Hyper-V kernel exports (the hypercall page, hv_get_msr/hv_set_msr over
 * a simulated SynIC, the VMBus interrupt hook) and plays our bus towards
 * vmbussim, through the hypervisor interface of <linux/hyperv/hvif.h>.
 */
#ifndef _HVSHIM_H
#define _HVSHIM_H

#include <linux/types.h>

#include <linux/hyperv/hvif.h>

/* The host (hvshim_host.c). */
const struct vmbus_hv_ops *hvshim_host_get(void);
void hvshim_host_put(const struct vmbus_hv_ops *ops);
const struct vmbus_hv_ops *hvshim_host_rcu(void);
bool hvshim_host_present(void);

/* The simulated SynIC registers of each CPU (hvshim_synic.c). */
void hvshim_synic_init(void);
void hvshim_synic_exit(void);
u64 hvshim_msr_read(unsigned int reg);
void hvshim_msr_write(unsigned int reg, u64 val);

/* The hypercall dispatcher (hvshim_hypercall.c) and its entry. */
u64 hvshim_hypercall(u64 control, u64 input, u64 output);
void hvshim_hypercall_entry(void);

/* Counters of what the guest asked and the shim did not know. */
struct hvshim_stats {
	atomic_t unknown_msr;
	atomic_t unknown_hypercall;
	atomic_t bad_hypercall;
	atomic_t no_host;
};

extern struct hvshim_stats hvshim_stats;

#endif /* _HVSHIM_H */
