// SPDX-License-Identifier: GPL-2.0
/*
 * The synthetic MSRs of each CPU, as the TLFS describes them, over
 * vmbussim: a guest that enables SCONTROL, SIMP and SIEFP and unmasks the
 * VMBus SINT has that CPU's pages attached to the host (synic_enable);
 * masking or disabling any of them detaches them. EOM asks the host for
 * the next message. The reference counter counts 100 ns units of the
 * boot-time clock, the clock vmbussim stamps its time samples with.
 */

#define pr_fmt(fmt) "hvshim: " fmt

#include <linux/io.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/printk.h>
#include <linux/smp.h>
#include <linux/timekeeping.h>
#include <asm/mshyperv.h>

#include "hvshim.h"

/* Register fields (TLFS: SynIC MSRs). */
#define HVSHIM_ENABLE		BIT_ULL(0)
#define HVSHIM_SINT_MASKED	BIT_ULL(16)
#define HVSHIM_GPA_MASK		(~(u64)(HV_HYP_PAGE_SIZE - 1))
#define HVSHIM_SVERSION		1

/**
 * struct hvshim_synic - the SynIC registers of one CPU
 * @scontrol: SCONTROL as last written
 * @simp: SIMP as last written
 * @siefp: SIEFP as last written
 * @sint: SINT0-15 as last written (masked at reset)
 * @guest_os_id: the guest OS identity MSR
 * @host: the host the pages are attached to (pinned), or NULL
 * @attached_simp: the SIMP value the attached pages came from
 * @attached_siefp: the SIEFP value the attached pages came from
 *
 * Only its own CPU, with preemption off, touches it.
 */
struct hvshim_synic {
	u64 scontrol;
	u64 simp;
	u64 siefp;
	u64 sint[SYNIC_SINT_COUNT];
	u64 guest_os_id;
	const struct vmbus_hv_ops *host;
	u64 attached_simp;
	u64 attached_siefp;
};

static DEFINE_PER_CPU(struct hvshim_synic, hvshim_synic);

/* The kernel address of the guest page at the GPA of @reg, or NULL. */
static void *hvshim_page(u64 reg)
{
	u64 gpa = reg & HVSHIM_GPA_MASK;

	if (!pfn_valid(PHYS_PFN(gpa)))
		return NULL;
	return phys_to_virt(gpa);
}

static bool hvshim_wants_host(const struct hvshim_synic *sc)
{
	return (sc->scontrol & HVSHIM_ENABLE) && (sc->simp & HVSHIM_ENABLE) &&
	       (sc->siefp & HVSHIM_ENABLE) &&
	       !(sc->sint[VMBUS_MESSAGE_SINT] & HVSHIM_SINT_MASKED);
}

static void hvshim_detach(struct hvshim_synic *sc, unsigned int cpu)
{
	sc->host->synic_disable(cpu);
	hvshim_host_put(sc->host);
	sc->host = NULL;
}

static void hvshim_attach(struct hvshim_synic *sc, unsigned int cpu)
{
	void *simp = hvshim_page(sc->simp), *siefp = hvshim_page(sc->siefp);

	if (!simp || !siefp) {
		pr_warn_once("cpu %u: SIMP %#llx or SIEFP %#llx is not RAM\n",
			     cpu, sc->simp, sc->siefp);
		return;
	}
	sc->host = hvshim_host_get();
	if (!sc->host) {
		atomic_inc(&hvshim_stats.no_host);
		pr_warn_once("cpu %u: SynIC enabled with no host registered\n",
			     cpu);
		return;
	}
	sc->attached_simp = sc->simp;
	sc->attached_siefp = sc->siefp;
	sc->host->synic_enable(cpu, simp, siefp);
}

/* Bring the host's view of this CPU's SynIC in line with its registers. */
static void hvshim_sync(struct hvshim_synic *sc, unsigned int cpu)
{
	bool want = hvshim_wants_host(sc);

	if (sc->host && (!want || sc->attached_simp != sc->simp ||
			 sc->attached_siefp != sc->siefp))
		hvshim_detach(sc, cpu);
	if (want && !sc->host)
		hvshim_attach(sc, cpu);
}

