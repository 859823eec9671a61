/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbussim's storvsp: the host side of the synthetic SCSI and IDE
 * controllers. LUNs are backed by RAM or by a file; SCSI commands are
 * emulated by a pure function of the CDB (storvsp_scsi.c); the model
 * (storvsp.c) moves the data between the backing store and the
 * guest's pages and answers on the VSTOR channel; storvsp_lun.c keeps the
 * LUN table and the debugfs control files.
 */
#ifndef _VMBUSSIM_STORVSP_H
#define _VMBUSSIM_STORVSP_H

#include <linux/atomic.h>
#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rwsem.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

struct dentry;
struct file;
struct vmbus_packet_desc;
struct vmbussim_chan;
struct vmbussim_dev;
struct vstor_packet;
struct vstor_srb;

#define STORVSP_TARGETS		2
#define STORVSP_LUNS		256
#define STORVSP_IDE_LUNS	64
#define STORVSP_BLOCK_SIZE	512
#define STORVSP_SENSE_LEN	18
/* Largest non-media response (INQUIRY, MODE SENSE, REPORT LUNS, ...). */
#define STORVSP_RESP_MAX	4096
/* NTSTATUS values in the status of a VSTOR completion. */
#define STORVSP_NT_BUFFER_OVERFLOW		0x80000005
#define STORVSP_NT_DEVICE_BUSY			0x80000011
#define STORVSP_NT_UNSUCCESSFUL			0xc0000001
#define STORVSP_NT_INVALID_PARAMETER		0xc000000d
#define STORVSP_NT_INVALID_DEVICE_REQUEST	0xc0000010
#define STORVSP_NT_REVISION_MISMATCH		0xc0000059
#define STORVSP_NT_DEVICE_NOT_CONNECTED		0xc000009d
#define STORVSP_NT_IO_TIMEOUT			0xc00000b5
#define STORVSP_NT_DEVICE_DOES_NOT_EXIST	0xc00000c0
#define STORVSP_NT_CANCELLED			0xc0000120
#define STORVSP_NT_INVALID_DEVICE_STATE		0xc0000184
#define STORVSP_NT_IO_DEVICE_ERROR		0xc0000185
/* NTSTATUS of a failed control request. */
#define STORVSP_STATUS_FAILED	STORVSP_NT_UNSUCCESSFUL

/* A VSTOR packet: a 12-byte header, then a body of up to 52 bytes. */
#define STORVSP_HDR_LEN		12
#define STORVSP_BODY_LEN	52

/*
 * The initialisation state of a controller's primary channel:
 * BEGIN_INITIALIZATION, QUERY_PROTOCOL_VERSION (until one is accepted),
 * QUERY_PROPERTIES, then END (CREATE_SUB_CHANNELS allowed once: END_SC
 * after it) until END_INITIALIZATION makes it READY.
 */
enum storvsp_state {
	STORVSP_ST_BEGIN,
	STORVSP_ST_VERSION,
	STORVSP_ST_PROPERTIES,
	STORVSP_ST_END,
	STORVSP_ST_END_SC,
	STORVSP_ST_READY,
};

/**
 * struct storvsp_lun - one logical unit
 * @ref: held by the table and by each command using the LUN
 * @resize: held for reading by each command, for writing by a resize
 * @target: its target id
 * @lun: its LUN
 * @blocks: capacity in blocks of STORVSP_BLOCK_SIZE (changed under @resize)
 * @ram: the RAM backing (vmalloc, changed under @resize), or NULL
 * @file: the file backing, or NULL
 * @id: a number unique in the module's life, for serial numbers and names
 * @pending_ua: enum storvsp_ua to report on the LUN's next command
 * @put_work: drops the last reference in process context, for a put
 *	where sleeping is not allowed (storvsp_lun_put_atomic())
 */
struct storvsp_lun {
	struct kref ref;
	struct rw_semaphore resize;
	u8 target;
	u8 lun;
	u64 blocks;
	u8 *ram;
	struct file *file;
	u32 id;
	atomic_t pending_ua;
	struct work_struct put_work;
};

/* UNIT ATTENTION conditions a LUN reports once, on its next command. */
enum storvsp_ua {
	STORVSP_UA_NONE,
	STORVSP_UA_CAPACITY,		/* 2a/09 capacity data has changed */
	STORVSP_UA_LUNS,		/* 3f/0e reported LUNs data has changed */
};

