// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's network VSP: the order of NVSP messages a Microsoft host
 * accepts on each channel of a NIC.
 *
 * The primary channel starts with NVSP_MSG_INIT, repeated until a
 * version is agreed. Then, each at most once and in any order, the NDIS
 * version, the NDIS configuration, the receive buffer (after the
 * configuration from NVSP 2 on, since the host sizes the receive slots
 * by its MTU) and the send buffer. The first RNDIS message makes the
 * channel ready: it needs the NDIS version and the receive buffer, and
 * the configuration from NVSP 2 on. A ready primary carries RNDIS
 * messages, subchannel requests, the data path switch and OID queries;
 * revoking a buffer ends its service. A subchannel is ready from its
 * open and carries RNDIS messages and OID queries only. Anything else
 * ends the channel, as a Microsoft host stops serving a channel after a
 * protocol error: nothing more is read or answered on it until the guest
 * closes it.
 */

#include <linux/compiler.h>

#include "netvsp.h"

/* Message types every ready channel carries. */
static bool netvsp_any_chan(u32 type)
{
	return type == NVSP_MSG1_SEND_RNDIS_PKT || type == NVSP_MSG5_OID_QUERY_EX;
}

/* Message types only a ready primary channel carries. */
static bool netvsp_primary_only(u32 type)
{
	switch (type) {
	case NVSP_MSG5_SUBCHANNEL:
	case NVSP_MSG4_SWITCH_DATA_PATH:
	case NVSP_MSG1_REVOKE_RECV_BUF:
	case NVSP_MSG1_REVOKE_SEND_BUF:
		return true;
	}
	return false;
}

static bool netvsp_setup_done(const struct netvsp_order *o)
{
	u8 need = NETVSP_SEEN_NDIS_VER | NETVSP_SEEN_RBUF;

	if (o->ver >= NVSP_VER_2)
		need |= NETVSP_SEEN_NDIS_CFG;
	return (o->seen & need) == need;
}

static enum netvsp_verdict netvsp_order_setup(struct netvsp_order *o, u32 type)
{
	u8 bit;

	switch (type) {
	case NVSP_MSG1_SEND_NDIS_VER:
		bit = NETVSP_SEEN_NDIS_VER;
		break;
	case NVSP_MSG2_SEND_NDIS_CONFIG:
		bit = NETVSP_SEEN_NDIS_CFG;
		break;
	case NVSP_MSG1_SEND_RECV_BUF:
		if (o->ver >= NVSP_VER_2 && !(o->seen & NETVSP_SEEN_NDIS_CFG))
			return NETVSP_FATAL;
		bit = NETVSP_SEEN_RBUF;
		break;
	case NVSP_MSG1_SEND_SEND_BUF:
		bit = NETVSP_SEEN_SBUF;
		break;
	case NVSP_MSG1_SEND_RNDIS_PKT:
		if (!netvsp_setup_done(o))
			return NETVSP_FATAL;
		WRITE_ONCE(o->phase, NETVSP_PH_READY);
		return NETVSP_OK;
	default:
		return NETVSP_FATAL;
	}
	if (o->seen & bit)
		return NETVSP_FATAL;
	o->seen |= bit;
	return NETVSP_OK;
}

/**
 * netvsp_order_step() - whether a channel may carry an NVSP message now
 * @o: the channel's order state
 * @type: the message's type
 * @primary: the channel is the NIC's primary
 *
 * Updates @o: the first RNDIS message makes a set-up primary ready, a
 * buffer revoke ends the channel's service (NETVSP_PH_DONE), a fatal
 * message ends it (NETVSP_PH_DEAD). NVSP_MSG_INIT leaves the phase to
 * netvsp_order_init(), which knows whether a version was agreed.
 *
 * Return: NETVSP_OK to handle the message, NETVSP_IGNORE if the channel
 * is no longer served, NETVSP_FATAL if the message ends the channel.
 */
enum netvsp_verdict netvsp_order_step(struct netvsp_order *o, u32 type,
				      bool primary)
{
	enum netvsp_verdict v = NETVSP_FATAL;

	switch (o->phase) {
	case NETVSP_PH_DEAD:
	case NETVSP_PH_DONE:
		return NETVSP_IGNORE;
	case NETVSP_PH_INIT:
		if (primary && type == NVSP_MSG_INIT)
			v = NETVSP_OK;
		break;
	case NETVSP_PH_SETUP:
		v = netvsp_order_setup(o, type);
		break;
	case NETVSP_PH_READY:
		if (netvsp_any_chan(type) || (primary && netvsp_primary_only(type)))
			v = NETVSP_OK;
		if (v == NETVSP_OK && (type == NVSP_MSG1_REVOKE_RECV_BUF ||
				       type == NVSP_MSG1_REVOKE_SEND_BUF))
			WRITE_ONCE(o->phase, NETVSP_PH_DONE);
		break;
	}
	if (v == NETVSP_FATAL)
		WRITE_ONCE(o->phase, NETVSP_PH_DEAD);
	return v;
}

/**
 * netvsp_order_init() - the answer to NVSP_MSG_INIT is known
 * @o: the primary's order state
 * @ver: the version agreed, 0 if none (the guest may try another)
 */
void netvsp_order_init(struct netvsp_order *o, u32 ver)
{
	if (!ver)
		return;
	o->ver = ver;
	WRITE_ONCE(o->phase, NETVSP_PH_SETUP);
}

/**
 * netvsp_order_reset() - a channel opens
 * @o: its order state
 * @primary: it is the NIC's primary (which starts with NVSP_MSG_INIT;
 *	a subchannel is ready at once)
 */
void netvsp_order_reset(struct netvsp_order *o, bool primary)
{
	o->seen = 0;
	o->ver = 0;
	WRITE_ONCE(o->phase, primary ? NETVSP_PH_INIT : NETVSP_PH_READY);
}
