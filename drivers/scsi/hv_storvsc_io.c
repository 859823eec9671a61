// SPDX-License-Identifier: GPL-2.0
/*
 * The I/O path: SCSI commands go to the host as EXECUTE_SRB packets whose
 * data is handed over by page number (GPA-direct, no bounce copy); the
 * host's completions come back on the channel's callback, through the
 * bus's request-id table, and are validated before the midlayer sees them.
 */

#include <linux/blk-mq.h>
#include <linux/ratelimit.h>
#include <linux/rcupdate.h>
#include <scsi/scsi_cmnd.h>
#include <scsi/scsi_device.h>
#include <scsi/scsi_host.h>

#include "hv_storvsc.h"

/* Ring sizes: the send ring holds a full queue of largest requests. */
#define STORVSC_SEND_RING	(256 * 1024)
#define STORVSC_RECV_RING	(64 * 1024)
/* The largest packet the host sends: a descriptor and a VSTOR packet. */
#define STORVSC_MAX_PKT		(sizeof(struct vmbus_packet_desc) + \
				 sizeof(struct vstor_packet))
/* Queue action of every SRB: a simple tag. */
#define STORVSC_SIMPLE_TAG	0x20

static void storvsc_build_srb(struct Scsi_Host *shost, struct scsi_cmnd *cmd,
			      struct storvsc_cmd *sc)
{
	struct vstor_srb *srb = &sc->pkt.srb;
	u32 flags = VSTOR_SRB_FLAG_QUEUE_ACTION_ENABLE |
		    VSTOR_SRB_FLAG_DISABLE_SYNCH_TRANSFER;

	memset(&sc->pkt, 0, sizeof(sc->pkt));
	sc->pkt.operation = cpu_to_le32(VSTOR_OP_EXECUTE_SRB);
	sc->pkt.flags = cpu_to_le32(VSTOR_FLAG_REQUEST_COMPLETION);
	srb->length = cpu_to_le16(sizeof(*srb));
	srb->port_number = shost->host_no;
	srb->path_id = cmd->device->channel;
	srb->target_id = cmd->device->id;
	srb->lun = cmd->device->lun;
	srb->cdb_length = cmd->cmd_len;
	memcpy(srb->cdb, cmd->cmnd, cmd->cmd_len);
	srb->sense_info_length = VSTOR_SENSE_MAX;
	srb->data_transfer_length = cpu_to_le32(scsi_bufflen(cmd));
	srb->timeout = cpu_to_le32(scsi_cmd_to_rq(cmd)->timeout / HZ);
	srb->queue_action = STORVSC_SIMPLE_TAG;
	switch (cmd->sc_data_direction) {
	case DMA_TO_DEVICE:
		srb->data_in = VSTOR_DATA_WRITE;
		flags |= VSTOR_SRB_FLAG_DATA_OUT;
		break;
	case DMA_FROM_DEVICE:
		srb->data_in = VSTOR_DATA_READ;
		flags |= VSTOR_SRB_FLAG_DATA_IN;
		break;
	default:
		srb->data_in = VSTOR_DATA_UNKNOWN;
		break;
	}
	srb->srb_flags = cpu_to_le32(flags);
}

/* Give a command back: its data to the CPU, then it to the midlayer. */
static void storvsc_done(struct scsi_cmnd *cmd)
{
	storvsc_data_unmap(cmd);
	scsi_done(cmd);
}

static void storvsc_finish(struct scsi_cmnd *cmd, u8 host_byte)
{
	cmd->result = 0;
	set_host_byte(cmd, host_byte);
	storvsc_done(cmd);
}

/* The channel of the command's hardware queue. */
static struct storvsc_chan *storvsc_pick_chan(struct storvsc_host *sh,
					      struct scsi_cmnd *cmd)
{
	/* Pairs with the release in storvsc_add_chan(). */
	u16 n = smp_load_acquire(&sh->nr_chans);
	u32 hwq = blk_mq_unique_tag_to_hwq(blk_mq_unique_tag(scsi_cmd_to_rq(cmd)));
	struct storvsc_chan *chan = &sh->chans[hwq % n];

	return READ_ONCE(chan->gone) ? &sh->chans[0] : chan;
}

static int storvsc_send_on(struct storvsc_chan *chan, struct storvsc_cmd *sc,
			   u32 npfns)
{
	sc->chan = chan;
	if (npfns)
		return vmbus_send_gpa_request(chan->ch, &sc->range,
					      vmbus_gpa_range_size(npfns), 1,
					      &sc->pkt, sizeof(sc->pkt),
					      (uintptr_t)sc);
	return vmbus_send_request(chan->ch, &sc->pkt, sizeof(sc->pkt),
				  (uintptr_t)sc);
}

