/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire formats of the Hyper-V synthetic interrupt controller (SynIC) as
 * the VMBus uses it: the per-CPU message page (SIMP) and event-flags page
 * (SIEFP), and the connection and port numbers VMBus traffic travels on.
 *
 * Source: Hyper-V Top-Level Functional Specification (TLFS), "Inter-
 * partition communication" and "Synthetic interrupt controller".
 */
#ifndef _LINUX_HYPERV_SPEC_SYNIC_H
#define _LINUX_HYPERV_SPEC_SYNIC_H

#include <linux/build_bug.h>
#include <linux/types.h>

/* Hyper-V pages are 4 KiB whatever the guest's PAGE_SIZE. */
#define HV_PAGE_SHIFT		12
#define HV_PAGE_SIZE		4096U

#define SYNIC_SINT_COUNT	16
#define SYNIC_MESSAGE_SIZE	256
#define SYNIC_MESSAGE_PAYLOAD	240

/* SynIC message types (TLFS HV_MESSAGE_TYPE). */
#define SYNIC_MSG_NONE		0x00000000
/* The type VMBus channel-management messages are posted with. */
#define SYNIC_MSG_VMBUS		0x00000001
#define SYNIC_MSG_TIMER_EXPIRED	0x80000010

/* message_flags bits */
#define SYNIC_MSG_FLAG_PENDING	0x01

/**
 * struct synic_message_header - header of one SynIC message slot
 * @message_type: SYNIC_MSG_*; SYNIC_MSG_NONE marks the slot free
 * @payload_size: bytes of @payload that are valid (at most 240)
 * @message_flags: SYNIC_MSG_FLAG_PENDING: the hypervisor has more
 *	messages queued for this SINT and wants an end-of-message write
 * @reserved: must be zero
 * @sender: port id or partition id of the sender
 */
struct synic_message_header {
	__le32 message_type;
	u8 payload_size;
	u8 message_flags;
	__le16 reserved;
	__le64 sender;
} __packed;
static_assert(sizeof(struct synic_message_header) == 16);

/**
 * struct synic_message - one message slot of the SIMP page
 * @header: type, size and flags of the message
 * @payload: the message body
 */
struct synic_message {
	struct synic_message_header header;
	u8 payload[SYNIC_MESSAGE_PAYLOAD];
} __packed;
static_assert(sizeof(struct synic_message) == SYNIC_MESSAGE_SIZE);

/**
 * struct synic_message_page - the SIMP page: one slot per SINT
 * @sint_message: slot of each synthetic interrupt source
 */
struct synic_message_page {
	struct synic_message sint_message[SYNIC_SINT_COUNT];
} __packed;
static_assert(sizeof(struct synic_message_page) == HV_PAGE_SIZE);

#define SYNIC_EVENT_FLAGS_BYTES	256
#define SYNIC_EVENT_FLAGS_BITS	(SYNIC_EVENT_FLAGS_BYTES * 8)

/**
 * struct synic_event_flags - the event flags of one SINT
 * @flags: one bit per event; VMBus uses bit n for channel relid n
 */
struct synic_event_flags {
	u8 flags[SYNIC_EVENT_FLAGS_BYTES];
} __packed;
static_assert(sizeof(struct synic_event_flags) == SYNIC_EVENT_FLAGS_BYTES);

/**
 * struct synic_event_flags_page - the SIEFP page: event flags per SINT
 * @sint_flags: event flags of each synthetic interrupt source
 */
struct synic_event_flags_page {
	struct synic_event_flags sint_flags[SYNIC_SINT_COUNT];
} __packed;
static_assert(sizeof(struct synic_event_flags_page) == HV_PAGE_SIZE);

/**
 * struct synic_post_message_input - the input of HvPostMessage
 * @connection_id: the connection the message goes to
 * @reserved: must be zero
 * @message_type: the message type (guest types have bit 31 clear)
 * @payload_size: bytes of @payload in use, at most SYNIC_MESSAGE_PAYLOAD
 * @payload: the message
 *
 * The block is 8-byte aligned and does not cross a page boundary.
 */
struct synic_post_message_input {
	__le32 connection_id;
	__le32 reserved;
	__le32 message_type;
	__le32 payload_size;
	u8 payload[SYNIC_MESSAGE_PAYLOAD];
} __packed;
static_assert(sizeof(struct synic_post_message_input) == SYNIC_MESSAGE_SIZE);

/* Message types with this bit set are the hypervisor's own. */
#define SYNIC_MSG_HYPERVISOR_BIT	0x80000000

/* The SINT that carries VMBus messages and channel events. */
#define VMBUS_MESSAGE_SINT		2

/*
 * Connection ids the guest posts messages and signals events to. Before
 * protocol 5.0 every message goes to VMBUS_MESSAGE_CONNECTION_ID; from 5.0
 * INITIATE_CONTACT goes to VMBUS_MESSAGE_CONNECTION_ID_4 and the host names
 * the connection id for later messages in its VERSION_RESPONSE.
 */
#define VMBUS_MESSAGE_CONNECTION_ID	1
#define VMBUS_EVENT_CONNECTION_ID	2
#define VMBUS_MONITOR_CONNECTION_ID	3
#define VMBUS_MESSAGE_CONNECTION_ID_4	4

#endif /* _LINUX_HYPERV_SPEC_SYNIC_H */
