/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hv_netvsc: the Hyper-V synthetic NIC. Private declarations shared by
 * the driver's files (see Documentation/hv_netvsc.rst for the design).
 */
#ifndef _HV_NETVSC_H
#define _HV_NETVSC_H

#include <linux/bitfield.h>
#include <linux/bitops.h>
#include <linux/completion.h>
#include <linux/ethtool.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/sizes.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/wait.h>
#include <linux/workqueue.h>

#include <linux/hyperv/spec/rndis.h>
#include <linux/hyperv/vmbus.h>

#include "ndis_rss.h"
#include "nvsp_parse.h"

#define NETVSC_RING_SIZE	(256 * 1024)
/* Buffer sizes: the defaults, and the range ethtool -G may choose from. */
#define NETVSC_RECV_BUF_SIZE	SZ_4M
#define NETVSC_RECV_BUF_MIN	SZ_256K
#define NETVSC_RECV_BUF_MAX	(15 * SZ_1M)	/* what NVSP 1 hosts take */
#define NETVSC_SEND_BUF_SIZE	SZ_1M
#define NETVSC_SEND_BUF_MIN	SZ_64K
#define NETVSC_SEND_BUF_MAX	SZ_4M
/* Hyper-V's send-buffer section size, for sizes asked while down. */
#define NETVSC_SECTION_GUESS	6144
/* Largest packet the host may put in the inbound ring. */
#define NETVSC_MAX_PKT_SIZE	4096
/* GPA-direct sends in flight per channel; see netvsc_tx.c. */
#define NETVSC_GPA_INFLIGHT	128
/* Pieces of a GPA-direct send, each mapped on its own: head and frags. */
#define NETVSC_GPA_PIECES	(MAX_SKB_FRAGS + 1)
/*
 * Room for the range list of one GPA-direct send: a range header (8
 * bytes) per piece and a page number (8 bytes) per Hyper-V page it
 * touches. A 64 KiB GSO frame in 18 pieces needs under 1 KiB; a frame
 * whose list does not fit is dropped.
 */
#define NETVSC_GPA_SCRATCH	SZ_8K
/* The smallest send-buffer section a host may choose. */
#define NETVSC_SECTION_MIN	512
/* Requests in flight besides data: the NVSP control request, and spare. */
#define NETVSC_RQST_SPARE	8
/* RX completions one poll collects before it sends them. */
#define NETVSC_RX_COMPS		64
#define NETVSC_CTRL_TIMEOUT	(5 * HZ)
/* The largest RNDIS control answer kept. */
#define NETVSC_RNDIS_REPLY_MAX	256
/* The largest information buffer of an RNDIS SET. */
#define NETVSC_RNDIS_SET_MAX	96
/*
 * How long the carrier stays off when the host says the network changed
 * (a new switch or subnet): long enough for DHCP clients and the stack to
 * see a link down and up and renew their addresses.
 */
#define NETVSC_LINK_BOUNCE	(2 * HZ)
#define NETVSC_MAX_QUEUES	8
#define NETVSC_MIN_MTU		68

/*
 * The cookie of each request the guest sends (vmbus_send_request()) says
 * what its completion releases: @kind, then for a data section its index
 * and, for byte queue limits, its frames and their bytes; for a
 * GPA-direct send its slot in the channel's table.
 */
#define NETVSC_COOKIE_KIND	GENMASK_ULL(1, 0)
#define NETVSC_COOKIE_INDEX	GENMASK_ULL(31, 2)
#define NETVSC_COOKIE_PKTS	GENMASK_ULL(39, 32)
#define NETVSC_COOKIE_BYTES	GENMASK_ULL(63, 40)

/* What a request's completion releases (NETVSC_COOKIE_KIND). */
enum netvsc_cookie_kind {
	NETVSC_COOKIE_GPA,	/* a GPA-direct send's slot */
	NETVSC_COOKIE_SECTION,	/* a send-buffer section */
	NETVSC_COOKIE_CTRL,	/* nothing: the NVSP control request */
};

