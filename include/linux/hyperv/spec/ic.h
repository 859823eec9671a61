/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wire formats of the Hyper-V integration components (ICs): heartbeat,
 * shutdown, time synchronisation, key-value exchange, backup and file
 * copy. Every IC message is one in-band VMBus packet: a pipe header, an IC
 * header, then the service's body. The host sends requests; the guest
 * answers each one with the same transaction id, the same buffer rewritten
 * as the response.
 */
#ifndef _LINUX_HYPERV_SPEC_IC_H
#define _LINUX_HYPERV_SPEC_IC_H

#include <asm/byteorder.h>
#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/types.h>

/* IC message types (struct ic_msg_hdr.msgtype). */
#define IC_MSGTYPE_NEGOTIATE	0
#define IC_MSGTYPE_HEARTBEAT	1
#define IC_MSGTYPE_KVPEXCHANGE	2
#define IC_MSGTYPE_SHUTDOWN	3
#define IC_MSGTYPE_TIMESYNC	4
#define IC_MSGTYPE_VSS		5
#define IC_MSGTYPE_FCOPY	7

/* struct ic_msg_hdr.flags */
#define IC_FLAG_TRANSACTION	0x01
#define IC_FLAG_REQUEST		0x02
#define IC_FLAG_RESPONSE	0x04

/* struct ic_msg_hdr.status: HRESULTs */
#define IC_STATUS_OK		0x00000000
#define IC_STATUS_FAIL		0x80004005
#define IC_STATUS_NOT_SUPPORTED	0x80070032

/* IC versions: major in the high 16 bits, minor in the low. */
#define IC_VERSION(major, minor)	(((major) << 16) | (minor))
/* Framework versions. */
#define IC_FW_VERSION_1		IC_VERSION(1, 0)
#define IC_FW_VERSION_3		IC_VERSION(3, 0)
/* Heartbeat service versions. */
#define IC_HB_VERSION_1		IC_VERSION(1, 0)
#define IC_HB_VERSION_3		IC_VERSION(3, 0)
/* Shutdown service versions. */
#define IC_SD_VERSION_1		IC_VERSION(1, 0)
#define IC_SD_VERSION_3		IC_VERSION(3, 0)
#define IC_SD_VERSION_3_1	IC_VERSION(3, 1)
#define IC_SD_VERSION_3_2	IC_VERSION(3, 2)
/* Key-value exchange (KVP) service versions. */
#define IC_KVP_VERSION_3	IC_VERSION(3, 0)
#define IC_KVP_VERSION_4	IC_VERSION(4, 0)
/* Backup (VSS) service version. */
#define IC_VSS_VERSION_5	IC_VERSION(5, 0)
/* File copy service version. */
#define IC_FCOPY_VERSION_1_1	IC_VERSION(1, 1)
/* Time synchronisation service versions. */
#define IC_TS_VERSION_1		IC_VERSION(1, 0)
#define IC_TS_VERSION_3		IC_VERSION(3, 0)
#define IC_TS_VERSION_4		IC_VERSION(4, 0)

/* A negotiate message lists at most this many versions of each kind. */
#define IC_NEGOTIATE_MAX_VERSIONS	100

/* struct ic_pipe_hdr.flags: the pipe packet type of a whole message */
#define IC_PIPE_DATA		1

/**
 * struct ic_pipe_hdr - the pipe header that starts every IC packet
 * @flags: the pipe packet type: IC_PIPE_DATA (a host reads nothing else)
 * @msgsize: bytes of the message after this header
 */
struct ic_pipe_hdr {
	__le32 flags;
	__le32 msgsize;
} __packed;
static_assert(sizeof(struct ic_pipe_hdr) == 8);

/**
 * struct ic_version - a version as it travels in IC messages
 * @major: major version
 * @minor: minor version
 */
struct ic_version {
	__le16 major;
	__le16 minor;
} __packed;
static_assert(sizeof(struct ic_version) == 4);

