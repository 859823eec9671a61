// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests for the VMBus ring buffer. Each test gets an outbound and an
 * inbound ring of one control page and two data pages; the tests play the
 * host by reading and writing the shared pages directly, byte by byte
 * through the first mapping only, so they do not depend on the double
 * mapping that the code under test uses.
 */

#include <kunit/test.h>
#include <linux/err.h>
#include <linux/gfp.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "../vmbus_ring.h"

#define RT_NPAGES	3			/* control + 2 data pages */
#define RT_ORDER	2			/* 4 pages >= RT_NPAGES */
#define RT_SIZE		((RT_NPAGES - 1) * PAGE_SIZE)
#define RT_MAX_PKT	2048
#define RT_TRAILER	VMBUS_PKT_TRAILER_SIZE
#define RT_DESC		sizeof(struct vmbus_packet_desc)

struct ring_test_ctx {
	struct page *out_pages;
	struct page *in_pages;
	struct vmbus_ring out;
	struct vmbus_ring in;
};

static int ring_test_init(struct kunit *test)
{
	struct ring_test_ctx *ctx;

	ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ctx);
	test->priv = ctx;
	ctx->out_pages = alloc_pages(GFP_KERNEL, RT_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, ctx->out_pages);
	ctx->in_pages = alloc_pages(GFP_KERNEL, RT_ORDER);
	KUNIT_ASSERT_NOT_NULL(test, ctx->in_pages);
	/* Dirty the pages: init must zero the control page. */
	memset(page_address(ctx->out_pages), 0xa5, RT_NPAGES * PAGE_SIZE);
	memset(page_address(ctx->in_pages), 0xa5, RT_NPAGES * PAGE_SIZE);

	KUNIT_ASSERT_EQ(test, vmbus_ring_init(&ctx->out, ctx->out_pages,
					      RT_NPAGES, 0), 0);
	KUNIT_ASSERT_EQ(test, vmbus_ring_init(&ctx->in, ctx->in_pages,
					      RT_NPAGES, RT_MAX_PKT), 0);
	return 0;
}

static void ring_test_exit(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;

	if (!ctx)
		return;
	vmbus_ring_cleanup(&ctx->out);
	vmbus_ring_cleanup(&ctx->in);
	if (ctx->out_pages)
		__free_pages(ctx->out_pages, RT_ORDER);
	if (ctx->in_pages)
		__free_pages(ctx->in_pages, RT_ORDER);
}

/* Both indices, shared and private, at @pos: an empty ring. */
static void rt_place(struct vmbus_ring *ring, u32 pos)
{
	ring->ctrl->read_index = cpu_to_le32(pos);
	ring->ctrl->write_index = cpu_to_le32(pos);
	ring->priv_write_index = pos;
	ring->priv_read_index = pos;
	ring->batch_read_index = pos;
}

static u32 rt_windex(const struct vmbus_ring *ring)
{
	return le32_to_cpu(ring->ctrl->write_index);
}

static u32 rt_rindex(const struct vmbus_ring *ring)
{
	return le32_to_cpu(ring->ctrl->read_index);
}

/* The host reads @len bytes at @pos, wrapping by hand. */
static void rt_host_read(const struct vmbus_ring *ring, u32 pos, void *buf,
			 u32 len)
{
	u8 *dst = buf;
	u32 i;

	for (i = 0; i < len; i++)
		dst[i] = ring->data[(pos + i) % ring->size];
}

/* The host writes @len raw bytes and a trailer, then publishes them. */
static void rt_host_put_raw(struct vmbus_ring *ring, const void *buf, u32 len)
{
	u32 pos = rt_windex(ring);
	__le64 trailer = cpu_to_le64((u64)pos << 32);
	const u8 *src = buf;
	u32 i;

	for (i = 0; i < len; i++)
		ring->data[(pos + i) % ring->size] = src[i];
	for (i = 0; i < RT_TRAILER; i++)
		ring->data[(pos + len + i) % ring->size] = ((u8 *)&trailer)[i];
	ring->ctrl->write_index = cpu_to_le32((pos + len + RT_TRAILER) %
					      ring->size);
}

