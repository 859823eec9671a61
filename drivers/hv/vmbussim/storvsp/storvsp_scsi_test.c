// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of storvsp's SCSI command emulation: responses, media
 * ranges, and the refusals (CHECK CONDITION with the right sense) of
 * commands out of range, unknown or malformed; REPORT LUNS lists, and
 * the answers of an address without a LUN (INQUIRY with qualifier 3,
 * INVALID_LUN for the rest).
 */

#include <kunit/test.h>
#include <linux/string.h>

#include "storvsp.h"

#define ST_BLOCKS	2048

static const struct storvsp_disk st_disk = {
	.blocks = ST_BLOCKS,
	.id = 0x1234,
	.thin = true,
};

static u8 *st_buf(struct kunit *test)
{
	u8 *buf = kunit_kzalloc(test, STORVSP_RESP_MAX, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, buf);
	return buf;
}

static void st_expect_sense(struct kunit *test, const struct storvsp_result *r,
			    u8 key, u8 asc)
{
	KUNIT_EXPECT_EQ(test, r->status, 2);
	KUNIT_EXPECT_EQ(test, r->sense[0], 0x70);
	KUNIT_EXPECT_EQ(test, r->sense[2], key);
	KUNIT_EXPECT_EQ(test, r->sense[12], asc);
	KUNIT_EXPECT_EQ(test, r->action, STORVSP_RESPOND);
}

static void st_inquiry_std(struct kunit *test)
{
	const u8 cdb[6] = { 0x12, 0, 0, 0, 96, 0 };
	struct storvsp_result r;
	u8 *buf = st_buf(test);

	storvsp_scsi_exec(&st_disk, cdb, 6, 96, buf, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, r.len, 36);
	KUNIT_EXPECT_EQ(test, buf[0], 0);
	KUNIT_EXPECT_EQ(test, buf[2], 5);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 8, "Msft    ", 8), 0);
}

static void st_inquiry_allocation_length(struct kunit *test)
{
	const u8 cdb[6] = { 0x12, 0, 0, 0, 5, 0 };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, cdb, 6, 5, st_buf(test), &r);
	KUNIT_EXPECT_EQ(test, r.len, 5);
}

static void st_inquiry_vpd(struct kunit *test)
{
	const u8 pages[6] = { 0x12, 1, 0x00, 0, 255, 0 };
	const u8 serial[6] = { 0x12, 1, 0x80, 0, 255, 0 };
	const u8 limits[6] = { 0x12, 1, 0xb0, 0, 255, 0 };
	struct storvsp_result r;
	u8 *buf = st_buf(test);

	storvsp_scsi_exec(&st_disk, pages, 6, 255, buf, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, buf[1], 0x00);
	KUNIT_EXPECT_EQ(test, buf[3], 6);
	KUNIT_EXPECT_EQ(test, buf[9], 0xb2);

	memset(buf, 0, STORVSP_RESP_MAX);
	storvsp_scsi_exec(&st_disk, serial, 6, 255, buf, &r);
	KUNIT_EXPECT_EQ(test, r.len, 4 + 14);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 4, "VMBSIM00001234", 14), 0);

	memset(buf, 0, STORVSP_RESP_MAX);
	storvsp_scsi_exec(&st_disk, limits, 6, 255, buf, &r);
	KUNIT_EXPECT_EQ(test, r.len, 64);
	KUNIT_EXPECT_EQ(test, buf[3], 60);
	KUNIT_EXPECT_EQ(test, buf[10], 0x04);	/* 1024 blocks: 512 KiB */
}

static void st_inquiry_bad_page(struct kunit *test)
{
	const u8 cdb[6] = { 0x12, 1, 0x42, 0, 255, 0 };
	const u8 no_evpd[6] = { 0x12, 0, 0x80, 0, 255, 0 };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, cdb, 6, 255, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
	storvsp_scsi_exec(&st_disk, no_evpd, 6, 255, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
}

static void st_read_capacity(struct kunit *test)
{
	const u8 rc10[10] = { 0x25 };
	const u8 rc16[16] = { 0x9e, 0x10, [13] = 32 };
	struct storvsp_result r;
	u8 *buf = st_buf(test);

	storvsp_scsi_exec(&st_disk, rc10, 10, 8, buf, &r);
	KUNIT_EXPECT_EQ(test, r.len, 8);
	KUNIT_EXPECT_EQ(test, (buf[2] << 8) | buf[3], ST_BLOCKS - 1);
	KUNIT_EXPECT_EQ(test, (buf[6] << 8) | buf[7], 512);

	memset(buf, 0, STORVSP_RESP_MAX);
	storvsp_scsi_exec(&st_disk, rc16, 16, 32, buf, &r);
	KUNIT_EXPECT_EQ(test, r.len, 32);
	KUNIT_EXPECT_EQ(test, (buf[6] << 8) | buf[7], ST_BLOCKS - 1);
	KUNIT_EXPECT_EQ(test, buf[14] & 0x80, 0x80);
}

static void st_read_write_range(struct kunit *test)
{
	const u8 rd10[10] = { 0x28, 0, 0, 0, 0x07, 0xf0, 0, 0, 0x10, 0 };
	const u8 wr16[16] = { 0x8a, 0, [9] = 0x08, [13] = 0x08 };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, rd10, 10, 16 * 512, NULL, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, r.action, STORVSP_READ);
	KUNIT_EXPECT_EQ(test, r.lba, 0x7f0);
	KUNIT_EXPECT_EQ(test, r.nblocks, 16);

	storvsp_scsi_exec(&st_disk, wr16, 16, 8 * 512, NULL, &r);
	KUNIT_EXPECT_EQ(test, r.action, STORVSP_WRITE);
	KUNIT_EXPECT_EQ(test, r.lba, 8);
	KUNIT_EXPECT_EQ(test, r.nblocks, 8);
}

