// SPDX-License-Identifier: GPL-2.0
/*
 * The sysfs attributes of a vmbus device, under
 * /sys/bus/vmbus/devices/<instance GUID>/, in the names and formats that
 * tools and tests have long relied on, those of Linux's stable ABI for
 * /sys/bus/vmbus (Documentation/ABI/testing/sysfs-bus-vmbus).
 */

#include <linux/device.h>
#include <linux/slab.h>
#include <linux/sysfs.h>

#include <linux/hyperv/spec/classes.h>

#include "vmbus_private.h"

static struct vmbus_channel *dev_channel(struct device *d)
{
	return to_hv_device(d)->channel;
}

static ssize_t id_show(struct device *d, struct device_attribute *attr,
		       char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_channel(d)->relid);
}
static DEVICE_ATTR_RO(id);

static ssize_t state_show(struct device *d, struct device_attribute *attr,
			  char *buf)
{
	return sysfs_emit(buf, "%d\n", READ_ONCE(dev_channel(d)->state));
}
static DEVICE_ATTR_RO(state);

static ssize_t monitor_id_show(struct device *d, struct device_attribute *attr,
			       char *buf)
{
	return sysfs_emit(buf, "%u\n", dev_channel(d)->monitor_id);
}
static DEVICE_ATTR_RO(monitor_id);

static ssize_t class_id_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_hv_device(d)->class_id);
}
static DEVICE_ATTR_RO(class_id);

static ssize_t device_id_show(struct device *d, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "{%pUl}\n", &to_hv_device(d)->instance_id);
}
static DEVICE_ATTR_RO(device_id);

static ssize_t modalias_show(struct device *d, struct device_attribute *attr,
			     char *buf)
{
	const guid_t *class = &to_hv_device(d)->class_id;

	return sysfs_emit(buf, "vmbus:%*phN\n", (int)sizeof(*class), class);
}
static DEVICE_ATTR_RO(modalias);

static ssize_t numa_node_show(struct device *d, struct device_attribute *attr,
			      char *buf)
{
	return sysfs_emit(buf, "%d\n", dev_to_node(d));
}
static DEVICE_ATTR_RO(numa_node);

/*
 * The vendor and device numbers that lsvmbus and RDMA libraries read: the
 * PCI vendor id of Microsoft and the index of the class in the list that
 * Linux has long numbered these classes by (any other class: one past the
 * end).
 */
#define VMBUS_VENDOR_MICROSOFT	0x1414

static const guid_t vmbus_dev_types[] = {
	VMBUS_CLASS_IDE, VMBUS_CLASS_SCSI, VMBUS_CLASS_FC, VMBUS_CLASS_NIC,
	VMBUS_CLASS_ND, VMBUS_CLASS_PCIE, VMBUS_CLASS_VIDEO, VMBUS_CLASS_KBD,
	VMBUS_CLASS_MOUSE, VMBUS_CLASS_KVP, VMBUS_CLASS_TIMESYNC,
	VMBUS_CLASS_HEARTBEAT, VMBUS_CLASS_SHUTDOWN, VMBUS_CLASS_FCOPY,
	VMBUS_CLASS_VSS, VMBUS_CLASS_BALLOON,
};

static ssize_t vendor_show(struct device *d, struct device_attribute *attr,
			   char *buf)
{
	return sysfs_emit(buf, "0x%x\n", VMBUS_VENDOR_MICROSOFT);
}
static DEVICE_ATTR_RO(vendor);

static ssize_t device_show(struct device *d, struct device_attribute *attr,
			   char *buf)
{
	const guid_t *class = &to_hv_device(d)->class_id;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vmbus_dev_types); i++)
		if (guid_equal(class, &vmbus_dev_types[i]))
			break;
	return sysfs_emit(buf, "0x%x\n", i);
}
static DEVICE_ATTR_RO(device);

static ssize_t channel_vp_mapping_show(struct device *d,
				       struct device_attribute *attr, char *buf)
{
	struct vmbus_channel *ch = dev_channel(d), *sc;
	int n;

