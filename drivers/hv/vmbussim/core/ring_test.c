// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of the host end of a ring: packet layout, signalling rules
 * (empty ring, interrupt mask), flow control, wrap-around, the host's mask
 * of the guest's signals while it drains, and refusal of malformed guest
 * packets and indices.
 */
#include <kunit/test.h>
#include <linux/string.h>

#include "vmbussim.h"

struct rt_seen {
	int packets;
	u64 trans_id;
	u32 len;
	int send_ret;
	u32 answer_len;
	int unmasked;
	int put_more;
	u8 data[64];
};

static void rt_guest_put(struct vmbussim_chan *ch, u16 off8, u16 len8,
			 u64 tid, const char *payload);

/*
 * Counts packets handled while the guest's signals were not masked; with
 * put_more, the guest writes that many packets more while the host drains.
 */
static void rt_packet(struct vmbussim_chan *ch,
		      const struct vmbus_packet_desc *desc,
		      const void *data, u32 len)
{
	struct rt_seen *seen = vmbussim_dev_priv(vmbussim_chan_dev(ch));

	if (!ch->outbound.ctrl->interrupt_mask)
		seen->unmasked++;
	if (seen->put_more) {
		seen->put_more--;
		rt_guest_put(ch, 2, 3, 99, "more");
	}
	seen->packets++;
	seen->trans_id = le64_to_cpu(desc->trans_id);
	seen->len = len;
	memcpy(seen->data, data, min_t(u32, len, sizeof(seen->data)));
}

static const struct vmbussim_model_ops rt_ops = {
	.packet = rt_packet,
};

static const struct vmbussim_model rt_model = {
	.name = "ring_test",
	.index = 255,
	.ops = &rt_ops,
};

static void rt_ring(struct kunit *test, struct vmbussim_ring *r, u32 pages)
{
	void *mem = kunit_kzalloc(test, (1 + pages) * HV_PAGE_SIZE,
				  GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, mem);
	r->ctrl = mem;
	r->data = mem + HV_PAGE_SIZE;
	r->size = pages * HV_PAGE_SIZE;
	r->index = 0;
}

/* An open channel with one-page rings, of a device of its own. */
static struct vmbussim_chan *rt_chan(struct kunit *test)
{
	struct vmbussim_chan *ch = kunit_kzalloc(test, sizeof(*ch), GFP_KERNEL);
	struct vmbussim_dev *dev = kunit_kzalloc(test, sizeof(*dev),
						 GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, ch);
	KUNIT_ASSERT_NOT_NULL(test, dev);
	dev->model = &rt_model;
	dev->priv = kunit_kzalloc(test, sizeof(struct rt_seen), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, dev->priv);
	dev->chans[0] = ch;
	dev->nr_chans = 1;
	spin_lock_init(&ch->ring_lock);
	ch->dev = dev;
	ch->relid = 1;
	ch->open = true;
	rt_ring(test, &ch->inbound, 1);
	rt_ring(test, &ch->outbound, 1);
	ch->rx_buf = kunit_kzalloc(test, HV_PAGE_SIZE, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ch->rx_buf);
	return ch;
}

static int rt_write(struct vmbussim_chan *ch, u64 tid, const void *buf,
		    u32 len, bool *signal)
{
	struct vmbus_packet_desc desc = {
		.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND),
		.offset8 = cpu_to_le16(2),
		.len8 = cpu_to_le16((sizeof(desc) + ALIGN(len, 8)) / 8),
		.trans_id = cpu_to_le64(tid),
	};
	int ret;

	spin_lock_irq(&ch->ring_lock);
	ret = vmbussim_ring_write_raw(ch, &desc, NULL, 0, buf, len, signal);
	spin_unlock_irq(&ch->ring_lock);
	return ret;
}

static u32 rt_le32(__le32 v)
{
	return le32_to_cpu(v);
}

