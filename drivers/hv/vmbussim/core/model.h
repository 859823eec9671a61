/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbussim device models: the interface between the simulated host's
 * channel machinery (the vmbussim_core module) and the synthetic devices
 * it offers (heartbeat, ...), which model modules register with it.
 *
 * A model describes one kind of device. Each device the host offers is a
 * struct vmbussim_dev bound to a model, with a primary channel and the
 * subchannels the model offers when the guest asks for them
 * (vmbussim_offer_subchannels()). The host calls the model's hooks when
 * the guest opens or closes a channel and for every packet the guest
 * writes; the model answers with vmbussim_send() on that channel.
 */
#ifndef _VMBUSSIM_MODEL_H
#define _VMBUSSIM_MODEL_H

#include <linux/types.h>
#include <linux/uuid.h>

#include <linux/hyperv/spec/ring.h>

struct dentry;
struct module;
struct seq_file;
struct vmbussim_chan;
struct vmbussim_dev;
struct work_struct;

/**
 * struct vmbussim_model_ops - what a device model does
 * @init: a device of this model is created; allocate its private state
 *	(vmbussim_dev_set_priv()). Process context, may sleep.
 * @release: the device goes away; free the private state.
 * @open: the guest opened a channel of the device (the primary, index 0,
 *	or a subchannel); its rings are usable. Called with the host's
 *	management mutex held: must not wait for work that takes it (no
 *	model work takes it).
 * @close: the channel closes (guest close, rescind, unload). Stop all work
 *	on it synchronously and unmap the GPADLs mapped through it; after
 *	it returns the model must not call vmbussim_send() on it.
 * @packet: one packet the guest wrote on a channel: @desc is a private
 *	copy of the whole packet (header, GPA ranges or other descriptor
 *	data, payload), @data the payload (offset8 applied), @len its
 *	length. Runs in the channel's work item (process context; channels
 *	run in parallel).
 * @packet_now: optional: the same, but in the guest's signal, on its CPU
 *	with interrupts off (chan_now.c). Handle the packet without
 *	sleeping and return true, or return false without having acted on
 *	it: it then stays in the ring for @packet, in the channel work. A
 *	send of at most VMBUSSIM_PARKED_MAX bytes (descriptor data and
 *	payload) that finds the ring full is kept and written later (it
 *	returns 0); a larger one, or another in the same signal, fails
 *	with -EAGAIN.
 * @writable: optional: the channel's inbound ring had no room for a
 *	packet earlier and the guest signalled since; the model may retry.
 * @stats: print " key=value" pairs for the stats file.
 */
struct vmbussim_model_ops {
	int (*init)(struct vmbussim_dev *dev);
	void (*release)(struct vmbussim_dev *dev);
	int (*open)(struct vmbussim_chan *ch);
	void (*close)(struct vmbussim_chan *ch);
	void (*packet)(struct vmbussim_chan *ch,
		       const struct vmbus_packet_desc *desc,
		       const void *data, u32 len);
	bool (*packet_now)(struct vmbussim_chan *ch,
			   const struct vmbus_packet_desc *desc,
			   const void *data, u32 len);
	void (*writable)(struct vmbussim_chan *ch);
	void (*stats)(struct vmbussim_dev *dev, struct seq_file *m);
};

/* Largest answer the host keeps for a @packet_now hook (ring full). */
#define VMBUSSIM_PARKED_MAX	256

/**
 * struct vmbussim_model - a kind of synthetic device
 * @name: name used in the devices parameter and the ctl file
 * @index: number of the model in instance GUIDs (unique, 1..255)
 * @class_id: the class GUID offered as if_type
 * @ops: the model's hooks
 * @batch_signals: the sends of @ops->packet signal the guest once per
 *	batch of packets, at its end (or when the ring is full), instead of
 *	once each; for models that never wait for the guest in @ops->packet
 *	other than by retrying a full ring
 * @owner: the module of the model (THIS_MODULE); each device holds it
 */
struct vmbussim_model {
	struct module *owner;
	const char *name;
	u8 index;
	guid_t class_id;
	const struct vmbussim_model_ops *ops;
	bool batch_signals;
};

/**
 * vmbussim_send() - write one packet into a channel's inbound ring
 * @ch: the channel; it must be open
 * @type: enum vmbus_packet_type
 * @flags: VMBUS_PKT_FLAG_*
 * @trans_id: transaction id
 * @buf: payload
 * @len: payload bytes
 *
 * Any context. Signals the guest if the ring was empty and the guest does
 * not mask its interrupt.
 *
 * Return: 0; -ENOTCONN if the channel is not open; -EAGAIN if the ring is
 * full (the model's @writable hook runs when the guest made room);
 * -EIO if the channel is broken.
 */
int vmbussim_send(struct vmbussim_chan *ch, u16 type, u16 flags,
		  u64 trans_id, const void *buf, u32 len);

/*
 * vmbussim_chan_signal() - interrupt the guest for @ch's inbound ring
 * again, without a new packet (a host may, shortly after an open).
 */
void vmbussim_chan_signal(struct vmbussim_chan *ch);

void vmbussim_chan_fail(struct vmbussim_chan *ch, const char *why);

/**
 * vmbussim_send_ext() - vmbussim_send() with descriptor data
 * @ch: the channel; it must be open
 * @type: enum vmbus_packet_type
 * @flags: VMBUS_PKT_FLAG_*
 * @trans_id: transaction id
 * @hdr: the bytes between the 16-byte packet header and the payload,
 *	e.g. a transfer-page header with its ranges
 * @hdr_len: their length, a multiple of 8
 * @buf: payload
 * @len: payload bytes
 *
 * Return: as vmbussim_send(); -EMSGSIZE for a bad @hdr_len.
 */
int vmbussim_send_ext(struct vmbussim_chan *ch, u16 type, u16 flags,
		      u64 trans_id, const void *hdr, u32 hdr_len,
		      const void *buf, u32 len);

void vmbussim_defer(struct work_struct *work);
void *vmbussim_dev_priv(const struct vmbussim_dev *dev);
void vmbussim_dev_set_priv(struct vmbussim_dev *dev, void *priv);
u32 vmbussim_dev_relid(const struct vmbussim_dev *dev);
const struct vmbussim_model *vmbussim_dev_model(const struct vmbussim_dev *dev);
const guid_t *vmbussim_dev_instance(const struct vmbussim_dev *dev);
struct vmbussim_chan *vmbussim_dev_chan(struct vmbussim_dev *dev, u16 index);
struct vmbussim_dev *vmbussim_chan_dev(const struct vmbussim_chan *ch);
u16 vmbussim_chan_index(const struct vmbussim_chan *ch);
u32 vmbussim_chan_relid(const struct vmbussim_chan *ch);
int vmbussim_offer_subchannels(struct vmbussim_dev *dev, u16 count);

int vmbussim_gpa_copy(const struct vmbus_packet_desc *desc, u32 offset,
		      void *buf, u32 len, bool to_guest);
int vmbussim_gpa_check(const struct vmbus_packet_desc *desc, u32 len);
void *vmbussim_gpadl_map(struct vmbussim_chan *ch, u32 handle, u32 *size);
void vmbussim_gpadl_unmap(struct vmbussim_chan *ch, u32 handle);

struct dentry *vmbussim_debugfs_root(void);

int vmbussim_start(const char *devices, const char *faults,
		   const char *max_version);
void vmbussim_stop(void);

int vmbussim_models_register(const struct vmbussim_model *const *models,
			     unsigned int count);
void vmbussim_models_unregister(const struct vmbussim_model *const *models,
				unsigned int count);

#endif /* _VMBUSSIM_MODEL_H */
