// SPDX-License-Identifier: GPL-2.0
/*
 * SCSI command emulation of storvsp's disks: a pure function from a CDB
 * and what the model knows about the LUN to a response (INQUIRY with VPD
 * pages, READ CAPACITY, MODE SENSE, REQUEST SENSE) or a media action for
 * the model to carry out (READ, WRITE, SYNCHRONIZE CACHE, UNMAP, WRITE
 * SAME), or CHECK CONDITION with sense data; and the answers of an
 * address without a LUN, as a Hyper-V host gives them. KUnit-tested in
 * storvsp_scsi_test.c.
 */

#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/minmax.h>
#include <linux/sizes.h>
#include <linux/string.h>

#include "storvsp.h"

/* Operation codes (SPC, SBC). */
#define OP_TEST_UNIT_READY	0x00
#define OP_REQUEST_SENSE	0x03
#define OP_INQUIRY		0x12
#define OP_MODE_SENSE_6		0x1a
#define OP_START_STOP		0x1b
#define OP_READ_CAPACITY_10	0x25
#define OP_READ_10		0x28
#define OP_WRITE_10		0x2a
#define OP_VERIFY_10		0x2f
#define OP_SYNC_CACHE_10	0x35
#define OP_WRITE_SAME_10	0x41
#define OP_UNMAP		0x42
#define OP_MODE_SENSE_10	0x5a
#define OP_READ_16		0x88
#define OP_WRITE_16		0x8a
#define OP_SYNC_CACHE_16	0x91
#define OP_WRITE_SAME_16	0x93
#define OP_SERVICE_ACTION_IN	0x9e
#define SAI_READ_CAPACITY_16	0x10

#define SAM_GOOD		0x00
#define SAM_CHECK_CONDITION	0x02

#define KEY_NO_SENSE		0x0
#define KEY_ILLEGAL_REQUEST	0x5
#define ASC_LBA_OUT_OF_RANGE	0x21
#define ASC_INVALID_OPCODE	0x20
#define ASC_INVALID_FIELD_CDB	0x24

/* Blocks one WRITE SAME or UNMAP descriptor may cover. */
#define STORVSP_MAX_UNMAP_BLOCKS	BIT(20)
#define STORVSP_MAX_UNMAP_DESCS		16

static u16 get_be16(const u8 *p)
{
	return p[0] << 8 | p[1];
}

static u32 get_be32(const u8 *p)
{
	return (u32)get_be16(p) << 16 | get_be16(p + 2);
}

static u64 get_be64(const u8 *p)
{
	return (u64)get_be32(p) << 32 | get_be32(p + 4);
}

static void put_be16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static void put_be32(u8 *p, u32 v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v);
}

static void put_be64(u8 *p, u64 v)
{
	put_be32(p, v >> 32);
	put_be32(p + 4, v);
}

/**
 * storvsp_scsi_sense() - complete with CHECK CONDITION and fixed sense
 * @r: the result
 * @key: sense key
 * @asc: additional sense code
 * @ascq: its qualifier
 */
void storvsp_scsi_sense(struct storvsp_result *r, u8 key, u8 asc, u8 ascq)
{
	r->action = STORVSP_RESPOND;
	r->status = SAM_CHECK_CONDITION;
	r->len = 0;
	memset(r->sense, 0, sizeof(r->sense));
	r->sense[0] = 0x70;	/* current error, fixed format */
	r->sense[2] = key;
	r->sense[7] = STORVSP_SENSE_LEN - 8;
	r->sense[12] = asc;
	r->sense[13] = ascq;
}

static void storvsp_invalid_field(struct storvsp_result *r)
{
	storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_INVALID_FIELD_CDB, 0);
}

/* Standard INQUIRY data: an SPC-3 disk that queues commands. */
static u32 storvsp_inquiry_std(u8 *buf)
{
	buf[0] = 0x00;		/* connected direct-access block device */
	buf[2] = 0x05;		/* SPC-3 */
	buf[3] = 0x02;		/* response data format 2 */
	buf[4] = 36 - 5;
	buf[7] = 0x02;		/* CmdQue */
	memcpy(buf + 8, "Msft    ", 8);
	memcpy(buf + 16, "Virtual Disk    ", 16);
	memcpy(buf + 32, "1.0 ", 4);
	return 36;
}

static u32 storvsp_vpd_pages(const struct storvsp_disk *d, u8 *buf)
{
	static const u8 pages[] = { 0x00, 0x80, 0x83, 0xb0, 0xb1, 0xb2 };
	u32 n = d->thin ? ARRAY_SIZE(pages) : ARRAY_SIZE(pages) - 1;

	memcpy(buf + 4, pages, n);
	return 4 + n;
}

