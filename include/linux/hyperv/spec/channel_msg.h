/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire formats of the VMBus channel-management protocol: the messages the
 * guest and the host exchange through HvPostMessage and the SynIC message
 * page to negotiate the protocol version, offer channels, map GPADLs and
 * open, retarget and close channels.
 *
 * Every message starts with struct vmbus_chanmsg_hdr and fits in one SynIC
 * message payload (240 bytes).
 */
#ifndef _LINUX_HYPERV_SPEC_CHANNEL_MSG_H
#define _LINUX_HYPERV_SPEC_CHANNEL_MSG_H

#include <linux/build_bug.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include <linux/hyperv/spec/ring.h>
#include <linux/hyperv/spec/synic.h>

/* Protocol versions: major in the high 16 bits, minor in the low. */
#define VMBUS_VERSION(major, minor)	(((major) << 16) | (minor))
#define VMBUS_VERSION_MAJOR(v)		((v) >> 16)
#define VMBUS_VERSION_MINOR(v)		((v) & 0xffff)

#define VMBUS_VERSION_WIN8_1	VMBUS_VERSION(3, 0)
#define VMBUS_VERSION_WIN10	VMBUS_VERSION(4, 0)
#define VMBUS_VERSION_WIN10_RS3	VMBUS_VERSION(4, 1)
#define VMBUS_VERSION_WIN10_V5	VMBUS_VERSION(5, 0)
#define VMBUS_VERSION_WIN10_V5_1 VMBUS_VERSION(5, 1)
#define VMBUS_VERSION_WIN10_V5_2 VMBUS_VERSION(5, 2)
#define VMBUS_VERSION_WIN10_V5_3 VMBUS_VERSION(5, 3)

/* Channel-management message types (struct vmbus_chanmsg_hdr.msgtype). */
enum vmbus_chanmsg_type {
	VMBUS_CHANMSG_INVALID			= 0,
	VMBUS_CHANMSG_OFFERCHANNEL		= 1,
	VMBUS_CHANMSG_RESCIND_CHANNELOFFER	= 2,
	VMBUS_CHANMSG_REQUESTOFFERS		= 3,
	VMBUS_CHANMSG_ALLOFFERS_DELIVERED	= 4,
	VMBUS_CHANMSG_OPENCHANNEL		= 5,
	VMBUS_CHANMSG_OPENCHANNEL_RESULT	= 6,
	VMBUS_CHANMSG_CLOSECHANNEL		= 7,
	VMBUS_CHANMSG_GPADL_HEADER		= 8,
	VMBUS_CHANMSG_GPADL_BODY		= 9,
	VMBUS_CHANMSG_GPADL_CREATED		= 10,
	VMBUS_CHANMSG_GPADL_TEARDOWN		= 11,
	VMBUS_CHANMSG_GPADL_TORNDOWN		= 12,
	VMBUS_CHANMSG_RELID_RELEASED		= 13,
	VMBUS_CHANMSG_INITIATE_CONTACT		= 14,
	VMBUS_CHANMSG_VERSION_RESPONSE		= 15,
	VMBUS_CHANMSG_UNLOAD			= 16,
	VMBUS_CHANMSG_UNLOAD_RESPONSE		= 17,
	VMBUS_CHANMSG_18			= 18,
	VMBUS_CHANMSG_19			= 19,
	VMBUS_CHANMSG_20			= 20,
	VMBUS_CHANMSG_TL_CONNECT_REQUEST	= 21,
	VMBUS_CHANMSG_MODIFYCHANNEL		= 22,
	VMBUS_CHANMSG_TL_CONNECT_RESULT		= 23,
	VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE	= 24,
	VMBUS_CHANMSG_COUNT
};

/**
 * struct vmbus_chanmsg_hdr - header of every channel-management message
 * @msgtype: enum vmbus_chanmsg_type
 * @padding: zero
 */
struct vmbus_chanmsg_hdr {
	__le32 msgtype;
	__le32 padding;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_hdr) == 8);

/* Offer flags (struct vmbus_chanmsg_offer.chn_flags). */
#define VMBUS_OFFER_FLAG_ENUMERATE_DEVICE_INTERFACE	0x0001
#define VMBUS_OFFER_FLAG_NAMED_PIPE_MODE		0x0010
#define VMBUS_OFFER_FLAG_LOOPBACK			0x0100
#define VMBUS_OFFER_FLAG_PARENT_OFFER			0x0200
#define VMBUS_OFFER_FLAG_REQUEST_MONITORED_NOTIFICATION	0x0400
#define VMBUS_OFFER_FLAG_TLNPI_PROVIDER			0x2000

