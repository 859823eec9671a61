// SPDX-License-Identifier: GPL-2.0
/*
 * storvsp's Fibre Channel class (model 11): the adapter's world-wide
 * names, answered to FCHBA_DATA during the guest's handshake and sent
 * again, unasked, when the ctl file changes them ("wwn <port> <node>").
 */

#include <linux/atomic.h>
#include <linux/hyperv/spec/vstor.h>

#include "../core/model.h"
#include "storvsp.h"

/* Names of the first FC device; each further one counts up. */
#define STORVSP_PORT_WWN_BASE	0x5001dfc000000000ULL
#define STORVSP_NODE_WWN_BASE	0x5001dfd000000000ULL

static atomic_t storvsp_fc_count;

static void storvsp_put_wwn(u8 *b, u64 v)
{
	int i;

	for (i = 7; i >= 0; i--, v >>= 8)
		b[i] = v;
}

/* The FCHBA_DATA body: the names as the primary, active pair. */
static void storvsp_fc_body(const struct storvsp *sp, struct vstor_fc_wwn *w)
{
	memset(w, 0, sizeof(*w));
	w->primary_active = 1;
	storvsp_put_wwn(w->primary_port_wwn, READ_ONCE(sp->port_wwn));
	storvsp_put_wwn(w->primary_node_wwn, READ_ONCE(sp->node_wwn));
}

/**
 * storvsp_fc_init_names() - give a new FC device its names
 * @sp: the device
 */
void storvsp_fc_init_names(struct storvsp *sp)
{
	u32 n = atomic_inc_return(&storvsp_fc_count);

	sp->port_wwn = STORVSP_PORT_WWN_BASE + n;
	sp->node_wwn = STORVSP_NODE_WWN_BASE + n;
}

/**
 * storvsp_fc_answer() - fill the answer to FCHBA_DATA
 * @sp: the device
 * @pkt: the request, turned into the answer's body
 *
 * Return: the NTSTATUS to answer with: 0, or a failure for a device that
 * is not of the FC class or when the fchba_fail fault fires.
 */
u32 storvsp_fc_answer(struct storvsp *sp, struct vstor_packet *pkt)
{
	memset(pkt->buffer, 0, sizeof(pkt->buffer));
	if (!sp->fc || storvsp_fault(sp, STORVSP_FAULT_FCHBA_FAIL))
		return STORVSP_STATUS_FAILED;
	storvsp_fc_body(sp, &pkt->wwn);
	return 0;
}

/**
 * storvsp_fc_set_names() - change the names and tell the guest
 * @sp: an FC device
 * @port: the port name
 * @node: the node name
 */
void storvsp_fc_set_names(struct storvsp *sp, u64 port, u64 node)
{
	struct vmbussim_chan *ch = vmbussim_dev_chan(sp->dev, 0);
	struct vstor_packet pkt = {
		.operation = cpu_to_le32(VSTOR_OP_FCHBA_DATA),
	};

	WRITE_ONCE(sp->port_wwn, port);
	WRITE_ONCE(sp->node_wwn, node);
	storvsp_fc_body(sp, &pkt.wwn);
	/* Before END_INITIALIZATION the guest asks anyway. */
	if (ch && READ_ONCE(sp->ready))
		vmbussim_send(ch, VMBUS_PKT_DATA_INBAND, 0, 0, &pkt, sizeof(pkt));
}
