/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbussim's network VSP (netvsp): state shared by its NVSP, RNDIS and
 * far-end (vsim netdev) files.
 */
#ifndef _VMBUSSIM_MODEL_NETVSP_H
#define _VMBUSSIM_MODEL_NETVSP_H

#include <linux/netdevice.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/ndis.h>
#include <linux/hyperv/spec/nvsp.h>
#include <linux/hyperv/spec/rndis.h>

#include "../core/model.h"

struct page_pool;

/*
 * Receive-buffer slots as a Microsoft host cuts them (netvsp_slots.c):
 * the RNDIS header area, the frame of up to the configured MTU, a tail.
 * The MTU of the NDIS configuration counts the Ethernet header; outside
 * these bounds the host takes the minimum.
 */
#define NETVSP_RX_DATA_OFF	256
#define NETVSP_RX_TAIL		36
#define NETVSP_CFG_MTU_MIN	1514
#define NETVSP_CFG_MTU_MAX	9216
/* Slots kept for control messages, at the buffer's start. */
#define NETVSP_RX_CTRL_SLOTS	16
#define NETVSP_SECTION		6144
/* A section size below the protocol's minimum (bad_send_buf fault). */
#define NETVSP_SECTION_BAD	100
/* The smallest section the protocol allows (small_sections fault). */
#define NETVSP_SECTION_MIN	512
#define NETVSP_MAX_MTU		9000
/* Link speeds, in the 100 bit/s units of RNDIS. */
#define NETVSP_SPEED_10G	100000000
#define NETVSP_SPEED_1G		10000000
/* The host's RNDIS limits, in its answer to RNDIS_MSG_INIT. */
#define NETVSP_MAX_PKTS		8
#define NETVSP_MAX_XFER		0xefffffffU
#define NETVSP_PKT_ALIGN_SHIFT	3
/* Room for an RNDIS query answer's value. */
#define NETVSP_INFO_MAX		160
/* RNDIS header of a frame toward the guest: three per-packet infos. */
#define NETVSP_RX_HLEN_MAX	(sizeof(struct rndis_hdr) + \
				 sizeof(struct rndis_packet) + \
				 3 * (sizeof(struct rndis_ppi) + sizeof(__le32)))
static_assert(NETVSP_RX_HLEN_MAX <= NETVSP_RX_DATA_OFF);

/* Frames from the guest waiting for vsimN's NAPI, at most. */
#define NETVSP_RXQ_MAX		1024

/* Offloads the guest turned on (struct netvsp_offload.on). */
#define NETVSP_OFF_TX_IP4	BIT(0)
#define NETVSP_OFF_TX_TCP4	BIT(1)
#define NETVSP_OFF_TX_UDP4	BIT(2)
#define NETVSP_OFF_TX_TCP6	BIT(3)
#define NETVSP_OFF_TX_UDP6	BIT(4)
#define NETVSP_OFF_RX		BIT(5)
#define NETVSP_OFF_LSO4		BIT(6)
#define NETVSP_OFF_LSO6		BIT(7)

/**
 * struct netvsp_offload - the host's offload state and counters
 * @on: NETVSP_OFF_* bits the guest's parameters turned on
 * @csum_tx: checksums completed for the guest
 * @lso: LSO packets from the guest
 * @lso_segs: the MSS-sized frames they stand for
 * @csum_rx: frames toward the guest whose checksum the host vouched for
 * @csum_rx_bad: frames toward the guest with a bad checksum
 * @vlan_tx: VLAN tags inserted into the guest's frames
 * @vlan_rx: VLAN tags stripped from frames toward the guest
 * @refused: guest frames asking for an offload it had turned off
 * @napi: vsimN's receive context: GRO over the frames from the guest
 * @rxq: frames from the guest for @napi
 */
struct netvsp_offload {
	u32 on;
	atomic64_t csum_tx;
	atomic64_t lso;
	atomic64_t lso_segs;
	atomic64_t csum_rx;
	atomic64_t csum_rx_bad;
	atomic64_t vlan_tx;
	atomic64_t vlan_rx;
	atomic64_t refused;
	struct napi_struct napi;
	struct sk_buff_head rxq;
};

/* Channels (receive queues) a NIC offers at most. */
#define NETVSP_MAX_QUEUES	8