/**
 * ic_version_wire() - an IC_VERSION() value as it goes on the wire
 * @v: the value
 *
 * Return: its major and minor parts, little-endian.
 */
static inline struct ic_version ic_version_wire(u32 v)
{
	struct ic_version iv = {
		.major = cpu_to_le16(v >> 16),
		.minor = cpu_to_le16(v & 0xffff),
	};

	return iv;
}

/**
 * ic_version_val() - the IC_VERSION() value of a version on the wire
 * @iv: the version as sent
 *
 * Return: IC_VERSION(major, minor).
 */
static inline u32 ic_version_val(struct ic_version iv)
{
	return IC_VERSION(le16_to_cpu(iv.major), le16_to_cpu(iv.minor));
}

/**
 * struct ic_msg_hdr - the IC header after the pipe header
 * @framever: framework version the message is framed with
 * @msgtype: IC_MSGTYPE_*
 * @msgver: service version of the message
 * @msgsize: bytes of the body after this header
 * @status: IC_STATUS_* set by the responder
 * @transaction_id: host's sequence number (echoed)
 * @flags: IC_FLAG_*
 * @reserved: zero
 */
struct ic_msg_hdr {
	struct ic_version framever;
	__le16 msgtype;
	struct ic_version msgver;
	__le16 msgsize;
	__le32 status;
	u8 transaction_id;
	u8 flags;
	u8 reserved[2];
} __packed;
static_assert(sizeof(struct ic_msg_hdr) == 20);

/* Bytes before an IC message's body. */
#define IC_HDRS_SIZE	(sizeof(struct ic_pipe_hdr) + sizeof(struct ic_msg_hdr))

/**
 * struct ic_negotiate - body of an IC_MSGTYPE_NEGOTIATE message
 * @framework_count: framework versions in @versions (first)
 * @service_count: service versions in @versions (after the framework ones)
 * @reserved: zero
 * @versions: the offered versions, highest first by convention; the
 *	response carries one of each (counts 1 and 1), or counts 0 and 0
 *	when nothing matched
 */
struct ic_negotiate {
	__le16 framework_count;
	__le16 service_count;
	__le32 reserved;
	struct ic_version versions[];
} __packed;
static_assert(sizeof(struct ic_negotiate) == 8);

/**
 * struct ic_heartbeat - body of an IC_MSGTYPE_HEARTBEAT message
 * @seq_num: the host's sequence number; the guest answers with it plus one
 * @reserved: zero
 */
struct ic_heartbeat {
	__le64 seq_num;
	__le32 reserved[8];
} __packed;
static_assert(sizeof(struct ic_heartbeat) == 40);

/* struct ic_shutdown.flags: the action, plus IC_SD_FLAG_FORCE. */
#define IC_SD_FLAG_FORCE	0x01
#define IC_SD_FLAG_REBOOT	0x02
#define IC_SD_FLAG_HIBERNATE	0x04

/* Bytes of the host's message text in a shutdown request. */
#define IC_SD_MESSAGE_SIZE	2048

/**
 * struct ic_shutdown - body of an IC_MSGTYPE_SHUTDOWN message
 * @reason_code: the host's reason (informational)
 * @timeout_seconds: time the host gives the guest (informational)
 * @flags: IC_SD_FLAG_*: 0 shut down, IC_SD_FLAG_REBOOT or
 *	IC_SD_FLAG_HIBERNATE, each possibly with IC_SD_FLAG_FORCE
 * @display_message: text for the user, not NUL-terminated necessarily
 */
struct ic_shutdown {
	__le32 reason_code;
	__le32 timeout_seconds;
	__le32 flags;
	u8 display_message[IC_SD_MESSAGE_SIZE];
} __packed;
static_assert(sizeof(struct ic_shutdown) == 2060);

/* Time sync flags (struct ic_timesync.flags). */
#define IC_TS_FLAG_PROBE	0x00
#define IC_TS_FLAG_SYNC		0x01
#define IC_TS_FLAG_SAMPLE	0x02

