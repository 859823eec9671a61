/* SPDX-License-Identifier: GPL-2.0 */
/*
 * RNDIS as Hyper-V's network VSP speaks it: control messages (initialize,
 * query, set, halt, status indications) and data packets with their
 * per-packet information, carried inside NVSP_MSG1_SEND_RNDIS_PKT.
 *
 * Every message starts with struct rndis_hdr. Offsets inside a message
 * body count from the first byte after that header, except a per-packet
 * info's own offset, which counts from the start of the info.
 */
#ifndef _LINUX_HYPERV_SPEC_RNDIS_H
#define _LINUX_HYPERV_SPEC_RNDIS_H

#include <linux/bits.h>
#include <linux/build_bug.h>
#include <linux/types.h>

/* Message types (struct rndis_hdr.type). */
#define RNDIS_MSG_COMPLETION	0x80000000U
#define RNDIS_MSG_PACKET	0x00000001U
#define RNDIS_MSG_INIT		0x00000002U
#define RNDIS_MSG_HALT		0x00000003U
#define RNDIS_MSG_QUERY		0x00000004U
#define RNDIS_MSG_SET		0x00000005U
#define RNDIS_MSG_RESET		0x00000006U
#define RNDIS_MSG_INDICATE	0x00000007U
#define RNDIS_MSG_KEEPALIVE	0x00000008U
#define RNDIS_MSG_SET_EX	0x00000009U
#define RNDIS_MSG_INIT_C	(RNDIS_MSG_INIT | RNDIS_MSG_COMPLETION)
#define RNDIS_MSG_QUERY_C	(RNDIS_MSG_QUERY | RNDIS_MSG_COMPLETION)
#define RNDIS_MSG_SET_C		(RNDIS_MSG_SET | RNDIS_MSG_COMPLETION)
#define RNDIS_MSG_RESET_C	(RNDIS_MSG_RESET | RNDIS_MSG_COMPLETION)
#define RNDIS_MSG_KEEPALIVE_C	(RNDIS_MSG_KEEPALIVE | RNDIS_MSG_COMPLETION)

#define RNDIS_MAJOR		1
#define RNDIS_MINOR		0

/* Status codes. */
#define RNDIS_STATUS_SUCCESS		0x00000000U
#define RNDIS_STATUS_MEDIA_CONNECT	0x4001000bU
#define RNDIS_STATUS_MEDIA_DISCONNECT	0x4001000cU
#define RNDIS_STATUS_LINK_SPEED_CHANGE	0x40010013U
#define RNDIS_STATUS_NETWORK_CHANGE	0x40010018U
#define RNDIS_STATUS_OFFLOAD_CURRENT	0x40020006U
#define RNDIS_STATUS_FAILURE		0xc0000001U
#define RNDIS_STATUS_NOT_SUPPORTED	0xc00000bbU
#define RNDIS_STATUS_INVALID_DATA	0xc0010015U
#define RNDIS_STATUS_INVALID_LENGTH	0xc0010014U

/* Object ids. */
#define RNDIS_OID_GEN_MAXIMUM_FRAME_SIZE	0x00010106U
#define RNDIS_OID_GEN_LINK_SPEED		0x00010107U
#define RNDIS_OID_GEN_CURRENT_PACKET_FILTER	0x0001010eU
#define RNDIS_OID_GEN_MEDIA_CONNECT_STATUS	0x00010114U
#define RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER	0x0001021bU
#define RNDIS_OID_802_3_PERMANENT_ADDRESS	0x01010101U
#define RNDIS_OID_802_3_CURRENT_ADDRESS		0x01010102U

/* RNDIS_OID_GEN_MEDIA_CONNECT_STATUS values */
#define RNDIS_MEDIA_CONNECTED		0
#define RNDIS_MEDIA_DISCONNECTED	1

/* RNDIS_OID_GEN_CURRENT_PACKET_FILTER bits */
#define RNDIS_FILTER_DIRECTED		0x00000001U
#define RNDIS_FILTER_MULTICAST		0x00000002U
#define RNDIS_FILTER_ALL_MULTICAST	0x00000004U
#define RNDIS_FILTER_BROADCAST		0x00000008U
#define RNDIS_FILTER_PROMISCUOUS	0x00000020U

/* struct rndis_init_complete.dev_flags */
#define RNDIS_DF_CONNECTIONLESS		0x00000001U

/* struct rndis_init_complete.medium */
#define RNDIS_MEDIUM_802_3		0

