/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Out-of-tree overlay (compat/hv_compat.h says what it is): before 6.6
 * the page pool's API was one header, <net/page_pool.h>; since, the
 * helpers the sources use are in <net/page_pool/helpers.h>.
 */
#ifdef HV_COMPAT_PAGE_POOL_H
#include <net/page_pool.h>
#else
#include_next <net/page_pool/helpers.h>
#endif
