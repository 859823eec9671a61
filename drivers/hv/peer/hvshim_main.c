// SPDX-License-Identifier: GPL-2.0
/*
 * hvshim: the Hyper-V platform symbols that Linux's own Hyper-V modules
 * import from a kernel built with CONFIG_HYPERV, for a kernel built
 * without it. Loaded only in the peer lane, before vmbussim and Linux's
 * hv_vmbus: it answers as a Hyper-V partition with no isolation, no
 * nesting and no hibernation, whose hypervisor is vmbussim.
 */

#define pr_fmt(fmt) "hvshim: " fmt

#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/module.h>
#include <linux/percpu.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <asm/mshyperv.h>

#include "hvshim.h"

struct hvshim_stats hvshim_stats;

/* What a Hyper-V kernel's platform code exports. */
struct ms_hyperv_info ms_hyperv;
EXPORT_SYMBOL_GPL(ms_hyperv);
bool hv_nested;
EXPORT_SYMBOL_GPL(hv_nested);
bool hv_root_partition;
EXPORT_SYMBOL_GPL(hv_root_partition);
bool hyperv_paravisor_present;
EXPORT_SYMBOL_GPL(hyperv_paravisor_present);
u64 hv_current_partition_id = ~0ULL;
EXPORT_SYMBOL_GPL(hv_current_partition_id);
void *hv_hypercall_pg;
EXPORT_SYMBOL_GPL(hv_hypercall_pg);
void * __percpu *hyperv_pcpu_input_arg;
EXPORT_SYMBOL_GPL(hyperv_pcpu_input_arg);
void * __percpu *hyperv_pcpu_output_arg;
EXPORT_SYMBOL_GPL(hyperv_pcpu_output_arg);
u32 *hv_vp_index;
EXPORT_SYMBOL_GPL(hv_vp_index);
u32 hv_max_vp_index;
EXPORT_SYMBOL_GPL(hv_max_vp_index);
u64 (*hv_read_reference_counter)(void);
EXPORT_SYMBOL_GPL(hv_read_reference_counter);

static u64 hvshim_read_ref_counter(void)
{
	return hvshim_msr_read(HV_X64_MSR_TIME_REF_COUNT);
}

/**
 * hv_get_msr() - read a synthetic MSR of the current CPU
 * @reg: HV_X64_MSR_*
 *
 * Return: the register's value.
 */
u64 hv_get_msr(unsigned int reg)
{
	return hvshim_msr_read(reg);
}
EXPORT_SYMBOL_GPL(hv_get_msr);

/**
 * hv_set_msr() - write a synthetic MSR of the current CPU
 * @reg: HV_X64_MSR_*
 * @value: the value
 */
void hv_set_msr(unsigned int reg, u64 value)
{
	hvshim_msr_write(reg, value);
}
EXPORT_SYMBOL_GPL(hv_set_msr);

/**
 * hv_is_hyperv_initialized() - whether the partition has a hypervisor
 *
 * Return: true while vmbussim is registered.
 */
bool hv_is_hyperv_initialized(void)
{
	return hvshim_host_present();
}
EXPORT_SYMBOL_GPL(hv_is_hyperv_initialized);

/**
 * hv_is_hibernation_supported() - whether the guest may hibernate
 *
 * Return: false; vmbussim offers no hibernation.
 */
bool hv_is_hibernation_supported(void)
{
	return false;
}
EXPORT_SYMBOL_GPL(hv_is_hibernation_supported);

/**
 * hv_get_isolation_type() - the partition's isolation
 *
 * Return: HV_ISOLATION_TYPE_NONE.
 */
enum hv_isolation_type hv_get_isolation_type(void)
{
	return HV_ISOLATION_TYPE_NONE;
}
EXPORT_SYMBOL_GPL(hv_get_isolation_type);

/**
 * hv_is_isolation_supported() - whether the partition is isolated
 *
 * Return: false.
 */
bool hv_is_isolation_supported(void)
{
	return false;
}
EXPORT_SYMBOL_GPL(hv_is_isolation_supported);

/**
 * hv_isolation_type_snp() - whether the partition is an SNP CVM
 *
 * Return: false.
 */
bool hv_isolation_type_snp(void)
{
	return false;
}
EXPORT_SYMBOL_GPL(hv_isolation_type_snp);