/**
 * struct netvsp_mq - subchannels, RSS and MTU (netvsp_mq.c); the
 *	fields up to @frames are under the NIC's lock
 * @sc: open subchannels by index (0 unused: the primary is netvsp.ch)
 * @sc_offered: subchannels offered since the primary opened
 * @entries: indirection-table entries in force, 0 without RSS
 * @hash: NDIS_HASH_* types in force
 * @table: the indirection table
 * @key: the Toeplitz key
 * @frames: frames delivered on each channel
 * @mtu: the guest's MTU from its NDIS configuration, 0 if none
 * @cfg_mtu: the MTU field of that configuration as sent, 0 if none
 * @mtu_drops: frames for the guest dropped as longer than its MTU
 * @want: channels (the primary included) of the last granted subchannel
 *	request, 0 before one
 * @table_sent: the send indirection table went out since that request
 * @fault_sc_lie: answer the next subchannel request with too many
 * @fault_bad_caps: answer RSS capability queries with a bad object
 */
struct netvsp_mq {
	struct vmbussim_chan *sc[NETVSP_MAX_QUEUES];
	u32 sc_offered;
	u32 entries;
	u32 hash;
	u32 table[NDIS_RSS_TABLE_ENTRIES];
	u8 key[NDIS_RSS_KEY_SIZE];
	u64 frames[NETVSP_MAX_QUEUES];
	u32 mtu;
	u32 cfg_mtu;
	atomic64_t mtu_drops;
	u32 want;
	bool table_sent;
	bool fault_sc_lie;
	bool fault_bad_caps;
};

/**
 * struct netvsp_gpa_buf - one channel's buffers for the guest's packets;
 *	only that channel's packet hook uses them, one packet at a time
 * @scratch: a GPA-direct packet's RNDIS message, or its first bytes,
 *	copied out of guest memory
 * @pool: pages for the payload of the GSO skbs the channel's LSO packets
 *	become, recycled when the skbs are freed
 */
struct netvsp_gpa_buf {
	u8 *scratch;
	struct page_pool *pool;
};

/**
 * struct netvsp_frame - a frame from the guest, in host memory as far as
 *	it was copied
 * @f: the frame; the buffer has room for all of it
 * @len: its length
 * @have: bytes of it at @f; the rest is still in guest memory
 * @desc: the GPA-direct packet whose buffer holds the rest (checked with
 *	vmbussim_gpa_check()), NULL when @have is @len
 * @desc_off: where the frame starts in that buffer
 * @pool: where the pages of a GSO skb's payload come from
 */
struct netvsp_frame {
	u8 *f;
	u32 len;
	u32 have;
	const struct vmbus_packet_desc *desc;
	u32 desc_off;
	struct page_pool *pool;
};

/**
 * struct netvsp_slots - the receive buffer's slots (netvsp_slots.c)
 * @n: slots
 * @ctrl: the first @ctrl are for control messages
 * @used: set bits mark slots the guest has not completed
 * @heads: set bits mark the first slot (the transaction id) of each
 *	packet the guest holds
 * @next: the next slot of the same packet, U32_MAX after the last
 */
struct netvsp_slots {
	u32 n;
	u32 ctrl;
	unsigned long *used;
	unsigned long *heads;
	u32 *next;
};

struct netvsp_xfer;

/**
 * struct netvsp_rxb - the transfer-page packet of frames being built
 *	(netvsp_rx.c), under the NIC's lock
 * @x: its header and ranges
 * @ch: the channel it goes on
 * @n: ranges in it, 0 when there is none
 */
struct netvsp_rxb {
	struct netvsp_xfer *x;
	struct vmbussim_chan *ch;
	u32 n;
};

/* Where a channel is in the NVSP order (netvsp_order.c). */
enum netvsp_phase {
	NETVSP_PH_INIT,		/* primary: waits for NVSP_MSG_INIT */
	NETVSP_PH_SETUP,	/* primary: version agreed, buffers next */
	NETVSP_PH_READY,	/* carries RNDIS messages */
	NETVSP_PH_DONE,		/* a buffer was revoked: no longer served */
	NETVSP_PH_DEAD,		/* a protocol error ended it */
};

enum netvsp_verdict {
	NETVSP_OK,
	NETVSP_IGNORE,
	NETVSP_FATAL,
};

/* struct netvsp_order.seen */
#define NETVSP_SEEN_NDIS_VER	BIT(0)
#define NETVSP_SEEN_NDIS_CFG	BIT(1)
#define NETVSP_SEEN_RBUF	BIT(2)
#define NETVSP_SEEN_SBUF	BIT(3)

/**
 * struct netvsp_order - one channel's place in the NVSP order; written
 *	only by the channel's packet hook and its open, @phase read anywhere
 * @phase: enum netvsp_phase
 * @seen: NETVSP_SEEN_* set-up messages the primary had
 * @ver: the NVSP version agreed on the primary
 */
