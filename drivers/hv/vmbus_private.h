/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Private definitions of the VMBus bus driver: the channel, the connection
 * to the host, and the functions the bus driver's files share.
 */
#ifndef _VMBUS_PRIVATE_H
#define _VMBUS_PRIVATE_H

#include <linux/completion.h>
#include <linux/interrupt.h>
#include <linux/kobject.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/rcupdate.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/workqueue.h>

#include <linux/hyperv/hvif.h>
#include <linux/hyperv/spec/channel_msg.h>
#include <linux/hyperv/spec/synic.h>
#include <linux/hyperv/vmbus.h>

#include "vmbus_ring.h"
#include "vmbus_rqstor.h"

/* Channel states, numbered as sysfs "state" has always shown them. */
enum vmbus_chan_state {
	VMBUS_CHAN_OFFERED	= 0,
	VMBUS_CHAN_OPENING	= 1,
	VMBUS_CHAN_OPEN		= 3,
};

/* How long the bus waits for the host to answer a request (host_timeout). */
extern unsigned int vmbus_host_timeout_s;
#define VMBUS_HOST_TIMEOUT	(clamp(READ_ONCE(vmbus_host_timeout_s), 1U, 600U) * HZ)

/*
 * UNLOAD can take far longer: an Azure host writes back the VM's dirty
 * disk cache before it answers, seen to take up to 50 seconds
 * (unload_timeout, 100 by default).
 */
extern unsigned int vmbus_unload_timeout_s;
#define VMBUS_UNLOAD_TIMEOUT_MS	\
	(clamp(READ_ONCE(vmbus_unload_timeout_s), 1U, 600U) * MSEC_PER_SEC)

/**
 * struct vmbus_channel - one offered channel (primary or subchannel)
 * @offer: the host's offer, as validated
 * @relid: the host's id of the channel
 * @connection_id: where the guest signals the channel
 * @subchannel_index: 0 for a primary channel
 * @monitor_id: the channel's monitor bit, if @monitored
 * @monitored: the host allocated a monitor bit for the channel
 * @state: enum vmbus_chan_state; changed under @lock
 * @rescinded: the host withdrew the offer; no message about the channel
 *	may be sent any more, and waiters give up
 * @broken: the host sent something invalid on the channel; nothing more is
 *	read from it
 * @lock: serialises open, close and retargeting
 * @target_cpu: the CPU the host interrupts for the channel
 * @target_vp: the hypervisor's number of @target_cpu
 * @out: the outbound ring (guest writes)
 * @in: the inbound ring (host writes)
 * @ring_pages: the pages of both rings, outbound first
 * @ring_order: allocation order of @ring_pages
 * @ring_gpadl: the GPADL handle covering @ring_pages, or 0
 * @rqstor: transaction ids outstanding on the channel
 * @callback: the driver's callback, or NULL while closed
 * @ctx: argument of @callback
 * @tasklet: runs @callback when the host signals the channel
 * @primary: the primary channel of a subchannel; NULL for a primary
 * @subchannels: the subchannels of a primary channel (list of @sc_node)
 * @sc_node: entry in the primary's @subchannels
 * @sc_callback: the driver's subchannel-offer callback (primary only)
 * @sc_rescind_callback: the driver's subchannel-rescind callback (primary
 *	only)
 * @device: the device of the primary channel
 * @kobj: the channel's directory under the device's channels/, and its
 *	reference count
 * @kobj_added: @kobj is in sysfs
 * @channels_dir: the device's channels/ directory (primary only)
 * @interrupts: times the host signalled the channel
 * @events: times the callback ran
 * @intr_in_full: signals sent to the host because the inbound ring had
 *	room again for a waiting host
 * @intr_out_empty: signals sent to the host for the outbound ring
 * @rescind_node: entry in the connection's list of channels to remove
 */
struct vmbus_channel {
	struct vmbus_chanmsg_offer offer;
	u32 relid;
	u32 connection_id;
	u16 subchannel_index;
	u8 monitor_id;
	bool monitored;
	enum vmbus_chan_state state;
	bool rescinded;
	bool broken;
	struct mutex lock;		/* open, close and retarget */
	unsigned int target_cpu;
	u32 target_vp;
	struct vmbus_ring out;
	struct vmbus_ring in;
	struct page *ring_pages;
	unsigned int ring_order;
	u32 ring_gpadl;
	struct vmbus_rqstor rqstor;
	void (*callback)(void *ctx);
	void *ctx;
	struct tasklet_struct tasklet;
	struct vmbus_channel *primary;
	struct list_head subchannels;
	struct list_head sc_node;
	void (*sc_callback)(struct vmbus_channel *sc);
	void (*sc_rescind_callback)(struct vmbus_channel *sc);
	struct hv_device *device;
	struct kobject kobj;
	bool kobj_added;
	struct kobject *channels_dir;
	u64 interrupts;
	u64 events;
	u64 intr_in_full;
	u64 intr_out_empty;
	struct list_head rescind_node;
};

