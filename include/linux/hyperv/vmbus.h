/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel API of the VMBus bus driver for client drivers: the bus's
 * devices and drivers, channels, the packet interface, and the DMA
 * mapping of data pages handed to the host by number.
 *
 * struct vmbus_channel is opaque here; its definition is private to the
 * bus driver.
 */
#ifndef _LINUX_HYPERV_VMBUS_H
#define _LINUX_HYPERV_VMBUS_H

#include <linux/device.h>
#include <linux/dma-direction.h>
#include <linux/list.h>
#include <linux/mod_devicetable.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/uuid.h>

#include <linux/hyperv/spec/ring.h>

struct completion;
struct page;
struct scatterlist;
struct vmbus_channel;

/**
 * struct hv_device - a device on the vmbus bus: one offered channel
 * @class_id: the offer's class (interface type) GUID
 * @instance_id: the offer's instance GUID; also the device's name
 * @channel: the device's primary channel
 * @driver_override: name of the only driver that may bind, or NULL;
 *	owned by the bus (sysfs driver_override)
 * @device: the driver-model device
 * @dma_mask: the device's DMA mask (64 bits), set by the bus
 * @dma_parms: its DMA parameters, set by the bus (see vmbus_dma_map_sg())
 */
struct hv_device {
	guid_t class_id;
	guid_t instance_id;
	struct vmbus_channel *channel;
	const char *driver_override;
	struct device device;
	u64 dma_mask;
	struct device_dma_parameters dma_parms;
};

#define to_hv_device(d)	container_of(d, struct hv_device, device)

/**
 * struct hv_driver - a client driver of the vmbus bus
 * @name: the driver's name
 * @id_table: class GUIDs the driver binds to
 * @probe: bind to a device; usually opens its channel
 * @remove: unbind; must close every channel the driver opened
 * @shutdown: optional, on system shutdown
 * @driver: the driver-model driver
 * @dynids: class GUIDs added at run time through the driver's new_id
 *	file (the bus's; set up at registration)
 * @dynids_lock: protects @dynids
 */
struct hv_driver {
	const char *name;
	const struct hv_vmbus_device_id *id_table;
	int (*probe)(struct hv_device *dev, const struct hv_vmbus_device_id *id);
	void (*remove)(struct hv_device *dev);
	void (*shutdown)(struct hv_device *dev);
	struct device_driver driver;
	struct list_head dynids;
	spinlock_t dynids_lock; /* dynids */
};

#define to_hv_driver(d)	container_of(d, struct hv_driver, driver)

int __vmbus_driver_register(struct hv_driver *drv, struct module *owner,
			    const char *mod_name);
#define vmbus_driver_register(drv) \
	__vmbus_driver_register(drv, THIS_MODULE, KBUILD_MODNAME)
void vmbus_driver_unregister(struct hv_driver *drv);

/**
 * module_vmbus_driver() - register a vmbus driver for a module's lifetime
 * @drv: the struct hv_driver
 */
#define module_vmbus_driver(drv) \
	module_driver(drv, vmbus_driver_register, vmbus_driver_unregister)

/**
 * struct vmbus_open_params - how to open a channel
 * @send_ring_size: bytes of the outbound ring, control page included; a
 *	multiple of PAGE_SIZE, at least two pages
 * @recv_ring_size: bytes of the inbound ring, likewise
 * @user_data: device-specific bytes for the OPENCHANNEL message, or NULL
 * @user_data_len: at most VMBUS_OPEN_USER_DATA_BYTES
 * @max_pkt_size: largest inbound packet the driver accepts, descriptor
 *	included; larger packets break the channel. No packet is larger
 *	than the inbound ring's data area (@recv_ring_size less its
 *	control page): a driver that gives that size receives every packet
 *	the host can write, and may refuse large ones itself
 * @rqst_slots: transaction ids the request table holds (0: no table;
 *	vmbus_send_request() then fails)
 * @callback: called when the host signals the channel, in softirq context
 *	on the channel's target CPU, with host interrupts masked while it
 *	runs; it reads packets with vmbus_next_packet() and vmbus_read_done()
 * @ctx: argument for @callback
 */
struct vmbus_open_params {
	u32 send_ring_size;
	u32 recv_ring_size;
	const void *user_data;
	u32 user_data_len;
	u32 max_pkt_size;
	u32 rqst_slots;
	void (*callback)(void *ctx);
	void *ctx;
};