static void st_read_past_end(struct kunit *test)
{
	/* Blocks 2040..2056 of 2048. */
	const u8 rd10[10] = { 0x28, 0, 0, 0, 0x07, 0xf8, 0, 0, 0x10, 0 };
	const u8 rd16[16] = { 0x88, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
			      0xff, 0xff, 0, 0, 0, 1, 0, 0 };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, rd10, 10, 16 * 512, NULL, &r);
	st_expect_sense(test, &r, 0x5, 0x21);
	/* An LBA near 2^64 must not wrap the range check. */
	storvsp_scsi_exec(&st_disk, rd16, 16, 512, NULL, &r);
	st_expect_sense(test, &r, 0x5, 0x21);
}

static void st_read_more_than_buffer(struct kunit *test)
{
	const u8 rd10[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 0x10, 0 };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, rd10, 10, 15 * 512, NULL, &r);
	st_expect_sense(test, &r, 0x5, 0x24);
}

static void st_unknown_and_short(struct kunit *test)
{
	const u8 unknown[10] = { 0xd7 };
	const u8 rd10[10] = { 0x28 };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, unknown, 10, 0, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x20);
	/* READ(10) in a 6-byte CDB. */
	storvsp_scsi_exec(&st_disk, rd10, 6, 512, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x20);
}

static void st_mode_sense(struct kunit *test)
{
	const u8 ms6[6] = { 0x1a, 0, 0x08, 0, 255, 0 };
	const u8 ms10[10] = { 0x5a, 0, 0x3f, 0, 0, 0, 0, 1, 0, 0 };
	const u8 bad[6] = { 0x1a, 0, 0x19, 0, 255, 0 };
	struct storvsp_result r;
	u8 *buf = st_buf(test);

	storvsp_scsi_exec(&st_disk, ms6, 6, 255, buf, &r);
	KUNIT_EXPECT_EQ(test, r.len, 24);
	KUNIT_EXPECT_EQ(test, buf[0], 23);
	KUNIT_EXPECT_EQ(test, buf[4], 0x08);
	KUNIT_EXPECT_EQ(test, buf[6] & 0x04, 0x04);

	memset(buf, 0, STORVSP_RESP_MAX);
	storvsp_scsi_exec(&st_disk, ms10, 10, 256, buf, &r);
	KUNIT_EXPECT_EQ(test, r.len, 8 + 20 + 12);
	KUNIT_EXPECT_EQ(test, buf[1], 38);

	storvsp_scsi_exec(&st_disk, bad, 6, 255, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
}

static void st_report_luns(struct kunit *test)
{
	const u8 luns[3] = { 0, 3, 200 };
	static const u8 want[32] = {
		0, 0, 0, 24, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 3, 0, 0, 0, 0, 0, 0,
		0, 200, 0, 0, 0, 0, 0, 0,
	};
	u8 *buf = st_buf(test);

	memset(buf, 0xee, STORVSP_RESP_MAX);
	KUNIT_EXPECT_EQ(test, storvsp_report_luns(luns, 3, buf, 256), 32);
	/* Peripheral addressing: the LUN in the second byte of its entry. */
	KUNIT_EXPECT_EQ(test, memcmp(buf, want, sizeof(want)), 0);
	/* Truncated to the buffer, full length still reported. */
	KUNIT_EXPECT_EQ(test, storvsp_report_luns(luns, 3, buf, 16), 16);
	KUNIT_EXPECT_EQ(test, buf[3], 24);
}

/* A target without LUNs: an empty list, not an error. */
static void st_report_luns_empty(struct kunit *test)
{
	u8 *buf = st_buf(test);

	memset(buf, 0xee, STORVSP_RESP_MAX);
	KUNIT_EXPECT_EQ(test, storvsp_report_luns(NULL, 0, buf, 256), 8);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf, 0, 8));
	/* No room for the header: nothing sent. */
	KUNIT_EXPECT_EQ(test, storvsp_report_luns(NULL, 0, buf, 7), 0);
}