static u32 storvsp_vpd_serial(const struct storvsp_disk *d, u8 *buf)
{
	u32 n = snprintf(buf + 4, 32, "VMBSIM%08X", d->id);

	return 4 + n;
}

/* One T10 vendor-id designator: vendor, product and serial number. */
static u32 storvsp_vpd_devid(const struct storvsp_disk *d, u8 *buf)
{
	u8 *desc = buf + 4;
	u32 n;

	desc[0] = 0x02;		/* ASCII */
	desc[1] = 0x01;		/* T10 vendor id, associated with the LUN */
	memcpy(desc + 4, "Msft    Virtual Disk    ", 24);
	n = 24 + snprintf(desc + 28, 32, "VMBSIM%08X", d->id);
	desc[3] = n;
	return 4 + 4 + n;
}

static u32 storvsp_vpd_limits(const struct storvsp_disk *d, u8 *buf)
{
	put_be32(buf + 8, SZ_512K / STORVSP_BLOCK_SIZE);  /* max transfer */
	put_be32(buf + 12, SZ_64K / STORVSP_BLOCK_SIZE);  /* optimal */
	if (d->thin) {
		put_be32(buf + 20, STORVSP_MAX_UNMAP_BLOCKS);
		put_be32(buf + 24, STORVSP_MAX_UNMAP_DESCS);
		put_be64(buf + 36, STORVSP_MAX_UNMAP_BLOCKS);
	}
	return 64;
}

static void storvsp_inquiry(const struct storvsp_disk *d, const u8 *cdb,
			    u8 *buf, struct storvsp_result *r)
{
	u32 len;

	if (!(cdb[1] & 0x01)) {
		if (cdb[2]) {
			storvsp_invalid_field(r);
			return;
		}
		len = storvsp_inquiry_std(buf);
	} else {
		buf[1] = cdb[2];
		switch (cdb[2]) {
		case 0x00:
			len = storvsp_vpd_pages(d, buf);
			break;
		case 0x80:
			len = storvsp_vpd_serial(d, buf);
			break;
		case 0x83:
			len = storvsp_vpd_devid(d, buf);
			break;
		case 0xb0:
			len = storvsp_vpd_limits(d, buf);
			break;
		case 0xb1:
			buf[5] = 0x01;	/* non-rotating medium */
			len = 64;
			break;
		case 0xb2:
			if (!d->thin) {
				storvsp_invalid_field(r);
				return;
			}
			buf[5] = 0xe0;	/* LBPU, LBPWS, LBPWS10 */
			buf[6] = 0x02;	/* thin provisioned */
			len = 8;
			break;
		default:
			storvsp_invalid_field(r);
			return;
		}
		put_be16(buf + 2, len - 4);
	}
	r->len = min_t(u32, len, get_be16(cdb + 3));
}

static void storvsp_read_capacity(const struct storvsp_disk *d, const u8 *cdb,
				  u8 *buf, struct storvsp_result *r)
{
	u64 last = d->blocks - 1;

	if (cdb[0] == OP_READ_CAPACITY_10) {
		put_be32(buf, min_t(u64, last, U32_MAX));
		put_be32(buf + 4, STORVSP_BLOCK_SIZE);
		r->len = 8;
		return;
	}
	if ((cdb[1] & 0x1f) != SAI_READ_CAPACITY_16) {
		storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		return;
	}
	put_be64(buf, last);
	put_be32(buf + 8, STORVSP_BLOCK_SIZE);
	if (d->thin)
		buf[14] = 0xc0;	/* LBPME, LBPRZ: unmapped blocks read zero */
	r->len = min_t(u32, 32, get_be32(cdb + 10));
}

/* Mode pages: caching (write cache on) and control; 0x3f is all. */
static u32 storvsp_mode_pages(u8 page, u8 *p)
{
	u32 n = 0;

	if (page == 0x08 || page == 0x3f) {
		p[0] = 0x08;
		p[1] = 0x12;
		p[2] = 0x04;	/* WCE */
		n += 20;
	}
	if (page == 0x0a || page == 0x3f) {
		p[n] = 0x0a;
		p[n + 1] = 0x0a;
		n += 12;
	}
	return n;
}

static void storvsp_mode_sense(const u8 *cdb, u8 *buf,
			       struct storvsp_result *r)
{
	bool ten = cdb[0] == OP_MODE_SENSE_10;
	u32 hdr = ten ? 8 : 4, n;

	n = storvsp_mode_pages(cdb[2] & 0x3f, buf + hdr);
	if (!n) {
		storvsp_invalid_field(r);
		return;
	}
	if (ten) {
		put_be16(buf, hdr + n - 2);
		r->len = min_t(u32, hdr + n, get_be16(cdb + 7));
	} else {
		buf[0] = hdr + n - 1;
		r->len = min_t(u32, hdr + n, cdb[4]);
	}
}

