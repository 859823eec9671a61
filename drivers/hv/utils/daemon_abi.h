/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * The messages the Hyper-V daemons (hv_kvp_daemon, hv_vss_daemon,
 * hv_fcopy_daemon, as Debian 12's hyperv-daemons builds them) read from
 * and write to /dev/vmbus/hv_kvp, hv_vss and hv_fcopy. The layout is the
 * daemons', in the CPU's byte order; strings are UTF-8 (also in fields
 * declared as 16-bit arrays). The host's wire formats are in
 * include/linux/hyperv/spec/ic.h.
 */
#ifndef _HV_UTILS_DAEMON_ABI_H
#define _HV_UTILS_DAEMON_ABI_H

#include <linux/build_bug.h>
#include <linux/types.h>

/* Registration: the first thing each daemon writes. */
#define HVD_KVP_OP_REGISTER1	100
#define HVD_VSS_OP_REGISTER1	129
#define HVD_FCOPY_VERSION_1	1

#define HVD_KVP_KEY_SIZE	512
#define HVD_KVP_VALUE_SIZE	2048

/**
 * struct hvd_kvp_hdr - operation and pool of a KVP message
 * @operation: IC_KVP_OP_*, or HVD_KVP_OP_REGISTER1
 * @pool: the pool
 * @pad: zero
 */
struct hvd_kvp_hdr {
	__u8 operation;
	__u8 pool;
	__u16 pad;
} __packed;
static_assert(sizeof(struct hvd_kvp_hdr) == 4);

/**
 * struct hvd_kvp_value - a key and its value, UTF-8
 * @value_type: IC_KVP_REG_* (always strings towards the daemon)
 * @key_size: bytes of @key, NUL included
 * @value_size: bytes of @value, NUL included
 * @key: the key
 * @value: the value
 */
struct hvd_kvp_value {
	__u32 value_type;
	__u32 key_size;
	__u32 value_size;
	__u8 key[HVD_KVP_KEY_SIZE];
	__u8 value[HVD_KVP_VALUE_SIZE];
} __packed;
static_assert(sizeof(struct hvd_kvp_value) == 2572);

/**
 * struct hvd_kvp_ipaddr - an adapter's addresses, UTF-8 in 16-bit fields
 * @adapter_id: the adapter: for GET_IP_INFO its MAC address, upper case;
 *	for SET_IP_INFO its VMBus instance GUID, as in sysfs device_id
 * @addr_family: IC_KVP_ADDR_* bits
 * @dhcp_enabled: nonzero if DHCP configures the adapter
 * @ip_addr: addresses, ';'-separated
 * @sub_net: subnet masks, ';'-separated
 * @gate_way: gateways, ';'-separated
 * @dns_addr: DNS servers, ';'-separated
 */
struct hvd_kvp_ipaddr {
	__u16 adapter_id[128];
	__u8 addr_family;
	__u8 dhcp_enabled;
	__u16 ip_addr[1024];
	__u16 sub_net[1024];
	__u16 gate_way[512];
	__u16 dns_addr[1024];
} __packed;
static_assert(sizeof(struct hvd_kvp_ipaddr) == 7426);

/**
 * struct hvd_kvp_del - a KVP delete to the daemon
 * @key_size: bytes of @key, NUL included
 * @key: the key
 *
 * Not packed, as the daemons declare it: its 4-byte alignment pads the
 * body of struct hvd_kvp_msg to 7428 bytes.
 */
struct hvd_kvp_del {
	__u32 key_size;
	__u8 key[HVD_KVP_KEY_SIZE];
};

static_assert(sizeof(struct hvd_kvp_del) == 516);

/**
 * struct hvd_kvp_msg - one KVP message between driver and daemon
 * @hdr: operation and pool (towards the daemon)
 * @error: the daemon's status (from the daemon): 0 or an HRESULT
 * @value: get and set
 * @del: delete
 * @enumerate: enumerate: index and record
 * @enumerate.index: which record
 * @enumerate.data: the record
 * @ip: get and set IP info
 * @reg: registration: the driver's version string
 * @reg.version: the version, NUL-terminated
 */
struct hvd_kvp_msg {
	union {
		struct hvd_kvp_hdr hdr;
		__s32 error;
	} __packed;
	union {
		struct hvd_kvp_value value;
		struct hvd_kvp_del del;
		struct {
			__u32 index;
			struct hvd_kvp_value data;
		} __packed enumerate;
		struct hvd_kvp_ipaddr ip;
		struct {
			__u8 version[HVD_KVP_KEY_SIZE];
		} reg;
	};
} __packed;
static_assert(sizeof(struct hvd_kvp_msg) == 7432);

/**
 * struct hvd_vss_msg - one VSS message between driver and daemon
 * @operation: IC_VSS_OP_* (towards the daemon) or HVD_VSS_OP_REGISTER1
 * @reserved: zero
 * @error: the daemon's status (from the daemon): 0 or an HRESULT
 * @flags: check-feature flags
 */
struct hvd_vss_msg {
	union {
		struct {
			__u8 operation;
			__u8 reserved[7];
		} __packed;
		__s32 error;
	} __packed;
	__u32 flags;
} __packed;
static_assert(sizeof(struct hvd_vss_msg) == 12);

/**
 * struct hvd_fcopy_hdr - start of every file copy message to the daemon
 * @operation: IC_FCOPY_*
 * @service_id0: unused
 * @service_id1: unused
 */
struct hvd_fcopy_hdr {
	__u32 operation;
	__u8 service_id0[16];
	__u8 service_id1[16];
} __packed;
static_assert(sizeof(struct hvd_fcopy_hdr) == 36);

/**
 * struct hvd_fcopy_start - START_FILE_COPY to the daemon
 * @hdr: IC_FCOPY_START
 * @file_name: UTF-8, NUL-terminated, in a field of 260 16-bit units
 * @path_name: likewise
 * @copy_flags: IC_FCOPY_OVERWRITE, IC_FCOPY_CREATE_PATH
 * @file_size: bytes to come
 */
struct hvd_fcopy_start {
	struct hvd_fcopy_hdr hdr;
	__u16 file_name[260];
	__u16 path_name[260];
	__u32 copy_flags;
	__u64 file_size;
} __packed;
static_assert(sizeof(struct hvd_fcopy_start) == 1088);

/**
 * struct hvd_fcopy_write - WRITE_TO_FILE to the daemon
 * @hdr: IC_FCOPY_WRITE
 * @pad: zero
 * @offset: where in the file
 * @size: bytes of @data
 * @data: the bytes
 */
struct hvd_fcopy_write {
	struct hvd_fcopy_hdr hdr;
	__u32 pad;
	__u64 offset;
	__u32 size;
	__u8 data[6 * 1024];
} __packed;
static_assert(sizeof(struct hvd_fcopy_write) == 6196);

#endif /* _HV_UTILS_DAEMON_ABI_H */
