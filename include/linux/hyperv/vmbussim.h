/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vmbussim's test devices and their guest drivers share. These are
 * not Hyper-V devices: their class GUIDs exist only between vmbussim and
 * the project's test drivers.
 */
#ifndef _LINUX_HYPERV_VMBUSSIM_H
#define _LINUX_HYPERV_VMBUSSIM_H

#include <linux/types.h>
#include <linux/uuid.h>

/*
 * The echo device: it completes every in-band request that asks for a
 * completion with a VMBUS_PKT_COMP packet carrying the request's
 * transaction id and the request's payload.
 * {b5f3b0d4-2d6a-4f0c-9a55-6d9e0c7e1a01}
 */
#define VMBUSSIM_CLASS_ECHO \
	GUID_INIT(0xb5f3b0d4, 0x2d6a, 0x4f0c, 0x9a, 0x55, \
		  0x6d, 0x9e, 0x0c, 0x7e, 0x1a, 0x01)

/*
 * The same echo device under a class no driver's id table names: it binds
 * only through a driver's new_id or a device's driver_override.
 * {b5f3b0d4-2d6a-4f0c-9a55-6d9e0c7e1a02}
 */
#define VMBUSSIM_CLASS_ECHO_UNCLAIMED \
	GUID_INIT(0xb5f3b0d4, 0x2d6a, 0x4f0c, 0x9a, 0x55, \
		  0x6d, 0x9e, 0x0c, 0x7e, 0x1a, 0x02)

/* The largest echo payload. */
#define VMBUSSIM_ECHO_MAX	1024

/*
 * Besides echoes, the echo device carries operations that exercise the
 * rest of the bus: subchannels, GPA-direct packets and transfer-page
 * packets. An operation is a request whose payload starts with struct
 * vmbussim_echo_op (an echo payload starts with a small sequence number,
 * never the magic); the host completes it with struct
 * vmbussim_echo_result.
 */
#define VMBUSSIM_ECHO_MAGIC	0x50434f4843454d56ULL	/* "VMECHOCP" */

enum vmbussim_echo_opcode {
	/* Offer @arg more subchannels. */
	VMBUSSIM_ECHO_SUBCHANNELS	= 1,
	/*
	 * Sent as a GPA-direct packet: the host reads @len bytes of the
	 * packet's buffer and checks them against the pattern of @seed ...
	 */
	VMBUSSIM_ECHO_GPA_READ		= 2,
	/* ... or writes that pattern there. */
	VMBUSSIM_ECHO_GPA_WRITE		= 3,
	/* Map the GPADL @arg as the receive buffer. */
	VMBUSSIM_ECHO_XFER_BUF		= 4,
	/*
	 * Fill @arg pieces of @len bytes of the receive buffer, piece k with
	 * the pattern of @seed + k, and send one transfer-page packet (set
	 * id 1) naming them, with this operation as its payload; the guest
	 * completes that packet before the host completes the operation.
	 */
	VMBUSSIM_ECHO_XFER		= 5,
	/* Unmap the receive buffer. */
	VMBUSSIM_ECHO_XFER_REVOKE	= 6,
};

/**
 * struct vmbussim_echo_op - an operation of the echo device
 * @magic: VMBUSSIM_ECHO_MAGIC
 * @op: enum vmbussim_echo_opcode
 * @arg: the operation's count or handle
 * @len: bytes the operation moves
 * @reserved: zero
 * @seed: seed of the data pattern
 */
struct vmbussim_echo_op {
	__le64 magic;
	__le32 op;
	__le32 arg;
	__le32 len;
	__le32 reserved;
	__le64 seed;
} __packed;
static_assert(sizeof(struct vmbussim_echo_op) == 32);

/**
 * struct vmbussim_echo_result - the completion of an operation
 * @magic: VMBUSSIM_ECHO_MAGIC
 * @status: 0, or a negative errno (as two's complement)
 * @reserved: zero
 */
struct vmbussim_echo_result {
	__le64 magic;
	__le32 status;
	__le32 reserved;
} __packed;
static_assert(sizeof(struct vmbussim_echo_result) == 16);

/* Transfer page set id of the receive buffer. */
#define VMBUSSIM_ECHO_XFER_SET	1

/**
 * vmbussim_echo_pattern() - byte @i of the pattern of @seed
 * @seed: the seed
 * @i: the offset
 *
 * Return: the byte; it changes with the page, so a misplaced page shows.
 */
static inline u8 vmbussim_echo_pattern(u64 seed, u32 i)
{
	return (u8)(seed * 131 + i * 7 + (i >> 12));
}

#endif /* _LINUX_HYPERV_VMBUSSIM_H */