/* struct vmbus_chanmsg_offer.monitor_flags */
#define VMBUS_OFFER_MONITOR_ALLOCATED		0x01
/* struct vmbus_chanmsg_offer.interrupt_flags */
#define VMBUS_OFFER_DEDICATED_INTERRUPT		0x0001

#define VMBUS_OFFER_USER_DEFINED_BYTES		120
#define VMBUS_OPEN_USER_DATA_BYTES		120

/* Channel relids index a 2048-bit event-flags array. */
#define VMBUS_MAX_RELID				(SYNIC_EVENT_FLAGS_BITS - 1)
/* Monitor ids index the 4 x 32 trigger bits of a monitor page. */
#define VMBUS_MAX_MONITOR_ID			127

/**
 * struct vmbus_chanmsg_offer - OFFERCHANNEL: the host offers a channel
 * @hdr: msgtype VMBUS_CHANMSG_OFFERCHANNEL
 * @if_type: class GUID: what kind of device this is
 * @if_instance: instance GUID: which device of that kind
 * @reserved1: zero
 * @reserved2: zero
 * @chn_flags: VMBUS_OFFER_FLAG_*
 * @mmio_megabytes: MMIO space the device wants (vPCI, framebuffer)
 * @user_defined: device-specific bytes; in pipe mode the first four are
 *	the pipe mode
 * @sub_channel_index: 0 for a primary channel, n for subchannel n
 * @reserved3: zero
 * @child_relid: the host's id for this channel; names it in later messages
 *	and selects its bit in the event flags
 * @monitor_id: the channel's bit in the monitor pages, if monitored
 * @monitor_flags: VMBUS_OFFER_MONITOR_ALLOCATED
 * @interrupt_flags: VMBUS_OFFER_DEDICATED_INTERRUPT
 * @connection_id: where the guest signals the channel's events (3.0 and
 *	later)
 */
struct vmbus_chanmsg_offer {
	struct vmbus_chanmsg_hdr hdr;
	guid_t if_type;
	guid_t if_instance;
	__le64 reserved1;
	__le64 reserved2;
	__le16 chn_flags;
	__le16 mmio_megabytes;
	u8 user_defined[VMBUS_OFFER_USER_DEFINED_BYTES];
	__le16 sub_channel_index;
	__le16 reserved3;
	__le32 child_relid;
	u8 monitor_id;
	u8 monitor_flags;
	__le16 interrupt_flags;
	__le32 connection_id;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_offer) == 196);

/**
 * struct vmbus_chanmsg_relid - a message that names only a channel
 * @hdr: RESCIND_CHANNELOFFER, CLOSECHANNEL or RELID_RELEASED
 * @child_relid: the channel
 */
struct vmbus_chanmsg_relid {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_relid) == 12);

/**
 * struct vmbus_chanmsg_open - OPENCHANNEL: the guest opens a channel
 * @hdr: msgtype VMBUS_CHANMSG_OPENCHANNEL
 * @child_relid: the channel
 * @openid: echoed in the result so the guest can match it
 * @ring_gpadl: GPADL covering both rings, outbound ring first
 * @target_vp: virtual processor the host interrupts for this channel
 * @downstream_ring_offset: page offset of the inbound (host to guest) ring
 *	within @ring_gpadl
 * @user_data: device-specific bytes
 */
struct vmbus_chanmsg_open {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 openid;
	__le32 ring_gpadl;
	__le32 target_vp;
	__le32 downstream_ring_offset;
	u8 user_data[VMBUS_OPEN_USER_DATA_BYTES];
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_open) == 148);

/**
 * struct vmbus_chanmsg_open_result - OPENCHANNEL_RESULT from the host
 * @hdr: msgtype VMBUS_CHANMSG_OPENCHANNEL_RESULT
 * @child_relid: the channel
 * @openid: as sent in OPENCHANNEL
 * @status: 0 on success, an NTSTATUS otherwise
 */
struct vmbus_chanmsg_open_result {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 openid;
	__le32 status;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_open_result) == 20);

