// SPDX-License-Identifier: GPL-2.0
/*
 * Fibre Channel class controllers: the host gives the adapter's port and
 * node world-wide names in FCHBA_DATA, asked for during the handshake
 * and sent again by the host when they change. With the kernel's FC
 * transport class (CONFIG_SCSI_FC_ATTRS) they are the fc_host's
 * port_name and node_name; without it the names are only logged.
 */

#include "hv_storvsc.h"

#if IS_ENABLED(CONFIG_SCSI_FC_ATTRS)
#include <scsi/scsi_transport_fc.h>

static struct fc_function_template storvsc_fc_functions = {
	.show_host_node_name = 1,
	.show_host_port_name = 1,
};

static struct scsi_transport_template *storvsc_fc_transport;

/**
 * storvsc_fc_init() - attach the FC transport class (module init)
 *
 * Return: 0 or -ENOMEM.
 */
int storvsc_fc_init(void)
{
	storvsc_fc_transport = fc_attach_transport(&storvsc_fc_functions);
	return storvsc_fc_transport ? 0 : -ENOMEM;
}

/**
 * storvsc_fc_exit() - release the FC transport class (module exit)
 */
void storvsc_fc_exit(void)
{
	fc_release_transport(storvsc_fc_transport);
}

/**
 * storvsc_fc_attach() - give an FC controller's SCSI host the transport
 * @sh: the controller, SCSI host not yet added
 */
void storvsc_fc_attach(struct storvsc_host *sh)
{
	if (sh->class == STORVSC_FC)
		sh->shost->transportt = storvsc_fc_transport;
}

/**
 * storvsc_fc_publish() - show the controller's names in its fc_host
 * @sh: the controller, SCSI host added
 */
void storvsc_fc_publish(struct storvsc_host *sh)
{
	if (sh->shost->transportt != storvsc_fc_transport)
		return;
	fc_host_node_name(sh->shost) = READ_ONCE(sh->fc_node_name);
	fc_host_port_name(sh->shost) = READ_ONCE(sh->fc_port_name);
}

/**
 * storvsc_fc_detach() - remove the fc_host (before the SCSI host)
 * @sh: the controller
 */
void storvsc_fc_detach(struct storvsc_host *sh)
{
	if (sh->shost->transportt == storvsc_fc_transport)
		fc_remove_host(sh->shost);
}
#endif

/* A world-wide name: 8 bytes, most significant first. */
static u64 storvsc_wwn(const u8 *b)
{
	u64 v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v = v << 8 | b[i];
	return v;
}

/**
 * storvsc_fc_names() - take the names of an FCHBA_DATA body
 * @sh: an FC controller
 * @w: the body (the host's answer or update; any bytes are valid names)
 *
 * The active pair is the primary one if the host flags it, else the
 * secondary one. Called from the handshake or a channel's callback.
 */
void storvsc_fc_names(struct storvsc_host *sh, const struct vstor_fc_wwn *w)
{
	bool primary = w->primary_active;

	WRITE_ONCE(sh->fc_port_name, storvsc_wwn(primary ? w->primary_port_wwn :
						 w->secondary_port_wwn));
	WRITE_ONCE(sh->fc_node_name, storvsc_wwn(primary ? w->primary_node_wwn :
						 w->secondary_node_wwn));
	if (READ_ONCE(sh->added))
		storvsc_fc_publish(sh);
}

/**
 * storvsc_fc_query() - ask the host for the adapter's names (FCHBA_DATA)
 * @sh: an FC controller in its handshake
 *
 * A host that refuses leaves the names 0: the controller still works.
 *
 * Return: 0, or the control request's error.
 */
int storvsc_fc_query(struct storvsc_host *sh)
{
	struct vstor_packet pkt = {};
	int ret;

	ret = storvsc_ctl_exec(sh, VSTOR_OP_FCHBA_DATA, &pkt);
	if (ret)
		return ret;
	if (pkt.status) {
		dev_warn(&sh->hdev->device, "host gave no FC names: status %#x\n",
			 le32_to_cpu(pkt.status));
		return 0;
	}
	storvsc_fc_names(sh, &pkt.wwn);
	dev_info(&sh->hdev->device, "FC port name %#llx, node name %#llx\n",
		 sh->fc_port_name, sh->fc_node_name);
	return 0;
}
