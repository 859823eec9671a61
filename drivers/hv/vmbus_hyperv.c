// SPDX-License-Identifier: GPL-2.0
/*
 * The real Hyper-V provider of the hypervisor interface on x86-64: the
 * SynIC through its MSRs, HvPostMessage and HvSignalEvent through the
 * kernel's hypercall support, and the VMBus interrupt through the
 * kernel's Hyper-V callback vector.
 *
 * Confidential (isolated) guests need the host-visible SynIC pages and
 * GHCB/TDX register access the kernel's private code provides; they are
 * not supported here yet and the provider declines them.
 */

#define pr_fmt(fmt) "hv_vmbus: " fmt

#include <linux/acpi.h>
#include <linux/device.h>
#include <linux/io.h>
#include <linux/irqflags.h>
#include <linux/percpu.h>
#include <asm/mshyperv.h>

#include "vmbus_private.h"
#include "vmbus_hyperv.h"

/* SINT register fields (TLFS). */
#define HVP_SINT_VECTOR		GENMASK_ULL(7, 0)
#define HVP_SINT_MASKED		BIT_ULL(16)
#define HVP_SINT_AUTO_EOI	BIT_ULL(17)
/* SIMP and SIEFP: enable bit, reserved bits, then the page's GPA. */
#define HVP_PAGE_ENABLE		BIT_ULL(0)
#define HVP_PAGE_FLAGS		GENMASK_ULL(11, 1)
#define HVP_SCONTROL_ENABLE	BIT_ULL(0)

static int hvp_status_to_errno(u64 status)
{
	switch (hv_result(status)) {
	case HV_STATUS_SUCCESS:
		return 0;
	case HV_STATUS_INSUFFICIENT_MEMORY:
	case HV_STATUS_INSUFFICIENT_BUFFERS:
		return -EAGAIN;
	default:
		return -EIO;
	}
}

static int hvp_post_message(u32 connection_id, u32 message_type,
			    const void *payload, u32 size)
{
	struct synic_post_message_input *in;
	unsigned long flags;
	u64 status;

	if (size > SYNIC_MESSAGE_PAYLOAD)
		return -EINVAL;
	/* The per-CPU hypercall input page is ours while interrupts are off. */
	local_irq_save(flags);
	in = *this_cpu_ptr(hyperv_pcpu_input_arg);
	in->connection_id = cpu_to_le32(connection_id);
	in->reserved = 0;
	in->message_type = cpu_to_le32(message_type);
	in->payload_size = cpu_to_le32(size);
	memcpy(in->payload, payload, size);
	status = hv_do_hypercall(HVCALL_POST_MESSAGE, in, NULL);
	local_irq_restore(flags);
	return hvp_status_to_errno(status);
}

static int hvp_signal_event(u32 connection_id, u16 flag_number)
{
	u64 input = connection_id | ((u64)flag_number << 32);

	return hvp_status_to_errno(hv_do_fast_hypercall8(HVCALL_SIGNAL_EVENT,
							 input));
}

/*
 * The SynIC registers are written read-modify-write through the kernel's
 * accessors, which map them for nested Hyper-V and paravisors as the
 * platform needs, and keep the fields (reserved bits, a paravisor's page
 * address) this driver does not own.
 */
static void hvp_synic_enable(unsigned int cpu, struct synic_message_page *simp,
			     struct synic_event_flags_page *siefp)
{
	u64 val;

	val = hv_get_msr(HV_X64_MSR_SIMP) & HVP_PAGE_FLAGS;
	hv_set_msr(HV_X64_MSR_SIMP, val | virt_to_phys(simp) | HVP_PAGE_ENABLE);
	val = hv_get_msr(HV_X64_MSR_SIEFP) & HVP_PAGE_FLAGS;
	hv_set_msr(HV_X64_MSR_SIEFP,
		   val | virt_to_phys(siefp) | HVP_PAGE_ENABLE);
	val = hv_get_msr(HV_X64_MSR_SINT0 + VMBUS_MESSAGE_SINT);
	val &= ~(HVP_SINT_VECTOR | HVP_SINT_MASKED | HVP_SINT_AUTO_EOI);
	val |= HYPERVISOR_CALLBACK_VECTOR;
	if (!(ms_hyperv.hints & HV_DEPRECATING_AEOI_RECOMMENDED))
		val |= HVP_SINT_AUTO_EOI;
	hv_set_msr(HV_X64_MSR_SINT0 + VMBUS_MESSAGE_SINT, val);
	val = hv_get_msr(HV_X64_MSR_SCONTROL);
	hv_set_msr(HV_X64_MSR_SCONTROL, val | HVP_SCONTROL_ENABLE);
}

