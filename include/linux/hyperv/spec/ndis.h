/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NDIS objects carried in RNDIS query and set information buffers of
 * Hyper-V's network VSP: every object starts with struct ndis_obj_hdr.
 * Receive-side scaling (OID_GEN_RECEIVE_SCALE_CAPABILITIES and
 * _PARAMETERS) and task offloads (OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES
 * and OID_TCP_OFFLOAD_PARAMETERS). The per-packet info values that carry
 * offloads per frame are in rndis.h.
 *
 * The indirection table of RSS maps the low bits of a flow's Toeplitz
 * hash to a channel: 0 is the primary channel, n is subchannel n.
 *
 * Wire formats only: hv_netvsc and vmbussim's netvsp model each parse and
 * check them with their own code.
 */
#ifndef _LINUX_HYPERV_SPEC_NDIS_H
#define _LINUX_HYPERV_SPEC_NDIS_H

#include <linux/build_bug.h>
#include <linux/types.h>

/* struct ndis_obj_hdr.type */
#define NDIS_OBJ_TYPE_DEFAULT		0x80
#define NDIS_OBJ_RSS_CAPS		0x88
#define NDIS_OBJ_RSS_PARAMS		0x89
#define NDIS_OBJ_TYPE_OFFLOAD		0xa7

/**
 * struct ndis_obj_hdr - the header of every NDIS object (offload and RSS
 *	parameters and capabilities)
 * @type: NDIS_OBJ_*
 * @rev: revision of the object
 * @size: bytes of the object, header included
 */
struct ndis_obj_hdr {
	u8 type;
	u8 rev;
	__le16 size;
} __packed;
static_assert(sizeof(struct ndis_obj_hdr) == 4);

/* --- receive-side scaling --- */

#define RNDIS_OID_GEN_RSS_CAPS		0x00010203U
#define RNDIS_OID_GEN_RSS_PARAMS	0x00010204U

#define NDIS_RSS_REVISION		2

/* struct ndis_rss_caps.flags: hash types the host can compute */
#define NDIS_RSS_CAP_TCP4		0x00000100U
#define NDIS_RSS_CAP_TCP6		0x00000200U

/* struct ndis_rss_params.flags */
#define NDIS_RSS_FLAG_DISABLE		0x0010

/* struct ndis_rss_params.hash_info */
#define NDIS_HASH_TOEPLITZ		0x00000001U
#define NDIS_HASH_FUNCTION_MASK		0x000000ffU
#define NDIS_HASH_IPV4			0x00000100U
#define NDIS_HASH_TCP_IPV4		0x00000200U
#define NDIS_HASH_IPV6			0x00000400U
#define NDIS_HASH_TCP_IPV6		0x00001000U

/*
 * The largest indirection table a Hyper-V host takes (vmswitch), and the
 * size of the Toeplitz key.
 */
#define NDIS_RSS_TABLE_ENTRIES		128
#define NDIS_RSS_KEY_SIZE		40

/**
 * struct ndis_rss_caps - the answer to RNDIS_OID_GEN_RSS_CAPS
 * @hdr: NDIS_OBJ_RSS_CAPS
 * @flags: NDIS_RSS_CAP_*
 * @num_int_msg: interrupt messages (unused)
 * @num_queues: receive queues (channels) the host supports
 * @num_table_entries: indirection-table entries the host supports
 */
struct ndis_rss_caps {
	struct ndis_obj_hdr hdr;
	__le32 flags;
	__le32 num_int_msg;
	__le32 num_queues;
	__le16 num_table_entries;
} __packed;
static_assert(sizeof(struct ndis_rss_caps) == 18);

/**
 * struct ndis_rss_params - the value of RNDIS_OID_GEN_RSS_PARAMS
 * @hdr: NDIS_OBJ_RSS_PARAMS
 * @flags: NDIS_RSS_FLAG_*
 * @base_cpu: zero
 * @hash_info: NDIS_HASH_*
 * @table_size: bytes of the indirection table (__le32 entries)
 * @pad0: zero
 * @table_offset: its offset from the start of this object
 * @key_size: bytes of the hash key
 * @pad1: zero
 * @key_offset: its offset from the start of this object
 * @cpu_masks_offset: zero
 * @num_cpu_masks: zero
 * @cpu_mask_size: zero
 */