/* Faults armed through the ctl file; each counts down per SRB. */
enum storvsp_fault {
	STORVSP_FAULT_SRB_ERROR,	/* SRB status ERROR, no sense */
	STORVSP_FAULT_SENSE_ERROR,	/* CHECK CONDITION, MEDIUM ERROR */
	STORVSP_FAULT_BAD_COMPLETION,	/* a completion too short */
	STORVSP_FAULT_BAD_SENSE_LEN,	/* sense_info_length 200 */
	STORVSP_FAULT_BUS_RESET,	/* media SRB not run: BUS_RESET */
	STORVSP_FAULT_ABORTED,		/* media SRB not run: ABORTED */
	STORVSP_FAULT_TIMEOUT,		/* media SRB not run: TIMEOUT */
	STORVSP_FAULT_FCHBA_FAIL,	/* FCHBA_DATA answered with a failure */
	STORVSP_FAULT_COUNT,
};

/**
 * struct storvsp - one storvsp device
 * @dev: the vmbussim device
 * @ide: the IDE class (one target, 64 LUNs, no subchannels)
 * @fc: the Fibre Channel class (answers FCHBA_DATA)
 * @port_wwn: FC: the adapter's port world-wide name
 * @node_wwn: FC: its node world-wide name
 * @lock: protects @luns
 * @luns: the LUN table, [target][lun]
 * @dir: its debugfs directory
 * @version: the VSTOR version the guest negotiated, 0 before
 * @state: the primary channel's initialisation state (written by its
 *	packet hook and open hook only)
 * @ready: @state is READY: subchannels take I/O, the guest takes
 *	bus-change events
 * @sc_offered: subchannels offered since the primary opened
 * @hold_lock: protects @held; held while held packets run
 * @held: packets subchannels took before the device was ready
 * @nr_held: entries in @held
 * @release_work: runs the held packets once the device is ready
 * @faults: SRBs left to hit by each fault (only media commands)
 * @delay_ms: delay of every SRB completion
 * @stats: counters
 * @stats.srbs: SRBs completed
 * @stats.bytes_read: bytes read by the guest
 * @stats.bytes_written: bytes written by the guest
 * @stats.errors: SRBs completed with an error status
 * @stats.bad_requests: malformed guest packets
 * @stats.send_fail: completions that could not be sent
 * @stats.faults: faults that fired
 * @stats.resets: RESET_LUN, RESET_BUS and RESET_ADAPTER requests
 * @stats.syncs: SYNCHRONIZE CACHE commands carried out
 * @stats.fatal: channels ended for a fatal protocol error
 * @stats.refused: requests answered INVALID_DEVICE_STATE (out of order)
 * @stats.denied: SRBs refused for writing a buffer data_in does not
 *	let the host write
 */
struct storvsp {
	struct vmbussim_dev *dev;
	bool ide;
	bool fc;
	u64 port_wwn;
	u64 node_wwn;
	spinlock_t lock; /* luns */
	struct storvsp_lun *luns[STORVSP_TARGETS][STORVSP_LUNS];
	struct dentry *dir;
	u16 version;
	enum storvsp_state state;
	bool ready;
	atomic_t sc_offered;
	struct mutex hold_lock; /* held */
	struct list_head held;
	atomic_t nr_held;
	struct work_struct release_work;
	atomic_t faults[STORVSP_FAULT_COUNT];
	unsigned int delay_ms;
	struct {
		atomic64_t srbs;
		atomic64_t bytes_read;
		atomic64_t bytes_written;
		atomic64_t errors;
		atomic64_t bad_requests;
		atomic64_t send_fail;
		atomic64_t faults;
		atomic64_t resets;
		atomic64_t syncs;
		atomic64_t fatal;
		atomic64_t refused;
		atomic64_t denied;
	} stats;
};

/* What the model does after storvsp_scsi_exec(). */
enum storvsp_action {
	STORVSP_RESPOND,	/* send the response buffer (or nothing) */
	STORVSP_READ,		/* blocks to the guest */
	STORVSP_WRITE,		/* blocks from the guest */
	STORVSP_SYNC,		/* flush the backing store */
	STORVSP_UNMAP,		/* parameter list from the guest: deallocate */
	STORVSP_WRITE_SAME,	/* one block from the guest, repeated */
	STORVSP_ZERO,		/* deallocate a range (WRITE SAME, UNMAP bit) */
};

/**
 * struct storvsp_disk - what the emulation knows about a LUN
 * @blocks: capacity in blocks
 * @id: unique number, for the serial number and identifiers
 * @thin: the LUN supports UNMAP and WRITE SAME with UNMAP
 */
struct storvsp_disk {
	u64 blocks;
	u32 id;
	bool thin;
};

/**
 * struct storvsp_result - outcome of one CDB
 * @action: enum storvsp_action
 * @status: SAM status (0 GOOD, 2 CHECK CONDITION)
 * @sense: fixed-format sense data when @status is CHECK CONDITION
 * @len: bytes of response in the buffer (STORVSP_RESPOND)
 * @lba: first block (media actions)
 * @nblocks: blocks (media actions)
 * @no_lun: no LUN at the address: SRB status INVALID_LUN, no data
 */
