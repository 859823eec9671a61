/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_storvsc internals: one SCSI host per synthetic storage controller
 * (SCSI, IDE or Fibre Channel class), its VMBus channels, and the
 * per-command state that travels with each SRB.
 */
#ifndef _HV_STORVSC_H
#define _HV_STORVSC_H

#include <linux/completion.h>
#include <linux/stddef.h>
#include <linux/mutex.h>
#include <linux/sizes.h>
#include <linux/workqueue.h>

#include <scsi/scsi_host.h>

#include <linux/hyperv/spec/vstor.h>
#include <linux/hyperv/vmbus.h>

struct scsi_cmnd;
struct scsi_device;
struct scatterlist;

/* The largest transfer of one command, whatever the host offers. */
#define STORVSC_MAX_TRANSFER	SZ_512K
/* Hyper-V pages one command's data can touch (unaligned start: +1). */
#define STORVSC_MAX_PFNS	(STORVSC_MAX_TRANSFER / HV_PAGE_SIZE + 1)
/* Commands in flight per channel (blk-mq hardware queue). */
#define STORVSC_QUEUE_DEPTH	128
/* Channels (primary and subchannels) one controller uses at most. */
#define STORVSC_MAX_CHANNELS	64

/* The class of controller the host offered. */
enum storvsc_class {
	STORVSC_SCSI,
	STORVSC_IDE,
	STORVSC_FC,
};

struct storvsc_host;

/**
 * struct storvsc_chan - one open channel: the primary or a subchannel
 * @sh: the controller
 * @ch: the VMBus channel
 * @index: its slot in the controller's channels; 0 for the primary
 * @gone: the host rescinded it (a subchannel): send nothing more on it
 * @completions: commands the host completed on it
 * @remote: of those, completed on another CPU than the one that sent them
 *
 * Only the channel's callback writes @completions and @remote.
 */
struct storvsc_chan {
	struct storvsc_host *sh;
	struct vmbus_channel *ch;
	u16 index;
	bool gone;
	u64 completions;
	u64 remote;
};

/**
 * struct storvsc_ctl - a control request (initialisation, reset)
 * @pkt: the request, then the host's answer
 * @done: completed when the answer arrived
 * @ok: the answer was well formed
 */
struct storvsc_ctl {
	struct vstor_packet pkt;
	struct completion done;
	bool ok;
};

/**
 * struct storvsc_host - one synthetic storage controller
 * @hdev: its VMBus device
 * @shost: its SCSI host
 * @class: SCSI, IDE or FC
 * @version: the negotiated VSTOR version
 * @max_transfer: bytes one command may transfer
 * @max_subchannels: subchannels the host can offer, 0 without multichannel
 * @ctl_lock: one control request at a time
 * @ctl: the control request in flight
 * @sc_lock: serialises subchannel arrival, rescind and storvsc_stop()
 * @nr_chans: channels open, primary included
 * @chans: the open channels; @chans[0] is the primary
 * @dead: the controller takes no more commands (broken, rescinded, removed)
 * @added: the SCSI host is added: scans may run
 * @mapped: blk-mq mapped CPUs to hardware queues: channels can follow
 * @stop_lock: serialises storvsc_stop()
 * @scan_work: rescan the bus (host's ENUMERATE_BUS, REPORTED LUNS CHANGED)
 * @break_work: the host broke the protocol: stop the controller
 * @wq: ordered queue of @scan_work and the LUN removals
 * @fc_port_name: FC class: the adapter's port world-wide name (or 0)
 * @fc_node_name: FC class: its node world-wide name (or 0)
 * @debugfs: its debugfs directory
 * @stats: counters for debugging (debugfs)
 * @stats.srb_errors: commands the host completed with an SRB error
 * @stats.bad_packets: malformed or unexpected host packets
 * @stats.busy: submissions refused because the ring or ids were full
 * @stats.enumerate_bus: ENUMERATE_BUS packets from the host
 * @stats.remove_device: REMOVE_DEVICE packets from the host
 */
struct storvsc_host {
	struct hv_device *hdev;
	struct Scsi_Host *shost;
	enum storvsc_class class;
	u16 version;
	u32 max_transfer;
	u16 max_subchannels;
	struct mutex ctl_lock; /* one control request at a time */
	struct storvsc_ctl ctl;
	struct mutex sc_lock; /* nr_chans, chans[].gone, dead */
	u16 nr_chans;
	struct storvsc_chan chans[STORVSC_MAX_CHANNELS];
	bool dead;
	bool added;
	bool mapped;
	struct mutex stop_lock; /* storvsc_stop() */
	struct work_struct scan_work;
	struct work_struct break_work;
	struct workqueue_struct *wq;
	u64 fc_port_name;
	u64 fc_node_name;
	struct dentry *debugfs;
	struct {
		atomic64_t srb_errors;
		atomic64_t bad_packets;
		atomic64_t busy;
		atomic64_t enumerate_bus;
		atomic64_t remove_device;
	} stats;
};

/**
 * struct storvsc_range - a command's data as one wire-format GPA range
 * @r: the range: byte count and offset, then the page numbers ...
 * @pfns: ... in this room
 */
struct storvsc_range {
	struct vmbus_gpa_range r;
	__le64 pfns[STORVSC_MAX_PFNS];
};

static_assert(offsetof(struct storvsc_range, pfns) ==
	      sizeof(struct vmbus_gpa_range));