/**
 * struct vmbus_chanmsg_gpadl_header - GPADL_HEADER: first part of a GPADL
 * @hdr: msgtype VMBUS_CHANMSG_GPADL_HEADER
 * @child_relid: the channel the GPADL belongs to
 * @gpadl: the guest-chosen handle
 * @range_buflen: bytes of all ranges, PFNs included, over all messages
 * @rangecount: number of ranges; VMBus always uses one
 * @range: the range, with as many of its PFNs as fit; GPADL_BODY messages
 *	carry the rest
 */
struct vmbus_chanmsg_gpadl_header {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 gpadl;
	__le16 range_buflen;
	__le16 rangecount;
	struct vmbus_gpa_range range;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_gpadl_header) == 28);

/**
 * struct vmbus_chanmsg_gpadl_body - GPADL_BODY: more PFNs of a GPADL
 * @hdr: msgtype VMBUS_CHANMSG_GPADL_BODY
 * @msgnumber: sequence number of this body message, from 1 (the host does
 *	not check it; the guest numbers them anyway)
 * @gpadl: the handle from the header
 * @pfn: the next PFNs
 */
struct vmbus_chanmsg_gpadl_body {
	struct vmbus_chanmsg_hdr hdr;
	__le32 msgnumber;
	__le32 gpadl;
	__le64 pfn[];
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_gpadl_body) == 16);

/* PFNs that fit in the header message and in each body message. */
#define VMBUS_GPADL_HEADER_PFNS \
	((SYNIC_MESSAGE_PAYLOAD - sizeof(struct vmbus_chanmsg_gpadl_header)) / \
	 sizeof(__le64))
#define VMBUS_GPADL_BODY_PFNS \
	((SYNIC_MESSAGE_PAYLOAD - sizeof(struct vmbus_chanmsg_gpadl_body)) / \
	 sizeof(__le64))
static_assert(VMBUS_GPADL_HEADER_PFNS == 26);
static_assert(VMBUS_GPADL_BODY_PFNS == 28);

/**
 * struct vmbus_chanmsg_gpadl_created - GPADL_CREATED from the host
 * @hdr: msgtype VMBUS_CHANMSG_GPADL_CREATED
 * @child_relid: the channel
 * @gpadl: the handle
 * @creation_status: 0 on success
 */
struct vmbus_chanmsg_gpadl_created {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 gpadl;
	__le32 creation_status;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_gpadl_created) == 20);

/**
 * struct vmbus_chanmsg_gpadl_teardown - GPADL_TEARDOWN from the guest
 * @hdr: msgtype VMBUS_CHANMSG_GPADL_TEARDOWN
 * @child_relid: the channel
 * @gpadl: the handle to release
 */
struct vmbus_chanmsg_gpadl_teardown {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 gpadl;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_gpadl_teardown) == 16);

/**
 * struct vmbus_chanmsg_gpadl_torndown - GPADL_TORNDOWN from the host
 * @hdr: msgtype VMBUS_CHANMSG_GPADL_TORNDOWN
 * @gpadl: the handle released
 */
struct vmbus_chanmsg_gpadl_torndown {
	struct vmbus_chanmsg_hdr hdr;
	__le32 gpadl;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_gpadl_torndown) == 12);

/**
 * struct vmbus_chanmsg_initiate_contact - INITIATE_CONTACT from the guest
 * @hdr: msgtype VMBUS_CHANMSG_INITIATE_CONTACT
 * @vmbus_version_requested: VMBUS_VERSION(major, minor)
 * @target_vcpu: virtual processor for channel-management interrupts
 * @interrupt_page: before 5.0: guest physical address of the interrupt page
 * @msg_sint: from 5.0: the SINT host messages arrive on
 * @msg_vtl: from 5.0: the VTL host messages are sent to
 * @reserved: zero
 * @monitor_page1: guest physical address of the host-to-guest monitor page
 * @monitor_page2: guest physical address of the guest-to-host monitor page
 */
struct vmbus_chanmsg_initiate_contact {
	struct vmbus_chanmsg_hdr hdr;
	__le32 vmbus_version_requested;
	__le32 target_vcpu;
	union {
		__le64 interrupt_page;
		struct {
			u8 msg_sint;
			u8 msg_vtl;
			u8 reserved[6];
		} __packed;
	};
	__le64 monitor_page1;
	__le64 monitor_page2;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_initiate_contact) == 40);