/* READ, WRITE, WRITE SAME: the block range, checked against the disk. */
static void storvsp_media(const struct storvsp_disk *d, const u8 *cdb,
			  u32 xfer_len, enum storvsp_action action,
			  struct storvsp_result *r)
{
	bool sixteen = cdb[0] == OP_READ_16 || cdb[0] == OP_WRITE_16 ||
		       cdb[0] == OP_WRITE_SAME_16;
	u64 lba = sixteen ? get_be64(cdb + 2) : get_be32(cdb + 2);
	u32 n = sixteen ? get_be32(cdb + 10) : get_be16(cdb + 7);
	u64 bytes = (u64)n * STORVSP_BLOCK_SIZE;

	if (lba > d->blocks || n > d->blocks - lba) {
		storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_LBA_OUT_OF_RANGE, 0);
		return;
	}
	if (action == STORVSP_WRITE_SAME || action == STORVSP_ZERO) {
		if (n > STORVSP_MAX_UNMAP_BLOCKS ||
		    (action == STORVSP_WRITE_SAME && xfer_len < STORVSP_BLOCK_SIZE)) {
			storvsp_invalid_field(r);
			return;
		}
	} else if (bytes > xfer_len) {
		storvsp_invalid_field(r);
		return;
	}
	if (!n)
		return;
	r->action = action;
	r->lba = lba;
	r->nblocks = n;
}

static void storvsp_thin(const struct storvsp_disk *d, const u8 *cdb,
			 u32 xfer_len, struct storvsp_result *r)
{
	if (!d->thin) {
		storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		return;
	}
	if (cdb[0] == OP_UNMAP) {
		if (get_be16(cdb + 7) > xfer_len) {
			storvsp_invalid_field(r);
			return;
		}
		r->action = STORVSP_UNMAP;
		return;
	}
	storvsp_media(d, cdb, xfer_len,
		      cdb[1] & 0x08 ? STORVSP_ZERO : STORVSP_WRITE_SAME, r);
}

/* Bytes each operation code's CDB has, or 0 for an unknown code. */
static u32 storvsp_cdb_size(u8 op)
{
	switch (op >> 5) {
	case 0:
		return 6;
	case 1:
	case 2:
		return 10;
	case 4:
		return 16;
	case 5:
		return 12;
	}
	return 0;
}

/**
 * storvsp_scsi_exec() - emulate one command on a disk
 * @d: the disk
 * @cdb: the command
 * @cdb_len: its length as the guest gave it
 * @xfer_len: bytes of data the guest's buffer holds
 * @buf: STORVSP_RESP_MAX zeroed bytes for a response
 * @r: the outcome
 *
 * REPORT LUNS is the model's (it knows the target's LUNs).
 */
void storvsp_scsi_exec(const struct storvsp_disk *d, const u8 *cdb,
		       u32 cdb_len, u32 xfer_len, u8 *buf,
		       struct storvsp_result *r)
{
	memset(r, 0, sizeof(*r));
	if (!cdb_len || cdb_len < storvsp_cdb_size(cdb[0])) {
		storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		return;
	}
	switch (cdb[0]) {
	case OP_TEST_UNIT_READY:
	case OP_START_STOP:
	case OP_VERIFY_10:
		return;
	case OP_REQUEST_SENSE:
		buf[0] = 0x70;
		buf[2] = KEY_NO_SENSE;
		buf[7] = STORVSP_SENSE_LEN - 8;
		r->len = min_t(u32, STORVSP_SENSE_LEN, cdb[4]);
		return;
	case OP_INQUIRY:
		storvsp_inquiry(d, cdb, buf, r);
		return;
	case OP_READ_CAPACITY_10:
	case OP_SERVICE_ACTION_IN:
		storvsp_read_capacity(d, cdb, buf, r);
		return;
	case OP_MODE_SENSE_6:
	case OP_MODE_SENSE_10:
		storvsp_mode_sense(cdb, buf, r);
		return;
	case OP_READ_10:
	case OP_READ_16:
		storvsp_media(d, cdb, xfer_len, STORVSP_READ, r);
		return;
	case OP_WRITE_10:
	case OP_WRITE_16:
		storvsp_media(d, cdb, xfer_len, STORVSP_WRITE, r);
		return;
	case OP_SYNC_CACHE_10:
	case OP_SYNC_CACHE_16:
		r->action = STORVSP_SYNC;
		return;
	case OP_UNMAP:
	case OP_WRITE_SAME_10:
	case OP_WRITE_SAME_16:
		storvsp_thin(d, cdb, xfer_len, r);
		return;
	}
	storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
}