/* The host writes a packet of @len bytes (a multiple of 8), payload @fill. */
static void rt_host_put(struct kunit *test, struct vmbus_ring *ring, u32 len,
			u8 fill, u64 trans_id)
{
	struct vmbus_packet_desc *desc;
	u8 *buf;

	buf = kunit_kzalloc(test, len, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, buf);
	memset(buf + RT_DESC, fill, len - RT_DESC);
	desc = (struct vmbus_packet_desc *)buf;
	desc->type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
	desc->offset8 = cpu_to_le16(RT_DESC / 8);
	desc->len8 = cpu_to_le16(len / 8);
	desc->trans_id = cpu_to_le64(trans_id);
	rt_host_put_raw(ring, buf, len);
}

/* A guest packet: descriptor in kv[0], @plen bytes of @fill in kv[1]. */
struct rt_pkt {
	struct vmbus_packet_desc desc;
	u8 *payload;
	struct kvec kv[2];
};

static void rt_pkt_build(struct kunit *test, struct rt_pkt *p, u32 plen,
			 u8 fill)
{
	p->payload = kunit_kzalloc(test, plen ? plen : 1, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, p->payload);
	memset(p->payload, fill, plen);
	p->desc.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
	p->desc.offset8 = cpu_to_le16(RT_DESC / 8);
	p->desc.len8 = cpu_to_le16((RT_DESC + plen) / 8);
	p->desc.flags = cpu_to_le16(VMBUS_PKT_FLAG_COMPLETION_REQUESTED);
	p->desc.trans_id = cpu_to_le64(0x1122334455667788ULL);
	p->kv[0].iov_base = &p->desc;
	p->kv[0].iov_len = RT_DESC;
	p->kv[1].iov_base = p->payload;
	p->kv[1].iov_len = plen;
}

static int rt_write(struct kunit *test, struct vmbus_ring *ring, u32 plen,
		    u8 fill, bool *signal)
{
	struct rt_pkt p;

	rt_pkt_build(test, &p, plen, fill);
	return vmbus_ring_write(ring, p.kv, 2, signal);
}

static void ring_test_init_state(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring bad;

	KUNIT_EXPECT_EQ(test, ctx->out.size, (u32)RT_SIZE);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), 0U);
	KUNIT_EXPECT_EQ(test, rt_rindex(&ctx->out), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ctx->out.ctrl->interrupt_mask), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ctx->out.ctrl->pending_send_sz), 0U);
	/* The writer advertises the feature on the ring it writes only. */
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ctx->out.ctrl->feature_bits),
			(u32)VMBUS_RING_FEAT_PENDING_SEND_SZ);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(ctx->in.ctrl->feature_bits), 0U);
	KUNIT_EXPECT_NULL(test, ctx->out.pkt_buf);
	KUNIT_EXPECT_NOT_NULL(test, ctx->in.pkt_buf);
	KUNIT_EXPECT_EQ(test, ctx->in.pkt_buf_size, (u32)RT_MAX_PKT);
	/* Both mappings alias. */
	ctx->out.data[8] = 0x5a;
	KUNIT_EXPECT_EQ(test, ctx->out.data[RT_SIZE + 8], 0x5a);

	KUNIT_EXPECT_EQ(test, vmbus_ring_init(&bad, ctx->out_pages, 1, 0),
			-EINVAL);
}

static void ring_test_arith(struct kunit *test)
{
	const u32 s = RT_SIZE;

	KUNIT_EXPECT_EQ(test, vmbus_ring_used(0, 0, s), 0U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_free(0, 0, s), s);
	KUNIT_EXPECT_EQ(test, vmbus_ring_used(0, 64, s), 64U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_free(0, 64, s), s - 64);
	KUNIT_EXPECT_EQ(test, vmbus_ring_used(s - 8, s - 8, s), 0U);
	/* Wrapped: write is behind read. */
	KUNIT_EXPECT_EQ(test, vmbus_ring_used(s - 16, 8, s), 24U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_free(s - 16, 8, s), s - 24);
	KUNIT_EXPECT_EQ(test, vmbus_ring_used(8, 0, s), s - 8);
	KUNIT_EXPECT_EQ(test, vmbus_ring_free(8, 0, s), 8U);
}