static void rt_write_layout(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct vmbussim_ring *r = &ch->inbound;
	struct vmbus_packet_desc desc;
	__le64 trailer;
	bool signal;

	KUNIT_ASSERT_EQ(test, rt_write(ch, 7, "hello", 5, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->write_index), 16 + 8 + 8);
	memcpy(&desc, r->data, sizeof(desc));
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.len8), 3);
	KUNIT_EXPECT_EQ(test, le64_to_cpu(desc.trans_id), 7);
	KUNIT_EXPECT_EQ(test, memcmp(r->data + 16, "hello\0\0\0", 8), 0);
	memcpy(&trailer, r->data + 24, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(trailer), 0);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->feature_bits), 0);
}

static void rt_write_signal_rules(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct vmbussim_ring *r = &ch->inbound;
	bool signal;

	/* Non-empty before the packet: no signal. */
	KUNIT_ASSERT_EQ(test, rt_write(ch, 1, "a", 1, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
	KUNIT_ASSERT_EQ(test, rt_write(ch, 2, "b", 1, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);

	/* The guest read everything but masks its interrupt: no signal. */
	r->ctrl->read_index = r->ctrl->write_index;
	r->ctrl->interrupt_mask = cpu_to_le32(1);
	KUNIT_ASSERT_EQ(test, rt_write(ch, 3, "c", 1, &signal), 0);
	KUNIT_EXPECT_FALSE(test, signal);
	KUNIT_EXPECT_EQ(test, ch->stats.masked, 1);

	/* Unmasked and empty again: signal. */
	r->ctrl->read_index = r->ctrl->write_index;
	r->ctrl->interrupt_mask = 0;
	KUNIT_ASSERT_EQ(test, rt_write(ch, 4, "d", 1, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
}

static void rt_write_full(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct vmbussim_ring *r = &ch->inbound;
	static u8 big[1000];
	bool signal;
	int i;

	/* Each packet takes 16 + 1000 + 8 = 1024 bytes of the 4096. */
	for (i = 0; i < 3; i++)
		KUNIT_ASSERT_EQ(test, rt_write(ch, i, big, sizeof(big),
					       &signal), 0);
	KUNIT_EXPECT_EQ(test, rt_write(ch, 3, big, sizeof(big), &signal),
			-EAGAIN);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->pending_send_sz), 1024);
	KUNIT_EXPECT_TRUE(test, ch->tx_blocked);
	KUNIT_EXPECT_EQ(test, ch->stats.ring_full, 1);

	/* The guest consumed one packet: there is room again. */
	r->ctrl->read_index = cpu_to_le32(1024);
	KUNIT_EXPECT_EQ(test, rt_write(ch, 3, big, sizeof(big), &signal), 0);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->pending_send_sz), 0);
	KUNIT_EXPECT_FALSE(test, ch->tx_blocked);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->write_index), 0);
}

/* A full ring asks for a quarter of the ring, not just the packet. */
static void rt_write_full_quarter(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct vmbussim_ring *r = &ch->inbound;
	bool signal;
	int i, ret = 0;

	rt_ring(test, r, 4);
	/* 32-byte packets; the ring keeps 8 bytes free. */
	for (i = 0; i < 16384 / 32; i++) {
		ret = rt_write(ch, i, "x", 1, &signal);
		if (ret)
			break;
	}
	KUNIT_EXPECT_EQ(test, ret, -EAGAIN);
	KUNIT_EXPECT_EQ(test, i, 16384 / 32 - 1);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->pending_send_sz), 4096);
	KUNIT_EXPECT_TRUE(test, ch->tx_blocked);

	/* Room for the packet (the guest signals later): it is written. */
	r->ctrl->read_index = cpu_to_le32(64);
	KUNIT_EXPECT_EQ(test, rt_write(ch, i, "x", 1, &signal), 0);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->pending_send_sz), 0);
	KUNIT_EXPECT_FALSE(test, ch->tx_blocked);
}

static void rt_write_wraps(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct vmbussim_ring *r = &ch->inbound;
	u32 start = r->size - 16;
	__le64 trailer;
	bool signal;

	r->index = start;
	r->ctrl->write_index = cpu_to_le32(start);
	r->ctrl->read_index = cpu_to_le32(start);
	KUNIT_ASSERT_EQ(test, rt_write(ch, 9, "12345678", 8, &signal), 0);
	KUNIT_EXPECT_TRUE(test, signal);
	KUNIT_EXPECT_EQ(test, rt_le32(r->ctrl->write_index), 16);
	KUNIT_EXPECT_EQ(test, memcmp(r->data, "12345678", 8), 0);
	memcpy(&trailer, r->data + 8, sizeof(trailer));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(trailer), (u64)start << 32);
}

