// SPDX-License-Identifier: GPL-2.0
/*
 * vmbussim's storvsp: the host side of the synthetic SCSI controller
 * (model 8) and IDE controller (model 9). It answers the VSTOR handshake
 * in the order a Microsoft host enforces (storvsp_proto.c), offers
 * subchannels on CREATE_SUB_CHANNELS, executes SRBs against its LUNs
 * (data moved straight between the backing store and the guest's pages
 * named in the GPA-direct packet), tells the guest about LUNs added and
 * removed, ends a channel on a fatal protocol error, and injects faults
 * on request.
 */

#include <linux/delay.h>
#include <linux/module.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sizes.h>

#include <linux/hyperv/spec/classes.h>
#include <linux/hyperv/spec/vstor.h>

#include "../core/model.h"
#include "storvsp.h"

#define STORVSP_MAX_TRANSFER		SZ_512K
/* Bounce buffer of file-backed LUNs, per copy step. */
#define STORVSP_FILE_CHUNK		SZ_64K
/* Tries to send a completion into a full ring. */
#define STORVSP_SEND_TRIES		2000

#define OP_REPORT_LUNS			0xa0

static unsigned int storvsp_lun_mb = 64;
module_param(storvsp_lun_mb, uint, 0444);
MODULE_PARM_DESC(storvsp_lun_mb, "Size in MiB of the RAM LUN 0:0 each storvsp device starts with (0: none)");

static unsigned int storvsp_max_subchannels = 8;
module_param(storvsp_max_subchannels, uint, 0444);
MODULE_PARM_DESC(storvsp_max_subchannels, "Subchannels a storvsp SCSI device offers at most (0: no multichannel)");

static bool storvsp_now = true;
module_param(storvsp_now, bool, 0644);
MODULE_PARM_DESC(storvsp_now, "Answer reads and writes of RAM LUNs in the guest's signal, as a host on CPUs of its own would, instead of in the channel work");

static unsigned int storvsp_max_version = VSTOR_VERSION_WIN10;
module_param(storvsp_max_version, uint, 0444);
MODULE_PARM_DESC(storvsp_max_version, "Highest VSTOR version storvsp accepts, e.g. 0x600 for 6.0");

static struct storvsp *storvsp_of(struct vmbussim_chan *ch)
{
	return vmbussim_dev_priv(vmbussim_chan_dev(ch));
}

/**
 * storvsp_notify_bus_change() - tell the guest its LUN list changed
 * @sp: the device
 * @removal: send REMOVE_DEVICE instead of ENUMERATE_BUS
 *
 * A Microsoft host announces LUNs added and LUNs removed alike with
 * ENUMERATE_BUS (OpenVMM's storvsp sends nothing else, and takes a
 * REMOVE_DEVICE from the guest as a protocol error); the guest finds a
 * removed LUN by the INVALID_LUN its next command gets. REMOVE_DEVICE is
 * only sent on request (ctl "event remove"), as Linux's driver takes it.
 */
void storvsp_notify_bus_change(struct storvsp *sp, bool removal)
{
	struct vmbussim_chan *ch = vmbussim_dev_chan(sp->dev, 0);
	struct vstor_packet pkt = {
		.operation = cpu_to_le32(removal ? VSTOR_OP_REMOVE_DEVICE :
					 VSTOR_OP_ENUMERATE_BUS),
	};

	/* Before END_INITIALIZATION the guest scans anyway. */
	if (ch && READ_ONCE(sp->ready))
		vmbussim_send(ch, VMBUS_PKT_DATA_INBAND, 0, 0, &pkt, sizeof(pkt));
}

/*
 * Answer a request with a completion of @len bytes (the request's size);
 * @now: in the guest's signal, where the answer is neither delayed nor
 * retried (the host keeps it if the ring is full).
 */
static void storvsp_reply(struct vmbussim_chan *ch, u64 tid,
			  struct vstor_packet *pkt, u32 len, bool srb, bool now)
{
	struct storvsp *sp = storvsp_of(ch);
	int tries = now ? 1 : STORVSP_SEND_TRIES, ret;
	unsigned int delay = now ? 0 : READ_ONCE(sp->delay_ms);

