/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The host side of an integration-component (IC) channel, shared by the
 * IC device models (shutdown, timesync, KVP, VSS, fcopy): version
 * negotiation on open, requests sent one at a time with the caller
 * waiting for the guest's answer, and a debugfs directory per device
 * where tests send requests.
 */
#ifndef _VMBUSSIM_IC_HOST_H
#define _VMBUSSIM_IC_HOST_H

#include <linux/completion.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/ic.h>

struct dentry;
struct seq_file;
struct vmbus_packet_desc;
struct vmbussim_chan;
struct vmbussim_dev;
struct vmbussim_model;

/* Largest IC message the host sends or takes back. */
#define IC_HOST_MAX_MSG		(16 * 1024)

/**
 * struct ic_host - the host end of one IC device
 * @name: the model's name, for logs
 * @srv_versions: service versions offered, newest first
 * @nr_srv_versions: entries in @srv_versions
 * @mutex: one request at a time
 * @lock: protects the fields up to @resp_len
 * @ch: the channel while open, else NULL
 * @fw_ver: negotiated framework version, 0 until negotiated
 * @srv_ver: negotiated service version
 * @failed: a protocol error failed the service until the channel reopens
 * @negotiate_failed: the negotiation ended without versions
 * @waiting: a request awaits its answer
 * @wait_type: the IC message type of that request
 * @owed: answers still owed to requests that timed out
 * @resp_status: the answer's IC status
 * @resp_err: 0, or why the wait ended without an answer
 * @resp_len: bytes of the answer's body in @resp
 * @resp: the answer: IC headers then body (IC_HOST_MAX_MSG bytes)
 * @done: completed when the answer arrives or the channel closes
 * @negotiate_work: negotiates after open, once
 * @negotiated: optional: called (process context, no lock held) when the
 *	negotiation succeeded, e.g. to send the first request at once
 * @dir: the device's debugfs directory
 * @requests: requests sent
 * @answers: answers matched to a request
 * @failed_status: answers with a status other than IC_STATUS_OK
 * @timeouts: requests that got no answer in time
 * @stray: packets that answer no outstanding request
 * @late: answers to requests that had timed out
 * @proto_errors: malformed messages from the guest
 */
struct ic_host {
	const char *name;
	const u32 *srv_versions;
	unsigned int nr_srv_versions;
	struct mutex mutex; /* serialises requests */
	spinlock_t lock; /* protects the fields below, up to resp */
	struct vmbussim_chan *ch;
	u32 fw_ver;
	u32 srv_ver;
	bool failed;
	bool negotiate_failed;
	bool waiting;
	u16 wait_type;
	u32 owed;
	u32 resp_status;
	int resp_err;
	u32 resp_len;
	u8 *resp;
	struct completion done;
	struct delayed_work negotiate_work;
	void (*negotiated)(struct ic_host *ic);
	struct dentry *dir;
	u64 requests;
	u64 answers;
	u64 failed_status;
	u64 timeouts;
	u64 stray;
	u64 late;
	u64 proto_errors;
};

int ic_host_init(struct ic_host *ic, struct vmbussim_dev *dev,
		 const char *name, const u32 *srv_versions, unsigned int n);
void ic_host_release(struct ic_host *ic);
void ic_host_open(struct ic_host *ic, struct vmbussim_chan *ch);
void ic_host_close(struct ic_host *ic);
void ic_host_packet(struct ic_host *ic, const struct vmbus_packet_desc *desc,
		    const void *data, u32 len);
int ic_host_request(struct ic_host *ic, u16 type, const void *body,
		    u32 body_len, unsigned int timeout_ms, u32 *status);
int ic_host_send_raw(struct ic_host *ic, const void *buf, u32 len);
int ic_host_send_msg(struct vmbussim_chan *ch, const void *buf, u32 len);
const char *ic_host_check_answer(const struct vmbus_packet_desc *desc,
				 const void *data, u32 len);
bool ic_host_negotiated(struct ic_host *ic);
void ic_host_stats(struct ic_host *ic, struct seq_file *m);

/* Model hooks for models whose private state starts with struct ic_host. */
int ic_host_hook_open(struct vmbussim_chan *ch);
void ic_host_hook_close(struct vmbussim_chan *ch);
void ic_host_hook_packet(struct vmbussim_chan *ch,
			 const struct vmbus_packet_desc *desc, const void *data,
			 u32 len);
void ic_host_hook_stats(struct vmbussim_dev *dev, struct seq_file *m);
char *ic_host_get_cmd(const char __user *ubuf, size_t len, size_t max,
		      char **alloc);
u32 ic_host_to_utf16(const char *s, void *dst, u32 dst_bytes);
int ic_host_from_utf16(const void *src, u32 src_bytes, char *dst, int room);

/**
 * ic_host_body() - the body of the last answer
 * @ic: the device; the caller holds @ic->mutex (between requests)
 *
 * Return: the answer's body, after both IC headers.
 */
static inline u8 *ic_host_body(struct ic_host *ic)
{
	return ic->resp + IC_HDRS_SIZE;
}

extern const struct vmbussim_model ic_model_heartbeat;
extern const struct vmbussim_model ic_model_shutdown;
extern const struct vmbussim_model ic_model_timesync;
extern const struct vmbussim_model ic_model_kvp;
extern const struct vmbussim_model ic_model_vss;
extern const struct vmbussim_model ic_model_fcopy;

/* Heartbeat request period in ms (module parameter and debugfs). */
extern unsigned int ic_heartbeat_period_ms;

#endif /* _VMBUSSIM_IC_HOST_H */
