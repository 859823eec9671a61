/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-tree overlay (compat/hv_compat.h says what it is): the unaligned
 * access helpers are <linux/unaligned.h> since 6.12, <asm/unaligned.h>
 * before.
 */
#ifdef HV_COMPAT_ASM_UNALIGNED
#include <asm/unaligned.h>
#else
#include_next <linux/unaligned.h>
#endif
