// SPDX-License-Identifier: GPL-2.0
/*
 * The host side of the VMBus channel-management protocol: version
 * negotiation, offers, open, close, retarget, relid release and unload.
 * GPADL messages are in gpadl.c. Every guest message is checked against
 * its size and the host's state; a bad one is logged and refused, never
 * trusted.
 */
#include <linux/kernel.h>
#include <linux/string.h>

#include <linux/hyperv/spec/classes.h>

#include "vmbussim.h"

#define vmbussim_bad(fmt, ...) do {					\
	atomic64_inc(&vmbussim.msgs_bad);				\
	pr_warn_ratelimited("vmbussim: " fmt "\n", ##__VA_ARGS__);	\
} while (0)

/* Versions the host speaks, newest first. */
static const u32 vmbussim_versions[] = {
	VMBUS_VERSION_WIN10_V5_3, VMBUS_VERSION_WIN10_V5_2,
	VMBUS_VERSION_WIN10_V5_1, VMBUS_VERSION_WIN10_V5,
	VMBUS_VERSION_WIN10_RS3, VMBUS_VERSION_WIN10, VMBUS_VERSION_WIN8_1,
};

/**
 * vmbussim_parse_version() - parse "major.minor" into a version
 * @s: the text
 *
 * Return: the version if the host knows it, else 0.
 */
u32 vmbussim_parse_version(const char *s)
{
	unsigned int major, minor;
	u32 v;
	int i;

	if (sscanf(s, "%u.%u", &major, &minor) != 2 || major > 0xffff ||
	    minor > 0xffff)
		return 0;
	v = VMBUS_VERSION(major, minor);
	for (i = 0; i < ARRAY_SIZE(vmbussim_versions); i++)
		if (vmbussim_versions[i] == v)
			return v;
	return 0;
}

static bool vmbussim_version_known(u32 v)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(vmbussim_versions); i++)
		if (vmbussim_versions[i] == v)
			return true;
	return false;
}

static void vmbussim_hdr(struct vmbus_chanmsg_hdr *hdr, u32 type)
{
	hdr->msgtype = cpu_to_le32(type);
	hdr->padding = 0;
}

/*
 * A Microsoft host answers every version with the whole 16 bytes; the
 * last field names the connection id from 5.0 on and repeats the
 * accepted version before (OpenVMM does so; Linux drops a shorter
 * answer as malformed).
 */
static void vmbussim_version_response(u32 version, bool ok)
{
	struct vmbus_chanmsg_version_response resp = {};

	vmbussim_hdr(&resp.hdr, VMBUS_CHANMSG_VERSION_RESPONSE);
	resp.version_supported = ok;
	if (ok)
		resp.msg_conn_id = cpu_to_le32(version >= VMBUS_VERSION_WIN10_V5 ?
					       VMBUSSIM_MSG_CONN_ID : version);
	vmbussim_post(&resp, sizeof(resp));
}

/*
 * The version is accepted but the connection failed, as a Microsoft host
 * answers when it cannot set the connection up (unusable monitor pages,
 * a failed relay): version_supported set, connection_state a failure.
 * The host stays disconnected.
 */
static void vmbussim_connection_failed(u32 version)
{
	struct vmbus_chanmsg_version_response resp = {};

	vmbussim_hdr(&resp.hdr, VMBUS_CHANMSG_VERSION_RESPONSE);
	resp.version_supported = 1;
	resp.connection_state = VMBUS_CONNECTION_FAILED_UNKNOWN;
	pr_info("vmbussim: failing the connection at version %u.%u\n",
		VMBUS_VERSION_MAJOR(version), VMBUS_VERSION_MINOR(version));
	vmbussim_post(&resp, sizeof(resp));
}