static void ring_test_write_layout(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_packet_desc desc;
	u8 payload[24], expect[24];
	__le64 trailer;
	bool signal;

	rt_place(&ctx->out, 64);
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 24, 0xc3, &signal), 0);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), 64U + 40 + 8);
	KUNIT_EXPECT_EQ(test, ctx->out.priv_write_index, 64U + 40 + 8);

	rt_host_read(&ctx->out, 64, &desc, sizeof(desc));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.type), VMBUS_PKT_DATA_INBAND);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.offset8), 2);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.len8), 5);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.flags),
			VMBUS_PKT_FLAG_COMPLETION_REQUESTED);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(desc.trans_id),
			0x1122334455667788ULL);
	rt_host_read(&ctx->out, 64 + 16, payload, sizeof(payload));
	memset(expect, 0xc3, sizeof(expect));
	KUNIT_EXPECT_MEMEQ(test, payload, expect, sizeof(expect));
	rt_host_read(&ctx->out, 64 + 40, &trailer, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(trailer), 64ULL << 32);
}

static void ring_test_write_wrap(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	u8 *last = page_address(nth_page(ctx->out_pages, RT_NPAGES - 1));
	u8 *first = page_address(nth_page(ctx->out_pages, 1));
	const u32 start = RT_SIZE - 24;
	struct vmbus_packet_desc desc;
	u8 expect[24];
	__le64 trailer;
	bool signal;

	rt_place(&ctx->out, start);
	/* 16 + 24 bytes: descriptor and 8 payload bytes before the end. */
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 24, 0x3c, &signal), 0);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), 16U + 8);

	memcpy(&desc, last + PAGE_SIZE - 24, sizeof(desc));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.len8), 5);
	memset(expect, 0x3c, sizeof(expect));
	KUNIT_EXPECT_MEMEQ(test, last + PAGE_SIZE - 8, expect, 8);
	KUNIT_EXPECT_MEMEQ(test, first, expect, 16);
	memcpy(&trailer, first + 16, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(trailer), (u64)start << 32);
}

static void ring_test_write_full(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	bool signal = true;

	rt_place(&ctx->out, 0);
	/* Packet + trailer == free space: would make the ring look empty. */
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, RT_SIZE - RT_DESC -
				       RT_TRAILER, 1, &signal), -EAGAIN);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), 0U);
	KUNIT_EXPECT_EQ(test, ctx->out.full_total, 1ULL);
	KUNIT_EXPECT_EQ(test, ctx->out.full_first, 1ULL);
	KUNIT_EXPECT_TRUE(test, ctx->out.was_full);
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, RT_SIZE - RT_DESC -
				       RT_TRAILER, 1, &signal), -EAGAIN);
	KUNIT_EXPECT_EQ(test, ctx->out.full_total, 2ULL);
	KUNIT_EXPECT_EQ(test, ctx->out.full_first, 1ULL);

	/* 8 bytes less fits, and leaves 8 bytes free. */
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, RT_SIZE - RT_DESC -
				       2 * RT_TRAILER, 1, &signal), 0);
	KUNIT_EXPECT_FALSE(test, ctx->out.was_full);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), (u32)RT_SIZE - 8);
	KUNIT_EXPECT_EQ(test, vmbus_ring_write_avail(&ctx->out), 7U);

	/* Now even the smallest packet is refused: a new full episode. */
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, 0, 1, &signal),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, ctx->out.full_total, 3ULL);
	KUNIT_EXPECT_EQ(test, ctx->out.full_first, 2ULL);
}

static void ring_test_write_einval(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct rt_pkt p;
	bool signal;

	rt_pkt_build(test, &p, 12, 0);
	KUNIT_EXPECT_EQ(test, vmbus_ring_write(&ctx->out, p.kv, 2, &signal),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, vmbus_ring_write(&ctx->out, p.kv, 0, &signal),
			-EINVAL);
	p.kv[1].iov_len = RT_SIZE;
	KUNIT_EXPECT_EQ(test, vmbus_ring_write(&ctx->out, p.kv, 2, &signal),
			-EINVAL);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), 0U);
	KUNIT_EXPECT_EQ(test, ctx->out.full_total, 0ULL);
}

static void ring_test_signal_empty(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	bool signal;

	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 8, 1, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 8, 2, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);

	/* The host drains only the first packet: still no signal. */
	ctx->out.ctrl->read_index = cpu_to_le32(32);
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 8, 3, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);

	/* The host drains everything: the next write signals again. */
	ctx->out.ctrl->read_index = ctx->out.ctrl->write_index;
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 8, 4, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
}