/* REPORT LUNS names a path and a target: LUNs are all on path 0. */
static void st_target_luns(struct kunit *test)
{
	struct storvsp *sp = kunit_kzalloc(test, sizeof(*sp), GFP_KERNEL);
	static struct storvsp_lun lun;
	u8 luns[STORVSP_LUNS];

	KUNIT_ASSERT_NOT_NULL(test, sp);
	spin_lock_init(&sp->lock);
	sp->luns[1][3] = &lun;
	sp->luns[1][254] = &lun;
	KUNIT_EXPECT_EQ(test, storvsp_target_luns(sp, 0, 1, luns), 2);
	KUNIT_EXPECT_EQ(test, luns[0], 3);
	KUNIT_EXPECT_EQ(test, luns[1], 254);
	KUNIT_EXPECT_EQ(test, storvsp_target_luns(sp, 0, 0, luns), 0);
	KUNIT_EXPECT_EQ(test, storvsp_target_luns(sp, 1, 1, luns), 0);
	KUNIT_EXPECT_EQ(test, storvsp_target_luns(sp, 0, STORVSP_TARGETS, luns), 0);
	KUNIT_EXPECT_EQ(test, storvsp_target_luns(sp, 0, 255, luns), 0);
}

/* INQUIRY to an absent LUN 0: qualifier 3, type 0x1f, the disk's names. */
static void st_absent_inquiry_lun0(struct kunit *test)
{
	const u8 cdb[6] = { 0x12, 0, 0, 0, 96, 0 };
	struct storvsp_result r;
	u8 *buf = st_buf(test);

	storvsp_scsi_absent(cdb, 6, 96, 0, buf, &r);
	KUNIT_EXPECT_FALSE(test, r.no_lun);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, r.action, STORVSP_RESPOND);
	KUNIT_EXPECT_EQ(test, r.len, 36);
	KUNIT_EXPECT_EQ(test, buf[0], 0x7f);
	KUNIT_EXPECT_EQ(test, buf[0] >> 5, 3);
	KUNIT_EXPECT_EQ(test, buf[0] & 0x1f, 0x1f);
	KUNIT_EXPECT_EQ(test, buf[2], 5);
	KUNIT_EXPECT_EQ(test, buf[3], 2);
	KUNIT_EXPECT_EQ(test, buf[4], 31);
	KUNIT_EXPECT_EQ(test, buf[7], 0);
	KUNIT_EXPECT_EQ(test, memcmp(buf + 8, "Msft    Virtual Disk    1.0 ", 28), 0);
}

/* INQUIRY to an absent LUN other than 0: no names; short allocations. */
static void st_absent_inquiry_lun(struct kunit *test)
{
	const u8 cdb[6] = { 0x12, 0, 0, 0, 36, 0 };
	const u8 five[6] = { 0x12, 0, 0, 0, 5, 0 };
	struct storvsp_result r;
	u8 *buf = st_buf(test);

	storvsp_scsi_absent(cdb, 6, 36, 7, buf, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, r.len, 36);
	KUNIT_EXPECT_EQ(test, buf[0], 0x7f);
	KUNIT_EXPECT_NULL(test, memchr_inv(buf + 8, 0, 28));

	memset(buf, 0, STORVSP_RESP_MAX);
	storvsp_scsi_absent(five, 6, 5, 7, buf, &r);
	KUNIT_EXPECT_EQ(test, r.status, 0);
	KUNIT_EXPECT_EQ(test, r.len, 5);
	KUNIT_EXPECT_EQ(test, buf[0], 0x7f);
}

