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

#include <linux/build_bug.h>
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
/* Time synchronisation service versions. */
#define IC_TS_VERSION_1		IC_VERSION(1, 0)
#define IC_TS_VERSION_3		IC_VERSION(3, 0)
#define IC_TS_VERSION_4		IC_VERSION(4, 0)

/* A negotiate message lists at most this many versions of each kind. */
#define IC_NEGOTIATE_MAX_VERSIONS	100

/**
 * struct ic_pipe_hdr - the pipe header that starts every IC packet
 * @flags: pipe flags (zero is fine)
 * @msgsize: bytes after this header
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

#endif /* _LINUX_HYPERV_SPEC_IC_H */
