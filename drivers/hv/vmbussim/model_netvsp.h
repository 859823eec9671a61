/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vmbussim's network VSP (netvsp): state shared by its NVSP, RNDIS and
 * far-end (vsim netdev) files.
 */
#ifndef _VMBUSSIM_MODEL_NETVSP_H
#define _VMBUSSIM_MODEL_NETVSP_H

#include <linux/netdevice.h>
#include <linux/spinlock.h>

#include <linux/hyperv/spec/ndis.h>
#include <linux/hyperv/spec/nvsp.h>
#include <linux/hyperv/spec/rndis.h>

#include "model.h"

struct page_pool;

/* Receive-buffer slot: one RNDIS message of up to a jumbo frame. */
#define NETVSP_SLOT		10240
#define NETVSP_SECTION		6144
/* A section size below the protocol's minimum (bad_send_buf fault). */
#define NETVSP_SECTION_BAD	100
/* The smallest section the protocol allows (small_sections fault). */
#define NETVSP_SECTION_MIN	512
#define NETVSP_MAX_MTU		9000
/* Link speeds, in the 100 bit/s units of RNDIS. */
#define NETVSP_SPEED_10G	100000000
#define NETVSP_SPEED_1G		10000000
#define NETVSP_MAX_PKTS		16
#define NETVSP_XFER_TID		0x4e00000000000000ULL
/* Room for an RNDIS query answer's value. */
#define NETVSP_INFO_MAX		160
/* RNDIS header of a frame toward the guest: three per-packet infos. */
#define NETVSP_RX_HLEN_MAX	(sizeof(struct rndis_hdr) + \
				 sizeof(struct rndis_packet) + \
				 3 * (sizeof(struct rndis_ppi) + sizeof(__le32)))

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
 * struct netvsp_mq - subchannels, RSS and MTU (model_netvsp_mq.c); the
 *	fields up to @frames are under the NIC's lock
 * @sc: open subchannels by index (0 unused: the primary is netvsp.ch)
 * @sc_offered: subchannels offered since the primary opened
 * @entries: indirection-table entries in force, 0 without RSS
 * @hash: NDIS_HASH_* types in force
 * @table: the indirection table
 * @key: the Toeplitz key
 * @frames: frames delivered on each channel
 * @mtu: the guest's MTU from its NDIS configuration, 0 if none
 * @mtu_drops: frames for the guest dropped as longer than its MTU
 * @rbuf_gen: receive buffers unmapped so far (under the lock); part of
 *	each transfer-page packet's transaction id
 * @late_comp: completions of transfer-page packets of an unmapped
 *	receive buffer (the guest completed them as it revoked the buffer)
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
	atomic64_t mtu_drops;
	u16 rbuf_gen;
	atomic64_t late_comp;
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
 * struct netvsp - one simulated synthetic NIC
 * @dev: the vmbussim device
 * @node: in the list of fault-injection targets
 * @vsim: the far end, a netdev in the guest
 * @lock: protects everything below it (taken with BH off)
 * @ch: the primary channel while open
 * @nvsp_ver: the NVSP version the guest negotiated
 * @rbuf: the mapped receive buffer
 * @rbuf_handle: its GPADL
 * @nslots: slots in it
 * @slots: set bits mark slots the guest has not completed
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
 * @gpa: each channel's buffers, by channel index (model_netvsp_gpa.c)
 * @tx_frames: frames from the guest to @vsim
 * @rx_frames: frames from @vsim to the guest
 * @bad_msgs: malformed guest messages
 * @bad_comp: guest completions of nothing outstanding
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
	u32 nslots;
	unsigned long *slots;
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
	atomic64_t mac_cfg;
	atomic64_t mac_oid_refused;
	u64 guest_caps;
	atomic64_t drops;
	struct netvsp_offload off;
	struct netvsp_mq mq;
};

int netvsp_host_msg(struct netvsp *np, const void *msg, u32 len);
int netvsp_to_guest(struct netvsp *np, u32 channel_type, const void *hdr,
		    u32 hdr_len, const void *data, u32 len);
void netvsp_rndis_from_guest(struct netvsp *np, struct vmbussim_chan *ch,
			     u8 *buf, u32 len);
void netvsp_rndis_packet(struct netvsp *np, struct vmbussim_chan *ch,
			 u8 *msg, u32 len, u32 have,
			 const struct vmbus_packet_desc *desc);
int netvsp_vsim_create(struct netvsp *np);
void netvsp_vsim_destroy(struct netvsp *np);
void netvsp_vsim_wake(struct netvsp *np);
void netvsp_indicate(struct netvsp *np, u32 status);
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
void netvsp_frame_from_guest(struct netvsp *np, struct netvsp_frame *fr,
			     const u8 *ppi, u32 ppi_len);
u32 netvsp_rx_hdr(struct netvsp *np, struct sk_buff *skb, void *buf);
void netvsp_offload_stats(struct netvsp *np, struct seq_file *m);
void netvsp_vsim_napi_init(struct netvsp *np);
void netvsp_vsim_napi_fini(struct netvsp *np);
void netvsp_fault_register(struct netvsp *np);
void netvsp_fault_unregister(struct netvsp *np);

/* model_netvsp_mq.c */
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
u64 netvsp_xfer_tid(struct netvsp *np, u32 slot);
bool netvsp_comp_late(struct netvsp *np, u64 tid, u64 *slot);

/* model_netvsp_cfg.c */
u32 netvsp_cfg_mac(const u8 *info, u32 len, u8 *mac);
u32 netvsp_config_param(struct netvsp *np, const u8 *val, u32 len);
u32 netvsp_current_address_set(struct netvsp *np);
void netvsp_mac_stats(struct netvsp *np, struct seq_file *m);

/* model_netvsp_vf.c */
int netvsp_mq_fault(struct netvsp *np, const char *verb);

/* model_netvsp_gpa.c */
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

/* model_netvsp_sendtab.c */
bool netvsp_version_ok(u32 ver);
void netvsp_send_table_default(struct netvsp *np);
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

/* model_netvsp_parse.c: the host's own checks of what the guest sends */
u32 netvsp_rndis_len(const u8 *buf, u32 avail);
int netvsp_pkt_read(const u8 *msg, u32 len, struct netvsp_pkt *pkt);
int netvsp_ppis_read(const u8 *area, u32 len, struct netvsp_ppis *out);
u8 *netvsp_ppi_add(u8 *at, u32 type, u32 val);
int netvsp_info_read(const u8 *msg, u32 len, u32 *info, u32 *info_len);
u32 netvsp_rss_read(const u8 *val, u32 len, u32 queues, struct netvsp_rss *rss);

#endif /* _VMBUSSIM_MODEL_NETVSP_H */