static void rt_write_bad_read_index(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	bool signal;

	ch->inbound.ctrl->read_index = cpu_to_le32(3);
	KUNIT_EXPECT_EQ(test, rt_write(ch, 1, "x", 1, &signal), -EIO);
	KUNIT_EXPECT_TRUE(test, ch->broken);
	KUNIT_EXPECT_EQ(test, rt_write(ch, 1, "x", 1, &signal), -EIO);
	ch->open = false;
	KUNIT_EXPECT_EQ(test, rt_write(ch, 1, "x", 1, &signal), -ENOTCONN);
}

/* The guest's side: put a packet into the outbound ring. */
static void rt_guest_put(struct vmbussim_chan *ch, u16 off8, u16 len8,
			 u64 tid, const char *payload)
{
	struct vmbussim_ring *r = &ch->outbound;
	u32 w = le32_to_cpu(r->ctrl->write_index);
	struct vmbus_packet_desc desc = {
		.type = cpu_to_le16(VMBUS_PKT_DATA_INBAND),
		.offset8 = cpu_to_le16(off8),
		.len8 = cpu_to_le16(len8),
		.trans_id = cpu_to_le64(tid),
	};

	memcpy(r->data + w, &desc, sizeof(desc));
	if (off8 <= len8)
		memcpy(r->data + w + off8 * 8, payload,
		       min_t(size_t, strlen(payload), (len8 - off8) * 8));
	r->ctrl->write_index = cpu_to_le32(w + len8 * 8 + 8);
}

static void rt_read_batch(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	rt_guest_put(ch, 2, 3, 11, "first");
	rt_guest_put(ch, 2, 4, 12, "second packet");
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_EQ(test, seen->packets, 2);
	KUNIT_EXPECT_EQ(test, seen->trans_id, 12);
	KUNIT_EXPECT_EQ(test, seen->len, 16);
	KUNIT_EXPECT_STREQ(test, (char *)seen->data, "second packet");
	KUNIT_EXPECT_EQ(test, rt_le32(ch->outbound.ctrl->read_index),
			rt_le32(ch->outbound.ctrl->write_index));
	KUNIT_EXPECT_FALSE(test, ch->broken);
}

/*
 * Opened masked; packets are taken with the guest's signals masked, and
 * the mask is cleared only when the ring is found empty twice: a packet
 * the guest adds while the host drains is taken in the same pass.
 */
static void rt_read_masks(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	ch->outbound.ctrl->interrupt_mask = cpu_to_le32(1);
	ch->outbound.masked = true;
	/* The first look at an empty ring unmasks. */
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_EQ(test, rt_le32(ch->outbound.ctrl->interrupt_mask), 0);

	rt_guest_put(ch, 2, 3, 1, "one");
	rt_guest_put(ch, 2, 3, 2, "two");
	seen->put_more = 1;
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_EQ(test, seen->packets, 3);
	KUNIT_EXPECT_EQ(test, seen->trans_id, 99);
	KUNIT_EXPECT_EQ(test, seen->unmasked, 0);
	KUNIT_EXPECT_EQ(test, rt_le32(ch->outbound.ctrl->interrupt_mask), 0);
	KUNIT_EXPECT_FALSE(test, ch->outbound.masked);
	KUNIT_EXPECT_EQ(test, rt_le32(ch->outbound.ctrl->read_index),
			rt_le32(ch->outbound.ctrl->write_index));
}

static void rt_read_bad_len(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	/* len8 smaller than offset8 */
	rt_guest_put(ch, 4, 2, 1, "");
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_EQ(test, seen->packets, 0);
	KUNIT_EXPECT_TRUE(test, ch->broken);
	KUNIT_EXPECT_EQ(test, ch->stats.bad_pkts, 1);
	KUNIT_EXPECT_EQ(test, rt_le32(ch->outbound.ctrl->read_index), 0);
}