static void vmbussim_initiate_contact(const struct vmbussim_msg *msg)
{
	const struct vmbus_chanmsg_initiate_contact *ic = (const void *)msg->data;
	u32 version, vcpu, want_conn;

	if (msg->size < sizeof(*ic)) {
		vmbussim_bad("INITIATE_CONTACT too short (%u)", msg->size);
		return;
	}
	version = le32_to_cpu(ic->vmbus_version_requested);
	vcpu = le32_to_cpu(ic->target_vcpu);
	if (vmbussim.conn != VMBUSSIM_CONN_DOWN) {
		pr_info("vmbussim: INITIATE_CONTACT while connected: resetting\n");
		vmbussim_disconnect();
	}
	if (!vmbussim_version_known(version) ||
	    version > vmbussim.max_version) {
		pr_info("vmbussim: refusing version %u.%u\n",
			VMBUS_VERSION_MAJOR(version),
			VMBUS_VERSION_MINOR(version));
		vmbussim_version_response(version, false);
		return;
	}
	want_conn = version >= VMBUS_VERSION_WIN10_V5 ?
		    VMBUS_MESSAGE_CONNECTION_ID_4 : VMBUS_MESSAGE_CONNECTION_ID;
	if (msg->conn_id != want_conn ||
	    (version >= VMBUS_VERSION_WIN10_V5 &&
	     ic->msg_sint != VMBUS_MESSAGE_SINT)) {
		vmbussim_bad("INITIATE_CONTACT %x on connection %u sint %u",
			     version, msg->conn_id, ic->msg_sint);
		vmbussim_version_response(version, false);
		return;
	}
	if (!vmbussim_vp_valid(vcpu)) {
		vmbussim_bad("INITIATE_CONTACT: invalid target VP %u", vcpu);
		vmbussim_version_response(version, false);
		return;
	}
	if (test_and_clear_bit(VMBUSSIM_FAULT_CONN_FAILED, &vmbussim.faults)) {
		vmbussim_connection_failed(version);
		return;
	}
	vmbussim.version = version;
	vmbussim.msg_cpu = vcpu;
	vmbussim.msg_conn_id = version >= VMBUS_VERSION_WIN10_V5 ?
			       VMBUSSIM_MSG_CONN_ID : VMBUS_MESSAGE_CONNECTION_ID;
	vmbussim.monitor_page1 = le64_to_cpu(ic->monitor_page1);
	vmbussim.monitor_page2 = le64_to_cpu(ic->monitor_page2);
	if (vmbussim_monitor_connect(vmbussim.monitor_page2))
		pr_info("vmbussim: guest monitor page %#llx unusable: no monitored offers\n",
			vmbussim.monitor_page2);
	vmbussim.conn = VMBUSSIM_CONN_UP;
	pr_info("vmbussim: guest connected, version %u.%u, CPU %u\n",
		VMBUS_VERSION_MAJOR(version), VMBUS_VERSION_MINOR(version),
		vcpu);
	vmbussim_version_response(version, true);
}

/**
 * vmbussim_offer() - send the OFFERCHANNEL message of a channel
 * @ch: the channel
 *
 * Return: 0 or a negative errno.
 */
int vmbussim_offer(struct vmbussim_chan *ch)
{
	struct vmbus_chanmsg_offer offer = {};
	int ret;

	lockdep_assert_held(&vmbussim.lock);
	ret = vmbussim_relid_alloc(ch);
	if (ret) {
		pr_warn_ratelimited("vmbussim: %pUl: no free relid\n",
				    &ch->dev->instance);
		return ret;
	}
	vmbussim_hdr(&offer.hdr, VMBUS_CHANMSG_OFFERCHANNEL);
	offer.if_type = ch->dev->model->class_id;
	offer.if_instance = ch->dev->instance;
	offer.sub_channel_index = cpu_to_le16(ch->index);
	offer.child_relid = cpu_to_le32(ch->relid);
	offer.connection_id = cpu_to_le32(VMBUSSIM_CONN_ID_BASE + ch->relid);
	vmbussim_monitor_offer(ch, &offer);
	ch->state = VMBUSSIM_DEV_OFFERED;
	return vmbussim_post(&offer, sizeof(offer));
}

static void vmbussim_request_offers(void)
{
	struct vmbus_chanmsg_hdr done;
	struct vmbussim_dev *dev;

	/*
	 * A Microsoft host sends its offers once per connection: a second
	 * REQUESTOFFERS gets nothing, no second ALLOFFERS_DELIVERED
	 * (OpenVMM's vmbus_server refuses it as OffersAlreadySent).
	 */
	if (vmbussim.conn == VMBUSSIM_CONN_OFFERED) {
		vmbussim_bad("REQUESTOFFERS again: ignored");
		return;
	}

	/* In creation order; each offer takes the lowest free relid. */
	list_for_each_entry(dev, &vmbussim.devs, node)
		vmbussim_dev_offer(dev);
	vmbussim.conn = VMBUSSIM_CONN_OFFERED;
	vmbussim_hdr(&done, VMBUS_CHANMSG_ALLOFFERS_DELIVERED);
	vmbussim_post(&done, sizeof(done));
}

