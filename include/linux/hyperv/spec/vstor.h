/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire format of VSTOR, the protocol of the synthetic SCSI, IDE and Fibre
 * Channel controllers: the guest (hv_storvsc) sends SCSI request blocks
 * (SRBs) with their data as GPA-direct page lists, the host completes
 * them, and a few control operations set the channel up.
 *
 * Both the guest driver and vmbussim's storvsp model use it, so it lives
 * here rather than beside the driver.
 */
#ifndef _LINUX_HYPERV_SPEC_VSTOR_H
#define _LINUX_HYPERV_SPEC_VSTOR_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* Protocol versions: major in the high byte, minor in the low byte. */
#define VSTOR_VERSION(major, minor)	((((major) & 0xff) << 8) | ((minor) & 0xff))
#define VSTOR_VERSION_WIN8		VSTOR_VERSION(5, 1)
#define VSTOR_VERSION_WIN8_1		VSTOR_VERSION(6, 0)
#define VSTOR_VERSION_WIN10		VSTOR_VERSION(6, 2)
#define VSTOR_VERSION_MAJOR(v)		(((v) >> 8) & 0xff)
#define VSTOR_VERSION_MINOR(v)		((v) & 0xff)

/* struct vstor_packet.operation */
enum vstor_operation {
	VSTOR_OP_COMPLETE_IO		= 1,
	VSTOR_OP_REMOVE_DEVICE		= 2,
	VSTOR_OP_EXECUTE_SRB		= 3,
	VSTOR_OP_RESET_LUN		= 4,
	VSTOR_OP_RESET_ADAPTER		= 5,
	VSTOR_OP_RESET_BUS		= 6,
	VSTOR_OP_BEGIN_INITIALIZATION	= 7,
	VSTOR_OP_END_INITIALIZATION	= 8,
	VSTOR_OP_QUERY_PROTOCOL_VERSION	= 9,
	VSTOR_OP_QUERY_PROPERTIES	= 10,
	VSTOR_OP_ENUMERATE_BUS		= 11,
	VSTOR_OP_FCHBA_DATA		= 12,
	VSTOR_OP_CREATE_SUB_CHANNELS	= 13,
};

/* struct vstor_packet.flags */
#define VSTOR_FLAG_REQUEST_COMPLETION	0x1

/* struct vstor_srb.srb_status: a status in the low six bits, and flags */
#define VSTOR_SRB_STATUS(s)		((s) & 0x3f)
#define VSTOR_SRB_AUTOSENSE_VALID	0x80
#define VSTOR_SRB_QUEUE_FROZEN		0x40
#define VSTOR_SRB_PENDING		0x00
#define VSTOR_SRB_SUCCESS		0x01
#define VSTOR_SRB_ABORTED		0x02
#define VSTOR_SRB_ERROR			0x04
#define VSTOR_SRB_INVALID_REQUEST	0x06
#define VSTOR_SRB_TIMEOUT		0x09
#define VSTOR_SRB_SELECTION_TIMEOUT	0x0a
#define VSTOR_SRB_BUS_RESET		0x0e
#define VSTOR_SRB_DATA_OVERRUN		0x12
#define VSTOR_SRB_INVALID_LUN		0x20
#define VSTOR_SRB_INTERNAL_ERROR	0x30

/* struct vstor_srb.srb_flags */
#define VSTOR_SRB_FLAG_QUEUE_ACTION_ENABLE	0x00000002
#define VSTOR_SRB_FLAG_DISABLE_SYNCH_TRANSFER	0x00000008
#define VSTOR_SRB_FLAG_DATA_IN			0x00000040
#define VSTOR_SRB_FLAG_DATA_OUT			0x00000080
#define VSTOR_SRB_FLAG_NO_QUEUE_FREEZE		0x00000100

/* struct vstor_srb.data_in */
#define VSTOR_DATA_WRITE		0
#define VSTOR_DATA_READ			1
#define VSTOR_DATA_UNKNOWN		2

#define VSTOR_CDB_MAX			16
#define VSTOR_SENSE_MAX			20

/* struct vstor_properties.flags */
#define VSTOR_PROP_MULTI_CHANNEL	0x1