struct netvsp_order {
	u8 phase;
	u8 seen;
	u32 ver;
};

/**
 * struct netvsp - one simulated synthetic NIC
 * @dev: the vmbussim device
 * @node: in the list of fault-injection targets
 * @vsim: the far end, a netdev in the guest
 * @lock: protects everything below it (taken with BH off)
 * @ch: the primary channel while open
 * @nvsp_ver: the NVSP version the guest negotiated
 * @rbuf: the mapped receive buffer
 * @rbuf_handle: its GPADL
 * @slot_size: the size of its slots
 * @rx: its slots
 * @rxb: the packet of frames being built
 * @rx_pkts: transfer-page packets of frames sent
 * @rx_multi: those with more than one frame
 * @rx_ranges_max: the most frames one of them had
 * @order: each channel's place in the NVSP order, by channel index
 * @rndis_inited: the guest initialised the RNDIS adapter on this
 *	connection (it may do so once)
 * @guest_link: the media state the guest was last told of
 * @link_hold: jiffies before which no further media change is indicated
 * @link_work: indicates a media change held back by the debounce
 * @sbuf: the mapped send buffer
 * @sbuf_handle: its GPADL
 * @sbuf_size: its size
 * @section: the section size given with it (NETVSP_SECTION until then)
 * @small_sections: give the next send buffer NETVSP_SECTION_MIN sections
 * @fault_bad_sbuf: answer the next send buffer with NETVSP_SECTION_BAD
 * @fault_bad_rbuf: answer the next receive buffer with two sections
 * @filter: the guest's RNDIS packet filter
 * @link_up: media state reported to the guest
 * @speed: link speed reported to the guest, in 100 bit/s
 * @mac: the NIC's current address (the guest may set it)
 * @perm_mac: its permanent address; an initialised adapter starts with it
 * @gpa: each channel's buffers, by channel index (netvsp_gpa.c)
 * @tx_frames: frames from the guest to @vsim
 * @rx_frames: frames from @vsim to the guest
 * @bad_msgs: malformed guest messages
 * @bad_comp: guest completions of nothing outstanding
 * @fatal: protocol errors that ended a channel
 * @tx_split: GPA-direct frames refused: RNDIS header or per-packet info
 *	not in the first range
 * @keepalives: RNDIS keepalives answered
 * @offload_ind: TASK_OFFLOAD_CURRENT_CONFIG indications sent
 * @mac_cfg: addresses the guest set by configuration parameter
 * @mac_oid_refused: SETs of RNDIS_OID_802_3_CURRENT_ADDRESS refused
 * @guest_caps: NVSP_CAP_* of the guest's last NDIS configuration
 * @drops: frames the guest could not take
 * @off: offloads
 * @mq: multiqueue, RSS and MTU state
 */
struct netvsp {
	struct vmbussim_dev *dev;
	struct list_head node;
	struct net_device *vsim;
	spinlock_t lock; /* the fields below */
	struct vmbussim_chan *ch;
	u32 nvsp_ver;
	u8 *rbuf;
	u32 rbuf_handle;
	u32 slot_size;
	struct netvsp_slots rx;
	struct netvsp_rxb rxb;
	u64 rx_pkts;
	u64 rx_multi;
	u32 rx_ranges_max;
	struct netvsp_order order[NETVSP_MAX_QUEUES];
	bool rndis_inited;
	bool guest_link;
	unsigned long link_hold;
	struct delayed_work link_work;
	u8 *sbuf;
	u32 sbuf_handle;
	u32 sbuf_size;
	u32 section;
	bool small_sections;
	bool fault_bad_sbuf;
	bool fault_bad_rbuf;
	u32 filter;
	bool link_up;
	u32 speed;
	u8 mac[ETH_ALEN];
	u8 perm_mac[ETH_ALEN];
	struct netvsp_gpa_buf gpa[NETVSP_MAX_QUEUES];
	atomic64_t tx_frames;
	atomic64_t rx_frames;
	atomic64_t bad_msgs;
	atomic64_t bad_comp;
	atomic64_t fatal;
	atomic64_t tx_split;
	atomic64_t keepalives;
	atomic64_t offload_ind;
	atomic64_t mac_cfg;
	atomic64_t mac_oid_refused;
	u64 guest_caps;
	atomic64_t drops;
	struct netvsp_offload off;
	struct netvsp_mq mq;
};

int netvsp_host_msg(struct netvsp *np, const void *msg, u32 len);
void netvsp_fatal(struct netvsp *np, struct vmbussim_chan *ch,
		  const char *what, u64 val);
u32 netvsp_rndis_from_guest(struct netvsp *np, struct vmbussim_chan *ch,
			    u8 *buf, u32 len);