static void vmbussim_open_result(u32 relid, __le32 openid, u32 status)
{
	struct vmbus_chanmsg_open_result res = {};

	vmbussim_hdr(&res.hdr, VMBUS_CHANMSG_OPENCHANNEL_RESULT);
	res.child_relid = cpu_to_le32(relid);
	res.openid = openid;
	res.status = cpu_to_le32(status);
	vmbussim_post(&res, sizeof(res));
}

static int vmbussim_open_check(struct vmbussim_chan *ch,
			       struct vmbussim_gpadl *gpadl,
			       u32 offset, u32 vp)
{
	if (ch->state != VMBUSSIM_DEV_OFFERED) {
		vmbussim_bad("OPENCHANNEL: relid %u is %s", ch->relid,
			     vmbussim_dev_state_name(ch->state));
		return -EINVAL;
	}
	if (!gpadl || gpadl->have != gpadl->npfns || gpadl->in_use ||
	    gpadl->relid != ch->relid) {
		vmbussim_bad("OPENCHANNEL: relid %u: unusable GPADL",
			     ch->relid);
		return -EINVAL;
	}
	/* Each ring needs a control page and at least one data page. */
	if (gpadl->npfns < 4 || offset < 2 || offset > gpadl->npfns - 2) {
		vmbussim_bad("OPENCHANNEL: relid %u: ring offset %u of %u pages",
			     ch->relid, offset, gpadl->npfns);
		return -EINVAL;
	}
	if (!vmbussim_vp_valid(vp)) {
		vmbussim_bad("OPENCHANNEL: relid %u: invalid target VP %u",
			     ch->relid, vp);
		return -EINVAL;
	}
	return 0;
}

static void vmbussim_open_channel(const struct vmbussim_msg *msg)
{
	const struct vmbus_chanmsg_open *op = (const void *)msg->data;
	struct vmbussim_gpadl *gpadl;
	struct vmbussim_chan *ch;
	u32 relid, offset, vp;

	if (msg->size < sizeof(*op)) {
		vmbussim_bad("OPENCHANNEL too short (%u)", msg->size);
		return;
	}
	relid = le32_to_cpu(op->child_relid);
	offset = le32_to_cpu(op->downstream_ring_offset);
	vp = le32_to_cpu(op->target_vp);
	ch = vmbussim_chan_find(relid);
	if (!ch) {
		vmbussim_bad("OPENCHANNEL for unknown relid %u", relid);
		return;
	}
	if (ch->state == VMBUSSIM_DEV_RESCINDED ||
	    ch->state == VMBUSSIM_DEV_RELEASED) {
		/* The guest learns of the rescind; no answer. */
		vmbussim_bad("OPENCHANNEL for rescinded relid %u", relid);
		return;
	}
	gpadl = vmbussim_gpadl_find(le32_to_cpu(op->ring_gpadl));
	if (test_and_clear_bit(VMBUSSIM_FAULT_REFUSE_OPEN, &vmbussim.faults)) {
		pr_info("vmbussim: fault: refusing OPENCHANNEL of relid %u\n",
			relid);
		vmbussim_open_result(relid, op->openid, VMBUSSIM_STATUS_FAIL);
		return;
	}
	if (vmbussim_open_check(ch, gpadl, offset, vp) ||
	    vmbussim_chan_open(ch, gpadl, offset, vp)) {
		vmbussim_open_result(relid, op->openid, VMBUSSIM_STATUS_FAIL);
		return;
	}
	vmbussim_open_result(relid, op->openid, 0);
}

static void vmbussim_close_channel(const struct vmbussim_msg *msg)
{
	const struct vmbus_chanmsg_relid *cl = (const void *)msg->data;
	struct vmbussim_chan *ch;
	u32 relid;

	if (msg->size < sizeof(*cl)) {
		vmbussim_bad("CLOSECHANNEL too short (%u)", msg->size);
		return;
	}
	relid = le32_to_cpu(cl->child_relid);
	ch = vmbussim_chan_find(relid);
	if (ch && ch->state == VMBUSSIM_DEV_RESCINDED) {
		/* Hyper-V accepts the close of a rescinded channel. */
		if (vmbussim_chan_serving(ch)) {
			vmbussim.rescinded_closes++;
			vmbussim_chan_close(ch);
		}
		return;
	}
	if (!ch || ch->state != VMBUSSIM_DEV_OPEN) {
		vmbussim_bad("CLOSECHANNEL for relid %u not open", relid);
		return;
	}
	vmbussim_chan_close(ch);
}