/* Host time is in 100 ns units since 1601-01-01; this is 1970-01-01. */
#define IC_TS_UNIX_EPOCH	116444736000000000ULL

/**
 * struct ic_timesync - body of an IC_MSGTYPE_TIMESYNC message, service
 *	versions 1.0 and 3.0
 * @parent_time: the host's time (100 ns units since 1601)
 * @child_time: unused by the guest
 * @round_trip_time: unused by the guest
 * @flags: IC_TS_FLAG_*
 */
struct ic_timesync {
	__le64 parent_time;
	__le64 child_time;
	__le64 round_trip_time;
	u8 flags;
} __packed;
static_assert(sizeof(struct ic_timesync) == 25);

/**
 * struct ic_timesync_ref - body of an IC_MSGTYPE_TIMESYNC message, service
 *	version 4.0
 * @parent_time: the host's time (100 ns units since 1601)
 * @vm_reference_time: the partition's reference counter when the host
 *	took @parent_time (100 ns units)
 * @flags: IC_TS_FLAG_*
 * @leap_flags: leap second indication
 * @stratum: the host clock's stratum
 * @reserved: zero
 */
struct ic_timesync_ref {
	__le64 parent_time;
	__le64 vm_reference_time;
	u8 flags;
	u8 leap_flags;
	u8 stratum;
	u8 reserved[3];
} __packed;
static_assert(sizeof(struct ic_timesync_ref) == 22);

/* KVP operations (struct ic_kvp_hdr.operation). */
#define IC_KVP_OP_GET		0
#define IC_KVP_OP_SET		1
#define IC_KVP_OP_DELETE	2
#define IC_KVP_OP_ENUMERATE	3
#define IC_KVP_OP_GET_IP_INFO	4
#define IC_KVP_OP_SET_IP_INFO	5
#define IC_KVP_OP_COUNT		6

/* KVP pools: external, guest, auto (the guest's own), auto external/internal. */
#define IC_KVP_POOL_COUNT	5

/* KVP value types. */
#define IC_KVP_REG_SZ		1
#define IC_KVP_REG_U32		4
#define IC_KVP_REG_U64		8

/* KVP statuses beyond IC_STATUS_*: no more records (enumeration ends). */
#define IC_KVP_STATUS_NO_MORE	0x80070103

/* Bytes of a KVP key and value (UTF-16LE, NUL included). */
#define IC_KVP_KEY_SIZE		512
#define IC_KVP_VALUE_SIZE	2048

/**
 * struct ic_kvp_hdr - start of every KVP body
 * @operation: IC_KVP_OP_*
 * @pool: the pool, below IC_KVP_POOL_COUNT
 * @pad: zero
 */
struct ic_kvp_hdr {
	u8 operation;
	u8 pool;
	__le16 pad;
} __packed;
static_assert(sizeof(struct ic_kvp_hdr) == 4);

/**
 * struct ic_kvp_value - a key and its value, in UTF-16LE
 * @value_type: IC_KVP_REG_*
 * @key_size: bytes of @key used, NUL included
 * @value_size: bytes of @value used, NUL included for strings
 * @key: the key
 * @value: the value (a string, or a little-endian number)
 */
struct ic_kvp_value {
	__le32 value_type;
	__le32 key_size;
	__le32 value_size;
	u8 key[IC_KVP_KEY_SIZE];
	u8 value[IC_KVP_VALUE_SIZE];
} __packed;
static_assert(sizeof(struct ic_kvp_value) == 2572);

/**
 * struct ic_kvp_delete - body of a KVP delete after the header
 * @key_size: bytes of @key used, NUL included
 * @key: the key, UTF-16LE
 */
struct ic_kvp_delete {
	__le32 key_size;
	u8 key[IC_KVP_KEY_SIZE];
} __packed;
static_assert(sizeof(struct ic_kvp_delete) == 516);

/**
 * struct ic_kvp_enumerate - body of a KVP enumerate after the header
 * @index: which record of the pool
 * @data: the record, filled by the guest
 */