static void rt_read_bad_index(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	ch->outbound.ctrl->write_index = cpu_to_le32(HV_PAGE_SIZE + 8);
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_TRUE(test, ch->broken);
	KUNIT_EXPECT_EQ(test, seen->packets, 0);
}

static void rt_read_truncated(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	/* A packet claiming more bytes than the guest published. */
	rt_guest_put(ch, 2, 3, 1, "x");
	ch->outbound.ctrl->write_index = cpu_to_le32(24);
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_TRUE(test, ch->broken);
	KUNIT_EXPECT_EQ(test, seen->packets, 0);
}

/*
 * A model that answers in the guest's signal: each packet gets an answer
 * of answer_len bytes (default 200), unless its first payload byte is 'w'
 * (left for the work).
 */
static bool rt_packet_now(struct vmbussim_chan *ch,
			  const struct vmbus_packet_desc *desc,
			  const void *data, u32 len)
{
	struct rt_seen *seen = vmbussim_dev_priv(vmbussim_chan_dev(ch));
	static const u8 answer[VMBUSSIM_PARKED_MAX + 8];

	if (len && *(const u8 *)data == 'w')
		return false;
	rt_packet(ch, desc, data, len);
	seen->send_ret = vmbussim_send(ch, VMBUS_PKT_COMP, 0,
				       le64_to_cpu(desc->trans_id), answer,
				       seen->answer_len);
	return true;
}

static const struct vmbussim_model_ops rt_now_ops = {
	.packet = rt_packet,
	.packet_now = rt_packet_now,
};

static const struct vmbussim_model rt_now_model = {
	.name = "ring_test_now",
	.index = 254,
	.ops = &rt_now_ops,
};

/* rt_chan() with the answering model, a parking slot, no signals. */
static struct vmbussim_chan *rt_now_chan(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_chan(test);

	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	seen->answer_len = 200;
	ch->dev->model = &rt_now_model;
	ch->parked = kunit_kzalloc(test, VMBUSSIM_PARKED_MAX, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, ch->parked);
	ch->inbound.ctrl->interrupt_mask = cpu_to_le32(1);
	return ch;
}

/* Packets taken in the signal, up to the first the model leaves. */
static void rt_now_leaves(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_now_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	rt_guest_put(ch, 2, 3, 1, "now");
	rt_guest_put(ch, 2, 3, 2, "work");
	rt_guest_put(ch, 2, 3, 3, "now");
	KUNIT_EXPECT_FALSE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 1);
	KUNIT_EXPECT_EQ(test, seen->send_ret, 0);
	KUNIT_EXPECT_EQ(test, ch->stats.pkts_now, 1);
	/* The work starts from the packet left. */
	KUNIT_EXPECT_EQ(test, rt_le32(ch->outbound.ctrl->read_index), 32);
	KUNIT_EXPECT_EQ(test, ch->read_flags, 0);
	vmbussim_ring_read(ch);
	KUNIT_EXPECT_EQ(test, seen->packets, 3);
	KUNIT_EXPECT_EQ(test, seen->trans_id, 3);
	KUNIT_EXPECT_EQ(test, ch->stats.pkts_now, 1);
}

/* Fill the inbound ring up to 200 free bytes: no room for 224. */
static void rt_fill(struct kunit *test, struct vmbussim_chan *ch)
{
	static const u8 junk[520];
	bool signal;
	u32 i;

	/* 7 x (16 + 520 + 8) + (16 + 64 + 8) = 3896 of 4096 bytes. */
	for (i = 0; i < 7; i++)
		KUNIT_ASSERT_EQ(test, rt_write(ch, 100 + i, junk, 520, &signal),
				0);
	KUNIT_ASSERT_EQ(test, rt_write(ch, 107, junk, 64, &signal), 0);
}