/*
 * Standard INQUIRY data of an address without a LUN: peripheral
 * qualifier 3 (no device can be there) and device type 0x1f (none), the
 * rest as a disk's. Vendor, product and revision only at LUN 0, as
 * OpenVMM's storvsp answers for Hyper-V's; no CmdQue bit.
 */
static u32 storvsp_inquiry_absent(u8 lun, u8 *buf)
{
	u32 len = storvsp_inquiry_std(buf);

	buf[0] = 0x7f;
	buf[7] = 0;
	if (lun)
		memset(buf + 8, 0, len - 8);
	return len;
}

/**
 * storvsp_scsi_absent() - answer a command to an address with no LUN
 * @cdb: the command
 * @cdb_len: its length as the guest gave it
 * @xfer_len: bytes of data the guest's buffer holds
 * @lun: the addressed LUN
 * @buf: STORVSP_RESP_MAX zeroed bytes for a response
 * @r: the outcome
 *
 * As a Hyper-V host does, for any target or LUN of the controller that
 * has no disk: a standard INQUIRY succeeds with data saying that no
 * device is there. Linux's scan takes that at LUN 0 for a target without
 * LUN 0 and asks REPORT LUNS; an error would end the target's scan, and
 * Linux's storvsc, which turns an INQUIRY's error into success, would
 * add the zeroed data as a disk. The data is 36 bytes, as for the
 * model's disks (OpenVMM sends its 104-byte template). An INQUIRY for a
 * VPD page, or with an allocation length below 5 or beyond the buffer,
 * is an invalid field; any other command fails with SRB status
 * INVALID_LUN, scsi status CHECK CONDITION and no sense (OpenVMM's
 * answer; the scsi status Hyper-V sends with it is not documented, and
 * Linux's storvsc looks at the SRB status only). REPORT LUNS is the
 * model's, as for a present LUN.
 */
void storvsp_scsi_absent(const u8 *cdb, u32 cdb_len, u32 xfer_len, u8 lun,
			 u8 *buf, struct storvsp_result *r)
{
	u32 alloc;

	memset(r, 0, sizeof(*r));
	if (!cdb_len || cdb[0] != OP_INQUIRY) {
		r->no_lun = true;
		r->status = SAM_CHECK_CONDITION;
		return;
	}
	if (cdb_len < storvsp_cdb_size(OP_INQUIRY)) {
		storvsp_scsi_sense(r, KEY_ILLEGAL_REQUEST, ASC_INVALID_OPCODE, 0);
		return;
	}
	alloc = get_be16(cdb + 3);
	if ((cdb[1] & 0x01) || cdb[2] || alloc < 5 || alloc > xfer_len) {
		storvsp_invalid_field(r);
		return;
	}
	r->len = min(alloc, storvsp_inquiry_absent(lun, buf));
}

/**
 * storvsp_report_luns() - REPORT LUNS data
 * @luns: the LUNs of the addressed path and target
 * @count: how many (none is a valid answer: an empty list)
 * @buf: the response buffer
 * @len: its size
 *
 * Return: bytes of response (the full list, if it fits in @len), 0 if
 * @len cannot hold the 8-byte header (the host then sends nothing).
 */
u32 storvsp_report_luns(const u8 *luns, u32 count, u8 *buf, u32 len)
{
	u32 i, n;

	if (len < 8)
		return 0;
	n = min_t(u32, count, (len - 8) / 8);

	memset(buf, 0, 8 + n * 8);
	put_be32(buf, count * 8);
	for (i = 0; i < n; i++)
		buf[8 + i * 8 + 1] = luns[i];	/* peripheral addressing */
	return 8 + n * 8;
}

/**
 * storvsp_unmap_next() - the next block descriptor of an UNMAP list
 * @param: the parameter list the guest sent
 * @len: its length
 * @pos: 0 on the first call; the parser's position
 * @lba: set to the descriptor's first block
 * @nblocks: set to its block count
 *
 * Return: 1 with a descriptor, 0 at the end, -EINVAL for a malformed list.
 */
int storvsp_unmap_next(const u8 *param, u32 len, u32 *pos, u64 *lba,
		       u32 *nblocks)
{
	u32 descs_len;

	if (len < 8)
		return len ? -EINVAL : 0;
	descs_len = get_be16(param + 2);
	if (descs_len % 16 || descs_len > len - 8 ||
	    descs_len / 16 > STORVSP_MAX_UNMAP_DESCS)
		return -EINVAL;
	if (!*pos)
		*pos = 8;
	if (*pos >= 8 + descs_len)
		return 0;
	*lba = get_be64(param + *pos);
	*nblocks = get_be32(param + *pos + 8);
	*pos += 16;
	return 1;
}