/**
 * struct rndis_hdr - the start of every RNDIS message
 * @type: RNDIS_MSG_*
 * @len: bytes of the whole message, header included
 */
struct rndis_hdr {
	__le32 type;
	__le32 len;
} __packed;
static_assert(sizeof(struct rndis_hdr) == 8);

/**
 * struct rndis_init - RNDIS_MSG_INIT
 * @req_id: request id, echoed in the completion
 * @major: RNDIS_MAJOR
 * @minor: RNDIS_MINOR
 * @max_xfer_size: largest message the guest accepts
 */
struct rndis_init {
	__le32 req_id;
	__le32 major;
	__le32 minor;
	__le32 max_xfer_size;
} __packed;
static_assert(sizeof(struct rndis_init) == 16);

/**
 * struct rndis_init_complete - RNDIS_MSG_INIT_C
 * @req_id: the request's id
 * @status: RNDIS_STATUS_*
 * @major: the host's RNDIS major version
 * @minor: the host's RNDIS minor version
 * @dev_flags: device flags
 * @medium: RNDIS_MEDIUM_802_3
 * @max_pkts_per_msg: RNDIS packets the host accepts in one message
 * @max_xfer_size: largest message the host accepts
 * @pkt_align_shift: packets in one message align to 1 << this
 * @af_list_offset: unused
 * @af_list_size: unused
 */
struct rndis_init_complete {
	__le32 req_id;
	__le32 status;
	__le32 major;
	__le32 minor;
	__le32 dev_flags;
	__le32 medium;
	__le32 max_pkts_per_msg;
	__le32 max_xfer_size;
	__le32 pkt_align_shift;
	__le32 af_list_offset;
	__le32 af_list_size;
} __packed;
static_assert(sizeof(struct rndis_init_complete) == 44);

/**
 * struct rndis_query - RNDIS_MSG_QUERY and RNDIS_MSG_SET
 * @req_id: request id
 * @oid: RNDIS_OID_*
 * @info_len: bytes of the information buffer
 * @info_offset: its offset from @req_id
 * @dev_vc_handle: zero
 */
struct rndis_query {
	__le32 req_id;
	__le32 oid;
	__le32 info_len;
	__le32 info_offset;
	__le32 dev_vc_handle;
} __packed;
static_assert(sizeof(struct rndis_query) == 20);

/**
 * struct rndis_query_complete - RNDIS_MSG_QUERY_C
 * @req_id: the request's id
 * @status: RNDIS_STATUS_*
 * @info_len: bytes of the answer
 * @info_offset: its offset from @req_id
 */
struct rndis_query_complete {
	__le32 req_id;
	__le32 status;
	__le32 info_len;
	__le32 info_offset;
} __packed;
static_assert(sizeof(struct rndis_query_complete) == 16);

/**
 * struct rndis_status_complete - RNDIS_MSG_SET_C, RNDIS_MSG_KEEPALIVE_C
 * @req_id: the request's id
 * @status: RNDIS_STATUS_*
 */
struct rndis_status_complete {
	__le32 req_id;
	__le32 status;
} __packed;
static_assert(sizeof(struct rndis_status_complete) == 8);

/**
 * struct rndis_reset_complete - RNDIS_MSG_RESET_C, the one completion
 *	without a request id (a reset is never outstanding twice)
 * @status: RNDIS_STATUS_*
 * @addressing_reset: nonzero if the reset lost the multicast addresses
 *	and packet filter, which the guest must then set again
 */
struct rndis_reset_complete {
	__le32 status;
	__le32 addressing_reset;
} __packed;
static_assert(sizeof(struct rndis_reset_complete) == 8);

/**
 * struct rndis_halt - RNDIS_MSG_HALT (no completion)
 * @req_id: request id
 */
struct rndis_halt {
	__le32 req_id;
} __packed;
static_assert(sizeof(struct rndis_halt) == 4);

/**
 * struct rndis_indicate - RNDIS_MSG_INDICATE, from the host
 * @status: RNDIS_STATUS_MEDIA_CONNECT, ...
 * @buf_len: bytes of status information
 * @buf_offset: their offset from @status
 */
struct rndis_indicate {
	__le32 status;
	__le32 buf_len;
	__le32 buf_offset;
} __packed;
static_assert(sizeof(struct rndis_indicate) == 12);

