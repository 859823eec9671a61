// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the slots of the guest's receive buffer, as a
 * Microsoft host cuts it. Every slot has the same size, from the MTU of
 * the guest's NDIS configuration: a 256-byte RNDIS header area, the
 * frame, and a 36-byte tail. The first slots are kept for control
 * messages (answers and indications), so that data never starves them.
 *
 * A transfer-page packet names one slot per RNDIS message, up to
 * NVSP_MAX_PACKETS_PER_RECEIVE; its transaction id is its first slot.
 * The guest's completion of that id frees every slot of the packet; a
 * completion of any other id is a protocol error.
 */

#include <linux/bitmap.h>
#include <linux/slab.h>

#include "netvsp.h"

#define NETVSP_SLOT_NONE	U32_MAX

/**
 * netvsp_slot_size() - the receive slot size a Microsoft host uses
 * @mtu: the MTU of the guest's NDIS configuration (Ethernet header
 *	included), 0 if it sent none
 *
 * An MTU outside what the host supports is taken as the default 1514,
 * as vmswitch does.
 *
 * Return: the slot size.
 */
u32 netvsp_slot_size(u32 mtu)
{
	if (mtu < NETVSP_CFG_MTU_MIN || mtu > NETVSP_CFG_MTU_MAX)
		mtu = NETVSP_CFG_MTU_MIN;
	return NETVSP_RX_DATA_OFF + mtu + NETVSP_RX_TAIL;
}

/**
 * netvsp_slots_init() - cut a receive buffer into slots
 * @t: the table to fill
 * @n: slots in the buffer, at least 1
 *
 * Return: 0 or -ENOMEM.
 */
int netvsp_slots_init(struct netvsp_slots *t, u32 n)
{
	t->n = n;
	t->ctrl = min_t(u32, NETVSP_RX_CTRL_SLOTS, n / 2);
	t->used = bitmap_zalloc(n, GFP_KERNEL);
	t->heads = bitmap_zalloc(n, GFP_KERNEL);
	t->next = kcalloc(n, sizeof(*t->next), GFP_KERNEL);
	if (t->used && t->heads && t->next)
		return 0;
	netvsp_slots_fini(t);
	return -ENOMEM;
}

/**
 * netvsp_slots_fini() - free a slot table
 * @t: the table
 */
void netvsp_slots_fini(struct netvsp_slots *t)
{
	bitmap_free(t->used);
	bitmap_free(t->heads);
	kfree(t->next);
	memset(t, 0, sizeof(*t));
}

/**
 * netvsp_slots_get() - take a free slot
 * @t: the table
 * @ctrl: for a control message (else for a frame)
 *
 * Return: the slot, or -ENOSPC.
 */
int netvsp_slots_get(struct netvsp_slots *t, bool ctrl)
{
	u32 lo = ctrl ? 0 : t->ctrl, hi = ctrl ? t->ctrl : t->n;
	u32 s;

	if (!t->used)
		return -ENOSPC;
	s = find_next_zero_bit(t->used, hi, lo);
	if (s >= hi)
		return -ENOSPC;
	__set_bit(s, t->used);
	t->next[s] = NETVSP_SLOT_NONE;
	return s;
}

/**
 * netvsp_slots_chain() - put slot @s after slot @prev in one packet
 * @t: the table
 * @prev: the packet's last slot so far
 * @s: the new last slot
 */
void netvsp_slots_chain(struct netvsp_slots *t, u32 prev, u32 s)
{
	t->next[prev] = s;
	t->next[s] = NETVSP_SLOT_NONE;
}

/**
 * netvsp_slots_sent() - the packet whose first slot is @first went out
 * @t: the table
 * @first: the slot, the packet's transaction id
 */
void netvsp_slots_sent(struct netvsp_slots *t, u32 first)
{
	__set_bit(first, t->heads);
}

/* Free the slots of the packet that starts at @first; how many. */
static u32 netvsp_slots_free(struct netvsp_slots *t, u32 first)
{
	u32 s = first, n = 0;

	while (s != NETVSP_SLOT_NONE && s < t->n) {
		__clear_bit(s, t->used);
		s = t->next[s];
		n++;
	}
	return n;
}

/**
 * netvsp_slots_drop() - free the slots of a packet that was not sent
 * @t: the table
 * @first: its first slot
 */
void netvsp_slots_drop(struct netvsp_slots *t, u32 first)
{
	netvsp_slots_free(t, first);
}

/**
 * netvsp_slots_done() - the guest completed transaction id @tid
 * @t: the table
 * @tid: the id
 *
 * Return: the slots freed, or -EINVAL if @tid is the first slot of no
 * packet the guest holds (unknown, completed already, or a later slot of
 * a packet).
 */
int netvsp_slots_done(struct netvsp_slots *t, u64 tid)
{
	if (!t->heads || tid >= t->n || !__test_and_clear_bit(tid, t->heads))
		return -EINVAL;
	return netvsp_slots_free(t, tid);
}