int vmbus_open(struct vmbus_channel *ch, const struct vmbus_open_params *p);
void vmbus_close(struct vmbus_channel *ch);

int vmbus_sendpacket(struct vmbus_channel *ch, const void *buf, u32 len,
		     u64 trans_id, enum vmbus_packet_type type, u16 flags);
int vmbus_send_request(struct vmbus_channel *ch, const void *buf, u32 len,
		       u64 cookie);
int vmbus_complete_request(struct vmbus_channel *ch, u64 trans_id,
			   u64 *cookie);

int vmbus_send_gpa_request(struct vmbus_channel *ch, const void *ranges,
			   u32 ranges_len, u32 nr_ranges, const void *buf,
			   u32 len, u64 cookie);

const struct vmbus_packet_desc *vmbus_next_packet(struct vmbus_channel *ch);
const struct vmbus_xfer_page_packet *
vmbus_xfer_page_packet(const struct vmbus_packet_desc *desc);
void vmbus_read_done(struct vmbus_channel *ch);

/**
 * vmbus_packet_data() - the payload of a packet from vmbus_next_packet()
 * @desc: the packet
 *
 * Return: a pointer to the bytes after the descriptor's offset8. The
 * packet was validated and copied out of the ring, so the payload is
 * vmbus_packet_len() bytes of private memory.
 */
static inline void *vmbus_packet_data(const struct vmbus_packet_desc *desc)
{
	return (u8 *)desc + (le16_to_cpu(desc->offset8) << 3);
}

/**
 * vmbus_packet_len() - payload length of a packet from vmbus_next_packet()
 * @desc: the packet
 *
 * Return: the bytes from the descriptor's offset8 to the end of the packet.
 */
static inline u32 vmbus_packet_len(const struct vmbus_packet_desc *desc)
{
	return (le16_to_cpu(desc->len8) - le16_to_cpu(desc->offset8)) << 3;
}

/**
 * vmbus_gpa_range_size() - bytes of one GPA range with its page numbers
 * @nr_pfns: the range's Hyper-V pages
 *
 * Return: the size to reserve for a struct vmbus_gpa_range and its PFNs
 * in the range list of vmbus_send_gpa_request().
 */
static inline u32 vmbus_gpa_range_size(u32 nr_pfns)
{
	return sizeof(struct vmbus_gpa_range) + nr_pfns * sizeof(__le64);
}

int vmbus_dma_map_sg(struct hv_device *dev, struct scatterlist *sgl,
		     unsigned int nents, u32 len, enum dma_data_direction dir,
		     struct vmbus_gpa_range *range, u32 max_pfns);
void vmbus_dma_unmap_sg(struct hv_device *dev, struct scatterlist *sgl,
			unsigned int nents, enum dma_data_direction dir);
int vmbus_dma_map_page(struct hv_device *dev, struct page *page, u32 offset,
		       u32 len, enum dma_data_direction dir,
		       struct vmbus_gpa_range *range, u32 max_pfns,
		       dma_addr_t *addr);
void vmbus_dma_unmap_page(struct hv_device *dev, dma_addr_t addr, u32 len,
			  enum dma_data_direction dir);

int vmbus_gpadl_create(struct vmbus_channel *ch, void *buf, u32 size,
		       u32 *handle);
int vmbus_gpadl_destroy(struct vmbus_channel *ch, u32 handle);

void vmbus_set_subchannel_callback(struct vmbus_channel *primary,
				   void (*cb)(struct vmbus_channel *sc));
void vmbus_set_subchannel_rescind_callback(struct vmbus_channel *primary,
					   void (*cb)(struct vmbus_channel *sc));
u16 vmbus_subchannel_index(const struct vmbus_channel *ch);
unsigned int vmbus_channel_cpu(const struct vmbus_channel *ch);
int vmbus_channel_set_cpu(struct vmbus_channel *ch, unsigned int cpu);

void vmbus_channel_break(struct vmbus_channel *ch, const char *why);
bool vmbus_channel_broken(const struct vmbus_channel *ch);
bool vmbus_channel_host_gone(const struct vmbus_channel *ch);
int vmbus_wait_for_answer(struct vmbus_channel *ch, struct completion *done,
			  unsigned long timeout);
struct hv_device *vmbus_channel_device(const struct vmbus_channel *ch);
u32 vmbus_proto_version(void);

#endif /* _LINUX_HYPERV_VMBUS_H */