/* Send under RCU: storvsc_stop() waits for it before closing the channel. */
static int storvsc_send(struct storvsc_host *sh, struct scsi_cmnd *cmd,
			struct storvsc_cmd *sc, u32 npfns)
{
	struct storvsc_chan *chan;
	int ret = -ENODEV;

	atomic_set(&sc->owned, 1);
	rcu_read_lock();
	/*
	 * Nothing would answer: fail at once. The bus refuses sends once the
	 * host is gone (e.g. sd's flush at power-off, after the UNLOAD).
	 */
	if (READ_ONCE(sh->dead))
		goto out_unlock;
	chan = storvsc_pick_chan(sh, cmd);
	sc->cpu = raw_smp_processor_id();
	ret = storvsc_send_on(chan, sc, npfns);
	/*
	 * The bus refuses a subchannel as soon as the host rescinds it, a
	 * moment before storvsc_sc_rescinded() marks it gone: the primary
	 * carries the command, as it carries the later ones.
	 */
	if (ret == -ENODEV && chan != &sh->chans[0])
		ret = storvsc_send_on(&sh->chans[0], sc, npfns);
out_unlock:
	rcu_read_unlock();
	return ret;
}

/**
 * storvsc_queuecommand() - the host template's queuecommand
 * @shost: the SCSI host
 * @cmd: the command
 *
 * Return: 0, or SCSI_MLQUEUE_HOST_BUSY when the ring or the request ids
 * are exhausted (the midlayer retries).
 */
int storvsc_queuecommand(struct Scsi_Host *shost, struct scsi_cmnd *cmd)
{
	struct storvsc_host *sh = shost_priv(shost);
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);
	int ret;

	sc->cmd = cmd;
	storvsc_build_srb(shost, cmd, sc);
	ret = storvsc_data_map(cmd);
	if (ret == -ENOMEM) {
		atomic64_inc(&sh->stats.busy);
		return SCSI_MLQUEUE_HOST_BUSY;
	}
	if (ret < 0) {
		scmd_printk(KERN_ERR, cmd, "data of %u bytes is not one page run: %d\n",
			    scsi_bufflen(cmd), ret);
		storvsc_finish(cmd, DID_ERROR);
		return 0;
	}
	ret = storvsc_send(sh, cmd, sc, ret);
	if (!ret)
		return 0;
	/* storvsc_stop() may have failed it already. */
	if (!atomic_xchg(&sc->owned, 0))
		return 0;
	if (ret == -EAGAIN || ret == -ENOSPC) {
		storvsc_data_unmap(cmd);
		atomic64_inc(&sh->stats.busy);
		return SCSI_MLQUEUE_HOST_BUSY;
	}
	storvsc_finish(cmd, DID_NO_CONNECT);
	return 0;
}

static void storvsc_log_error(struct scsi_cmnd *cmd,
			      const struct vstor_srb *srb)
{
	static DEFINE_RATELIMIT_STATE(rs, DEFAULT_RATELIMIT_INTERVAL,
				      DEFAULT_RATELIMIT_BURST);
	u8 status = VSTOR_SRB_STATUS(srb->srb_status);

	/*
	 * A LUN the host removed answers INVALID_LUN, which is routine,
	 * and the midlayer reports what the device's sense data says.
	 */
	if (status == VSTOR_SRB_INVALID_LUN ||
	    (srb->srb_status & VSTOR_SRB_AUTOSENSE_VALID))
		return;
	if (__ratelimit(&rs))
		scmd_printk(KERN_WARNING, cmd, "cmd %#x: srb status %#x, scsi status %#x\n",
			    cmd->cmnd[0], srb->srb_status, srb->scsi_status);
}