/**
 * struct storvsc_cmd - what the driver keeps with each SCSI command
 *	(scsi_cmd_priv())
 * @pkt: the EXECUTE_SRB request
 * @cmd: the command this belongs to
 * @chan: the channel it was sent on
 * @cpu: the CPU that sent it
 * @owned: 1 from the send until the first completer (host completion,
 *	failed send, stop) takes the command; only that one completes it
 * @npfns: page numbers in @range while the data is DMA-mapped, else 0
 * @range: the data's pages
 */
struct storvsc_cmd {
	struct vstor_packet pkt;
	struct scsi_cmnd *cmd;
	struct storvsc_chan *chan;
	u32 cpu;
	atomic_t owned;
	u32 npfns;
	struct storvsc_range range;
};

/* Cookie tag of control requests; commands carry their untagged address. */
#define STORVSC_COOKIE_CTL	1ULL

/**
 * struct storvsc_result - what a completed SRB means for the midlayer
 * @host_byte: DID_*
 * @remove_lun: the LUN is gone: remove its device
 * @rescan_lun: the LUN's capacity changed: rescan it
 * @rescan_host: the target's LUN inventory changed: scan the host
 */
struct storvsc_result {
	u8 host_byte;
	bool remove_lun;
	bool rescan_lun;
	bool rescan_host;
};

/*
 * Pure functions, shared with the KUnit tests (hv_storvsc_test.c).
 * hv_storvsc_result.c: what the host's answers mean.
 */
int storvsc_check_ctl_answer(const struct vstor_packet *pkt, u32 len);
int storvsc_check_completion(const struct vstor_packet *pkt, u32 len,
			     u32 requested);
void storvsc_map_result(u8 srb_status, u8 scsi_status, const u8 *sense,
			u8 sense_len, struct storvsc_result *res);
/* hv_storvsc_limits.c: the host's limits against ours */
void storvsc_host_limits(const struct vstor_properties *props,
			 enum storvsc_class class, u32 *max_transfer,
			 u16 *max_subchannels);

/* hv_storvsc_data.c: a command's data, DMA-mapped as one GPA range */
int storvsc_data_map(struct scsi_cmnd *cmd);
void storvsc_data_unmap(struct scsi_cmnd *cmd);

/* hv_storvsc_init.c */
int storvsc_ctl_exec(struct storvsc_host *sh, enum vstor_operation op,
		     struct vstor_packet *answer);
int storvsc_connect(struct storvsc_host *sh);
void storvsc_ctl_answer(struct storvsc_host *sh,
			const struct vstor_packet *pkt, u32 len);

/* hv_storvsc_io.c */
int storvsc_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *cmd);
void storvsc_fail_all(struct storvsc_host *sh);
int storvsc_open_chan(struct storvsc_host *sh, struct vmbus_channel *ch,
		      u16 index);

/* hv_storvsc_multi.c */
void storvsc_setup_subchannels(struct storvsc_host *sh);
void storvsc_steer_channels(struct storvsc_host *sh);

/* hv_storvsc_debugfs.c */
void storvsc_debugfs_init(void);
void storvsc_debugfs_exit(void);
void storvsc_debugfs_add(struct storvsc_host *sh);
void storvsc_debugfs_remove(struct storvsc_host *sh);

/* hv_storvsc_scan.c */
void storvsc_scan_work(struct work_struct *work);
void storvsc_follow_up(struct storvsc_host *sh, struct scsi_device *sdev,
		       const struct storvsc_result *res);
void storvsc_host_event(struct storvsc_host *sh,
			const struct vstor_packet *pkt);

/* hv_storvsc_main.c: the host template's callbacks */
int storvsc_init_cmd_priv(struct Scsi_Host *shost, struct scsi_cmnd *cmd);
int storvsc_slave_alloc(struct scsi_device *sdev);
int storvsc_slave_configure(struct scsi_device *sdev);

/* hv_storvsc_template.c */
extern const struct scsi_host_template storvsc_template;

/* hv_storvsc_eh.c */
enum scsi_timeout_action storvsc_timed_out(struct scsi_cmnd *cmd);
int storvsc_device_reset(struct scsi_cmnd *cmd);
int storvsc_host_reset(struct scsi_cmnd *cmd);

/* hv_storvsc_fc.c */
int storvsc_fc_query(struct storvsc_host *sh);
void storvsc_fc_names(struct storvsc_host *sh, const struct vstor_fc_wwn *w);
#if IS_ENABLED(CONFIG_SCSI_FC_ATTRS)
int storvsc_fc_init(void);
void storvsc_fc_exit(void);
void storvsc_fc_attach(struct storvsc_host *sh);
void storvsc_fc_publish(struct storvsc_host *sh);
void storvsc_fc_detach(struct storvsc_host *sh);
#else
static inline int storvsc_fc_init(void) { return 0; }
static inline void storvsc_fc_exit(void) { }
static inline void storvsc_fc_attach(struct storvsc_host *sh) { }
static inline void storvsc_fc_publish(struct storvsc_host *sh) { }
static inline void storvsc_fc_detach(struct storvsc_host *sh) { }
#endif

/* hv_storvsc_main.c */
void storvsc_stop(struct storvsc_host *sh);
void storvsc_broken(struct storvsc_host *sh);

#endif /* _HV_STORVSC_H */