/**
 * struct netvsc_cookie - a request's cookie, decoded
 * @kind: enum netvsc_cookie_kind
 * @index: the section or the GPA slot
 * @pkts: frames in the section (at most 255)
 * @bytes: their bytes (below 16 MiB)
 */
struct netvsc_cookie {
	u32 kind;
	u32 index;
	u32 pkts;
	u32 bytes;
};

/**
 * netvsc_cookie_encode() - the cookie of a request
 * @c: what its completion releases
 *
 * Return: the cookie for vmbus_send_request().
 */
static inline u64 netvsc_cookie_encode(const struct netvsc_cookie *c)
{
	return FIELD_PREP(NETVSC_COOKIE_KIND, c->kind) |
	       FIELD_PREP(NETVSC_COOKIE_INDEX, c->index) |
	       FIELD_PREP(NETVSC_COOKIE_PKTS, c->pkts) |
	       FIELD_PREP(NETVSC_COOKIE_BYTES, c->bytes);
}

/**
 * netvsc_cookie_decode() - what a completed request releases
 * @cookie: its cookie, from vmbus_complete_request()
 * @c: receives the fields
 */
static inline void netvsc_cookie_decode(u64 cookie, struct netvsc_cookie *c)
{
	c->kind = FIELD_GET(NETVSC_COOKIE_KIND, cookie);
	c->index = FIELD_GET(NETVSC_COOKIE_INDEX, cookie);
	c->pkts = FIELD_GET(NETVSC_COOKIE_PKTS, cookie);
	c->bytes = FIELD_GET(NETVSC_COOKIE_BYTES, cookie);
}

/* What the host offloads (struct netvsc_dev.host_off). */
#define NETVSC_HOST_TCP4	BIT(0)
#define NETVSC_HOST_UDP4	BIT(1)
#define NETVSC_HOST_TCP6	BIT(2)
#define NETVSC_HOST_UDP6	BIT(3)
#define NETVSC_HOST_RXCSUM	BIT(4)
#define NETVSC_HOST_LSO4	BIT(5)
#define NETVSC_HOST_LSO6	BIT(6)
/* Per-packet infos a frame sends at most: VLAN, and LSO or checksum. */
#define NETVSC_TX_PPI_MAX	(2 * (sizeof(struct rndis_ppi) + sizeof(__le32)))

struct netvsc_dev;

/**
 * struct netvsc_mac_param - the RNDIS configuration parameter that sets
 *	the adapter's MAC address (see netvsc_mac_param())
 * @p: the parameter's header
 * @name: RNDIS_CONFIG_NETWORK_ADDRESS in UTF-16LE
 * @value: the address as 12 hex digits in UTF-16LE
 */
struct netvsc_mac_param {
	struct rndis_config_param p;
	__le16 name[sizeof(RNDIS_CONFIG_NETWORK_ADDRESS) - 1];
	__le16 value[2 * ETH_ALEN];
} __packed;

/**
 * struct netvsc_rx_info - what the per-packet infos of a frame say
 * @csum: RNDIS_CSUM_RX_* bits (0: no checksum info)
 * @vlan: the IEEE 802.1Q info
 * @hash: the hash value
 * @has_vlan: @vlan was given
 * @has_hash: @hash was given
 */
struct netvsc_rx_info {
	u32 csum;
	u32 vlan;
	u32 hash;
	bool has_vlan;
	bool has_hash;
};