struct storvsp_result {
	enum storvsp_action action;
	bool no_lun;
	u8 status;
	u8 sense[STORVSP_SENSE_LEN];
	u32 len;
	u64 lba;
	u32 nblocks;
};

void storvsp_scsi_exec(const struct storvsp_disk *d, const u8 *cdb,
		       u32 cdb_len, u32 xfer_len, u8 *buf,
		       struct storvsp_result *r);
void storvsp_scsi_absent(const u8 *cdb, u32 cdb_len, u32 xfer_len, u8 lun,
			 u8 *buf, struct storvsp_result *r);
void storvsp_scsi_sense(struct storvsp_result *r, u8 key, u8 asc, u8 ascq);
u32 storvsp_report_luns(const u8 *luns, u32 count, u8 *buf, u32 len);
int storvsp_unmap_next(const u8 *param, u32 len, u32 *pos, u64 *lba,
		       u32 *nblocks);

/* storvsp_lun.c */
struct storvsp_lun *storvsp_lun_get(struct storvsp *sp, u8 target, u8 lun);
void storvsp_lun_put(struct storvsp_lun *l);
void storvsp_lun_put_atomic(struct storvsp_lun *l);
u32 storvsp_target_luns(struct storvsp *sp, u8 path, u8 target, u8 *luns);
int storvsp_lun_add(struct storvsp *sp, u8 target, u8 lun, u64 bytes,
		    const char *path, bool quiet);
int storvsp_lun_remove(struct storvsp *sp, u8 target, u8 lun);
int storvsp_lun_resize(struct storvsp *sp, u8 target, u8 lun, u64 bytes);
void storvsp_luns_free(struct storvsp *sp);

/* storvsp_debugfs.c */
void storvsp_debugfs_add(struct storvsp *sp, const char *name);
void storvsp_debugfs_remove(struct storvsp *sp);

/* storvsp_backing.c; smallest LUN, and largest RAM LUN */
#define STORVSP_MIN_BYTES	(64 * 1024)
#define STORVSP_MAX_RAM		(4ULL << 30)

int storvsp_lun_backing(struct storvsp_lun *l, u64 bytes, const char *path);
int storvsp_lun_io(struct storvsp_lun *l, u64 off, void *buf, u32 len,
		   bool write);
int storvsp_lun_sync(struct storvsp_lun *l);

/* storvsp_cond.c */
bool storvsp_fault(struct storvsp *sp, enum storvsp_fault f);
bool storvsp_status_fault(struct storvsp *sp, struct vstor_srb *srb,
			  bool media);
bool storvsp_unit_attention(struct storvsp_lun *l, u8 op,
			    struct storvsp_result *r);
void storvsp_srb_result(struct vstor_srb *srb, const struct storvsp_result *r,
			int xfer);

/* storvsp_proto.c */
const char *storvsp_parse(const struct vmbus_packet_desc *desc,
			  const void *data, u32 len, bool fc,
			  struct vstor_packet *pkt, u32 *req_len);
bool storvsp_allowed(enum storvsp_state st, u32 op, bool fc);
enum storvsp_state storvsp_next(enum storvsp_state st, u32 op, bool ok);
u32 storvsp_sc_request(u16 want, u16 offered, u16 max, u16 *more);
u32 storvsp_nt_status(u8 srb_status);
bool storvsp_may_write(u8 data_in);
void storvsp_completion_srb(struct vstor_srb *srb);

/* storvsp_fc.c */
void storvsp_fc_init_names(struct storvsp *sp);
u32 storvsp_fc_answer(struct storvsp *sp, struct vstor_packet *pkt);
void storvsp_fc_set_names(struct storvsp *sp, u64 port, u64 node);

/* storvsp_hold.c */
void storvsp_hold_init(struct storvsp *sp);
bool storvsp_hold(struct storvsp *sp, struct vmbussim_chan *ch,
		  const struct vmbus_packet_desc *desc, const void *data,
		  u32 len);
bool storvsp_holding(struct storvsp *sp);
void storvsp_release_held(struct storvsp *sp);
void storvsp_drop_held(struct storvsp *sp, struct vmbussim_chan *ch);

/* storvsp.c */
void storvsp_notify_bus_change(struct storvsp *sp, bool removal);
void storvsp_handle(struct vmbussim_chan *ch,
		    const struct vmbus_packet_desc *desc,
		    struct vstor_packet *pkt, u32 req_len);

#endif /* _VMBUSSIM_STORVSP_H */