static u64 *hvshim_synic_reg(struct hvshim_synic *sc, unsigned int reg)
{
	if (reg >= HV_X64_MSR_SINT0 && reg <= HV_X64_MSR_SINT15)
		return &sc->sint[reg - HV_X64_MSR_SINT0];
	switch (reg) {
	case HV_X64_MSR_SCONTROL:
		return &sc->scontrol;
	case HV_X64_MSR_SIMP:
		return &sc->simp;
	case HV_X64_MSR_SIEFP:
		return &sc->siefp;
	case HV_X64_MSR_GUEST_OS_ID:
		return &sc->guest_os_id;
	}
	return NULL;
}

static void hvshim_unknown_msr(const char *op, unsigned int reg)
{
	atomic_inc(&hvshim_stats.unknown_msr);
	pr_warn_once("%s of unknown MSR %#x (answered as 0 / ignored)\n", op,
		     reg);
}

static u64 hvshim_ref_count(void)
{
	return div_u64(ktime_get_boottime_ns(), 100);
}

/**
 * hvshim_msr_read() - read a synthetic MSR of this CPU
 * @reg: the MSR number (HV_X64_MSR_*)
 *
 * Return: its value; 0 for an MSR the shim does not model.
 */
u64 hvshim_msr_read(unsigned int reg)
{
	struct hvshim_synic *sc;
	u64 *val, ret = 0;

	switch (reg) {
	case HV_X64_MSR_TIME_REF_COUNT:
		return hvshim_ref_count();
	case HV_X64_MSR_VP_INDEX:
		return hv_vp_index[raw_smp_processor_id()];
	case HV_X64_MSR_SVERSION:
		return HVSHIM_SVERSION;
	case HV_X64_MSR_EOM:
		return 0;	/* write-only */
	}
	sc = get_cpu_ptr(&hvshim_synic);
	val = hvshim_synic_reg(sc, reg);
	if (val)
		ret = *val;
	put_cpu_ptr(&hvshim_synic);
	if (!val)
		hvshim_unknown_msr("read", reg);
	return ret;
}

/**
 * hvshim_msr_write() - write a synthetic MSR of this CPU
 * @reg: the MSR number (HV_X64_MSR_*)
 * @val: the value
 */
void hvshim_msr_write(unsigned int reg, u64 val)
{
	unsigned int cpu = get_cpu();
	struct hvshim_synic *sc = this_cpu_ptr(&hvshim_synic);
	u64 *slot;

	if (reg == HV_X64_MSR_EOM) {
		if (sc->host)
			sc->host->eom();
		goto out;
	}
	slot = hvshim_synic_reg(sc, reg);
	if (!slot) {
		put_cpu();
		hvshim_unknown_msr("write", reg);
		return;
	}
	*slot = val;
	hvshim_sync(sc, cpu);
out:
	put_cpu();
}

/* The registers of @sc as at reset: everything 0, every SINT masked. */
static void hvshim_synic_clear(struct hvshim_synic *sc)
{
	unsigned int i;

	memset(sc, 0, sizeof(*sc));
	for (i = 0; i < SYNIC_SINT_COUNT; i++)
		sc->sint[i] = HVSHIM_SINT_MASKED;
}

static void hvshim_synic_reset(void *unused)
{
	struct hvshim_synic *sc = this_cpu_ptr(&hvshim_synic);

	if (sc->host) {
		pr_warn("cpu %u: guest left its SynIC enabled\n",
			smp_processor_id());
		hvshim_detach(sc, smp_processor_id());
	}
	hvshim_synic_clear(sc);
}

/**
 * hvshim_synic_init() - every CPU's SynIC in its reset state
 */
void hvshim_synic_init(void)
{
	unsigned int cpu;

	for_each_possible_cpu(cpu)
		hvshim_synic_clear(per_cpu_ptr(&hvshim_synic, cpu));
}

/**
 * hvshim_synic_exit() - detach whatever a guest left attached
 */
void hvshim_synic_exit(void)
{
	on_each_cpu(hvshim_synic_reset, NULL, 1);
}