static void storvsc_complete_cmd(struct storvsc_chan *chan,
				 struct storvsc_cmd *sc,
				 const struct vstor_packet *pkt, u32 len)
{
	struct scsi_cmnd *cmd = sc->cmd;
	const struct vstor_srb *srb = &pkt->srb;
	u32 requested = scsi_bufflen(cmd);
	struct storvsc_result res;

	if (storvsc_check_completion(pkt, len, requested)) {
		atomic64_inc(&chan->sh->stats.bad_packets);
		vmbus_channel_break(chan->ch, "malformed VSTOR completion");
		if (atomic_xchg(&sc->owned, 0))
			storvsc_finish(cmd, DID_ERROR);
		return;
	}
	if (!atomic_xchg(&sc->owned, 0))
		return;
	/* Only this callback writes them; debugfs reads. */
	WRITE_ONCE(chan->completions, chan->completions + 1);
	if (sc->cpu != raw_smp_processor_id())
		WRITE_ONCE(chan->remote, chan->remote + 1);
	storvsc_map_result(srb->srb_status, srb->scsi_status, srb->sense,
			   srb->sense_info_length, &res);
	if (VSTOR_SRB_STATUS(srb->srb_status) != VSTOR_SRB_SUCCESS) {
		atomic64_inc(&chan->sh->stats.srb_errors);
		storvsc_log_error(cmd, srb);
	}
	cmd->result = srb->scsi_status;
	set_host_byte(cmd, res.host_byte);
	if ((srb->srb_status & VSTOR_SRB_AUTOSENSE_VALID) &&
	    srb->sense_info_length)
		memcpy(cmd->sense_buffer, srb->sense,
		       min_t(u32, srb->sense_info_length, SCSI_SENSE_BUFFERSIZE));
	scsi_set_resid(cmd, requested - le32_to_cpu(srb->data_transfer_length));
	storvsc_follow_up(chan->sh, cmd->device, &res);
	storvsc_done(cmd);
}

static void storvsc_on_packet(struct storvsc_chan *chan,
			      const struct vmbus_packet_desc *desc)
{
	const struct vstor_packet *pkt = vmbus_packet_data(desc);
	u32 len = vmbus_packet_len(desc);
	u64 cookie;

	switch (le16_to_cpu(desc->type)) {
	case VMBUS_PKT_COMP:
		/* An unknown id breaks the channel, with a log line. */
		if (vmbus_complete_request(chan->ch,
					   le64_to_cpu(desc->trans_id), &cookie))
			return;
		if (cookie & STORVSC_COOKIE_CTL)
			storvsc_ctl_answer(chan->sh, pkt, len);
		else
			storvsc_complete_cmd(chan, (void *)(uintptr_t)cookie,
					     pkt, len);
		return;
	case VMBUS_PKT_DATA_INBAND:
		if (len >= sizeof(*pkt)) {
			storvsc_host_event(chan->sh, pkt);
			return;
		}
		break;
	}
	atomic64_inc(&chan->sh->stats.bad_packets);
	vmbus_channel_break(chan->ch, "unexpected VSTOR packet");
}

/* A channel's callback: drain its completions. */
static void storvsc_on_channel(void *ctx)
{
	struct storvsc_chan *chan = ctx;
	const struct vmbus_packet_desc *desc;

	while ((desc = vmbus_next_packet(chan->ch)) && !IS_ERR(desc)) {
		storvsc_on_packet(chan, desc);
		if (vmbus_channel_broken(chan->ch))
			break;
	}
	vmbus_read_done(chan->ch);
	if (vmbus_channel_broken(chan->ch))
		storvsc_broken(chan->sh);
}

static bool storvsc_fail_one(struct scsi_cmnd *cmd, void *data)
{
	struct storvsc_cmd *sc = scsi_cmd_priv(cmd);

	if (atomic_xchg(&sc->owned, 0))
		storvsc_finish(cmd, DID_NO_CONNECT);
	return true;
}

/**
 * storvsc_fail_all() - fail every command the host still holds
 * @sh: a controller whose channels are closed
 */
void storvsc_fail_all(struct storvsc_host *sh)
{
	scsi_host_busy_iter(sh->shost, storvsc_fail_one, NULL);
}

/**
 * storvsc_open_chan() - open a channel of the controller
 * @sh: the controller
 * @ch: the primary channel or a subchannel
 * @index: its slot in @sh->chans
 *
 * Return: 0 or a negative errno.
 */
int storvsc_open_chan(struct storvsc_host *sh, struct vmbus_channel *ch,
		      u16 index)
{
	struct storvsc_chan *chan = &sh->chans[index];
	struct vmbus_open_params p = {
		.send_ring_size = STORVSC_SEND_RING,
		.recv_ring_size = STORVSC_RECV_RING,
		.max_pkt_size = STORVSC_MAX_PKT,
		/* Commands of one hardware queue and a control request. */
		.rqst_slots = STORVSC_QUEUE_DEPTH + 1,
		.callback = storvsc_on_channel,
		.ctx = chan,
	};

	chan->sh = sh;
	chan->ch = ch;
	chan->index = index;
	return vmbus_open(ch, &p);
}