static void ring_test_signal_masked(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	bool signal;

	ctx->out.ctrl->interrupt_mask = cpu_to_le32(1);
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 8, 1, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);

	ctx->out.ctrl->interrupt_mask = 0;
	ctx->out.ctrl->read_index = ctx->out.ctrl->write_index;
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 8, 1, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
}

static void ring_test_write_bad_read_index(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	bool signal;

	ctx->out.ctrl->read_index = cpu_to_le32(RT_SIZE);
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, 8, 1, &signal), -EIO);
	KUNIT_EXPECT_TRUE(test, ctx->out.broken);
	/* Once broken, always broken, even with a good index. */
	ctx->out.ctrl->read_index = 0;
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, 8, 1, &signal), -EIO);

	ctx->out.broken = false;
	ctx->out.ctrl->read_index = cpu_to_le32(4);
	KUNIT_EXPECT_EQ(test, rt_write(test, &ctx->out, 8, 1, &signal), -EIO);
	KUNIT_EXPECT_TRUE(test, ctx->out.broken);
	KUNIT_EXPECT_EQ(test, rt_windex(&ctx->out), 0U);
}

static void rt_expect_pkt(struct kunit *test, struct vmbus_ring *ring,
			  u32 len, u8 fill, u64 trans_id)
{
	const struct vmbus_packet_desc *desc = vmbus_ring_next(ring);
	const u8 *payload;
	u32 i;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, desc);
	KUNIT_EXPECT_PTR_EQ(test, (const void *)desc,
			    (const void *)ring->pkt_buf);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc->len8) * 8U, len);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc->offset8) * 8U, (u32)RT_DESC);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(desc->trans_id), trans_id);
	payload = (const u8 *)desc + RT_DESC;
	for (i = 0; i < len - RT_DESC; i++)
		if (payload[i] != fill)
			break;
	KUNIT_EXPECT_EQ(test, i, len - (u32)RT_DESC);
}

static void ring_test_read_in_order(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;

	/* The second packet's body wraps around the end of the data area. */
	rt_place(in, RT_SIZE - 64);
	rt_host_put(test, in, 32, 0x11, 1);
	rt_host_put(test, in, 64, 0x22, 2);
	rt_host_put(test, in, 24, 0x33, 3);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(in), 40U + 72 + 32);

	rt_expect_pkt(test, in, 32, 0x11, 1);
	rt_expect_pkt(test, in, 64, 0x22, 2);
	rt_expect_pkt(test, in, 24, 0x33, 3);
	KUNIT_EXPECT_NULL(test, vmbus_ring_next(in));
	KUNIT_EXPECT_EQ(test, in->priv_read_index, rt_windex(in));
	KUNIT_EXPECT_FALSE(test, in->broken);
}

static void ring_test_read_batch(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;

	rt_host_put(test, in, 32, 0x11, 1);
	rt_host_put(test, in, 32, 0x22, 2);
	rt_expect_pkt(test, in, 32, 0x11, 1);
	rt_expect_pkt(test, in, 32, 0x22, 2);
	/* Nothing published yet: the host still sees both packets. */
	KUNIT_EXPECT_EQ(test, rt_rindex(in), 0U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(in), 80U);

	KUNIT_EXPECT_FALSE(test, vmbus_ring_read_done(in));
	KUNIT_EXPECT_EQ(test, rt_rindex(in), 80U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(in), 0U);
	/* An empty batch changes nothing. */
	KUNIT_EXPECT_FALSE(test, vmbus_ring_read_done(in));
	KUNIT_EXPECT_EQ(test, rt_rindex(in), 80U);
}

/* Fill the inbound ring with 7 packets of 1 KiB each, trailer included. */
static void rt_fill_kib(struct kunit *test, struct vmbus_ring *in)
{
	int i;

	for (i = 0; i < 7; i++)
		rt_host_put(test, in, 1024 - RT_TRAILER, i, i);
	KUNIT_ASSERT_EQ(test, vmbus_ring_read_avail(in), 7U * 1024);
}

static void rt_take(struct kunit *test, struct vmbus_ring *in, int n)
{
	while (n--)
		KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vmbus_ring_next(in));
}