int netvsp_rndis_packet(struct netvsp *np, struct vmbussim_chan *ch,
			u8 *msg, u32 len, u32 have,
			const struct vmbus_packet_desc *desc, u32 first);
int netvsp_vsim_create(struct netvsp *np);
void netvsp_vsim_destroy(struct netvsp *np);
void netvsp_vsim_wake(struct netvsp *np);
void netvsp_indicate(struct netvsp *np, u32 status);
void netvsp_indicate_buf(struct netvsp *np, u32 status, const void *buf,
			 u32 len);
void netvsp_link_set(struct netvsp *np, bool up);
void netvsp_link_init(struct netvsp *np);
void netvsp_link_fini(struct netvsp *np);
void netvsp_link_init_guest(struct netvsp *np);
void netvsp_bad(struct netvsp *np, const char *what, u32 val);
void netvsp_indicate_speed(struct netvsp *np, u32 speed, bool bad);
/**
 * struct netvsp_l4 - where a frame's transport header and checksum are
 * @l3off: offset of the IP header
 * @l4off: offset of the TCP or UDP header
 * @l4len: bytes from there to the end of the IP packet
 * @proto: IPPROTO_TCP or IPPROTO_UDP
 * @v6: IPv6, else IPv4
 */
struct netvsp_l4 {
	u32 l3off;
	u32 l4off;
	u32 l4len;
	u8 proto;
	bool v6;
};

int netvsp_l4_find(const u8 *f, u32 len, bool lso, struct netvsp_l4 *l);
__sum16 netvsp_pseudo(const u8 *f, const struct netvsp_l4 *l, __wsum s);
__sum16 netvsp_l4_sum(const u8 *f, const struct netvsp_l4 *l);
__sum16 *netvsp_l4_check(u8 *f, const struct netvsp_l4 *l);
void netvsp_l4_fill(u8 *f, const struct netvsp_l4 *l, bool ip);
u32 netvsp_offload_query(struct netvsp *np, u32 oid, u8 *val);
u32 netvsp_offload_set(struct netvsp *np, u32 oid, const u8 *val, u32 len);
void netvsp_offload_indicate(struct netvsp *np);
void netvsp_frame_from_guest(struct netvsp *np, struct netvsp_frame *fr,
			     const u8 *ppi, u32 ppi_len);
u32 netvsp_rx_hdr(struct netvsp *np, struct sk_buff *skb, void *buf);
void netvsp_offload_stats(struct netvsp *np, struct seq_file *m);
void netvsp_vsim_napi_init(struct netvsp *np);
void netvsp_vsim_napi_fini(struct netvsp *np);
void netvsp_fault_exit(void);
void netvsp_fault_register(struct netvsp *np);
void netvsp_fault_unregister(struct netvsp *np);

/* netvsp_mq.c */
u32 netvsp_toeplitz(const u8 *key, const u8 *data, u32 len);
struct vmbussim_chan *netvsp_rx_chan(struct netvsp *np, const u8 *frame,
				     u32 len);
u32 netvsp_rss_caps(struct netvsp *np, u8 *val);
u32 netvsp_rss_set(struct netvsp *np, const u8 *val, u32 len);
void netvsp_subchannels(struct vmbussim_chan *ch, const struct nvsp_msg *m,
			struct nvsp_msg *reply);
void netvsp_mq_open(struct netvsp *np, struct vmbussim_chan *ch);
void netvsp_mq_close(struct netvsp *np, struct vmbussim_chan *ch);
void netvsp_ndis_config(struct netvsp *np, const struct nvsp_msg *m);
bool netvsp_mtu_ok(struct netvsp *np, u32 frame_len, bool from_guest);

/* The guest's MTU from its NDIS configuration, else the host's limit. */
static inline u32 netvsp_mtu(struct netvsp *np)
{
	return READ_ONCE(np->mq.mtu) ? : NETVSP_MAX_MTU;
}

void netvsp_mq_stats(struct netvsp *np, struct seq_file *m);
void netvsp_send_table_when_open(struct netvsp *np);

/* netvsp_order.c */
enum netvsp_verdict netvsp_order_step(struct netvsp_order *o, u32 type,
				      bool primary);
void netvsp_order_init(struct netvsp_order *o, u32 ver);
void netvsp_order_reset(struct netvsp_order *o, bool primary);