	pkt->operation = cpu_to_le32(VSTOR_OP_COMPLETE_IO);
	pkt->flags = 0;
	if (srb && storvsp_fault(sp, STORVSP_FAULT_BAD_COMPLETION))
		len = 16;
	if (delay)
		msleep(delay);
	/* The guest keeps room for its requests' answers; wait if not. */
	while ((ret = vmbussim_send(ch, VMBUS_PKT_COMP, 0, tid, pkt, len)) ==
	       -EAGAIN && --tries)
		usleep_range(100, 200);
	if (ret)
		atomic64_inc(&sp->stats.send_fail);
}

/* A control request's completion: @status, the body zero. */
static void storvsp_reply_status(struct vmbussim_chan *ch, u64 tid,
				 struct vstor_packet *pkt, u32 len, u32 status)
{
	memset(pkt->buffer, 0, sizeof(pkt->buffer));
	pkt->status = cpu_to_le32(status);
	storvsp_reply(ch, tid, pkt, len, false, false);
}

/*
 * OpenVMM's storvsp refuses 6.2 (Windows 10, "threshold"), but Hyper-V
 * accepts it and Linux's storvsc asks for it first: follow Hyper-V.
 */
static bool storvsp_version_ok(u16 v)
{
	return v <= storvsp_max_version &&
	       (v == VSTOR_VERSION_WIN10 || v == VSTOR_VERSION_WIN8_1 ||
		v == VSTOR_VERSION_WIN8);
}