/**
 * struct netvsc_mq - subchannels, RSS and reconfiguration
 * @host_queues: receive queues the host supports (1 without vRSS)
 * @want: channels asked for by ethtool -L (0: the default)
 * @sc_lock: guards @sc_accept, @sc_want, @sc_opened and the open state of
 *	subchannels against the bus's subchannel callbacks
 * @sc_accept: subchannel offers are opened
 * @sc_want: channels wanted, the primary included
 * @sc_opened: subchannels opened since the last request
 * @sc_granted: subchannels the host granted on the last request
 * @sc_wait: woken when a subchannel opens or opening stops
 * @gen: counts netvsc_mq_stop() calls (under @sc_lock)
 * @work_gen: @gen when @sc_work was scheduled
 * @sc_work: puts the subchannels granted at probe to use
 * @lost_work: shrinks the queues after the host rescinded a subchannel
 * @tx_off: the channels are being torn down; transmit drops
 * @hash: NDIS_HASH_* types asked of the host
 * @key: Toeplitz key
 * @table: indirection table: queue of each hash bucket (set by ethtool -X
 *	when the interface has IFF_RXFH_CONFIGURED)
 */
struct netvsc_mq {
	u32 host_queues;
	u32 want;
	struct mutex sc_lock; /* subchannel open state, see above */
	bool sc_accept;
	u32 sc_want;
	u32 sc_opened;
	u32 sc_granted;
	wait_queue_head_t sc_wait;
	u32 gen;
	u32 work_gen;
	struct work_struct sc_work;
	struct work_struct lost_work;
	bool tx_off;
	u32 hash;
	u8 key[NDIS_RSS_KEY_SIZE];
	u32 table[NDIS_RSS_TABLE_ENTRIES];
};

/**
 * struct netvsc_stats - per-channel counters
 * @syncp: guards the 64-bit counters
 * @packets: frames
 * @bytes: their bytes
 * @msgs: VMBus messages (TX: send messages; RX: transfer-page packets)
 * @dropped: frames dropped
 * @busy: TX: times the queue stopped
 */
struct netvsc_stats {
	struct u64_stats_sync syncp;
	u64_stats_t packets;
	u64_stats_t bytes;
	u64_stats_t msgs;
	u64_stats_t dropped;
	u64_stats_t busy;
};

/**
 * struct netvsc_gpa_map - one DMA-mapped piece of a GPA-direct send
 * @addr: its DMA address
 * @len: its bytes
 */
struct netvsc_gpa_map {
	dma_addr_t addr;
	u32 len;
};

/**
 * struct netvsc_gpa_send - a GPA-direct send in flight
 * @skb: the frame
 * @nr_maps: pieces mapped
 * @maps: the mappings, undone when the host completes the send
 */
struct netvsc_gpa_send {
	struct sk_buff *skb;
	u32 nr_maps;
	struct netvsc_gpa_map maps[NETVSC_GPA_PIECES];
};

/**
 * struct netvsc_chan - one channel: a TX queue, an RX queue and NAPI
 * @nd: the device
 * @ch: the VMBus channel (primary or subchannel)
 * @index: queue index
 * @napi: polls the inbound ring
 * @open: the channel is open
 * @pend_section: TX: section being filled, or NVSP_NO_SECTION
 * @pend_used: TX: bytes used in it
 * @pend_count: TX: RNDIS packets in it
 * @pend_bytes: TX: bytes of their frames
 * @done_pkts: TX: frames the host completed in this poll (under NAPI)
 * @done_bytes: TX: their bytes
 * @gpa_used: TX: slots of @gpa_sends in use (GPA-direct sends in flight)
 * @gpa_sends: TX: NETVSC_GPA_INFLIGHT slots, one per GPA-direct send
 * @gpa_scratch: TX: range list of the GPA-direct send being built
 * @comps: RX: transfer-page packets to complete
 * @nr_comps: entries used in @comps
 * @tx: TX counters (under the queue's xmit lock)
 * @rx: RX counters (under NAPI)
 */
struct netvsc_chan {
	struct netvsc_dev *nd;
	struct vmbus_channel *ch;
	u16 index;
	struct napi_struct napi;
	bool open;
	u32 pend_section;
	u32 pend_used;
	u32 pend_count;
	u32 pend_bytes;
	u32 done_pkts;
	u32 done_bytes;
	DECLARE_BITMAP(gpa_used, NETVSC_GPA_INFLIGHT);
	struct netvsc_gpa_send *gpa_sends;
	void *gpa_scratch;
	u64 comps[NETVSC_RX_COMPS];
	u32 nr_comps;
	struct netvsc_stats tx;
	struct netvsc_stats rx;
};

