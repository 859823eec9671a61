/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NVSP, the Network Virtual Service Protocol: the messages the synthetic
 * NIC driver (hv_netvsc) and the host's network VSP exchange over the
 * VMBus channel to agree on a version, share the receive and send
 * buffers, carry RNDIS messages and manage subchannels.
 *
 * Every message is a 32-bit type followed by a type-specific body; both
 * sides send struct nvsp_msg, which is large enough for every body.
 *
 * Wire formats only: hv_netvsc and vmbussim's netvsp model each parse and
 * check them with their own code.
 */
#ifndef _LINUX_HYPERV_SPEC_NVSP_H
#define _LINUX_HYPERV_SPEC_NVSP_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Protocol versions (struct nvsp_init.min_ver and max_ver). */
#define NVSP_VER_1		0x00002
#define NVSP_VER_2		0x30002
#define NVSP_VER_4		0x40000
#define NVSP_VER_5		0x50000
#define NVSP_VER_6		0x60000
#define NVSP_VER_61		0x60001

/* NDIS versions the guest announces, as (major << 16) | minor. */
#define NVSP_NDIS_VER_6_1	0x00060001
#define NVSP_NDIS_VER_6_30	0x0006001e

/* Message types (struct nvsp_msg.type). */
enum nvsp_msg_type {
	NVSP_MSG_INIT			= 1,
	NVSP_MSG_INIT_COMPLETE		= 2,
	NVSP_MSG1_SEND_NDIS_VER		= 100,
	NVSP_MSG1_SEND_RECV_BUF		= 101,
	NVSP_MSG1_SEND_RECV_BUF_COMPLETE = 102,
	NVSP_MSG1_REVOKE_RECV_BUF	= 103,
	NVSP_MSG1_SEND_SEND_BUF		= 104,
	NVSP_MSG1_SEND_SEND_BUF_COMPLETE = 105,
	NVSP_MSG1_REVOKE_SEND_BUF	= 106,
	NVSP_MSG1_SEND_RNDIS_PKT	= 107,
	NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE = 108,
	NVSP_MSG2_SEND_NDIS_CONFIG	= 125,
	NVSP_MSG4_SEND_VF_ASSOCIATION	= 128,
	NVSP_MSG4_SWITCH_DATA_PATH	= 129,
	NVSP_MSG4_UPLINK_CONNECT_STATE	= 130,
	NVSP_MSG5_OID_QUERY_EX		= 131,
	NVSP_MSG5_OID_QUERY_EX_COMPLETE	= 132,
	NVSP_MSG5_SUBCHANNEL		= 133,
	NVSP_MSG5_SEND_INDIRECTION_TABLE = 134,
	NVSP_MSG6_PD_API		= 135,
	NVSP_MSG6_PD_POST_BATCH		= 136,
};

/* Status codes in completions. */
enum nvsp_status {
	NVSP_STAT_NONE			= 0,
	NVSP_STAT_SUCCESS		= 1,
	NVSP_STAT_FAIL			= 2,
	NVSP_STAT_PROTOCOL_TOO_NEW	= 3,
	NVSP_STAT_PROTOCOL_TOO_OLD	= 4,
	NVSP_STAT_INVALID_RNDIS_PKT	= 5,
	NVSP_STAT_BUSY			= 6,
};

/* struct nvsp_send_rndis.channel_type */
#define NVSP_RNDIS_DATA		0
#define NVSP_RNDIS_CONTROL	1

/* struct nvsp_send_rndis.section_index when the data is not in a section. */
#define NVSP_NO_SECTION		0xffffffffU

/* Buffer ids: the receive buffer's is the transfer-page set id. */
#define NVSP_RECV_BUF_ID	0xcafe
#define NVSP_SEND_BUF_ID	0

/* struct nvsp_ndis_config.capabilities */
#define NVSP_CAP_VMQ		BIT_ULL(0)
#define NVSP_CAP_CHIMNEY	BIT_ULL(1)
#define NVSP_CAP_SRIOV		BIT_ULL(2)
#define NVSP_CAP_IEEE8021Q	BIT_ULL(3)
#define NVSP_CAP_CORRELATION_ID	BIT_ULL(4)
#define NVSP_CAP_TEAMING	BIT_ULL(5)
#define NVSP_CAP_VSUBNETID	BIT_ULL(6)
#define NVSP_CAP_RSC		BIT_ULL(7)

/* struct nvsp_subchannel.op */
#define NVSP_SUBCHANNEL_ALLOCATE 1

/* struct nvsp_switch_data_path.active_data_path */
#define NVSP_DATA_PATH_SYNTHETIC 0
#define NVSP_DATA_PATH_VF	1