/* What an absent LUN refuses: VPD pages and allocations past the buffer. */
static void st_absent_inquiry_refused(struct kunit *test)
{
	const u8 vpd[6] = { 0x12, 1, 0x80, 0, 255, 0 };
	const u8 page[6] = { 0x12, 0, 0x83, 0, 255, 0 };
	const u8 four[6] = { 0x12, 0, 0, 0, 4, 0 };
	const u8 std[6] = { 0x12, 0, 0, 0, 96, 0 };
	struct storvsp_result r;

	storvsp_scsi_absent(vpd, 6, 255, 0, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
	storvsp_scsi_absent(page, 6, 255, 0, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
	storvsp_scsi_absent(four, 6, 4, 0, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
	/* 96 bytes asked for in a 36-byte buffer. */
	storvsp_scsi_absent(std, 6, 36, 0, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x24);
	storvsp_scsi_absent(std, 5, 96, 0, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x20);
	KUNIT_EXPECT_FALSE(test, r.no_lun);
}

/* Any other command to an absent LUN: INVALID_LUN, no data, no sense. */
static void st_absent_invalid_lun(struct kunit *test)
{
	const u8 tur[6] = { 0x00 };
	const u8 rd10[10] = { 0x28, 0, 0, 0, 0, 0, 0, 0, 1, 0 };
	const u8 rc10[10] = { 0x25 };
	const u8 *cdbs[] = { tur, rd10, rc10 };
	struct storvsp_result r;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cdbs); i++) {
		storvsp_scsi_absent(cdbs[i], 10, 512, i, st_buf(test), &r);
		KUNIT_EXPECT_TRUE(test, r.no_lun);
		KUNIT_EXPECT_EQ(test, r.status, 2);
		KUNIT_EXPECT_EQ(test, r.action, STORVSP_RESPOND);
		KUNIT_EXPECT_EQ(test, r.len, 0);
		KUNIT_EXPECT_EQ(test, r.sense[0], 0);
	}
}

static void st_unmap_list(struct kunit *test)
{
	u8 p[8 + 32] = { 0, 38, 0, 32 };
	u32 pos = 0, n;
	u64 lba;

	p[8 + 7] = 100;
	p[8 + 11] = 8;
	p[24 + 7] = 200;
	p[24 + 11] = 16;
	KUNIT_EXPECT_EQ(test, storvsp_unmap_next(p, sizeof(p), &pos, &lba, &n), 1);
	KUNIT_EXPECT_EQ(test, lba, 100);
	KUNIT_EXPECT_EQ(test, n, 8);
	KUNIT_EXPECT_EQ(test, storvsp_unmap_next(p, sizeof(p), &pos, &lba, &n), 1);
	KUNIT_EXPECT_EQ(test, lba, 200);
	KUNIT_EXPECT_EQ(test, storvsp_unmap_next(p, sizeof(p), &pos, &lba, &n), 0);
}

static void st_unmap_list_malformed(struct kunit *test)
{
	u8 p[8 + 16] = { 0, 22, 0, 32 };	/* claims two descriptors */
	u32 pos = 0, n;
	u64 lba;

	KUNIT_EXPECT_EQ(test, storvsp_unmap_next(p, sizeof(p), &pos, &lba, &n),
			-EINVAL);
	p[3] = 15;	/* not a multiple of 16 */
	KUNIT_EXPECT_EQ(test, storvsp_unmap_next(p, sizeof(p), &pos, &lba, &n),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, storvsp_unmap_next(p, 5, &pos, &lba, &n), -EINVAL);
}

static void st_write_same_unmap(struct kunit *test)
{
	const u8 ws16[16] = { 0x93, 0x08, [9] = 16, [13] = 4 };
	const struct storvsp_disk thick = { .blocks = ST_BLOCKS };
	struct storvsp_result r;

	storvsp_scsi_exec(&st_disk, ws16, 16, 512, st_buf(test), &r);
	KUNIT_EXPECT_EQ(test, r.action, STORVSP_ZERO);
	KUNIT_EXPECT_EQ(test, r.lba, 16);
	KUNIT_EXPECT_EQ(test, r.nblocks, 4);
	storvsp_scsi_exec(&thick, ws16, 16, 512, st_buf(test), &r);
	st_expect_sense(test, &r, 0x5, 0x20);
}

static struct kunit_case st_cases[] = {
	KUNIT_CASE(st_inquiry_std),
	KUNIT_CASE(st_inquiry_allocation_length),
	KUNIT_CASE(st_inquiry_vpd),
	KUNIT_CASE(st_inquiry_bad_page),
	KUNIT_CASE(st_read_capacity),
	KUNIT_CASE(st_read_write_range),
	KUNIT_CASE(st_read_past_end),
	KUNIT_CASE(st_read_more_than_buffer),
	KUNIT_CASE(st_unknown_and_short),
	KUNIT_CASE(st_mode_sense),
	KUNIT_CASE(st_report_luns),
	KUNIT_CASE(st_report_luns_empty),
	KUNIT_CASE(st_target_luns),
	KUNIT_CASE(st_absent_inquiry_lun0),
	KUNIT_CASE(st_absent_inquiry_lun),
	KUNIT_CASE(st_absent_inquiry_refused),
	KUNIT_CASE(st_absent_invalid_lun),
	KUNIT_CASE(st_unmap_list),
	KUNIT_CASE(st_unmap_list_malformed),
	KUNIT_CASE(st_write_same_unmap),
	{}
};

static struct kunit_suite st_suite = {
	.name = "vmbussim_storvsp_scsi",
	.test_cases = st_cases,
};

kunit_test_suite(st_suite);