struct ic_kvp_enumerate {
	__le32 index;
	struct ic_kvp_value data;
} __packed;
static_assert(sizeof(struct ic_kvp_enumerate) == 2576);

/**
 * struct ic_kvp_msg - body of an IC_MSGTYPE_KVPEXCHANGE message, except
 *	the IP operations
 * @hdr: operation and pool
 * @value: get and set
 * @del: delete
 * @enumerate: enumerate
 */
struct ic_kvp_msg {
	struct ic_kvp_hdr hdr;
	union {
		struct ic_kvp_value value;
		struct ic_kvp_delete del;
		struct ic_kvp_enumerate enumerate;
	} __packed;
} __packed;
static_assert(sizeof(struct ic_kvp_msg) == 2580);

/* Address families in struct ic_kvp_ipaddr.addr_family. */
#define IC_KVP_ADDR_NONE	0x00
#define IC_KVP_ADDR_IPV4	0x01
#define IC_KVP_ADDR_IPV6	0x02

#define IC_KVP_ADAPTER_ID_CHARS	128
#define IC_KVP_IP_ADDR_CHARS	1024
#define IC_KVP_GATEWAY_CHARS	512

/**
 * struct ic_kvp_ipaddr - an adapter's addresses, strings in UTF-16LE
 * @adapter_id: the adapter: in GET_IP_INFO its MAC address (as
 *	"00:15:5D:..."), in SET_IP_INFO its VMBus instance GUID (as
 *	"{f8615163-...}", lower case)
 * @addr_family: IC_KVP_ADDR_* bits
 * @dhcp_enabled: nonzero if DHCP configures the adapter
 * @ip_addr: addresses, ';'-separated
 * @sub_net: subnet masks or prefixes, ';'-separated
 * @gate_way: gateways, ';'-separated
 * @dns_addr: DNS servers, ';'-separated
 */
struct ic_kvp_ipaddr {
	__le16 adapter_id[IC_KVP_ADAPTER_ID_CHARS];
	u8 addr_family;
	u8 dhcp_enabled;
	__le16 ip_addr[IC_KVP_IP_ADDR_CHARS];
	__le16 sub_net[IC_KVP_IP_ADDR_CHARS];
	__le16 gate_way[IC_KVP_GATEWAY_CHARS];
	__le16 dns_addr[IC_KVP_IP_ADDR_CHARS];
} __packed;
static_assert(sizeof(struct ic_kvp_ipaddr) == 7426);

/**
 * struct ic_kvp_ip_msg - body of a KVP GET_IP_INFO or SET_IP_INFO message
 * @operation: IC_KVP_OP_GET_IP_INFO or IC_KVP_OP_SET_IP_INFO
 * @pool: unused
 * @ipaddr: the adapter and its addresses
 */
struct ic_kvp_ip_msg {
	u8 operation;
	u8 pool;
	struct ic_kvp_ipaddr ipaddr;
} __packed;
static_assert(sizeof(struct ic_kvp_ip_msg) == 7428);

/**
 * ic_kvp_msg_size() - bytes of KVP body an operation needs
 * @op: the operation (IC_KVP_OP_*); unknown ones take the IP-info size
 *
 * Return: the size through the last field @op uses; a message shorter
 * than this is malformed.
 */
static inline u32 ic_kvp_msg_size(u8 op)
{
	switch (op) {
	case IC_KVP_OP_GET:
	case IC_KVP_OP_SET:
		return offsetofend(struct ic_kvp_msg, value);
	case IC_KVP_OP_DELETE:
		return offsetofend(struct ic_kvp_msg, del);
	case IC_KVP_OP_ENUMERATE:
		return offsetofend(struct ic_kvp_msg, enumerate);
	default:
		return sizeof(struct ic_kvp_ip_msg);
	}
}