/**
 * hv_isolation_type_tdx() - whether the partition is a TDX CVM
 *
 * Return: false.
 */
bool hv_isolation_type_tdx(void)
{
	return false;
}
EXPORT_SYMBOL_GPL(hv_isolation_type_tdx);

static u64 hvshim_isolated_call(const char *which)
{
	atomic_inc(&hvshim_stats.unknown_hypercall);
	pr_warn_once("%s hypercall in a partition that is not isolated\n",
		     which);
	return HV_STATUS_ACCESS_DENIED;
}

/**
 * hv_tdx_hypercall() - a hypercall through TDX (never, here)
 * @control: the control word
 * @param1: first input
 * @param2: second input
 *
 * Return: HV_STATUS_ACCESS_DENIED.
 */
u64 hv_tdx_hypercall(u64 control, u64 param1, u64 param2)
{
	return hvshim_isolated_call("TDX");
}
EXPORT_SYMBOL_GPL(hv_tdx_hypercall);

/**
 * hv_ghcb_hypercall() - a hypercall through the GHCB (never, here)
 * @control: the control word
 * @input: the input block
 * @output: the output block
 * @input_size: bytes of input
 *
 * Return: HV_STATUS_ACCESS_DENIED.
 */
u64 hv_ghcb_hypercall(u64 control, void *input, void *output, u32 input_size)
{
	return hvshim_isolated_call("GHCB");
}
EXPORT_SYMBOL_GPL(hv_ghcb_hypercall);

/**
 * hv_setup_dma_ops() - DMA ops of a VMBus device
 * @dev: the device
 * @coherent: whether the device is cache-coherent
 *
 * x86 is coherent and VMBus devices use the direct mapping, the kernel's
 * default: nothing to set.
 */
void hv_setup_dma_ops(struct device *dev, bool coherent)
{
}
EXPORT_SYMBOL_GPL(hv_setup_dma_ops);

/**
 * hv_setup_kexec_handler() - a handler to run before kexec
 * @handler: the handler
 *
 * The test guests never kexec; the handler is not kept.
 */
void hv_setup_kexec_handler(void (*handler)(void))
{
}
EXPORT_SYMBOL_GPL(hv_setup_kexec_handler);

/**
 * hv_remove_kexec_handler() - remove the kexec handler
 */
void hv_remove_kexec_handler(void)
{
}
EXPORT_SYMBOL_GPL(hv_remove_kexec_handler);

/**
 * hv_setup_crash_handler() - a handler to run when the kernel crashes
 * @handler: the handler
 *
 * The test guests do not kdump; the handler is not kept.
 */
void hv_setup_crash_handler(void (*handler)(struct pt_regs *regs))
{
}
EXPORT_SYMBOL_GPL(hv_setup_crash_handler);

/**
 * hv_remove_crash_handler() - remove the crash handler
 */
void hv_remove_crash_handler(void)
{
}
EXPORT_SYMBOL_GPL(hv_remove_crash_handler);

/**
 * hv_alloc_hyperv_page() - a page in the hypervisor's page size
 *
 * Return: the page, or NULL. x86 pages are Hyper-V's 4 KiB.
 */