/**
 * struct vmbus_waiter - a request waiting for the host's answer
 * @node: entry in vmbus_connection.waiters
 * @msgtype: the answer's message type
 * @relid: the channel the answer must name, if @match_relid
 * @key: the GPADL handle or open id the answer must carry, if @match_key
 * @match_relid: compare @relid
 * @match_key: compare @key
 * @for_channel: the request concerns channel @relid: give up when the
 *	channel is rescinded
 * @done: completed when the answer arrives or the wait is abandoned
 * @resp: copy of the answer
 * @resp_len: bytes in @resp
 * @aborted: the channel was rescinded or the connection is going away
 * @timeout: how long to wait, in jiffies (VMBUS_HOST_TIMEOUT unless the
 *	request is known to take longer)
 */
struct vmbus_waiter {
	struct list_head node;
	u32 msgtype;
	u32 relid;
	u32 key;
	bool match_relid;
	bool match_key;
	bool for_channel;
	struct completion done;
	u8 resp[SYNIC_MESSAGE_PAYLOAD];
	u32 resp_len;
	bool aborted;
	unsigned long timeout;
};

/**
 * struct vmbus_synic_cpu - the SynIC pages of one CPU
 * @simp: the message page
 * @siefp: the event-flags page
 * @msg_tasklet: copies the message out of the slot and dispatches it
 */
struct vmbus_synic_cpu {
	struct synic_message_page *simp;
	struct synic_event_flags_page *siefp;
	struct tasklet_struct msg_tasklet;
};

/**
 * struct vmbus_connection - the bus's connection to the host
 * @ops: the hypervisor interface in use, or NULL
 * @connected: the host accepted a version and offers may come
 * @version: the negotiated protocol version
 * @msg_conn_id: the connection id messages are posted to
 * @connect_cpu: the CPU the host sends channel-management messages to
 * @synic: per-CPU SynIC pages
 * @cpuhp_state: the dynamic CPU-hotplug state of the SynIC, or 0
 * @monitor_pages: the two monitor pages
 * @int_page: the interrupt page (versions before 5.0)
 * @waiters_lock: protects @waiters and @answer_waits
 * @waiters: requests waiting for an answer (struct vmbus_waiter)
 * @answer_waits: client drivers waiting for an in-band answer
 *	(struct vmbus_answer_wait)
 * @relid_map: channel of each relid, for the interrupt path (RCU)
 * @chan_lock: protects @relid_map updates, @channels and subchannel lists
 * @channels: primary channels (of their struct hv_device)
 * @msg_wq: ordered: offers, rescinds and device removal, in host order
 * @offers_done: ALLOFFERS_DELIVERED arrived
 * @next_gpadl: the last GPADL handle given out
 * @unloaded: the host unloaded the connection; send nothing more
 */
struct vmbus_connection {
	const struct vmbus_hv_ops *ops;
	bool connected;
	u32 version;
	u32 msg_conn_id;
	unsigned int connect_cpu;
	struct vmbus_synic_cpu __percpu *synic;
	int cpuhp_state;
	void *monitor_pages[2];
	void *int_page;
	spinlock_t waiters_lock;	/* the waiters lists */
	struct list_head waiters;
	struct list_head answer_waits;
	struct vmbus_channel __rcu **relid_map;
	struct mutex chan_lock;		/* relid map, channel lists */
	struct list_head channels;
	struct workqueue_struct *msg_wq;
	struct completion offers_done;
	atomic_t next_gpadl;
	bool unloaded;
};

extern struct vmbus_connection vmbus_conn;
extern unsigned int vmbus_max_version;

/* vmbus_host.c: the hypervisor-interface provider in use */
void vmbus_host_init(void);
void vmbus_host_exit(void);

/* vmbus_synic.c */
int vmbus_synic_init(void);
void vmbus_synic_exit(void);

/* vmbus_msg.c: posting and receiving channel-management messages */
int vmbus_post_msg(void *msg, u32 len, bool can_sleep);
void vmbus_msg_dispatch(const void *msg, u32 len);
int vmbus_msg_validate(const void *msg, u32 len);
void vmbus_waiter_init(struct vmbus_waiter *w, u32 msgtype);
void vmbus_waiter_init_chan(struct vmbus_waiter *w, u32 msgtype,
			    const struct vmbus_channel *ch);