/* A full inbound ring parks the answer; the work writes it later. */
static void rt_now_parks(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_now_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);
	struct vmbus_packet_desc desc;
	u32 w;

	rt_fill(test, ch);
	rt_guest_put(ch, 2, 3, 1, "now");
	rt_guest_put(ch, 2, 3, 2, "now");
	KUNIT_EXPECT_FALSE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 1);
	/* Parked, so the model saw its send succeed. */
	KUNIT_EXPECT_EQ(test, seen->send_ret, 0);
	KUNIT_EXPECT_EQ(test, ch->parked_len, 200);
	KUNIT_EXPECT_EQ(test, ch->stats.parked, 1);
	/* Still full: the answer stays parked, nothing else is read. */
	KUNIT_EXPECT_FALSE(test, vmbussim_chan_unpark(ch));
	KUNIT_EXPECT_FALSE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 1);

	/* The guest reads everything: the parked answer goes out first. */
	w = rt_le32(ch->inbound.ctrl->write_index);
	ch->inbound.ctrl->read_index = cpu_to_le32(w);
	KUNIT_EXPECT_TRUE(test, vmbussim_chan_unpark(ch));
	KUNIT_EXPECT_EQ(test, ch->parked_len, 0);
	memcpy(&desc, ch->inbound.data + w, sizeof(desc));
	KUNIT_EXPECT_EQ(test, le64_to_cpu(desc.trans_id), 1);
	KUNIT_EXPECT_EQ(test, le16_to_cpu(desc.len8), (16 + 200) / 8);
	KUNIT_EXPECT_TRUE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 2);
	KUNIT_EXPECT_EQ(test, ch->stats.pkts_now, 2);
}

/* An answer too large to park fails as a full ring does. */
static void rt_now_park_too_big(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_now_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	seen->answer_len = VMBUSSIM_PARKED_MAX + 8;
	rt_fill(test, ch);
	rt_guest_put(ch, 2, 3, 1, "now");
	KUNIT_EXPECT_TRUE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 1);
	KUNIT_EXPECT_EQ(test, seen->send_ret, -EAGAIN);
	KUNIT_EXPECT_EQ(test, ch->parked_len, 0);
	KUNIT_EXPECT_EQ(test, ch->stats.parked, 0);
}

/* Another reader holds the ring: the signal reads nothing, asks again. */
static void rt_now_one_reader(struct kunit *test)
{
	struct vmbussim_chan *ch = rt_now_chan(test);
	struct rt_seen *seen = vmbussim_dev_priv(ch->dev);

	rt_guest_put(ch, 2, 3, 1, "now");
	KUNIT_ASSERT_TRUE(test, vmbussim_reader_get(ch));
	KUNIT_EXPECT_TRUE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 0);
	KUNIT_EXPECT_TRUE(test, test_bit(VMBUSSIM_READ_AGAIN, &ch->read_flags));
	/* The holder's vmbussim_reader_put() would queue the work. */
	clear_bit(VMBUSSIM_READ_AGAIN, &ch->read_flags);
	clear_bit(VMBUSSIM_READING, &ch->read_flags);
	KUNIT_EXPECT_TRUE(test, vmbussim_chan_read_now(ch));
	KUNIT_EXPECT_EQ(test, seen->packets, 1);
	KUNIT_EXPECT_EQ(test, ch->read_flags, 0);
}

static struct kunit_case vmbussim_ring_cases[] = {
	KUNIT_CASE(rt_write_layout),
	KUNIT_CASE(rt_write_signal_rules),
	KUNIT_CASE(rt_write_full),
	KUNIT_CASE(rt_write_full_quarter),
	KUNIT_CASE(rt_write_wraps),
	KUNIT_CASE(rt_write_bad_read_index),
	KUNIT_CASE(rt_read_batch),
	KUNIT_CASE(rt_read_masks),
	KUNIT_CASE(rt_read_bad_len),
	KUNIT_CASE(rt_read_bad_index),
	KUNIT_CASE(rt_read_truncated),
	KUNIT_CASE(rt_now_leaves),
	KUNIT_CASE(rt_now_parks),
	KUNIT_CASE(rt_now_park_too_big),
	KUNIT_CASE(rt_now_one_reader),
	{}
};

static struct kunit_suite vmbussim_ring_suite = {
	.name = "vmbussim_ring",
	.test_cases = vmbussim_ring_cases,
};

kunit_test_suite(vmbussim_ring_suite);