/* Move @len bytes between the LUN at byte @off and the guest's buffer. */
static int storvsp_media_copy(struct storvsp_lun *l,
			      const struct vmbus_packet_desc *desc, u64 off,
			      u32 len, bool to_guest)
{
	u32 done, n;
	u8 *bounce;
	int ret = 0;

	if (l->ram)
		return vmbussim_gpa_copy(desc, 0, l->ram + off, len, to_guest);
	bounce = kmalloc(min_t(u32, len, STORVSP_FILE_CHUNK), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;
	for (done = 0; done < len && !ret; done += n) {
		n = min_t(u32, len - done, STORVSP_FILE_CHUNK);
		if (to_guest) {
			ret = storvsp_lun_io(l, off + done, bounce, n, false) ?:
			      vmbussim_gpa_copy(desc, done, bounce, n, true);
		} else {
			ret = vmbussim_gpa_copy(desc, done, bounce, n, false) ?:
			      storvsp_lun_io(l, off + done, bounce, n, true);
		}
	}
	kfree(bounce);
	return ret;
}

/* Fill blocks [lba, lba + n) with @block (NULL: zeros). */
static int storvsp_fill(struct storvsp_lun *l, u64 lba, u32 n,
			const u8 *block)
{
	static const u8 zeros[STORVSP_BLOCK_SIZE];
	u64 off = lba * STORVSP_BLOCK_SIZE;
	int ret = 0;
	u32 i;

	if (!block)
		block = zeros;
	for (i = 0; i < n && !ret; i++, off += STORVSP_BLOCK_SIZE) {
		if (l->ram)
			memcpy(l->ram + off, block, STORVSP_BLOCK_SIZE);
		else
			ret = storvsp_lun_io(l, off, (void *)block,
					     STORVSP_BLOCK_SIZE, true);
	}
	return ret;
}

static int storvsp_unmap(struct storvsp_lun *l, const u8 *param, u32 len)
{
	u32 pos = 0, n;
	u64 lba;
	int ret;

	while ((ret = storvsp_unmap_next(param, len, &pos, &lba, &n)) > 0) {
		if (lba > l->blocks || n > l->blocks - lba)
			return -ERANGE;
		ret = storvsp_fill(l, lba, n, NULL);
		if (ret)
			return ret;
	}
	return ret;
}

/*
 * Carry out a media action; return the bytes transferred or an errno
 * (-EACCES: it would write the guest's buffer, which @may_write forbids).
 */
static int storvsp_do_action(struct storvsp_lun *l,
			     const struct vmbus_packet_desc *desc,
			     const struct storvsp_result *r, u8 *buf, u32 xfer,
			     bool may_write)
{
	u64 off = r->lba * STORVSP_BLOCK_SIZE;
	u32 bytes = r->nblocks * STORVSP_BLOCK_SIZE;
	int ret;

	if (!may_write &&
	    (r->action == STORVSP_READ ||
	     (r->action == STORVSP_RESPOND && r->len && xfer)))
		return -EACCES;
	switch (r->action) {
	case STORVSP_READ:
	case STORVSP_WRITE:
		ret = storvsp_media_copy(l, desc, off, bytes,
					 r->action == STORVSP_READ);
		return ret ?: bytes;
	case STORVSP_SYNC:
		return storvsp_lun_sync(l);
	case STORVSP_ZERO:
		return storvsp_fill(l, r->lba, r->nblocks, NULL);
	case STORVSP_WRITE_SAME:
		ret = vmbussim_gpa_copy(desc, 0, buf, STORVSP_BLOCK_SIZE, false);
		return ret ?: storvsp_fill(l, r->lba, r->nblocks, buf) ?:
		       STORVSP_BLOCK_SIZE;
	case STORVSP_UNMAP:
		xfer = min_t(u32, xfer, STORVSP_RESP_MAX);
		ret = vmbussim_gpa_copy(desc, 0, buf, xfer, false);
		return ret ?: storvsp_unmap(l, buf, xfer) ?: xfer;
	default:
		if (!r->len)
			return 0;
		xfer = min(xfer, r->len);
		ret = vmbussim_gpa_copy(desc, 0, buf, xfer, true);
		return ret ?: xfer;
	}
}

/* Faults on reads and writes: the guest must see them as I/O errors. */
static bool storvsp_media_fault(struct storvsp *sp, const u8 *cdb,
				struct storvsp_result *r)
{
	bool write = cdb[0] == 0x2a || cdb[0] == 0x8a;

	if (!write && cdb[0] != 0x28 && cdb[0] != 0x88)
		return false;
	if (storvsp_fault(sp, STORVSP_FAULT_SENSE_ERROR)) {
		/* MEDIUM ERROR: write error / unrecovered read error */
		storvsp_scsi_sense(r, 0x3, write ? 0x0c : 0x11, 0);
		return true;
	}
	return false;
}

static bool storvsp_needs_buf(u8 op)
{
	return op != 0x28 && op != 0x2a && op != 0x88 && op != 0x8a;
}

/*
 * The LUN an SRB addresses, referenced, or NULL. Every LUN of storvsp is
 * on path (SCSI channel) 0; other paths are addresses without a LUN, as
 * on a Hyper-V controller, not malformed requests.
 */
static struct storvsp_lun *storvsp_srb_lun(struct storvsp *sp,
					   const struct vstor_srb *srb)
{
	if (srb->path_id)
		return NULL;
	return storvsp_lun_get(sp, srb->target_id, srb->lun);
}

/*
 * REPORT LUNS: the controller answers it for any LUN, present or not,
 * with the LUNs of the SRB's path and target; a target without LUNs
 * gets an empty list (OpenVMM's storvsp, which follows Hyper-V's here).
 */
static void storvsp_report(struct storvsp *sp, const struct vstor_srb *srb,
			   u32 xfer, u8 *buf, struct storvsp_result *r)
{
	u8 luns[STORVSP_LUNS];
	u32 n;

	memset(r, 0, sizeof(*r));
	n = storvsp_target_luns(sp, srb->path_id, srb->target_id, luns);
	r->len = storvsp_report_luns(luns, n, buf,
				     min_t(u32, xfer, STORVSP_RESP_MAX));
}

/* Execute an SRB on LUN @l, which the caller holds with its resize lock. */
static int storvsp_exec_lun(struct storvsp *sp, struct storvsp_lun *l,
			    struct vstor_srb *srb,
			    const struct vmbus_packet_desc *desc, u8 *buf)
{
	u32 xfer = le32_to_cpu(srb->data_transfer_length);
	struct storvsp_disk d = {};
	struct storvsp_result r;
	u8 cdb[VSTOR_CDB_MAX];
	int ret;

	memcpy(cdb, srb->cdb, sizeof(cdb));
	if (storvsp_status_fault(sp, srb, !storvsp_needs_buf(cdb[0])))
		return -EIO;
	d.blocks = l->blocks;
	d.id = l->id;
	d.thin = true;
	if (!storvsp_unit_attention(l, cdb[0], &r) &&
	    !storvsp_media_fault(sp, cdb, &r))
		storvsp_scsi_exec(&d, cdb, srb->cdb_length, xfer, buf, &r);
	ret = storvsp_do_action(l, desc, &r, buf, xfer,
				storvsp_may_write(srb->data_in));
	storvsp_srb_result(srb, &r, ret);
	if (ret == -EACCES)
		atomic64_inc(&sp->stats.denied);
	else if (ret > 0 && r.action == STORVSP_READ)
		atomic64_add(ret, &sp->stats.bytes_read);
	else if (ret > 0 && r.action == STORVSP_WRITE)
		atomic64_add(ret, &sp->stats.bytes_written);
	else if (!ret && r.action == STORVSP_SYNC)
		atomic64_inc(&sp->stats.syncs);
	return ret < 0 || r.status ? -EIO : 0;
}

/* REPORT LUNS, or any command to an address without a LUN. */
static int storvsp_exec_nolun(struct storvsp *sp, struct vstor_srb *srb,
			      const struct vmbus_packet_desc *desc, u8 *buf)
{
	u32 xfer = le32_to_cpu(srb->data_transfer_length);
	struct storvsp_result r;
	int ret;

	if (srb->cdb[0] == OP_REPORT_LUNS)
		storvsp_report(sp, srb, xfer, buf, &r);
	else
		storvsp_scsi_absent(srb->cdb, srb->cdb_length, xfer, srb->lun,
				    buf, &r);
	ret = storvsp_do_action(NULL, desc, &r, buf, xfer,
				storvsp_may_write(srb->data_in));
	storvsp_srb_result(srb, &r, ret);
	if (ret == -EACCES)
		atomic64_inc(&sp->stats.denied);
	return ret < 0 || r.status ? -EIO : 0;
}

static int storvsp_exec(struct storvsp *sp, struct vstor_srb *srb,
			const struct vmbus_packet_desc *desc, u8 *buf)
{
	struct storvsp_lun *l;
	int ret;

	l = srb->cdb[0] == OP_REPORT_LUNS ? NULL : storvsp_srb_lun(sp, srb);
	if (!l)
		return storvsp_exec_nolun(sp, srb, desc, buf);
	/* A resize waits for the commands using the LUN. */
	down_read(&l->resize);
	ret = storvsp_exec_lun(sp, l, srb, desc, buf);
	up_read(&l->resize);
	storvsp_lun_put(l);
	return ret;
}

/*
 * Execute an SRB (its data range checked by storvsp_parse()) and answer
 * it with a completion of the request's size. @now_lun: in the guest's
 * signal, the LUN, held with its resize lock by storvsp_packet_now()
 * (released here).
 */
static void storvsp_srb(struct vmbussim_chan *ch,
			const struct vmbus_packet_desc *desc,
			struct vstor_packet *pkt, u32 req_len,
			struct storvsp_lun *now_lun)
{
	struct storvsp *sp = storvsp_of(ch);
	struct vstor_srb *srb = &pkt->srb;
	u8 *buf = NULL;
	int ret = -EINVAL;

	if (!srb->cdb_length || srb->cdb_length > VSTOR_CDB_MAX) {
		atomic64_inc(&sp->stats.bad_requests);
		srb->srb_status = VSTOR_SRB_INVALID_REQUEST;
		goto reply;
	}
	if (now_lun) {
		ret = storvsp_exec_lun(sp, now_lun, srb, desc, NULL);
		goto reply;
	}
	if (storvsp_needs_buf(srb->cdb[0])) {
		buf = kzalloc(STORVSP_RESP_MAX, GFP_KERNEL);
		if (!buf) {
			srb->srb_status = VSTOR_SRB_INTERNAL_ERROR;
			goto reply;
		}
	}
	ret = storvsp_exec(sp, srb, desc, buf);
	kfree(buf);
reply:
	if (now_lun) {
		up_read(&now_lun->resize);
		storvsp_lun_put_atomic(now_lun);
	}
	if (ret) {
		atomic64_inc(&sp->stats.errors);
		if (!(srb->srb_status & VSTOR_SRB_AUTOSENSE_VALID)) {
			srb->sense_info_length = 0;
			srb->data_transfer_length = 0;
		}
	}
	pkt->status = cpu_to_le32(storvsp_nt_status(srb->srb_status));
	storvsp_completion_srb(srb);
	if (storvsp_fault(sp, STORVSP_FAULT_BAD_SENSE_LEN))
		srb->sense_info_length = 200;
	atomic64_inc(&sp->stats.srbs);
	storvsp_reply(ch, le64_to_cpu(desc->trans_id), pkt,
		      STORVSP_HDR_LEN + req_len, true, !!now_lun);
}

/* The most subchannels the device offers (0: no multichannel). */
static u16 storvsp_sc_max(struct storvsp *sp)
{
	return sp->ide ? 0 : min_t(u32, storvsp_max_subchannels, U16_MAX);
}

/*
 * CREATE_SUB_CHANNELS names the total the guest wants: a repeat offers
 * nothing more, more than the maximum is INVALID_PARAMETER.
 */
static u32 storvsp_subchannels(struct storvsp *sp, struct vstor_packet *pkt)
{
	u16 want = le16_to_cpu(pkt->subchannels), more;
	u32 status;

	memset(pkt->buffer, 0, sizeof(pkt->buffer));
	status = storvsp_sc_request(want, atomic_read(&sp->sc_offered),
				    storvsp_sc_max(sp), &more);
	if (status || !more)
		return status;
	if (vmbussim_offer_subchannels(sp->dev, more))
		return STORVSP_NT_UNSUCCESSFUL;
	atomic_add(more, &sp->sc_offered);
	return 0;
}

static u32 storvsp_query_version(struct storvsp *sp, struct vstor_packet *pkt)
{
	u16 v = le16_to_cpu(pkt->version.major_minor);

	/* The completion names the version asked for, accepted or not. */
	memset(pkt->buffer, 0, sizeof(pkt->buffer));
	pkt->version.major_minor = cpu_to_le16(v);
	if (!storvsp_version_ok(v))
		return STORVSP_NT_REVISION_MISMATCH;
	sp->version = v;
	return 0;
}

static u32 storvsp_properties(struct storvsp *sp, struct vstor_packet *pkt)
{
	u16 max = storvsp_sc_max(sp);

	memset(pkt->buffer, 0, sizeof(pkt->buffer));
	pkt->props.max_transfer_bytes = cpu_to_le32(STORVSP_MAX_TRANSFER);
	if (max) {
		pkt->props.max_channels = cpu_to_le16(max);
		pkt->props.flags = cpu_to_le32(VSTOR_PROP_MULTI_CHANNEL);
	}
	return 0;
}

/* Run a control operation the state allows; return its NTSTATUS. */
static u32 storvsp_control(struct storvsp *sp, struct vstor_packet *pkt)
{
	switch (le32_to_cpu(pkt->operation)) {
	case VSTOR_OP_RESET_LUN:
	case VSTOR_OP_RESET_BUS:
	case VSTOR_OP_RESET_ADAPTER:
		/* SRBs run to their end in the packet hook: none is pending. */
		atomic64_inc(&sp->stats.resets);
		break;
	case VSTOR_OP_QUERY_PROTOCOL_VERSION:
		return storvsp_query_version(sp, pkt);
	case VSTOR_OP_QUERY_PROPERTIES:
		return storvsp_properties(sp, pkt);
	case VSTOR_OP_CREATE_SUB_CHANNELS:
		return storvsp_subchannels(sp, pkt);
	case VSTOR_OP_FCHBA_DATA:
		return storvsp_fc_answer(sp, pkt);
	}
	memset(pkt->buffer, 0, sizeof(pkt->buffer));
	return 0;
}

/* The primary channel reached READY: subchannels and events may go. */
static void storvsp_now_ready(struct storvsp *sp)
{
	WRITE_ONCE(sp->ready, true);
	storvsp_release_held(sp);
}

/**
 * storvsp_handle() - run a request storvsp_parse() accepted
 * @ch: the channel it came on
 * @desc: the whole packet
 * @pkt: the request; rewritten as the completion
 * @req_len: the request's bytes after the header, mirrored in the
 *	completion
 *
 * On the primary channel the initialisation state decides what may run;
 * a subchannel (only ready devices reach here) takes SRBs and resets.
 * Out of order: INVALID_DEVICE_STATE, the body zero.
 */
void storvsp_handle(struct vmbussim_chan *ch,
		    const struct vmbus_packet_desc *desc,
		    struct vstor_packet *pkt, u32 req_len)
{
	struct storvsp *sp = storvsp_of(ch);
	u64 tid = le64_to_cpu(desc->trans_id);
	u32 op = le32_to_cpu(pkt->operation), len = STORVSP_HDR_LEN + req_len;
	bool primary = !vmbussim_chan_index(ch);
	enum storvsp_state st = primary ? sp->state : STORVSP_ST_READY;
	u32 status;

	if (!storvsp_allowed(st, op, sp->fc) ||
	    (!primary && op == VSTOR_OP_CREATE_SUB_CHANNELS)) {
		atomic64_inc(&sp->stats.refused);
		pr_warn_ratelimited("vmbussim: storvsp relid %u: operation %u out of order\n",
				    vmbussim_chan_relid(ch), op);
		storvsp_reply_status(ch, tid, pkt, len,
				     STORVSP_NT_INVALID_DEVICE_STATE);
		return;
	}
	if (op == VSTOR_OP_EXECUTE_SRB) {
		storvsp_srb(ch, desc, pkt, req_len, NULL);
		return;
	}
	status = storvsp_control(sp, pkt);
	pkt->status = cpu_to_le32(status);
	storvsp_reply(ch, tid, pkt, len, false, false);
	if (!primary)
		return;
	WRITE_ONCE(sp->state, storvsp_next(st, op, !status));
	if (st != STORVSP_ST_READY && sp->state == STORVSP_ST_READY)
		storvsp_now_ready(sp);
}

/* A fatal protocol error: the host ends the channel. */
static void storvsp_fatal(struct vmbussim_chan *ch, const char *why)
{
	atomic64_inc(&storvsp_of(ch)->stats.fatal);
	vmbussim_chan_fail(ch, why);
}

static void storvsp_packet(struct vmbussim_chan *ch,
			   const struct vmbus_packet_desc *desc,
			   const void *data, u32 len)
{
	struct storvsp *sp = storvsp_of(ch);
	struct vstor_packet pkt;
	const char *why;
	u32 req_len;

	why = storvsp_parse(desc, data, len, sp->fc, &pkt, &req_len);
	if (why) {
		storvsp_fatal(ch, why);
		return;
	}
	/* Subchannel I/O waits for the end of the initialisation. */
	if (vmbussim_chan_index(ch) && storvsp_hold(sp, ch, desc, data, len))
		return;
	storvsp_handle(ch, desc, &pkt, req_len);
}

/*
 * In the guest's signal (no sleeping): reads and writes of a RAM LUN,
 * unless completions are to be delayed. The rest waits for the work.
 */
static bool storvsp_packet_now(struct vmbussim_chan *ch,
			       const struct vmbus_packet_desc *desc,
			       const void *data, u32 len)
{
	struct storvsp *sp = storvsp_of(ch);
	struct vstor_packet pkt;
	struct storvsp_lun *l;
	u32 req_len;

	/* Its answer is parked if the ring is full. */
	BUILD_BUG_ON(sizeof(pkt) > VMBUSSIM_PARKED_MAX);
	/* Before READY (or while subchannel packets wait) the work decides. */
	if (!READ_ONCE(storvsp_now) || READ_ONCE(sp->delay_ms) ||
	    storvsp_holding(sp) ||
	    le16_to_cpu(desc->type) != VMBUS_PKT_DATA_USING_GPA_DIRECT)
		return false;
	/* A fatal packet ends the channel in the work. */
	if (storvsp_parse(desc, data, len, sp->fc, &pkt, &req_len))
		return false;
	if (le32_to_cpu(pkt.operation) != VSTOR_OP_EXECUTE_SRB ||
	    storvsp_needs_buf(pkt.srb.cdb[0]))
		return false;
	l = storvsp_srb_lun(sp, &pkt.srb);
	if (!l)
		return false;
	if (!down_read_trylock(&l->resize)) {
		storvsp_lun_put_atomic(l);
		return false;
	}
	if (!l->ram) {
		up_read(&l->resize);
		storvsp_lun_put_atomic(l);
		return false;
	}
	storvsp_srb(ch, desc, &pkt, req_len, l);
	return true;
}

static const struct vmbussim_model storvsp_model_ide;
static const struct vmbussim_model storvsp_model_fc;

/* The three models share their hooks; the model says which bus it is. */
static int storvsp_init(struct vmbussim_dev *dev)
{
	const struct vmbussim_model *model = vmbussim_dev_model(dev);
	struct storvsp *sp = kzalloc(sizeof(*sp), GFP_KERNEL);
	char name[40];

	if (!sp)
		return -ENOMEM;
	sp->dev = dev;
	sp->ide = model == &storvsp_model_ide;
	sp->fc = model == &storvsp_model_fc;
	if (sp->fc)
		storvsp_fc_init_names(sp);
	spin_lock_init(&sp->lock);
	storvsp_hold_init(sp);
	vmbussim_dev_set_priv(dev, sp);
	snprintf(name, sizeof(name), "%pUl", vmbussim_dev_instance(dev));
	storvsp_debugfs_add(sp, name);
	if (storvsp_lun_mb)
		storvsp_lun_add(sp, 0, 0, (u64)storvsp_lun_mb << 20, NULL,
				false);
	return 0;
}

static void storvsp_release(struct vmbussim_dev *dev)
{
	struct storvsp *sp = vmbussim_dev_priv(dev);

	storvsp_debugfs_remove(sp);
	storvsp_drop_held(sp, NULL);
	mutex_destroy(&sp->hold_lock);
	storvsp_luns_free(sp);
	kfree(sp);
}

/* The primary channel starts (again) at BEGIN_INITIALIZATION. */
static void storvsp_reset(struct storvsp *sp)
{
	WRITE_ONCE(sp->ready, false);
	WRITE_ONCE(sp->state, STORVSP_ST_BEGIN);
	sp->version = 0;
	atomic_set(&sp->sc_offered, 0);
}

static int storvsp_open(struct vmbussim_chan *ch)
{
	if (vmbussim_chan_index(ch) == 0)
		storvsp_reset(storvsp_of(ch));
	return 0;
}

/*
 * Every SRB is answered inside the packet hook: nothing to stop but the
 * packets a subchannel keeps. Closing the primary resets the device (its
 * subchannels are withdrawn).
 */
static void storvsp_close(struct vmbussim_chan *ch)
{
	struct storvsp *sp = storvsp_of(ch);

	if (vmbussim_chan_index(ch))
		storvsp_drop_held(sp, ch);
	else
		storvsp_reset(sp);
}

static const char *storvsp_state_name(enum storvsp_state st)
{
	static const char * const names[] = {
		[STORVSP_ST_BEGIN] = "begin",
		[STORVSP_ST_VERSION] = "version",
		[STORVSP_ST_PROPERTIES] = "properties",
		[STORVSP_ST_END] = "end",
		[STORVSP_ST_END_SC] = "end",
		[STORVSP_ST_READY] = "ready",
	};

	return st < ARRAY_SIZE(names) ? names[st] : "?";
}

static void storvsp_stats(struct vmbussim_dev *dev, struct seq_file *m)
{
	struct storvsp *sp = vmbussim_dev_priv(dev);

	seq_printf(m, " version=%u.%u subchannels=%d srbs=%lld read=%lld written=%lld",
		   VSTOR_VERSION_MAJOR(sp->version),
		   VSTOR_VERSION_MINOR(sp->version),
		   atomic_read(&sp->sc_offered), atomic64_read(&sp->stats.srbs),
		   atomic64_read(&sp->stats.bytes_read),
		   atomic64_read(&sp->stats.bytes_written));
	seq_printf(m, " errors=%lld bad_requests=%lld faults=%lld send_fail=%lld resets=%lld syncs=%lld",
		   atomic64_read(&sp->stats.errors),
		   atomic64_read(&sp->stats.bad_requests),
		   atomic64_read(&sp->stats.faults),
		   atomic64_read(&sp->stats.send_fail),
		   atomic64_read(&sp->stats.resets),
		   atomic64_read(&sp->stats.syncs));
	seq_printf(m, " state=%s fatal=%lld refused=%lld denied=%lld held=%d",
		   storvsp_state_name(READ_ONCE(sp->state)),
		   atomic64_read(&sp->stats.fatal),
		   atomic64_read(&sp->stats.refused),
		   atomic64_read(&sp->stats.denied),
		   atomic_read(&sp->nr_held));
	if (sp->fc)
		seq_printf(m, " port_name=0x%llx node_name=0x%llx",
			   READ_ONCE(sp->port_wwn), READ_ONCE(sp->node_wwn));
}

static const struct vmbussim_model_ops storvsp_ops = {
	.init = storvsp_init,
	.release = storvsp_release,
	.open = storvsp_open,
	.close = storvsp_close,
	.packet = storvsp_packet,
	.packet_now = storvsp_packet_now,
	.stats = storvsp_stats,
};

static const struct vmbussim_model storvsp_model = {
	.owner = THIS_MODULE,
	.name = "storvsp",
	.index = 8,
	.class_id = VMBUS_CLASS_SCSI,
	.ops = &storvsp_ops,
	.batch_signals = true,
};

static const struct vmbussim_model storvsp_model_fc = {
	.owner = THIS_MODULE,
	.name = "storvsp_fc",
	.index = 11,
	.class_id = VMBUS_CLASS_FC,
	.ops = &storvsp_ops,
	.batch_signals = true,
};

static const struct vmbussim_model storvsp_model_ide = {
	.owner = THIS_MODULE,
	.name = "storvsp_ide",
	.index = 9,
	.class_id = VMBUS_CLASS_IDE,
	.ops = &storvsp_ops,
	.batch_signals = true,
};

static const struct vmbussim_model *const storvsp_models[] = {
	&storvsp_model, &storvsp_model_ide, &storvsp_model_fc,
};

static int __init storvsp_module_init(void)
{
	return vmbussim_models_register(storvsp_models,
					ARRAY_SIZE(storvsp_models));
}
module_init(storvsp_module_init);

static void __exit storvsp_module_exit(void)
{
	vmbussim_models_unregister(storvsp_models, ARRAY_SIZE(storvsp_models));
}
module_exit(storvsp_module_exit);

MODULE_DESCRIPTION("vmbussim: storage VSP models (SCSI, IDE, Fibre Channel)");
MODULE_ALIAS("vmbussim-model-storvsp");
MODULE_ALIAS("vmbussim-model-storvsp_ide");
MODULE_ALIAS("vmbussim-model-storvsp_fc");
MODULE_LICENSE("GPL");
MODULE_IMPORT_NS("VMBUSSIM");
