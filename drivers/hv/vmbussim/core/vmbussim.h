/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbussim internals: the simulated Hyper-V host's state, shared by its
 * files. Nothing here comes from the guest's private headers: the host is
 * an independent implementation of the wire protocol, so it cross-checks
 * the guest bus driver.
 *
 * Locking, outermost first:
 *   host.lock (mutex)    connection state, devices, channels, GPADLs;
 *                        taken by the management work, debugfs writes and
 *                        module exit, never by channel work
 *   host.gpadl_lock (mutex) the GPADL list and models' GPADL mappings
 *   ch->ring_lock        the inbound ring and the open flag of one channel
 *   synic lock (per CPU) the guest's SynIC pages of one CPU
 *   host.dev_lock, host.rx_lock, host.tx_lock: leaves
 */
#ifndef _VMBUSSIM_H
#define _VMBUSSIM_H

#include <linux/hrtimer.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/channel_msg.h>
#include <linux/hyperv/spec/ring.h>
#include <linux/hyperv/spec/synic.h>

#include "model.h"

#define VMBUSSIM_CONN_ID_BASE	0x10000	/* event connection id = base + relid */
#define VMBUSSIM_MSG_CONN_ID	0x2001	/* message connection id from 5.0 */
#define VMBUSSIM_RX_QUEUE_MAX	256	/* guest messages queued at most */
#define VMBUSSIM_MAX_PKT	65536	/* largest guest packet accepted */
#define VMBUSSIM_STATUS_FAIL	0xc0000001	/* STATUS_UNSUCCESSFUL */
#define VMBUSSIM_NO_MONITOR_ID	0xff	/* vmbussim_chan.monitor_id: none */

/**
 * struct vmbussim_ring - the host's view of one ring of a channel
 * @ctrl: the shared control page
 * @data: the data area (mapped once; copies split at the wrap)
 * @size: bytes in the data area
 * @index: the host's private copy of the index it owns (read_index of
 *	the outbound ring, write_index of the inbound ring)
 * @masked: outbound ring: the host set its interrupt_mask (it drains)
 */
struct vmbussim_ring {
	struct vmbus_ring_control *ctrl;
	u8 *data;
	u32 size;
	u32 index;
	bool masked;
};

/**
 * struct vmbussim_gpadl - a GPADL the guest established
 * @node: in host.gpadls
 * @handle: the guest's handle
 * @relid: the channel it was created for
 * @npfns: pages it covers
 * @have: pages received so far (header and bodies)
 * @pfns: the page numbers
 * @in_use: the rings of an open channel map it
 * @map: a model's vmap() of it (vmbussim_gpadl_map()), or NULL
 * @teardown_pending: the guest asked for teardown while a model mapped
 *	it; GPADL_TORNDOWN goes out when the model unmaps it
 */
struct vmbussim_gpadl {
	struct list_head node;
	u32 handle;
	u32 relid;
	u32 npfns;
	u32 have;
	u64 *pfns;
	bool in_use;
	void *map;
	bool teardown_pending;
};

enum vmbussim_dev_state {
	VMBUSSIM_DEV_NEW,	/* not offered in the current connection */
	VMBUSSIM_DEV_OFFERED,
	VMBUSSIM_DEV_OPEN,
	VMBUSSIM_DEV_RESCINDED,	/* waiting for RELID_RELEASED */
	VMBUSSIM_DEV_RELEASED,	/* released by the guest, may be re-offered */
};

/**
 * struct vmbussim_dev_stats - per-channel counters
 * @pkts_in: packets read from the guest
 * @pkts_out: packets written to the guest
 * @signals_in: events the guest signalled
 * @signals_out: events the host signalled
 * @masked: signals left out because the guest masked its interrupt
 * @ring_full: sends refused because the inbound ring was full
 * @bad_pkts: malformed guest packets (they break the channel)
 * @monitor_hits: notifications found in the guest's monitor page
 * @pkts_now: packets of @pkts_in taken in the guest's signal
 * @parked: answers parked by a signal's reader (ring full)
 */