/**
 * struct vstor_srb - a SCSI request block (the Windows 8 layout, which
 *	every version this driver set speaks uses)
 * @length: size of this structure
 * @srb_status: VSTOR_SRB_*, set by the host
 * @scsi_status: the SCSI status byte, set by the host
 * @port_number: the adapter's port
 * @path_id: the SCSI channel (bus)
 * @target_id: the target
 * @lun: the logical unit
 * @cdb_length: bytes of @cdb used
 * @sense_info_length: in the request, the room for sense data; in the
 *	completion, the sense bytes returned in @sense
 * @data_in: VSTOR_DATA_*
 * @reserved: zero
 * @data_transfer_length: in the request, the bytes of the data buffer; in
 *	the completion, the bytes transferred
 * @cdb: the command (request)
 * @sense: sense data (completion); shares its bytes with @cdb
 * @reserve: zero
 * @queue_tag: queue tag
 * @queue_action: queue action (simple tag)
 * @srb_flags: VSTOR_SRB_FLAG_*
 * @timeout: timeout in seconds
 * @queue_sort_key: zero
 */
struct vstor_srb {
	__le16 length;
	u8 srb_status;
	u8 scsi_status;
	u8 port_number;
	u8 path_id;
	u8 target_id;
	u8 lun;
	u8 cdb_length;
	u8 sense_info_length;
	u8 data_in;
	u8 reserved;
	__le32 data_transfer_length;
	union {
		u8 cdb[VSTOR_CDB_MAX];
		u8 sense[VSTOR_SENSE_MAX];
	};
	__le16 reserve;
	u8 queue_tag;
	u8 queue_action;
	__le32 srb_flags;
	__le32 timeout;
	__le32 queue_sort_key;
} __packed;
static_assert(sizeof(struct vstor_srb) == 52);
static_assert(offsetof(struct vstor_srb, cdb) == 16);
static_assert(offsetof(struct vstor_srb, srb_flags) == 40);

/**
 * struct vstor_properties - answer to QUERY_PROPERTIES
 * @reserved: zero
 * @max_channels: subchannels the host can offer
 * @reserved1: zero
 * @flags: VSTOR_PROP_*
 * @max_transfer_bytes: the largest transfer of one SRB
 * @reserved2: zero
 */
struct vstor_properties {
	__le32 reserved;
	__le16 max_channels;
	__le16 reserved1;
	__le32 flags;
	__le32 max_transfer_bytes;
	__le64 reserved2;
} __packed;
static_assert(sizeof(struct vstor_properties) == 24);

/**
 * struct vstor_version - the body of QUERY_PROTOCOL_VERSION
 * @major_minor: VSTOR_VERSION()
 * @revision: zero
 */
struct vstor_version {
	__le16 major_minor;
	__le16 revision;
} __packed;
static_assert(sizeof(struct vstor_version) == 4);

/**
 * struct vstor_fc_wwn - the body of FCHBA_DATA: the adapter's world-wide
 *	names
 * @primary_active: non-zero if the primary names are valid
 * @reserved: zero
 * @primary_port_wwn: primary port name, big-endian
 * @primary_node_wwn: primary node name
 * @secondary_port_wwn: secondary port name
 * @secondary_node_wwn: secondary node name
 */
struct vstor_fc_wwn {
	u8 primary_active;
	u8 reserved[3];
	u8 primary_port_wwn[8];
	u8 primary_node_wwn[8];
	u8 secondary_port_wwn[8];
	u8 secondary_node_wwn[8];
} __packed;
static_assert(sizeof(struct vstor_fc_wwn) == 36);

/**
 * struct vstor_packet - every VSTOR message, request or completion
 * @operation: enum vstor_operation
 * @flags: VSTOR_FLAG_*
 * @status: the host's status (0 on success; NTSTATUS otherwise)
 * @srb: EXECUTE_SRB and its COMPLETE_IO
 * @props: QUERY_PROPERTIES
 * @version: QUERY_PROTOCOL_VERSION
 * @wwn: FCHBA_DATA
 * @subchannels: CREATE_SUB_CHANNELS: how many
 * @buffer: the body's full size
 */
struct vstor_packet {
	__le32 operation;
	__le32 flags;
	__le32 status;
	union {
		struct vstor_srb srb;
		struct vstor_properties props;
		struct vstor_version version;
		struct vstor_fc_wwn wwn;
		__le16 subchannels;
		u8 buffer[52];
	};
} __packed;
static_assert(sizeof(struct vstor_packet) == 64);

#endif /* _LINUX_HYPERV_SPEC_VSTOR_H */