static void vmbussim_modify_response(u32 relid, u32 status)
{
	struct vmbus_chanmsg_modifychannel_response resp = {};

	if (vmbussim.version < VMBUS_VERSION_WIN10_V5_3)
		return;
	vmbussim_hdr(&resp.hdr, VMBUS_CHANMSG_MODIFYCHANNEL_RESPONSE);
	resp.child_relid = cpu_to_le32(relid);
	resp.status = cpu_to_le32(status);
	vmbussim_post(&resp, sizeof(resp));
}

static void vmbussim_modify_channel(const struct vmbussim_msg *msg)
{
	const struct vmbus_chanmsg_modifychannel *mc = (const void *)msg->data;
	struct vmbussim_chan *ch;
	u32 relid, vp;

	if (msg->size < sizeof(*mc)) {
		vmbussim_bad("MODIFYCHANNEL too short (%u)", msg->size);
		return;
	}
	if (vmbussim.version < VMBUS_VERSION_WIN10_RS3) {
		vmbussim_bad("MODIFYCHANNEL before version 4.1");
		return;
	}
	relid = le32_to_cpu(mc->child_relid);
	vp = le32_to_cpu(mc->target_vp);
	ch = vmbussim_chan_find(relid);
	/*
	 * A channel that is not open (unknown or released relid, offered
	 * but closed, rescinded, also one rescinded while open that the
	 * host still serves) is answered with a failure, as OpenVMM's
	 * vmbus_server does. The move completes at once, so a second
	 * MODIFYCHANNEL never finds one pending.
	 */
	if (!ch || ch->state != VMBUSSIM_DEV_OPEN) {
		vmbussim_bad("MODIFYCHANNEL for relid %u not open", relid);
		vmbussim_modify_response(relid, VMBUSSIM_STATUS_FAIL);
		return;
	}
	if (!vmbussim_vp_valid(vp)) {
		vmbussim_bad("MODIFYCHANNEL relid %u: invalid target VP %u",
			     relid, vp);
		vmbussim_modify_response(relid, VMBUSSIM_STATUS_FAIL);
		return;
	}
	WRITE_ONCE(ch->target_cpu, vp);
	vmbussim_modify_response(relid, 0);
}

static void vmbussim_relid_released(const struct vmbussim_msg *msg)
{
	const struct vmbus_chanmsg_relid *rr = (const void *)msg->data;
	struct vmbussim_chan *ch;
	u32 relid;

	if (msg->size < sizeof(*rr)) {
		vmbussim_bad("RELID_RELEASED too short (%u)", msg->size);
		return;
	}
	relid = le32_to_cpu(rr->child_relid);
	ch = vmbussim_chan_find(relid);
	if (!ch || ch->state != VMBUSSIM_DEV_RESCINDED) {
		vmbussim_bad("RELID_RELEASED for relid %u not rescinded",
			     relid);
		return;
	}
	vmbussim_chan_released(ch);
}

/**
 * vmbussim_disconnect() - forget the connection: close every channel,
 * drop every GPADL; devices wait to be offered again
 */
void vmbussim_disconnect(void)
{
	struct vmbussim_dev *dev, *tmp;

	lockdep_assert_held(&vmbussim.lock);
	list_for_each_entry_safe(dev, tmp, &vmbussim.devs, node)
		vmbussim_dev_disconnect(dev);
	vmbussim_gpadl_drop_all();
	vmbussim_monitor_disconnect();
	vmbussim.conn = VMBUSSIM_CONN_DOWN;
	vmbussim.version = 0;
	vmbussim.msg_conn_id = 0;
}

static void vmbussim_unload(void)
{
	struct vmbus_chanmsg_hdr resp;

	vmbussim_disconnect();
	pr_info("vmbussim: guest unloaded\n");
	vmbussim_hdr(&resp, VMBUS_CHANMSG_UNLOAD_RESPONSE);
	vmbussim_post(&resp, sizeof(resp));
}

static bool vmbussim_msg_allowed(const struct vmbussim_msg *msg, u32 type)
{
	if (type == VMBUS_CHANMSG_INITIATE_CONTACT)
		return true;
	if (vmbussim.conn == VMBUSSIM_CONN_DOWN) {
		vmbussim_bad("message %u while not connected", type);
		return false;
	}
	if (msg->conn_id != vmbussim.msg_conn_id) {
		vmbussim_bad("message %u on connection %u, expected %u", type,
			     msg->conn_id, vmbussim.msg_conn_id);
		return false;
	}
	return true;
}

/**
 * vmbussim_handle_msg() - handle one message the guest posted
 * @msg: the message
 */