/**
 * struct vmbus_chanmsg_version_response - VERSION_RESPONSE from the host
 * @hdr: msgtype VMBUS_CHANMSG_VERSION_RESPONSE
 * @version_supported: non-zero if the requested version is accepted
 * @connection_state: VMBUS_CONNECTION_*: whether the host, having
 *	accepted the version, set the connection up
 * @padding: zero
 * @msg_conn_id: from 5.0: the connection id for the guest's later
 *	messages; before 5.0 the accepted version
 */
struct vmbus_chanmsg_version_response {
	struct vmbus_chanmsg_hdr hdr;
	u8 version_supported;
	u8 connection_state;
	__le16 padding;
	__le32 msg_conn_id;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_version_response) == 16);
/*
 * Microsoft hosts send all 16 bytes for every version; the guest accepts
 * an answer without msg_conn_id below 5.0, where it does not need it.
 */
#define VMBUS_VERSION_RESPONSE_MIN_SIZE	12

/*
 * connection_state of an accepted version: anything but SUCCESSFUL means
 * the host could not set the connection up and stays disconnected.
 */
#define VMBUS_CONNECTION_SUCCESSFUL		0
#define VMBUS_CONNECTION_FAILED_LOW_RESOURCES	1
#define VMBUS_CONNECTION_FAILED_UNKNOWN		2

/**
 * struct vmbus_chanmsg_modifychannel - MODIFYCHANNEL from the guest (4.1+)
 * @hdr: msgtype VMBUS_CHANMSG_MODIFYCHANNEL
 * @child_relid: the channel
 * @target_vp: the virtual processor to interrupt from now on
 */
struct vmbus_chanmsg_modifychannel {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 target_vp;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_modifychannel) == 16);

/**
 * struct vmbus_chanmsg_modifychannel_response - the host's answer (5.3+)
 * @hdr: msgtype VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE
 * @child_relid: the channel
 * @status: 0 on success
 */
struct vmbus_chanmsg_modifychannel_response {
	struct vmbus_chanmsg_hdr hdr;
	__le32 child_relid;
	__le32 status;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_modifychannel_response) == 16);

/**
 * struct vmbus_chanmsg_tl_connect_request - TL_CONNECT_REQUEST (hv_sock)
 * @hdr: msgtype VMBUS_CHANMSG_TL_CONNECT_REQUEST
 * @guest_endpoint_id: the guest's endpoint
 * @host_service_id: the service to connect to
 */
struct vmbus_chanmsg_tl_connect_request {
	struct vmbus_chanmsg_hdr hdr;
	guid_t guest_endpoint_id;
	guid_t host_service_id;
} __packed;
static_assert(sizeof(struct vmbus_chanmsg_tl_connect_request) == 40);

/**
 * struct vmbus_monitor_trigger_group - one group of 32 monitored channels
 * @pending: bit n set: channel n of the group has pending notifications
 * @armed: bit n set: the monitor watches channel n of the group
 */
struct vmbus_monitor_trigger_group {
	__le32 pending;
	__le32 armed;
} __packed;

/**
 * struct vmbus_monitor_parameter - where the monitor signals a channel
 * @connection_id: connection id to signal
 * @flag_number: event flag to set
 * @reserved: zero
 */
struct vmbus_monitor_parameter {
	__le32 connection_id;
	__le16 flag_number;
	__le16 reserved;
} __packed;

/**
 * struct vmbus_monitor_page - a monitor page (MNF)
 * @trigger_state: bits 0-3 enable the four trigger groups
 * @reserved1: zero
 * @trigger_group: pending and armed bits of each group
 * @reserved2: zero
 * @next_check_time: per-channel next check time
 * @latency: per-channel latency in 100 ns units
 * @reserved3: zero
 * @parameter: per-channel signal target
 * @reserved4: zero
 */
struct vmbus_monitor_page {
	__le32 trigger_state;
	__le32 reserved1;
	struct vmbus_monitor_trigger_group trigger_group[4];
	__le64 reserved2[3];
	__le32 next_check_time[4][32];
	__le16 latency[4][32];
	__le64 reserved3[32];
	struct vmbus_monitor_parameter parameter[4][32];
	u8 reserved4[1984];
} __packed;
static_assert(sizeof(struct vmbus_monitor_page) == HV_PAGE_SIZE);

#endif /* _LINUX_HYPERV_SPEC_CHANNEL_MSG_H */