/**
 * struct nvsp_init - NVSP_MSG_INIT: the versions the guest accepts
 * @min_ver: lowest NVSP version
 * @max_ver: highest NVSP version
 */
struct nvsp_init {
	__le32 min_ver;
	__le32 max_ver;
} __packed;
static_assert(sizeof(struct nvsp_init) == 8);

/**
 * struct nvsp_init_complete - NVSP_MSG_INIT_COMPLETE
 * @negotiated_ver: the version the host chose (unused by hosts today)
 * @max_mdl_chain_len: unused
 * @status: enum nvsp_status
 */
struct nvsp_init_complete {
	__le32 negotiated_ver;
	__le32 max_mdl_chain_len;
	__le32 status;
} __packed;
static_assert(sizeof(struct nvsp_init_complete) == 12);

/**
 * struct nvsp_ndis_ver - NVSP_MSG1_SEND_NDIS_VER
 * @major: NDIS major version
 * @minor: NDIS minor version
 */
struct nvsp_ndis_ver {
	__le32 major;
	__le32 minor;
} __packed;
static_assert(sizeof(struct nvsp_ndis_ver) == 8);

/**
 * struct nvsp_ndis_config - NVSP_MSG2_SEND_NDIS_CONFIG
 * @mtu: the guest's MTU
 * @reserved: zero
 * @capabilities: NVSP_CAP_* the guest supports
 */
struct nvsp_ndis_config {
	__le32 mtu;
	__le32 reserved;
	__le64 capabilities;
} __packed;
static_assert(sizeof(struct nvsp_ndis_config) == 16);

/**
 * struct nvsp_send_buf - NVSP_MSG1_SEND_RECV_BUF and NVSP_MSG1_SEND_SEND_BUF
 * @gpadl: the GPADL of the buffer
 * @id: NVSP_RECV_BUF_ID or NVSP_SEND_BUF_ID
 */
struct nvsp_send_buf {
	__le32 gpadl;
	__le16 id;
} __packed;
static_assert(sizeof(struct nvsp_send_buf) == 6);

/**
 * struct nvsp_revoke_buf - NVSP_MSG1_REVOKE_RECV_BUF / _SEND_BUF
 * @id: the buffer's id
 */
struct nvsp_revoke_buf {
	__le16 id;
} __packed;
static_assert(sizeof(struct nvsp_revoke_buf) == 2);

/**
 * struct nvsp_recv_section - one section of the receive buffer
 * @offset: byte offset of the section in the buffer
 * @sub_alloc_size: size of each sub-allocation
 * @num_sub_allocs: number of sub-allocations
 * @end_offset: byte offset of the section's end
 */
struct nvsp_recv_section {
	__le32 offset;
	__le32 sub_alloc_size;
	__le32 num_sub_allocs;
	__le32 end_offset;
} __packed;
static_assert(sizeof(struct nvsp_recv_section) == 16);

/**
 * struct nvsp_recv_buf_complete - NVSP_MSG1_SEND_RECV_BUF_COMPLETE
 * @status: enum nvsp_status
 * @num_sections: sections that follow; hosts send one
 * @section: the first section
 */
struct nvsp_recv_buf_complete {
	__le32 status;
	__le32 num_sections;
	struct nvsp_recv_section section;
} __packed;
static_assert(sizeof(struct nvsp_recv_buf_complete) == 24);

/**
 * struct nvsp_send_buf_complete - NVSP_MSG1_SEND_SEND_BUF_COMPLETE
 * @status: enum nvsp_status
 * @section_size: the size the guest must cut the send buffer into
 */
struct nvsp_send_buf_complete {
	__le32 status;
	__le32 section_size;
} __packed;
static_assert(sizeof(struct nvsp_send_buf_complete) == 8);

/**
 * struct nvsp_send_rndis - NVSP_MSG1_SEND_RNDIS_PKT
 * @channel_type: NVSP_RNDIS_DATA or NVSP_RNDIS_CONTROL
 * @section_index: send-buffer section holding the RNDIS message(s), or
 *	NVSP_NO_SECTION when they travel as GPA ranges of the packet
 * @section_size: bytes used in the section
 */
struct nvsp_send_rndis {
	__le32 channel_type;
	__le32 section_index;
	__le32 section_size;
} __packed;
static_assert(sizeof(struct nvsp_send_rndis) == 12);

/**
 * struct nvsp_status_msg - NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE and other
 *	completions that carry only a status
 * @status: enum nvsp_status
 */
struct nvsp_status_msg {
	__le32 status;
} __packed;
static_assert(sizeof(struct nvsp_status_msg) == 4);

/**
 * struct nvsp_vf_association - NVSP_MSG4_SEND_VF_ASSOCIATION
 * @allocated: nonzero when a VF is associated with the NIC
 * @serial: the VF's serial number on its PCI bus
 */