/* netvsp_slots.c */
u32 netvsp_slot_size(u32 mtu);
int netvsp_slots_init(struct netvsp_slots *t, u32 n);
void netvsp_slots_fini(struct netvsp_slots *t);
int netvsp_slots_get(struct netvsp_slots *t, bool ctrl);
void netvsp_slots_chain(struct netvsp_slots *t, u32 prev, u32 s);
void netvsp_slots_sent(struct netvsp_slots *t, u32 first);
void netvsp_slots_drop(struct netvsp_slots *t, u32 first);
int netvsp_slots_done(struct netvsp_slots *t, u64 tid);

/* netvsp_rx.c */
int netvsp_rx_alloc(struct netvsp *np);
void netvsp_rx_free(struct netvsp *np);
int netvsp_to_guest(struct netvsp *np, u32 channel_type, const void *hdr,
		    u32 hdr_len, const void *data, u32 len, bool more);
int netvsp_rx_flush(struct netvsp *np);
void netvsp_rx_forget(struct netvsp *np, struct vmbussim_chan *ch);
int netvsp_rx_done(struct netvsp *np, u64 tid);

/* netvsp_cfg.c */
u32 netvsp_cfg_mac(const u8 *info, u32 len, u8 *mac);
u32 netvsp_config_param(struct netvsp *np, const u8 *val, u32 len);
u32 netvsp_current_address_set(struct netvsp *np);
void netvsp_mac_stats(struct netvsp *np, struct seq_file *m);

/* netvsp_vf.c */
int netvsp_mq_fault(struct netvsp *np, const char *verb);

/* netvsp_gpa.c */
#define NETVSP_SCRATCH		(64 * 1024 + 1024)
/*
 * Bytes of a GPA-direct data message copied before its frame is looked
 * at: the RNDIS header, per-packet infos and the frame's headers fit.
 */
#define NETVSP_GPA_HEAD		256
int netvsp_gpa_buf_get(struct netvsp *np, u16 index);
void netvsp_gpa_bufs_free(struct netvsp *np);
struct netvsp_gpa_buf *netvsp_gpa_buf(struct netvsp *np,
				      struct vmbussim_chan *ch);
int netvsp_frame_pull(struct netvsp_frame *fr);
int netvsp_frame_copy(const struct netvsp_frame *fr, u32 off, void *dst,
		      u32 len);
int netvsp_frags_fill(const struct netvsp_frame *fr, struct sk_buff *skb,
		      u32 off, u32 len);

/* netvsp_sendtab.c */
bool netvsp_version_ok(u32 ver);
int netvsp_send_table_fault(struct netvsp *np, const char *verb);

/**
 * struct netvsp_pkt - where an RNDIS_MSG_PACKET's parts lie, from the
 *	start of the message
 * @frame_off: the frame
 * @frame_len: its bytes, not 0
 * @ppi_off: the per-packet infos
 * @ppi_len: their bytes, 0 for none
 */
struct netvsp_pkt {
	u32 frame_off;
	u32 frame_len;
	u32 ppi_off;
	u32 ppi_len;
};

/**
 * struct netvsp_ppis - the per-packet info values the host acts on, NULL
 *	where the frame has none
 * @csum: RNDIS_PPI_CSUM
 * @lso: RNDIS_PPI_LSO
 * @vlan: RNDIS_PPI_VLAN
 * @hash: RNDIS_PPI_HASH
 */
struct netvsp_ppis {
	const __le32 *csum;
	const __le32 *lso;
	const __le32 *vlan;
	const __le32 *hash;
};

/**
 * struct netvsp_rss - RSS parameters as the host keeps them
 * @entries: NDIS_RSS_TABLE_ENTRIES, or 0 with RSS off
 * @hash: NDIS_HASH_* of the parameters
 * @table: the indirection table
 * @key: the Toeplitz key
 */
struct netvsp_rss {
	u32 entries;
	u32 hash;
	u32 table[NDIS_RSS_TABLE_ENTRIES];
	u8 key[NDIS_RSS_KEY_SIZE];
};

/* netvsp_parse.c: the host's own checks of what the guest sends */
u32 netvsp_rndis_len(const u8 *buf, u32 avail);
int netvsp_pkt_read(const u8 *msg, u32 len, struct netvsp_pkt *pkt);
int netvsp_ppis_read(const u8 *area, u32 len, struct netvsp_ppis *out);
u8 *netvsp_ppi_add(u8 *at, u32 type, u32 val);
int netvsp_info_read(const u8 *msg, u32 len, u32 *info, u32 *info_len);
u32 netvsp_rss_read(const u8 *val, u32 len, u32 queues, struct netvsp_rss *rss);
bool netvsp_hdr_in_first(const struct netvsp_pkt *pkt, u32 first);

#endif /* _VMBUSSIM_MODEL_NETVSP_H */