struct vmbussim_dev_stats {
	u64 pkts_in;
	u64 pkts_out;
	u64 signals_in;
	u64 signals_out;
	u64 masked;
	u64 ring_full;
	u64 bad_pkts;
	u64 monitor_hits;
	u64 pkts_now;
	u64 parked;
};

/* Subchannels a device offers at most (on top of its primary channel). */
#define VMBUSSIM_MAX_SUBCHANNELS	64

/**
 * struct vmbussim_chan - one channel the host offers: a device's primary
 *	channel (index 0) or one of its subchannels
 * @node: in host.chans, sorted by relid
 * @dev: the device it belongs to
 * @index: 0 for the primary channel, 1.. for subchannels
 * @relid: the channel's relid while it holds one
 *	(vmbussim_chan_has_relid()), else the last one it held, or 0
 * @monitor_id: its monitor id while @monitored, from the host's pool
 * @state: enum vmbussim_dev_state (host.lock)
 * @ring_lock: protects @inbound, @open, @broken and @tx_blocked
 * @open: rings mapped and usable
 * @broken: the guest violated the ring protocol; stop using the rings
 * @tx_blocked: a send found the inbound ring full
 * @monitored: offered monitored: the guest signals through the monitor
 *	page, with @monitor_id
 * @target_cpu: CPU whose event flags and interrupt the channel uses
 * @gpadl: the GPADL holding the rings while open
 * @map: vmap() of the whole GPADL while open
 * @outbound: the ring the guest writes
 * @inbound: the ring the host writes
 * @rx_buf: copy of one guest packet (the reader's)
 * @work: reads the outbound ring (scheduled by the guest's signal)
 * @read_flags: VMBUSSIM_READING, VMBUSSIM_READ_AGAIN (chan_now.c)
 * @batch_signal: a send from the reader (a model with batch_signals) owes
 *	the guest a signal, given at the end of the batch (one interrupt per
 *	batch, not per answer)
 * @parked: an answer a signal's reader could not write (ring full),
 *	VMBUSSIM_PARKED_MAX bytes; allocated for models with @packet_now
 * @parked_desc: its packet header
 * @parked_len: its bytes after the header; 0 when nothing is parked
 * @stats: counters
 */
struct vmbussim_chan {
	struct list_head node;
	struct vmbussim_dev *dev;
	u16 index;
	u32 relid;
	u8 monitor_id;
	enum vmbussim_dev_state state;
	spinlock_t ring_lock; /* inbound ring, open, broken, tx_blocked */
	bool open;
	bool broken;
	bool tx_blocked;
	bool monitored;
	unsigned int target_cpu;
	struct vmbussim_gpadl *gpadl;
	void *map;
	struct vmbussim_ring outbound;
	struct vmbussim_ring inbound;
	u8 *rx_buf;
	struct work_struct work;
	unsigned long read_flags;
	bool batch_signal;
	u8 *parked;
	struct vmbus_packet_desc parked_desc;
	u32 parked_len;
	struct vmbussim_dev_stats stats;
};

/* Bits of vmbussim_chan.read_flags. */
enum {
	VMBUSSIM_READING,	/* a reader owns the outbound ring */
	VMBUSSIM_READ_AGAIN,	/* another wanted to read meanwhile */
};

/**
 * struct vmbussim_dev - one device the host offers: a primary channel and
 *	the subchannels the guest asked for
 * @node: in host.devs
 * @model: what kind of device
 * @priv: the model's private state
 * @instance: instance GUID (shared by all its channels)
 * @remove_pending: free the device once the guest released its relids
 * @muted: the host reads the guest's packets and answers none (ctl "mute")
 * @sc_requested: subchannels the model asked for since the primary
 *	channel opened (host.dev_lock)
 * @sc_offered: subchannels offered since then (host.lock)
 * @nr_chans: entries of @chans in use (highest index + 1)
 * @chans: the channels; @chans[0] is the primary; a subchannel's slot is
 *	NULL once the guest released it
 */
struct vmbussim_dev {
	struct list_head node;
	const struct vmbussim_model *model;
	void *priv;
	guid_t instance;
	bool remove_pending;
	bool muted;
	u16 sc_requested;
	u16 sc_offered;
	u16 nr_chans;
	struct vmbussim_chan *chans[1 + VMBUSSIM_MAX_SUBCHANNELS];
};