/**
 * struct netvsc_dev - one synthetic NIC
 * @hdev: the VMBus device
 * @ndev: the network device
 * @nvsp_ver: negotiated NVSP version
 * @recv_buf: the receive buffer, shared with the host as a GPADL
 * @recv_gpadl: its GPADL handle (0: none)
 * @recv_buf_size: its size (ethtool -G rx)
 * @send_buf: the send buffer
 * @send_buf_size: its size (ethtool -G tx)
 * @send_gpadl: its GPADL handle (0: none)
 * @section_size: send-buffer section size, from the host
 * @nr_sections: sections in the send buffer
 * @section_map: set bits mark sections in use
 * @max_pkts: RNDIS packets the host accepts in one message
 * @pkt_align: alignment of packets within one message
 * @max_mtu: the host's frame limit
 * @ctrl_lock: one NVSP control request at a time
 * @ctrl_done: completes when @ctrl_reply holds the host's answer
 * @ctrl_reply: the answer
 * @rndis_lock: one RNDIS control request at a time
 * @rndis_wait: protects @rndis_req_id and @rndis_reply*
 * @rndis_req_id: id of the request waiting for an answer (0: none)
 * @rndis_type: the completion type that request expects
 * @rndis_done: completes when @rndis_reply holds the answer
 * @rndis_reply: the answer
 * @rndis_reply_len: its length
 * @filter: RNDIS packet filter in force
 * @speed: link speed in Mbit/s as the host reports it, 0 if unknown
 * @host_link: the host reports the medium connected
 * @link_work: turns the carrier on again after a network change
 * @rx_mode_work: applies the packet filter from process context
 * @vf_serial: serial of the associated VF, 0 if none
 * @data_path_vf: the host switched the data path to the VF
 * @send_table: the host's send indirection table (netvsc_txsel.c)
 * @send_table_set: the host sent one on this NVSP connection
 * @bad_host: host messages rejected
 * @host_broken: a channel was broken for bad host input: the NIC is out of
 *	service (carrier off, transmit drops) until it is bound again
 * @msg_enable: ethtool message level
 * @host_off: NETVSC_HOST_* offloads the host offers
 * @chans: the channels; chans[0] is the primary
 * @nr_chans: channels open
 * @mq: multiqueue and RSS state (netvsc_subchan.c, netvsc_rss.c,
 *	netvsc_reinit.c)
 */
struct netvsc_dev {
	struct hv_device *hdev;
	struct net_device *ndev;
	u32 nvsp_ver;
	void *recv_buf;
	u32 recv_gpadl;
	u32 recv_buf_size;
	void *send_buf;
	u32 send_gpadl;
	u32 send_buf_size;
	u32 section_size;
	u32 nr_sections;
	unsigned long *section_map;
	u32 max_pkts;
	u32 pkt_align;
	u32 max_mtu;
	struct mutex ctrl_lock; /* one NVSP request at a time */
	struct completion ctrl_done;
	struct nvsp_msg ctrl_reply;
	struct mutex rndis_lock; /* one RNDIS request at a time */
	spinlock_t rndis_wait; /* rndis_req_id, rndis_reply* */
	u32 rndis_req_id;
	u32 rndis_type;
	struct completion rndis_done;
	u8 rndis_reply[NETVSC_RNDIS_REPLY_MAX];
	u32 rndis_reply_len;
	u32 filter;
	u32 speed;
	bool host_link;
	struct delayed_work link_work;
	struct work_struct rx_mode_work;
	u32 vf_serial;
	bool data_path_vf;
	u32 send_table[NVSP_INDIRECTION_ENTRIES];
	bool send_table_set;
	atomic64_t bad_host;
	bool host_broken;
	u32 msg_enable;
	u32 host_off;
	struct netvsc_chan chans[NETVSC_MAX_QUEUES];
	u32 nr_chans;
	struct netvsc_mq mq;
};