static void hvp_synic_disable(unsigned int cpu)
{
	u64 val;

	val = hv_get_msr(HV_X64_MSR_SINT0 + VMBUS_MESSAGE_SINT);
	hv_set_msr(HV_X64_MSR_SINT0 + VMBUS_MESSAGE_SINT, val | HVP_SINT_MASKED);
	val = hv_get_msr(HV_X64_MSR_SIMP);
	hv_set_msr(HV_X64_MSR_SIMP, val & ~HVP_PAGE_ENABLE);
	val = hv_get_msr(HV_X64_MSR_SIEFP);
	hv_set_msr(HV_X64_MSR_SIEFP, val & ~HVP_PAGE_ENABLE);
}

static void hvp_eom(void)
{
	hv_set_msr(HV_X64_MSR_EOM, 0);
}

static u32 hvp_vp_index(unsigned int cpu)
{
	return hv_vp_index[cpu];
}

static const struct vmbus_hv_ops hvp_ops = {
	.name		= "hyperv",
	.owner		= THIS_MODULE,
	.post_message	= hvp_post_message,
	.signal_event	= hvp_signal_event,
	.synic_enable	= hvp_synic_enable,
	.synic_disable	= hvp_synic_disable,
	.eom		= hvp_eom,
	.vp_index	= hvp_vp_index,
};

/* Whether the VMBus ACPI device says DMA is coherent; read at probe. */
static bool hvp_dma_coherent = true;

/*
 * The firmware describes the VMBus as an ACPI device (HID "VMBUS", or
 * "VMBus" on older hosts); its _CCA says whether devices on it are DMA
 * coherent. Without one, coherent: x86 is.
 */
static bool hvp_acpi_dma_coherent(void)
{
	static const char * const hids[] = { "VMBUS", "VMBus" };
	struct acpi_device *adev;
	bool coherent = true;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hids); i++) {
		adev = acpi_dev_get_first_match_dev(hids[i], NULL, -1);
		if (!adev)
			continue;
		coherent = device_get_dma_attr(&adev->dev) == DEV_DMA_COHERENT;
		acpi_dev_put(adev);
		break;
	}
	return coherent;
}

/**
 * vmbus_hyperv_dma_configure() - DMA setup of a device on real Hyper-V
 * @ops: the provider the bus is connected through
 * @dev: a VMBus device about to be bound
 *
 * Through the kernel's Hyper-V platform support, as the kernel's own bus
 * driver does; nothing for another provider (direct DMA).
 */
void vmbus_hyperv_dma_configure(const struct vmbus_hv_ops *ops,
				struct device *dev)
{
	if (ops == &hvp_ops)
		hv_setup_dma_ops(dev, hvp_dma_coherent);
}

/**
 * vmbus_hyperv_probe() - the real Hyper-V provider, if the kernel runs
 *	on Hyper-V
 *
 * Return: the provider's ops with the VMBus interrupt installed, or NULL.
 */
const struct vmbus_hv_ops *vmbus_hyperv_probe(void)
{
	if (!hv_is_hyperv_initialized())
		return NULL;
	if (hv_is_isolation_supported()) {
		pr_err("isolated (confidential) guests are not supported\n");
		return NULL;
	}
	hvp_dma_coherent = hvp_acpi_dma_coherent();
	hv_setup_vmbus_handler(vmbus_isr);
	return &hvp_ops;
}

/**
 * vmbus_hyperv_remove() - uninstall the VMBus interrupt
 */
void vmbus_hyperv_remove(void)
{
	hv_remove_vmbus_handler();
}
