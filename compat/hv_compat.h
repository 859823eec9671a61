/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The out-of-tree overlay: forced (-include) into every file of the
 * out-of-tree build by the top-level Kbuild, never part of the in-tree
 * form (scripts/intree.sh). The sources use the current kernel API; for
 * each older interface compat/compat.mk finds in the kernel's headers
 * (HV_COMPAT_*), this header maps the current spelling onto it.
 *
 * It comes before the file's own first line, so it defines only what may
 * precede the kernel's headers: nothing here includes a header that
 * defines pr_fmt(). What must follow a kernel header is in that header's
 * wrapper in compat/include/ (searched before the kernel's include
 * directories). What no macro can do, an object the sources declare const
 * that an older kernel writes into, is a per-kernel definition file in
 * compat/6.1/ (compat/compat.mk, hv-compat-subst).
 */
#ifndef _HV_COMPAT_H
#define _HV_COMPAT_H

/*
 * hv_vmbus exports its symbols in the HYPERV_VMBUS namespace, given by
 * its Makefile as the string of 6.4 and later; before, export.h took a
 * bare name and made the string itself. vmbussim's core exports in
 * VMBUSSIM, whose bare name its directory's Kbuild gives as
 * HV_COMPAT_NSDEF_NAME. (MODULE_IMPORT_NS() is in the wrapper of
 * <linux/module.h>.)
 */
#if defined(HV_COMPAT_NSDEF_TOKEN) && defined(DEFAULT_SYMBOL_NAMESPACE)
#undef DEFAULT_SYMBOL_NAMESPACE
#ifdef HV_COMPAT_NSDEF_NAME
#define DEFAULT_SYMBOL_NAMESPACE	HV_COMPAT_NSDEF_NAME
#else
#define DEFAULT_SYMBOL_NAMESPACE	HYPERV_VMBUS
#endif
#endif

/*
 * Before 6.2 the SCSI midlayer's eh_timed_out() returned enum
 * blk_eh_timer_return, where BLK_EH_DONE meant "not handled: run error
 * handling". 6.1 has no name that these could clash with.
 */
#ifdef HV_COMPAT_SCSI_BLK_EH_TIMER
#define scsi_timeout_action	blk_eh_timer_return
#define SCSI_EH_RESET_TIMER	BLK_EH_RESET_TIMER
#define SCSI_EH_NOT_HANDLED	BLK_EH_DONE
#endif

/*
 * Hyper-V's synthetic registers are reached through hv_get_msr() and
 * hv_set_msr() since 6.9 (which map them for nested Hyper-V and
 * paravisors); before, through the inline hv_get_register() and
 * hv_set_register(), which read and write the MSRs themselves.
 */
#ifdef HV_COMPAT_HV_GET_REGISTER
#define hv_get_msr(reg)		hv_get_register(reg)
#define hv_set_msr(reg, val)	hv_set_register(reg, val)
#endif

/*
 * Before 6.8 ethtool's get_rxfh() and set_rxfh() took the table, key and
 * hash function as arguments, not in struct ethtool_rxfh_param. Here
 * that structure (the members hv_netvsc uses) and, under hv_netvsc's
 * names, wrappers of the older form for its ethtool_ops: a function-like
 * macro renames hv_netvsc's own definitions and declarations (a name
 * followed by a parenthesis) but not the bare names in the ops table,
 * which then take the wrappers.
 */
#ifdef HV_COMPAT_ETHTOOL_RXFH_ARGS
#include <linux/stddef.h>
#include <linux/types.h>

struct net_device;
struct netlink_ext_ack;

struct ethtool_rxfh_param {
	u8 hfunc;
	u32 indir_size;
	u32 *indir;
	u32 key_size;
	u8 *key;
};

int hv_compat_netvsc_get_rxfh(struct net_device *ndev,
			      struct ethtool_rxfh_param *p);
int hv_compat_netvsc_set_rxfh(struct net_device *ndev,
			      struct ethtool_rxfh_param *p,
			      struct netlink_ext_ack *extack);

/* Defined before the macros below, so under hv_netvsc's names. */
static inline int netvsc_get_rxfh(struct net_device *ndev, u32 *indir,
				  u8 *key, u8 *hfunc)
{
	struct ethtool_rxfh_param p = { .indir = indir, .key = key };
	int ret = hv_compat_netvsc_get_rxfh(ndev, &p);

	if (hfunc)
		*hfunc = p.hfunc;
	return ret;
}

static inline int netvsc_set_rxfh(struct net_device *ndev, const u32 *indir,
				  const u8 *key, const u8 hfunc)
{
	struct ethtool_rxfh_param p = {
		.hfunc = hfunc,
		.indir = (u32 *)indir,
		.key = (u8 *)key,
	};

	return hv_compat_netvsc_set_rxfh(ndev, &p, NULL);
}

#define netvsc_get_rxfh(...)	hv_compat_netvsc_get_rxfh(__VA_ARGS__)
#define netvsc_set_rxfh(...)	hv_compat_netvsc_set_rxfh(__VA_ARGS__)
#endif

#endif /* _HV_COMPAT_H */
