/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire formats of a VMBus channel's ring buffers and of the packets that
 * travel in them.
 *
 * A channel has two rings in one GPADL: the outbound ring (guest writes,
 * host reads) and the inbound ring (host writes, guest reads). Each ring is
 * one control page followed by a data area of whole pages. Packets are
 * multiples of 8 bytes; each one is followed by an 8-byte trailer holding
 * the writer's index at the start of the packet in its upper 32 bits.
 */
#ifndef _LINUX_HYPERV_SPEC_RING_H
#define _LINUX_HYPERV_SPEC_RING_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

#include <linux/hyperv/spec/synic.h>

/* struct vmbus_ring_control.feature_bits */
#define VMBUS_RING_FEAT_PENDING_SEND_SZ	0x00000001

/**
 * struct vmbus_ring_control - the control page at the head of each ring
 * @write_index: byte offset into the data area where the writer writes
 *	next; only the writer changes it
 * @read_index: byte offset where the reader reads next; only the reader
 *	changes it
 * @interrupt_mask: non-zero while the reader polls and wants no signal
 * @pending_send_sz: bytes the writer waits for; zero when it waits for
 *	none. Only meaningful with VMBUS_RING_FEAT_PENDING_SEND_SZ
 * @reserved1: zero
 * @feature_bits: VMBUS_RING_FEAT_*, set by the ring's writer for the
 *	ring it writes
 * @reserved2: pads the control area to one Hyper-V page
 *
 * The ring is empty when the indices are equal; a writer never fills it
 * completely, so it is full when one more byte would make them equal.
 */
struct vmbus_ring_control {
	__le32 write_index;
	__le32 read_index;
	__le32 interrupt_mask;
	__le32 pending_send_sz;
	__le32 reserved1[12];
	__le32 feature_bits;
	u8 reserved2[HV_PAGE_SIZE - 68];
} __packed;
static_assert(sizeof(struct vmbus_ring_control) == HV_PAGE_SIZE);
static_assert(offsetof(struct vmbus_ring_control, pending_send_sz) == 12);
static_assert(offsetof(struct vmbus_ring_control, feature_bits) == 64);

/* Packet types (struct vmbus_packet_desc.type). */
enum vmbus_packet_type {
	VMBUS_PKT_INVALID		= 0x0,
	VMBUS_PKT_SYNCH			= 0x1,
	VMBUS_PKT_ADD_XFER_PAGESET	= 0x2,
	VMBUS_PKT_RM_XFER_PAGESET	= 0x3,
	VMBUS_PKT_ESTABLISH_GPADL	= 0x4,
	VMBUS_PKT_TEARDOWN_GPADL	= 0x5,
	VMBUS_PKT_DATA_INBAND		= 0x6,
	VMBUS_PKT_DATA_USING_XFER_PAGES	= 0x7,
	VMBUS_PKT_DATA_USING_GPADL	= 0x8,
	VMBUS_PKT_DATA_USING_GPA_DIRECT	= 0x9,
	VMBUS_PKT_CANCEL_REQUEST	= 0xa,
	VMBUS_PKT_COMP			= 0xb,
	VMBUS_PKT_DATA_USING_ADDITIONAL	= 0xc,
	VMBUS_PKT_ADDITIONAL_DATA	= 0xd,
};

/* struct vmbus_packet_desc.flags */
#define VMBUS_PKT_FLAG_COMPLETION_REQUESTED	0x0001

/**
 * struct vmbus_packet_desc - the header of every packet in a ring
 * @type: enum vmbus_packet_type
 * @offset8: offset of the payload from the start of the packet, in units
 *	of 8 bytes; at least the size of this header
 * @len8: length of the whole packet (header, payload and padding, not the
 *	trailer) in units of 8 bytes
 * @flags: VMBUS_PKT_FLAG_*
 * @trans_id: transaction id; a completion carries the id of its request
 */
struct vmbus_packet_desc {
	__le16 type;
	__le16 offset8;
	__le16 len8;
	__le16 flags;
	__le64 trans_id;
} __packed;
static_assert(sizeof(struct vmbus_packet_desc) == 16);

/* Size of the trailer that follows every packet in a ring. */
#define VMBUS_PKT_TRAILER_SIZE	sizeof(__le64)

/**
 * struct vmbus_xfer_page_range - a part of a transfer page set
 * @byte_count: length of the part
 * @byte_offset: its offset in the transfer page set
 */
struct vmbus_xfer_page_range {
	__le32 byte_count;
	__le32 byte_offset;
} __packed;
static_assert(sizeof(struct vmbus_xfer_page_range) == 8);

/**
 * struct vmbus_xfer_page_packet - header of a DATA_USING_XFER_PAGES packet
 * @desc: the packet header
 * @xfer_pageset_id: which transfer page set (receive buffer) is meant
 * @sender_owns_set: non-zero if the sender keeps ownership of the set
 * @reserved: zero
 * @range_count: number of entries in @ranges
 * @ranges: the parts of the set that carry data
 */
struct vmbus_xfer_page_packet {
	struct vmbus_packet_desc desc;
	__le16 xfer_pageset_id;
	u8 sender_owns_set;
	u8 reserved;
	__le32 range_count;
	struct vmbus_xfer_page_range ranges[];
} __packed;
static_assert(sizeof(struct vmbus_xfer_page_packet) == 24);

/**
 * struct vmbus_gpa_range - a run of guest pages: the head of a GPA range
 * @byte_count: bytes the range covers
 * @byte_offset: offset of the first byte in the first page
 * @pfn: the Hyper-V (4 KiB) page numbers, one per page touched
 */
struct vmbus_gpa_range {
	__le32 byte_count;
	__le32 byte_offset;
	__le64 pfn[];
} __packed;
static_assert(sizeof(struct vmbus_gpa_range) == 8);

/**
 * struct vmbus_gpa_direct_packet - header of a DATA_USING_GPA_DIRECT packet
 * @desc: the packet header
 * @reserved: zero
 * @range_count: number of GPA ranges that follow (struct vmbus_gpa_range,
 *	each with its PFNs); the device payload follows the last range
 */
struct vmbus_gpa_direct_packet {
	struct vmbus_packet_desc desc;
	__le32 reserved;
	__le32 range_count;
} __packed;
static_assert(sizeof(struct vmbus_gpa_direct_packet) == 24);

#endif /* _LINUX_HYPERV_SPEC_RING_H */