enum vmbussim_conn_state {
	VMBUSSIM_CONN_DOWN,
	VMBUSSIM_CONN_UP,	/* version agreed */
	VMBUSSIM_CONN_OFFERED,	/* offers requested and sent */
};

/* One-shot faults (host.faults bits). */
enum vmbussim_fault {
	VMBUSSIM_FAULT_BOGUS_VERSION,
	VMBUSSIM_FAULT_OVERSIZED_MSG,
	VMBUSSIM_FAULT_REFUSE_OPEN,	/* fail the next OPENCHANNEL */
	VMBUSSIM_FAULT_REFUSE_GPADL,	/* fail the next GPADL_HEADER */
	VMBUSSIM_FAULT_CONN_FAILED,	/* accept a version, fail the connection */
};

/**
 * struct vmbussim_msg - a queued channel-management message
 * @node: in host.rx_queue or host.tx_queue
 * @conn_id: connection id the guest posted it on (guest to host)
 * @size: payload bytes
 * @wire_size: payload_size written into the slot (differs only when a
 *	fault injects a bogus size)
 * @delayed: the delay_ms fault was applied already
 * @data: the payload
 */
struct vmbussim_msg {
	struct list_head node;
	u32 conn_id;
	u32 size;
	u32 wire_size;
	bool delayed;
	u8 data[SYNIC_MESSAGE_PAYLOAD] __aligned(8);
};

/**
 * struct vmbussim_host - the simulated host (one per module)
 * @lock: management state below, up to @dev_lock
 * @conn: enum vmbussim_conn_state
 * @version: the negotiated VMBus version
 * @max_version: highest version accepted (module parameter, debugfs)
 * @msg_conn_id: connection id the guest must post messages on
 * @msg_cpu: CPU that receives channel-management messages
 * @monitor_page1: guest address of monitor page 1 (recorded only)
 * @monitor_page2: guest address of monitor page 2
 * @monitor2: monitor page 2 mapped, while connected
 * @monitor_offers: offer new channels monitored (debugfs "monitor")
 * @monitored_open: open monitored channels
 * @monitor_timer: scans @monitor2 while @monitored_open
 * @panicking: the guest panicked; only UNLOAD is answered, at once
 * @devs: all devices, in creation order
 * @chans: all channels, by relid
 * @gpadls: all GPADLs
 * @gpadl_lock: protects @gpadls changes and the GPADLs' model mappings
 * @model_devno: per-model count of devices created (instance GUIDs)
 * @dev_lock: protects @relids and @monitor_chans against signal_event()
 *	and the monitor scan, and each device's sc_requested
 * @relids: channel of each relid (the relid pool; changed under @lock too)
 * @monitor_chans: channel of each monitor id (the monitor id pool;
 *	changed under @lock too)
 * @rx_lock: protects @rx_queue and @rx_len
 * @rx_queue: messages the guest posted, not yet handled
 * @rx_len: entries in @rx_queue
 * @rx_work: handles @rx_queue (on @mgmt_wq)
 * @sc_work: offers the subchannels models asked for (on @mgmt_wq)
 * @tx_lock: protects @tx_queue and the fault fields below
 * @tx_queue: messages for the guest, not yet delivered
 * @tx_work: delivers @tx_queue
 * @delay_ms: delay of every host message (fault)
 * @drop_type: drop the next host message of this type (0: none)
 * @faults: armed one-shot faults (BIT(enum vmbussim_fault))
 * @mgmt_wq: ordered queue for message handling
 * @wq: queue for delivery and channel work
 * @msgs_in: guest messages handled
 * @msgs_out: host messages delivered
 * @msgs_bad: guest messages refused
 * @rescinded_closes: channels rescinded while open that the guest closed
 * @released_unclosed: channels rescinded while open whose relid the guest
 *	released without closing them first (under @lock)
 */