void vmbus_waiter_add(struct vmbus_waiter *w);
void vmbus_waiter_del(struct vmbus_waiter *w);
int vmbus_waiter_wait(struct vmbus_waiter *w);
int vmbus_request(void *msg, u32 len, struct vmbus_waiter *w);
void vmbus_waiters_abort(u32 relid, bool all);

/* vmbus_answer.c: client drivers' waits for in-band answers */
void vmbus_answer_waits_abort(u32 relid, bool all);

/* vmbus_connect.c */
int vmbus_connect(void);
void vmbus_disconnect(void);
extern const u32 vmbus_versions[];
extern const unsigned int vmbus_nr_versions;
u32 vmbus_version_conn_id(u32 version);
int vmbus_version_response_check(const struct vmbus_chanmsg_version_response *r,
				 u32 len, u32 version);

/* vmbus_offer.c */
int vmbus_offer_check(const struct vmbus_chanmsg_offer *o, u32 len);
void vmbus_on_offer(const struct vmbus_chanmsg_offer *o);
void vmbus_on_rescind(u32 relid);
void vmbus_remove_all_channels(void);
struct vmbus_channel *vmbus_relid_channel(u32 relid);

/* vmbus_bus.c: the bus's callbacks, its devices and drivers */
int vmbus_match(struct device *d, const struct device_driver *drv);
int vmbus_uevent(const struct device *d, struct kobj_uevent_env *env);
int vmbus_probe(struct device *d);
void vmbus_remove(struct device *d);
void vmbus_shutdown(struct device *d);
int vmbus_bus_init(void);
void vmbus_bus_exit(void);
int vmbus_device_add(struct vmbus_channel *ch);
void vmbus_device_remove(struct hv_device *dev);

/* vmbus_bus_type.c */
extern const struct bus_type vmbus_bus;

/* vmbus_sysfs.c, vmbus_chan_sysfs.c */
extern const struct attribute_group *vmbus_dev_groups[];

/* vmbus_dynid.c */
void vmbus_dynids_init(struct hv_driver *drv);
bool vmbus_dynid_match(struct hv_driver *drv, const guid_t *class,
		       struct hv_vmbus_device_id *id);
void vmbus_dynids_free(struct hv_driver *drv);
extern const struct attribute_group *vmbus_drv_groups[];
void vmbus_channel_kobj_init(struct vmbus_channel *ch);
int vmbus_channel_sysfs_add(struct vmbus_channel *ch);
void vmbus_channel_sysfs_del(struct vmbus_channel *ch);

void vmbus_close_subchannels(struct vmbus_channel *primary);

/* vmbus_gpadl.c */
int vmbus_gpadl_establish(struct vmbus_channel *ch, struct page *pages,
			  u32 nr_pages, u32 *handle);
u32 vmbus_gpadl_nr_msgs(u32 nr_pfns);
u32 vmbus_gpadl_fill(void *buf, u32 index, u32 relid, u32 handle,
		     const u64 *pfns, u32 nr_pfns);

/* vmbus_channel.c */
void vmbus_channel_init(struct vmbus_channel *ch);
void vmbus_chan_sched(struct vmbus_channel *ch);
int vmbus_chan_usable(const struct vmbus_channel *ch);
int vmbus_chan_write(struct vmbus_channel *ch, const struct kvec *kv,
		     unsigned int kv_count);

/* vmbus_packet.c */
int vmbus_gpa_ranges_check(const void *ranges, u32 ranges_len, u32 nr_ranges);

/* vmbus_dma.c: DMA parameters of devices, data pages as GPA ranges */
void vmbus_dma_init_device(struct hv_device *dev);
int vmbus_dma_configure(struct device *d);
int vmbus_gpa_range_fill(struct vmbus_gpa_range *range, u32 max_pfns,
			 u64 addr, u32 len);
int vmbus_gpa_range_from_sg(struct vmbus_gpa_range *range, u32 max_pfns,
			    struct scatterlist *sgl, unsigned int nents,
			    u32 len);

/* vmbus_unload.c: UNLOAD at disconnect, reboot, kexec and panic */
void vmbus_unload(void);
int vmbus_unload_notifiers_init(void);
void vmbus_unload_notifiers_exit(void);

/**
 * vmbus_chan_dbg_name() - a short name of a channel for logs
 * @ch: the channel
 *
 * Return: the device's name for a primary channel's device, or the bus
 * name before the device exists.
 */
static inline const char *vmbus_chan_dbg_name(const struct vmbus_channel *ch)
{
	return ch->device ? dev_name(&ch->device->device) : "vmbus";
}

#endif /* _VMBUS_PRIVATE_H */