/* netvsc_rx.c: a host message failed validation */
__printf(2, 3) void netvsc_bad_host(struct netvsc_chan *chan, const char *fmt,
				    ...);

/* netvsc_nvsp.c */
int netvsc_nvsp_request(struct netvsc_dev *nd, struct nvsp_msg *msg,
			u32 reply_type);
int netvsc_nvsp_connect(struct netvsc_dev *nd);
void netvsc_nvsp_disconnect(struct netvsc_dev *nd);
int netvsc_chan_open(struct netvsc_chan *chan, struct vmbus_channel *ch);
void netvsc_chan_close(struct netvsc_chan *chan);
void netvsc_chan_teardown(struct netvsc_chan *chan);
void netvsc_ctrl_complete(struct netvsc_dev *nd, const void *data, u32 len);

/* netvsc_rndis.c */
int netvsc_rndis_init(struct netvsc_dev *nd);
void netvsc_rndis_halt(struct netvsc_dev *nd);
int netvsc_rndis_query(struct netvsc_dev *nd, u32 oid, void *buf, u32 *len);
int netvsc_rndis_set(struct netvsc_dev *nd, u32 oid, const void *buf,
		     u32 len);
int netvsc_rndis_request(struct netvsc_dev *nd, void *msg, u32 len,
			 u32 reply_type);
int netvsc_set_filter(struct netvsc_dev *nd, u32 filter);
void netvsc_mac_param(struct netvsc_mac_param *mp, const u8 *mac);
int netvsc_set_mac(struct netvsc_dev *nd, const u8 *mac);
void netvsc_rndis_control(struct netvsc_chan *chan, const void *msg,
			  u32 len, u32 avail);

/* netvsc_tx.c */
netdev_tx_t netvsc_start_xmit(struct sk_buff *skb, struct net_device *ndev);
int netvsc_section_get(struct netvsc_dev *nd);
void netvsc_section_put(struct netvsc_dev *nd, u32 index);
int netvsc_send_section(struct netvsc_chan *chan, u32 index, u32 used,
			u32 channel_type);
void netvsc_tx_complete(struct netvsc_chan *chan, u64 cookie, int budget);
void netvsc_tx_done(struct netvsc_chan *chan);
void netvsc_tx_purge(struct netvsc_chan *chan);

/* netvsc_rx.c */
int netvsc_poll(struct napi_struct *napi, int budget);

/* netvsc_offload.c */
int netvsc_offload_init(struct netvsc_dev *nd);
int netvsc_offload_apply(struct netvsc_dev *nd, netdev_features_t f);
int netvsc_set_features(struct net_device *ndev, netdev_features_t f);
int netvsc_tx_ppi(struct netvsc_dev *nd, struct sk_buff *skb, void *buf);
int netvsc_rx_ppi_parse(const void *ppi, u32 len, struct netvsc_rx_info *info);
void netvsc_rx_ppi_apply(struct net_device *ndev, struct sk_buff *skb,
			 const struct netvsc_rx_info *info);

/* Carrier on, unless bad host input put the NIC out of service. */
static inline void netvsc_carrier_on(struct netvsc_dev *nd)
{
	if (!READ_ONCE(nd->host_broken))
		netif_carrier_on(nd->ndev);
}

/* netvsc_link.c */
void netvsc_link_init(struct netvsc_dev *nd);
void netvsc_link_set(struct netvsc_dev *nd, bool up);
void netvsc_network_change(struct netvsc_dev *nd);
void netvsc_link_stop(struct netvsc_dev *nd);

/* netvsc_vf.c */
void netvsc_vf_message(struct netvsc_chan *chan, const struct nvsp_msg *msg,
		       u32 len);

/* netvsc_txsel.c */
void netvsc_send_table_message(struct netvsc_chan *chan,
			       const struct nvsp_msg *msg, u32 len);