struct ndis_rss_params {
	struct ndis_obj_hdr hdr;
	__le16 flags;
	__le16 base_cpu;
	__le32 hash_info;
	__le16 table_size;
	__le16 pad0;
	__le32 table_offset;
	__le16 key_size;
	__le16 pad1;
	__le32 key_offset;
	__le32 cpu_masks_offset;
	__le32 num_cpu_masks;
	__le32 cpu_mask_size;
} __packed;
static_assert(sizeof(struct ndis_rss_params) == 40);

/* --- task offloads --- */

#define RNDIS_OID_TCP_OFFLOAD_PARAMETERS	0xfc01020cU
#define RNDIS_OID_TCP_OFFLOAD_HW_CAPS		0xfc01020dU

/* Encapsulation bits (ndis_offload_caps *_encap fields) */
#define NDIS_ENCAP_8023			0x0002

/* Checksum capability bits, IPv4 (ip4_tx, ip4_rx) */
#define NDIS_CSUM_CAP_IP4_OPTS		0x001
#define NDIS_CSUM_CAP_TCP4_OPTS		0x004
#define NDIS_CSUM_CAP_TCP4		0x010
#define NDIS_CSUM_CAP_UDP4		0x040
#define NDIS_CSUM_CAP_IP4		0x100
/* Checksum capability bits, IPv6 (ip6_tx, ip6_rx) */
#define NDIS_CSUM_CAP_IP6_EXT		0x001
#define NDIS_CSUM_CAP_TCP6_OPTS		0x004
#define NDIS_CSUM_CAP_TCP6		0x010
#define NDIS_CSUM_CAP_UDP6		0x040

/* LSOv2 IPv6 option bits (lso2_ip6_opts) */
#define NDIS_LSO2_CAP_IP6_EXT		0x001
#define NDIS_LSO2_CAP_TCP6_OPTS		0x004

/* Revisions and sizes of struct ndis_offload_caps by NDIS version. */
#define NDIS_OFFLOAD_CAPS_REV_1		1	/* NDIS 6.0 */
#define NDIS_OFFLOAD_CAPS_REV_2		2	/* NDIS 6.1 */
#define NDIS_OFFLOAD_CAPS_REV_3		3	/* NDIS 6.30 */
#define NDIS_OFFLOAD_CAPS_SIZE_1	112
#define NDIS_OFFLOAD_CAPS_SIZE_2	144
#define NDIS_OFFLOAD_CAPS_SIZE_3	156

/**
 * struct ndis_offload_caps - OID_TCP_OFFLOAD_HARDWARE_CAPABILITIES answer
 * @hdr: NDIS_OBJ_TYPE_OFFLOAD, revision and size by NDIS version
 * @ip4_tx_encap: encapsulations of IPv4 transmit checksum offload
 * @ip4_tx: NDIS_CSUM_CAP_* bits the host completes on transmit
 * @ip4_rx_encap: encapsulations of IPv4 receive checksum offload
 * @ip4_rx: NDIS_CSUM_CAP_* bits the host validates on receive
 * @ip6_tx_encap: as @ip4_tx_encap, IPv6
 * @ip6_tx: as @ip4_tx, IPv6
 * @ip6_rx_encap: as @ip4_rx_encap, IPv6
 * @ip6_rx: as @ip4_rx, IPv6
 * @lso1: LSOv1 (unused here)
 * @ipsec1: IPsec v1 (unused here)
 * @lso2_ip4_encap: encapsulations of IPv4 LSOv2 (0: not offered)
 * @lso2_ip4_max: largest IPv4 LSOv2 packet
 * @lso2_ip4_min_segs: fewest segments an IPv4 LSOv2 packet may have
 * @lso2_ip6_encap: as @lso2_ip4_encap, IPv6
 * @lso2_ip6_max: as @lso2_ip4_max, IPv6
 * @lso2_ip6_min_segs: as @lso2_ip4_min_segs, IPv6
 * @lso2_ip6_opts: NDIS_LSO2_CAP_* bits
 * @flags: unused
 * @ipsec2: IPsec v2, revision 2 and later (unused here)
 * @rsc: receive segment coalescing, revision 3 (unused here)
 * @encap_gre: GRE encapsulation, revision 3 (unused here)
 */