static void ring_test_pending_send(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;

	in->ctrl->feature_bits = cpu_to_le32(VMBUS_RING_FEAT_PENDING_SEND_SZ);
	rt_fill_kib(test, in);				/* 1 KiB free */

	in->ctrl->pending_send_sz = cpu_to_le32(2048);
	rt_take(test, in, 1);				/* 1 -> 2 KiB */
	KUNIT_EXPECT_TRUE(test, vmbus_ring_read_done(in));
	rt_take(test, in, 1);				/* 2 -> 3 KiB */
	KUNIT_EXPECT_FALSE(test, vmbus_ring_read_done(in));

	/* Crossing inside a batch of two counts once, at read_done. */
	in->ctrl->pending_send_sz = cpu_to_le32(5 * 1024);
	rt_take(test, in, 1);				/* 3 -> 4 KiB */
	KUNIT_EXPECT_FALSE(test, vmbus_ring_read_done(in));
	rt_take(test, in, 2);				/* 4 -> 6 KiB */
	KUNIT_EXPECT_TRUE(test, vmbus_ring_read_done(in));

	/* The host waits for nothing. */
	in->ctrl->pending_send_sz = 0;
	rt_take(test, in, 1);
	KUNIT_EXPECT_FALSE(test, vmbus_ring_read_done(in));
}

static void ring_test_pending_send_no_feature(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;

	rt_fill_kib(test, in);
	in->ctrl->pending_send_sz = cpu_to_le32(2048);
	rt_take(test, in, 1);
	KUNIT_EXPECT_FALSE(test, vmbus_ring_read_done(in));
	KUNIT_EXPECT_EQ(test, rt_rindex(in), 1024U);
}

static void ring_test_mask(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;

	vmbus_ring_mask(in);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(in->ctrl->interrupt_mask), 1U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_unmask(in), 0U);
	KUNIT_EXPECT_EQ(test, le32_to_cpu(in->ctrl->interrupt_mask), 0U);

	/* A packet that arrived while masked is reported by unmask. */
	vmbus_ring_mask(in);
	rt_host_put(test, in, 32, 1, 1);
	KUNIT_EXPECT_EQ(test, vmbus_ring_unmask(in), 40U);
	rt_take(test, in, 1);
	KUNIT_EXPECT_EQ(test, vmbus_ring_unmask(in), 0U);
}

static void ring_test_avail(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	bool signal;

	KUNIT_EXPECT_EQ(test, vmbus_ring_write_avail(&ctx->out),
			(u32)RT_SIZE - 1);
	KUNIT_ASSERT_EQ(test, rt_write(test, &ctx->out, 16, 1, &signal), 0);
	KUNIT_EXPECT_EQ(test, vmbus_ring_write_avail(&ctx->out),
			(u32)RT_SIZE - 40 - 1);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(&ctx->out), 40U);
	ctx->out.ctrl->read_index = cpu_to_le32(RT_SIZE + 8);
	KUNIT_EXPECT_EQ(test, vmbus_ring_write_avail(&ctx->out), 0U);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(&ctx->out), 0U);

	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(&ctx->in), 0U);
	rt_host_put(test, &ctx->in, 48, 1, 1);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(&ctx->in), 56U);
	ctx->in.ctrl->write_index = cpu_to_le32(3);
	KUNIT_EXPECT_EQ(test, vmbus_ring_read_avail(&ctx->in), 0U);
}

/* One way for the host to break the inbound ring. */
struct rt_bad_case {
	const char *name;
	u16 offset8;
	u16 len8;
	u32 written;		/* bytes the host publishes, 0: len8 * 8 */
	u32 write_index;	/* forced write index, 0: from @written */
};

static const struct rt_bad_case rt_bad_cases[] = {
	{ .name = "offset8 below the descriptor", .offset8 = 1, .len8 = 4 },
	{ .name = "len8 below offset8", .offset8 = 3, .len8 = 2, .written = 32 },
	{ .name = "len8 beyond the data written", .offset8 = 2, .len8 = 10,
	  .written = 32 },
	{ .name = "len8 beyond max_pkt_size", .offset8 = 2,
	  .len8 = RT_MAX_PKT / 8 + 1 },
	{ .name = "write_index at size", .write_index = RT_SIZE },
	{ .name = "write_index beyond size", .write_index = 2 * RT_SIZE },
	{ .name = "write_index not aligned", .write_index = 36 },
	{ .name = "partial packet", .write_index = 16 },
};

