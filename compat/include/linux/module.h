/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-tree overlay (compat/hv_compat.h says what it is): the kernel's
 * <linux/module.h>, then MODULE_IMPORT_NS() in its 6.13 form where the
 * kernel's is older. Before 6.13 it took a bare name and made the string
 * itself; the sources give the string.
 */
#include_next <linux/module.h>

#ifdef HV_COMPAT_IMPORT_NS_TOKEN
#undef MODULE_IMPORT_NS
#define MODULE_IMPORT_NS(ns)	MODULE_INFO(import_ns, ns)
#endif