	mutex_lock(&vmbus_conn.chan_lock);
	n = sysfs_emit(buf, "%u:%u\n", ch->relid, READ_ONCE(ch->target_cpu));
	list_for_each_entry(sc, &ch->subchannels, sc_node)
		n += sysfs_emit_at(buf, n, "%u:%u\n", sc->relid,
				   READ_ONCE(sc->target_cpu));
	mutex_unlock(&vmbus_conn.chan_lock);
	return n;
}
static DEVICE_ATTR_RO(channel_vp_mapping);

static ssize_t driver_override_show(struct device *d,
				    struct device_attribute *attr, char *buf)
{
	ssize_t n;

	device_lock(d);
	n = sysfs_emit(buf, "%s\n", to_hv_device(d)->driver_override ?: "");
	device_unlock(d);
	return n;
}

static ssize_t driver_override_store(struct device *d,
				     struct device_attribute *attr,
				     const char *buf, size_t count)
{
	int ret = driver_set_override(d, &to_hv_device(d)->driver_override,
				      buf, count);

	return ret ? ret : count;
}
static DEVICE_ATTR_RW(driver_override);

/*
 * The monitor state of the primary channel, from the host-to-guest
 * ("server", page 0) or the guest-to-host ("client", page 1) monitor
 * page: its pending bit, its latency and the connection id the host
 * set for it. Shown only for a monitored channel.
 */
enum vmbus_monitor_field {
	MONITOR_PENDING,
	MONITOR_LATENCY,
	MONITOR_CONN_ID,
};

static ssize_t monitor_field_show(struct device *d, char *buf,
				  unsigned int page,
				  enum vmbus_monitor_field field)
{
	const struct vmbus_monitor_page *mp = vmbus_conn.monitor_pages[page];
	const struct vmbus_channel *ch = dev_channel(d);
	unsigned int group = ch->monitor_id / 32, bit = ch->monitor_id % 32;
	u32 val = 0;

	if (!mp)
		return -ENODEV;
	switch (field) {
	case MONITOR_PENDING:
		val = le32_to_cpu(READ_ONCE(mp->trigger_group[group].pending));
		val = !!(val & BIT(bit));
		break;
	case MONITOR_LATENCY:
		val = le16_to_cpu(READ_ONCE(mp->latency[group][bit]));
		break;
	case MONITOR_CONN_ID:
		val = le32_to_cpu(READ_ONCE(mp->parameter[group][bit].connection_id));
		break;
	}
	return sysfs_emit(buf, "%u\n", val);
}

/* A read-only file whose show() is @show(d, buf, @where, @field). */
#define VMBUS_FIELD_ATTR(name, show, where, field)			\
static ssize_t name##_show(struct device *d,				\
			   struct device_attribute *attr, char *buf)	\
{									\
	return show(d, buf, where, field);				\
}									\
static DEVICE_ATTR_RO(name)

#define VMBUS_MONITOR_ATTR(name, page, field)				\
	VMBUS_FIELD_ATTR(name, monitor_field_show, page, field)

VMBUS_MONITOR_ATTR(server_monitor_pending, 0, MONITOR_PENDING);
VMBUS_MONITOR_ATTR(client_monitor_pending, 1, MONITOR_PENDING);
VMBUS_MONITOR_ATTR(server_monitor_latency, 0, MONITOR_LATENCY);
VMBUS_MONITOR_ATTR(client_monitor_latency, 1, MONITOR_LATENCY);
VMBUS_MONITOR_ATTR(server_monitor_conn_id, 0, MONITOR_CONN_ID);
VMBUS_MONITOR_ATTR(client_monitor_conn_id, 1, MONITOR_CONN_ID);

/*
 * The ring fields of the primary channel: in_* for the inbound ring,
 * out_* for the outbound ring. They read shared memory, so they show what
 * the host wrote, and read zero while the channel is closed.
 */
enum vmbus_ring_field {
	RING_INTR_MASK,
	RING_READ_INDEX,
	RING_WRITE_INDEX,
	RING_READ_AVAIL,
	RING_WRITE_AVAIL,
};

static ssize_t ring_field_show(struct device *d, char *buf, bool in,
			       enum vmbus_ring_field field)
{
	struct vmbus_channel *ch = dev_channel(d);
	struct vmbus_ring *ring = in ? &ch->in : &ch->out;
	u32 val = 0;

