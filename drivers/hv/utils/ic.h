/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The integration-component (IC) framework of hv_utils: what all IC
 * services share (channel, negotiation, responses, statistics, debugfs),
 * and the description each service gives of itself.
 *
 * Adding a service is one file defining a struct ic_service, plus one line
 * in the driver's id table (main.c).
 */
#ifndef _HV_UTILS_IC_H
#define _HV_UTILS_IC_H

#include <linux/atomic.h>
#include <linux/spinlock.h>
#include <linux/types.h>

#include "ic_msg.h"

struct dentry;
struct device;
struct hvd_kvp_msg;
struct ic_kvp_msg;
struct hv_device;
struct ic_daemon_ops;
struct ic_instance;
struct seq_file;
struct vmbus_packet_desc;

/**
 * struct ic_service - what one IC service is
 * @name: short name for logs and debugfs, e.g. "heartbeat"
 * @msgtype: IC_MSGTYPE_* of the service's own messages
 * @fw_versions: framework versions we speak, most preferred first
 * @srv_versions: service versions we speak, most preferred first
 * @max_msg_size: largest message accepted, headers included; larger
 *	ones are dropped (logged, counted) and the service goes on
 * @ring_size: bytes of each ring's data area, rounded up to whole pages
 * @priv_size: bytes of per-instance state the service keeps, at
 *	ic_priv()
 * @handle: answers one @msgtype message in place, in the channel
 *	callback (softirq, one message at a time per instance). Return 0 to
 *	answer IC_STATUS_OK, a negative errno to answer IC_STATUS_FAIL
 *	(after logging why, rate-limited), or IC_ANSWER_LATER when the
 *	service keeps a copy of the request (and @inst->trans_id) and
 *	answers it later with ic_send_answer()
 * @start: optional; sets up the service's state (work items, devices)
 *	before the channel opens. Process context. Return 0 or an errno
 *	that fails the probe
 * @stop: optional; undoes @start after the channel closed: no @handle
 *	runs any more and ic_send_answer() sends nothing. Process context
 * @show: optional; prints the service's state to its debugfs file
 * @daemon: for a service a userspace daemon answers, its hooks
 *	(ic_daemon.h, IC_DAEMON_SERVICE()); NULL otherwise
 */
struct ic_service {
	const char *name;
	u16 msgtype;
	const struct ic_version_list *fw_versions;
	const struct ic_version_list *srv_versions;
	u32 max_msg_size;
	u32 ring_size;
	size_t priv_size;
	int (*handle)(struct ic_instance *inst, struct ic_msg *msg);
	int (*start)(struct ic_instance *inst);
	void (*stop)(struct ic_instance *inst);
	void (*show)(struct seq_file *m, struct ic_instance *inst);
	const struct ic_daemon_ops *daemon;
};

/* @handle's return value: the service answers later, with ic_send_answer(). */
#define IC_ANSWER_LATER	1

/**
 * struct ic_stats - what happened on one instance, for debugfs
 * @requests: packets received
 * @dropped: packets not answered: not in-band, larger than the buffer,
 *	too short or inconsistent headers
 * @failed: requests answered with IC_STATUS_FAIL
 * @send_errors: responses the ring did not take
 */
struct ic_stats {
	atomic64_t requests;
	atomic64_t dropped;
	atomic64_t failed;
	atomic64_t send_errors;
};

/**
 * struct ic_instance - one IC device bound to hv_utils
 * @svc: the service the device offers
 * @hdev: the vmbus device, or NULL in unit tests
 * @dev: device for log messages, or NULL in unit tests
 * @buf: private copy of the message being answered
 * @buf_size: bytes in @buf
 * @trans_id: transaction id of the request in @buf, for deferred answers
 * @send_lock: serialises answers with the channel's closing
 * @closed: the channel is closing: ic_send_answer() sends nothing
 * @fw_version: negotiated framework version, 0 until negotiated;
 *	written by the channel callback, read locklessly by debugfs
 * @srv_version: negotiated service version, likewise
 * @stats: counters
 * @debugfs: the instance's debugfs directory, or NULL
 * @priv: the service's state, @svc->priv_size bytes
 */
struct ic_instance {
	const struct ic_service *svc;
	struct hv_device *hdev;
	struct device *dev;
	u8 *buf;
	u32 buf_size;
	u64 trans_id;
	spinlock_t send_lock; /* protects @closed and sending */
	bool closed;
	u32 fw_version;
	u32 srv_version;
	struct ic_stats stats;
	struct dentry *debugfs;
	u64 priv[];
};

/**
 * ic_priv() - the service's per-instance state
 * @inst: the instance
 *
 * Return: @inst's @priv_size bytes of service state, zeroed at allocation.
 */
static inline void *ic_priv(struct ic_instance *inst)
{
	return inst->priv;
}

/* Framework versions every service speaks, most preferred first. */
extern const struct ic_version_list ic_fw_versions;

/* ic.c: the instance and its messages, independent of the channel */
struct ic_instance *ic_instance_alloc(const struct ic_service *svc,
				      struct device *dev);
void ic_instance_free(struct ic_instance *inst);
u32 ic_process(struct ic_instance *inst, u32 len);
u32 ic_process_packet(struct ic_instance *inst,
		      const struct vmbus_packet_desc *desc);

/* ic_channel.c: binding an instance to its channel */
int ic_probe_service(struct hv_device *hdev, const struct ic_service *svc);
void ic_remove_service(struct hv_device *hdev);
int ic_send_answer(struct ic_instance *inst, const void *buf, u32 len,
		   u64 trans_id);

/* ic_debugfs.c */
void ic_debugfs_init(void);
void ic_debugfs_exit(void);
void ic_debugfs_add(struct ic_instance *inst, const char *name);
void ic_debugfs_remove(struct ic_instance *inst);

/* The services. */
extern const struct ic_service ic_heartbeat_service;
int ic_heartbeat_answer(struct ic_msg *msg, u64 *seq);

extern const struct ic_service ic_shutdown_service;
/* What a shutdown request asks for. */
enum ic_sd_action {
	IC_SD_ACTION_POWEROFF = 1,
	IC_SD_ACTION_REBOOT,
	IC_SD_ACTION_HIBERNATE,
};

int ic_shutdown_action(const struct ic_msg *msg, bool *force);

extern const struct ic_service ic_timesync_service;
int ic_timesync_parse(const struct ic_msg *msg, u32 srv_version, s64 *host_ns,
		      u8 *flags);

extern const struct ic_service ic_kvp_service;
int ic_kvp_check(const struct ic_msg *msg, u32 srv_version);
int ic_kvp_to_daemon_msg(const struct ic_kvp_msg *kvp, struct hvd_kvp_msg *u);
u32 ic_kvp_from_daemon_msg(struct ic_kvp_msg *kvp,
			   const struct hvd_kvp_msg *u);

extern const struct ic_service ic_vss_service;
int ic_vss_check(const struct ic_msg *msg);

extern const struct ic_service ic_fcopy_service;
struct hvd_fcopy_write;
int ic_fcopy_check(const struct ic_msg *msg);
int ic_fcopy_to_daemon_msg(const void *body, struct hvd_fcopy_write *u,
			   size_t *len);

/* utf16.c */
int ic_utf16_to_utf8(const u8 *src, u32 src_bytes, char *dst, u32 dst_size);
int ic_utf8_to_utf16(const char *src, u32 src_len, u8 *dst, u32 dst_units);

#endif /* _HV_UTILS_IC_H */