void vmbussim_handle_msg(struct vmbussim_msg *msg)
{
	const struct vmbus_chanmsg_hdr *hdr = (const void *)msg->data;
	u32 type;

	lockdep_assert_held(&vmbussim.lock);
	atomic64_inc(&vmbussim.msgs_in);
	if (msg->size < sizeof(*hdr)) {
		vmbussim_bad("message too short (%u)", msg->size);
		return;
	}
	type = le32_to_cpu(hdr->msgtype);
	if (!vmbussim_msg_allowed(msg, type))
		return;

	switch (type) {
	case VMBUS_CHANMSG_INITIATE_CONTACT:
		vmbussim_initiate_contact(msg);
		break;
	case VMBUS_CHANMSG_REQUESTOFFERS:
		vmbussim_request_offers();
		break;
	case VMBUS_CHANMSG_GPADL_HEADER:
		vmbussim_gpadl_header(msg->data, msg->size);
		break;
	case VMBUS_CHANMSG_GPADL_BODY:
		vmbussim_gpadl_body(msg->data, msg->size);
		break;
	case VMBUS_CHANMSG_GPADL_TEARDOWN:
		vmbussim_gpadl_teardown(msg->data, msg->size);
		break;
	case VMBUS_CHANMSG_OPENCHANNEL:
		vmbussim_open_channel(msg);
		break;
	case VMBUS_CHANMSG_CLOSECHANNEL:
		vmbussim_close_channel(msg);
		break;
	case VMBUS_CHANMSG_MODIFYCHANNEL:
		vmbussim_modify_channel(msg);
		break;
	case VMBUS_CHANMSG_RELID_RELEASED:
		vmbussim_relid_released(msg);
		break;
	case VMBUS_CHANMSG_UNLOAD:
		vmbussim_unload();
		break;
	default:
		vmbussim_bad("unexpected message type %u", type);
		break;
	}
}

/**
 * vmbussim_fault_malformed_offer() - send two broken offers: one too
 * short, one with relid 4000 (beyond the event-flags array)
 *
 * Return: 0 or -ENOTCONN.
 */
int vmbussim_fault_malformed_offer(void)
{
	struct vmbus_chanmsg_offer offer = {};

	lockdep_assert_held(&vmbussim.lock);
	if (vmbussim.conn != VMBUSSIM_CONN_OFFERED)
		return -ENOTCONN;
	vmbussim_hdr(&offer.hdr, VMBUS_CHANMSG_OFFERCHANNEL);
	offer.if_type = VMBUS_CLASS_HEARTBEAT;
	offer.if_instance = GUID_INIT(0xbadbad00, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				      0);
	offer.child_relid = cpu_to_le32(2046);
	offer.connection_id = cpu_to_le32(VMBUSSIM_CONN_ID_BASE + 2046);
	vmbussim_post(&offer, 100);
	offer.if_instance = GUID_INIT(0xbadbad00, 0, 1, 0, 0, 0, 0, 0, 0, 0,
				      0);
	offer.child_relid = cpu_to_le32(4000);
	offer.connection_id = cpu_to_le32(VMBUSSIM_CONN_ID_BASE + 4000);
	return vmbussim_post(&offer, sizeof(offer));
}

/**
 * vmbussim_fault_bad_relid() - send OPENCHANNEL_RESULT, GPADL_CREATED and
 * RESCIND_CHANNELOFFER for relid 2047, which the host never offered
 *
 * Return: 0, -EBUSY if relid 2047 exists, or -ENOTCONN.
 */
int vmbussim_fault_bad_relid(void)
{
	struct vmbus_chanmsg_gpadl_created gc = {};
	struct vmbus_chanmsg_relid rescind = {};
	const u32 relid = VMBUS_MAX_RELID;

	lockdep_assert_held(&vmbussim.lock);
	if (vmbussim.conn == VMBUSSIM_CONN_DOWN)
		return -ENOTCONN;
	if (vmbussim_chan_find(relid))
		return -EBUSY;
	vmbussim_open_result(relid, cpu_to_le32(1), 0);
	vmbussim_hdr(&gc.hdr, VMBUS_CHANMSG_GPADL_CREATED);
	gc.child_relid = cpu_to_le32(relid);
	gc.gpadl = cpu_to_le32(0x7fffffff);
	vmbussim_post(&gc, sizeof(gc));
	vmbussim_hdr(&rescind.hdr, VMBUS_CHANMSG_RESCIND_CHANNELOFFER);
	rescind.child_relid = cpu_to_le32(relid);
	return vmbussim_post(&rescind, sizeof(rescind));
}