	mutex_lock(&ch->lock);
	if (ch->state == VMBUS_CHAN_OPEN) {
		switch (field) {
		case RING_INTR_MASK:
			val = le32_to_cpu(READ_ONCE(ring->ctrl->interrupt_mask));
			break;
		case RING_READ_INDEX:
			val = le32_to_cpu(READ_ONCE(ring->ctrl->read_index));
			break;
		case RING_WRITE_INDEX:
			val = le32_to_cpu(READ_ONCE(ring->ctrl->write_index));
			break;
		case RING_READ_AVAIL:
			val = vmbus_ring_read_avail(ring);
			break;
		case RING_WRITE_AVAIL:
			val = vmbus_ring_write_avail(ring);
			break;
		}
	}
	mutex_unlock(&ch->lock);
	return sysfs_emit(buf, "%u\n", val);
}

#define VMBUS_RING_ATTR(name, in, field)				\
	VMBUS_FIELD_ATTR(name, ring_field_show, in, field)

VMBUS_RING_ATTR(in_intr_mask, true, RING_INTR_MASK);
VMBUS_RING_ATTR(in_read_index, true, RING_READ_INDEX);
VMBUS_RING_ATTR(in_write_index, true, RING_WRITE_INDEX);
VMBUS_RING_ATTR(in_read_bytes_avail, true, RING_READ_AVAIL);
VMBUS_RING_ATTR(in_write_bytes_avail, true, RING_WRITE_AVAIL);
VMBUS_RING_ATTR(out_intr_mask, false, RING_INTR_MASK);
VMBUS_RING_ATTR(out_read_index, false, RING_READ_INDEX);
VMBUS_RING_ATTR(out_write_index, false, RING_WRITE_INDEX);
VMBUS_RING_ATTR(out_read_bytes_avail, false, RING_READ_AVAIL);
VMBUS_RING_ATTR(out_write_bytes_avail, false, RING_WRITE_AVAIL);

static struct attribute *vmbus_dev_attrs[] = {
	&dev_attr_id.attr,
	&dev_attr_state.attr,
	&dev_attr_class_id.attr,
	&dev_attr_device_id.attr,
	&dev_attr_modalias.attr,
	&dev_attr_numa_node.attr,
	&dev_attr_channel_vp_mapping.attr,
	&dev_attr_driver_override.attr,
	&dev_attr_in_intr_mask.attr,
	&dev_attr_in_read_index.attr,
	&dev_attr_in_write_index.attr,
	&dev_attr_in_read_bytes_avail.attr,
	&dev_attr_in_write_bytes_avail.attr,
	&dev_attr_out_intr_mask.attr,
	&dev_attr_out_read_index.attr,
	&dev_attr_out_write_index.attr,
	&dev_attr_out_read_bytes_avail.attr,
	&dev_attr_out_write_bytes_avail.attr,
	&dev_attr_vendor.attr,
	&dev_attr_device.attr,
	NULL,
};

static const struct attribute_group vmbus_dev_group = {
	.attrs = vmbus_dev_attrs,
};

static struct attribute *vmbus_monitor_attrs[] = {
	&dev_attr_monitor_id.attr,
	&dev_attr_server_monitor_pending.attr,
	&dev_attr_client_monitor_pending.attr,
	&dev_attr_server_monitor_latency.attr,
	&dev_attr_client_monitor_latency.attr,
	&dev_attr_server_monitor_conn_id.attr,
	&dev_attr_client_monitor_conn_id.attr,
	NULL,
};

/* The monitor files exist only for a channel the host monitors. */
static umode_t vmbus_monitor_attr_visible(struct kobject *kobj,
					  struct attribute *attr, int n)
{
	return dev_channel(kobj_to_dev(kobj))->monitored ? attr->mode : 0;
}

static const struct attribute_group vmbus_monitor_group = {
	.attrs = vmbus_monitor_attrs,
	.is_visible = vmbus_monitor_attr_visible,
};

const struct attribute_group *vmbus_dev_groups[] = {
	&vmbus_dev_group,
	&vmbus_monitor_group,
	NULL,
};