struct vmbussim_host {
	struct mutex lock; /* management state */
	enum vmbussim_conn_state conn;
	u32 version;
	u32 max_version;
	u32 msg_conn_id;
	unsigned int msg_cpu;
	u64 monitor_page1;
	u64 monitor_page2;
	struct vmbus_monitor_page *monitor2;
	bool monitor_offers;
	atomic_t monitored_open;
	struct hrtimer monitor_timer;
	bool panicking;
	struct list_head devs;
	struct list_head chans;
	struct list_head gpadls;
	struct mutex gpadl_lock; /* gpadls list, gpadl map/teardown_pending */
	u16 model_devno[256];

	spinlock_t dev_lock; /* relids[], monitor_chans[] vs signals */
	struct vmbussim_chan *relids[VMBUS_MAX_RELID + 1];
	struct vmbussim_chan *monitor_chans[VMBUS_MAX_MONITOR_ID + 1];

	spinlock_t rx_lock; /* rx_queue, rx_len */
	struct list_head rx_queue;
	unsigned int rx_len;
	struct work_struct rx_work;
	struct work_struct sc_work;

	spinlock_t tx_lock; /* tx_queue, drop_type */
	struct list_head tx_queue;
	struct work_struct tx_work;
	unsigned int delay_ms;
	u32 drop_type;
	unsigned long faults;

	struct workqueue_struct *mgmt_wq;
	struct workqueue_struct *wq;

	atomic64_t msgs_in;
	atomic64_t msgs_out;
	atomic64_t msgs_bad;
	u64 rescinded_closes;
	u64 released_unclosed;
};

extern struct vmbussim_host vmbussim;

/* synic.c: the simulated SynIC */
int vmbussim_synic_init(void);
void vmbussim_synic_exit(void);
void vmbussim_synic_enable(unsigned int cpu, struct synic_message_page *simp,
			   struct synic_event_flags_page *siefp);
void vmbussim_synic_disable(unsigned int cpu);
bool vmbussim_vp_valid(u32 vp);
int vmbussim_synic_deliver(unsigned int cpu, const struct vmbussim_msg *msg);
int vmbussim_synic_deliver_panic(unsigned int cpu,
				 const struct vmbussim_msg *msg);
bool vmbussim_synic_signal(unsigned int cpu, u32 relid);

/* msgq.c: host-to-guest message queue */
int vmbussim_post(const void *buf, u32 size);
void vmbussim_tx_work(struct work_struct *work);
void vmbussim_tx_flush(void);
void vmbussim_rx_flush(void);
int vmbussim_rx_queue(u32 conn_id, const void *payload, u32 size);
void vmbussim_rx_work(struct work_struct *work);

/* chanmsg.c: the channel-management protocol */
void vmbussim_handle_msg(struct vmbussim_msg *msg);
int vmbussim_offer(struct vmbussim_chan *ch);
void vmbussim_disconnect(void);
u32 vmbussim_parse_version(const char *s);

/* gpadl.c */
void vmbussim_gpadl_header(const void *buf, u32 size);
void vmbussim_gpadl_body(const void *buf, u32 size);
void vmbussim_gpadl_teardown(const void *buf, u32 size);
struct vmbussim_gpadl *vmbussim_gpadl_find(u32 handle);
void vmbussim_gpadl_drop_relid(u32 relid);
struct vmbussim_gpadl *__vmbussim_gpadl_find(u32 handle);
void __vmbussim_gpadl_free(struct vmbussim_gpadl *g);
void vmbussim_gpadl_torndown(u32 handle);

/* guestmem.c */
void *vmbussim_gpadl_vmap(const struct vmbussim_gpadl *g);
void vmbussim_gpadl_drop_all(void);

/* ring.c: the host end of a channel's rings */
int vmbussim_ring_map(struct vmbussim_chan *ch, struct vmbussim_gpadl *gpadl,
		      u32 offset);
void vmbussim_ring_unmap(struct vmbussim_chan *ch);
void vmbussim_ring_read(struct vmbussim_chan *ch);
bool vmbussim_ring_read_now(struct vmbussim_chan *ch);
int vmbussim_ring_write_raw(struct vmbussim_chan *ch,
			    const struct vmbus_packet_desc *desc,
			    const void *hdr, u32 hdr_len,
			    const void *buf, u32 len, bool *signal);