struct nvsp_vf_association {
	__le32 allocated;
	__le32 serial;
} __packed;
static_assert(sizeof(struct nvsp_vf_association) == 8);

/**
 * struct nvsp_switch_data_path - NVSP_MSG4_SWITCH_DATA_PATH
 * @active_data_path: NVSP_DATA_PATH_SYNTHETIC or NVSP_DATA_PATH_VF
 */
struct nvsp_switch_data_path {
	__le32 active_data_path;
} __packed;
static_assert(sizeof(struct nvsp_switch_data_path) == 4);

/**
 * struct nvsp_subchannel - NVSP_MSG5_SUBCHANNEL request and completion
 * @op_or_status: NVSP_SUBCHANNEL_ALLOCATE in the request, enum
 *	nvsp_status in the completion
 * @count: subchannels asked for, or allocated
 */
struct nvsp_subchannel {
	__le32 op_or_status;
	__le32 count;
} __packed;
static_assert(sizeof(struct nvsp_subchannel) == 8);

/**
 * struct nvsp_indirection_table - NVSP_MSG5_SEND_INDIRECTION_TABLE
 * @count: entries (channel indexes, __le32 each)
 * @offset: byte offset of the table from the start of struct nvsp_msg
 */
struct nvsp_indirection_table {
	__le32 count;
	__le32 offset;
} __packed;
static_assert(sizeof(struct nvsp_indirection_table) == 8);

/**
 * struct nvsp_oid_query_ex_complete - NVSP_MSG5_OID_QUERY_EX_COMPLETE
 * @status: an RNDIS status
 * @bytes: bytes of the answer
 */
struct nvsp_oid_query_ex_complete {
	__le32 status;
	__le32 bytes;
} __packed;
static_assert(sizeof(struct nvsp_oid_query_ex_complete) == 8);

/* Body bytes of struct nvsp_msg. */
#define NVSP_MSG_BODY	36

/**
 * struct nvsp_msg - any NVSP message
 * @type: enum nvsp_msg_type
 * @init: NVSP_MSG_INIT
 * @init_complete: NVSP_MSG_INIT_COMPLETE
 * @ndis_ver: NVSP_MSG1_SEND_NDIS_VER
 * @ndis_config: NVSP_MSG2_SEND_NDIS_CONFIG
 * @send_buf: NVSP_MSG1_SEND_RECV_BUF, NVSP_MSG1_SEND_SEND_BUF
 * @revoke_buf: NVSP_MSG1_REVOKE_RECV_BUF, NVSP_MSG1_REVOKE_SEND_BUF
 * @recv_buf_complete: NVSP_MSG1_SEND_RECV_BUF_COMPLETE
 * @send_buf_complete: NVSP_MSG1_SEND_SEND_BUF_COMPLETE
 * @rndis: NVSP_MSG1_SEND_RNDIS_PKT
 * @status: NVSP_MSG1_SEND_RNDIS_PKT_COMPLETE
 * @vf: NVSP_MSG4_SEND_VF_ASSOCIATION
 * @data_path: NVSP_MSG4_SWITCH_DATA_PATH
 * @subchannel: NVSP_MSG5_SUBCHANNEL
 * @indirection: NVSP_MSG5_SEND_INDIRECTION_TABLE
 * @oid_query_ex_complete: NVSP_MSG5_OID_QUERY_EX_COMPLETE
 * @raw: the body as bytes
 */
struct nvsp_msg {
	__le32 type;
	union {
		struct nvsp_init init;
		struct nvsp_init_complete init_complete;
		struct nvsp_ndis_ver ndis_ver;
		struct nvsp_ndis_config ndis_config;
		struct nvsp_send_buf send_buf;
		struct nvsp_revoke_buf revoke_buf;
		struct nvsp_recv_buf_complete recv_buf_complete;
		struct nvsp_send_buf_complete send_buf_complete;
		struct nvsp_send_rndis rndis;
		struct nvsp_status_msg status;
		struct nvsp_vf_association vf;
		struct nvsp_switch_data_path data_path;
		struct nvsp_subchannel subchannel;
		struct nvsp_indirection_table indirection;
		struct nvsp_oid_query_ex_complete oid_query_ex_complete;
		u8 raw[NVSP_MSG_BODY];
	};
} __packed;
static_assert(sizeof(struct nvsp_msg) == 40);

/* RNDIS messages (ranges) one transfer-page packet carries at most. */
#define NVSP_MAX_PACKETS_PER_RECEIVE 375

/* The host's send indirection table has this many entries. */
#define NVSP_INDIRECTION_ENTRIES 16

#endif /* _LINUX_HYPERV_SPEC_NVSP_H */