/**
 * struct rndis_packet - RNDIS_MSG_PACKET: one Ethernet frame
 * @data_offset: offset of the frame from @data_offset
 * @data_len: bytes of the frame
 * @oob_offset: unused, zero
 * @oob_len: unused, zero
 * @oob_count: unused, zero
 * @ppi_offset: offset of the per-packet info from @data_offset
 * @ppi_len: bytes of per-packet info
 * @vc_handle: zero
 * @reserved: zero
 */
struct rndis_packet {
	__le32 data_offset;
	__le32 data_len;
	__le32 oob_offset;
	__le32 oob_len;
	__le32 oob_count;
	__le32 ppi_offset;
	__le32 ppi_len;
	__le32 vc_handle;
	__le32 reserved;
} __packed;
static_assert(sizeof(struct rndis_packet) == 36);

/* struct rndis_config_param.type */
#define RNDIS_CONFIG_PARAM_INTEGER	0
#define RNDIS_CONFIG_PARAM_STRING	2

/*
 * The configuration parameter by which the guest gives the adapter a new
 * MAC address: its value is 12 hexadecimal digits, a string.
 */
#define RNDIS_CONFIG_NETWORK_ADDRESS	"NetworkAddress"

/**
 * struct rndis_config_param - the information buffer of a SET of
 *	RNDIS_OID_GEN_RNDIS_CONFIG_PARAMETER: one named parameter
 * @name_offset: offset of the name (UTF-16LE, no terminator) from the
 *	start of this structure
 * @name_len: bytes of the name
 * @type: RNDIS_CONFIG_PARAM_*
 * @value_offset: offset of the value from the start of this structure
 * @value_len: bytes of the value (a string: UTF-16LE, no terminator)
 */
struct rndis_config_param {
	__le32 name_offset;
	__le32 name_len;
	__le32 type;
	__le32 value_offset;
	__le32 value_len;
} __packed;
static_assert(sizeof(struct rndis_config_param) == 20);

/* Per-packet info types (struct rndis_ppi.type, low 31 bits). */
#define RNDIS_PPI_CSUM		0
#define RNDIS_PPI_LSO		2
#define RNDIS_PPI_VLAN		6
#define RNDIS_PPI_HASH		8
#define RNDIS_PPI_INTERNAL	BIT(31)

/**
 * struct rndis_ppi - one per-packet info
 * @size: bytes of this info, header included
 * @type: RNDIS_PPI_*
 * @offset: offset of the value from the start of this info
 */
struct rndis_ppi {
	__le32 size;
	__le32 type;
	__le32 offset;
} __packed;
static_assert(sizeof(struct rndis_ppi) == 12);

/* RNDIS_PPI_CSUM value, transmit direction */
#define RNDIS_CSUM_TX_IPV4		BIT(0)
#define RNDIS_CSUM_TX_IPV6		BIT(1)
#define RNDIS_CSUM_TX_TCP		BIT(2)
#define RNDIS_CSUM_TX_UDP		BIT(3)
#define RNDIS_CSUM_TX_IP_HDR		BIT(4)
#define RNDIS_CSUM_TX_TCP_OFF_SHIFT	16
#define RNDIS_CSUM_TX_TCP_OFF_MASK	0x3ffU
/* RNDIS_PPI_CSUM value, receive direction */
#define RNDIS_CSUM_RX_TCP_FAILED	BIT(0)
#define RNDIS_CSUM_RX_UDP_FAILED	BIT(1)
#define RNDIS_CSUM_RX_IP_FAILED		BIT(2)
#define RNDIS_CSUM_RX_TCP_OK		BIT(3)
#define RNDIS_CSUM_RX_UDP_OK		BIT(4)
#define RNDIS_CSUM_RX_IP_OK		BIT(5)

/* RNDIS_PPI_LSO value (LSOv2 transmit) */
#define RNDIS_LSO2_MSS_MASK		0x000fffffU
#define RNDIS_LSO2_TCP_OFF_SHIFT	20
#define RNDIS_LSO2_TCP_OFF_MASK		0x3ffU
#define RNDIS_LSO2_TYPE_V2		BIT(30)
#define RNDIS_LSO2_IPV6			BIT(31)

/* RNDIS_PPI_VLAN value */
#define RNDIS_VLAN_PRI_MASK		0x7U
#define RNDIS_VLAN_ID_SHIFT		4
#define RNDIS_VLAN_ID_MASK		0xfffU

#endif /* _LINUX_HYPERV_SPEC_RNDIS_H */