void netvsc_send_table_reset(struct netvsc_dev *nd);
u16 netvsc_select_queue(struct net_device *ndev, struct sk_buff *skb,
			struct net_device *sb_dev);
int netvsc_get_regs_len(struct net_device *ndev);
void netvsc_get_regs(struct net_device *ndev, struct ethtool_regs *regs,
		     void *p);

/* netvsc_main.c */
int netvsc_up(struct netvsc_dev *nd);
void netvsc_down(struct netvsc_dev *nd);
u32 netvsc_wanted_filter(const struct net_device *ndev);

/* netvsc_subchan.c */
void netvsc_mq_init(struct netvsc_dev *nd);
int netvsc_mq_setup(struct netvsc_dev *nd);
void netvsc_mq_registered(struct netvsc_dev *nd);
void netvsc_mq_stop(struct netvsc_dev *nd);

/* netvsc_rss.c */
void netvsc_rss_init(struct netvsc_dev *nd);
u32 netvsc_rss_host_queues(struct netvsc_dev *nd);
void netvsc_rss_start(struct netvsc_dev *nd);
int netvsc_rss_apply(struct netvsc_dev *nd);

/* netvsc_reinit.c */
bool netvsc_tx_closed(struct netvsc_dev *nd, struct netvsc_chan *chan,
		      struct sk_buff *skb);

/**
 * struct netvsc_cfg - what a re-initialisation of the host's adapter sets
 * @chans: channels wanted (0: the default)
 * @mtu: the MTU
 * @recv_buf_size: receive buffer bytes
 * @send_buf_size: send buffer bytes
 */
struct netvsc_cfg {
	u32 chans;
	u32 mtu;
	u32 recv_buf_size;
	u32 send_buf_size;
};

void netvsc_cfg_get(const struct netvsc_dev *nd, struct netvsc_cfg *cfg);
int netvsc_reinit(struct netvsc_dev *nd, const struct netvsc_cfg *cfg);

/* netvsc_ethtool_mq.c: channels, rings, RSS key, table and hash fields */
#define NETVSC_ETHTOOL_MQ_OPS						\
	.get_channels = netvsc_get_channels,				\
	.set_channels = netvsc_set_channels,				\
	.get_ringparam = netvsc_get_ringparam,				\
	.set_ringparam = netvsc_set_ringparam,				\
	.get_rxnfc = netvsc_get_rxnfc,					\
	.set_rxnfc = netvsc_set_rxnfc,					\
	.get_rxfh_key_size = netvsc_get_rxfh_key_size,			\
	.get_rxfh_indir_size = netvsc_get_rxfh_indir_size,		\
	.get_rxfh = netvsc_get_rxfh,					\
	.set_rxfh = netvsc_set_rxfh
void netvsc_get_channels(struct net_device *ndev, struct ethtool_channels *c);
int netvsc_set_channels(struct net_device *ndev, struct ethtool_channels *c);
void netvsc_get_ringparam(struct net_device *ndev,
			  struct ethtool_ringparam *ring,
			  struct kernel_ethtool_ringparam *kring,
			  struct netlink_ext_ack *extack);
int netvsc_set_ringparam(struct net_device *ndev,
			 struct ethtool_ringparam *ring,
			 struct kernel_ethtool_ringparam *kring,
			 struct netlink_ext_ack *extack);
int netvsc_get_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info,
		     u32 *rules);
int netvsc_set_rxnfc(struct net_device *ndev, struct ethtool_rxnfc *info);
u32 netvsc_get_rxfh_key_size(struct net_device *ndev);
u32 netvsc_get_rxfh_indir_size(struct net_device *ndev);
int netvsc_get_rxfh(struct net_device *ndev, struct ethtool_rxfh_param *p);
int netvsc_set_rxfh(struct net_device *ndev, struct ethtool_rxfh_param *p,
		    struct netlink_ext_ack *extack);

/* netvsc_ethtool.c */
extern const struct ethtool_ops netvsc_ethtool_ops;

#endif /* _HV_NETVSC_H */