/* VSS operations (struct ic_vss_msg.operation). */
#define IC_VSS_OP_CREATE	0
#define IC_VSS_OP_DELETE	1
#define IC_VSS_OP_HOT_BACKUP	2
#define IC_VSS_OP_GET_DM_INFO	3
#define IC_VSS_OP_BU_COMPLETE	4
#define IC_VSS_OP_FREEZE	5
#define IC_VSS_OP_THAW		6
#define IC_VSS_OP_AUTO_RECOVER	7

/*
 * Largest VSS message a host sends, headers included: a FREEZE carries
 * the VM's disks after struct ic_vss_msg. (An AUTO_RECOVER can be larger,
 * but a host sends none to a guest that answered HOT_BACKUP with
 * IC_VSS_HBU_NO_AUTO_RECOVERY.)
 */
#define IC_VSS_MAX_MSG_SIZE	6260

/* struct ic_vss_msg.flags of a HOT_BACKUP answer: no auto-recovery. */
#define IC_VSS_HBU_NO_AUTO_RECOVERY	0x00000005

/**
 * struct ic_vss_msg - body of an IC_MSGTYPE_VSS message
 * @operation: IC_VSS_OP_*
 * @reserved: zero
 * @flags: the check-feature or DM-info flags
 */
struct ic_vss_msg {
	u8 operation;
	u8 reserved[7];
	__le32 flags;
} __packed;
static_assert(sizeof(struct ic_vss_msg) == 12);

/* File copy operations (struct ic_fcopy_hdr.operation). */
#define IC_FCOPY_START		0
#define IC_FCOPY_WRITE		1
#define IC_FCOPY_COMPLETE	2
#define IC_FCOPY_CANCEL		3

/* struct ic_fcopy_start.copy_flags */
#define IC_FCOPY_OVERWRITE	0x1
#define IC_FCOPY_CREATE_PATH	0x2

/* UTF-16 code units of a file or path name, NUL included. */
#define IC_FCOPY_PATH_CHARS	260
/* Bytes of data in one WRITE message. */
#define IC_FCOPY_DATA_SIZE	(6 * 1024)

/* File copy statuses beyond IC_STATUS_*. */
#define IC_FCOPY_STATUS_EXISTS		0x80070050
#define IC_FCOPY_STATUS_DISK_FULL	0x80070070

/**
 * struct ic_fcopy_hdr - start of every file copy body
 * @operation: IC_FCOPY_*
 * @service_id0: unused
 * @service_id1: unused
 */
struct ic_fcopy_hdr {
	__le32 operation;
	u8 service_id0[16];
	u8 service_id1[16];
} __packed;
static_assert(sizeof(struct ic_fcopy_hdr) == 36);

/**
 * struct ic_fcopy_start - body of a START message
 * @hdr: IC_FCOPY_START
 * @file_name: the file's name, UTF-16LE, NUL-terminated
 * @path_name: its directory, UTF-16LE, NUL-terminated
 * @copy_flags: IC_FCOPY_OVERWRITE, IC_FCOPY_CREATE_PATH
 * @file_size: bytes the host will send
 */
struct ic_fcopy_start {
	struct ic_fcopy_hdr hdr;
	__le16 file_name[IC_FCOPY_PATH_CHARS];
	__le16 path_name[IC_FCOPY_PATH_CHARS];
	__le32 copy_flags;
	__le64 file_size;
} __packed;
static_assert(sizeof(struct ic_fcopy_start) == 1088);

/**
 * struct ic_fcopy_write - body of a WRITE message
 * @hdr: IC_FCOPY_WRITE
 * @pad: zero
 * @offset: where in the file @data goes
 * @size: bytes of @data used
 * @data: the file's bytes
 */
struct ic_fcopy_write {
	struct ic_fcopy_hdr hdr;
	__le32 pad;
	__le64 offset;
	__le32 size;
	u8 data[IC_FCOPY_DATA_SIZE];
} __packed;
static_assert(sizeof(struct ic_fcopy_write) == 6196);

#endif /* _LINUX_HYPERV_SPEC_IC_H */