struct ndis_offload_caps {
	struct ndis_obj_hdr hdr;
	__le32 ip4_tx_encap;
	__le32 ip4_tx;
	__le32 ip4_rx_encap;
	__le32 ip4_rx;
	__le32 ip6_tx_encap;
	__le32 ip6_tx;
	__le32 ip6_rx_encap;
	__le32 ip6_rx;
	__le32 lso1[4];
	__le32 ipsec1[7];
	__le32 lso2_ip4_encap;
	__le32 lso2_ip4_max;
	__le32 lso2_ip4_min_segs;
	__le32 lso2_ip6_encap;
	__le32 lso2_ip6_max;
	__le32 lso2_ip6_min_segs;
	__le32 lso2_ip6_opts;
	__le32 flags;
	u8 ipsec2[32];
	u8 rsc[4];
	__le32 encap_gre[2];
} __packed;
static_assert(sizeof(struct ndis_offload_caps) == NDIS_OFFLOAD_CAPS_SIZE_3);

/* struct ndis_offload_params checksum fields */
#define NDIS_PARAM_NO_CHANGE		0
#define NDIS_PARAM_CSUM_OFF		1
#define NDIS_PARAM_CSUM_TX		2
#define NDIS_PARAM_CSUM_RX		3
#define NDIS_PARAM_CSUM_TX_RX		4
/* struct ndis_offload_params LSOv2 fields */
#define NDIS_PARAM_LSO2_OFF		1
#define NDIS_PARAM_LSO2_ON		2

#define NDIS_OFFLOAD_PARAMS_REV_2	2
#define NDIS_OFFLOAD_PARAMS_REV_3	3
/* Bytes of the object up to NVSP 4 (no UDP checksum offload there). */
#define NDIS_OFFLOAD_PARAMS_SIZE_V4	22
#define NDIS_OFFLOAD_PARAMS_SIZE	28

/**
 * struct ndis_offload_params - OID_TCP_OFFLOAD_PARAMETERS value
 * @hdr: NDIS_OBJ_TYPE_DEFAULT, revision and size
 * @ip4_csum: IPv4 header checksum, NDIS_PARAM_CSUM_*
 * @tcp4_csum: TCP over IPv4
 * @udp4_csum: UDP over IPv4
 * @tcp6_csum: TCP over IPv6
 * @udp6_csum: UDP over IPv6
 * @lso1: LSOv1 (left unchanged)
 * @ipsec1: IPsec v1 (left unchanged)
 * @lso2_ip4: IPv4 LSOv2, NDIS_PARAM_LSO2_*
 * @lso2_ip6: IPv6 LSOv2
 * @tcp_conn_ip4: TCP chimney (left unchanged)
 * @tcp_conn_ip6: TCP chimney (left unchanged)
 * @reserved: alignment of @flags
 * @flags: zero
 * @ipsec2: IPsec v2 (left unchanged)
 * @ipsec2_ip4: IPsec v2 (left unchanged)
 * @rsc_ip4: receive segment coalescing (left unchanged)
 * @rsc_ip6: receive segment coalescing (left unchanged)
 * @encap_offload: encapsulated packet offload (left unchanged)
 * @encap_types: encapsulation types (left unchanged)
 * @reserved2: padding
 */
struct ndis_offload_params {
	struct ndis_obj_hdr hdr;
	u8 ip4_csum;
	u8 tcp4_csum;
	u8 udp4_csum;
	u8 tcp6_csum;
	u8 udp6_csum;
	u8 lso1;
	u8 ipsec1;
	u8 lso2_ip4;
	u8 lso2_ip6;
	u8 tcp_conn_ip4;
	u8 tcp_conn_ip6;
	u8 reserved;
	__le32 flags;
	u8 ipsec2;
	u8 ipsec2_ip4;
	u8 rsc_ip4;
	u8 rsc_ip6;
	u8 encap_offload;
	u8 encap_types;
	u8 reserved2[2];
} __packed;
static_assert(sizeof(struct ndis_offload_params) == NDIS_OFFLOAD_PARAMS_SIZE);

#endif /* _LINUX_HYPERV_SPEC_NDIS_H */