/* chan.c: channels */
struct vmbussim_chan *vmbussim_chan_new(struct vmbussim_dev *dev, u16 index);
void vmbussim_chan_free(struct vmbussim_chan *ch);
struct vmbussim_chan *vmbussim_chan_find(u32 relid);
struct vmbussim_chan *vmbussim_chan_lookup_relid(u32 relid);
bool vmbussim_chan_has_relid(const struct vmbussim_chan *ch);
int vmbussim_relid_alloc(struct vmbussim_chan *ch);
void vmbussim_relid_free(struct vmbussim_chan *ch);
int vmbussim_chan_open(struct vmbussim_chan *ch, struct vmbussim_gpadl *gpadl,
		       u32 offset, unsigned int cpu);
void vmbussim_chan_close(struct vmbussim_chan *ch);
bool vmbussim_chan_serving(const struct vmbussim_chan *ch);
int vmbussim_chan_rescind(struct vmbussim_chan *ch);
void vmbussim_chan_signal_flush(struct vmbussim_chan *ch);
int vmbussim_event(u32 conn_id);
const char *vmbussim_dev_state_name(enum vmbussim_dev_state state);

/* chan_now.c: answers in the guest's signal */
bool vmbussim_reader_get(struct vmbussim_chan *ch);
void vmbussim_reader_put(struct vmbussim_chan *ch);
bool vmbussim_chan_now(const struct vmbussim_chan *ch);
bool vmbussim_chan_read_now(struct vmbussim_chan *ch);
int vmbussim_chan_park(struct vmbussim_chan *ch,
		       const struct vmbus_packet_desc *desc,
		       const void *hdr, u32 hdr_len, const void *buf, u32 len);
bool vmbussim_chan_unpark(struct vmbussim_chan *ch);
int vmbussim_chan_now_open(struct vmbussim_chan *ch);
void vmbussim_chan_now_close(struct vmbussim_chan *ch);

/* dev.c: device lifecycle */
struct vmbussim_dev *vmbussim_dev_add(const char *model_name);
struct vmbussim_dev *vmbussim_dev_lookup(const char *relid_or_guid);
enum vmbussim_dev_state vmbussim_dev_state(const struct vmbussim_dev *dev);
int vmbussim_dev_offer(struct vmbussim_dev *dev);
int vmbussim_dev_rescind(struct vmbussim_dev *dev);
int vmbussim_dev_reoffer(struct vmbussim_dev *dev);
int vmbussim_dev_remove(struct vmbussim_dev *dev);
void vmbussim_chan_released(struct vmbussim_chan *ch);
void vmbussim_dev_forget_subchannels(struct vmbussim_dev *dev);
void vmbussim_sc_work(struct work_struct *work);
void vmbussim_dev_disconnect(struct vmbussim_dev *dev);
void vmbussim_dev_free(struct vmbussim_dev *dev);

/* monitor.c: the hypervisor's monitor page scan */
void vmbussim_monitor_init(void);
int vmbussim_monitor_connect(u64 gpa);
void vmbussim_monitor_disconnect(void);
void vmbussim_monitor_offer(struct vmbussim_chan *ch,
			    struct vmbus_chanmsg_offer *offer);
void vmbussim_monitor_release(struct vmbussim_chan *ch);
void vmbussim_monitor_open(struct vmbussim_chan *ch);
void vmbussim_monitor_close(struct vmbussim_chan *ch);

/* panic.c: the host's side of a guest panic */
void vmbussim_panic_init(void);
void vmbussim_panic_exit(void);
int vmbussim_panic_post(const void *payload, u32 size);

/* debugfs.c */
void vmbussim_debugfs_root_init(void);
void vmbussim_debugfs_root_exit(void);
void vmbussim_debugfs_init(void);
void vmbussim_debugfs_stop(void);
void vmbussim_debugfs_exit(void);

void vmbussim_model_request(const char *name);
const struct vmbussim_model *vmbussim_model_get(const char *name);
void vmbussim_model_put(const struct vmbussim_model *model);

int vmbussim_fault_apply(char *cmd);

/* faults injected into the protocol (chanmsg.c) */
int vmbussim_fault_malformed_offer(void);
int vmbussim_fault_bad_relid(void);

#endif /* _VMBUSSIM_H */