void *hv_alloc_hyperv_page(void)
{
	return (void *)__get_free_page(GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(hv_alloc_hyperv_page);

/**
 * hv_alloc_hyperv_zeroed_page() - a zeroed page in the hypervisor's size
 *
 * Return: the page, or NULL.
 */
void *hv_alloc_hyperv_zeroed_page(void)
{
	return (void *)get_zeroed_page(GFP_KERNEL);
}
EXPORT_SYMBOL_GPL(hv_alloc_hyperv_zeroed_page);

/**
 * hv_free_hyperv_page() - free a page of hv_alloc_hyperv_page()
 * @addr: the page
 */
void hv_free_hyperv_page(void *addr)
{
	free_page((unsigned long)addr);
}
EXPORT_SYMBOL_GPL(hv_free_hyperv_page);

/**
 * hyperv_report_panic() - report a panic through the crash MSRs
 * @regs: the registers at the panic
 * @err: the panic's error code
 * @in_die: whether it comes from die()
 *
 * The shim offers no crash MSRs (ms_hyperv.misc_features), so a guest
 * that follows the feature bits never calls this.
 */
void hyperv_report_panic(struct pt_regs *regs, long err, bool in_die)
{
	pr_warn_once("panic report without the crash MSRs offered\n");
}
EXPORT_SYMBOL_GPL(hyperv_report_panic);

/**
 * hyperv_cleanup() - reset the hypervisor state before kexec or kdump
 *
 * The shim keeps no state a next kernel could trip over.
 */
void hyperv_cleanup(void)
{
}
EXPORT_SYMBOL_GPL(hyperv_cleanup);

static int hvshim_stats_show(struct seq_file *m, void *unused)
{
	seq_printf(m, "unknown_msr %d\nunknown_hypercall %d\n",
		   atomic_read(&hvshim_stats.unknown_msr),
		   atomic_read(&hvshim_stats.unknown_hypercall));
	seq_printf(m, "bad_hypercall %d\nno_host %d\n",
		   atomic_read(&hvshim_stats.bad_hypercall),
		   atomic_read(&hvshim_stats.no_host));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(hvshim_stats);

static struct dentry *hvshim_debugfs;

static void hvshim_free_pages(void * __percpu *pages)
{
	unsigned int cpu;

	if (!pages)
		return;
	for_each_possible_cpu(cpu)
		free_page((unsigned long)*per_cpu_ptr(pages, cpu));
	free_percpu(pages);
}

/* One zeroed page per CPU, as the platform's hypercall argument pages. */
static void * __percpu *hvshim_alloc_pages(void)
{
	void * __percpu *pages = alloc_percpu(void *);
	unsigned int cpu;

	if (!pages)
		return NULL;
	for_each_possible_cpu(cpu) {
		*per_cpu_ptr(pages, cpu) = (void *)get_zeroed_page(GFP_KERNEL);
		if (!*per_cpu_ptr(pages, cpu)) {
			hvshim_free_pages(pages);
			return NULL;
		}
	}
	return pages;
}

static int hvshim_vp_index_init(void)
{
	unsigned int cpu;

	hv_vp_index = kcalloc(nr_cpu_ids, sizeof(*hv_vp_index), GFP_KERNEL);
	if (!hv_vp_index)
		return -ENOMEM;
	/* vmbussim numbers its virtual processors as Linux numbers CPUs. */
	for_each_possible_cpu(cpu)
		hv_vp_index[cpu] = cpu;
	hv_max_vp_index = nr_cpu_ids - 1;
	ms_hyperv.max_vp_index = nr_cpu_ids - 1;
	ms_hyperv.max_lp_index = nr_cpu_ids - 1;
	return 0;
}

static void hvshim_cleanup(void)
{
	hvshim_free_pages(hyperv_pcpu_output_arg);
	hvshim_free_pages(hyperv_pcpu_input_arg);
	kfree(hv_vp_index);
}

static int __init hvshim_init(void)
{
	int ret = hvshim_vp_index_init();

	if (ret)
		return ret;
	hyperv_pcpu_input_arg = hvshim_alloc_pages();
	hyperv_pcpu_output_arg = hvshim_alloc_pages();
	if (!hyperv_pcpu_input_arg || !hyperv_pcpu_output_arg) {
		hvshim_cleanup();
		return -ENOMEM;
	}
	hvshim_synic_init();
	ms_hyperv.features = HV_MSR_VP_INDEX_AVAILABLE |
			     HV_MSR_TIME_REF_COUNT_AVAILABLE |
			     HV_MSR_SYNIC_AVAILABLE | HV_MSR_HYPERCALL_AVAILABLE;
	hv_read_reference_counter = hvshim_read_ref_counter;
	hv_hypercall_pg = hvshim_hypercall_entry;
	hvshim_debugfs = debugfs_create_dir("hvshim", NULL);
	debugfs_create_file("stats", 0444, hvshim_debugfs, NULL,
			    &hvshim_stats_fops);
	pr_info("Hyper-V platform shim ready; waiting for a host\n");
	return 0;
}
module_init(hvshim_init);

static void __exit hvshim_exit(void)
{
	debugfs_remove_recursive(hvshim_debugfs);
	hv_hypercall_pg = NULL;
	hvshim_synic_exit();
	hvshim_cleanup();
}
module_exit(hvshim_exit);

MODULE_DESCRIPTION("Hyper-V platform shim for Linux's own Hyper-V modules on vmbussim");
MODULE_LICENSE("GPL");