static void rt_bad_case_desc(const struct rt_bad_case *c, char *desc)
{
	strscpy(desc, c->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(rt_bad, rt_bad_cases, rt_bad_case_desc);

static void ring_test_bad_packet(struct kunit *test)
{
	const struct rt_bad_case *c = test->param_value;
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;
	struct vmbus_packet_desc *desc;
	u32 written = c->written ? c->written : c->len8 * 8;
	u8 *buf;

	if (written) {
		buf = kunit_kzalloc(test, written, GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, buf);
		desc = (struct vmbus_packet_desc *)buf;
		desc->type = cpu_to_le16(VMBUS_PKT_DATA_INBAND);
		desc->offset8 = cpu_to_le16(c->offset8);
		desc->len8 = cpu_to_le16(c->len8);
		rt_host_put_raw(in, buf, written);
	}
	if (c->write_index)
		in->ctrl->write_index = cpu_to_le32(c->write_index);

	KUNIT_EXPECT_PTR_EQ(test, vmbus_ring_next(in), ERR_PTR(-EBADMSG));
	KUNIT_EXPECT_TRUE(test, in->broken);
	KUNIT_EXPECT_EQ(test, in->priv_read_index, 0U);

	/* Broken for good: a valid packet now changes nothing. */
	rt_place(in, 0);
	rt_host_put(test, in, 32, 1, 1);
	KUNIT_EXPECT_PTR_EQ(test, vmbus_ring_next(in), ERR_PTR(-EBADMSG));
}

static void ring_test_good_packet_at_limits(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;

	/* The largest accepted packet, and a descriptor-only packet. */
	rt_host_put(test, in, RT_MAX_PKT, 0x77, 9);
	rt_host_put(test, in, RT_DESC, 0, 10);
	rt_expect_pkt(test, in, RT_MAX_PKT, 0x77, 9);
	rt_expect_pkt(test, in, RT_DESC, 0, 10);
	KUNIT_EXPECT_NULL(test, vmbus_ring_next(in));
}

/*
 * With the data area's size as the maximum, no packet the host can
 * publish breaks the ring: the largest one leaves 8 bytes free, and its
 * trailer takes 8 more.
 */
static void ring_test_max_is_ring_size(struct kunit *test)
{
	struct ring_test_ctx *ctx = test->priv;
	struct vmbus_ring *in = &ctx->in;
	const u32 largest = RT_SIZE - 8 - RT_TRAILER;

	vmbus_ring_cleanup(in);
	KUNIT_ASSERT_EQ(test, vmbus_ring_init(in, ctx->in_pages, RT_NPAGES,
					      RT_SIZE), 0);
	rt_host_put(test, in, largest, 0x3c, 11);
	rt_expect_pkt(test, in, largest, 0x3c, 11);
	KUNIT_EXPECT_NULL(test, vmbus_ring_next(in));
	KUNIT_EXPECT_FALSE(test, in->broken);
}

static struct kunit_case ring_test_cases[] = {
	KUNIT_CASE(ring_test_init_state),
	KUNIT_CASE(ring_test_arith),
	KUNIT_CASE(ring_test_write_layout),
	KUNIT_CASE(ring_test_write_wrap),
	KUNIT_CASE(ring_test_write_full),
	KUNIT_CASE(ring_test_write_einval),
	KUNIT_CASE(ring_test_signal_empty),
	KUNIT_CASE(ring_test_signal_masked),
	KUNIT_CASE(ring_test_write_bad_read_index),
	KUNIT_CASE(ring_test_read_in_order),
	KUNIT_CASE(ring_test_read_batch),
	KUNIT_CASE(ring_test_pending_send),
	KUNIT_CASE(ring_test_pending_send_no_feature),
	KUNIT_CASE(ring_test_mask),
	KUNIT_CASE(ring_test_avail),
	KUNIT_CASE_PARAM(ring_test_bad_packet, rt_bad_gen_params),
	KUNIT_CASE(ring_test_good_packet_at_limits),
	KUNIT_CASE(ring_test_max_is_ring_size),
	{}
};

static struct kunit_suite ring_test_suite = {
	.name = "hv_vmbus_ring",
	.init = ring_test_init,
	.exit = ring_test_exit,
	.test_cases = ring_test_cases,
};

kunit_test_suite(ring_test_suite);
